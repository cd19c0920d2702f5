"""The buyers' site: page sources for every language, from a `PublicView` only.

Page structure (per language, the default language at the site's root, the
others under `/<code>/`):

    index.md                 home: shop, categories, contact
    faq/<category>.md        one page per category, every entry a section with a stable anchor

One page per category (not per entry) keeps the navigation small on every page,
so build time and output size grow linearly with the number of entries.
"""

from __future__ import annotations

from ..languages import SUPPORTED_LANGUAGES
from ..view import CategoryView, Localized, Localizer, PublicView
from .markdown_text import attribute, escape_inline
from .mkdocs_config import THEME_DIR, base_mkdocs_config
from .site_files import RenderedSite
from .ui_text import ui


def render_public_site(view: PublicView) -> RenderedSite:
    site = RenderedSite(theme_dir=THEME_DIR)
    for language in view.languages:
        localize = Localizer(language, view.default_language)
        site.add_page(language, "index.md", render_home_page(view, localize))
        for category in view.categories:
            site.add_page(language, category_page_path(category.id), render_category_page(view, category, localize))
    site_names = {code: Localizer(code, view.default_language)(view.site.shop.name).text for code in view.languages}
    site.mkdocs_config = base_mkdocs_config(
        site_name=site_names[view.default_language],
        languages=view.languages,
        site_names=site_names,
        site_url=view.site.url,
    )
    return site


def category_page_path(category_id: str) -> str:
    return f"faq/{category_id}.md"


def render_home_page(view: PublicView, localize: Localizer) -> str:
    lines = [f"# {_inline(localize(view.site.shop.name), localize)}", ""]
    if view.site.shop.tagline:
        lines += [_inline(localize(view.site.shop.tagline), localize), ""]
    lines += [f"## {escape_inline(ui(localize.language, 'categories'))}", ""]
    for category in view.categories:
        title = _inline(localize(category.category.title), localize)
        lines.append(f"- [{title}]({category_page_path(category.id)})")
    return "\n".join(lines) + "\n"


def render_category_page(view: PublicView, category: CategoryView, localize: Localizer) -> str:
    lines = [f"# {_inline(localize(category.category.title), localize)}", ""]
    for entry in category.entries:
        lines += [f"## {_inline(localize(entry.question), localize)} {{#{entry.id}}}", ""]
        lines += [_block(localize(entry.answer), localize), ""]
    return "\n".join(lines) + "\n"


def _inline(text: Localized, localize: Localizer) -> str:
    """Plain seller text for a heading or a line; a fallback is marked with its real language."""
    escaped = escape_inline(text.text)
    if text.is_fallback:
        return f'<span lang="{text.language}" class="kb-fallback">{escaped}</span>'
    return escaped


def _block(text: Localized, localize: Localizer) -> str:
    """Seller Markdown as a block; a fallback carries the visible "not yet translated" notice."""
    if not text.is_fallback:
        return text.text
    notice = ui(localize.language, "not_translated", language=SUPPORTED_LANGUAGES[text.language].native_name)
    return (
        f'<div class="kb-fallback" lang="{text.language}" markdown>\n'
        f'<p class="kb-fallback__notice" lang="{localize.language}">{attribute(notice)}</p>\n\n'
        f"{text.text}\n\n</div>"
    )
