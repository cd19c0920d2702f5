"""The one gate every piece of HTML made from a seller's text passes: an allowlist sanitizer.

Sellers' texts reach the sites through pull requests from staff and outsourced
translators, and reviewers read YAML, not HTML. The input checks of
`model/markdown_rules.py` stay as friendly early errors at FILE:LINE, but the
sites' safety rests here, on the HTML that leaves the renderer: whatever a text
turned into, only the tags and attributes listed below survive, URLs keep one of
the schemes below (or none: a relative link), and nothing can run.

The sanitizer is nh3, the Python binding of Ammonia (Rust): it parses the way
a browser's HTML5 parser does (html5ever), so mutation tricks (`<noscript>`,
`<math>`, `<svg>`, comments, unclosed attributes) are read as the browser would
read them, and it is fast enough to run over every page of a 10,000-entry shop.
bleach, the older choice, is deprecated upstream.

Who calls it:
- `markup.render_markdown`: every seller Markdown (answers, steps, notes,
  replies, hand-written pages) right after conversion;
- kbgen's MkDocs plugin (`generator/build_plugin.py`): the HTML MkDocs makes of every page's
  Markdown, whose seller text kbgen has already escaped (defence in depth).
kbgen's own ready-made HTML (the checker, reply boxes, flowcharts) is built from
these sanitized fragments and escaped text, and is not passed through again.
"""

from __future__ import annotations

import json
import re

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    # `id`: headings' anchors; `class`: kbgen's own markers (kb-fallback...); `lang`: a fallback text's language.
    "*": frozenset({"class", "id", "lang", "title"}),
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
}

# Dropped with everything inside them: their content is not text a reader should see either.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
        "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes", "plaintext", "head",
    }
)

# Every image from a seller's Markdown: fetched only when scrolled to, and without telling its host
# which page (and which question) the buyer was reading. An image is the one request a page may send
# to another host.
IMAGE_ATTRIBUTES = {"loading": "lazy", "referrerpolicy": "no-referrer"}

# What `rel` may say: kbgen marks links to other hosts (markup.py); nothing else is kept.
_REL_WORDS = frozenset({"noopener", "noreferrer", "nofollow"})
# Material's page scripts look up elements by ids that start with `__` (`__search`, `__drawer`): an
# anchor with such an id would take their place.
_RESERVED_ID = re.compile(r"__")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "rel":
        return value if value.split() and set(value.split()) <= _REL_WORDS else None
    if attribute == "id":
        return None if _RESERVED_ID.match(value) else value
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_attribute,
    strip_comments=True,
    link_rel=None,
    url_schemes=set(URL_SCHEMES),
    set_tag_attribute_values={"img": dict(IMAGE_ATTRIBUTES)},
)


def clean_html(html: str) -> str:
    """`html` with everything outside the allowlist removed: safe to put on a page."""
    return _CLEANER.clean(html)


# Characters that could end a `<script>` element or open a comment in it (`</script>`, `<!--`), and the
# two line separators older JavaScript parsers refuse inside a string.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(data, *, ascii_only: bool = False) -> str:
    """Compact JSON that is safe anywhere a page or script may hold it: inside a `<script>` element
    (JSON-LD, the checker's data, a JavaScript file) no text can close the element or start a comment.
    Every JSON kbgen writes into a page goes through here. `ascii_only`: every other character as `\\uXXXX`
    (a script a page of any encoding may load)."""
    text = json.dumps(data, ensure_ascii=ascii_only, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda match: _SCRIPT_ESCAPES[match.group()], text)


_LINE_SEPARATORS = re.compile("[\u2028\u2029]")


def script_file_json(data) -> str:
    """Compact JSON for a file that is a script of its own (the search files, loaded by `<script src>`).

    No element is around it to close, so `<`, `>` and `&` stay as they are (the answer shards' HTML took
    twelve characters for each `<p>`): the HTML parser never reads such a file, and a string literal of
    JavaScript cannot be left by anything but its quote, which JSON escapes. Only the two line separators
    that older JavaScript parsers refuse inside a string are escaped. Never put its text into a page:
    that is `script_json`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _LINE_SEPARATORS.sub(lambda match: _SCRIPT_ESCAPES[match.group()], text)
