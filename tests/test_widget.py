"""The shop-page widget (OUT/public/widget/), in built sites, driven in headless Chromium.

What is checked, and why it matters:
- the contract: `demo.html` shows the widget as a shop page would, `demo.html?lang=ru`
  picks the language; its box is an input[type="search"], its results are links
  inside `[data-kb-results]`, to the entry on the help center (absolute URLs);
- a query finds its entry in the sample (default language and ru) and in ru-shop
  (ru default, ja, en); results only in the widget's language;
- a result opens its answer in place, with a link to the help center;
- it contacts no other host than the help center's (every request is 127.0.0.1);
- embedded on a foreign page (another origin, hostile CSS, an AMD loader, two
  widgets in two languages, `<html lang="zh-TW">`) and in an <iframe>, it works;
- answer HTML is cleaned before it is placed on a shop's page;
- keyboard navigation; a 360 px phone; under 100 KB gzipped for the sample.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SAMPLE_SOURCE, built_search_index, search_data
from generator.search import shard_files
from generator.render.public.search_documents import search_documents
from generator.interface_text import InterfaceText
from generator.render.shared.site_search import search_text
from generator.search import html_to_text
from generator.validate import load_knowledge_base
from generator.view import PublicView

BOX = ".kbw input[type=search]"
LINKS = "[data-kb-results] a.kbw-result__link"
SAMPLE_LANGUAGES = ["zh-Hans", "ru", "en", "ko", "zh-Hant"]


@pytest.fixture(scope="module")
def sample(built, serve_folder):
    public = built("sample") / "public"
    return {"public": public, "url": serve_folder(public)}


@pytest.fixture(scope="module")
def ru_shop(built, serve_folder):
    public = built("ru-shop") / "public"
    return {"public": public, "url": serve_folder(public)}


def widget_search(frame, query: str, box: str = BOX) -> list[dict]:
    """Type into a widget's box (on a page or in a frame) and wait for its results: [{id, href, target}]."""
    field = frame.locator(box)
    field.click()
    field.fill(query)
    field.press("Shift")
    results = frame.locator(box).evaluate("input => input.closest('.kbw').querySelector('[data-kb-results]').id")
    frame.wait_for_function(
        "([id, q]) => document.getElementById(id).getAttribute('data-kb-query') === q", arg=[results, query]
    )
    return frame.eval_on_selector_all(
        f"#{results} a.kbw-result__link",
        "links => links.map(a => ({id: a.dataset.kbId, href: a.href, target: a.target}))",
    )


def recorded_hosts(page) -> list[str]:
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname or request.url))
    return hosts


@pytest.mark.parametrize(
    ("query_string", "query", "expected", "language"),
    [
        ("", "退款多久到账", "refund-time", "zh-Hans"),  # the sample's default language
        ("?lang=ru", "гарантия сколько", "warranty-period", "ru"),
        ("?lang=en", "where is my parcel", "track-parcel", "en"),
        ("?lang=ko", "배송비", "return-shipping-cost", "ko"),
        ("?lang=zh-Hant", "保固多久", "warranty-period", "zh-Hant"),
    ],
)
def test_demo_page_finds_the_entry_in_the_chosen_language(page, sample, query_string, query, expected, language):
    hosts = recorded_hosts(page)
    page.goto(f"{sample['url']}widget/demo.html{query_string}")
    assert page.locator(BOX).get_attribute("type") == "search"
    assert page.locator(".kbw").get_attribute("lang") == language
    results = widget_search(page, query)
    assert expected in [result["id"] for result in results][:3], results
    prefix = "" if language == "zh-Hans" else f"{language}/"
    for result in results:
        assert result["href"].startswith(f"{sample['url']}{prefix}")  # absolute, on the help center, same language
        assert language == "zh-Hans" or urlsplit(result["href"]).path.startswith(f"/{language}/")
    assert set(hosts) == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("query_string", "query", "expected"),
    [
        ("", "вернуть обогреватель", "vozvrat-obogrevatelya"),
        ("?lang=ja", "配送", "srok-dostavki"),
        ("?lang=ja", "обогреватель", "vozvrat-obogrevatelya"),  # untranslated: found by its Russian text
        ("?lang=en", "heater", "vozvrat-obogrevatelya"),
    ],
)
def test_ru_shop_widget_in_russian_japanese_english(page, ru_shop, query_string, query, expected):
    page.goto(f"{ru_shop['url']}widget/demo.html{query_string}")
    results = widget_search(page, query)
    assert expected in [result["id"] for result in results][:3], results
    language = query_string.removeprefix("?lang=") or "ru"
    for result in results:
        first = urlsplit(result["href"]).path.lstrip("/").split("/", 1)[0]
        assert result["href"].startswith(ru_shop["url"])
        assert (first if first in ("ja", "en") else "ru") == language


