"""The agents' handbook: page sources for every handbook language, from a `HandbookView`.

An agent opens the handbook on a desktop in the middle of a chat and needs the
procedure for the situation: what to do in order, the reply to paste, the
deadline, when to escalate, and the link to send the buyer. Everything agents
read is here, in one place: the procedures, the whole FAQ and every warranty
policy, each with its agent notes beside the public text.

Page structure (per language; the default language at the root, the others
under `/<code>/`; the handbook's languages are the ones its procedures are
written in, `HandbookView.languages`; each page but the home page is written as
its folder's `index.md`, `urls.handbook_page_file`, so that it opens from disk):

    index.md                  procedures at a glance, links to everything else
    start-here.md             for new agents: the reading order, a self-check per procedure (start_page.py)
    quick-reference.md        deadlines, who pays shipping, warranty terms, contact channels
    procedures.md             the procedures, as on the home page (each part's own page: home_page.py)
    procedures/<id>.md        one page per procedure: deadlines box, when, flowchart, steps, escalation
    faq.md                    the FAQ's categories
    faq/<category>.md         the FAQ with agent notes and the buyers' links of every entry
    warranty.md               the warranty policies
    warranty/<id>.md          one page per warranty policy, agent note included

A page's navigation lists its own part's pages and links to each other part's
own page (Material's `navigation.prune` and `navigation.indexes`).

Seller Markdown goes into the page as Markdown; everything kbgen adds around it
(deadline box, reply box, copy buttons, links) is written as HTML, so seller
text is escaped there and never read as markup. A text shown in the default
language because the page's language has none carries its own `lang`, and the
page says once, at the top, that parts of it are not yet translated.

The handbook is its own MkDocs build, with its own theme folder (`noindex,
nofollow` on every page, an "internal" bar), its own search (kbgen's engine, as on
the buyers' site: search_documents.py) and nothing on the buyers' site links to it.
"""

from __future__ import annotations

from pathlib import Path

from ...model import Text
from ...view import HandbookView
from ..shared.html_blocks import MarkdownPage
from ..shared.markup import material_safe
from ..shared.mkdocs_config import base_mkdocs_config
from ..shared.scripts import WARRANTY_DATES_JS, in_one_scope
from ..shared.site_files import RenderedSite
from ..shared.urls import (
    FAQ_PAGE, HOME_PAGE, PROCEDURES_PAGE, QUICK_REFERENCE_PAGE, START_PAGE, WARRANTY_PAGE, category_page_path,
    handbook_page_file, procedure_page_path, warranty_page_path,
)
from .faq_page import render_faq_page
from .home_page import render_home_page, render_part_pages
from .procedure_page import render_procedure_page
from .quick_reference_page import render_quick_reference_page
from .start_page import render_start_page
from .warranty_page import render_warranty_page

HANDBOOK_THEME_DIR = Path(__file__).parent / "theme"
HANDBOOK_ASSETS_DIR = Path(__file__).parent / "assets"
# Built-site path -> file in HANDBOOK_ASSETS_DIR.
HANDBOOK_ASSETS = {
    "assets/kbgen-handbook.css": "handbook.css",
    "assets/kbgen-handbook.js": "handbook.js",
    "assets/kbgen-composer.js": "composer.js",
    "assets/kbgen-training.js": "training.js",
}
SELLER_KEYS_JS = HANDBOOK_ASSETS_DIR / "seller-keys.js"
# Script -> the files whose functions are built into its scope (shared/scripts.py): the composer computes
# {warranty_end} by the buyers' warranty checker's rule; both keep what the agent does keyed by the seller's names.
SHARED_SCRIPTS = {"composer.js": (WARRANTY_DATES_JS, SELLER_KEYS_JS), "training.js": (SELLER_KEYS_JS,)}


def render_handbook_site(view: HandbookView) -> RenderedSite:
    """Every page of the handbook in every handbook language, its MkDocs config and its assets (not its search files)."""
    site = RenderedSite(theme_dir=HANDBOOK_THEME_DIR)
    for language in view.languages:
        for path, page in render_language(view, language).items():
            site.add_page(language, handbook_page_file(path), page)
    site.mkdocs_config = handbook_mkdocs_config(view)
    for target, name in HANDBOOK_ASSETS.items():
        source = HANDBOOK_ASSETS_DIR / name
        shared = SHARED_SCRIPTS.get(name)
        site.extra_files[target] = in_one_scope(source, *shared) if shared else source.read_bytes()
    # Internal pages: ask well-behaved crawlers to stay out, should the handbook be published by mistake.
    site.extra_files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
    # search/ comes apart (search_documents.py), in a process of its own during a build (build.py).
    return site


