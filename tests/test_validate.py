"""`kbgen validate`, told as sellers' stories: each mistake a seller can make in a pull request,
and the exact FILE:LINE:COLUMN and words they are told.

Every story starts from the same small, valid shop (Russian by default, English
and Simplified Chinese as translations) and changes one file.
"""

from __future__ import annotations

import textwrap
import time
import tracemalloc

import pytest
from conftest import RU_SHOP, SAMPLE_SOURCE, entry_in, write_tree

from generator.problems import InvalidSource
from generator.validate import load_knowledge_base, validate_source

_SHOP_INDENTED = {
    "site.yml": """
        shop:
          name: {ru: Тёплый Дом, en: Warm House}
        languages: [ru, en, zh-Hans]
        categories:
          - id: orders
            title: {ru: Заказы, en: Orders}
          - id: returns
            title: Возврат
        contact:
          - id: mail
            channel: email
            label: Почта
            address: help@example.com
        """,
    "faq/orders.yml": """
        entries:
          - id: track-parcel
            question: {ru: Где моя посылка?, en: Where is my parcel?}
            answer: Посмотрите трек-номер в письме.
            warranty: heaters-24m
        """,
    "faq/returns.yml": """
        entries:
          - id: return-item
            question: Как вернуть товар?
            answer: |
              Напишите нам в течение 14 дней.
            related: [track-parcel]
        """,
    "warranty/heaters-24m.yml": """
        title: Гарантия 24 месяца
        applies_to: Обогреватели
        duration_months: 24
        starts_on: purchase
        covers: [Заводской брак]
        excludes: []
        claim_steps:
          - Напишите нам.
        """,
    "handbook/defect.yml": """
        title: Брак
        when: Покупатель сообщает о браке.
        steps:
          - id: check
            title: Проверить
            do: Проверьте заказ.
            faq: [return-item]
            branches:
              - if: Гарантия истекла
                goto: refuse
          - id: refuse
            title: Отказать
            do: Вежливо откажите.
        """,
}
SHOP = {name: textwrap.dedent(text).lstrip("\n") for name, text in _SHOP_INDENTED.items()}

ORDERS_HEAD = """
entries:
  - id: track-parcel
    question: {ru: Где моя посылка?, en: Where is my parcel?}
"""


def problems_after(tmp_path, **changed_files) -> list[str]:
    """Validate the shop with some files replaced or added; None removes one.

    A file is named as a keyword: `faq__orders_yml` is faq/orders.yml, `warranty__heaters_24m_yml`
    is warranty/heaters-24m.yml (`__` a folder, the last `_` the extension's dot, other `_` hyphens).
    """
    files = dict(SHOP)
    for key, content in changed_files.items():
        stem, extension = key.rsplit("_", 1)
        files[f"{stem.replace('__', '/').replace('_', '-')}.{extension}"] = content
    write_tree(tmp_path, {name: content for name, content in files.items() if content is not None})
    kb, problems = validate_source(tmp_path)
    assert (kb is None) == bool(problems)
    return [str(problem) for problem in problems]


def only(problems: list[str], where: str, phrase: str) -> None:
    """Exactly one problem, at `where`, whose message holds `phrase`."""
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{where}: "), problems
    assert phrase in problems[0], problems


def test_the_untouched_shops_are_valid(tmp_path):
    assert problems_after(tmp_path) == []
    for source in (SAMPLE_SOURCE, RU_SHOP):
        kb, problems = validate_source(source)
        assert problems == [], problems
        assert kb is not None


# --- YAML syntax -------------------------------------------------------------------------------


