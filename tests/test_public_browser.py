"""The buyers' site in headless Chromium: what a buyer's browser does with it.

Served over HTTP on 127.0.0.1 (a real server, as a buyer gets it); one browser
for the session (conftest.py), a fresh context per test.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from generator.build import PUBLIC
from generator.languages import BUILT_IN_LANGUAGES
from generator.render.shared.formatting import format_price

PAGES = {
    "sample": ["", "faq/orders/", "faq/after-sales/", "warranty/electronics-12m/", "warranty/accessories-6m/", "contact/"],
    "ru-shop": ["", "faq/dostavka/", "faq/vozvrat/", "warranty/obogrevateli-24m/", "contact/"],
}
LANGUAGES = {"sample": ["zh-Hans", "ru", "en", "ko", "zh-Hant"], "ru-shop": ["ru", "ja", "en"]}


@pytest.fixture
def site(built, serve_folder):
    """`site("ru-shop")` -> base URL of that shop's public site."""

    def get(name: str) -> str:
        return serve_folder(built(name) / PUBLIC)

    return get


def url_for(base: str, name: str, language: str, path: str) -> str:
    prefix = "" if language == LANGUAGES[name][0] else f"{language}/"
    return base + prefix + path


def test_pages_ask_nothing_of_other_hosts_and_nothing_they_ask_for_is_missing(site, context):
    browser_context = context()
    page = browser_context.new_page()
    requests, failures, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failures.append((response.status, response.url)) if response.status >= 400 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    visited = 0
    for name in ("ru-shop", "sample"):
        base = site(name)
        # Every page of ru-shop in every language; the sample's pages in its first two languages.
        languages = LANGUAGES[name] if name == "ru-shop" else LANGUAGES[name][:2]
        for language in languages:
            for path in PAGES[name]:
                page.goto(url_for(base, name, language, path))
                page.wait_for_load_state("networkidle")
                visited += 1
                # The hreflang links, hidden from Material while it starts, are back.
                assert page.locator('link[rel="alternate"][hreflang]').count() == len(LANGUAGES[name]) + 1
    assert visited == 15 + 12
    assert requests, "the recorder saw no request"
    foreign = sorted({url for url in requests if urlsplit(url).hostname != "127.0.0.1"})
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not failures, f"failed requests (Material's language switch asks for <page>/sitemap.xml): {failures[:10]}"
    assert not errors, errors


@pytest.mark.parametrize(
    "name, start, target_language, expected",
    [
        ("sample", "ru/faq/orders/#cancel-order", "en", "en/faq/orders/#cancel-order"),
        ("sample", "ko/warranty/electronics-12m/#claim", "zh-Hans", "warranty/electronics-12m/#claim"),
        ("ru-shop", "ja/faq/vozvrat/#vozvrat-obogrevatelya", "ru", "faq/vozvrat/#vozvrat-obogrevatelya"),
        ("ru-shop", "", "ja", "ja/"),
    ],
)
def test_the_language_switcher_lands_on_the_same_page_and_entry(site, context, name, start, target_language, expected):
    base = site(name)
    page = context().new_page()
    statuses = []
    page.on("response", lambda response: statuses.append(response.status))
    page.goto(base + start)
    page.wait_for_load_state("networkidle")
    page.hover(".md-header .md-select")  # Material opens the list on hover
    link = page.locator(f'a.md-select__link[hreflang="{target_language}"]')
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + expected
    assert page.evaluate("document.documentElement.lang") == target_language
    assert all(status < 400 for status in statuses), statuses
    if "#" in expected:
        anchor = expected.split("#")[1]
        assert page.locator(f"#{anchor}").count() == 1


def _checker(context, base: str, path: str, today: dt.date, start: str, timezone: str = "UTC"):
    """Open a policy page on `today` (the browser's clock), enter `start`; returns the page."""
    page = context(timezone_id=timezone).new_page()
    page.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 12, 0, tzinfo=dt.timezone.utc))
    page.goto(base + path)
    page.fill(".kb-checker input[type=date]", start)
    page.click(".kb-checker button[type=submit]")
    return page


