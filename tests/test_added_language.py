"""A shop adds an interface language kbgen does not ship, with a `locales/<code>.yml` of its own.

tests/kbs/pl-shop is such a shop: Polish by default (`locales/pl.yml`, every string and
the language's name and locale), English second. Both sites build; the pages say
`lang="pl"`, the switcher names the language as the shop wrote it, the interface
strings, plural forms and prices are Polish, and search uses the plain tokenizer.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import PL_SHOP, SEARCH_BOX, built_search_index, search_with_box
from generator.build import HANDBOOK, PUBLIC, build_site
from generator.languages import Language
from generator.render.shared.mkdocs_config import material_language
from generator.validate import validate_source

SHOP_LOCALE = PL_SHOP.parent / "locales" / "pl.yml"


def _read(path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_shop_file_is_complete_and_declares_the_language():
    kb, problems = validate_source(PL_SHOP)
    assert problems == []
    assert kb.shop_locales.added["pl"] == Language("pl", "Polski", "pl-PL")
    assert kb.languages == ["pl", "en"]


def test_both_sites_build_in_the_added_language(built):
    out = built("pl-shop")
    home = _read(out / PUBLIC / "index.html")
    assert '<html lang="pl"' in home
    assert "Polski" in home and "English" in home  # the switcher, by each language's own name
    assert "2 pytania" in home  # Polish plural form `few`, by the locale the file declares
    category = _read(out / PUBLIC / "faq" / "dostawa" / "index.html")
    assert "Nadal potrzebujesz pomocy?" in category
    warranty = _read(out / PUBLIC / "warranty" / "grzejniki-24m" / "index.html")
    assert "12 miesięcy więcej za 1&nbsp;290&nbsp;zł" in warranty  # Babel's pl-PL, as Intl writes it
    assert '"locale":"pl-PL"' in warranty  # the warranty checker's dates
    english = _read(out / PUBLIC / "en" / "index.html")
    assert '<html lang="en"' in english and "Topics" in english
    handbook = _read(out / HANDBOOK / "index.html")
    assert '<html lang="pl"' in handbook and "Podręcznik konsultanta" in handbook


def test_search_in_the_added_language_uses_the_plain_tokenizer(built):
    meta = built_search_index(built("pl-shop") / PUBLIC / "search", "pl")["meta"]
    assert meta["lang"] == "pl" and meta["stemmer"] is None


def test_in_chromium_the_page_speaks_the_added_language(built, serve_folder, page):
    base = serve_folder(built("pl-shop") / PUBLIC)
    page.goto(base + "faq/dostawa/")
    assert page.evaluate("document.documentElement.lang") == "pl"
    switcher = page.locator(".md-select__link", has_text="Polski")
    assert switcher.count() == 1 and switcher.get_attribute("hreflang") == "pl"
    assert page.get_by_text("Nadal potrzebujesz pomocy?").count() >= 1
    assert page.locator(SEARCH_BOX).get_attribute("placeholder") == "Wpisz swoje pytanie"
    assert "czas-dostawy" in [result["id"] for result in search_with_box(page, "paczka")]
    page.goto(base + "en/faq/dostawa/")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_material_s_strings_fall_back_to_the_closest_language_it_has():
    assert material_language("pl") == "pl"
    assert material_language("zh-Hans") == "zh"
    assert material_language("pt-PT") == "pt"
    assert material_language("ga") == "en"


def _copy_shop(tmp_path):
    shutil.copytree(PL_SHOP.parent, tmp_path / "shop")
    return tmp_path / "shop" / "faq_source", tmp_path / "shop" / "locales"


def test_a_language_material_lacks_builds_with_material_s_english(tmp_path):
    source, locales = _copy_shop(tmp_path)
    irish = _read(locales / "pl.yml").replace("name: Polski", "name: Gaeilge").replace("locale: pl-PL", "locale: ga-IE")
    (locales / "pl.yml").unlink()
    (locales / "ga.yml").write_text(irish, encoding="utf-8")
    site = source / "site.yml"
    site.write_text(_read(site).replace("pl:", "ga:").replace("[pl, en]", "[ga, en]"), encoding="utf-8")
    for path in (source / "faq" / "dostawa.yml", source / "warranty" / "grzejniki-24m.yml"):
        path.write_text(_read(path).replace("{pl:", "{ga:").replace("pl: [", "ga: ["), encoding="utf-8")
    build_site(source, tmp_path / "out")
    home = _read(tmp_path / "out" / PUBLIC / "index.html")
    assert '<html lang="ga"' in home and "Gaeilge" in home
    assert "Back to top" in home  # Material has no Irish: its English strings


def test_missing_strings_and_language_fields_are_reported_at_their_lines(tmp_path):
    source, locales = _copy_shop(tmp_path)
    text = _read(locales / "pl.yml")
    text = text.replace("  locale: pl-PL\n", "").replace("  home: Centrum pomocy\n", "")
    (locales / "pl.yml").write_text(text, encoding="utf-8")
    kb, problems = validate_source(source)
    assert kb is None
    lines = text.splitlines()
    language_line = lines.index("language:") + 1
    site_line = lines.index("site:") + 1
    assert [str(problem) for problem in problems] == [
        f"../locales/pl.yml:{language_line}:1: language.locale is missing",
        f"../locales/pl.yml:{site_line}:1: site.home is missing: a language kbgen does not ship needs every string "
        "(generator/locales/en.yml lists them)",
    ]  # and nothing at every Polish text of the source: the language is the shop's, its file is wrong


def test_a_language_without_a_file_is_unknown_and_the_message_says_how_to_add_it(tmp_path):
    source, locales = _copy_shop(tmp_path)
    (locales / "pl.yml").unlink()
    _, problems = validate_source(source)
    assert str(next(problem for problem in problems if problem.position.line == 4)) == (
        "site.yml:4:13: languages: unknown language code 'pl'; supported: zh-Hans, zh-Hant, en, ru, ko, ja, uk, de, fr, es "
        "(a shop adds a language with a locales/pl.yml of its own)"
    )


def test_plural_forms_the_locale_needs_are_checked(tmp_path):
    source, locales = _copy_shop(tmp_path)
    text = _read(locales / "pl.yml")
    text = text.replace("    few: '{n} pytania'\n    many: '{n} pytań'\n    other: '{n} pytania'\n", "")
    (locales / "pl.yml").write_text(text, encoding="utf-8")
    _, problems = validate_source(source)
    line = text.splitlines().index("  questions_count:") + 2
    assert [str(problem) for problem in problems] == [
        f"../locales/pl.yml:{line}:5: site.questions_count: pl-PL needs the plural forms few, many (or other)"
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        # A code no one knows.
        ("xx.yml", "site: {}\n", "../locales/xx.yml:1:1: 'xx' is not a language kbgen ships (zh-Hans, zh-Hant, en, ru, ko, "
         "ja, uk, de, fr, es) nor one a shop can add: a two-letter language CLDR knows, then an optional script and region, "
         "e.g. pl, sr-Latn, pt-BR"),
        # A language kbgen ships keeps its name and locale.
        ("en.yml", "language:\n  name: Angielski\nsite:\n  home: Help\n",
         "../locales/en.yml:1:1: kbgen ships 'en': its name and locale are kbgen's, only strings can change"),
    ],
)
def test_a_shop_file_that_cannot_declare_a_language_is_refused(tmp_path, name, text, message):
    source, locales = _copy_shop(tmp_path)
    (locales / name).write_text(text, encoding="utf-8")
    _, problems = validate_source(source)
    assert [str(problem) for problem in problems] == [message]
