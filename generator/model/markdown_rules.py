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

import bisect
import html
import re
import urllib.parse

from ..messages import Message

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")

# Possessive runs (`{3,}+`): a line of thousands of backticks must not be tried at every length.
_FENCE = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)[^\n]*+\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.S | re.M)
_BACKTICKS = re.compile(r"`+")
_HTML = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|!--|![A-Za-z]|\?)"
)
# Link and image destinations: [text](dest), ![alt](dest), [label]: dest, <scheme:...>
_INLINE_DEST = re.compile(r"\]\(\s*<?([^\s)>]*)")
_REFERENCE_DEST = re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,999}\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# attr_list's `{...}` (its BASE_RE): read after an inline element (`*a*{...}`, `[x](y){...}`), at the
# end of a heading, or alone on a block's last line; attribute syntax (`key=`, `#id`, `.class`, `{:`) anywhere.
_ATTR_LIST = re.compile(r"\{(:?)[ ]*([^{}\n ][^{}\n]*)\}")
_ATTRIBUTE_SYNTAX = re.compile(r"(?:^|\s)(?:[#.][\w-]|[\w:-]+\s*=)")
_INLINE_CLOSERS = "*_`)]"
# A character every problem above holds: a tag's or autolink's `<`, a link's `]`, an attribute list's `{`.
_STARTS_OF_PROBLEMS = "<]{"
# Browsers drop these anywhere in a URL before reading its scheme.
_URL_INVISIBLES = re.compile(r"[\x00-\x20\x7f]")


def find_problems(markdown: str) -> list[tuple[int, Message]]:
    """(offset, message) for every raw HTML tag and unsafe link in `markdown`.

    Every step is linear in the text's length, whatever its shape (a seller's
    1 MB of `{a` or backticks must not hold up validation): no pattern here
    scans past the next character that would end its match, and lines are
    looked up in a table (`_Lines`), not searched for.
    """
    if not any(character in markdown for character in _STARTS_OF_PROBLEMS):
        return []  # most texts: read for every text of a source (70,000 at 10,000 entries)
    text = _blank_out_code(markdown)
    lines = _Lines(text)
    problems: list[tuple[int, Message]] = []
    for match in _HTML.finditer(text):
        if _AUTOLINK.match(text, match.start()):
            continue
        snippet = match.group(0)[:30]
        # The tags sellers reach for most get the Markdown that does the same.
        tag = re.match(r"</?([A-Za-z][A-Za-z0-9]*)", snippet)
        name = tag.group(1).lower() if tag else ""
        message_id = {"br": "markdown.html_br", "b": "markdown.html_bold", "strong": "markdown.html_bold",
                      "i": "markdown.html_italic", "em": "markdown.html_italic", "a": "markdown.html_link",
                      "p": "markdown.html_paragraph"}.get(name, "markdown.html")
        problems.append((match.start(), Message(message_id, snippet=snippet)))
    for pattern in (_INLINE_DEST, _REFERENCE_DEST, _AUTOLINK):
        for match in pattern.finditer(text):
            scheme = unsafe_scheme(match.group(1))
            if scheme:
                problems.append(
                    (match.start(1), Message("markdown.scheme", scheme=scheme, allowed=ALLOWED_SCHEMES))
                )
    for match in _ATTR_LIST.finditer(text):
        if _is_attribute_list(text, lines, match):
            problems.append(
                (match.start(), Message("markdown.attribute_list", snippet=match.group(0)[:30]))
            )
    return sorted(set(problems), key=lambda problem: (problem[0], problem[1].id))  # `[a](<javascript:x>)` is both a link and an autolink: one report


class _Lines:
    """Where each line of a text starts and ends, found once."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def number(self, offset: int) -> int:
        """The 0-based line that holds `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def span(self, number: int) -> tuple[int, int]:
        """Start and end (before its line break) of line `number`."""
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return start, end


def _is_attribute_list(text: str, lines: _Lines, match: re.Match) -> bool:
    """Whether Python-Markdown's attr_list would read this `{...}` (erring on the side of yes)."""
    if match.group(1) or _ATTRIBUTE_SYNTAX.search(match.group(2)):
        return True
    before = text[match.start() - 1] if match.start() else "\n"
    if before in _INLINE_CLOSERS:
        return True
    number = lines.number(match.start())
    line_start, line_end = lines.span(number)
    # What follows on the line: a table cell's end, or other text (then this is text too). Looked at
    # up to the next `{` only, which starts the next candidate: the line is not read again for each.
    following = text[match.end() : line_end]
    next_brace = following.find("{")
    rest_of_line = following if next_brace == -1 else following[:next_brace] + "x"
    if rest_of_line.lstrip(" ").startswith("|"):
        return True  # the end of a table cell
    if rest_of_line.strip():
        return False
    # At the end of its line (so at most one candidate per line gets here, and reading the whole line
    # keeps the check linear): a heading's attributes, or a line of its own that ends a block.
    return (
        text[line_start:line_end].lstrip().startswith("#")
        or not text[line_start : match.start()].strip()
        or _next_line_is_underline(text, lines, number + 1)
    )


def _next_line_is_underline(text: str, lines: _Lines, number: int) -> bool:
    """Whether line `number` makes the line before it a heading (`===` or `---`)."""
    if number >= len(lines.starts):
        return False
    start, end = lines.span(number)
    following = text[start:end].strip()
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
    text = _FENCE.sub(lambda match: _blanked(match.group(0)), markdown)
    spans = _code_spans(text)
    if not spans:
        return text
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], _blanked(text[start:end])]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _blanked(code: str) -> str:
    return re.sub(r"[^\n]", " ", code)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code span: a run of backticks up to the next run of the same length.

    In one pass over the runs, each length's next run found through a table: a
    regex searching forward from every opening run took minutes on a text of
    backticks.
    """
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    later_runs: dict[int, list[int]] = {}  # length -> indexes of runs of that length, last first
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        later_runs.setdefault(end - start, []).append(index)
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later_runs[end - start]
        while same and same[-1] <= index:
            same.pop()
        if not same:
            index += 1  # no closing run: these backticks are text
            continue
        closing = same.pop()
        spans.append((start, runs[closing][1]))
        index = closing + 1
    return spans
