"""A handbook warranty page: the policy as buyers read it, its agent note near the top, and the FAQ
entries about it."""

from __future__ import annotations


from ...model import Extension, Markdown, Warranty
from ...view import HandbookView
from ..shared.formatting import format_price
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.urls import category_page_path, warranty_page_path
from .page import HandbookPage, agent_note_box


def render_warranty_page(view: HandbookView, policy_id: str, policy: Warranty, language: str) -> MarkdownPage:
    """A warranty policy as buyers read it, its agent note near the top, and the FAQ entries about it."""
    page = HandbookPage(view, language, warranty_page_path(policy_id))
    page.add_title(page.text(policy.title).text, page.inline(policy.title))
    page.add(
        f"| {escape_inline(page.ui('applies_to'))} | {escape_inline(page.ui('duration'))} | {escape_inline(page.ui('starts_on'))} |\n"
        "| --- | --- | --- |\n"
        f"| {page.md_cell(policy.applies_to)} | {escape_inline(page.ui('months', n=policy.duration_months))} "
        f"| {escape_inline(page.ui('starts_on_' + policy.starts_on))} |"
    )
    if policy.agent_note:
        page.add(agent_note_box(page, policy.agent_note))
    page.add(f"## {escape_inline(page.ui('covers'))}", "\n".join(f"- {page.inline(item)}" for item in policy.covers))
    page.add(f"## {escape_inline(page.ui('excludes'))}")
    page.add("\n".join(f"- {page.inline(item)}" for item in policy.excludes) or escape_inline(page.ui("nothing_excluded")))
    page.add(f"## {escape_inline(page.ui('claim_steps'))}", _numbered_markdown(page, policy.claim_steps))
    page.add(f"## {escape_inline(page.ui('costs'))}")
    page.add(page.md_block(policy.costs) if policy.costs else f"*{escape_inline(page.ui('costs_not_stated'))}*")
    if policy.extensions:
        page.add(f"## {escape_inline(page.ui('extensions'))}")
        page.add("\n".join("- " + escape_inline(_extension_line(page, policy, extension)) for extension in policy.extensions))
    about = view.entries_about(policy_id)
    if about:
        page.add(f"## {escape_inline(page.ui('faq_about_policy'))}")
        page.add(
            "\n".join(
                f"- [{page.inline(entry.question)}]({page.link(category_page_path(cid), entry.id)})"
                for cid, entry in about
            )
        )
    if policy.reviewed:
        page.add(page.render("note", text=page.ui("reviewed", date=str(policy.reviewed))))
    return page.finish()


def _extension_line(page: HandbookPage, policy: Warranty, extension: Extension) -> str:
    """`12 months more for 99 ¥ — can be bought within 30 days of the delivery date` (or `while the warranty
    runs`): the window the buyers' page states and its checker applies (`Warranty.sale_window_days`)."""
    offer = page.ui(
        "extension",
        months=page.ui("months", n=extension.extra_months),
        price=format_price(extension.price.amount, extension.price.currency, page.locale),
    )
    within = policy.sale_window_days(extension)
    if within is None:
        window = page.ui("extension_window_running")
    else:
        window = page.ui("extension_window", days=page.ui("window_days", n=within), start=page.ui("starts_on_" + policy.starts_on))
    return f"{offer} — {window}"


def _numbered_markdown(page: HandbookPage, items: list[Markdown]) -> str:
    """Seller Markdown items as one numbered list.

    Written as HTML list items, each converted on its own, so that an item shown
    as a fallback can carry its own `lang`: a Markdown list item has no place for
    an attribute.
    """
    shown = [page.markdown(item) for item in items]
    return page.render(
        "numbered-markdown",
        items=[
            {"html": ready_html(localized.html), "language": localized.language if localized.is_fallback else ""}
            for localized in shown
        ],
    )
