"""A category page: every entry of one category, in one language, each at its own anchor.

    # <category title>
    ## <question> {#<entry-id>}      -> /<lang>/faq/<category>/#<entry-id>
    <answer>
    Related questions (links), the entry's warranty policy (link), "Still need help?" (link to contact)

The head of the page carries the FAQPage data (JSON-LD) of the entries and a
description made of their answers.
"""

from __future__ import annotations

import html

from ..model import FaqEntry
from ..view import CategoryView
from .html_blocks import HtmlBlocks
from .markdown_text import fill_template
from .page_text import PageContext, PageSource, block_html
from .site_paths import CONTACT_PAGE, category_page_path, warranty_page_path
from .structured_data import description_from_answers, faq_page_json_ld


def render_category_page(page: PageContext, category: CategoryView) -> PageSource:
    blocks = HtmlBlocks()
    lines = [f"# {page.inline(category.category.title)}", ""]
    if category.category.description:
        lines += [page.inline(category.category.description), "{: .kb-lead }", ""]
    for entry in category.entries:
        # The question stays Markdown (MkDocs makes the anchor and the page's table of contents from
        # it); everything under it is ready-made HTML (render/html_blocks.py).
        lines += [f"## {page.inline(entry.question)} {{#{entry.id}}}", "", blocks.place(render_entry_body(page, entry)), ""]
    return PageSource(
        body=blocks.attach("\n".join(lines) + "\n"),
        title=page.plain(category.category.title),
        description=description_from_answers(page, category.entries),
        json_ld=faq_page_json_ld(page, category.entries) if category.entries else None,
    )


def render_entry_body(page: PageContext, entry: FaqEntry) -> str:
    """Everything under an entry's question, as HTML: its answer, and where to go next."""
    parts = [block_html(page.answer(entry), page.language, page.words), *_related_questions(page, entry)]
    if entry.warranty:
        policy = page.view.warranties[entry.warranty]
        link = f'<a href="{page.href(warranty_page_path(entry.warranty))}">{page.inline_html(policy.title)}</a>'
        parts.append(f'<p class="kb-warranty-link">{fill_template(page.words.template(page.language, "warranty_link"), policy=link)}</p>')
    parts.append(still_need_help(page))
    return "\n".join(parts)


def _related_questions(page: PageContext, entry: FaqEntry) -> list[str]:
    if not entry.related:
        return []
    items = []
    for related_id in entry.related:
        category_id, related = page.view.entry(related_id)
        items.append(f'<li><a href="{page.href(category_page_path(category_id), related_id)}">{page.inline_html(related.question)}</a></li>')
    return [
        '<div class="kb-related">',
        f'<p class="kb-related__title">{html.escape(page.ui("related"))}</p>',
        "<ul>", *items, "</ul>",
        "</div>",
    ]


def still_need_help(page: PageContext) -> str:
    """The short pointer under every answer: "Still need help? Contact us"."""
    return (
        f'<p class="kb-help">{html.escape(page.ui("still_need_help"))} '
        f'<a href="{page.href(CONTACT_PAGE)}">{html.escape(page.ui("contact_page"))}</a></p>'
    )
