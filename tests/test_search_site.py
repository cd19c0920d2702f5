"""The search box of the buyers' site, in built sites, driven in headless Chromium.

What is checked, and why it matters to a buyer:
- a query typed into the real box (fill, then a key press, as a buyer's keyboard
  would send) finds its entry in every language of the sample and of ru-shop
  (Russian by default, Japanese, English), and the result links to the entry's
  anchor on its category page;
- no result ever comes from another language than the page's, and the page
  loads only its own language's index, and only once the box is used;
- an untranslated entry is still found by the words the page shows;
- keyboard: arrows move between the box and the results, Enter opens, Escape clears;
- the result count is in a live region; the box fits a 360 px phone;
- the search documents: what goes in (FAQ entries, policies, contact page), with
  the default language's text where a translation is missing.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from conftest import RU_SHOP, SAMPLE_SOURCE, SEARCH_BOX, SEARCH_LINKS, built_search_index, search_with_box, write_tree
from generator.search import shard_files
from generator.build import build_site
from generator.render.public.search_documents import search_documents, warranty_ref
from generator.interface_text import InterfaceText
from generator.render.shared.site_search import search_text
from generator.validate import load_knowledge_base
from generator.view import PublicView

@pytest.fixture(scope="module")
def sample(built, serve_folder):
    public = built("sample") / "public"
    return {"public": public, "url": serve_folder(public), "languages": ["zh-Hans", "ru", "en", "ko", "zh-Hant"]}


@pytest.fixture(scope="module")
def ru_shop(built, serve_folder):
    public = built("ru-shop") / "public"
    return {"public": public, "url": serve_folder(public), "languages": ["ru", "ja", "en"]}


def home(site: dict, language: str) -> str:
    """The home page in `language`. The default language's is opened as `index.html`: at the bare root,
    the page takes a browser preferring another of the site's languages there (public.js)."""
    return f"{site['url']}index.html" if language == site["languages"][0] else f"{site['url']}{language}/"


def language_of(href: str, site: dict) -> str:
    first = urlsplit(href).path.lstrip("/").split("/", 1)[0]
    return first if first in site["languages"] else site["languages"][0]


SAMPLE_QUERIES = [
    ("zh-Hans", "退款多久到账", "refund-time"),
    ("zh-Hant", "退貨運費誰付", "return-shipping-cost"),
    ("ru", "пауэрбанк в самолет", "power-bank-flight"),
    ("en", "track my parcel", "track-parcel"),
    ("ko", "환불 언제", "refund-time"),
]


@pytest.mark.parametrize(("language", "query", "expected"), SAMPLE_QUERIES)
def test_a_query_in_each_language_finds_its_entry(page, sample, language, query, expected):
    page.goto(home(sample, language))
    results = search_with_box(page, query)
    ids = [result["id"] for result in results]
    assert expected in ids[:3], ids
    link = results[ids.index(expected)]["href"]
    prefix = "" if language == "zh-Hans" else f"{language}/"
    assert link.startswith(f"{sample['url']}{prefix}faq/") and link.endswith(f"/#{expected}")
    assert {language_of(result["href"], sample) for result in results} == {language}


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("ru", "вернуть обогреватель", "vozvrat-obogrevatelya"),
        ("ru", "пункт выдачи", "punkty-vydachi"),
        ("ja", "配送", "srok-dostavki"),
        ("en", "return heater", "vozvrat-obogrevatelya"),
        # Not translated into Japanese: found by the Russian words its page shows.
        ("ja", "обогреватель", "vozvrat-obogrevatelya"),
    ],
)
def test_ru_shop_search_in_russian_japanese_english(page, ru_shop, language, query, expected):
    page.goto(home(ru_shop, language))
    results = search_with_box(page, query)
    assert expected in [result["id"] for result in results][:3], results
    assert {language_of(result["href"], ru_shop) for result in results} == {language}


def test_an_untranslated_entry_is_found_by_the_text_its_page_shows(page, sample):
    """extended-warranty has no English question: the English page shows the Chinese one, so search finds it."""
    view = PublicView(load_knowledge_base(SAMPLE_SOURCE))
    _, entry = view.entry("extended-warranty")
    assert not entry.question.has("en")
    page.goto(home(sample, "en"))
    assert "extended-warranty" in [result["id"] for result in search_with_box(page, "延保")][:3]


@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "гарантия"), ("ru", "refund"), ("zh-Hans", "배송"), ("ko", "退款")],
)
def test_no_result_from_another_language(page, sample, language, query):
    page.goto(home(sample, language))
    assert search_with_box(page, query) == []
    assert page.locator(".kb-search__status").text_content() == search_text(InterfaceText(), language)["none"]