def test_a_seller_who_forgets_a_closing_bracket_is_told_the_line(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: ok\n    related: [return-item\n")
    only(problems, "faq/orders.yml:5:14", "YAML syntax error: the list [...] that starts here is never closed")


def test_a_seller_who_indents_with_a_tab_is_told_to_use_spaces(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "\tanswer: ok\n")
    only(problems, "faq/orders.yml:4:1", "indented with a tab: YAML indents with spaces only")


def test_a_colon_inside_unquoted_text_comes_with_the_advice_to_quote_it(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: Note: we ship daily\n")
    only(problems, "faq/orders.yml:4:17", "Unquoted text may not hold a colon followed by a space: put the whole text in quotes")


@pytest.mark.parametrize(
    "answer, where, phrase",
    [
        ("[Трек](https://track.example) в письме", "faq/orders.yml:4:19", "starts with [ as a list: close it with ], or, if this is text, put the whole text in quotes"),
        ("{order_id} придёт в письме", "faq/orders.yml:4:24", "starts with { as a mapping"),
        ("`код` в письме", "faq/orders.yml:4:13", "starts with ` as a reserved character"),
        ('"не закрыта кавычка', "faq/orders.yml:4:13", "this quoted text is never closed"),
    ],
)
def test_markdown_that_starts_with_a_yaml_character_is_explained(tmp_path, answer, where, phrase):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f"    answer: {answer}\n")
    only(problems, where, phrase)


def test_bold_text_at_the_start_of_an_answer_reads_as_an_alias_and_the_seller_is_told_to_quote_it(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: **Бесплатно** по России\n")
    assert problems[0].startswith("faq/orders.yml:4:13: alias **Бесплатно** is not allowed")
    assert "such as **bold**, put the whole text in quotes" in problems[0]
    assert len(problems) == 2 and "YAML syntax error" in problems[1], problems


def test_a_duplicate_key_is_reported_where_it_repeats_with_the_first_line(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: один\n    answer: два\n")
    only(problems, "faq/orders.yml:5:5", "duplicate key 'answer' (first at line 4)")


def test_a_duplicate_language_in_one_text_is_a_duplicate_key(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("en: Where", "ru: Where") + "    answer: ok\n")
    only(problems, "faq/orders.yml:3:38", "duplicate key 'ru' (first at line 3)")


# --- keys and types ----------------------------------------------------------------------------


def test_a_misspelt_key_gets_a_did_you_mean(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: ok\n    relatd: [return-item]\n")
    only(problems, "faq/orders.yml:5:5", "unknown key 'relatd' (did you mean 'related'?)")


def test_a_misspelt_key_deep_in_a_procedure_is_found_too(tmp_path):
    procedure = SHOP["handbook/defect.yml"].replace("    title: Отказать", "    titel: Отказать")
    problems = problems_after(tmp_path, handbook__defect_yml=procedure)
    assert problems == [
        "handbook/defect.yml:11:5: missing required key 'title': a step needs it; add a line 'title: ...'",
        "handbook/defect.yml:12:5: unknown key 'titel' (did you mean 'title'?); a step has: id, title, do, say, faq, branches, next",
    ], problems


def test_a_forgotten_answer_is_a_missing_required_key(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD)
    only(problems, "faq/orders.yml:2:5", "missing required key 'answer'")


@pytest.mark.parametrize("written, code", [("\\x01", "U+0001"), ("\\0", "U+0000"), ("\\uD83D", "U+D83D")],
                         ids=["control-code", "nul", "half-an-emoji"])
def test_a_text_holding_what_no_page_can_show_is_reported_not_published(tmp_path, written, code):
    """Pasted from another program or typed as a YAML escape: a control code, or half of an emoji's two halves."""
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f'    answer: "Shipped {written} in 2 days"\n')
    assert len(problems) == 1 and problems[0].startswith("faq/orders.yml:4:"), problems
    assert f"{code}, an invisible control code or half of a character" in problems[0]


def test_a_list_where_text_belongs_is_a_wrong_type(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: [один, два]\n")
    only(problems, "faq/orders.yml:4:13", "expected text or a mapping of language: text, got a list")


def test_a_single_id_where_a_list_belongs_is_a_wrong_type(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: ok\n    related: return-item\n")
    only(problems, "faq/orders.yml:5:14", "expected a list, got 'return-item'")


def test_an_id_in_capitals_is_not_an_id(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("track-parcel", "Track_Parcel") + "    answer: ok\n")
    problems = [p for p in problems if "faq/orders.yml:2:" in p]
    only(problems, "faq/orders.yml:2:9", "'Track_Parcel' is not a valid id")


@pytest.mark.parametrize(
    "written, phrase",
    [
        ('"24"', "expected a whole number from 1 to 120, got '24'"),  # quoted: text, not a number
        ("24.5", "expected a whole number from 1 to 120, got '24.5'"),
        ("true", "expected a whole number from 1 to 120, got 'true'"),
        ("two years", "expected a whole number from 1 to 120, got 'two years'"),
        ("121", "121 is out of range"),
        ("0", "0 is out of range"),
    ],
)
def test_duration_months_must_be_a_whole_number_in_range(tmp_path, written, phrase):
    policy = SHOP["warranty/heaters-24m.yml"].replace("duration_months: 24", f"duration_months: {written}")
    only(problems_after(tmp_path, warranty__heaters_24m_yml=policy), "warranty/heaters-24m.yml:3:18", phrase)


@pytest.mark.parametrize(
    "written, phrase",
    [
        ("yes", "'yes' is not one of: delivery, purchase"),  # YAML 1.1 would make this `true`
        ("purchse", "'purchse' is not one of: delivery, purchase (did you mean 'purchase'?)"),
        ("[delivery]", "expected one of delivery, purchase, got a list"),
    ],
)
def test_starts_on_is_one_of_two_words(tmp_path, written, phrase):
    policy = SHOP["warranty/heaters-24m.yml"].replace("starts_on: purchase", f"starts_on: {written}")
    only(problems_after(tmp_path, warranty__heaters_24m_yml=policy), "warranty/heaters-24m.yml:4:12", phrase)


@pytest.mark.parametrize(
    "written, phrase",
    [
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("2026-13-01", "'2026-13-01' is not a real date"),
        ("2026-10-1", "'2026-10-1' is not a date: write it as YYYY-MM-DD"),
        ("01.10.2026", "'01.10.2026' is not a date: write it as YYYY-MM-DD"),
        ("yes", "'yes' is not a date"),
    ],
)
def test_an_impossible_or_misformatted_review_date_is_reported(tmp_path, written, phrase):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f"    answer: ok\n    reviewed: {written}\n")
    only(problems, "faq/orders.yml:5:15", phrase)


def test_an_amount_written_as_text_and_an_unknown_currency_are_reported(tmp_path):
    policy = SHOP["warranty/heaters-24m.yml"] + """
extensions:
  - id: plus-12
    extra_months: 12
    price: {amount: "990", currency: RUR}
"""
    problems = problems_after(tmp_path, warranty__heaters_24m_yml=policy)
    assert problems == ["warranty/heaters-24m.yml:13:21: amount: expected an amount such as 99 or 99.50, got '990'"], problems
    policy = policy.replace('"990"', "990")
    only(problems_after(tmp_path, warranty__heaters_24m_yml=policy), "warranty/heaters-24m.yml:13:26", "'RUR' is not an ISO 4217 currency code")


@pytest.mark.parametrize("written", ["", " null", "   # 30 days"])
def test_an_extension_window_left_empty_is_reported_as_the_schema_does(tmp_path, written):
    """`buy_within_days:` with nothing after it is a number forgotten, not "no window": an error at the key,
    as in an editor that checks with the schema (which wants an integer); leaving the key out is the way."""
    policy = SHOP["warranty/heaters-24m.yml"] + f"""
extensions:
  - id: plus-12
    extra_months: 12
    price: {{amount: 990, currency: RUB}}
    buy_within_days:{written}
"""
    phrase = "'buy_within_days' has no value" + (" (text after ' #' is a comment" if "#" in written else "")
    only(problems_after(tmp_path, warranty__heaters_24m_yml=policy), "warranty/heaters-24m.yml:14:5", phrase)
    without = policy.replace(f"    buy_within_days:{written}\n", "")
    assert problems_after(tmp_path, warranty__heaters_24m_yml=without) == []


def test_a_contact_address_that_does_not_fit_its_channel_is_reported(tmp_path):
    site = SHOP["site.yml"].replace("help@example.com", "https://example.com/help")
    only(problems_after(tmp_path, site_yml=site), "site.yml:13:5", "is not an e-mail address")


# --- languages ---------------------------------------------------------------------------------


def test_a_text_without_the_default_language_is_reported(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("ru: Где моя посылка?, ", "") + "    answer: ok\n")
    only(problems, "faq/orders.yml:3:5", "question: the text in the default language 'ru' is missing: add a line 'ru: ...' under question:")


def test_an_unknown_language_code_lists_the_supported_ones(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("en: Where", "eng: Where") + "    answer: ok\n")
    only(problems, "faq/orders.yml:3:38", "question: unknown language code 'eng' (did you mean 'en'?); the site's languages: ru, en, zh-Hans")


def test_a_language_the_site_does_not_declare_is_reported(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("en: Where", "ja: Where") + "    answer: ok\n")
    only(problems, "faq/orders.yml:3:38", "language 'ja' is not declared in site.yml languages (ru, en, zh-Hans)")


def test_a_comma_inside_a_flow_mapping_makes_a_language_code_and_the_seller_is_told_why(tmp_path):
    # {en: Heaters, radiators} is the mapping {en: Heaters, radiators: null}.
    policy = SHOP["warranty/heaters-24m.yml"].replace("applies_to: Обогреватели", "applies_to: {ru: Обогреватели, en: Heaters, radiators}")
    problems = problems_after(tmp_path, warranty__heaters_24m_yml=policy)
    only(problems, "warranty/heaters-24m.yml:2:45", "unknown language code 'radiators' (a comma inside {...} starts a new key: quote text that holds a comma")


def test_a_language_key_no_is_the_language_code_no_not_false(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD.replace("en: Where is my parcel?", "no: Hvor er pakken min?") + "    answer: ok\n")
    only(problems, "faq/orders.yml:3:38", "unknown language code 'no'")


def test_the_site_languages_must_be_supported_and_listed_once(tmp_path):
    site = SHOP["site.yml"].replace("[ru, en, zh-Hans]", "[ru, en, zh-CN, en]")
    problems = problems_after(tmp_path, site_yml=site)
    assert problems == [
        "site.yml:3:21: languages: unknown language code 'zh-CN' (did you mean 'zh-Hans'?); supported: zh-Hans, zh-Hant, "
        "en, ru, ko, ja, uk, de, fr, es (a shop adds a language with a locales/zh-CN.yml of its own)",
        "site.yml:3:28: languages: language 'en' is listed twice: remove one",
    ], problems


# --- ids and references ------------------------------------------------------------------------


def test_a_faq_id_used_in_two_categories_is_a_duplicate(tmp_path):
    returns = SHOP["faq/returns.yml"].replace("id: return-item", "id: track-parcel").replace("related: [track-parcel]", "")
    handbook = SHOP["handbook/defect.yml"].replace("faq: [return-item]", "faq: [track-parcel]")
    problems = problems_after(tmp_path, faq__returns_yml=returns, handbook__defect_yml=handbook)
    only(problems, "faq/returns.yml:2:9", "duplicate FAQ id 'track-parcel' (first at faq/orders.yml:2:9)")


def test_two_steps_with_one_id_are_duplicates(tmp_path):
    handbook = SHOP["handbook/defect.yml"].replace("id: refuse", "id: check").replace("goto: refuse", "goto: check")
    only(problems_after(tmp_path, handbook__defect_yml=handbook), "handbook/defect.yml:11:5", "duplicate step id 'check' (first at line 4)")


def test_two_categories_with_one_id_are_duplicates(tmp_path):
    site = SHOP["site.yml"].replace("id: returns", "id: orders")
    problems = problems_after(tmp_path, site_yml=site, faq__returns_yml=None)
    assert "site.yml:7:5: duplicate category id 'orders' (first at line 5): give each category its own id" in problems, problems


@pytest.mark.parametrize(
    "file, old, new, where, phrase",
    [
        ("faq/returns.yml", "related: [track-parcel]", "related: [track-parcels]", "faq/returns.yml:6:15",
         "no FAQ entry has the id 'track-parcels' (did you mean 'track-parcel'?)"),
        ("faq/orders.yml", "warranty: heaters-24m", "warranty: heaters-12m", "faq/orders.yml:5:15",
         "no warranty policy has the id 'heaters-12m' (did you mean 'heaters-24m'?)"),
        ("handbook/defect.yml", "faq: [return-item]", "faq: [return-items]", "handbook/defect.yml:7:11",
         "no FAQ entry has the id 'return-items'"),
        ("handbook/defect.yml", "goto: refuse", "goto: refund", "handbook/defect.yml:10:15",
         "goto: 'refund' names no step of this procedure (did you mean 'refuse'?)"),
        ("handbook/defect.yml", "goto: refuse\n", "goto: refuse\n    next: refusal\n", "handbook/defect.yml:11:11",
         "next: 'refusal' names no step of this procedure (did you mean 'refuse'?)"),
    ],
)
def test_a_reference_to_a_missing_id_is_reported_where_it_is_written(tmp_path, file, old, new, where, phrase):
    write_tree(tmp_path, dict(SHOP, **{file: SHOP[file].replace(old, new)}))
    _, problems = validate_source(tmp_path)
    only([str(p) for p in problems], where, phrase)


def test_a_step_whose_next_is_itself_is_reported_as_a_loop(tmp_path):
    handbook = SHOP["handbook/defect.yml"].replace("do: Вежливо откажите.\n", "do: Вежливо откажите.\n    next: refuse\n")
    write_tree(tmp_path, dict(SHOP, **{"handbook/defect.yml": handbook}))
    _, problems = validate_source(tmp_path)
    only([str(p) for p in problems], "handbook/defect.yml:14:11", "next: 'refuse' is this step itself: name the step that follows it")


# --- Markdown ----------------------------------------------------------------------------------


def test_raw_html_in_an_answer_is_reported_at_the_tag_inside_a_block(tmp_path):
    answer = "    answer: |\n      Посылка в пути.\n      Нажмите <b>здесь</b>.\n"
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + answer)
    assert problems == [
        "faq/orders.yml:6:15: answer: raw HTML is not allowed in Markdown (<b>...): write **bold** text between double asterisks",
        "faq/orders.yml:6:23: answer: raw HTML is not allowed in Markdown (</b>...): write **bold** text between double asterisks",
    ], problems


def test_html_inside_code_is_text_not_markup(tmp_path):
    answer = "    answer: 'Введите `<b>` в поле, а не <i>'\n"
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + answer)
    only(problems, "faq/orders.yml:4:41", "raw HTML is not allowed in Markdown (<i>")


@pytest.mark.parametrize(
    "link, scheme",
    [
        ("[нажмите](javascript:alert(1))", "javascript"),
        ("[нажмите](JaVaScRiPt:alert(1))", "javascript"),
        ("[нажмите](&#106;avascript:alert(1))", "javascript"),
        ("[нажмите](&#x6A;avascript:alert(1))", "javascript"),
        ("[нажмите](java&#x09;script:alert(1))", "javascript"),
        ("[нажмите](javascript&colon;alert(1))", "javascript"),
        ("[нажмите](%6Aavascript:alert(1))", "javascript"),
        ("[нажмите](  vbscript:msgbox)", "vbscript"),
        ("![фото](data:image/svg+xml;base64,PHN2Zz4=)", "data"),
        ("[нажмите](<javascript:alert(1)>)", "javascript"),
        ("<javascript:alert(1)>", "javascript"),
        ("[нажмите](file:///etc/passwd)", "file"),
    ],
)
def test_links_with_a_scheme_other_than_http_https_mailto_tel_are_reported(tmp_path, link, scheme):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f"    answer: 'Смотрите {link} сейчас'\n")
    offset = link.index("(") + 1 if "](" in link else 1
    if "](<" in link:
        offset += 1
    if "](  " in link:
        offset += 2
    only(problems, f"faq/orders.yml:4:{13 + 1 + len('Смотрите ') + offset}", f"link scheme '{scheme}:' is not allowed")


def test_a_reference_style_link_definition_is_checked_too(tmp_path):
    answer = "    answer: |\n      Смотрите [здесь][1].\n\n      [1]: JAVASCRIPT:alert(1)\n"
    only(problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + answer), "faq/orders.yml:7:12", "link scheme 'javascript:' is not allowed")


def test_safe_links_pass(tmp_path):
    answer = "    answer: '[Трек](https://track.example/?a=1), [почта](mailto:help@example.com), [звонок](tel:+74951234567), <https://example.com>'\n"
    assert problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + answer) == []


