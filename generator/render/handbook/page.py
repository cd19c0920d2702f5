"""A handbook page in one language (`HandbookPage`), and the boxes several handbook pages show.

A text shown in the default language because the page's language has none
carries its own `lang`, and the page says once, near the top, that parts of it
are not yet translated (`finish`). Everything kbgen adds around seller text is
HTML from the handbook's templates (`templates/<box>.html`): copy buttons, the
deadlines, the buyers' links box, agent notes.
"""

from __future__ import annotations

import html
import json

from ...model import Duration, FaqEntry, Markdown, Procedure, Text
from ...view import HandbookView, Localized, LocalizedMarkdown
from ..shared.html_blocks import HtmlBlocks, MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline, material_safe
from ..shared.page import Page
from ..shared.urls import category_page_path, faq_entry_url, handbook_page_file, markdown_link_target, relative_file_url

# The handbook's interface strings for an amount of each unit of a `Duration` ("72 hours", "72 часа").
_DURATION_KEYS = {"m": "minutes", "h": "hours_n", "d": "days"}


class HandbookPage(Page):
    """One handbook page in one language: a text shown in the default language carries its own `lang`,
    and the page says once, near the top, that parts of it are not yet translated (`finish`)."""

    def __init__(self, view: HandbookView, language: str, path: str):
        super().__init__(view, language, handbook_page_file(path), view.interface.handbook)
        self.lines: list[str] = []
        self.notice_at = 1  # where the "not yet translated" notice goes: under the title, unless moved
        self.title: str | None = None  # the page's title as plain text, for MkDocs (front matter)
        self.html_blocks = HtmlBlocks()

    # Links name the page's file (urls.handbook_page_file): the handbook works opened from disk.
    def link(self, target: str, anchor: str | None = None) -> str:
        return markdown_link_target(self.path, handbook_page_file(target), anchor)

    def href(self, target: str, anchor: str | None = None) -> str:
        return relative_file_url(self.path, handbook_page_file(target), anchor)

    def render(self, template: str, /, **values) -> str:
        """A template of the handbook's (`handbook/<template>.html`), filled in."""
        return self.view.templates.render(f"handbook/{template}.html", colon=self.ui("colon"), **values)

    def inline(self, text: Text) -> str:
        """A seller text for a Markdown line or heading."""
        return self._fallback_text(self.text(text), escape_inline)

    def md_cell(self, text: Text) -> str:
        """A seller text for a Markdown table cell (a `|` would end the cell)."""
        return self.inline(text).replace("|", "\\|")

    def inline_html(self, text: Text) -> str:
        """A seller text inside kbgen's HTML."""
        return self._fallback_text(self.text(text), html.escape)

    def _fallback_text(self, localized: Localized, escape) -> str:
        escaped = escape(localized.text)
        if localized.is_fallback:
            return self.render("fallback-text", language=localized.language, text=ready_html(escaped))
        return escaped

    def md_block(self, markdown: Markdown, css_class: str = "") -> str:
        """Seller Markdown as HTML, converted here once (MkDocs passes raw HTML through); in a div when it
        needs a class or its own `lang`."""
        return self._block(self.markdown(markdown), css_class)

    def answer_block(self, entry: FaqEntry, css_class: str) -> str:
        """An entry's public answer as `md_block` writes Markdown, from the build's one record of it (`view.answer`)."""
        return self._block(self.answer(entry), css_class)

    def _block(self, localized: LocalizedMarkdown, css_class: str) -> str:
        classes = " ".join(c for c in (css_class, "kb-fallback" if localized.is_fallback else "") if c)
        if not classes:
            return localized.html
        language = localized.language if localized.is_fallback else ""
        return self.render("block", classes=classes, language=language, html=ready_html(localized.html))

    # The page.
    def add_title(self, plain: str, markdown: str) -> None:
        """The page's `# heading` (Markdown) and its title as plain text, which MkDocs and Material show
        in the header, the browser tab and the search results (given in front matter, made safe there)."""
        self.title = plain
        self.add(f"# {markdown}")

    def add(self, *blocks: str) -> None:
        """Blocks of the page: Markdown (headings, lists, tables of escaped text), or ready-made HTML
        (every block kbgen writes as HTML starts with its tag), which is handed to MkDocs apart from the
        Markdown (render/shared/html_blocks.py), so that the sanitizer MkDocs' own output passes never sees it."""
        for block in blocks:
            self.lines.append(self.html_blocks.place(block) if block.startswith("<") else block)

    def add_sections(self, level: int, sections: list[tuple[str, str, str]]) -> None:
        """Sections (anchor, heading text as escaped HTML, the HTML under it), as one ready-made block
        (`HtmlBlocks.place_sections`)."""
        self.lines.append(self.html_blocks.place_sections(level, sections))

    def put_notice_here(self) -> None:
        """Put the "not yet translated" notice (if the page needs one) after the blocks added so far."""
        self.notice_at = len(self.lines)

    def finish(self) -> MarkdownPage:
        """The page (its Markdown and ready-made HTML); a page with any fallback text says so once, near the top."""
        blocks = list(self.lines)
        if self.fell_back:
            # The languages its untranslated parts are shown in (site.yml `fallback:`, then the default).
            languages = self.view.interface.languages
            language = ", ".join(languages[code].name_in(languages[self.language])
                                 for code in self.shown_in or [self.view.default_language])
            notice = self.render("page-not-translated", notice=self.ui("page_not_translated", language=language))
            blocks.insert(self.notice_at, self.html_blocks.place(notice))
        if self.title is not None:
            blocks.insert(0, f"---\ntitle: {json.dumps(material_safe(self.title), ensure_ascii=False)}\n---")
        return self.html_blocks.attach("\n\n".join(blocks) + "\n")


