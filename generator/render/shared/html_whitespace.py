"""The line breaks and indentation of a built page, collapsed: what Material's templates indent costs bytes only.

Material's templates are written indented, one tag a line, with a line of its own for every `{% if %}`: a
page's navigation and table of contents are a third whitespace (measured with benchmarks/page_bytes.py).
A browser shows a run of spaces and line breaks in text as one space, so a run holding a line break is
written as that one line break, and the page shows and reads the same (a line break, not a space: a run
between two words still separates them, and one between two tags stays a text node as before).

Left exactly as written: what is shown as written (the contents of `pre`, `textarea`, `code` and `kbd`:
Material's stylesheet keeps their whitespace), what is not text (`script`, `style`, comments) and the inside
of every tag (an attribute's value may hold line breaks that a script reads). Texts kbgen writes on one line
for a box that keeps whitespace (`one_line` in html_templates.py) have no raw line break to collapse.
"""

from __future__ import annotations

import re

# A tag's inside up to its `>`: names, `=` and values, quoted values whole (they may hold `>` and line breaks).
# Written so that no part can be matched two ways (possessive `*+`): the scan stops at every `<` of a page.
_TAG_REST = r"""[^'">]*+(?:(?:"[^"]*+"|'[^']*+')[^'">]*+)*+"""
# The same without a line break, then the first line break (outside a value, or inside one: that value whole).
_TAG_TO_LINE_BREAK = r"""[^'">\n]*+(?:(?:"[^"\n]*+"|'[^'\n]*+')[^'">\n]*+)*+(?:\n|"[^"\n]*+\n[^"]*+"|'[^'\n]*+\n[^']*+')"""
# What is kept as written: the elements that show or hold whitespace as written, with their contents;
# comments; tags with a line break inside. (A tag without one has nothing to collapse: the runs are found
# between these only.)
_KEEP = re.compile(
    rf"<(?:(pre|textarea|code|kbd|script|style)\b{_TAG_REST}>.*?</(?i:\1)[ \t\r\n\f]*>"
    r"|!--.*?-->"
    rf"|{_TAG_TO_LINE_BREAK}{_TAG_REST}>)",
    re.S | re.I,
)
# A line break followed by more whitespace (HTML's: not a no-break or ideographic space, which show).
_RUN = re.compile(r"\n[ \t\r\n\f]+")


def collapse_whitespace(html: str) -> str:
    """`html` with each run of whitespace that holds a line break written as one line break, outside the
    elements, comments and tags that keep theirs (module docstring)."""
    parts = []
    done = 0
    for kept in _KEEP.finditer(html):
        parts.append(_RUN.sub("\n", html[done : kept.start()]))
        parts.append(kept.group())
        done = kept.end()
    parts.append(_RUN.sub("\n", html[done:]))
    return "".join(parts)
