"""The quick reference, one page to keep open: deadlines, who pays shipping (templates/costs.html),
warranty terms, contact channels with hours (render/shared/templates/contact-link.html)."""

from __future__ import annotations

import html


from ...view import HandbookView
from ..shared.formatting import contact_link_text
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.urls import QUICK_REFERENCE_PAGE, procedure_page_path, warranty_page_path
from .page import HandbookPage, deadline_text


def render_quick_reference_page(view: HandbookView, language: str) -> MarkdownPage:
    """One page to keep open: deadlines, who pays shipping, warranty terms, contact channels with hours."""
    page = HandbookPage(view, language, QUICK_REFERENCE_PAGE)
    page.add_title(page.ui("quick_reference"), escape_inline(page.ui("quick_reference")))

    page.add(f"## {escape_inline(page.ui('deadlines'))} {{#deadlines}}")
    if view.procedures:
        rows = [
            f"| {escape_inline(page.ui('procedure'))} | {escape_inline(page.ui('first_reply'))} | {escape_inline(page.ui('resolve'))} |",
            "| --- | --- | --- |",
        ]
        for procedure_id, procedure in view.procedures.items():
            sla = procedure.sla
            link = f"[{page.md_cell(procedure.title)}]({page.link(procedure_page_path(procedure_id))})"
            rows.append(
                f"| {link} | {escape_inline(deadline_text(page, sla.first_reply if sla else None))} "
                f"| {escape_inline(deadline_text(page, sla.resolve if sla else None))} |"
            )
        page.add("\n".join(rows))
    else:
        page.add(escape_inline(page.ui("no_procedures")))

    if view.warranties:
        # Who pays is the sellers' own words from each policy's `costs`: nothing is summarised or guessed.
        page.add(f"## {escape_inline(page.ui('shipping_costs'))} {{#shipping}}")
        for policy_id, policy in view.warranties.items():
            costs = page.md_block(policy.costs) if policy.costs else page.render("not-stated", text=page.ui("costs_not_stated"))
            page.add(
                page.render(
                    "costs",
                    href=page.href(warranty_page_path(policy_id)),
                    title=ready_html(page.inline_html(policy.title)),
                    costs=ready_html(costs),
                )
            )
        page.add(f"## {escape_inline(page.ui('warranty_terms'))} {{#warranty}}")
        rows = [
            f"| {escape_inline(page.ui('policy'))} | {escape_inline(page.ui('applies_to'))} "
            f"| {escape_inline(page.ui('duration'))} | {escape_inline(page.ui('starts_on'))} |",
            "| --- | --- | --- | --- |",
        ]
        for policy_id, policy in view.warranties.items():
            link = f"[{page.md_cell(policy.title)}]({page.link(warranty_page_path(policy_id))})"
            rows.append(
                f"| {link} | {page.md_cell(policy.applies_to)} | {escape_inline(page.ui('months', n=policy.duration_months))} "
                f"| {escape_inline(page.ui('starts_on_' + policy.starts_on))} |"
            )
        page.add("\n".join(rows))

    page.add(f"## {escape_inline(page.ui('contact'))} {{#contact}}")
    rows = [
        f"| {escape_inline(page.ui('channel'))} | {escape_inline(page.ui('address'))} "
        f"| {escape_inline(page.ui('hours'))} | {escape_inline(page.ui('response_time'))} |",
        "| --- | --- | --- | --- |",
    ]
    for contact in view.contacts:
        label = f"{page.md_cell(contact.label)} ({escape_inline(page.ui('channel_' + contact.channel))})"
        hours = page.md_cell(contact.hours) if contact.hours else "—"
        response = escape_inline(deadline_text(page, contact.response_time)) if contact.response_time else "—"
        # In a Markdown table cell, where a `|` would end the cell.
        link = page.contact_link(contact, html.escape(contact_link_text(contact), quote=False)).replace("|", "&#124;")
        rows.append(f"| {label} | {link} | {hours} | {response} |")
    page.add("\n".join(rows))
    return page.finish()
