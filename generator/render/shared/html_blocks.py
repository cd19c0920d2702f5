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

A page's questions (a category page holds hundreds) are blocks too: a heading
and what it heads, all the questions of a page as one block (`HtmlBlocks.place_sections`), written as MkDocs
makes a heading of `## text {#anchor}` (its id, the `toc` extension's permalink),
with its table-of-contents entry beside (`MarkdownPage.headings`), which the
plugin adds to the page's table of contents. Python-Markdown then parses a
handful of lines per page instead of a heading and a paragraph per question:
a fifth of a large site's build.

A placeholder is a word of letters and digits alone in a paragraph
(`<p>kbgenhtmlblock0x</p>` once converted), which no Markdown extension
changes. An answer that holds such a word shows it as text (answers are blocks
themselves); a seller text that is nothing but such a word, alone on a Markdown
line, would at worst repeat one of the page's own blocks, never bring markup of
its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from markdown.extensions.toc import strip_tags

from .sanitize import clean_html

# A paragraph of its own in the Markdown: letters and digits only, which no Markdown extension changes.
_PLACEHOLDER = "kbgenhtmlblock{number}x"
_PLACEHOLDER_PARAGRAPH = re.compile(r"<p>kbgenhtmlblock(\d+)x</p>")


@dataclass(frozen=True)
class BlockHeading:
    """A heading inside block number `block`: its level, anchor and the text its table-of-contents entry
    shows (as Python-Markdown's `toc` extension gives it: the heading's HTML without its tags)."""

    block: int
    level: int
    anchor: str
    name: str


@dataclass(frozen=True)
class MarkdownPage:
    """A page as kbgen hands it to MkDocs: Markdown with placeholders, the HTML blocks they stand for,
    the headings inside those blocks, and its JSON-LD (schema.org data for its head, safe in a script:
    `sanitize.script_json`), which kbgen's plugin gives the page as `page.meta.kb_json_ld`.

    The JSON-LD stays in memory, out of the front matter: a category page's lists every question and
    answer, 21 MB of YAML for MkDocs to parse again at 10,000 entries (0.8 s of the buyers' site's build).
    """

    markdown: str
    html_blocks: tuple[str, ...] = ()
    headings: tuple[BlockHeading, ...] = ()
    json_ld: str | None = None

    def after(self, front_matter: str) -> MarkdownPage:
        """The same page with `front_matter` before its Markdown."""
        return replace(self, markdown=front_matter + self.markdown)


def heading_html(level: int, anchor: str, inner_html: str) -> str:
    """The heading MkDocs makes of the Markdown `## text {#anchor}` (`inner_html`: the text, escaped), with
    the `toc` extension's permalink, through the sanitizer as MkDocs' own HTML is (build_plugin.py)."""
    href = html.escape(anchor)
    return clean_html(
        f'<h{level} id="{href}">{inner_html}<a class="headerlink" href="#{href}" title="Permanent link">\u00b6</a></h{level}>'
    )


class HtmlBlocks:
    """The ready-made HTML of one page, collected while its Markdown is written."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.headings: list[BlockHeading] = []

    def place_sections(self, level: int, sections: Iterable[tuple[str, str, str]]) -> str:
        """Sections (anchor, heading text as escaped HTML, the HTML under the heading), each a heading
        (`heading_html`) and what it heads, as one block (see `place`); every heading goes into the
        page's table of contents (`MarkdownPage.headings`)."""
        block = len(self.blocks)
        parts = []
        for anchor, inner_html, body_html in sections:
            # The entry's text as Python-Markdown gives it: tags stripped, and only `&`, `<` and `>` as
            # character references (`inner_html` may have escaped quotes too; Material prints it as it is).
            name = html.escape(html.unescape(strip_tags(inner_html)), quote=False)
            self.headings.append(BlockHeading(block, level, anchor, name))
            parts += [heading_html(level, anchor, inner_html), body_html]
        return self.place("\n".join(parts))

    def place(self, html: str) -> str:
        """The Markdown that stands for `html` on the page: a paragraph of its own (blank lines around it)."""
        self.blocks.append(html)
        return _PLACEHOLDER.format(number=len(self.blocks) - 1)

    def attach(self, markdown: str) -> MarkdownPage:
        """The page: `markdown`, and the blocks it places."""
        return MarkdownPage(markdown, tuple(self.blocks), tuple(self.headings))


def placeholder_position(html: str, block: int) -> int:
    """Where the placeholder of block number `block` is in the HTML MkDocs made of the page (-1: nowhere)."""
    return html.find(f"<p>{_PLACEHOLDER.format(number=block)}</p>")


def fill_placeholders(html: str, blocks: tuple[str, ...]) -> str:
    """The page's HTML with each placeholder paragraph replaced by its block."""
    if not blocks:
        return html

    def block_for(match: re.Match) -> str:
        number = int(match.group(1))
        return blocks[number] if number < len(blocks) else match.group(0)

    return _PLACEHOLDER_PARAGRAPH.sub(block_for, html)
