"""A page of the buyers' site in one language: seller texts placed on it, marked when not translated.

Every page of the buyers' site is written by a renderer holding a `PublicPage`
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

from ...model import Markdown, Text
from ...hand_written import PageSource as HandWrittenSource
from ...view import Localized, LocalizedMarkdown, Localizer, PublicView, first_available
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.page import Page


class PublicPage(Page):
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
        """ "Not yet translated: shown in Chinese (Simplified)." in the page's language."""
        languages = self.view.interface.languages
        return self.ui("not_translated", language=languages[text.language].name_in(languages[self.language]))

    def with_fallback_notice(self, text: LocalizedMarkdown, *, tag: str = "div") -> str:
        """Converted seller Markdown as the page (or the widget) shows it: a fallback under its notice."""
        return self.fallback_html(text.html, text, tag=tag) if text.is_fallback else text.html

    def fallback_html(self, converted: str, text: Localized, *, tag: str = "div") -> str:
        """Converted seller HTML shown in place of a missing translation: in its own language, under the
        visible "not yet translated" notice (`tag`: a `div`, or an `li` of a list)."""
        return self.view.templates.render(
            "public/fallback-block.html",
            tag=tag, language=text.language, page_language=self.language, notice=self._notice(text),
            html=ready_html(converted),
        )

    def fallback_continued(self, html_part: str, text: Localized) -> str:
        """A further part of a text shown in the default language, after the part that carries the notice."""
        return self.view.templates.render("public/fallback-continued.html", language=text.language, html=ready_html(html_part))

    def block_html(self, text: LocalizedMarkdown, *, tag: str = "div") -> str:
        """Converted seller Markdown as a block of the page (`tag="li"`: an item of a list), which MkDocs
        passes through as it is (shared/html_blocks.py).

        The search documents, the widget and the JSON-LD need every answer as HTML
        anyway (`view.Presentation`, once per build): the page shows the same HTML.
        A translated text is a plain `kb-answer` div (or `li`); a fallback carries
        its language and the visible "not yet translated" notice.
        """
        if text.is_fallback:
            return self.with_fallback_notice(text, tag=tag)
        template = "public/list-item.html" if tag == "li" else "public/answer.html"
        return self.view.templates.render(template, html=ready_html(text.html))

    def block(self, text: Markdown) -> str:
        """Seller Markdown (a policy's costs) as a ready HTML block of the page (see `block_html`)."""
        return self.block_html(self.markdown(text))


def localized_page(sources: dict[str, HandWrittenSource], localize: Localizer) -> tuple[HandWrittenSource, Localized]:
    """A hand-written page (or intro) as one language shows it: its translation, or the page of the language
    it falls back to (`view.first_available`); and its Markdown as a `Localized` text."""
    language = first_available(sources, localize.order)
    page = sources[language]
    return page, Localized(page.body, language, language != localize.language)