def test_results_come_only_from_the_widgets_language(page, sample):
    page.goto(f"{sample['url']}widget/demo.html?lang=en")
    assert widget_search(page, "гарантия") == []
    assert page.locator(".kbw-status").text_content() == search_text(InterfaceText(), "en")["none"]
    page.goto(f"{sample['url']}widget/demo.html?lang=xx")  # not a language of the site: the default
    assert page.locator(".kbw").get_attribute("lang") == "zh-Hans"


def test_a_result_opens_its_answer_in_place(page, sample):
    hosts = recorded_hosts(page)
    page.goto(f"{sample['url']}widget/demo.html?lang=ru")
    requests_before_use = len(hosts)
    results = widget_search(page, "когда вернут деньги")
    assert results[0]["id"] == "refund-time"
    link = page.locator(LINKS).first
    link.click()
    answer = page.locator(".kbw-answer").first
    open_link = answer.locator("a.kbw-answer__open")
    open_link.wait_for()
    assert link.get_attribute("aria-expanded") == "true"
    assert page.url.endswith("demo.html?lang=ru")  # the shop page stays
    expected = next(doc for doc in search_documents(PublicView(load_knowledge_base(SAMPLE_SOURCE)), "ru")
                    if doc.ref == "refund-time")
    assert html_to_text(expected.answer_html)[:40] in " ".join(answer.inner_text().split())
    assert open_link.get_attribute("href") == f"{sample['url']}ru/faq/after-sales/#refund-time"
    assert open_link.get_attribute("target") == "_blank"
    link.click()  # closes again
    assert link.get_attribute("aria-expanded") == "false" and not answer.is_visible()
    assert requests_before_use <= len(hosts) and set(hosts) == {"127.0.0.1"}


def test_the_index_loads_on_first_use(page, sample):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    page.goto(f"{sample['url']}widget/demo.html?lang=ko")
    page.locator(BOX).wait_for(state="visible")
    assert not [path for path in requests if "/search/" in path]
    widget_search(page, "배송")
    # The site's own engine and Korean index (no copy of the widget's), the meta first, then some shards.
    assert "/search/kb-search.ko.bundle.js" in requests and "/search/ko/meta.js" in requests
    assert all(path.startswith(("/widget/", "/search/ko/", "/search/kb-search.ko.")) for path in requests)
    assert not [path for path in requests if "answers." in path]  # answers load when one is opened