def _intl_date(page, locale: str, iso: str) -> str:
    """The date as the browser's Intl API writes it in `locale` (what the page should show)."""
    return page.evaluate(
        "([locale, iso]) => new Intl.DateTimeFormat(locale, {dateStyle: 'long', timeZone: 'UTC'}).format(new Date(iso + 'T00:00:00Z'))",
        [locale, iso],
    )


@pytest.mark.parametrize(
    "today, covered",
    [(dt.date(2027, 1, 30), True), (dt.date(2027, 1, 31), True), (dt.date(2027, 2, 1), False)],
)
def test_the_warranty_checker_covers_up_to_and_including_the_last_day(site, context, today, covered):
    """electronics-12m: 12 months from delivery; delivered 2026-01-31 -> last day 2027-01-31."""
    base = site("sample")
    page = _checker(context, base, "ru/warranty/electronics-12m/", today, "2026-01-31")
    result = page.locator(".kb-checker__result")
    assert result.get_attribute("data-end") == "2027-01-31"
    assert result.get_attribute("data-covered") == str(covered).lower()
    end = _intl_date(page, BUILT_IN_LANGUAGES["ru"].date_locale, "2027-01-31")
    verdict = result.locator(".kb-checker__verdict").inner_text()
    if covered:
        assert verdict == f"Гарантия действует до {end} включительно."
    else:
        # The Russian date ends with "г." and so does the sentence: one full stop, not "г..".
        assert end.endswith("г.")
        assert verdict == f"Гарантия закончилась {end}"
    assert ".." not in result.inner_text()
    # The shop sells extensions only within 30 days of delivery: long gone a year later.
    window_end = _intl_date(page, BUILT_IN_LANGUAGES["ru"].date_locale, "2026-03-02")
    closed = result.locator(".kb-checker__extension-closed")
    assert closed.inner_text() == f"Продлённую гарантию купить уже нельзя: это можно было сделать до {window_end} включительно."
    assert result.locator("li").count() == 0


@pytest.mark.parametrize(
    "today, can_buy",
    [(dt.date(2026, 12, 5), True), (dt.date(2026, 12, 20), True), (dt.date(2026, 12, 21), False)],
)
def test_a_buyer_reads_until_when_an_extension_can_be_added(site, context, today, can_buy):
    """electronics-12m sells extensions within 30 days of delivery: delivered 2026-11-20 -> until 2026-12-20."""
    page = _checker(context, site("sample"), "ru/warranty/electronics-12m/", today, "2026-11-20")
    result = page.locator(".kb-checker__result")
    assert result.get_attribute("data-covered") == "true"
    until = _intl_date(page, BUILT_IN_LANGUAGES["ru"].date_locale, "2026-12-20")
    if can_buy:
        line = result.locator(".kb-checker__extension-until")
        assert line.inner_text() == f"Продлённую гарантию можно купить до {until} включительно."
        assert line.get_attribute("data-until") == "2026-12-20"
        # 12 and 24 more months (two offers of 12: one line), counted from the delivery date.
        assert [item.get_attribute("data-end") for item in result.locator("li").all()] == ["2028-11-20", "2029-11-20"]
    else:
        assert result.locator(".kb-checker__extension-until").count() == 0
        assert result.locator(".kb-checker__extension-closed").get_attribute("data-until") == "2026-12-20"
        assert result.locator("li").count() == 0
    assert ".." not in result.inner_text()


def test_without_a_window_an_extension_can_be_added_while_the_warranty_runs(site, context):
    """ru-shop's heater extension has no buy_within_days: it can be bought up to the warranty's last day."""
    page = _checker(context, site("ru-shop"), "warranty/obogrevateli-24m/", dt.date(2025, 12, 1), "2024-01-31")
    result = page.locator(".kb-checker__result")
    assert result.locator(".kb-checker__extension-until").get_attribute("data-until") == "2026-01-31"
    assert [item.get_attribute("data-end") for item in result.locator("li").all()] == ["2027-01-31"]
    assert ".." not in result.inner_text()
    page = _checker(context, site("ru-shop"), "en/warranty/obogrevateli-24m/", dt.date(2026, 2, 1), "2024-01-31")
    result = page.locator(".kb-checker__result")
    last = _intl_date(page, BUILT_IN_LANGUAGES["en"].date_locale, "2026-01-31")
    assert result.locator(".kb-checker__extension-closed").inner_text() == f"An extension can no longer be bought: the last day was {last}."


