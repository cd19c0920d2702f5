"""A shop's fallback order (site.yml `fallback:`, format v1.1), told as buyers' and agents' stories.

A Russian shop that also sells in Japan writes English before Japanese: a Japanese buyer should read the
English text where the Japanese one is missing, not the Russian one, and be told which language it is.
Without `fallback:`, zh-Hant tries zh-Hans before the default; every other language goes to the default.
Pages, hand-written pages, search, the widget and the handbook all follow the one rule
(`view.fallback_order`); the FAQPage data of a page lists only what is written in its language.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import built_search_index, write_tree

from generator.build import PUBLIC, build_site
from generator.interface_text import InterfaceText
from generator.view import fallback_order

ui = InterfaceText().site
hb = InterfaceText().handbook

SHOP = {
    "faq_source/site.yml": """
        shop:
          name: {ru: Тёплый Дом, en: Warm House, ja: 暖かい家}
        languages: [ru, ja, en, zh-Hans, zh-Hant]
        fallback: {ja: [en]}
        categories:
          - id: dostavka
            title: {ru: Доставка, en: Delivery, ja: 配送, zh-Hans: 配送, zh-Hant: 配送}
        contact:
          - id: mail
            channel: email
            label: {ru: Почта, en: E-mail}
            address: help@teplydom.example
        """,
    "faq_source/faq/dostavka.yml": """
        entries:
          - id: srok
            question: {ru: Сколько идёт посылка?, en: How long does delivery take?, zh-Hans: 包裹多久到？}
            answer: {ru: Обычно 5 дней по России., en: Usually 5 days within Russia., zh-Hans: 俄罗斯境内通常 5 天。}
          - id: kurier
            question: {ru: Есть ли курьер?, ja: 宅配はありますか？}
            answer: {ru: "Да, курьер привезёт заказ до двери.", ja: "はい、玄関までお届けします。"}
        """,
    "faq_source/handbook/opozdanie.yml": """
        title: {ru: Посылка опаздывает, en: A late parcel, ja: 荷物の遅延}
        when: {ru: "Покупатель пишет, что посылки нет.", en: The buyer says the parcel has not come.}
        steps:
          - id: proverit
            title: {ru: Проверить трек, ja: 追跡を確認}
            do: {ru: Откройте трек-номер., en: Open the tracking number.}
        """,
    "docs/ru/intro.md": "Здравствуйте! Здесь **ответы** на вопросы.\n",
    "docs/en/intro.md": "Hello! Here are the **answers**.\n",
    "docs/ru/napryazhenie.md": "# Напряжение в сети\n\nОбогреватели рассчитаны на 220 В.\n\n## В поездке\n\nНужен переходник.\n",
    "docs/en/napryazhenie.md": "# Mains voltage\n\nThe heaters run on 220 V.\n\n## When travelling\n\nBring an adapter.\n",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("fallback"), SHOP)
    site = root / "site"
    build_site(root / "faq_source", site)
    return site


def test_the_order_is_the_language_then_the_shops_list_then_the_default():
    assert fallback_order("ja", "ru", {"ja": ("en",)}) == ("ja", "en", "ru")
    assert fallback_order("en", "ru", {"ja": ("en",)}) == ("en", "ru")
    assert fallback_order("zh-Hant", "ru", None) == ("zh-Hant", "zh-Hans", "ru")  # the built-in rule
    assert fallback_order("zh-Hant", "ru", {"zh-Hant": ()}) == ("zh-Hant", "ru")  # a shop may say otherwise
    assert fallback_order("zh-Hant", "zh-Hans", None) == ("zh-Hant", "zh-Hans")
    assert fallback_order("ru", "ru", {"ja": ("en",)}) == ("ru",)


def _article(out, language: str, path: str) -> str:
    prefix = "" if language == "ru" else f"{language}/"
    html = (out / PUBLIC / prefix / path / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_a_japanese_buyer_reads_english_where_japanese_is_missing_and_is_told_so(out):
    article = _article(out, "ja", "faq/dostavka")
    assert "Usually 5 days within Russia." in article and "Обычно 5 дней" not in article
    notice = ui("ja", "not_translated", language="英語")  # English, as a Japanese page names it
    assert notice in article
    assert re.search(r'<div class="kb-fallback" lang="en">', article)
    # What is written in Japanese stays Japanese, without a notice of its own.
    assert "はい、玄関までお届けします。" in article
    # The home page's intro: English, not Russian.
    home = _article(out, "ja", "")
    assert "Hello!" in home and "Здравствуйте" not in home


def test_a_hand_written_page_shown_in_english_on_the_japanese_site_marks_its_headings_english(out):
    """Screen readers and translators read the headings of the English page in English too, not as Japanese."""
    article = _article(out, "ja", "napryazhenie")
    assert re.search(r'<h1 [^>]*lang="en"[^>]*>Mains voltage', article)
    assert re.search(r'<h2 [^>]*lang="en"[^>]*>When travelling', article)
    assert "The heaters run on 220 V." in article
    own = _article(out, "en", "napryazhenie")  # written in English: nothing to mark
    assert re.search(r"<h1 [^>]*>Mains voltage", own) and 'lang="en"' not in own.split("Mains voltage")[0]


def test_zh_hant_reads_zh_hans_before_the_default_and_english_buyers_the_default(out):
    article = _article(out, "zh-Hant", "faq/dostavka")
    assert "俄罗斯境内通常 5 天。" in article
    assert ui("zh-Hant", "not_translated", language="中文（簡體）") in article
    english = _article(out, "en", "faq/dostavka")
    assert "Да, курьер привезёт заказ до двери." in english  # en has no fallback list: the default
    assert ui("en", "not_translated", language="Russian") in english


def test_faq_page_data_lists_only_the_questions_written_in_the_pages_language(out):
    def json_ld(language):
        prefix = "" if language == "ru" else f"{language}/"
        html = (out / PUBLIC / prefix / "faq/dostavka/index.html").read_text(encoding="utf-8")
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return [json.loads(data) for data in found]

    (ja,) = json_ld("ja")
    assert [item["name"] for item in ja["mainEntity"]] == ["宅配はありますか？"]
    (en,) = json_ld("en")
    assert [item["name"] for item in en["mainEntity"]] == ["How long does delivery take?"]
    assert json_ld("zh-Hant") == []  # nothing written in zh-Hant: no FAQPage rather than another language's


def test_search_and_the_widget_find_the_english_text_on_the_japanese_site(out):
    index = built_search_index(out / PUBLIC / "search", "ja")
    assert "usually" in index["terms"] and "обычно" not in index["terms"]
    answers = "".join(html for html in index["answers"] if html)
    assert "Usually 5 days within Russia." in answers and "Обычно 5 дней" not in answers


def test_the_handbook_follows_the_same_order_and_names_the_language_shown(out):
    html = (out / "handbook" / "ja" / "procedures" / "opozdanie" / "index.html").read_text(encoding="utf-8")
    assert "The buyer says the parcel has not come." in html and "Покупатель пишет" not in html
    assert hb("ja", "page_not_translated", language="英語") in html
