"""The page writer both sites share: a page of one language, its seller texts, interface strings and links.

Every page of either site is written by a renderer holding a `Page` (the buyers'
site's `public.page.PublicPage`, the handbook's `handbook.page.HandbookPage`):
the view, the page's language (through its `Localizer`) and the page's own path,
so that it can localize a seller `Text` (`text`, `plain`), its Markdown and the
build's one record of every answer (`markdown`, `answer`), read an interface
string of its site (`ui`) and link to another page of the same language
(`link` in Markdown, `href` in HTML). It remembers whether any text fell back
to another language (`fell_back`); how a fallback is marked is each site's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...interface_text import Section
from ...model import Contact, FaqEntry, Markdown, Text
from ...view import Localized, LocalizedMarkdown, Localizer, View
from ...search import html_to_text
from .formatting import contact_href
from .html_blocks import MarkdownPage
from .html_templates import ready_html
from .markup import render_markdown
from .urls import markdown_link_target, relative_page_url


class Page:
    """One page of either site in one language: its seller texts, interface strings and links.

    Both sites' page writers are this class (`public.page.PublicPage` for the
    buyers', `handbook.page.HandbookPage` for the agents'); they differ only in
    how they mark a text shown in the default language and in their interface
    strings (`words`).
    `path` is the page's source path inside its language folder (`faq/orders.md`).
    """

    def __init__(self, view: View, language: str, path: str, words: Section):
        self.view = view
        self.language = language
        self.path = path
        self.words = words
        self.locale = view.interface.locale(language)  # dates, prices and plural forms (formatting.py)
        self.localize = view.localizer(language)
        self.fell_back = False  # whether any seller text on the page is shown in another language
        self.shown_in: list[str] = []  # those other languages, in the order first met

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

    def hand_written(self, shown: Localized) -> LocalizedMarkdown:
        """A hand-written text (docs/) converted for this page: its links to other pages' Markdown files
        (`contact.md`) become those pages' URLs as seen from here (`render_markdown`'s `page`)."""
        html = render_markdown(shown.text, self.path)
        return LocalizedMarkdown(shown.text, shown.language, shown.is_fallback, html, html_to_text(html))

    def answer(self, entry: FaqEntry) -> LocalizedMarkdown:
        """The entry's answer in this page's language, as every page and index shows it (`view.answer`)."""
        return self._seen(self.view.answer(entry, self.language))

    def contact_link(self, contact: Contact, text_html: str) -> str:
        """An `<a>` to a contact channel around ready HTML (templates/contact-link.html): the same on both sites."""
        return self.view.templates.render(
            "shared/contact-link.html",
            href=contact_href(contact),
            other_host=contact.channel not in ("email", "phone"),
            text=ready_html(text_html),
        )

    def _seen(self, localized):
        self.fell_back = self.fell_back or localized.is_fallback
        if localized.is_fallback and localized.language not in self.shown_in:
            self.shown_in.append(localized.language)
        return localized


@dataclass
class PageSource:
    """What a renderer makes of one page: its body (Markdown and ready-made HTML) and what goes into its front matter.

    `title` and `description` are plain text (the `<title>` and `<meta name="description">`);
    `json_ld` is schema.org data for the page's head, or None.
    """

    body: MarkdownPage
    title: str | None = None
    description: str | None = None
    json_ld: dict | None = None
    meta: dict = field(default_factory=dict)  # any other front matter (hand-written pages keep theirs)
