"""The extension window (`extensions[].buy_within_days`), told as buyers', agents' and sellers' stories.

A Ukrainian kettle shop sells its warranty in every language kbgen ships. Its kettles' warranty has three
extensions with three windows (14 days, 30 days, while the warranty runs); its heaters' extension has a
window longer than the warranty itself (1000 days on 24 months); its stoves' extension is sold for a day.
A buyer must read, on the page and in the checker, which offer can still be bought and until when, in
sentences that are grammatical in their language; an agent must read the same window in the handbook; the
seller must be told when a window cannot mean what it says.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import write_tree

from generator.build import HANDBOOK, PUBLIC, build_site
from generator.interface_text import InterfaceText
from generator.languages import BUILT_IN_LANGUAGES
from generator.render.shared.formatting import format_price
from generator.validate import load_knowledge_base

ui = InterfaceText().site
hb = InterfaceText().handbook
LANGUAGES = ["uk", "ru", "en", "de", "fr", "es", "zh-Hans", "zh-Hant", "ja", "ko"]

SHOP = {
    "faq_source/site.yml": f"""
        shop:
          name: {{uk: Теплий Дім, en: Warm House}}
        languages: [{", ".join(LANGUAGES)}]
        url: https://help.teplydim.example/
        categories:
          - id: garantiya
            title: {{uk: Гарантія, en: Warranty}}
        contact:
          - id: mail
            channel: email
            label: {{uk: Пошта, en: E-mail}}
            address: help@teplydim.example
        """,
    "faq_source/faq/garantiya.yml": """
        entries:
          - id: prodovzhennya
            question: {uk: Як подовжити гарантію?, en: How do I extend the warranty?}
            answer: {uk: Купіть подовження на сторінці гарантії., en: Buy an extension on the warranty page.}
            warranty: chayniki-12m
        """,
    "faq_source/warranty/chayniki-12m.yml": """
        title: {uk: Гарантія на чайники, en: Kettle warranty}
        applies_to: {uk: Чайники, en: Kettles}
        duration_months: 12
        starts_on: purchase
        covers: [{uk: Заводський брак, en: Factory defects}]
        excludes: []
        claim_steps: [{uk: Напишіть нам., en: Write to us.}]
        extensions:
          - id: plus-12
            extra_months: 12
            price: {amount: 990, currency: UAH}
            buy_within_days: 14
          - id: plus-24
            extra_months: 24
            price: {amount: 1490, currency: UAH}
            buy_within_days: 30
          - id: plus-36
            extra_months: 36
            price: {amount: 1990, currency: UAH}
        """,
    "faq_source/warranty/obigrivachi-24m.yml": """
        title: {uk: Гарантія на обігрівачі, en: Heater warranty}
        applies_to: {uk: Обігрівачі, en: Heaters}
        duration_months: 24
        starts_on: delivery
        covers: [{uk: Заводський брак, en: Factory defects}]
        excludes: []
        claim_steps: [{uk: Напишіть нам., en: Write to us.}]
        extensions:
          - id: plus-12
            extra_months: 12
            price: {amount: 990, currency: UAH}
            buy_within_days: 1000
        """,
    "faq_source/warranty/plyty-6m.yml": """
        title: {uk: Гарантія на плити, en: Stove warranty}
        applies_to: {uk: Плити, en: Stoves}
        duration_months: 6
        starts_on: delivery
        covers: [{uk: Заводський брак, en: Factory defects}]
        excludes: []
        claim_steps: [{uk: Напишіть нам., en: Write to us.}]
        extensions:
          - id: plus-6
            extra_months: 6
            price: {amount: 490, currency: UAH}
            buy_within_days: 1
        """,
    "faq_source/handbook/kinets-garantii.yml": """
        title: {uk: Коли закінчується гарантія, en: When the warranty ends}
        when: {uk: Покупець питає про гарантію., en: The buyer asks about the warranty.}
        steps:
          - id: vidpovisty
            title: {uk: Відповісти, en: Reply}
            do: {uk: Назвіть дату., en: Give the date.}
            say:
              uk: Ваша гарантія діє до {warranty_end}.
              en: Your warranty runs until {warranty_end}.
              fr: Votre garantie court jusqu'au {warranty_end}.
        """,
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("window"), SHOP)
    build_site(root / "faq_source", root / "site")
    return root


@pytest.fixture(scope="module")
def public(shop, serve_folder):
    return serve_folder(shop / "site" / PUBLIC)


def _prefix(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"{language}/"


def _offer(language: str, months: int, amount: int) -> str:
    """An offer as the page names it: `12 months more for UAH 990`."""
    price = format_price(amount, "UAH", BUILT_IN_LANGUAGES[language].date_locale)
    return ui(language, "extension_offer", duration=ui(language, "months", n=months), price=price)


def _checker(browser, url: str, today: dt.date, start: str, width: int = 360):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 12, 0, tzinfo=dt.timezone.utc))
    page.goto(url)
    page.fill(".kb-checker input[type=date]", start)
    page.click(".kb-checker button[type=submit]")
    return context, page


def _written(page, language: str, iso: str) -> str:
    """A date as the page should write it: the browser's Intl long date, and French "1er" for a first."""
    text = page.evaluate(
        "([locale, iso]) => new Intl.DateTimeFormat(locale, {dateStyle: 'long', timeZone: 'UTC'}).format(new Date(iso + 'T00:00:00Z'))",
        [BUILT_IN_LANGUAGES[language].date_locale, iso],
    )
    return re.sub(r"^1 ", "1er ", text) if language == "fr" else text


