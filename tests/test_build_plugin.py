"""kbgen's MkDocs plugin draws each navigation link once per language build (build_plugin.py), and the
pages a buyer or an agent gets are byte for byte the pages Material draws without it."""

from __future__ import annotations

import jinja2

from conftest import PROJECT, RU_SHOP
from generator.build import build_site
from generator.build_plugin import MATERIAL_TEMPLATES_DIR, MaterialNavItems
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
