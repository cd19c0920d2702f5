"""Interface strings as data: kbgen's language files, and a shop's own overrides of them.

Every language file has every key of every section, with the same placeholders
as English and every plural form its language needs; a shop's `locales/<lang>.yml`
beside its source changes the strings it names on both sites, and a mistake in
it stops the build with its place.
"""

from __future__ import annotations

import json

import shutil

import pytest

from conftest import RU_SHOP
from generator.build import build_site
from generator.interface_text import (
    AUDIENCES,
    BUILT_IN_FOLDER,
    InterfaceText,
    built_in_strings,
    needed_plural_categories,
    _placeholders,
)
from generator.languages import BUILT_IN_LANGUAGES
from generator.problems import InvalidSource


def test_every_built_in_language_has_a_file_and_nothing_else_has():
    shipped = sorted(path.stem for path in BUILT_IN_FOLDER.glob("*.yml"))
    assert shipped == sorted(BUILT_IN_LANGUAGES)


@pytest.mark.parametrize("language", sorted(BUILT_IN_LANGUAGES))
def test_every_language_file_has_every_key_with_the_placeholders_of_english(language):
    english, strings = built_in_strings("en"), built_in_strings(language)
    assert list(strings) == list(AUDIENCES)
    for audience in AUDIENCES:
        keys = set(english[audience])
        assert set(strings[audience]) == keys, f"{language}.{audience}: missing {sorted(keys - set(strings[audience]))}, extra {sorted(set(strings[audience]) - keys)}"
        for key, value in strings[audience].items():
            reference = english[audience][key]
            if isinstance(reference, str):
                assert isinstance(value, str) and value.strip(), f"{language}.{audience}.{key}"
                assert _placeholders(value) == _placeholders(reference), f"{language}.{audience}.{key}"
            else:
                # Every plural category the language uses for a whole number has its form, or `other`
                # stands for it (French `mois` is both `1 mois` and `5 mois`).
                needed = needed_plural_categories(BUILT_IN_LANGUAGES[language].date_locale)
                missing = {category for category in needed if category not in value and "other" not in value}
                assert isinstance(value, dict) and not missing, f"{language}.{audience}.{key}: needs {sorted(missing)}"
                assert all("{n}" in form for form in value.values()), f"{language}.{audience}.{key}"


def test_one_reader_for_every_audience():
    interface = InterfaceText()
    assert interface.site("ru", "months", n=21) == "21 месяц"
    assert interface.handbook("ru", "months", n=24) == "24 месяца"
    assert interface.search.table("ko")["results"] == {"other": "답변 {n}개"}
    assert interface.site.template("en", "warranty_link") == "Warranty: {policy}"


SHOP_LOCALE = """\
# The shop's own words: only what it changes.
site:
  still_need_help: "Остались вопросы?"
  questions_count:
    one: "{n} вопросик"
    few: "{n} вопросика"
    many: "{n} вопросиков"
handbook:
  reply_to_paste: "Ответ клиенту"
search:
  placeholder: "Что ищем?"
"""


@pytest.fixture(scope="module")
def overridden(tmp_path_factory):
    """ru-shop built with a `locales/ru.yml` of its own beside its source."""
    root = tmp_path_factory.mktemp("overrides")
    shutil.copytree(RU_SHOP, root / "kb")
    (root / "locales").mkdir()
    (root / "locales" / "ru.yml").write_text(SHOP_LOCALE, encoding="utf-8")
    build_site(root / "kb", root / "out")
    return root / "out"


def test_a_shop_overrides_strings_on_both_sites(overridden):
    home = (overridden / "public" / "index.html").read_text(encoding="utf-8")
    category = next((overridden / "public" / "faq").glob("*/index.html")).read_text(encoding="utf-8")
    assert "вопросик" in home
    assert "Остались вопросы?" in category and "Still need help" not in category
    # The scripts write their words as \u escapes (ASCII only: see test_widget's pages in other encodings).
    placeholder = '"placeholder":' + json.dumps("Что ищем?")
    search_box = (overridden / "public" / "search" / "kb-search-ui.js").read_text(encoding="utf-8")
    assert placeholder in search_box
    widget = (overridden / "public" / "widget" / "kb-widget.js").read_text(encoding="utf-8")
    assert placeholder in widget
    procedure = next((overridden / "handbook" / "procedures").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Ответ клиенту" in procedure
    # What the shop does not override stays kbgen's.
    assert InterfaceText().site("ru", "contact_page") in category


def test_mistakes_in_a_shop_file_stop_the_build_with_their_place(tmp_path):
    shutil.copytree(RU_SHOP, tmp_path / "kb")
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "ru.yml").write_text(
        "site:\n  still_need_hlep: x\n  months: 'без числа'\n  reply_within: 'за {when}'\nwidget: {}\n", encoding="utf-8"
    )
    (tmp_path / "locales" / "xx.yml").write_text("site: {}\n", encoding="utf-8")
    with pytest.raises(InvalidSource) as raised:
        build_site(tmp_path / "kb", tmp_path / "out")
    messages = sorted(str(problem) for problem in raised.value.problems)
    assert messages == [
        "../locales/ru.yml:2:3: site.still_need_hlep: no such string (did you mean 'still_need_help'?)",
        "../locales/ru.yml:3:11: site.months: expected plural forms by CLDR category (zero, one, two, few, many, other)",
        "../locales/ru.yml:4:17: site.reply_within: kbgen fills only {within} here, not {when}",
        "../locales/ru.yml:5:1: unknown section 'widget': the sections are site, handbook, search",
        f"../locales/xx.yml:1:1: 'xx' is not a language kbgen ships ({', '.join(BUILT_IN_LANGUAGES)}) nor one a shop can "
        "add: a two-letter language CLDR knows, then an optional script and region, e.g. pl, sr-Latn, pt-BR",
    ]
    assert not (tmp_path / "out").exists()