# --- a buyer with several offers ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_buyer_reads_which_offer_can_still_be_bought_and_until_when(browser, public, language):
    """Bought 2026-11-20, checked 2026-12-10: the 14-day offer closed on 12-04, the 30-day one runs to 12-20,
    the third one to the warranty's last day. Each line names its offer, as the page does."""
    context, page = _checker(browser, public + _prefix(language) + "warranty/chayniki-12m/", dt.date(2026, 12, 10), "2026-11-20")
    result = page.locator(".kb-checker__result")
    lines = result.locator(".kb-checker__extension-until, .kb-checker__extension-closed")
    assert lines.count() == 3
    expected = [
        ("checker_offer_closed", _offer(language, 12, 990), "2026-12-04"),
        ("checker_offer_until", _offer(language, 24, 1490), "2026-12-20"),
        ("checker_offer_until", _offer(language, 36, 1990), "2027-11-20"),
    ]
    for line, (key, offer, until) in zip(lines.all(), expected):
        assert line.get_attribute("data-until") == until
        assert line.inner_text() == ui.template(language, key).format(offer=offer, date=_written(page, language, until))
    # The two offers still on sale, and the day each would cover to.
    assert [item.get_attribute("data-end") for item in result.locator("li").all()] == ["2029-11-20", "2030-11-20"]
    text = result.inner_text()
    assert not re.search(r"\.\.|。\.|\.。|\s[.,。]", text), text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_a_single_offer_gets_the_plain_sentence(browser, public):
    """The stoves' one offer is sold for a day after delivery: delivered 2026-02-01, it closed on 2026-02-02.
    With one last day for every offer, one line says it, without naming an offer."""
    context, page = _checker(browser, public + "en/warranty/plyty-6m/", dt.date(2026, 3, 1), "2026-02-01")
    lines = page.locator(".kb-checker__extension-closed")
    assert lines.count() == 1
    assert lines.inner_text() == ui("en", "checker_extension_closed", date=_written(page, "en", "2026-02-02"))
    context.close()


def test_the_page_names_each_offers_window_in_grammatical_sentences(shop):
    for language in LANGUAGES:
        html = (shop / "site" / PUBLIC / _prefix(language) / "warranty/chayniki-12m/index.html").read_text(encoding="utf-8")
        section = html[html.index('id="extensions"'):html.index("</ul>", html.index('id="extensions"'))]
        for days in (14, 30):
            assert ui(language, "extensions_rule_purchase", days=ui(language, "window_days", n=days)) in section
        assert ui(language, "extensions_rule") in section


@pytest.mark.parametrize(
    "language, days, sentence",
    [
        ("ru", 1, "Продлённую гарантию можно купить в течение 1 дня со дня покупки."),
        ("ru", 21, "Продлённую гарантию можно купить в течение 21 дня со дня покупки."),
        ("ru", 3, "Продлённую гарантию можно купить в течение 3 дней со дня покупки."),
        ("ru", 5, "Продлённую гарантию можно купить в течение 5 дней со дня покупки."),
        ("uk", 1, "Подовжену гарантію можна купити протягом 1 дня з дня покупки."),
        ("uk", 21, "Подовжену гарантію можна купити протягом 21 дня з дня покупки."),
        ("uk", 3, "Подовжену гарантію можна купити протягом 3 днів з дня покупки."),
        ("uk", 5, "Подовжену гарантію можна купити протягом 5 днів з дня покупки."),
        ("de", 1, "Eine Verlängerung können Sie innerhalb von 1 Tag nach dem Kauf kaufen."),
        ("de", 30, "Eine Verlängerung können Sie innerhalb von 30 Tagen nach dem Kauf kaufen."),
        ("fr", 1, "L'extension peut être achetée dans un délai de 1 jour à compter de l'achat."),
        ("es", 1, "La ampliación se puede comprar en un plazo de 1 día desde la compra."),
        ("zh-Hans", 30, "购买后 30 天内可以购买延保。"),
        ("zh-Hant", 14, "購買後 14 天內可以購買延長保固。"),
    ],
)
def test_a_window_reads_as_its_language_says_it(language, days, sentence):
    assert ui(language, "extensions_rule_purchase", days=ui(language, "window_days", n=days)) == sentence


@pytest.mark.parametrize(
    "language, days, phrase",
    [
        ("ru", 21, "можно купить в течение 21 дня с даты получения"),
        ("uk", 3, "можна купити протягом 3 днів з дати отримання"),
        ("zh-Hans", 30, "签收日起 30 天内可购买"),
        ("zh-Hant", 30, "簽收日起 30 天內可購買"),
        ("de", 30, "erhältlich innerhalb von 30 Tagen nach dem Lieferdatum"),
        ("fr", 1, "peut être achetée dans un délai de 1 jour à compter de la date de livraison"),
    ],
)
def test_the_handbook_says_the_window_as_its_language_does(language, days, phrase):
    assert hb(language, "extension_window", days=hb(language, "window_days", n=days), start=hb(language, "starts_on_delivery")) == phrase


