"""Helpers for writing page sources: seller text that must stay text, seller Markdown, and page metadata."""

from __future__ import annotations

import functools
import html
import re
import string
import threading
import unicodedata

import markdown as python_markdown
import yaml

from ...search import html_to_text
from .mkdocs_config import SHARED_THEME_DIR, base_mkdocs_config

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


def _page_markdown_extensions() -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions the site's pages are built with (`base_mkdocs_config`), but `toc`.

    `toc` only adds heading ids and "¶" links, which nothing rendered here keeps,
    and it cost a sixth of the rendering time.
    """
    config = base_mkdocs_config(
        theme_dir=SHARED_THEME_DIR, site_name="", languages=["en"], site_names={"en": ""}, site_url=None
    )
    names: list[str] = []
    settings: dict[str, dict] = {}
    for extension in config["markdown_extensions"]:
        name, options = next(iter(extension.items())) if isinstance(extension, dict) else (extension, None)
        if name == "toc":
            continue
        names.append(name)
        if options:
            settings[name] = options
    return names, settings


_markdown: python_markdown.Markdown | None = None
_markdown_lock = threading.Lock()  # one Markdown instance; `kbgen serve` may render from another thread


# Cached, and large enough for a shop of several thousand entries in five languages: the search
# documents, the widget, the JSON-LD and the meta descriptions all need the same answers.
@functools.lru_cache(maxsize=65536)
def render_markdown(source: str) -> str:
    """Seller Markdown (with our `markdown="block"` wrappers) as the HTML its page shows.

    One Markdown instance serves every call (reset between them): building one
    costs more than converting a typical answer, and a large site converts thousands.
    """
    global _markdown
    with _markdown_lock:
        if _markdown is None:
            names, settings = _page_markdown_extensions()
            _markdown = python_markdown.Markdown(extensions=names, extension_configs=settings)
        _markdown.reset()
        return _markdown.convert(source)


@functools.lru_cache(maxsize=65536)
def markdown_to_text(markdown: str) -> str:
    """Seller Markdown as one line of plain text: for JSON-LD answers, meta descriptions and search."""
    return html_to_text(render_markdown(markdown))


def shorten(text: str, width: int = 160) -> str:
    """`text` cut to about `width` columns at a word boundary, with an ellipsis.

    Chinese, Japanese and Korean characters count as two columns, so a Chinese
    description is about as long on screen as an English one.
    """
    used = 0
    for index, character in enumerate(text):
        used += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if used > width:
            cut = text[:index]
            space = cut.rfind(" ")
            if space > len(cut) * 2 // 3:
                cut = cut[:space]
            return cut.rstrip(" ,.;:，。；：、") + "…"
    return text


# What must not reach Material's templates raw: it writes the site name, navigation titles and page
# titles into the page unescaped (`{{ config.site_name }}`, also inside aria-label="..."), while a few
# places escape them again (`| e`). So: escape what could open a tag, close an attribute or start a
# character reference, and leave a lone `&` as it is, so that both kinds of places show it right.
_MATERIAL_UNSAFE = re.compile(r'[<>"]|&(?=#?[A-Za-z0-9]+;)')
_MATERIAL_ESCAPES = {"<": "&lt;", ">": "&gt;", '"': "&quot;"}

def material_safe(text: str) -> str:
    """Seller text for a title Material writes as it is: site name, navigation, page title (see above)."""
    return _MATERIAL_UNSAFE.sub(lambda match: _MATERIAL_ESCAPES.get(match.group(), "&amp;"), text)
