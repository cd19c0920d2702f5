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
    index.<lang>.js            the language's search index (the same as search/index.<lang>.json)
    answers.<lang>.<n>.js      answer HTML, ANSWERS_PER_FILE entries per file, loaded when a buyer
                               opens a result
    frame.html                 the page for the <iframe>
    demo.html                  a made-up product page of the shop with the widget on it (?lang=xx)

Why the data are scripts and not JSON: the widget runs on the shop's host and
reads the help center's host. A `fetch` of JSON across hosts needs CORS headers
the help center's static host may not send; a <script> needs nothing. The engine
is the site's own `search/kb-search.<lang>.bundle.js` (lunr + stemmer + kb-search.js).

Every URL the widget asks for is computed from its own `src`, so it contacts
the help center's host and nothing else. Each data URL carries `?v=<hash of
the data>`, so a rebuilt help center never serves a stale cached index with a
new widget.

Why answers are in files of their own: the index must load quickly on a
phone, and at 1,000 entries the answers' HTML is several times its size; a buyer
opens one or two answers, so only the file holding them is fetched.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from ...search import SearchDocument, bundle_script
from ...view import PublicView
from ..shared.content_security import with_content_security_policy
from ..shared.sanitize import script_json
from ..public.search_documents import no_result_contacts
from ..shared.site_search import SEARCH_BOX_JS, content_version, scoped_script, search_text

__all__ = ["widget_files", "ANSWERS_PER_FILE", "WIDGET_FOLDER"]

WIDGET_FOLDER = "widget"
ASSETS = Path(__file__).parent / "assets"
WIDGET_JS = ASSETS / "kb-widget.js"
WIDGET_CSS = ASSETS / "kb-widget.css"
FRAME_HTML = ASSETS / "frame.html"
DEMO_HTML = ASSETS / "demo.html"

#: Answers per `answers.<lang>.<n>.js`: about 20-40 KB of HTML, a few KB gzipped.
ANSWERS_PER_FILE = 40


def widget_files(view: PublicView, documents_by_language: dict[str, list[SearchDocument]],
                 index_scripts: dict[str, str]) -> dict[str, bytes]:
    """Every file of `widget/` (path -> bytes).

    `index_scripts`: per language, the index as the JSON text the site uses
    (`search/index.<lang>.json`), wrapped here into a script.
    """
    data: dict[str, str] = {}
    for language, json_text in index_scripts.items():
        data[f"index.{language}.js"] = _data_script("index", language, 0, json_text)
        documents = documents_by_language[language]
        for start in range(0, len(documents), ANSWERS_PER_FILE):
            chunk = documents[start : start + ANSWERS_PER_FILE]
            answers = {doc.ref: doc.answer_html for doc in chunk if doc.answer_html is not None}
            number = start // ANSWERS_PER_FILE
            data[f"answers.{language}.{number}.js"] = _data_script("answers", language, number, script_json(answers))
    css = WIDGET_CSS.read_text(encoding="utf-8")
    engines = [bundle_script(language) for language in index_scripts]  # search/kb-search.<lang>.bundle.js
    version = content_version([css, *engines, *(data[name] for name in sorted(data))])
    config = _widget_config(view, version)
    files = {f"{WIDGET_FOLDER}/{name}": text.encode("utf-8") for name, text in data.items()}
    files[f"{WIDGET_FOLDER}/kb-widget.js"] = widget_script(config).encode("utf-8")
    files[f"{WIDGET_FOLDER}/kb-widget.css"] = css.encode("utf-8")
    files[f"{WIDGET_FOLDER}/frame.html"] = with_content_security_policy(FRAME_HTML.read_text(encoding="utf-8")).encode("utf-8")
    files[f"{WIDGET_FOLDER}/demo.html"] = with_content_security_policy(demo_page(view)).encode("utf-8")
    return files


def _data_script(kind: str, language: str, number: int, json_text: str) -> str:
    """A data file the widget loads with a <script>: it hands its JSON over with an event, no global
    (`loadHandedOver` in search_ui/kb-search-box.js)."""
    return (
        f"/* kbgen widget data: {kind} {number}, {language} */\n"
        'document.dispatchEvent(new CustomEvent("kbgen:widget-data",{detail:'
        f'{{src:document.currentScript?document.currentScript.src:"",payload:{json_text}}}}}));\n'
    )


def _widget_config(view: PublicView, version: str) -> dict:
    """What kb-widget.js needs to know about the site: languages, words, where files are."""
    return {
        "languages": list(view.languages),
        "defaultLanguage": view.default_language,
        "answersPerFile": ANSWERS_PER_FILE,
        "version": version,
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