def test_an_attribute_list_that_would_set_an_onclick_is_reported(tmp_path):
    answer = """    answer: '[Трек](https://track.example){onclick="alert(1)"}'\n"""
    only(problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + answer), "faq/orders.yml:4:43", "attribute list {onclick=")


def test_a_placeholder_in_running_text_is_not_an_attribute_list(tmp_path):
    handbook = SHOP["handbook/defect.yml"].replace("do: Проверьте заказ.", "do: Найдите заказ {order_id} в кабинете.")
    assert problems_after(tmp_path, handbook__defect_yml=handbook) == []


# --- empty values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, where, phrase",
    [
        ('""', "faq/orders.yml:4:13", "expected text, got an empty string"),
        ('"   "', "faq/orders.yml:4:13", "expected text, got an empty string"),
        ("{ru: '', en: Look}", "faq/orders.yml:4:18", "expected text, got an empty string"),
        ("", "faq/orders.yml:4:5", "'answer' has no value"),
        ("# Как отследить", "faq/orders.yml:4:5", "text after ' #' is a comment in YAML: put text that starts with # in quotes"),
    ],
)
def test_an_empty_text_is_reported(tmp_path, answer, where, phrase):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f"    answer: {answer}\n    reviewed: 2026-01-01\n")
    only(problems, where, phrase)