def render_language(view: HandbookView, language: str) -> dict[str, MarkdownPage]:
    """Page source path -> page, for one language."""
    pages = {
        HOME_PAGE: render_home_page(view, language),
        QUICK_REFERENCE_PAGE: render_quick_reference_page(view, language),
    }
    if view.procedures:
        pages[START_PAGE] = render_start_page(view, language)
    pages.update(render_part_pages(view, language))
    for procedure_id, procedure in view.procedures.items():
        pages[procedure_page_path(procedure_id)] = render_procedure_page(view, procedure_id, procedure, language)
    for category in view.categories:
        pages[category_page_path(category.id)] = render_faq_page(view, category, language)
    for policy_id, policy in view.warranties.items():
        pages[warranty_page_path(policy_id)] = render_warranty_page(view, policy_id, policy, language)
    return pages


def handbook_mkdocs_config(view: HandbookView) -> dict:
    """The shared base config, made the handbook's: its theme folder, palette, per-language navigation."""
    languages = view.languages
    shop_names = {code: view.localizer(code)(view.site.shop.name).text for code in languages}
    words = view.interface.handbook
    site_names = {code: material_safe(words(code, "site_name", shop=shop_names[code])) for code in languages}
    # No site_url: the site.yml `url` is where the BUYERS' site lives; the handbook must not claim it.
    config = base_mkdocs_config(
        theme_dir=HANDBOOK_THEME_DIR, site_name=site_names[view.default_language],
        languages=[view.interface.languages[code] for code in languages], site_names=site_names, site_url=None
    )
    # Links name files (`procedures/x/index.html`), not folders: the handbook works opened from disk.
    config["use_directory_urls"] = False
    theme = config["theme"]
    # A page's navigation lists the pages of its own part (procedures, FAQ, warranty) and links to each other part's
    # own page (its list, `render_part_pages`): every page listed every page of every part (at 10,000 entries, 240
    # links on each of 486 pages, a fifth of the handbook's bytes and of its build).
    theme["features"] = ["navigation.indexes", "navigation.prune", *theme["features"]]
    # A palette unlike the buyers' site, so an agent sees at a glance which site is open.
    theme["palette"] = {"scheme": "default", "primary": "deep purple", "accent": "amber"}
    i18n = _i18n_plugin_config(config)
    for language_config in i18n["languages"]:
        code = language_config["locale"]
        language_config["nav"] = handbook_nav(view, code)
        language_config["extra"] = {"kbgen_handbook": {"announce": material_safe(words(code, "internal_notice"))}}
    config["extra"] = {"kbgen_handbook": {"announce": material_safe(words(view.default_language, "internal_notice"))}}
    config["extra_css"] = [path for path in HANDBOOK_ASSETS if path.endswith(".css")]
    config["extra_javascript"] = [path for path in HANDBOOK_ASSETS if path.endswith(".js")]
    return config


def _i18n_plugin_config(config: dict) -> dict:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]
    raise LookupError("the base MkDocs config has no i18n plugin")


def handbook_nav(view: HandbookView, language: str) -> list:
    """The navigation in `language`: home, quick reference, procedures, FAQ, warranty; titles localized."""
    def title(text: Text) -> str:
        return material_safe(localize(text).text)

    localize = view.localizer(language)

    def words(language: str, key: str) -> str:  # a shop's locales/ file may hold any text: made safe too
        return material_safe(view.interface.handbook(language, key))

    nav: list = [{words(language, "handbook"): HOME_PAGE}]
    if view.procedures:
        nav.append({words(language, "start_here"): handbook_page_file(START_PAGE)})
    nav.append({words(language, "quick_reference"): handbook_page_file(QUICK_REFERENCE_PAGE)})
    # Each part opens with its own page (an index page: Material makes the part's title its link).
    if view.procedures:
        nav.append({words(language, "procedures"): [
            handbook_page_file(PROCEDURES_PAGE),
            *({title(procedure.title): handbook_page_file(procedure_page_path(pid))} for pid, procedure in view.procedures.items()),
        ]})
    if view.categories:
        nav.append({words(language, "faq"): [
            handbook_page_file(FAQ_PAGE),
            *({title(c.category.title): handbook_page_file(category_page_path(c.id))} for c in view.categories),
        ]})
    if view.warranties:
        nav.append({words(language, "warranty"): [
            handbook_page_file(WARRANTY_PAGE),
            *({title(policy.title): handbook_page_file(warranty_page_path(pid))} for pid, policy in view.warranties.items()),
        ]})
    return nav
