"""Building a few pages of the preview again with MkDocs, without building the whole site again.

MkDocs builds a page from its Markdown, the site's files and navigation, and a Jinja environment of
the theme; mkdocs-static-i18n runs one build per language, each with its own files, navigation and
environment, and sets the config (theme language, site name) for that language in its `on_config`.
`PageBuilds`, a plugin added to every full build of a preview, keeps each language's three after its
build; `rebuild` then builds a page whose Markdown changed exactly as the full build did: the language
set again through the plugins' `on_config`, the page read again (`_populate_page`: every plugin's page
events, kbgen's included) and written (`_build_page`: the theme's template, the page's context).

MkDocs' own `--dirty` builds do not fit: they build every page whose Markdown is newer than its HTML,
but leave every other page unread, so the navigation shows those pages without titles, and
mkdocs-static-i18n reads the flag from the command line, not from the build.

This holds only while the site's list of pages, its navigation and its settings are what the last full
build saw: preview_changes.py decides when a full build is needed instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "kbgen-preview-pages"


@dataclass
class _LanguageBuild:
    files: Any  # mkdocs.structure.files.Files, as mkdocs-static-i18n made them for the language
    nav: Any  # mkdocs.structure.nav.Navigation
    env: Any  # jinja2.Environment


class PageBuilds(BasePlugin):
    """What each language's build of the last full build used, and the pages built again since."""

    def __init__(self):
        super().__init__()
        self.config: MkDocsConfig | None = None
        self.languages: dict[str, _LanguageBuild] = {}
        self._nav = None

    def add_to(self, config: MkDocsConfig) -> MkDocsConfig:
        """Follow the full build of `config` (forgetting the previous one's)."""
        self.config = config
        self.languages = {}
        config.plugins[PLUGIN_NAME] = self
        return config

    @event_priority(-200)  # after mkdocs-static-i18n's (-100) has made the language's navigation
    def on_nav(self, nav, /, *, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, /, *, config, files):
        self.languages[config.plugins["i18n"].current_language] = _LanguageBuild(files, self._nav, env)
        return env

    def rebuild(self, pages: list[str]) -> None:
        """Build again the pages at `pages` (paths in the docs folder: `ru/faq/orders.md`), whose Markdown changed."""
        from mkdocs.commands.build import _build_page, _populate_page

        assert self.config is not None, "a full build comes first"
        config = self.config
        i18n = config.plugins["i18n"]  # kbgen's sites are always built with mkdocs-static-i18n
        by_language: dict[str, list[str]] = {}
        for path in pages:
            by_language.setdefault(path.split("/", 1)[0], []).append(path)
        for language, paths in by_language.items():
            i18n.current_language = language
            config = config.plugins.on_config(config)  # the config of this language's build
            built = self.languages[language]
            doc_files = built.files.documentation_pages()
            for path in paths:
                file = built.files.get_file_from_path(path)
                _populate_page(file.page, config, built.files)
                _build_page(file.page, config, doc_files, built.nav, built.env)

