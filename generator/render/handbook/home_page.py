"""The handbook's front page: every procedure with its deadlines and when to use it
(templates/procedure-card.html), and links to the rest; and each part's own page (procedures, FAQ,
warranty), with that part's list, where the navigation sends an agent from another part's pages."""

from __future__ import annotations


from ...view import HandbookView
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.urls import (
    FAQ_PAGE, HOME_PAGE, PROCEDURES_PAGE, QUICK_REFERENCE_PAGE, START_PAGE, WARRANTY_PAGE, category_page_path,
    procedure_page_path, warranty_page_path,
)
from .page import HandbookPage, deadlines


def render_home_page(view: HandbookView, language: str) -> MarkdownPage:
    """The handbook's front page: every procedure with its deadlines and when to use it, links to the rest.

    (That the handbook is internal is said by the bar at the top of every page, see handbook/theme/main.html.)
    """
    page = HandbookPage(view, language, HOME_PAGE)
    shop = page.text(view.site.shop.name).text
    colon = page.ui("colon")
    page.add_title(f"{page.ui('handbook')}{colon}{shop}", f"{escape_inline(page.ui('handbook'))}{escape_inline(colon)}{page.inline(view.site.shop.name)}")
    if view.procedures:  # a new agent's way in
        page.add(f"[{escape_inline(page.ui('start_here'))}]({page.link(START_PAGE)}){escape_inline(colon)}{escape_inline(page.ui('start_here_about'))}")
    page.add(f"## {escape_inline(page.ui('procedures'))} {{#procedures}}")
    _add_procedures(page)
    page.add(f"## {escape_inline(page.ui('quick_reference'))} {{#quick-reference}}")
    page.add(f"- [{escape_inline(page.ui('quick_reference'))}]({page.link(QUICK_REFERENCE_PAGE)})")
    if view.categories:
        page.add(f"## {escape_inline(page.ui('faq'))} {{#faq}}")
        _add_categories(page)
    if view.warranties:
        page.add(f"## {escape_inline(page.ui('warranty'))} {{#warranty}}")
        _add_policies(page)
    return page.finish()


def render_part_pages(view: HandbookView, language: str) -> dict[str, MarkdownPage]:
    """The page of each part the handbook has (procedures, FAQ, warranty), by page source path: its title and
    its list, as on the front page."""
    parts = {
        PROCEDURES_PAGE: ("procedures", _add_procedures, bool(view.procedures)),
        FAQ_PAGE: ("faq", _add_categories, bool(view.categories)),
        WARRANTY_PAGE: ("warranty", _add_policies, bool(view.warranties)),
    }
    pages = {}
    for path, (title, add_list, present) in parts.items():
        if present:
            page = HandbookPage(view, language, path)
            page.add_title(page.ui(title), escape_inline(page.ui(title)))
            add_list(page)
            pages[path] = page.finish()
    return pages


def _add_procedures(page: HandbookPage) -> None:
    if not page.view.procedures:
        page.add(escape_inline(page.ui("no_procedures")))
    for procedure_id, procedure in page.view.procedures.items():
        page.add(
            page.render(
                "procedure-card",
                href=page.href(procedure_page_path(procedure_id)),
                title=ready_html(page.inline_html(procedure.title)),
                deadlines=deadlines(page, procedure),
                when=ready_html(page.md_block(procedure.when)),
            )
        )


def _add_categories(page: HandbookPage) -> None:
    page.add(
        "\n".join(
            f"- [{page.inline(category.category.title)}]({page.link(category_page_path(category.id))})"
            for category in page.view.categories
        )
    )


def _add_policies(page: HandbookPage) -> None:
    page.add(
        "\n".join(
            f"- [{page.inline(policy.title)}]({page.link(warranty_page_path(pid))})"
            for pid, policy in page.view.warranties.items()
        )
    )