def test_german_and_french_checker_sentences_agree_with_their_numbers():
    assert ui("de", "checker_extension_ends", duration=ui("de", "months", n=12), date="1. Mai 2027") == (
        "Mit Verlängerung um 12 Monate: abgedeckt bis 1. Mai 2027.")


def test_a_french_buyer_reads_the_first_of_the_month_as_1er(browser, public):
    """Bought 2025-10-01: the warranty ran to 1 October 2026, the 14-day offer closed on 15 October 2025."""
    context, page = _checker(browser, public + "fr/warranty/chayniki-12m/", dt.date(2026, 9, 30), "2025-10-01")
    verdict = page.locator(".kb-checker__verdict").inner_text()
    assert "jusqu'au 1er octobre 2026 inclus" in verdict
    assert page.locator(".kb-checker__extension-until").inner_text() == ui(
        "fr", "checker_offer_until", offer=_offer("fr", 36, 1990), date="1er octobre 2026")
    context.close()
    # Other languages keep their own way with the first: no "1er" anywhere else.
    context, page = _checker(browser, public + "de/warranty/chayniki-12m/", dt.date(2026, 9, 30), "2025-10-01")
    assert "1. Oktober 2026" in page.locator(".kb-checker__verdict").inner_text()
    context.close()


def test_an_agent_writing_to_a_french_buyer_gets_1er_in_the_warranty_end(browser, shop, serve_folder):
    base = serve_folder(shop / "site" / HANDBOOK)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "procedures/kinets-garantii/")
    page.select_option("[data-hb-buyer-language]", "fr")
    page.select_option("[data-hb-warranty-policy]", "chayniki-12m")
    page.fill("[data-hb-warranty-start]", "2025-10-01")
    assert page.locator("[data-hb-warranty-end]").text_content() == "1er octobre 2026"
    mark = page.locator(".hb-reply__text:not([hidden]) mark[data-hb-name=warranty_end]").first
    assert mark.text_content() == "1er octobre 2026"
    page.select_option("[data-hb-buyer-language]", "uk")
    assert page.locator("[data-hb-warranty-end]").text_content() == "1 жовтня 2026 р."
    context.close()


# --- an agent reads the same window ----------------------------------------------------------------


def test_the_handbook_states_every_offers_window_even_while_the_warranty_runs(shop):
    kb = load_knowledge_base(shop / "faq_source")
    for language in ("uk", "en", "fr"):
        html = (shop / "site" / HANDBOOK / _prefix(language) / "warranty/chayniki-12m/index.html").read_text(encoding="utf-8")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        policy = kb.warranties["chayniki-12m"]
        for extension in policy.extensions:
            if extension.buy_within_days is None:
                window = hb(language, "extension_window_running")
            else:
                window = hb(language, "extension_window", days=hb(language, "window_days", n=extension.buy_within_days),
                            start=hb(language, "starts_on_purchase"))
            assert f" — {window}" in text, (language, window)


# --- a seller's window longer than the warranty -----------------------------------------------------


def test_a_window_longer_than_the_warranty_is_warned_at_its_line(kbgen, shop):
    code, out, _ = kbgen("validate", shop / "faq_source")
    assert code == 0
    warnings = [line for line in out.splitlines() if "buy_within_days" in line]
    assert warnings == [
        "warranty/obigrivachi-24m.yml:12:5: warning: buy_within_days: 1000 days can outlast the warranty itself "
        "(730 to 731 days, depending on the start date), and an extension is never sold after "
        "the warranty's last day: write at most 730, or delete the line to sell the extension while the warranty runs"
    ]
    # A window within the warranty (14 and 30 days of 12 months, 1 day of 6) is no matter for a warning.
    assert "chayniki" not in out and "plyty" not in out


def test_a_window_longer_than_the_warranty_reads_while_it_runs_on_the_page_in_the_checker_and_handbook(browser, shop, public):
    html = (shop / "site" / PUBLIC / "en/warranty/obigrivachi-24m/index.html").read_text(encoding="utf-8")
    assert ui("en", "extensions_rule") in html and "1000" not in html
    data = json.loads(re.search(r'<script type="application/json" class="kb-checker__data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert [offer["within"] for offer in data["extensions"]] == [None]
    handbook = (shop / "site" / HANDBOOK / "en/warranty/obigrivachi-24m/index.html").read_text(encoding="utf-8")
    assert hb("en", "extension_window_running") in handbook and "1000" not in handbook
    context, page = _checker(browser, public + "en/warranty/obigrivachi-24m/", dt.date(2027, 1, 1), "2026-01-15")
    until = page.locator(".kb-checker__extension-until")
    assert until.get_attribute("data-until") == "2028-01-15"  # the warranty's last day
    context.close()
