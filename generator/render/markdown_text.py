"""Helpers for writing page sources: seller text that must stay text, and seller Markdown."""

from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters (its ESCAPED_CHARS); a backslash before any other one stays visible.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def escape_inline(text: str) -> str:
    """Plain text (a question, a title) that Markdown must print as it is, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def attribute(text: str) -> str:
    """Text for an HTML attribute value."""
    return html.escape(text, quote=True)
