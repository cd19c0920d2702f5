"""kbgen's MkDocs plugin draws each navigation link once per language build (build_plugin.py), and the
pages a buyer or an agent gets are byte for byte the pages Material draws without it."""

from __future__ import annotations

import jinja2

from conftest import PROJECT, RU_SHOP
from generator.build import build_site, run_mkdocs
from generator.build_plugin import MATERIAL_TEMPLATES_DIR, MaterialNavItems
from generator.languages import Language
from generator.render.shared.html_blocks import MarkdownPage
from generator.render.shared.mkdocs_config import SHARED_THEME_DIR, base_mkdocs_config
from generator.render.shared.site_files import RenderedSite
from test_deterministic_build import differences


def test_every_navigation_item_material_draws_goes_through_the_cache():
    material = (MATERIAL_TEMPLATES_DIR / MaterialNavItems.TEMPLATE).read_text(encoding="utf-8")

    wrapped = MaterialNavItems.wrapped(material)

    # Fails when a new Material writes its macro otherwise: the file would be served unchanged, and slow.
    assert wrapped != material
    assert MaterialNavItems.MACRO not in wrapped
    module = jinja2.Environment().from_string(wrapped).make_module({"cached_nav_links": lambda render: ("cached", render)})
    assert module.render[0] == "cached"
    assert module.render[1].name == "material_render"


def test_the_pages_are_those_material_draws_without_the_cache(built, tmp_path, monkeypatch):
    """The Russian shop's buyers' site (a flat navigation) and handbook (parts, each page in its part's
    section): every file as a build makes it when Material draws every link of every page itself."""
    with_cache = built("ru-shop")
    monkeypatch.setattr(MaterialNavItems, "wrapped", classmethod(lambda cls, source: source))
    without_cache = tmp_path / "site"
    build_site(RU_SHOP, without_cache, project_config=PROJECT / "mkdocs.yml")

    assert differences(with_cache, without_cache) == []


def nested_site() -> RenderedSite:
    """A two-language site whose pages lie in each other's folders (`guide/`, `guide/returns/`,
    `guide/returns/labels/`), beside others (`other/`), with the navigation flat: a link into a page's own
    folder is relative to that folder, a link beside it is not."""
    site = RenderedSite(theme_dir=SHARED_THEME_DIR)
    paths = ["index.md", "guide.md", "guide/returns.md", "guide/returns/labels.md", "guide/warranty.md", "other.md"]
    for language in ("en", "ru"):
        for path in paths:
            site.add_page(language, path, MarkdownPage(f"# {language} {path}\n\nText.\n"))
    languages = [Language("en", "English", "en"), Language("ru", "Русский", "ru")]
    site.mkdocs_config = base_mkdocs_config(
        theme_dir=SHARED_THEME_DIR, site_name="Shop", languages=languages,
        site_names={"en": "Shop", "ru": "Магазин"}, site_url=None, nav=paths,
    )
    return site


def test_links_into_a_pages_own_folder_are_those_material_draws(tmp_path, monkeypatch):
    run_mkdocs(nested_site(), tmp_path / "with-cache-work", tmp_path / "with-cache", None)
    monkeypatch.setattr(MaterialNavItems, "wrapped", classmethod(lambda cls, source: source))
    run_mkdocs(nested_site(), tmp_path / "without-cache-work", tmp_path / "without-cache", None)

    assert differences(tmp_path / "with-cache", tmp_path / "without-cache") == []
    guide = (tmp_path / "with-cache" / "ru" / "guide" / "returns" / "index.html").read_text(encoding="utf-8")
    assert 'href="labels/"' in guide and 'href="../warranty/"' in guide
