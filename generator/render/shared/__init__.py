"""What both sites (and the widget) share: the parts of a page that are not an audience's own.

    page.py           `Page`, the page writer both sites' pages extend; `PageSource`
    urls.py           the one URL module: both sites' page paths, buyers' links, links between pages
    formatting.py     prices, phone and e-mail links, durations, the Intl locale: alike on both sites
    markup.py         seller Markdown to HTML and text, escaping for Markdown, front matter, titles
    sanitize.py       the allowlist every seller-made fragment of HTML passes; JSON for scripts
    content_security.py  the Content-Security-Policy of every built page
    html_templates.py the Jinja2 environment of every HTML box (each audience's templates/, a shop's own);
                      templates/: the boxes both sites show (a contact link), the preview's problems
    html_blocks.py    `MarkdownPage`: a page's Markdown and its ready-made HTML, held apart through MkDocs
    mkdocs_config.py  the MkDocs configuration both builds start from; theme/: templates both use
    site_search/      a site's search/ folder: indexes, engine bundles, the search box and its words
    a11y/             accessibility fixes on top of Material, added to every site
    site_files.py     `RenderedSite`: a MkDocs project in memory
"""