def test_an_empty_file_is_reported(tmp_path):
    only(problems_after(tmp_path, faq__orders_yml="# nothing yet\n", faq__returns_yml=None), "faq/orders.yml:2:1", "the file is empty")


# --- YAML features the format forbids ----------------------------------------------------------


def test_anchors_and_aliases_are_reported_and_never_expanded(tmp_path):
    returns = """
        entries:
          - id: return-item
            question: &q Как вернуть товар?
            answer: *q
        """
    handbook = SHOP["handbook/defect.yml"]
    problems = problems_after(tmp_path, faq__returns_yml=returns, handbook__defect_yml=handbook)
    assert problems == [
        "faq/returns.yml:3:15: anchor &q is not allowed: write the value out in full (if this is text that starts with &, put the whole text in quotes)",
        "faq/returns.yml:4:13: alias *q is not allowed: write the value out in full (if this is text that starts with *, such as **bold**, put the whole text in quotes)",
    ], problems


def test_an_alias_bomb_fails_fast_with_little_memory(tmp_path):
    # A billion laughs: nine aliases per level, nine levels. Expanded, it would be 9^9 strings;
    # a file of 4 MiB of aliases would take a naive reader minutes and gigabytes.
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        bomb += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    bomb += "z: [" + ", ".join(["*i"] * 9) + "]\n" * 1
    flood = "entries: [" + ", ".join(["*a"] * 500_000) + "]\n"  # 2 MiB of aliases
    tracemalloc.start()
    started = time.perf_counter()
    problems = problems_after(tmp_path, faq__orders_yml=bomb, faq__returns_yml=flood)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems[0].startswith("faq/orders.yml:1:4: anchor &a is not allowed")
    assert any(p.startswith("faq/returns.yml:1:11: alias *a is not allowed") for p in problems)
    assert any("kbgen stopped reading this file here, after 49 problems" in p for p in problems)
    assert len([p for p in problems if p.startswith("faq/returns.yml")]) == 50
    assert elapsed < 5, elapsed
    assert peak < 64 * 1024 * 1024, peak


