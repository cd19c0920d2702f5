"""A handbook FAQ page: every entry's public answer, its agent note beside it, the links to send, its facts
(templates/faq-entry.html, templates/agent-note.html, templates/links-box.html)."""

from __future__ import annotations


from ...model import FaqEntry
from ...view import CategoryView, HandbookView
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.urls import category_page_path, warranty_page_path
from .composer import composer_box
from .page import HandbookPage, agent_note_box, links_box


def render_faq_page(view: HandbookView, category: CategoryView, language: str) -> MarkdownPage:
    """A FAQ category: every entry's public answer, its agent note beside it, and the links to send."""
    page = HandbookPage(view, language, category_page_path(category.id))
    page.add_title(page.text(category.category.title).text, page.inline(category.category.title))
    if not view.site.url and category.entries:
        page.add(page.render("note", text=page.ui("links_are_relative")))
    if category.entries:
        page.add(composer_box(page, []))  # the buyer's language of the links, picked once for the page
    if category.entries:
        # Each question and the rest are ready-made HTML, one block for the page; the questions' anchors and
        # table-of-contents entries are made as MkDocs makes them (render/shared/html_blocks.py).
        page.add_sections(2, [(entry.id, page.inline_html(entry.question), _faq_entry_body(page, entry)) for entry in category.entries])
    return page.finish()


def _faq_entry_body(page: HandbookPage, entry: FaqEntry) -> str:
    """An entry under its question: the public answer, the agent note, the links to send, and its facts."""
    view = page.view
    warranty = related = None
    if entry.warranty:
        policy = view.warranties[entry.warranty]
        warranty = {
            "label": page.ui("warranty_policy"),
            "href": page.href(warranty_page_path(entry.warranty)),
            "title": ready_html(page.inline_html(policy.title)),
        }
    if entry.related:
        links = []
        for related_id in entry.related:
            related_category, related_entry = view.entry(related_id)
            links.append(
                {"href": page.href(category_page_path(related_category), related_entry.id), "question": ready_html(page.inline_html(related_entry.question))}
            )
        related = {"label": page.ui("related"), "links": links}
    return page.render(
        "faq-entry",
        answer_label=page.ui("public_answer"),
        answer=ready_html(page.answer_block(entry, "hb-public-answer")),
        agent_note=ready_html(agent_note_box(page, entry.agent_note)) if entry.agent_note else "",
        links=ready_html(links_box(page, [entry.id], show_questions=False)),
        warranty=warranty,
        related=related,
        reviewed=page.ui("reviewed", date=str(entry.reviewed)) if entry.reviewed else "",
    )