def test_keyboard_navigation(page, sample):
    page.goto(f"{sample['url']}widget/demo.html?lang=en")
    results = widget_search(page, "warranty")
    active = "() => document.activeElement.dataset.kbId || document.activeElement.type"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == results[0]["id"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == results[1]["id"]
    page.keyboard.press("Enter")  # opens the answer in place
    second = page.locator(LINKS).nth(1)
    assert second.get_attribute("aria-expanded") == "true"
    page.locator(".kbw-answer__open").first.wait_for()
    page.keyboard.press("ArrowUp")
    assert page.evaluate(active) == results[0]["id"]
    page.keyboard.press("Escape")
    assert page.evaluate(active) == "search"
    status = page.locator(".kbw-status")
    assert status.get_attribute("aria-live") == "polite" and str(len(results)) in status.text_content()


def test_on_a_foreign_shop_page_with_hostile_css_an_amd_loader_and_two_widgets(page, sample, serve_folder, tmp_path):
    """Another origin embeds two widgets: one from <html lang="zh-TW"> (zh-Hant), one with data-lang and a
    data-target further down the page."""
    shop = tmp_path / "shop"
    shop.mkdir()
    script = f"{sample['url']}widget/kb-widget.js"
    (shop / "product.html").write_text(
        f"""<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><title>shop</title>
        <style>ul {{ margin-left: 120px; list-style: square; }} a {{ text-transform: uppercase; color: red; }}
        input {{ width: 40px; }} p {{ display: none; }}</style>
        <script>window.defineCalls = 0; window.define = function () {{ window.defineCalls++; }}; window.define.amd = {{}};</script>
        </head><body><h1>Product</h1>
        <script src="{script}" async></script>
        <script src="{script}" data-lang="ru" data-target="#slot" async></script>
        <div id="slot"></div>
        </body></html>""",
        encoding="utf-8",
    )
    hosts = recorded_hosts(page)
    page.goto(serve_folder(shop) + "product.html")
    page.wait_for_function("document.querySelectorAll('.kbw:not([hidden])').length === 2")
    widgets = page.locator(".kbw")
    languages = sorted(widgets.nth(i).get_attribute("lang") for i in range(2))
    assert languages == ["ru", "zh-Hant"]
    assert page.locator("#slot .kbw").get_attribute("lang") == "ru"
    ru_results = widget_search(page, "гарантия", "#slot .kbw input[type=search]")
    assert ru_results and all("/ru/" in result["href"] for result in ru_results)
    hant_box = ".kbw[lang='zh-Hant'] input[type=search]"
    hant_results = widget_search(page, "保固多久", hant_box)
    assert "warranty-period" in [r["id"] for r in hant_results][:3]
    assert all("/zh-Hant/" in r["href"] for r in hant_results)
    # The shop's CSS does not reach into the widget.
    style = page.locator("#slot .kbw-result__link").first.evaluate(
        "a => ({transform: getComputedStyle(a).textTransform, list: getComputedStyle(a.closest('ul')).marginLeft})"
    )
    assert style == {"transform": "none", "list": "0px"}
    assert page.locator("#slot .kbw-input").bounding_box()["width"] > 200
    assert page.evaluate("window.defineCalls") == 0  # lunr did not register with the page's AMD loader
    assert set(hosts) == {"127.0.0.1"}


@pytest.mark.parametrize("language, encoding", [("zh-Hans", "gbk"), ("ru", "windows-1251")])
def test_a_shop_page_in_its_own_encoding_shows_the_widget_s_words(page, sample, serve_folder, tmp_path, language, encoding):
    """A Chinese shop's page in GBK, a Russian one's in windows-1251: the widget's script comes without a
    charset (a plain static server), so the page reads it in its own encoding; its words show as on a UTF-8 page."""
    shop = tmp_path / f"shop-{encoding}"
    shop.mkdir()
    script = f"{sample['url']}widget/kb-widget.js"
    words = "() => { const box = document.querySelector('.kbw'); return [box.textContent, box.querySelector('input').placeholder]; }"
    shown = {}
    for charset in ("utf-8", encoding):
        (shop / f"{charset}.html").write_text(
            f'<!doctype html><html><head><meta charset="{charset}"><title>Shop</title></head>'
            f'<body><h1>Shop</h1><script src="{script}" data-lang="{language}" async></script></body></html>',
            encoding=charset,
        )
        page.goto(serve_folder(shop) + f"{charset}.html")
        page.wait_for_function("document.querySelector('.kbw:not([hidden])')")
        shown[charset] = page.evaluate(words)
    assert shown[encoding] == shown["utf-8"] and any(ord(c) > 127 for c in shown["utf-8"][1])
    assert all(byte < 128 for byte in (sample["public"] / "widget" / "kb-widget.js").read_bytes())


def test_in_an_iframe(page, sample, serve_folder, tmp_path):
    shop = tmp_path / "frame-shop"
    shop.mkdir()
    (shop / "index.html").write_text(
        f'<!doctype html><meta charset="utf-8"><title>shop</title>'
        "<script>window.heights = []; addEventListener('message', e => heights.push(e.data.kbWidgetHeight));</script>"
        f'<iframe src="{sample["url"]}widget/frame.html?lang=ru" title="help" style="width:360px;height:500px"></iframe>',
        encoding="utf-8",
    )
    hosts = recorded_hosts(page)
    page.goto(serve_folder(shop) + "index.html")
    frame = page.frame_locator("iframe")
    frame.locator(BOX).wait_for(state="visible")
    inner = page.frames[1]
    assert inner.evaluate("document.documentElement.lang") == "ru"
    results = widget_search(inner, "вернуть товар")
    assert results and all(r["target"] == "_blank" and "/ru/faq/" in r["href"] for r in results)
    # The frame tells its page how tall it has grown, so a shop may resize the iframe.
    page.wait_for_function("heights.length > 0 && heights[heights.length - 1] > 300")
    assert set(hosts) == {"127.0.0.1"}


def test_answer_html_is_cleaned_before_it_reaches_the_shop_page(page, built, serve_folder, tmp_path):
    """Our answers are safe Markdown, but the widget still places only known markup on someone else's page."""
    public = tmp_path / "public"
    shutil.copytree(built("sample") / "public", public)
    hostile = (
        '<p>Intro <a href="javascript:alert(1)">bad</a> <a href="../../warranty/electronics-12m/">policy</a>'
        '<img src="http://evil.example/x.png" alt="ALT-TEXT"><script>window.pwned = 1</script>'
        '<iframe src="http://evil.example/"></iframe><span onclick="window.pwned = 2" class="kb-fallback other">s</span>'
        '<a class="headerlink" href="#x">¶</a></p>'
    )
    import json

    index = built_search_index(public / "search", "en")
    number = [doc["id"] for doc in index["docs"]].index("refund-time")
    answers = index["meta"]["answers"]
    shard = public / "search" / "en" / shard_files(index["meta"], "answers")[number // answers["per"]]
    payload = search_data(shard)
    payload[number % answers["per"]] = hostile
    shard.write_text(
        'document.dispatchEvent(new CustomEvent("kbgen:search-data",{detail:{src:document.currentScript.src,'
        f'payload:{json.dumps(payload)}}}}}));',
        encoding="utf-8",
    )
    url = serve_folder(public)
    hosts = recorded_hosts(page)
    page.goto(f"{url}widget/demo.html?lang=en")
    results = widget_search(page, "refund how long")
    position = [r["id"] for r in results].index("refund-time")
    page.locator(LINKS).nth(position).click()
    body = page.locator(".kbw-answer__body").first
    body.wait_for()
    html = body.inner_html()
    assert "<script" not in html and "<iframe" not in html and "<img" not in html and "onclick" not in html
    assert "ALT-TEXT" in body.inner_text() and "¶" not in body.inner_text()
    links = body.evaluate("b => Array.from(b.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert links == [None, f"{url}en/warranty/electronics-12m/"]
    assert body.locator("span").get_attribute("class") == "kb-fallback"
    assert page.evaluate("window.pwned") is None
    assert set(hosts) == {"127.0.0.1"}


def test_the_widget_fits_a_phone(browser, sample):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{sample['url']}widget/demo.html?lang=ru")
        results = widget_search(page, "возврат")
        assert results
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        box = page.locator(BOX).bounding_box()
        assert 280 <= box["width"] <= 360 and box["height"] >= 44
        page.locator(LINKS).first.tap()
        page.locator(".kbw-answer__open").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_the_widget_is_under_100_kb_gzipped_for_the_sample(sample, language):
    """Everything a shop page could download for the widget in one language (every file of the language's
    index, though a query loads only a few), each file gzipped as served."""
    public = sample["public"]
    files = [
        public / "widget" / "kb-widget.js",
        public / "widget" / "kb-widget.css",
        public / "search" / f"kb-search.{language}.bundle.js",
        *sorted((public / "search" / language).rglob("*.js")),
    ]
    assert public / "search" / language / "meta.js" in files and any(path.name.startswith("answers.") for path in files)
    assert sum(gzipped(path) for path in files) < 100_000


def test_the_widget_files(sample):
    """The widget's folder holds its script, style, frame and demo only: it searches the site's own index
    (`search/`), whose shards also hold the answers it shows: no copy of either."""
    widget = sample["public"] / "widget"
    assert sorted(path.name for path in widget.iterdir()) == ["demo.html", "frame.html", "kb-widget.css", "kb-widget.js"]
    script = (widget / "kb-widget.js").read_text(encoding="utf-8")
    assert "attachShadow" not in script  # light DOM, by contract
    for language in SAMPLE_LANGUAGES:
        index = built_search_index(sample["public"] / "search", language)
        assert len(index["answers"]) == len(index["docs"]) and index["answers"][0].startswith("<")


def test_open_widget_has_no_serious_accessibility_violation(page, sample):
    from test_search_site import serious_violations

    page.goto(f"{sample['url']}widget/demo.html?lang=ko")
    assert widget_search(page, "배송")
    page.locator(LINKS).first.click()
    page.locator(".kbw-answer__open").first.wait_for()
    assert serious_violations(page) == []


def test_a_phone_buyer_who_types_badly_still_finds_the_answer_in_the_widget(browser, sample):
    """360 px: a whole Chinese sentence, and a Russian word with a letter left out."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{sample['url']}widget/demo.html")
        assert "earbuds-pairing" in [r["id"] for r in widget_search(page, "我昨天收到的耳机左边没有声音怎么办")][:3]
        page.goto(f"{sample['url']}widget/demo.html?lang=ru")
        assert "return-process" in [r["id"] for r in widget_search(page, "как оформить возрат")][:3]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.parametrize(("language", "query"), [("zh-Hans", "麒麟"), ("ru", "трактор")])
def test_a_search_without_result_offers_the_contact_channels_on_a_foreign_shop_page(browser, sample, serve_folder, tmp_path,
                                                                                   language, query):
    """On a shop's page of another origin, at 360 px: nothing found, so the widget lists the shop's channels,
    links to the help center's contact page, and opens web channels in a new tab."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "product.html").write_text(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        '<title>shop</title><body><h1>Product</h1>'
        f'<script src="{sample["url"]}widget/kb-widget.js" data-lang="{language}" async></script></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    hosts = recorded_hosts(page)
    try:
        page.goto(serve_folder(shop) + "product.html")
        assert widget_search(page, query) == []
        assert page.locator(".kbw-status").text_content() == search_text(InterfaceText(), language)["none"]
        links = page.eval_on_selector_all(
            "[data-kb-results] a.kbw-contact-link",
            "links => links.map(a => ({href: a.getAttribute('href'), target: a.target, rel: a.rel, text: a.textContent,"
            " right: a.getBoundingClientRect().right}))",
        )
        view = PublicView(load_knowledge_base(SAMPLE_SOURCE))
        assert len(links) == len(view.contacts)
        assert links[0] == {**links[0], "href": "https://starriver.example/chat", "target": "_blank", "rel": "noopener noreferrer"}
        assert links[2]["href"] == "tel:+8657187654321" and links[2]["target"] == ""
        assert view.localizer(language)(view.contacts[2].label).text in links[2]["text"]
        assert all(link["right"] <= 360 for link in links)
        prefix = "" if language == "zh-Hans" else f"{language}/"
        page_link = page.locator("[data-kb-results] a.kbw-contacts-page")
        assert page_link.evaluate("a => a.href") == f"{sample['url']}{prefix}contact/"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert set(hosts) == {"127.0.0.1"}
    finally:
        context.close()
