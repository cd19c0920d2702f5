"""What a seller's Markdown may not contain: raw HTML, and links or images with an unsafe scheme.

Python-Markdown passes raw HTML and `javascript:` links through untouched, even
in strict mode, so the check happens here, on the source text, before anything
is rendered. Code (fenced blocks and `inline spans`) is exempt: there `<b>` is
text the page shows, not markup.
"""

from __future__ import annotations

import html
import re
import urllib.parse

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.S | re.M)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|!--|![A-Za-z]|\?)"
)
# Link and image destinations: [text](dest), ![alt](dest), [label]: dest, <scheme:...>
_INLINE_DEST = re.compile(r"\]\(\s*<?([^\s)>]*)")
_REFERENCE_DEST = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop these anywhere in a URL before reading its scheme.
_URL_INVISIBLES = re.compile(r"[\x00-\x20\x7f]")


def find_problems(markdown: str) -> list[tuple[int, str]]:
    """(offset, message) for every raw HTML tag and unsafe link in `markdown`."""
    text = _blank_out_code(markdown)
    problems: list[tuple[int, str]] = []
    for match in _HTML.finditer(text):
        if _AUTOLINK.match(text, match.start()):
            continue
        snippet = match.group(0)[:30]
        problems.append((match.start(), f"raw HTML is not allowed in Markdown ({snippet}...): use Markdown, or write &lt; for a literal <"))
    for pattern in (_INLINE_DEST, _REFERENCE_DEST, _AUTOLINK):
        for match in pattern.finditer(text):
            scheme = unsafe_scheme(match.group(1))
            if scheme:
                problems.append(
                    (match.start(1), f"link scheme '{scheme}:' is not allowed: links and images may use {', '.join(ALLOWED_SCHEMES)} only")
                )
    return sorted(problems)


def unsafe_scheme(destination: str) -> str | None:
    """The scheme of a link destination when it is not an allowed one, however it was encoded."""
    decoded = destination
    for _ in range(3):  # entities and percent-escapes can be stacked: &amp;#106; ...
        decoded = urllib.parse.unquote(html.unescape(decoded))
    decoded = _URL_INVISIBLES.sub("", decoded).lower()
    match = _SCHEME.match(decoded)
    if match and match.group(1) not in ALLOWED_SCHEMES:
        return match.group(1)
    return None


def _blank_out_code(markdown: str) -> str:
    """The text with code replaced by spaces, so offsets still point into the original."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, markdown))
