"""The contact page: every channel of `site.yml` with its link, hours and response time.

Each channel links the way a phone acts on it: an e-mail address as `mailto:`,
a phone number as `tel:` (digits only, so every dialer understands it), chat,
social and form channels as their URL. Response times are written as each
language says them: `2h` -> "We usually reply within 2 hours." / "通常在 2 小时内回复。".
"""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit, urlunsplit

from ..model import Contact
from .html_blocks import HtmlBlocks
from .markdown_text import attribute, escape_inline
from .page_text import PageContext, PageSource
from .formatting import mailto_link, plain_address, tel_link
from .ui_text import within_text

# What may stay unescaped in a URL's path, query and fragment (RFC 3986's reserved and unreserved
# characters, and `%` of an escape already there); anything else a seller typed is percent-encoded.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?#"


def contact_href(contact: Contact) -> str:
    """The link of a channel, built from its address as data: `mailto:`, `tel:` or the http(s) URL.

    Validation has checked the address's form already; the URL is taken apart and
    put together again here, so that whatever it holds ends up percent-encoded in
    one attribute value, never as markup.
    """
    if contact.channel == "email":
        return mailto_link(contact.address)
    if contact.channel == "phone":
        return tel_link(contact.address)
    parts = urlsplit(contact.address)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {contact.address!r}")  # validation refuses it first
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc, quote(parts.path, safe=_URL_SAFE), quote(parts.query, safe=_URL_SAFE),
         quote(parts.fragment, safe=_URL_SAFE))
    )


def contact_link_html(contact: Contact, text_html: str) -> str:
    """An `<a>` to the channel around ready HTML: the address as an escaped attribute; a URL of
    another host opened without telling it where the buyer came from."""
    href = contact_href(contact)
    rel = ' rel="noopener noreferrer"' if contact.channel not in ("email", "phone") else ""
    return f'<a href="{attribute(href)}"{rel}>{text_html}</a>'


def contact_link_text(contact: Contact) -> str:
    """What the link shows: the address a buyer may want to copy (e-mail, phone), or a short form of the URL."""
    if contact.channel in ("email", "phone"):
        return plain_address(contact.address)
    parts = urlsplit(contact.address)
    return (parts.netloc + parts.path).rstrip("/")


def reply_time_text(page: PageContext, contact: Contact) -> str | None:
    if contact.response_time is None:
        return None
    return page.ui("reply_within", within=within_text(page.language, contact.response_time))


def render_contact_page(page: PageContext) -> PageSource:
    title = page.ui("contact_page")
    blocks = HtmlBlocks()
    lines = [f"# {escape_inline(title)}", "", escape_inline(page.ui("contact_intro")), "{: .kb-lead }", ""]
    for contact in page.view.contacts:
        lines += [f"## {page.inline(contact.label)} {{#{contact.id}}}", ""]
        link = contact_link_html(contact, html.escape(contact_link_text(contact), quote=False))
        lines += [blocks.place(f'<p class="kb-contact-link kb-contact-link--{contact.channel}">{link}</p>'), ""]
        if contact.hours:
            lines += [f"{escape_inline(page.ui('hours'))}: {page.inline(contact.hours)}", ""]
        reply = reply_time_text(page, contact)
        if reply:
            lines += [escape_inline(reply), ""]
    labels = ", ".join(page.plain(contact.label) for contact in page.view.contacts)
    return PageSource(body=blocks.attach("\n".join(lines) + "\n"), title=title, description=labels)
