"""Helpers for writing page sources: seller text that must stay text, seller Markdown, and page metadata."""

from __future__ import annotations

import functools
import html
import posixpath
import re
import string
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt

from ...search import html_to_text
from .sanitize import clean_html
from .urls import relative_page_url

# Python-Markdown's escapable characters (its ESCAPED_CHARS); a backslash before any other one stays visible.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def escape_inline(text: str) -> str:
    """Plain text (a question, a title) that Markdown must print as it is, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def attribute(text: str) -> str:
    """Text for an HTML attribute value."""
    return html.escape(text, quote=True)


def fill_template(template: str, **html_values: str) -> str:
    """An interface string as HTML: its own words escaped, its `{placeholders}` filled with ready HTML.

    `fill_template("Warranty: {policy}", policy='<a href="../warranty/x/">One year</a>')`
    keeps the link a link while a `<` or `&` in a translation stays a character.
    """
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(html.escape(literal, quote=False))
        if field is not None:
            parts.append(html_values[field])
    return "".join(parts)


def front_matter(meta: dict) -> str:
    """A page's YAML front matter (MkDocs reads it into `page.meta`), or nothing when `meta` is empty."""
    if not meta:
        return ""
    # libyaml's emitter when PyYAML has it: the pure-Python one took seconds on a large site's JSON-LD strings.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def _seller_markdown() -> MarkdownIt:
    """The converter of sellers' Markdown: CommonMark with tables, raw HTML off.

    markdown-it-py rather than MkDocs' Python-Markdown: its parser runs in time
    linear in the text on any input (Python-Markdown took a minute over 20 KB of
    `[`), and with `html` off a `<tag>` in a seller's text is text, never markup.
    Links to other hosts get `rel="noopener noreferrer"`; on a hand-written page
    (`env["page"]`: its path in its language folder), a relative link to another
    page's Markdown file (`contact.md#hours`) becomes that page's URL, as MkDocs
    would make it.
    """
    converter = MarkdownIt("commonmark", {"html": False}).enable("table")
    converter.add_render_rule("link_open", _link_open)
    return converter


def _link_open(self, tokens, index, options, env):
    token = tokens[index]
    href = urlsplit(token.attrGet("href") or "")
    if href.scheme in ("http", "https") or href.netloc:  # `//host/...` is another host too
        token.attrSet("rel", "noopener noreferrer")
    elif env.get("page") and not href.scheme and not href.netloc and href.path.endswith(".md"):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(env["page"]), href.path))
        token.attrSet("href", relative_page_url(env["page"], target, href.fragment or None))
    return self.renderToken(tokens, index, options, env)


_markdown = _seller_markdown()  # stateless between calls: one instance serves every thread


# Cached, and large enough for a shop of several thousand entries in five languages: the search
# documents, the widget, the JSON-LD and the meta descriptions all need the same answers.
@functools.lru_cache(maxsize=65536)
def render_markdown(source: str, page: str | None = None) -> str:
    """Seller Markdown as the HTML its page shows, through the sanitizer (`sanitize.clean_html`).
    `page`: for a hand-written page's Markdown, the page's path (its links to other pages' files)."""
    return clean_html(_markdown.render(source, {"page": page}))


@functools.lru_cache(maxsize=65536)
def markdown_to_text(markdown: str) -> str:
    """Seller Markdown as one line of plain text: for JSON-LD answers, meta descriptions and search."""
    return html_to_text(render_markdown(markdown))


# What must not reach Material's templates raw: it writes the site name, navigation titles and page
# titles into the page unescaped (`{{ config.site_name }}`, also inside aria-label="..."), while a few
# places escape them again (`| e`). So: escape what could open a tag, close an attribute or start a
# character reference, and leave a lone `&` as it is, so that both kinds of places show it right.
_MATERIAL_UNSAFE = re.compile(r'[<>"]|&(?=#?[A-Za-z0-9]+;)')
_MATERIAL_ESCAPES = {"<": "&lt;", ">": "&gt;", '"': "&quot;"}

def material_safe(text: str) -> str:
    """Seller text for a title Material writes as it is: site name, navigation, page title (see above)."""
    return _MATERIAL_UNSAFE.sub(lambda match: _MATERIAL_ESCAPES.get(match.group(), "&amp;"), text)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # plain text


@functools.lru_cache(maxsize=4096)
def markdown_sections(source: str, page: str) -> tuple[Heading | str, ...]:
    """A whole page of seller Markdown (a hand-written page), cut at its top-level headings: a
    `Heading` for each, and between them the sanitized HTML of what they head.

    The headings go to MkDocs as Markdown of kbgen's own (escaped text), so it still makes the
    page's anchors and table of contents; everything else is converted here, like every seller text.
    """
    env: dict = {"page": page}
    tokens = _markdown.parse(source, env)
    sections: list[Heading | str] = []
    start = 0

    def flush(end: int) -> None:
        if end > start:
            converted = clean_html(_markdown.renderer.render(tokens[start:end], _markdown.options, env))
            if converted.strip():
                sections.append(converted)

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.level == 0:
            flush(index)
            inline = tokens[index + 1]
            text = html_to_text(clean_html(_markdown.renderer.render([inline], _markdown.options, env)))
            sections.append(Heading(int(token.tag[1]), text))
            index += 3  # heading_open, inline, heading_close
            start = index
            continue
        index += 1
    flush(len(tokens))
    return tuple(sections)