def test_a_file_of_generated_junk_stops_at_the_value_limit(tmp_path, monkeypatch):
    # The real limit (200,000 values) is far above real content; a smaller one keeps the test quick.
    monkeypatch.setattr("generator.load.MAX_NODES_PER_FILE", 5_000)
    flood = "entries: [" + ",".join(["1"] * 20_000) + "]\n"
    problems = problems_after(tmp_path, faq__orders_yml=flood, faq__returns_yml=None)
    assert problems == ["faq/orders.yml:1:10005: the file holds more than 5,000 values: split it into smaller files"], problems[:3]


def test_one_file_shows_at_most_fifty_problems_and_says_how_many_more(tmp_path):
    entries = "entries:\n" + "".join(f"  - id: Bad_{n}\n    question: q\n    answer: a\n" for n in range(80))
    problems = problems_after(tmp_path, faq__orders_yml=entries)
    in_orders = [p for p in problems if p.startswith("faq/orders.yml")]
    assert len(in_orders) == 51
    assert in_orders[-1] == "faq/orders.yml:152:9: ... and 30 more problems in this file from here on: fix the ones above first"


@pytest.mark.parametrize(
    "tagged, shown",
    [
        ("!!python/object/apply:os.system [echo hacked]", "!!python/object/apply:os.system"),
        ("!ENV ${HOME_PAGE}", "!ENV"),
        ("!!str yes", "!!str"),
        ("! текст", "tag ! is"),
    ],
)
def test_an_explicit_tag_is_reported_as_written_and_never_run(tmp_path, tagged, shown):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + f"    answer: {tagged}\n")
    assert problems[0].startswith("faq/orders.yml:4:13: ")
    assert shown in problems[0] and "is not allowed" in problems[0], problems


