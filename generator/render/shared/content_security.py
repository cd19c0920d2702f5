"""A Content-Security-Policy on every page of both sites: defence in depth behind the sanitizer.

Should a gap in sanitizing ever let markup from a seller's text through, the
browser still runs nothing of it: scripts run only from the site's own files
and, inline, only those whose exact text kbgen or Material wrote (each allowed
by its SHA-256 hash, computed from the finished page, so no other inline
script and no event-handler attribute runs); no plugins (`object-src 'none'`),
no `<base>` that would point the page's relative URLs elsewhere, forms only to
the site itself.

Pages carry the policy as a `<meta http-equiv>` tag, because the sites are
static files on hosts kbgen does not configure (GitHub Pages sends no headers
of ours). A meta policy applies from where it stands, so it goes first in
`<head>`, right after the character set.

Left open on purpose: styles (Material and the flowcharts set inline styles),
images from other hosts (a seller's Markdown may show one) and `data:` images.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Inline script elements as kbgen's templates and Material write them (never seller text: that is
# sanitized before it reaches a page). Group 1: the attributes; group 2: the script's text.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_SOURCE_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.I)
# Data blocks: the browser never runs these, so they need no hash.
_DATA_TYPE = re.compile(r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def content_security_policy(page: str, content: str = "") -> str:
    """The policy of one finished page: the inline scripts of its templates allowed by hash, nothing
    else inline. `content`: the page's content (what its Markdown and kbgen's blocks became), left out
    of the count: a script there can only be a sanitizer's gap, and the policy is what must stop it."""
    templates_only = page.replace(content, "", 1) if content else page
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
            for attributes, text in _SCRIPT.findall(templates_only)
            if not _SOURCE_ATTRIBUTE.search(attributes) and not _DATA_TYPE.search(attributes)
        }
    )
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https: http:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def with_content_security_policy(page: str, content: str = "") -> str:
    """`page` (a whole HTML document) with its policy as the first thing after its character set."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page, content)}">'
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        return page  # not a document with a head (a fragment): nothing to protect here
    return page[: anchor.end()] + tag + page[anchor.end() :]
