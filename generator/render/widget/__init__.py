"""The shop-page widget: a search box any shop page gets with one tag, answering from the help center.

A shop embeds it with

    <script src="https://help.example/widget/kb-widget.js" data-lang="ru" async></script>

or, where a page may not run foreign scripts, with

    <iframe src="https://help.example/widget/frame.html?lang=ru" title="..."></iframe>

Files, all under `OUT/public/widget/` (`widget_files`):

    kb-widget.js               the widget: its words, the site's languages and the contact channels a
                               search without result offers (JSON, at the top),
                               the search box shared with the site (shared/site_search/kb-search-box.js),
                               and assets/kb-widget.js
    kb-widget.css              its style: namespaced `kbw-` classes under `.kbw`, in the light DOM
    frame.html                 the page for the <iframe>
    demo.html                  a made-up product page of the shop with the widget on it (?lang=xx)

The widget has no data of its own: it searches the site's own index and engine
(`search/<lang>/`, `search/kb-search.<lang>.bundle.js`: shared/site_search/), and
opens an answer from the index's answer shards. Those files are scripts, not
JSON: the widget runs on the shop's host and reads the help center's host, and a
`fetch` of JSON across hosts needs CORS headers the help center's static host
may not send; a <script> needs nothing.

Every URL the widget asks for is computed from its own `src`, so it contacts
the help center's host and nothing else. The index's meta and the engine are
asked for with `?v=<the language's search version>` (the shards are in a folder
named by their hash, which the meta names), so a rebuilt help center never pairs a
cached old index with a new widget.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from ...view import PublicView
from ..shared.content_security import with_content_security_policy
from ..shared.sanitize import script_json
from ..public.search_documents import no_result_contacts
from ..shared.site_search import SEARCH_BOX_JS, content_version, scoped_script, search_text

__all__ = ["widget_files", "WIDGET_FOLDER"]

WIDGET_FOLDER = "widget"
ASSETS = Path(__file__).parent / "assets"
WIDGET_JS = ASSETS / "kb-widget.js"
WIDGET_CSS = ASSETS / "kb-widget.css"
FRAME_HTML = ASSETS / "frame.html"
DEMO_HTML = ASSETS / "demo.html"

def widget_files(view: PublicView, search_versions: dict[str, str]) -> dict[str, bytes]:
    """Every file of `widget/` (path -> bytes).

    `search_versions`: per language, the version of the site's search files (`SearchFolder.versions`).
    """
    css = WIDGET_CSS.read_text(encoding="utf-8")
    config = _widget_config(view, content_version([css]), search_versions)
    return {
        f"{WIDGET_FOLDER}/kb-widget.js": widget_script(config).encode("utf-8"),
        f"{WIDGET_FOLDER}/kb-widget.css": css.encode("utf-8"),
        f"{WIDGET_FOLDER}/frame.html": with_content_security_policy(FRAME_HTML.read_text(encoding="utf-8")).encode("utf-8"),
        f"{WIDGET_FOLDER}/demo.html": with_content_security_policy(demo_page(view)).encode("utf-8"),
    }


def _widget_config(view: PublicView, style_version: str, search_versions: dict[str, str]) -> dict:
    """What kb-widget.js needs to know about the site: languages, words, the versions of its files."""
    return {
        "languages": list(view.languages),
        "defaultLanguage": view.default_language,
        "styleVersion": style_version,
        "searchVersions": search_versions,
        "text": {language: search_text(view.interface, language) for language in view.languages},
        "contacts": {language: no_result_contacts(view, language) for language in view.languages},
    }


def widget_script(config: dict) -> str:
    """`widget/kb-widget.js`: the config, the shared search box and the widget, in one function scope."""
    return scoped_script(
        "kbgen: the help center's shop-page widget. Sources: generator/render/widget/, shared/site_search/",
        "KB_WIDGET_CONFIG", config, SEARCH_BOX_JS, WIDGET_JS,
    )


def demo_page(view: PublicView) -> str:
    """`widget/demo.html`: a made-up product page of the shop, in the language of `?lang=`."""
    demo = {}
    for language in view.languages:
        text = search_text(view.interface, language)
        demo[language] = {
            "shop": view.localizer(language)(view.site.shop.name).text,
            **{key.removeprefix("demo_"): value for key, value in text.items() if key.startswith("demo_")},
        }
    template = Template(DEMO_HTML.read_text(encoding="utf-8"))
    return template.substitute(
        demo_json=script_json({"languages": list(view.languages), "default": view.default_language, "text": demo}),
        default_language=view.default_language,
    )