@pytest.mark.parametrize(
    "name, path, start, end, language",
    [
        # Month ends: the same day of the month, or that month's last day when it has no such day.
        ("sample", "warranty/accessories-6m/", "2025-08-31", "2026-02-28", "zh-Hans"),  # 6 months
        ("sample", "zh-Hant/warranty/electronics-12m/", "2024-02-29", "2025-02-28", "zh-Hant"),  # from a leap day
        ("ru-shop", "en/warranty/obogrevateli-24m/", "2024-01-31", "2026-01-31", "en"),
        ("ru-shop", "ja/warranty/obogrevateli-24m/", "2025-12-31", "2027-12-31", "ja"),
    ],
)
def test_the_warranty_checker_gets_month_ends_right_and_writes_dates_the_page_language_way(site, context, name, path, start, end, language):
    page = _checker(context, site(name), path, dt.date(2026, 1, 1), start)
    result = page.locator(".kb-checker__result")
    assert result.get_attribute("data-end") == end
    assert _intl_date(page, BUILT_IN_LANGUAGES[language].date_locale, end) in result.inner_text()


def test_the_warranty_checker_says_so_when_the_date_is_in_the_future(site, context):
    page = _checker(context, site("ru-shop"), "warranty/obogrevateli-24m/", dt.date(2026, 3, 1), "2026-03-02")
    assert page.locator(".kb-checker__result").inner_text() == "Эта дата ещё не наступила — проверьте, что вы ввели."
    assert page.locator(".kb-checker__result").get_attribute("data-end") is None


def test_the_checker_counts_the_buyers_own_calendar_day(site, context):
    """At 23:00 in Moscow on the last day (20:00 UTC), a buyer there is still covered; at 01:00 the next day not."""
    base = site("ru-shop")
    for hour_utc, covered in ((20, True), (22, False)):
        page = context(timezone_id="Europe/Moscow").new_page()
        page.clock.set_fixed_time(dt.datetime(2026, 1, 31, hour_utc, 0, tzinfo=dt.timezone.utc))
        page.goto(base + "warranty/obogrevateli-24m/")
        page.fill(".kb-checker input[type=date]", "2024-01-31")
        page.click(".kb-checker button[type=submit]")
        assert page.locator(".kb-checker__result").get_attribute("data-covered") == str(covered).lower()


def test_the_not_translated_notice_and_badge_are_visible_in_the_page_language(site, context, built):
    page = context().new_page()
    page.goto(site("sample") + "ko/faq/products/")
    badges = page.locator(".kb-fallback-badge")
    assert badges.count() >= 1
    badge = badges.first
    assert badge.is_visible() and badge.inner_text() == "미번역"
    box = badge.bounding_box()
    assert box["width"] > 10 and box["height"] > 8
    colors = badge.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colors[0] != colors[1]
    notices = page.locator(".kb-fallback__notice")
    for index in range(notices.count()):
        notice = notices.nth(index)
        assert notice.is_visible() and notice.get_attribute("lang") == "ko"
        assert notice.inner_text().startswith("아직 번역되지 않았습니다")


