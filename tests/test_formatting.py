"""Both sites write shared facts alike: phone links, e-mail links and prices come from one module
(`generator/render/shared/formatting.py`), so an agent reads the price and the number the buyer sees."""

from __future__ import annotations

import html
import re
import shutil

from conftest import RU_SHOP
from generator.build import build_site
from generator.render.shared.formatting import format_price


def test_both_sites_link_contacts_and_write_prices_alike(tmp_path):
    shutil.copytree(RU_SHOP, tmp_path / "kb")
    site = tmp_path / "kb" / "site.yml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "  - id: hotline\n    channel: phone\n    label: Горячая линия\n    address: 8 (800) 555-35-35\n",
        encoding="utf-8",
    )
    out = build_site(tmp_path / "kb", tmp_path / "out").out
    public = (out / "public" / "contact" / "index.html").read_text(encoding="utf-8")
    handbook = (out / "handbook" / "quick-reference" / "index.html").read_text(encoding="utf-8")

    def links(page: str) -> set[str]:
        return set(re.findall(r'href="((?:tel|mailto):[^"]*)"', page))

    assert links(public) == links(handbook) == {"tel:88005553535", "mailto:help@teplydom.example"}
    price = format_price(990, "RUB", "ru-RU")
    assert price == "990\u00a0₽"
    for site in ("public", "handbook"):
        # As a browser reads the page (the no-break space may be written `&nbsp;`).
        assert price in html.unescape((out / site / "warranty" / "obogrevateli-24m" / "index.html").read_text(encoding="utf-8"))