def test_a_query_in_the_other_chinese_script_finds_the_entry_on_the_page_language(page, sample):
    """A buyer on the Traditional page typing Simplified (or the other way round) finds the entry, and the
    link stays on the page's own language."""
    for language, query in (("zh-Hant", "换货运费"), ("zh-Hans", "換貨運費")):
        page.goto(home(sample, language))
        results = search_with_box(page, query)
        assert all(language_of(result["href"], sample) == language for result in results)
        assert "exchange-item" in [result["id"] for result in results][:3]


def test_an_untranslated_answer_on_the_traditional_page_is_found_by_a_traditional_query(page, sample):
    """user-manual has no zh-Hant translation: the zh-Hant page shows the Simplified 说明书."""
    page.goto(home(sample, "zh-Hant"))
    assert "user-manual" in [result["id"] for result in search_with_box(page, "說明書")][:3]


def test_the_page_loads_only_its_own_index_and_only_when_the_box_is_used(page, sample):
    """Nothing of the index before the box is used; then the Russian engine, the Russian index's meta, and
    only the shards the query needs (none: this index travels whole in its meta): no answer shard (the site
    links to answers), no other language."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(home(sample, "ru") + "faq/orders/")
    page.wait_for_load_state("load")
    assert not [url for url in requests if "/search/" in url and "kb-search-ui" not in url]
    search_with_box(page, "гарантия")
    index = [urlsplit(url).path for url in requests if "/search/" in url and "kb-search" not in url]
    bundles = [urlsplit(url).path for url in requests if ".bundle.js" in url]
    assert bundles == ["/search/kb-search.ru.bundle.js"] and index[0] == "/search/ru/meta.js"
    assert all(path.startswith("/search/ru/") for path in index)
    meta = built_search_index(sample["public"] / "search", "ru")["meta"]
    every_file = {name for kind in ("terms", "postings", "docs", "answers") for name in shard_files(meta, kind)}
    assert {path.removeprefix("/search/ru/") for path in index[1:]} < every_file  # some shards, not all
    # The sample's index is small enough to travel whole in its meta: the query loads nothing more.
    assert "shards" in meta["postings"] and "shards" in meta["docs"] and index[1:] == []
    assert not [path for path in index if "/answers." in path]
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}


def test_partial_words_while_typing(page, sample):
    page.goto(home(sample, "en"))
    assert "complaint-escalation" in [r["id"] for r in search_with_box(page, "compla")][:3]
    page.goto(home(sample, "ru"))
    assert "user-manual" in [r["id"] for r in search_with_box(page, "инструкци")][:3]


def test_keyboard_navigation(page, sample):
    page.goto(home(sample, "en"))
    results = search_with_box(page, "warranty")
    assert len(results) >= 3
    active = "() => document.activeElement.dataset.kbId || document.activeElement.id"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == results[0]["id"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == results[1]["id"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(active) == "kb-search-input"
    page.keyboard.press("Escape")  # clears the box and the results
    assert page.locator(SEARCH_BOX).input_value() == ""
    assert page.locator(SEARCH_LINKS).count() == 0
    # Enter in the box opens the first result: the entry, on its category page.
    first = search_with_box(page, "refund")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(first["href"])
    assert page.locator(f"[id='{first['id']}']").count() == 1
    # "/" anywhere on the page goes to the box.
    page.locator("article").click()
    page.keyboard.press("/")
    assert page.evaluate(active) == "kb-search-input"


def test_the_result_count_is_spoken(page, sample):
    page.goto(home(sample, "ru"))
    status = page.locator(".kb-search__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert page.locator(SEARCH_BOX).get_attribute("aria-describedby") == status.get_attribute("id")
    label = page.locator("label[for='kb-search-input']").text_content().strip()
    assert label == "Поиск"  # Material's own word, in the page's language
    results = search_with_box(page, "гарантия")
    assert str(len(results)) in status.text_content()
    assert status.is_visible()


def test_the_box_fits_a_phone(browser, sample):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(home(sample, "ko"))
        box = page.locator(SEARCH_BOX)
        width = box.bounding_box()["width"]
        assert 300 <= width <= 360
        search_with_box(page, "배송")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        first = page.locator(SEARCH_LINKS).first.bounding_box()
        assert first["x"] >= 0 and first["x"] + first["width"] <= 360 and first["height"] >= 40
    finally:
        context.close()


def test_the_results_open_over_the_page_which_does_not_move(browser, sample):
    """A buyer on a phone types in the box: the results and their count show under it, over the page, and the
    page's text stays where it is as they open and change (in the page's flow, every change moved a long page and
    painted it again). The results are above the page's text, as wide as the box; Material's header stays on top."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(home(sample, "ru") + "faq/orders/")
        heading = page.locator(".md-content h1")
        where = heading.bounding_box()["y"]
        many = search_with_box(page, "доставка")
        assert page.locator(".kb-search__status").is_visible()
        assert heading.bounding_box()["y"] == where
        field = page.locator(SEARCH_BOX).bounding_box()
        link = page.locator(SEARCH_LINKS).first.bounding_box()
        assert link["y"] >= field["y"] + field["height"] and field["x"] - 1 <= link["x"]
        assert link["x"] + link["width"] <= field["x"] + field["width"] + 1
        center = [link["x"] + link["width"] / 2, link["y"] + link["height"] / 2]
        assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.kb-search__results')", center)
        few = search_with_box(page, "чек")
        assert 0 < len(few) < len(many)
        assert heading.bounding_box()["y"] == where
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(300)
        header = page.locator(".md-header").bounding_box()
        assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.md-header')",
                             [header["x"] + header["width"] / 2, header["y"] + header["height"] / 2])
    finally:
        context.close()