@pytest.mark.parametrize("language", ["zh-Hans", "ru"])
def test_pages_fit_a_360_pixel_phone_screen(site, context, language, tmp_path):
    base = site("sample")
    page = context(viewport={"width": 360, "height": 740}, device_scale_factor=2).new_page()
    for path in PAGES["sample"]:
        page.goto(url_for(base, "sample", language, path))
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{language}/{path}: the page is {width}px wide, wider than the phone"
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
        assert size >= 14, f"{language}/{path}: body text is {size}px"
        page.screenshot(path=str(tmp_path / f"{language}-{path.replace('/', '_') or 'home'}.png"), full_page=True)
    # The checker's field and button fit too.
    page.goto(url_for(base, "sample", language, "warranty/electronics-12m/"))
    for selector in (".kb-checker input", ".kb-checker button"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, selector


def test_a_printed_warranty_page_is_a_clean_warranty_card(site, context):
    page = context().new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 6, 1, 12, tzinfo=dt.timezone.utc))
    page.goto(site("sample") + "ru/warranty/electronics-12m/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".kb-checker", ".headerlink"):
        locator = page.locator(hidden)
        assert all(not locator.nth(i).is_visible() for i in range(locator.count())), f"{hidden} shows in print"
    assert page.locator(".kb-card-shop").is_visible() and page.locator(".kb-card-shop").text_content() == "StarRiver Digital"
    assert page.locator(".kb-warranty-card h1").is_visible()
    assert page.locator(".kb-warranty-card").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    for section in ("#applies-to", "#period", "#covered", "#not-covered", "#claim", "#costs", "#extensions"):
        assert page.locator(section).is_visible(), section
    # Once used, the checker's verdict goes on the card; its form does not.
    page.emulate_media(media="screen")
    page.fill(".kb-checker input[type=date]", "2026-01-15")
    page.click(".kb-checker button[type=submit]")
    page.emulate_media(media="print")
    assert page.locator(".kb-checker__verdict").is_visible()
    assert not page.locator(".kb-checker__form").is_visible()


def test_prices_written_by_kbgen_match_the_browsers_intl_number_format(context):
    page = context().new_page()
    page.goto("about:blank")
    cases = [(amount, currency) for amount in ("99", "990", "1290", "15000", "119.50") for currency in ("CNY", "RUB", "EUR", "USD", "KRW", "JPY")]
    mismatches = []
    for language, spec in BUILT_IN_LANGUAGES.items():
        expected = page.evaluate(
            """([locale, cases]) => cases.map(([amount, currency]) => {
                const whole = Number.isInteger(Number(amount));
                return new Intl.NumberFormat(locale, {style: "currency", currency,
                    ...(whole ? {minimumFractionDigits: 0, maximumFractionDigits: 0} : {})}).format(Number(amount));
            })""",
            [spec.date_locale, cases],
        )
        for (amount, currency), intl in zip(cases, expected):
            if currency in ("KRW", "JPY") and "." in amount:
                continue  # no such price: these currencies have no minor unit
            ours = format_price(amount, currency, spec.date_locale)
            if ours != intl:
                mismatches.append(f"{language} {amount} {currency}: ours {ours!r}, Intl {intl!r}")
    assert not mismatches, "\n".join(mismatches)


# --- the buyer's language first ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, locale, expected",
    [
        ("sample", "ko-KR", "ko/"),
        ("sample", "ru-RU", "ru/"),
        ("sample", "zh-TW", "zh-Hant/"),
        ("sample", "zh-HK", "zh-Hant/"),
        ("sample", "zh-CN", ""),  # the default language: the root it is
        ("sample", "zh-SG", ""),
        ("sample", "zh-Hans-HK", ""),  # the script a tag names wins over its region
        ("sample", "zh-Hant-CN", "zh-Hant/"),
        ("sample", "de-DE", ""),  # no language of the site: the default
        ("ru-shop", "ja-JP", "ja/"),
        ("ru-shop", "en-US", "en/"),
        ("ru-shop", "ko-KR", ""),
    ],
)
def test_a_first_visit_to_the_root_lands_in_the_browsers_language(site, context, name, locale, expected):
    base = site(name)
    page = context(locale=locale).new_page()
    page.goto(base)
    page.wait_for_load_state("load")
    assert page.url == base + expected
    assert page.evaluate("document.documentElement.lang") == (expected.rstrip("/") or LANGUAGES[name][0])


