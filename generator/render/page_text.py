"""Seller texts placed on a page of one language, and links between the pages of that language.

Every page of the buyers' site is written by a renderer holding a `PageContext`:
the view, the page's language (through its `Localizer`) and the page's own path,
so that it can turn a seller `Text` into page Markdown (`inline`, `block`) and
link to another page of the same language (`link`).

A text missing in the page's language falls back to the default language and is
marked so that nobody mistakes it for a translation:
- `block` (answers, steps) puts a notice in the page's language above it, e.g.
  "Not yet translated: shown in 简体中文.";
- `inline` (questions, titles, list items) adds a small badge after it
  ("not translated"), whose text screen readers read too.
Both carry the real language in `lang`, so a screen reader and the browser's
font choice treat Chinese text on a Russian page as Chinese.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field

from ..languages import SUPPORTED_LANGUAGES
from ..hand_written import PageSource as HandWrittenSource
from ..model import FaqEntry, Text
from ..view import Localized, Localizer, PublicView
from .markdown_text import attribute, escape_inline, render_markdown
from .ui_text import ui
from .urls import relative_page_url


@dataclass(frozen=True)
class PageContext:
    view: PublicView
    localize: Localizer
    path: str  # the page's source path inside its language folder, e.g. "faq/orders.md"
    entries: dict[str, tuple[str, FaqEntry]]  # entry id -> (category id, entry), made once per site


    @property
    def language(self) -> str:
        return self.localize.language

    def ui(self, key: str, **values: str) -> str:
        return ui(self.language, key, **values)

    def link(self, target: str, anchor: str | None = None) -> str:
        """A Markdown link target from this page to `target` (a path in the same language folder)."""
        if target == self.path:
            return f"#{anchor}" if anchor else posixpath.basename(target)
        relative = posixpath.relpath(target, posixpath.dirname(self.path) or ".")
        return f"{relative}#{anchor}" if anchor else relative

    def href(self, target: str, anchor: str | None = None) -> str:
        """The built URL of `target` (a page source of the same language) from this page: for kbgen's HTML."""
        return relative_page_url(self.path, target, anchor)

    def text(self, text: Text) -> Localized:
        return self.localize(text)

    def plain(self, text: Text) -> str:
        """The string shown for `text` (translation or fallback), unformatted: for titles and metadata."""
        return self.localize(text).text

    def inline(self, text: Text) -> str:
        return inline_markdown(self.localize(text), self.language)

    def inline_html(self, text: Text) -> str:
        return inline_html(self.localize(text), self.language)

    def block(self, text: Text) -> str:
        """Seller Markdown (an answer) as a ready HTML block of the page, converted once (see `block_html`)."""
        return block_html(self.localize(text), self.language)


def inline_markdown(text: Localized, page_language: str) -> str:
    """Plain seller text for a Markdown heading, link or list item; a fallback gets its language and a badge."""
    return _with_fallback_badge(escape_inline(text.text), text, page_language)


def inline_html(text: Localized, page_language: str) -> str:
    """`inline_markdown` for kbgen's HTML."""
    return _with_fallback_badge(html.escape(text.text, quote=False), text, page_language)


def _with_fallback_badge(escaped: str, text: Localized, page_language: str) -> str:
    if not text.is_fallback:
        return escaped
    notice = ui(page_language, "not_translated", language=SUPPORTED_LANGUAGES[text.language].native_name)
    badge = ui(page_language, "not_translated_badge")
    return (
        f'<span lang="{text.language}" class="kb-fallback">{escaped}</span> '
        f'<span class="kb-fallback-badge" title="{attribute(notice)}">{attribute(badge)}</span>'
    )


def block_html(text: Localized, page_language: str, *, tag: str = "div", page: str | None = None) -> str:
    """Seller Markdown as a ready HTML block of the page: a `div` (or, with `tag="li"`, a list item).

    Converted once (`render_markdown`, cached and sanitized): the search documents,
    the widget and the JSON-LD need every answer as HTML anyway, and MkDocs passes
    the block through as it is. A translated text is a plain `kb-answer` div; a
    fallback carries its language and the visible "not yet translated" notice. `page`: the path of
    the page, for a hand-written text whose links name other pages' files (`render_markdown`).
    """
    converted = render_markdown(text.text, page)
    if text.is_fallback:
        return fallback_html(converted, text, page_language, tag=tag)
    return f"<li>\n{converted}\n</li>" if tag == "li" else f'<div class="kb-answer">\n{converted}\n</div>'


def answer_html(text: Localized, page_language: str) -> str:
    """An answer as the widget shows it: its HTML, with the notice when it is a fallback."""
    converted = render_markdown(text.text)
    return fallback_html(converted, text, page_language) if text.is_fallback else converted


def fallback_html(converted: str, text: Localized, page_language: str, *, tag: str = "div") -> str:
    """Converted seller HTML shown in place of a missing translation: in its own language, under the notice."""
    notice = ui(page_language, "not_translated", language=SUPPORTED_LANGUAGES[text.language].native_name)
    return (
        f'<{tag} class="kb-fallback" lang="{text.language}">\n'
        f'<p class="kb-fallback__notice" lang="{page_language}">{attribute(notice)}</p>\n'
        f"{converted}\n</{tag}>"
    )


def localized_page(sources: dict[str, HandWrittenSource], localize: Localizer) -> tuple[HandWrittenSource, Localized]:
    """A hand-written page (or intro) as one language shows it: its translation, or the default
    language's page as a fallback; and its Markdown as a `Localized` text."""
    language = localize.language if localize.language in sources else localize.default_language
    page = sources[language]
    return page, Localized(page.body, language, language != localize.language)


@dataclass
class PageSource:
    """What a renderer makes of one page: its Markdown body and what goes into its front matter.

    `title` and `description` are plain text (the `<title>` and `<meta name="description">`);
    `json_ld` is schema.org data for the page's head, or None.
    """

    body: str
    title: str | None = None
    description: str | None = None
    json_ld: dict | None = None
    meta: dict = field(default_factory=dict)  # any other front matter (hand-written pages keep theirs)
