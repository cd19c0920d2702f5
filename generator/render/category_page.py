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
from .markdown_text import escape_inline, fill_template
from .page_text import PageContext, PageSource
from .site_paths import CONTACT_PAGE, category_page_path, warranty_page_path
from .structured_data import description_from_answers, faq_page_json_ld
from .ui_text import ui_template


def render_category_page(page: PageContext, category: CategoryView) -> PageSource:
    lines = [f"# {page.inline(category.category.title)}", ""]
    if category.category.description:
        lines += [page.inline(category.category.description), "{: .kb-lead }", ""]
    for entry in category.entries:
        lines += render_entry(page, entry)
    return PageSource(
        body="\n".join(lines) + "\n",
        title=page.plain(category.category.title),
        description=description_from_answers(page, category.entries),
        json_ld=faq_page_json_ld(page, category.entries) if category.entries else None,
    )


def render_entry(page: PageContext, entry: FaqEntry) -> list[str]:
    """One entry: its question as a heading with the entry id as anchor, its answer, and where to go next."""
    lines = [f"## {page.inline(entry.question)} {{#{entry.id}}}", ""]
    lines += [page.block(entry.answer), ""]
    lines += _related_questions(page, entry)
    if entry.warranty:
        policy = page.view.warranties[entry.warranty]
        link = f"[{page.inline(policy.title)}]({page.link(warranty_page_path(entry.warranty))})"
        lines += [fill_template(ui_template(page.language, "warranty_link"), policy=link), "{: .kb-warranty-link }", ""]
    lines += [still_need_help(page), ""]
    return lines


def _related_questions(page: PageContext, entry: FaqEntry) -> list[str]:
    if not entry.related:
        return []
    lines = ['<div class="kb-related" markdown="block">', f'<p class="kb-related__title">{html.escape(page.ui("related"))}</p>', ""]
    for related_id in entry.related:
        category_id, related = page.entries[related_id]
        lines.append(f"- [{page.inline(related.question)}]({page.link(category_page_path(category_id), related_id)})")
    return lines + ["", "</div>", ""]


def still_need_help(page: PageContext) -> str:
    """The short pointer under every answer: "Still need help? Contact us"."""
    return f"{escape_inline(page.ui('still_need_help'))} [{escape_inline(page.ui('contact_page'))}]({page.link(CONTACT_PAGE)})\n{{: .kb-help }}"
