"""A page of the buyers' site in one language: seller texts placed on it, marked when not translated.

Every page of the buyers' site is written by a renderer holding a `PageContext`
(a `shared.page.Page`), so that it can turn a seller `Text` into page Markdown
(`inline`, `block_markdown`) or HTML (`inline_html`, `block_html`).

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

from ...languages import SUPPORTED_LANGUAGES
from ...model import Markdown, Text
from ...view import Localized, LocalizedMarkdown, PublicView
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.page import Page


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
