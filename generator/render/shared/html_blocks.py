"""Ready-made HTML in a page source, kept out of Python-Markdown's way.

Most of a large help center is HTML that kbgen has already made: every answer
is converted once for the search documents, the widget and the JSON-LD, and the
boxes around it (related questions, the handbook's links to send) are written
as HTML. Given to MkDocs as raw HTML inside the Markdown, all of it was parsed
again, tag by tag, by Python-Markdown's pure-Python HTML block parser: at
1,000 entries that cost more than converting the Markdown itself.

So a page source carries such HTML apart from its Markdown. The Markdown holds
a placeholder paragraph where each block goes (headings stay in the Markdown,
so MkDocs still makes the page's table of contents and anchors); the blocks
follow the Markdown after a separator line. kbgen's build hook
(`generator/build_hook.py`) cuts the blocks off before MkDocs converts the page
(`split_page_source`) and puts each in place of its placeholder in the HTML
MkDocs made (`fill_placeholders`). A page source stays one readable file, and
`kbgen serve` needs nothing more than a build does.

The separator and the block markers are HTML comments that no seller text can
produce: raw HTML is refused in seller Markdown, and text is escaped everywhere
else, so a `<!--` in a page source is always kbgen's own.
"""

from __future__ import annotations

import re

# Between a page's Markdown and its blocks; each block starts with its own marker line.
SEPARATOR = "<!-- kbgen:html-blocks -->"
_MARKER = "<!-- kbgen:html-block -->\n"
# A paragraph of its own in the Markdown: letters and digits only, which no Markdown extension changes.
_PLACEHOLDER = "kbgenhtmlblock{number}x"
_PLACEHOLDER_PARAGRAPH = re.compile(r"<p>kbgenhtmlblock(\d+)x</p>")


class HtmlBlocks:
    """The ready-made HTML of one page, collected while its Markdown is written."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def place(self, html: str) -> str:
        """The Markdown that stands for `html` on the page: a paragraph of its own (blank lines around it)."""
        self.blocks.append(html)
        return _PLACEHOLDER.format(number=len(self.blocks) - 1)

    def attach(self, markdown: str) -> str:
        """The page source: `markdown`, then the blocks it places (none: `markdown` as it is)."""
        if not self.blocks:
            return markdown
        return "".join([markdown.rstrip("\n"), "\n\n", SEPARATOR, "\n", *(_MARKER + block + "\n" for block in self.blocks)])


def split_page_source(source: str) -> tuple[str, list[str]]:
    """A page source's Markdown, and its blocks in placement order."""
    markdown, separator, rest = source.partition("\n" + SEPARATOR + "\n")
    if not separator:
        return source, []
    blocks = rest.split(_MARKER)[1:]
    return markdown + "\n", [block.removesuffix("\n") for block in blocks]


def fill_placeholders(html: str, blocks: list[str]) -> str:
    """The page's HTML with each placeholder paragraph replaced by its block."""
    if not blocks:
        return html

    def block_for(match: re.Match) -> str:
        number = int(match.group(1))
        return blocks[number] if number < len(blocks) else match.group(0)

    return _PLACEHOLDER_PARAGRAPH.sub(block_for, html)
