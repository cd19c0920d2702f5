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
from dataclasses import dataclass, field

from ..languages import SUPPORTED_LANGUAGES
from ..interface_text import Section
from ..model import FaqEntry, Markdown, Text
from ..view import Localized, LocalizedMarkdown, Localizer, PublicView, View
from .html_templates import ready_html
from .markdown_text import escape_inline
from .urls import markdown_link_target, relative_page_url


class Page:
    """One page of either site in one language: its seller texts, interface strings and links.

    Both sites' page writers are this class (`PageContext` for the buyers',
    `handbook.HandbookPage` for the agents'); they differ only in how they mark
    a text shown in the default language and in their interface strings (`words`).
    `path` is the page's source path inside its language folder (`faq/orders.md`).
    """

    def __init__(self, view: View, language: str, path: str, words: Section):
        self.view = view
        self.language = language
        self.path = path
        self.words = words
        self.localize = Localizer(language, view.default_language)
        self.fell_back = False  # whether any seller text on the page is shown in another language

    def ui(self, key: str, /, **values) -> str:
        """An interface string of this page's site, in its language, filled in."""
        return self.words(self.language, key, **values)

    def link(self, target: str, anchor: str | None = None) -> str:
        """A Markdown link target from this page to `target` (a path in the same language folder)."""
        return markdown_link_target(self.path, target, anchor)

    def href(self, target: str, anchor: str | None = None) -> str:
        """The built URL of `target` (a page source of the same language) from this page: for kbgen's HTML."""
        return relative_page_url(self.path, target, anchor)

    def text(self, text: Text) -> Localized:
        return self._seen(self.localize(text))

    def plain(self, text: Text) -> str:
        """The string shown for `text` (translation or fallback), unformatted: for titles and metadata."""
        return self.text(text).text

    def markdown(self, text: Markdown) -> LocalizedMarkdown:
        """Seller Markdown in this page's language, converted (cached by text)."""
        return self._seen(self.localize.markdown(text))

    def answer(self, entry: FaqEntry) -> LocalizedMarkdown:
        """The entry's answer in this page's language, as every page and index shows it (`view.answer`)."""
        return self._seen(self.view.answer(entry, self.language))

    def _seen(self, localized):
        self.fell_back = self.fell_back or localized.is_fallback
        return localized


class PageContext(Page):
    """A page of the buyers' site: a fallback text carries a "not translated" badge or notice of its own."""

    def __init__(self, view: PublicView, language: str, path: str):
        super().__init__(view, language, path, view.interface.site)

    def inline(self, text: Text) -> str:
        """Plain seller text for a Markdown heading, link or list item; a fallback gets its language and a badge."""
        shown = self.text(text)
        return self._with_fallback_badge(escape_inline(shown.text), shown)

    def inline_html(self, text: Text) -> str:
        """`inline` for kbgen's HTML."""
        shown = self.text(text)
        return self._with_fallback_badge(html.escape(shown.text, quote=False), shown)

    def _with_fallback_badge(self, escaped: str, text: Localized) -> str:
        if not text.is_fallback:
            return escaped
        return self.view.templates.render(
            "public/fallback-badge.html",
            language=text.language, text=ready_html(escaped), notice=self._notice(text), badge=self.ui("not_translated_badge"),
        )

    def _notice(self, text: Localized) -> str:
        """ "Not yet translated: shown in 简体中文." in the page's language."""
        return self.ui("not_translated", language=SUPPORTED_LANGUAGES[text.language].native_name)

    def block_markdown(self, text: Localized, *, tag: str = "div") -> str:
        """Seller Markdown as a block for MkDocs to convert; a fallback is wrapped with the visible
        "not yet translated" notice. `tag="li"` gives a list item (a step of a claim), the notice inside it."""
        if text.is_fallback:
            return self.view.templates.render(
                "public/fallback-markdown.html",
                tag=tag, language=text.language, page_language=self.language, notice=self._notice(text),
                markdown=ready_html(text.text),
            )
        if tag == "li":
            return self.view.templates.render("public/markdown-list-item.html", markdown=ready_html(text.text))
        return text.text

    def with_fallback_notice(self, text: LocalizedMarkdown) -> str:
        """Converted seller Markdown as the page (or the widget) shows it: a fallback is wrapped, in its own
        language, with the visible "not yet translated" notice (as `block_markdown` wraps it for MkDocs)."""
        if not text.is_fallback:
            return text.html
        return self.view.templates.render(
            "public/fallback-block.html",
            language=text.language, page_language=self.language, notice=self._notice(text), html=ready_html(text.html),
        )

    def block_html(self, text: LocalizedMarkdown) -> str:
        """Converted seller Markdown as a block of the page, in a `div` that MkDocs passes through as it is.

        The search documents, the widget and the JSON-LD need every answer as HTML
        anyway (`view.localize_answers`, once per build); handing the same HTML to
        the page spares MkDocs converting the bulk of a large site's text a second
        time. A fallback arrives wrapped already (in its `kb-fallback` div); a
        translated text gets a plain `kb-answer` div.
        """
        shown = self.with_fallback_notice(text)
        if text.is_fallback:
            return shown
        return self.view.templates.render("public/answer.html", html=ready_html(shown))

    def block(self, text: Markdown) -> str:
        """Seller Markdown (a policy's costs) as a ready HTML block of the page (see `block_html`)."""
        return self.block_html(self.markdown(text))


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
