"""The contact page: every channel of `site.yml` with its link, hours and response time.

Each channel links the way a phone acts on it: an e-mail address as `mailto:`,
a phone number as `tel:` (digits only, so every dialer understands it), chat,
social and form channels as their URL (render/shared/formatting.py; the link is
templates/contact-link.html of render/shared/). Response times are written as each
language says them: `2h` -> "We usually reply within 2 hours." / "通常在 2 小时内回复。".
"""

from __future__ import annotations

import html

from ...model import Contact
from ..shared.formatting import contact_link_text, within_text
from ..shared.html_blocks import HtmlBlocks
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.page import PageSource
from .page import PublicPage


def reply_time_text(page: PublicPage, contact: Contact) -> str | None:
    if contact.response_time is None:
        return None
    return page.ui("reply_within", within=within_text(page.words, page.language, contact.response_time))


def render_contact_page(page: PublicPage) -> PageSource:
    title = page.ui("contact_page")
    blocks = HtmlBlocks()
    lines = [f"# {escape_inline(title)}", "", escape_inline(page.ui("contact_intro")), "{: .kb-lead }", ""]
    for contact in page.view.contacts:
        lines += [f"## {page.inline(contact.label)} {{#{contact.id}}}", ""]
        link = page.contact_link(contact, html.escape(contact_link_text(contact), quote=False))
        paragraph = page.view.templates.render("public/contact-address.html", channel=contact.channel, link=ready_html(link))
        lines += [blocks.place(paragraph), ""]
        if contact.hours:
            lines += [f"{escape_inline(page.ui('hours'))}: {page.inline(contact.hours)}", ""]
        reply = reply_time_text(page, contact)
        if reply:
            lines += [escape_inline(reply), ""]
    labels = ", ".join(page.plain(contact.label) for contact in page.view.contacts)
    return PageSource(body=blocks.attach("\n".join(lines) + "\n"), title=title, description=labels)
