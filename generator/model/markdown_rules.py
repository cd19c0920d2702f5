"""What a seller's Markdown may not contain: raw HTML, links or images with an unsafe scheme,
and attribute lists.

Python-Markdown passes raw HTML and `javascript:` links through untouched, even
in strict mode, so the check happens here, on the source text, before anything
is rendered. Code (fenced blocks and `inline spans`) is exempt: there `<b>` is
text the page shows, not markup.

Attribute lists are the `attr_list` extension's `{...}` after an element:
`[x](https://a){onclick="..."}` or `{: href="javascript:..."}` would put any
attribute on the element, which is raw HTML by another name. A `{placeholder}`
in running text (`send us {order_id}`) is left alone: attr_list does not read it.
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
# attr_list's `{...}` (its BASE_RE): read after an inline element (`*a*{...}`, `[x](y){...}`), at the
# end of a heading, or alone on a block's last line; attribute syntax (`key=`, `#id`, `.class`, `{:`) anywhere.
_ATTR_LIST = re.compile(r"\{(:?)[ ]*([^}\n ][^}\n]*)\}")
_ATTRIBUTE_SYNTAX = re.compile(r"(?:^|\s)(?:[#.][\w-]|[\w:-]+\s*=)")
_INLINE_CLOSERS = "*_`)]"
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
    for match in _ATTR_LIST.finditer(text):
        if _is_attribute_list(text, match):
            problems.append(
                (match.start(), f"attribute list {match.group(0)[:30]} is not allowed in Markdown: it would set HTML attributes; "
                 "for a placeholder write it inside the text, not right after formatting or at the end of a heading")
            )
    return sorted(set(problems))  # `[a](<javascript:x>)` is both a link and an autolink: one report


def _is_attribute_list(text: str, match: re.Match) -> bool:
    """Whether Python-Markdown's attr_list would read this `{...}` (erring on the side of yes)."""
    if match.group(1) or _ATTRIBUTE_SYNTAX.search(match.group(2)):
        return True
    before = text[match.start() - 1] if match.start() else "\n"
    if before in _INLINE_CLOSERS:
        return True
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : len(text) if line_end == -1 else line_end]
    rest_of_line = text[match.end() : len(text) if line_end == -1 else line_end]
    if rest_of_line.lstrip(" ").startswith("|"):
        return True  # the end of a table cell
    if rest_of_line.strip():
        return False
    # At the end of its line: a heading's attributes, or a line of its own that ends a block.
    return line.lstrip().startswith("#") or not text[line_start : match.start()].strip() or _next_line_is_underline(text, line_end)


def _next_line_is_underline(text: str, line_end: int) -> bool:
    """Whether the line after `line_end` makes the line before it a heading (`===` or `---`)."""
    if line_end == -1:
        return False
    next_end = text.find("\n", line_end + 1)
    following = text[line_end + 1 : len(text) if next_end == -1 else next_end].strip()
    return bool(following) and set(following) <= {"="} or set(following) == {"-"}


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
