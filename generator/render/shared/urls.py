"""Where both sites put their pages, and the links between them: the one URL module.

Both sites have the same layout (MkDocs with `use_directory_urls`, mkdocs-static-i18n's
folder structure): every page exists in every language at the same path, the
default language at the site's root, the others under `/<code>/`. So an entry's
address is

    faq/<category>/#<entry-id>          default language, at the site's root
    <lang>/faq/<category>/#<entry-id>   every other language

on the buyers' site and, under its own root, in the handbook. The agents' handbook
gives agents the buyers' links (`faq_entry_url`): keeping the scheme in one place
means a link pasted from the handbook always lands on the entry it names, and the
language switcher and `hreflang` links can map any page to its translations.

Page sources (paths inside a language folder):

    index.md                   home (both sites)
    faq/<category>.md          a FAQ category (both sites)
    warranty/<policy>.md       a warranty policy (both sites)
    contact.md                 the buyers' contact page
    quick-reference.md         the handbook's quick reference
    start-here.md              the handbook's reading order and self-checks for new agents
    procedures/<procedure>.md  a handbook procedure, its steps at `#step-<id>`

The handbook is opened from disk (`file://`, where a folder URL opens a directory listing, not
its `index.html`), so its page sources are folders' `index.md` (`handbook_page_file`) and
MkDocs builds it without directory URLs: the built files sit where the buyers' site's do
(`procedures/<id>/index.html`), and every link names the file (`handbook_page_url`).

A URL is absolute when `site.yml` sets `url` (where the buyers' site is
published), else relative to the buyers' site's root (no leading slash), since
nothing else is known about where it will be served.
"""

from __future__ import annotations

import functools
import posixpath


HOME_PAGE = "index.md"
CONTACT_PAGE = "contact.md"
QUICK_REFERENCE_PAGE = "quick-reference.md"
START_PAGE = "start-here.md"  # the handbook's path for new agents: reading order and self-checks
# The handbook's parts' own pages (`procedures/index.html`...): what the navigation links a part to from the
# pages of the other parts.
PROCEDURES_PAGE = "procedures.md"
FAQ_PAGE = "faq.md"
WARRANTY_PAGE = "warranty.md"


def category_page_path(category_id: str) -> str:
    """The page source of a FAQ category, relative to a language's docs folder: `faq/<category>.md`."""
    return f"faq/{category_id}.md"


def warranty_page_path(policy_id: str) -> str:
    return f"warranty/{policy_id}.md"


def procedure_page_path(procedure_id: str) -> str:
    return f"procedures/{procedure_id}.md"


def step_anchor(step_id: str) -> str:
    """The anchor of a step on its procedure page (prefixed so it never meets a heading's own id)."""
    return f"step-{step_id}"


def page_url(path: str, language: str, default_language: str) -> str:
    """The page's URL relative to its site's root, as MkDocs writes it: `ru/faq/orders/`, `` for the home page."""
    return public_page_url(path, language=language, default_language=default_language, site_url=None)


def public_page_url(page_source: str, *, language: str, default_language: str, site_url: str | None) -> str:
    """The URL of a buyers' page (`faq/orders.md`, `index.md`) in `language`.

    Absolute under `site_url` when it is set, else relative to the site's root.
    """
    path = page_source.removesuffix(".md")
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path.removesuffix("index")
    else:
        path += "/"
    if language != default_language:
        path = f"{language}/{path}"
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return path


def markdown_link_target(from_source: str, to_source: str, anchor: str | None = None) -> str:
    """A Markdown link from page `from_source` to page `to_source` of the same language folder, by source
    path (`faq/orders.md` -> `../contact.md`): MkDocs turns it into the page's URL and checks that it exists."""
    if from_source == to_source:
        return f"#{anchor}" if anchor else posixpath.basename(to_source)
    relative = posixpath.relpath(to_source, posixpath.dirname(from_source) or ".")
    return f"{relative}#{anchor}" if anchor else relative


def relative_page_url(from_source: str, to_source: str, anchor: str | None = None) -> str:
    """The built URL of page `to_source` as seen from page `from_source`, both of one language's
    folder (`faq/orders.md` -> `faq/returns.md#x` gives `../returns/#x`): for links kbgen writes as HTML."""
    if from_source == to_source and anchor:
        return f"#{anchor}"
    return _relative_folder_url(from_source, to_source) + (f"#{anchor}" if anchor else "")


# Cached: a large site asks for the same few hundred page pairs tens of thousands of times (every
# related question, warranty and contact link), and `relpath` was a tenth of rendering its pages.
@functools.lru_cache(maxsize=65536)
def _relative_folder_url(from_source: str, to_source: str) -> str:
    relative = posixpath.relpath(_page_folder(to_source), _page_folder(from_source))
    return "./" if relative == "." else relative + "/"


def _page_folder(source: str) -> str:
    """Where MkDocs (`use_directory_urls`) puts a page: `faq/orders.md` -> `faq/orders`, `index.md` -> `.`."""
    path = source.removesuffix(".md")
    if path == "index":
        return "."
    return path.removesuffix("/index")


def faq_entry_url(
    category_id: str, entry_id: str, *, language: str, default_language: str, site_url: str | None
) -> str:
    """The URL of one FAQ entry on the buyers' site: its category page with the entry's anchor."""
    page = public_page_url(
        category_page_path(category_id), language=language, default_language=default_language, site_url=site_url
    )
    return f"{page}#{entry_id}"


def handbook_page_file(page_source: str) -> str:
    """The handbook's source file of a page (`procedures/x.md` -> `procedures/x/index.md`, `procedures.md` ->
    `procedures/index.md`, the home page's `index.md` stays): built without directory URLs, it lands at
    `procedures/x/index.html`, and links name that file. A procedure whose id is `index` lands at
    `procedures/index/index.html`, apart from the procedures' own page."""
    if page_source == HOME_PAGE:
        return page_source
    return f"{page_source.removesuffix('.md')}/index.md"


def handbook_page_url(page_source: str, *, language: str, default_language: str) -> str:
    """A handbook page's URL relative to the handbook's root, naming its file: `ru/procedures/x/index.html`."""
    path = handbook_page_file(page_source).removesuffix(".md") + ".html"
    return path if language == default_language else f"{language}/{path}"


def relative_file_url(from_file: str, to_file: str, anchor: str | None = None) -> str:
    """The built URL of source file `to_file` as seen from `from_file` (both `handbook_page_file`s of one
    language folder), naming the HTML file: links that work from disk."""
    if from_file == to_file and anchor:
        return f"#{anchor}"
    return _relative_file(from_file, to_file) + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65536)  # as `_relative_folder_url`: the handbook's links, by file
def _relative_file(from_file: str, to_file: str) -> str:
    return posixpath.relpath(to_file.removesuffix(".md") + ".html", posixpath.dirname(from_file) or ".")