def test_the_404_page_has_no_box(sample):
    """MkDocs serves 404.html at any depth, where the box's relative paths would point nowhere."""
    assert "data-kb-search" not in (sample["public"] / "404.html").read_text(encoding="utf-8")
    assert "data-kb-search" in (sample["public"] / "ru" / "contact" / "index.html").read_text(encoding="utf-8")


def test_one_index_per_language_with_that_language_only(sample):
    for language in sample["languages"]:
        index = built_search_index(sample["public"] / "search", language)
        assert index["meta"]["lang"] == language
        assert all(set(doc) == {"id", "title", "url", "snippet", "kind"} for doc in index["docs"])  # answers apart
        prefix = "" if language == "zh-Hans" else f"{language}/"
        assert all(doc["url"].startswith(prefix) and language_of("/" + doc["url"], sample) == language for doc in index["docs"])
    assert not (sample["public"] / "search" / "search_index.json").exists()  # Material's search stays off


# --- the documents ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_view():
    return PublicView(load_knowledge_base(SAMPLE_SOURCE))


def test_search_documents_hold_entries_policies_and_the_contact_page(sample_view):
    documents = search_documents(sample_view, "ru")
    by_ref = {doc.ref: doc for doc in documents}
    entries = [entry for _, entry in sample_view.entries()]
    assert [doc.ref for doc in documents if doc.kind == "faq"] == [entry.id for entry in entries]
    track = by_ref["track-parcel"]
    assert track.url == "ru/faq/orders/#track-parcel"
    assert track.title == sample_view.entry("track-parcel")[1].question.strings["ru"]
    assert track.keywords == sample_view.entry("track-parcel")[1].keywords.by_language["ru"]
    assert track.body and "<" not in track.body and "**" not in track.body
    assert track.answer_html.startswith("<")
    policy = by_ref[warranty_ref("electronics-12m")]
    assert policy.kind == "warranty" and policy.url == "ru/warranty/electronics-12m/"
    assert by_ref["contact"].url == "ru/contact/" and by_ref["contact"].kind == "contact"
    assert "Онлайн-чат" in by_ref["contact"].keywords


def test_a_missing_translation_is_indexed_in_the_default_language_with_the_notice_in_the_answer(sample_view):
    en = {doc.ref: doc for doc in search_documents(sample_view, "en")}
    _, entry = sample_view.entry("extended-warranty")
    assert en["extended-warranty"].title == entry.question.strings["zh-Hans"]
    ru_shop = PublicView(load_knowledge_base(RU_SHOP))
    ja = {doc.ref: doc for doc in search_documents(ru_shop, "ja")}
    doc = ja["vozvrat-obogrevatelya"]
    assert doc.title == "Как вернуть обогреватель?"
    assert 'class="kb-fallback"' in doc.answer_html and 'lang="ru"' in doc.answer_html
    assert "kb-fallback__notice" not in doc.body and "14" in doc.body  # the notice is not searchable text
    assert ja["punkty-vydachi"].url == "ja/faq/dostavka/#punkty-vydachi"
    assert {d.url for d in search_documents(ru_shop, "ru") if d.ref == "punkty-vydachi"} == {"faq/dostavka/#punkty-vydachi"}