def test_a_second_document_in_a_file_is_reported(tmp_path):
    orders = SHOP["faq/orders.yml"] + "---\nentries: []\n"
    only(problems_after(tmp_path, faq__orders_yml=orders), "faq/orders.yml:6:1", "a second YAML document starts here (---)")


def test_a_merge_key_is_reported(tmp_path):
    orders = ORDERS_HEAD + "    <<: {answer: ok}\n"
    assert "faq/orders.yml:4:5: merge keys (<<) are not allowed: write every key out" in problems_after(tmp_path, faq__orders_yml=orders)


# --- characters and encodings ------------------------------------------------------------------


def test_direction_control_characters_are_reported_at_each_place(tmp_path):
    orders = ORDERS_HEAD + "    answer: Цена \u202e001 ₽\u202c, срок \u2066пять\u2069 дней\n"
    problems = problems_after(tmp_path, faq__orders_yml=orders)
    assert [p.split(": invisible")[0] for p in problems] == [
        "faq/orders.yml:4:18", "faq/orders.yml:4:24", "faq/orders.yml:4:32", "faq/orders.yml:4:37",
    ], problems
    assert "invisible direction-control character U+202E" in problems[0]


def test_a_control_character_pasted_into_text_is_reported_not_a_traceback(tmp_path):
    orders = ORDERS_HEAD + "    answer: Посылка\x07 в пути\x1b\n"
    problems = problems_after(tmp_path, faq__orders_yml=orders)
    assert problems == [
        "faq/orders.yml:4:20: invisible control character U+0007 is not allowed in YAML: delete it (it often comes with text pasted from another program)",
        "faq/orders.yml:4:28: invisible control character U+001B is not allowed in YAML: delete it (it often comes with text pasted from another program)",
    ], problems


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    orders = "\ufeff" + SHOP["faq/orders.yml"]
    assert problems_after(tmp_path, faq__orders_yml=orders.encode("utf-8")) == []
    assert entry_in(load_knowledge_base(tmp_path), "track-parcel").question.strings["ru"] == "Где моя посылка?"


