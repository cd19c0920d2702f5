"""Stage 4 (render): views become page sources (Markdown for MkDocs), indexes and scripts.

One package per audience, and one for what they share:

    public/     the buyers' site: `render_public_site(PublicView)`, a module per page kind
    handbook/   the agents' handbook: `render_handbook_site(HandbookView)`, a module per page kind
    widget/     the shop-page widget's files (under the buyers' site's widget/)
    shared/     page writer, URLs, formatting, markup, HTML templates, MkDocs config, search folder,
                accessibility fixes

Each renderer receives a view and returns a `RenderedSite`: the files of a
MkDocs project, in memory. Nothing here runs MkDocs; `build.py` does, so page
generation stays independent of the theme. The HTML around seller content comes
from each audience's `templates/` (shared/html_templates.py), its interface
strings from `generator/locales/` (generator/interface_text.py).
"""
