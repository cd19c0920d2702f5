"""The MkDocs configuration both builds share: Material, mkdocs-static-i18n, no other host.

The buyers' site and the agents' handbook both start from `base_mkdocs_config`
and add their own navigation and assets (`nav`, `extra`). Material's search
plugin is deliberately absent: kbgen brings its own per-language search.
"""

from __future__ import annotations

from pathlib import Path

import material

from ...languages import Language

# Templates both sites use (the search box). MkDocs takes one `custom_dir`, so each build's is
# assembled from this folder, the site's own and the language partials below (`build.assemble_theme`).
SHARED_THEME_DIR = Path(__file__).parent / "theme"
MATERIAL_LANGUAGES_DIR = Path(material.__file__).parent / "templates" / "partials" / "languages"
# The language Material's own strings come from when it has neither the code nor its language subtag.
MATERIAL_FALLBACK_LANGUAGE = "en"


def i18n_languages(languages: list[Language], site_names: dict[str, str]) -> list[dict]:
    """mkdocs-static-i18n's language list: the default language first, at the site's root."""
    return [
        {
            "locale": language.code,
            "name": language.native_name,
            "default": index == 0,
            "build": True,
            "site_name": site_names[language.code],
            # The theme folder has a partial for every code Material lacks (`language_partials`),
            # so <html lang> is the real code.
            "theme": {"language": language.code},
        }
        for index, language in enumerate(languages)
    ]


def material_language(code: str) -> str:
    """The Material theme language whose strings a page in `code` shows: the code itself, its language
    subtag (Material has `zh` for `zh-Hans`, `pt` for `pt-PT`), or English."""
    for candidate in (code, code.split("-")[0]):
        if (MATERIAL_LANGUAGES_DIR / f"{candidate}.html").is_file():
            return candidate
    return MATERIAL_FALLBACK_LANGUAGE


def language_partials(config: dict) -> dict[str, str]:
    """Material's `partials/languages/<code>.html` for each language of `config` Material lacks:
    Material's strings of its closest language, with the page's own code for <html lang>."""
    partials = {}
    for plugin in config["plugins"]:
        for language in plugin.get("i18n", {}).get("languages", []) if isinstance(plugin, dict) else []:
            code = language["locale"]
            if material_language(code) != code:
                partials[f"partials/languages/{code}.html"] = _LANGUAGE_PARTIAL.format(code=code, material=material_language(code))
    return partials


_LANGUAGE_PARTIAL = """\
{{#- Material has no `{code}`; the page must say `{code}`. Everything else comes from Material's `{material}` strings. -#}}
{{% import "partials/languages/{material}.html" as material %}}
{{% macro t(key) %}}{{% if key == "language" %}}{code}{{% else %}}{{{{ material.t(key) }}}}{{% endif %}}{{% endmacro %}}
"""


def base_mkdocs_config(
    *,
    theme_dir: Path,
    site_name: str,
    languages: list[Language],
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
            "language": languages[0].code,
            "font": False,  # Material would otherwise ask Google's hosts for fonts
            # toc.integrate: the table of contents once, in the navigation (Material otherwise prints it
            # twice, in the right sidebar and again in the phone's drawer: a tenth of a 250-question page).
            "features": ["navigation.top", "toc.follow", "toc.integrate"],
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
