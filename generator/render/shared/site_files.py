"""The in-memory MkDocs project a renderer hands to the build stage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .html_blocks import MarkdownPage


@dataclass
class RenderedSite:
    """A MkDocs project: `pages` (path -> page), its config, and files written beside the built site.

    `pages` paths are relative to the docs folder, in mkdocs-static-i18n's folder
    structure (`<lang>/faq/orders.md`); the build writes each page's Markdown there
    and keeps its ready-made HTML in memory (render/shared/html_blocks.py).
    `extra_files` (path -> bytes) are written into the built site once MkDocs has
    built every language: search indexes, the widget, scripts.
    """

    pages: dict[str, MarkdownPage] = field(default_factory=dict)
    mkdocs_config: dict = field(default_factory=dict)
    extra_files: dict[str, bytes] = field(default_factory=dict)
    theme_dir: Path | None = None  # Jinja overrides (Material's custom_dir)

    def add_page(self, language: str, path: str, page: MarkdownPage) -> None:
        self.pages[f"{language}/{path}"] = page


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write each (path relative to `folder`, bytes) of `files` there, making its folders, one after the other."""
    for relative, data in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
