"""Ready-made HTML beside a page's Markdown, kept out of Python-Markdown's way.

Most of a large help center is HTML that kbgen has already made: every answer
is converted once for the search documents, the widget and the JSON-LD, and the
boxes around it (related questions, the handbook's links to send) are written
as HTML. Given to MkDocs as raw HTML inside the Markdown, all of it was parsed
again, tag by tag, by Python-Markdown's pure-Python HTML block parser: at
1,000 entries that cost more than converting the Markdown itself.

So a page is a `MarkdownPage`: its Markdown, with a placeholder paragraph where
each block goes (headings stay in the Markdown, so MkDocs still makes the
page's table of contents and anchors), and the blocks themselves, held in
memory. MkDocs reads only the Markdown; kbgen's MkDocs plugin
(`generator/build_plugin.py`) puts each block in place of its placeholder in
the HTML MkDocs made of it (`fill_placeholders`).

A placeholder is a word of letters and digits alone in a paragraph
(`<p>kbgenhtmlblock0x</p>` once converted), which no Markdown extension
changes. An answer that holds such a word shows it as text (answers are blocks
themselves); a seller text that is nothing but such a word, alone on a Markdown
line, would at worst repeat one of the page's own blocks, never bring markup of
its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph of its own in the Markdown: letters and digits only, which no Markdown extension changes.
_PLACEHOLDER = "kbgenhtmlblock{number}x"
_PLACEHOLDER_PARAGRAPH = re.compile(r"<p>kbgenhtmlblock(\d+)x</p>")


@dataclass(frozen=True)
class MarkdownPage:
    """A page as kbgen hands it to MkDocs: Markdown with placeholders, and the HTML blocks they stand for."""

    markdown: str
    html_blocks: tuple[str, ...] = ()

    def after(self, front_matter: str) -> MarkdownPage:
        """The same page with `front_matter` before its Markdown."""
        return MarkdownPage(front_matter + self.markdown, self.html_blocks)


class HtmlBlocks:
    """The ready-made HTML of one page, collected while its Markdown is written."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def place(self, html: str) -> str:
        """The Markdown that stands for `html` on the page: a paragraph of its own (blank lines around it)."""
        self.blocks.append(html)
        return _PLACEHOLDER.format(number=len(self.blocks) - 1)

    def attach(self, markdown: str) -> MarkdownPage:
        """The page: `markdown`, and the blocks it places."""
        return MarkdownPage(markdown, tuple(self.blocks))


def fill_placeholders(html: str, blocks: tuple[str, ...]) -> str:
    """The page's HTML with each placeholder paragraph replaced by its block."""
    if not blocks:
        return html

    def block_for(match: re.Match) -> str:
        number = int(match.group(1))
        return blocks[number] if number < len(blocks) else match.group(0)

    return _PLACEHOLDER_PARAGRAPH.sub(block_for, html)