def test_a_seller_who_saves_orders_yml_as_gbk_is_told_to_save_it_as_utf8(tmp_path):
    # Notepad's "ANSI" on a Chinese Windows is GBK: the Cyrillic and the Chinese both become GBK bytes.
    orders = ORDERS_HEAD.lstrip("\n") + "    answer:\n      ru: ok\n      zh-Hans: 请查看邮件中的快递单号。\n"
    problems = problems_after(tmp_path, faq__orders_yml=orders.encode("gbk"))
    only(problems, "faq/orders.yml:3:20", "the file is not UTF-8 (byte 0xA7): save it as UTF-8 (editors on Windows may save Chinese text as GBK")


def test_the_first_byte_that_is_not_utf8_is_pointed_at(tmp_path):
    orders = ORDERS_HEAD.lstrip("\n").encode("utf-8") + "    answer: 请查看邮件。\n".encode("gbk")
    only(problems_after(tmp_path, faq__orders_yml=orders), "faq/orders.yml:4:13", "the file is not UTF-8 (byte 0xC7)")


def test_crlf_line_ends_from_windows_are_fine_and_positions_still_match(tmp_path):
    orders = (ORDERS_HEAD.lstrip("\n") + "    answer: ok\n    relatd: []\n").replace("\n", "\r\n")
    only(problems_after(tmp_path, faq__orders_yml=orders.encode("utf-8")), "faq/orders.yml:5:5", "unknown key 'relatd'")


# --- files -------------------------------------------------------------------------------------


def test_a_category_file_the_site_does_not_declare_is_reported_not_ignored(tmp_path):
    problems = problems_after(tmp_path, faq__order_yml=SHOP["faq/orders.yml"].replace("track-parcel", "track-parcel-2"))
    only(problems, "faq/order.yml:1:1", "category 'order' is not declared in site.yml categories (did you mean 'orders'?)")


def test_a_misnamed_category_file_is_one_problem_not_one_per_reference_into_it(tmp_path):
    # The handbook's `faq: [return-item]` points into that file: no second, misleading problem.
    problems = problems_after(tmp_path, faq__returns_yml=None, faq__return_yml=SHOP["faq/returns.yml"])
    only(problems, "faq/return.yml:1:1", "category 'return' is not declared in site.yml categories (did you mean 'returns'?)")


@pytest.mark.parametrize(
    "name, phrase",
    [
        ("notes.txt", "this file is not part of the content format"),
        ("faq/returns.yaml", "files of the source end in .yml, not .yaml: rename it"),
        ("faq/orders/old/more.yml", "faq/orders/ holds the YAML files of one category, not folders: move it up to faq/orders/more.yml"),
        ("warranty/old/heaters.yml", "warranty/ holds files, not folders: move it up to warranty/heaters.yml"),
        ("faq/.orders.yml.swp", "only .yml files belong in faq/"),
        ("images/logo.png", "this file is not part of the content format"),
        ("warranty/Heaters.yml", "'Heaters' is not a valid id for a file name"),
    ],
)
def test_a_stray_file_is_reported(tmp_path, name, phrase):
    write_tree(tmp_path, dict(SHOP, **{name: b"x: 1\n"}))
    _, problems = validate_source(tmp_path)
    only([str(p) for p in problems], f"{name}:1:1", phrase)


def test_a_missing_site_yml_is_reported(tmp_path):
    problems = problems_after(tmp_path, site_yml=None)
    assert problems == ["site.yml:1:1: site.yml is missing: every source needs one"], problems


def test_a_missing_source_folder_is_reported(tmp_path):
    _, problems = validate_source(tmp_path / "faq_sorce")
    assert len(problems) == 1 and "the source folder does not exist" in str(problems[0])


def test_a_file_that_is_a_list_is_reported(tmp_path):
    only(problems_after(tmp_path, warranty__heaters_24m_yml="- a\n- b\n", faq__orders_yml=SHOP["faq/orders.yml"].replace("    warranty: heaters-24m\n", "")),
         "warranty/heaters-24m.yml:1:1", "expected a warranty policy written as key: value lines (title, applies_to, duration_months, starts_on, covers, excludes, claim_steps), got a list")


def test_every_problem_of_every_file_comes_in_one_run_sorted(tmp_path):
    problems = problems_after(
        tmp_path,
        site_yml=SHOP["site.yml"].replace("channel: email", "channel: mail"),
        faq__orders_yml=ORDERS_HEAD + "    answer: ok\n    reviewed: 2026-02-30\n",
        warranty__heaters_24m_yml=SHOP["warranty/heaters-24m.yml"].replace("duration_months: 24", "duration_months: '24'"),
        notes_txt="x",
    )
    assert [p.split(": ")[0] for p in problems] == [
        "faq/orders.yml:5:15", "notes.txt:1:1", "site.yml:11:14", "warranty/heaters-24m.yml:3:18",
    ], problems