def test_a_hand_written_page_is_found_by_its_words_in_its_language_or_the_default_one(tmp_path, page, serve_folder):
    """A seller's own page in docs/ (delivery options, say) is searchable like the FAQ: by its
    translation where there is one, by the default language's words where the page falls back."""
    root = write_tree(tmp_path, {
        "kb/site.yml": """
            shop: {name: {de: Versandladen}}
            languages: [de, ja, en]
            categories: [{id: allgemein, title: Allgemein}]
            contact: [{id: mail, channel: email, label: E-Mail, address: hilfe@versand.example}]
        """,
        "kb/faq/allgemein.yml": """
            entries:
              - id: hallo
                question: Wer sind wir?
                answer: Ein kleiner Laden.
        """,
        "docs/de/versandarten.md": "# Versandarten\n\nWir versenden mit Speditionsfrachtbrief und Paketdienst.\n",
        "docs/ja/versandarten.md": "---\ntitle: 配送方法\n---\n\n宅配便でお届けします。\n",
    })
    out = root / "site"
    build_site(root / "kb", out)
    url = serve_folder(out / "public")
    for language, query, title in [("de", "Speditionsfrachtbrief", "Versandarten"), ("ja", "宅配便", "配送方法"),
                                   ("en", "Paketdienst", "Versandarten")]:
        page.goto(f"{url}index.html" if language == "de" else f"{url}{language}/")
        results = search_with_box(page, query)
        assert [result["id"] for result in results] == ["page/versandarten"], (language, results)
        assert results[0]["href"] == (f"{url}versandarten/" if language == "de" else f"{url}{language}/versandarten/")
        assert page.locator(SEARCH_LINKS).first.locator(".kb-search__title").inner_text() == title


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (axe-playwright-python's offline copy)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["ru", "zh-Hant"])
def test_open_results_have_no_serious_accessibility_violation(page, sample, language):
    page.goto(home(sample, language))
    assert search_with_box(page, "гарантия" if language == "ru" else "保固")
    page.keyboard.press("ArrowDown")  # a focused result, as a keyboard user sees it
    assert serious_violations(page) == []


# --- a buyer who types badly, on a phone ------------------------------------------------------------


@pytest.fixture
def phone(browser):
    """A 360 px phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        # A whole sentence: no entry holds all of it; the one holding most of it comes first.
        ("zh-Hans", "我昨天收到的耳机左边没有声音怎么办", "earbuds-pairing"),
        ("zh-Hant", "我昨天收到的耳機右邊沒有聲音該怎麼辦", "earbuds-pairing"),
        # One letter left out (возрат for возврат), in a sentence and alone.
        ("ru", "как оформить возрат", "return-process"),
        ("ru", "возрат", "return-process"),
        # The interface's own words for reaching the shop find the contact page.
        ("ko", "연락처", "contact"),
        ("ru", "телефон поддержки", "contact"),
    ],
)
def test_long_sentences_typos_and_contact_words_find_their_answer_on_a_phone(phone, sample, language, query, expected):
    phone.goto(home(sample, language))
    ids = [result["id"] for result in search_with_box(phone, query)]
    assert expected in ids[:3], ids
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize(("language", "query"), [("ja", "保証"), ("en", "guarantee"), ("ru", "гарантия")])
def test_a_buyer_finds_the_warranty_page_by_their_own_word_for_warranty(phone, ru_shop, language, query):
    """ru-shop's heater warranty is not translated into Japanese, and its English title says "warranty", not
    "guarantee": the interface's words for a warranty (`warranty_search_words`) find it in every language."""
    phone.goto(home(ru_shop, language))
    ids = [result["id"] for result in search_with_box(phone, query)]
    assert ids[:1] == ["warranty/obogrevateli-24m"], ids


def channel_links(page, container: str) -> list[dict]:
    return page.eval_on_selector_all(
        f"{container} a[class$='contact-link']",
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.textContent, rel: a.rel, target: a.target,"
        " right: a.getBoundingClientRect().right}))",
    )


@pytest.mark.parametrize(("language", "query"), [("zh-Hans", "麒麟"), ("ru", "трактор")])
def test_a_search_without_result_offers_the_shops_contact_channels_on_a_phone(phone, sample, language, query):
    phone.goto(home(sample, language))
    assert search_with_box(phone, query) == []
    assert phone.locator(".kb-search__status").text_content() == search_text(InterfaceText(), language)["none"]
    links = channel_links(phone, "#kb-search-results")
    view = PublicView(load_knowledge_base(SAMPLE_SOURCE))
    assert [link["href"] for link in links] == [
        "https://starriver.example/chat", "mailto:support@starriver.example", "tel:+8657187654321",
        "tel:+74951234567", "https://vk.com/starriver_digital", "https://weibo.com/starriverdigital",
        "https://starriver.example/support/ticket",
    ]
    labels = [view.localizer(language)(contact.label).text for contact in view.contacts]
    assert all(label in link["text"] for label, link in zip(labels, links))
    # Each label says the language it is written in (a screen reader reads an untranslated one in its own).
    label_languages = [view.localizer(language)(contact.label).language for contact in view.contacts]
    assert phone.eval_on_selector_all("#kb-search-results .kb-search__contact-label", "spans => spans.map(s => s.lang)") == label_languages
    assert links[0]["rel"] == "noopener noreferrer" and links[1]["rel"] == ""
    assert all(link["right"] <= 360 for link in links)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The heading over the channels is readable: not the header's white on the results' white.
    title_color, background = phone.locator("#kb-search-results .kb-search__contacts-title").evaluate(
        """title => {
             let box = title;
             while (box && getComputedStyle(box).backgroundColor === 'rgba(0, 0, 0, 0)') box = box.parentElement;
             return [getComputedStyle(title).color, box ? getComputedStyle(box).backgroundColor : 'rgb(255, 255, 255)'];
           }""")
    assert title_color != background, (title_color, background)
    page_link = phone.locator("#kb-search-results .kb-search__contacts-page")
    prefix = "" if language == "zh-Hans" else f"{language}/"
    assert page_link.evaluate("a => a.href") == f"{sample['url']}{prefix}contact/"
    # Typing on: the channels make way for results again.
    search_with_box(phone, "гарантия" if language == "ru" else "保修")
    assert phone.locator("#kb-search-results .kb-search__contacts").count() == 0


def test_the_handbook_box_offers_no_buyer_channels(built):
    script = (built("sample") / "handbook" / "search" / "kb-search-ui.js").read_text(encoding="utf-8")
    assert '"contacts":{' not in script and "tel:+" not in script  # the config carries no channels


def test_hand_written_page_keywords_are_searchable(tmp_path, page, serve_folder):
    """A seller gives a page of docs/ search words in its front matter, as an FAQ entry has keywords."""
    root = write_tree(tmp_path, {
        "kb/site.yml": """
            shop: {name: {ru: Магазин}}
            languages: [ru]
            categories: [{id: obshchee, title: Общее}]
            contact: [{id: mail, channel: email, label: Почта, address: help@shop.example}]
        """,
        "kb/faq/obshchee.yml": """
            entries:
              - id: kto-my
                question: Кто мы?
                answer: Небольшой магазин.
        """,
        "docs/ru/dostavka.md": "---\ntitle: Способы доставки\nkeywords: [курьер, самовывоз]\n---\n\nОтправляем Почтой России.\n",
    })
    out = root / "site"
    build_site(root / "kb", out)
    url = serve_folder(out / "public")
    page.goto(f"{url}index.html")
    assert [result["id"] for result in search_with_box(page, "самовывоз")] == ["page/dostavka"]


def test_ru_shop_forgives_a_typo_and_offers_its_own_channels(phone, ru_shop):
    """The second shop (Russian by default, one e-mail channel): a word with a letter swapped finds its
    entry, a query without result offers that shop's channel, in its own words, on a phone."""
    phone.goto(home(ru_shop, "ru"))
    assert [r["id"] for r in search_with_box(phone, "обогреваетль")][:1] == ["vozvrat-obogrevatelya"]
    assert [r["id"] for r in search_with_box(phone, "как связаться")][:1] == ["contact"]
    assert search_with_box(phone, "трактор") == []
    links = channel_links(phone, "#kb-search-results")
    assert [(link["href"], link["rel"]) for link in links] == [("mailto:help@teplydom.example", "")]
    assert "Почта поддержки" in links[0]["text"]
    phone.goto(home(ru_shop, "ja"))
    assert search_with_box(phone, "トラクター") == []
    assert channel_links(phone, "#kb-search-results")[0]["href"] == "mailto:help@teplydom.example"
    assert phone.locator("#kb-search-results .kb-search__contacts-page").evaluate("a => a.href") == f"{ru_shop['url']}ja/contact/"


def test_the_offered_channels_have_no_serious_accessibility_violation(page, sample):
    page.goto(home(sample, "ru"))
    assert search_with_box(page, "трактор") == []
    page.locator("#kb-search-results .kb-search__contact-link").first.wait_for()
    assert serious_violations(page) == []
