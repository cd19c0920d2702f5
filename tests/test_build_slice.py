"""A seller builds a small shop and a buyer opens its pages in every language."""

from __future__ import annotations

from conftest import RU_SHOP


def test_a_russian_first_shop_builds_a_page_per_category_in_every_language(kbgen, tmp_path):
    code, out, _ = kbgen("build", "--source", RU_SHOP, "--out", tmp_path / "site")
    assert code == 0, out
    public = tmp_path / "site" / "public"
    # The default language sits at the root, the others under /<code>/.
    assert '<html lang="ru"' in (public / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in (public / "ja" / "index.html").read_text(encoding="utf-8")
    delivery = (public / "faq" / "dostavka" / "index.html").read_text(encoding="utf-8")
    assert 'id="srok-dostavki"' in delivery
    assert "Сколько идёт посылка?" in delivery
