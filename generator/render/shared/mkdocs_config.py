"""The MkDocs configuration both builds share: Material, mkdocs-static-i18n, no other host.

The buyers' site and the agents' handbook both start from `base_mkdocs_config`
and add their own navigation and assets (`nav`, `extra`). Material's search
plugin is deliberately absent: kbgen brings its own per-language search.
"""

from __future__ import annotations

from pathlib import Path

from ...languages import SUPPORTED_LANGUAGES

# Templates both sites use (the search box). MkDocs takes one `custom_dir`, so each build's is
# assembled from this folder and the site's own (`build.assemble_theme`).
SHARED_THEME_DIR = Path(__file__).parent / "theme"


def i18n_languages(languages: list[str], site_names: dict[str, str]) -> list[dict]:
    """mkdocs-static-i18n's language list: the default language first, at the site's root."""
    return [
        {
            "locale": code,
            "name": SUPPORTED_LANGUAGES[code].native_name,
            "default": index == 0,
            "build": True,
            "site_name": site_names[code],
            # Our theme folder has a partial for every code Material lacks (zh-Hans), so <html lang> is the real code.
            "theme": {"language": code},
        }
        for index, code in enumerate(languages)
    ]


def base_mkdocs_config(
    *,
    theme_dir: Path,
    site_name: str,
    languages: list[str],
    site_names: dict[str, str],
    site_url: str | None,
    nav: list | None = None,
    extra: dict | None = None,
) -> dict:
    """The settings every kbgen build starts from; the project's own mkdocs.yml is layered under it.

    `theme_dir` is the site's own theme folder (public/theme/, handbook/theme/).
    `nav` lists page paths as they are inside each language folder (`faq/orders.md`);
    mkdocs-static-i18n applies it to every language. `extra` is MkDocs' `extra`,
    read by our templates (see theme/main.html: `extra.kb`).
    """
    config = {
        "site_name": site_name,
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(theme_dir),
            "language": languages[0],
            "font": False,  # Material would otherwise ask Google's hosts for fonts
            "features": ["navigation.top", "toc.follow"],
        },
        "markdown_extensions": [
            # Only kbgen's own Markdown reaches MkDocs (sellers' texts are escaped in it, or converted
            # apart by render/shared/markup.py): attr_list and md_in_html serve kbgen's markup.
            "attr_list", "md_in_html", "admonition", "tables", {"toc": {"permalink": True}},
        ],
        "plugins": [
            {
                "i18n": {
                    "docs_structure": "folder",
                    "fallback_to_default": True,
                    "reconfigure_search": False,
                    "languages": i18n_languages(languages, site_names),
                }
            }
        ],
    }
    if nav is not None:
        config["nav"] = nav
    if extra:
        config["extra"] = extra
    if site_url:
        config["site_url"] = site_url
    return config
