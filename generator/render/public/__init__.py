"""The buyers' site: page sources for every language, from a `PublicView` (and hand-written pages) only.

Page structure, the same in every language (the default language at the
site's root, the others under `/<code>/`; paths in `shared/urls.py`):

    index.md                 home: shop, topics with their first questions, warranty, how to reach us
    faq/<category>.md        one page per category, every entry a section at `#<entry-id>`
    warranty/<policy>.md     one page per warranty policy, with the warranty checker
    contact.md               every contact channel
    <name>.md                hand-written pages from docs/<lang>/ (see generator/hand_written.py)

One page per category (not per entry) keeps the navigation small on every page,
so build time and output size grow linearly with the number of entries.

Every page is written in every language, a missing translation falling back
to the default language with a notice (page.py), so every page has all
its `hreflang` alternates and the language switcher always finds the same page.
The front matter of each page carries its kind (`kb_page`: home, category,
warranty, contact, page), its title, its description and its alternates
(`kb_alternates`), which our theme (theme/main.html) reads with its JSON-LD
(`kb_json_ld`, which kbgen's MkDocs plugin adds to them: `MarkdownPage.json_ld`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ...hand_written import HandWrittenDocs, HandWrittenPage
from ...search import html_to_text, shorten
from ...view import Localized, Localizer, PublicView
from ..shared.html_blocks import HtmlBlocks, MarkdownPage
from ..shared.markup import Heading, escape_inline, front_matter, markdown_sections, material_safe
from ..shared.mkdocs_config import base_mkdocs_config
from ..shared.page import PageSource
from ..shared.sanitize import script_json
from ..shared.scripts import WARRANTY_DATES_JS, in_one_scope
from .category_page import render_category_page
from .contact_page import render_contact_page
from .home_page import render_home_page
from .page import PublicPage, localized_page
from ..shared.site_files import RenderedSite
from ..shared.urls import CONTACT_PAGE, HOME_PAGE, category_page_path, page_url, warranty_page_path
from .sitemap import sitemap_files
from .warranty_page import render_warranty_page

__all__ = ["render_public_site", "category_page_path", "warranty_page_path"]

THEME_DIR = Path(__file__).parent / "theme"
ASSETS_DIR = Path(__file__).parent / "assets"
# Our stylesheet and script, copied into the site under a name that changes with their content (cache busting).
ASSET_FILES = {"stylesheets": "public.css", "scripts": "public.js"}


def render_public_site(view: PublicView, hand_written: HandWrittenDocs | None = None) -> RenderedSite:
    """Every page in every language, the MkDocs config, assets and sitemap; not the search files
    (`search_documents.search_and_widget_files`), which a build makes beside it (build.py)."""
    hand_written = hand_written or HandWrittenDocs()
    site = RenderedSite(theme_dir=THEME_DIR)
    paths = page_paths(view, hand_written)
    for language in view.languages:
        for path in paths:
            site.add_page(language, path, render_public_page(view, hand_written, language, path))
    site_names = {code: material_safe(view.localizer(code)(view.site.shop.name).text) for code in view.languages}
    asset_files = {kind: _asset_bytes(name) for kind, name in ASSET_FILES.items()}
    assets = {kind: _asset_path(ASSET_FILES[kind], data) for kind, data in asset_files.items()}
    site.mkdocs_config = base_mkdocs_config(
        theme_dir=THEME_DIR,
        site_name=site_names[view.default_language],
        languages=[view.interface.languages[code] for code in view.languages],
        site_names=site_names,
        site_url=view.site.url,
        nav=paths,
        extra={"kb": {**{kind: [path] for kind, path in assets.items()}, "not_found": _not_found_text(view)}},
    )
    for kind, data in asset_files.items():
        site.extra_files[assets[kind]] = data
    site.extra_files.update(sitemap_files(view.site.url, paths, view.languages))
    # search/ and widget/ come apart (search_documents.py), in a process of their own during a build (build.py).
    return site


def render_public_page(view: PublicView, hand_written: HandWrittenDocs, language: str, path: str) -> MarkdownPage:
    """The page at `path` (one of `page_paths`) in `language`. One page at a time: `kbgen serve` renders
    again only the pages an edit can change (preview_changes.py)."""
    writer = PublicPage(view, language, path)
    if path == HOME_PAGE:
        page = render_home_page(writer, _intro(hand_written, view.localizer(language)))
    elif path == CONTACT_PAGE:
        page = render_contact_page(writer)
    elif (category := next((c for c in view.categories if category_page_path(c.id) == path), None)) is not None:
        page = render_category_page(writer, category)
    elif (policy_id := next((p for p in view.warranties if warranty_page_path(p) == path), None)) is not None:
        page = render_warranty_page(writer, policy_id, view.warranties[policy_id])
    else:
        page = _hand_written_page(writer, next(page for page in hand_written.pages if page.path == path))
    return _page_source(page, path, view)


def page_paths(view: PublicView, hand_written: HandWrittenDocs) -> list[str]:
    """Every page of one language, in navigation order."""
    return [
        HOME_PAGE,
        *(category_page_path(category.id) for category in view.categories),
        *(warranty_page_path(policy_id) for policy_id in view.warranties),
        CONTACT_PAGE,
        *(page.path for page in hand_written.pages),
    ]


def page_kind(path: str) -> str:
    """What a page is, for templates (`page.meta.kb_page`): home, category, warranty, contact or page (hand-written)."""
    if path == HOME_PAGE:
        return "home"
    if path == CONTACT_PAGE:
        return "contact"
    return {"faq": "category", "warranty": "warranty"}.get(path.split("/")[0] if "/" in path else "", "page")


def _page_source(page: PageSource, path: str, view: PublicView) -> MarkdownPage:
    meta: dict = dict(page.meta)
    meta["kb_page"] = page_kind(path)
    if page.title:
        meta["title"] = material_safe(page.title)
    if page.description:
        meta["description"] = page.description
    default = view.default_language
    alternates = [[code, page_url(path, code, default)] for code in view.languages]
    meta["kb_alternates"] = alternates + [["x-default", page_url(path, default, default)]]
    markdown_page = page.body.after(front_matter(meta))
    return replace(markdown_page, json_ld=script_json(page.json_ld)) if page.json_ld else markdown_page


def _intro(hand_written: HandWrittenDocs, localize: Localizer) -> Localized | None:
    if not hand_written.intro:
        return None
    return localized_page(hand_written.intro, localize)[1]


def _hand_written_page(writer: PublicPage, page: HandWrittenPage) -> PageSource:
    """A hand-written page in one language: its translation, or the default-language page with the notice.

    Its headings stay Markdown (anchors, table of contents); what lies between them is the
    sanitized HTML of the seller's Markdown (`markdown_sections`), handed to MkDocs as ready HTML.
    """
    source, body = localized_page(page.sources, writer.localize)
    blocks = HtmlBlocks()
    lines = []
    texts = []
    headings = []
    for section in markdown_sections(body.text, page.path):
        if isinstance(section, Heading):
            # A heading of a page shown in another language says which (attr_list), as its text does.
            marked = f' {{ lang="{body.language}" }}' if body.is_fallback else ""
            lines += [f"{'#' * section.level} {escape_inline(section.text)}{marked}", ""]
            headings.append(section.text)
            continue
        if body.is_fallback:  # the notice once, over the first part of the text; every part in its language
            shown = writer.fallback_html(section, body) if not texts else writer.fallback_continued(section, body)
        else:
            shown = section
        texts.append(html_to_text(section))
        lines += [blocks.place(shown), ""]
    # Without a `description:` in its front matter, a page is described by its text (headings left out).
    description = source.description or shorten(" ".join(texts))
    # Always a title of kbgen's (made safe where Material prints it): left to MkDocs, the first heading's
    # text would reach the page's <title> and navigation with its character references undone.
    title = source.title or (headings[0] if headings else page.name)
    return PageSource(body=blocks.attach("\n".join(lines)), title=title, description=description or None)


def _not_found_text(view: PublicView) -> list[dict]:
    """What the 404 page says, in every language, with a link to each language's home page.

    MkDocs writes one 404.html for all languages (the last language built wins) and
    it is served at any depth, so it speaks every language and links with absolute paths.
    """
    base = urlsplit(view.site.url).path if view.site.url else "/"
    base = base if base.endswith("/") else base + "/"
    return [
        {
            "lang": code,
            "title": view.interface.site(code, "not_found_title"),
            "home": view.interface.site(code, "not_found_home"),
            "href": base + page_url(HOME_PAGE, code, view.default_language),
        }
        for code in view.languages
    ]


def _asset_bytes(name: str) -> bytes:
    """What the site ships of asset `name`: the script with the warranty's date rule in its scope (the checker)."""
    return in_one_scope(ASSETS_DIR / name, WARRANTY_DATES_JS) if name.endswith(".js") else (ASSETS_DIR / name).read_bytes()


def _asset_path(name: str, data: bytes) -> str:
    stem, suffix = name.rsplit(".", 1)
    return f"assets/kb/{stem}.{hashlib.sha256(data).hexdigest()[:8]}.{suffix}"
