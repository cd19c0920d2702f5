"""A category page: every entry of one category, in one language, each at its own anchor.

    # <category title>
    ## <question> {#<entry-id>}      -> /<lang>/faq/<category>/#<entry-id>
    <answer>
    Related questions (links), the entry's warranty policy (link), "Still need help?" (link to contact)

The head of the page carries the FAQPage data (JSON-LD) of the entries and a
description made of their answers.
"""

from __future__ import annotations

from ...model import FaqEntry
from ...view import CategoryView
from ..shared.html_blocks import HtmlBlocks
from ..shared.markup import fill_template
from ..shared.html_templates import ready_html
from ..shared.page import PageSource
from .page import PublicPage
from ..shared.urls import CONTACT_PAGE, category_page_path, warranty_page_path
from .structured_data import description_from_answers, faq_page_json_ld


def render_category_page(page: PublicPage, category: CategoryView) -> PageSource:
    blocks = HtmlBlocks()
    lines = [f"# {page.inline(category.category.title)}", ""]
    if category.category.description:
        lines += [page.inline(category.category.description), "{: .kb-lead }", ""]
    if category.entries:
        # Each question and everything under it are ready-made HTML, one block for the page; the questions'
        # anchors and table-of-contents entries are made as MkDocs makes them (render/shared/html_blocks.py).
        deferred = len(category.entries) > DRAWN_WHOLE_ENTRIES
        sections = [(entry.id, page.inline_html(entry.question), render_entry_body(page, entry, deferred)) for entry in category.entries]
        lines += [blocks.place_sections(2, sections), ""]
    return PageSource(
        body=blocks.attach("\n".join(lines) + "\n"),
        title=page.plain(category.category.title),
        description=description_from_answers(page, category.entries),
        json_ld=faq_page_json_ld(page, category.entries),
    )


# A category page with more entries than this has each drawn by the browser only near the screen (public.css
# `.kb-entry--deferred`): a phone laid out and painted all 250 entries of a large shop's page again whenever
# anything on it changed. A shorter page is drawn whole, as any page: a script reading its text (`innerText`)
# finds all of it.
DRAWN_WHOLE_ENTRIES = 40


def render_entry_body(page: PublicPage, entry: FaqEntry, deferred: bool) -> str:
    """Everything under an entry's question, as HTML (templates/public/entry-body.html): its answer, and
    where to go next: related questions, its warranty policy, the contact page. `deferred`: drawn only near
    the screen (`DRAWN_WHOLE_ENTRIES`)."""
    related = []
    for related_id in entry.related or []:
        category_id, question = page.view.entry(related_id)
        related.append({"href": page.href(category_page_path(category_id), related_id), "question": ready_html(page.inline_html(question.question))})
    warranty = ""
    if entry.warranty:
        policy = page.view.warranties[entry.warranty]
        link = page.view.templates.render(
            "public/warranty-link.html", href=page.href(warranty_page_path(entry.warranty)), title=ready_html(page.inline_html(policy.title))
        )
        warranty = ready_html(fill_template(page.words.template(page.language, "warranty_link"), policy=link))
    return page.view.templates.render(
        "public/entry-body.html",
        answer=ready_html(page.block_html(page.answer(entry))),
        related=related,
        related_title=page.ui("related"),
        warranty=warranty,
        still_need_help=page.ui("still_need_help"),
        contact_href=page.href(CONTACT_PAGE),
        contact_label=page.ui("contact_page"),
        deferred=deferred,
    )