def copy_words(page: HandbookPage, label_key: str) -> dict:
    """What a copy button says (templates/copy-button.html): its label, then "Copied" or why it could not."""
    return {"label": page.ui(label_key), "copied": page.ui("copied"), "failed": page.ui("copy_failed")}


def deadline_text(page: HandbookPage, duration: Duration | None) -> str:
    if duration is None:
        return page.ui("not_set")
    return page.ui(_DURATION_KEYS[duration.unit], n=duration.amount)


def deadlines(page: HandbookPage, procedure: Procedure) -> list[dict]:
    sla = procedure.sla
    return [
        {"label": page.ui("first_reply"), "value": deadline_text(page, sla.first_reply if sla else None)},
        {"label": page.ui("resolve"), "value": deadline_text(page, sla.resolve if sla else None)},
    ]


def links_box(page: HandbookPage, entry_ids: list[str], *, show_questions: bool) -> str:
    """The buyers' links of FAQ entries: one row per entry, its link in every buyer language (the composer shows
    the buyer's; without script the page's language's), with a copy button."""
    view = page.view
    shown = next(code for code in page.localize.order if code in view.site.languages)
    entries = []
    for entry_id in entry_ids:
        category_id, entry = view.entry(entry_id)
        versions = [_link_version(page, category_id, entry, language, shown) for language in view.site.languages]
        question = page.plain(entry.question)
        entries.append(
            {
                "question": ready_html(page.inline_html(entry.question)) if show_questions else "",
                "href": page.href(category_page_path(category_id), entry.id),
                "url": next(version["url"] for version in versions if version["shown"]),
                "name": f"{page.ui('copy_link')}{page.ui('colon')}{question}",
                "versions": versions,
            }
        )
    return page.render(
        "links-box",
        title=page.ui("links_to_send"),
        copy=copy_words(page, "copy_link"),
        # Only an absolute URL can be followed from here; a relative one is for pasting next to the shop's address.
        followable=bool(view.site.url),
        entries=entries,
    )


def _link_version(page: HandbookPage, category_id: str, entry: FaqEntry, buyer_language: str, shown: str) -> dict:
    view = page.view
    question = view.localizer(buyer_language)(entry.question)
    return {
        "language": buyer_language,
        "url": faq_entry_url(
            category_id, entry.id, language=buyer_language, default_language=view.default_language, site_url=view.site.url
        ),
        "shown": buyer_language == shown,
        "question": question,
        "untranslated": page.ui("untranslated") if question.is_fallback else "",
    }


def agent_note_box(page: HandbookPage, note: Markdown) -> str:
    """An agent note: a box no one can take for the public text, labelled as never for buyers."""
    localized = page.markdown(note)
    return page.render(
        "agent-note",
        language=localized.language if localized.is_fallback else "",
        page_language=page.language,
        label=page.ui("agent_note"),
        html=ready_html(localized.html),
    )