def test_load_knowledge_base_raises_with_every_problem(tmp_path):
    write_tree(tmp_path, dict(SHOP, **{"faq/orders.yml": ORDERS_HEAD + "    answer: ''\n    related: [nope]\n"}))
    with pytest.raises(InvalidSource) as raised:
        load_knowledge_base(tmp_path)
    assert len(raised.value.problems) == 2


# --- YAML 1.1 surprises ------------------------------------------------------------------------


def test_where_text_is_expected_no_yes_on_off_versions_and_dates_stay_the_text_written(tmp_path):
    orders = """
        entries:
          - id: track-parcel
            question: no
            answer: 1.10
            keywords: {ru: [yes, on, off, 2026-10-01, 0x1F, ~nothing]}
            warranty: heaters-24m
        """
    policy = SHOP["warranty/heaters-24m.yml"].replace("applies_to: Обогреватели", "applies_to: 2026-10-01").replace(
        "covers: [Заводской брак]", "covers: [yes, No, 1e3, 012]"
    )
    write_tree(tmp_path, dict(SHOP, **{"faq/orders.yml": orders, "warranty/heaters-24m.yml": policy}))
    kb = load_knowledge_base(tmp_path)
    entry = entry_in(kb, "track-parcel")
    assert entry.question.strings == {"ru": "no"}
    assert entry.answer.strings == {"ru": "1.10"}
    assert entry.keywords.by_language["ru"] == ["yes", "on", "off", "2026-10-01", "0x1F", "~nothing"]
    policy = kb.warranties["heaters-24m"]
    assert policy.applies_to.strings == {"ru": "2026-10-01"}
    assert [t.strings["ru"] for t in policy.covers] == ["yes", "No", "1e3", "012"]


def test_a_yaml_1_1_directive_is_refused_because_it_would_change_how_text_reads(tmp_path):
    # Under %YAML 1.1 the scanner stops at the `?` of {ru: Где моя посылка?, ...}.
    orders = "# Orders\n%YAML 1.1\n---\n" + SHOP["faq/orders.yml"]
    only(problems_after(tmp_path, faq__orders_yml=orders), "faq/orders.yml:2:1",
         "the directive %YAML is not allowed: kbgen reads every file as YAML 1.2; delete this line")


def test_where_a_date_is_expected_a_number_is_an_error(tmp_path):
    problems = problems_after(tmp_path, faq__orders_yml=ORDERS_HEAD + "    answer: ok\n    reviewed: 20261001\n")
    only(problems, "faq/orders.yml:5:15", "'20261001' is not a date")


def test_where_a_duration_is_expected_a_bare_number_is_an_error(tmp_path):
    site = SHOP["site.yml"] + "    response_time: 24\n"
    only(problems_after(tmp_path, site_yml=site), "site.yml:14:20", "'24' is not a duration: write a whole number and a unit m, h or d")


# --- fallback order (v1.1) ---------------------------------------------------------------------


def test_a_fallback_order_of_the_sites_own_languages_is_valid_and_read_in_order(tmp_path):
    site = SHOP["site.yml"].replace("languages: [ru, en, zh-Hans]\n", "languages: [ru, en, zh-Hans]\nfallback: {zh-Hans: [en]}\n")
    assert problems_after(tmp_path, site_yml=site) == []
    assert load_knowledge_base(tmp_path).site.fallback == {"zh-Hans": ("en",)}


@pytest.mark.parametrize(
    "fallback, where, phrase",
    [
        # ja is a supported language, but this shop does not publish it.
        ("{zh-Hans: [ja]}", "site.yml:4:22", "fallback language 'ja' is not one of the site's languages; declared: ru, en, zh-Hans"),
        ("{ko: [en]}", "site.yml:4:12", "fallback language 'ko' is not one of the site's languages"),
        ("{ru: [en]}", "site.yml:4:12", "'ru' is the default language: it is what every other language falls back to"),
        ("{en: [en]}", "site.yml:4:17", "'en' falls back to itself"),
        ("{en: [zh-Hans, ru]}", "site.yml:4:26", "'ru' is the default language, always tried last: leave it out"),
        ("{en: [zh-Hans, zh-Hans]}", "site.yml:4:26", "'zh-Hans' is listed twice for 'en'"),
        ("{en: zh-Hans}", "site.yml:4:16", "expected a list of languages for 'en' to try"),
        ("[en, zh-Hans]", "site.yml:4:11", "expected a mapping of language: [languages to try]"),
    ],
)
def test_a_fallback_order_naming_a_language_the_site_cannot_fall_back_to_is_reported_where_written(tmp_path, fallback, where, phrase):
    site = SHOP["site.yml"].replace("languages: [ru, en, zh-Hans]\n", f"languages: [ru, en, zh-Hans]\nfallback: {fallback}\n")
    only(problems_after(tmp_path, site_yml=site), where, phrase)