def test_a_language_chosen_with_the_switcher_is_remembered_and_wins_without_a_loop(site, context):
    base = site("sample")
    browser_context = context(locale="ko-KR")
    page = browser_context.new_page()
    page.goto(base)
    assert page.url == base + "ko/"
    # The buyer picks Chinese (the default) in the switcher: the root stays Chinese from now on.
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=\"zh-Hans\"]').click()")
    assert page.url == base
    page.wait_for_timeout(300)
    assert page.url == base and page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.goto(base)
    page.wait_for_timeout(300)
    assert page.url == base
    # Then English: a later visit to the root goes there, whatever the browser prefers.
    with page.expect_navigation():
        page.evaluate("document.querySelector('a.md-select__link[hreflang=\"en\"]').click()")
    assert page.url == base + "en/"
    other = browser_context.new_page()
    other.goto(base)
    other.wait_for_load_state("load")
    assert other.url == base + "en/"


def test_only_the_root_home_page_moves_a_buyer(site, context):
    base = site("sample")
    page = context(locale="ko-KR").new_page()
    for path in ("faq/orders/", "contact/", "en/"):
        page.goto(base + path)
        page.wait_for_timeout(300)
        assert page.url == base + path


def test_without_javascript_the_root_is_the_default_language_with_its_hreflang_links(site, context):
    base = site("sample")
    page = context(locale="ko-KR", java_script_enabled=False).new_page()
    page.goto(base)
    assert page.url == base
    html = page.content()
    assert '<html lang="zh-Hans"' in html
    assert 'hreflang="x-default"' in html and 'hreflang="ko"' in html


@pytest.mark.parametrize("name", ["sample", "ru-shop"])
def test_each_language_has_its_own_404_page_and_the_root_one_is_the_default_language(site, context, name):
    base = site(name)
    page = context().new_page()
    for language in LANGUAGES[name]:
        prefix = "" if language == LANGUAGES[name][0] else f"{language}/"
        response = page.goto(base + prefix + "404.html")
        assert response.status == 200
        assert page.evaluate("document.documentElement.lang") == language
        # Its own language first, then every other language with a link to its home page.
        sections = page.locator("section.kb-not-found")
        assert sections.first.get_attribute("lang") == language
        assert sections.count() == len(LANGUAGES[name])


@pytest.mark.parametrize(("name", "path", "expected"), [("sample", "ko/faq/gone/", "ko"), ("sample", "gone/", "zh-Hans"),
                                                        ("ru-shop", "en/nope", "en")])
def test_a_host_serving_only_the_root_404_page_says_not_found_in_the_language_of_the_missing_url(site, context, built, name, path, expected):
    """GitHub Pages answers every missing URL with the root 404.html: a buyer following a dead /ko/ link reads
    "not found" in Korean first (then the other languages), with the page's one h1 in Korean."""
    base = site(name)
    root_page = (built(name) / PUBLIC / "404.html").read_text(encoding="utf-8")
    page = context().new_page()
    page.route(base + path, lambda route: route.fulfill(status=404, body=root_page, content_type="text/html; charset=utf-8"))
    response = page.goto(base + path)
    assert response.status == 404
    sections = page.locator("section.kb-not-found")
    assert sections.first.get_attribute("lang") == expected
    assert sections.count() == len(LANGUAGES[name])
    assert page.locator("h1").count() == 1 and page.locator("section.kb-not-found").first.locator("h1").count() == 1


def test_korean_lines_break_between_words_on_a_phone(site, context):
    """A Korean buyer reads "2027년 11월 20일까지" broken at its spaces, not inside a word; nothing overflows."""
    page = context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(site("sample") + "ko/warranty/electronics-12m/")
    paragraph = page.locator("article p").first
    assert paragraph.evaluate("p => getComputedStyle(p).wordBreak") == "keep-all"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(site("sample") + "ru/warranty/electronics-12m/")  # other languages as the browser breaks them
    assert page.locator("article p").first.evaluate("p => getComputedStyle(p).wordBreak") == "normal"


def test_a_short_category_page_is_drawn_whole(site, context):
    """The sample's category pages (about ten entries) are drawn whole on a phone: every answer's text is laid out,
    as a script reading the page (`innerText`) finds it. Only a long page draws its entries near the screen
    (tests/test_long_category_pages.py)."""
    page = context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(site("sample") + "ru/faq/after-sales/")
    answers = page.locator("article .kb-answer")
    assert answers.count() >= 10
    text = answers.last.text_content().split()
    assert text and answers.last.inner_text().split() == text
