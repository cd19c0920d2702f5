"""The in-memory MkDocs project a renderer hands to the build stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RenderedSite:
    """A MkDocs project: `docs` (path -> page source), its config, and files copied beside the built site.

    `docs` paths are relative to the docs folder, in mkdocs-static-i18n's folder
    structure (`<lang>/faq/orders.md`). `extra_files` (path -> bytes) are written
    into the built site after MkDocs ran: search indexes, the widget, scripts.
    """

    docs: dict[str, str] = field(default_factory=dict)
    mkdocs_config: dict = field(default_factory=dict)
    extra_files: dict[str, bytes] = field(default_factory=dict)
    theme_dir: Path | None = None  # Jinja overrides (Material's custom_dir)

    def add_page(self, language: str, path: str, source: str) -> None:
        self.docs[f"{language}/{path}"] = source
