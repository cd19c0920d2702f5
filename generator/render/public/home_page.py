"""The home page of one language: the shop, its topics with their first questions, warranty, how to reach us.

    # <shop name>
    <tagline>
    <intro>                       hand-written docs/<lang>/intro.md, when there is one
    ## Topics                     each category: title, number of questions, its first questions
    ## Warranty                   each policy: title, what it applies to
    ## How to reach us            each channel: label, link, response time; a link to the contact page

Section anchors are the same in every language (`#topics`, `#topic-<category>`, `#warranty`,
`#contact`), so the language switcher keeps the reader's place.
The search box is not part of the page: the theme's `hero` block holds its slot.
"""

from __future__ import annotations

from ...view import Localized
from ..shared.html_blocks import HtmlBlocks
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.page import PageSource
from ..shared.urls import CONTACT_PAGE, category_page_path, warranty_page_path
from .contact_page import reply_time_text
from .page import PublicPage

# Questions listed under each topic on the home page; the category page has them all.
QUESTIONS_PER_TOPIC = 5


def render_home_page(page: PublicPage, intro: Localized | None = None) -> PageSource:
    view = page.view
    blocks = HtmlBlocks()
    lines = [f"# {page.inline(view.site.shop.name)}", ""]
    if view.site.shop.tagline:
        lines += [page.inline(view.site.shop.tagline), "{: .kb-lead }", ""]
    if intro is not None:
        lines += [blocks.place(page.block_html(page.hand_written(intro))), ""]
    lines += _topics(page)
    lines += _warranty_policies(page)
    lines += _how_to_reach_us(page, blocks)
    description = page.plain(view.site.shop.tagline) if view.site.shop.tagline else page.plain(view.site.shop.name)
    # The plain name (no "not translated" badge) for the navigation.
    return PageSource(body=blocks.attach("\n".join(lines) + "\n"), title=page.plain(view.site.shop.name), description=description)


def _topics(page: PublicPage) -> list[str]:
    lines = [f"## {escape_inline(page.ui('categories'))} {{#topics}}", ""]
    for category in page.view.categories:
        path = category_page_path(category.id)
        count = page.ui("questions_count", n=len(category.entries))
        lines += [f"### [{page.inline(category.category.title)}]({page.link(path)}) {{#topic-{category.id}}}", ""]
        lines += [escape_inline(count), "{: .kb-count }", ""]
        for entry in category.entries[:QUESTIONS_PER_TOPIC]:
            lines.append(f"- [{page.inline(entry.question)}]({page.link(path, entry.id)})")
        if len(category.entries) > QUESTIONS_PER_TOPIC:
            lines.append(f"- [{escape_inline(page.ui('all_questions'))} →]({page.link(path)}){{: .kb-more }}")
        lines.append("")
    return lines


def _warranty_policies(page: PublicPage) -> list[str]:
    if not page.view.warranties:
        return []
    lines = [f"## {escape_inline(page.ui('warranty_policies'))} {{#warranty}}", ""]
    for policy_id, policy in page.view.warranties.items():
        lines.append(f"- [{page.inline(policy.title)}]({page.link(warranty_page_path(policy_id))}) — {page.inline(policy.applies_to)}")
    return lines + [""]


def _how_to_reach_us(page: PublicPage, blocks: HtmlBlocks) -> list[str]:
    lines = [f"## {escape_inline(page.ui('reach_us'))} {{#contact}}", ""]
    items = [
        {"link": ready_html(page.contact_link(contact, page.inline_html(contact.label))), "reply": reply_time_text(page, contact) or ""}
        for contact in page.view.contacts
    ]
    # The addresses are written as HTML attributes, never pasted into Markdown (where a `)` would end the link).
    lines += [blocks.place(page.view.templates.render("public/contact-list.html", items=items))]
    lines += ["", f"[{escape_inline(page.ui('all_contacts'))} →]({page.link(CONTACT_PAGE)})", "{: .kb-more }", ""]
    return lines
