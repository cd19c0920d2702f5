"""A new agent with only the downloaded zip: the handbook opened from disk (`file://`) in Chromium.

The publish workflow hands agents the built handbook as a zip (README "Giving agents the
handbook"); these tests zip the built handbook the same way, unzip it into a fresh folder and
open it from `file://`, in the sample shop (Chinese by default) and ru-shop (Russian by default):
the links lead to pages, the search finds a procedure, the copy buttons copy, the flowchart shows,
and nothing the pages ask for is missing.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import RU_SHOP, SAMPLE_SOURCE, search_with_box
from generator.build import build_site
from generator.interface_text import InterfaceText
from generator.render.handbook.composer import PLACEHOLDER
from generator.render.shared.urls import handbook_page_url, procedure_page_path, step_anchor
from generator.validate import load_knowledge_base
from generator.view import HandbookView

SOURCES = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}
hb = InterfaceText().handbook


@pytest.fixture(scope="module")
def unzipped(built, tmp_path_factory):
    """`unzipped(name)` -> the folder the agent unzipped the handbook of shop `name` into."""
    folders: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in folders:
            work = tmp_path_factory.mktemp(f"agent-{name}")
            # As GitHub packs the `agent-handbook` artifact: the folder's contents, zipped.
            archive = shutil.make_archive(str(work / "agent-handbook"), "zip", built(name) / "handbook")
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(work / "handbook")
            folders[name] = work / "handbook"
        return folders[name]

    return get


@pytest.fixture
def offline_page(browser):
    """A page in a browser context that may use the clipboard, recording every request that failed."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.failed = []
    # A request cut short by the next navigation (the favicon of a page left at once) is no broken link;
    # a file missing from disk fails with net::ERR_FILE_NOT_FOUND and is recorded.
    page.on("requestfailed", lambda request: request.failure == "net::ERR_ABORTED" or page.failed.append(request.url))
    page.on("pageerror", lambda error: page.failed.append(f"script error: {error}"))
    yield page
    context.close()


def first_word(text: str) -> str:
    """A word an agent would type from a title: its first two CJK characters, or its longest word."""
    import re

    cjk = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2}", text)
    return cjk.group() if cjk else max(re.findall(r"\w+", text), key=len)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_an_agent_opens_the_unzipped_handbook_from_disk_and_works_with_it(name, unzipped, offline_page):
    kb = load_knowledge_base(SOURCES[name])
    view = HandbookView(kb)
    root = unzipped(name).as_uri() + "/"
    page = offline_page
    language = view.default_language
    procedure_id, procedure = next((pid, p) for pid, p in kb.procedures.items() if any(s.say for s in p.steps))
    title = view.localizer(language)(procedure.title).text

    # The home page, then the procedures' page and the procedure through the navigation: every link names a file.
    page.goto(root + "index.html")
    page.locator("nav a.md-nav__link[href$='procedures/index.html']").first.click()
    page.wait_for_load_state()
    assert page.url == root + "procedures/index.html"
    page.locator(f"nav a.md-nav__link[href='{procedure_id}/index.html']").first.click()
    page.wait_for_load_state()
    assert page.url == root + handbook_page_url(procedure_page_path(procedure_id), language=language,
                                                default_language=view.default_language)
    assert page.locator("article h1").first.text_content().rstrip("¶ ") == title

    # The flowchart is drawn, at a readable size.
    chart = page.locator("article svg").first
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100

    # A word of the procedure's title finds it in the search box, and the result opens it.
    page.goto(root + "index.html")
    results = search_with_box(page, first_word(title))
    assert results[0]["href"].startswith(root), results
    assert any(result["href"].endswith(f"procedures/{procedure_id}/index.html") for result in results[:3]), results
    page.locator(f"#kb-search-results a[data-kb-id='procedure/{procedure_id}']").click()
    page.wait_for_load_state()
    assert page.locator("article h1").first.text_content().rstrip("¶ ") == title

    # The copy button of a reply puts text on the clipboard.
    step = next(s for s in procedure.steps if s.say)
    button = page.locator(f"#{step_anchor(step.id)} ~ div.hb-step").first.locator(".hb-reply button.hb-copy")
    button.click()
    page.wait_for_function("b => b.dataset.state === 'copied'", arg=button.element_handle())
    assert page.evaluate("navigator.clipboard.readText()").strip() != ""

    # The other languages open from disk too.
    other = next((code for code in view.languages if code != language), None)
    if other:
        page.goto(root + f"{other}/index.html")
        assert page.locator("html").get_attribute("lang") == other
        assert page.locator("article").count() == 1
    assert page.failed == []


# --- the reply composer: the buyer's language, placeholders filled, links the buyer can open -----------


def reply_of(page, step_id: str):
    return page.locator(f"#{step_anchor(step_id)} ~ div.hb-step").first.locator("[data-hb-reply]")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_a_chinese_agent_answers_a_russian_buyer_in_english_where_russian_is_missing(unzipped, offline_page):
    """The sample shop: Chinese handbook, `fallback: {ru: [en]}`. The return procedure's replies exist in
    Chinese and English: for a Russian buyer each says so and shows the English one, filled in."""
    kb = load_knowledge_base(SAMPLE_SOURCE)
    view = HandbookView(kb)
    procedure_id, procedure = next(
        (pid, p) for pid, p in kb.procedures.items()
        if any(s.say and "ru" not in s.say.strings and "en" in s.say.strings and "{order_id}" in s.say.strings["en"] for s in p.steps)
    )
    step = next(s for s in procedure.steps if s.say and "{order_id}" in s.say.strings.get("en", ""))
    page = offline_page
    page.goto(unzipped("sample").as_uri() + "/" + handbook_page_url(
        procedure_page_path(procedure_id), language="zh-Hans", default_language="zh-Hans"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"  # the handbook stays in the agent's language
    reply = reply_of(page, step.id)
    assert reply.locator(".hb-reply__text:not([hidden])").get_attribute("data-hb-reply-language") == "zh-Hans"
    written = reply.locator("[data-hb-written]").evaluate_all("tags => tags.map(t => t.dataset.hbWritten)")
    assert written == [code for code in kb.languages if code in step.say.strings]

    page.select_option("[data-hb-buyer-language]", "ru")
    shown = reply.locator(".hb-reply__text:not([hidden])")
    assert shown.get_attribute("data-hb-reply-language") == "en"
    missing = reply.locator("[data-hb-reply-missing]")
    assert missing.is_visible()
    # Both languages named as the agent's page names them: 俄语, 英语.
    assert missing.text_content() == hb("zh-Hans", "reply_missing_language", buyer="俄语", shown="英语")

    # Typed once, {order_id} fills every reply of the page that has it; Copy copies the filled text.
    page.fill("[data-hb-field=order_id]", "OZ-4711")
    assert shown.text_content() == step.say.strings["en"].replace("{order_id}", "OZ-4711")
    every = page.locator(".hb-reply__text:not([hidden])").evaluate_all("ps => ps.map(p => p.textContent)")
    assert not any("{order_id}" in text for text in every) and sum("OZ-4711" in text for text in every) >= 1
    for other in (s for s in procedure.steps if s.say and "{order_id}" in s.say.strings.get("en", "")):
        assert "OZ-4711" in reply_of(page, other.id).locator(".hb-reply__text:not([hidden])").text_content()
    reply.locator("button.hb-copy").click()
    expected = step.say.strings["en"].replace("{order_id}", "OZ-4711")
    page.wait_for_function("text => navigator.clipboard.readText().then(t => t === text)", arg=expected)
    left = sorted(set(PLACEHOLDER.findall(expected)))
    warning = reply.locator("[data-hb-reply-warning]")
    if left:  # a placeholder still empty: the copy says which
        assert warning.is_visible() and all(name in warning.text_content() for name in left)
    for name in left:
        page.fill(f"[data-hb-field={name[1:-1]}]", "Анна")
    reply.locator("button.hb-copy").click()
    assert not PLACEHOLDER.search(clipboard(page)) and warning.is_hidden()

    # A press on a language the reply is written in picks it for the whole page.
    reply.locator("[data-hb-written='zh-Hans']").click()
    assert page.locator("[data-hb-buyer-language]").input_value() == "zh-Hans"
    assert reply.locator(".hb-reply__text:not([hidden])").get_attribute("data-hb-reply-language") == "zh-Hans"
    assert reply.locator("[data-hb-written='zh-Hans']").get_attribute("aria-pressed") == "true"
    assert missing.is_hidden()
    page.select_option("[data-hb-buyer-language]", "ru")

    # The buyers' links: one row per entry, in the buyer's language; remembered for the tab, not beyond.
    row = page.locator("[data-hb-links] tr").first
    assert row.locator("button.hb-copy").get_attribute("data-copy").startswith("ru/faq/")
    page.reload()
    assert page.locator("[data-hb-buyer-language]").input_value() == "ru"
    assert page.locator("[data-hb-field=order_id]").input_value() == "OZ-4711"
    page.locator("[data-hb-clear]").click()
    assert page.locator("[data-hb-field=order_id]").input_value() == ""
    assert page.evaluate("Object.keys(localStorage).length") == 0  # nothing outlives the session
    assert page.failed == []


def test_the_warranty_end_date_is_computed_from_the_policy_and_the_delivery_date(unzipped, offline_page):
    kb = load_knowledge_base(SAMPLE_SOURCE)
    procedure_id = next(pid for pid, p in kb.procedures.items() if any(s.say and "{warranty_end}" in s.say.strings.get("zh-Hans", "") for s in p.steps))
    policy_id, policy = next((pid, p) for pid, p in kb.warranties.items() if p.duration_months == 12)
    page = offline_page
    page.goto(unzipped("sample").as_uri() + "/" + handbook_page_url(
        procedure_page_path(procedure_id), language="zh-Hans", default_language="zh-Hans"))
    page.select_option("[data-hb-warranty-policy]", policy_id)
    page.fill("[data-hb-warranty-start]", "2026-01-31")
    # 12 months from 31 January 2026: 31 January 2027, written for the buyer (Chinese, then Russian).
    zh = page.evaluate("new Intl.DateTimeFormat('zh-CN', {dateStyle: 'long', timeZone: 'UTC'}).format(Date.UTC(2027, 0, 31))")
    assert page.locator("[data-hb-warranty-end]").text_content() == zh == "2027年1月31日"
    marks = page.locator(".hb-reply__text:not([hidden]) mark[data-hb-name=warranty_end]")
    assert marks.count() >= 1 and marks.first.text_content() == zh
    page.select_option("[data-hb-buyer-language]", "ru")
    assert page.locator("[data-hb-warranty-end]").text_content() == "31 января 2027 г."


def test_a_russian_handbook_offers_the_russian_reply_to_a_japanese_buyer_and_fills_it(unzipped, offline_page):
    """ru-shop: Russian handbook, replies written in Russian only, no `fallback:`: a Japanese buyer gets the
    Russian reply (the default language ends every order), and the page says so."""
    kb = load_knowledge_base(RU_SHOP)
    procedure_id, procedure = next((pid, p) for pid, p in kb.procedures.items() if any(s.say for s in p.steps))
    step = next(s for s in procedure.steps if s.say)
    page = offline_page
    page.goto(unzipped("ru-shop").as_uri() + "/" + handbook_page_url(procedure_page_path(procedure_id), language="ru", default_language="ru"))
    page.select_option("[data-hb-buyer-language]", "ja")
    reply = reply_of(page, step.id)
    assert reply.locator(".hb-reply__text:not([hidden])").get_attribute("data-hb-reply-language") == "ru"
    assert reply.locator("[data-hb-reply-missing]").text_content() == hb("ru", "reply_missing_language", buyer="японский", shown="русский")
    hint = reply.locator(".hb-reply__hint")
    assert hint.is_visible()  # "replace the highlighted placeholders"...
    for name in sorted(set(PLACEHOLDER.findall(step.say.strings["ru"]))):
        page.fill(f"[data-hb-field={name[1:-1]}]", "Ёлка-42")
    assert hint.is_hidden()  # ...and none is left: the reply is ready, nothing asks for more
    reply.locator("button.hb-copy").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('Ёлка-42'))")
    assert not PLACEHOLDER.search(clipboard(page))
    assert page.locator("[data-hb-links] tr button.hb-copy").first.get_attribute("data-copy").startswith("ja/faq/")


def test_links_are_absolute_when_the_shop_says_where_its_help_center_is(tmp_path, browser):
    """With `url` in site.yml the buyers' links are absolute, in the language the agent picked for the buyer."""
    shutil.copytree(RU_SHOP, tmp_path / "kb")
    site_yml = tmp_path / "kb" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "url: https://help.teplydom.example/\n", encoding="utf-8")
    out = build_site(tmp_path / "kb", tmp_path / "out").out
    kb = load_knowledge_base(tmp_path / "kb")
    procedure_id = next(pid for pid, p in kb.procedures.items() if any(s.faq for s in p.steps))
    page = browser.new_page()
    try:
        page.goto((out / "handbook").as_uri() + "/" + handbook_page_url(procedure_page_path(procedure_id), language="ru", default_language="ru"))
        assert page.locator(".hb-note").filter(has_text=hb("ru", "links_are_relative")).count() == 0
        page.select_option("[data-hb-buyer-language]", "en")
        row = page.locator("[data-hb-links] tr").first
        url = row.locator("button.hb-copy").get_attribute("data-copy")
        assert url.startswith("https://help.teplydom.example/en/faq/") and "#" in url
        assert row.locator("a.hb-link__url:visible").get_attribute("href") == url
    finally:
        page.close()


# --- Start here: the reading order and the self-checks ----------------------------------------------------


def expected_answers(procedure) -> dict[str, str]:
    """Each self-check question of `procedure` and its answer, read from the procedure itself: a branch's
    condition leads to its `goto` step, the escalation rules to escalating."""
    answers = {}
    for step in procedure.steps:
        for index, branch in enumerate(step.branches or [], start=1):
            answers[f"{step.id}/{index}"] = branch.goto
    if procedure.escalate:
        answers["escalate"] = "escalate"
    return answers


@pytest.mark.parametrize("name, language", [("sample", "zh-Hans"), ("ru-shop", "ru"), ("sample", "ru")])
def test_a_new_agent_follows_the_reading_order_and_completes_a_self_check(name, language, unzipped, offline_page):
    kb = load_knowledge_base(SOURCES[name])
    view = HandbookView(kb)
    ordered = view.procedures_in_reading_order()
    page = offline_page
    root = unzipped(name).as_uri() + "/"
    prefix = "" if language == view.default_language else f"{language}/"
    page.goto(root + f"{prefix}index.html")
    page.locator("article a", has_text=hb(language, "start_here")).first.click()
    page.wait_for_load_state()
    assert page.url == root + f"{prefix}start-here/index.html"

    # Quick reference first, then the procedures in the seller's order, each with its self-check's progress.
    items = page.locator("[data-hb-reading] > li")
    assert items.count() == 1 + len(ordered)
    assert items.first.locator("a").get_attribute("href").endswith("quick-reference/index.html")
    hrefs = [items.nth(i + 1).locator("a").first.get_attribute("href") for i in range(len(ordered))]
    assert hrefs == [f"../procedures/{pid}/index.html" for pid, _ in ordered]
    if name == "sample":  # faq_source/handbook/*.yml set reading_order: returns, parcels, complaints, warranty
        assert [pid for pid, _ in ordered] == ["return-request", "parcel-delayed", "after-sales-complaint", "warranty-inquiry"]

    procedure_id, procedure = next((pid, p) for pid, p in ordered if expected_answers(p))
    answers = expected_answers(procedure)
    check = page.locator(f"[data-hb-check='{procedure_id}']")
    badge = page.locator(f"[data-hb-progress='{procedure_id}']")
    assert badge.text_content() == hb(language, "check_not_started")
    questions = check.locator("[data-hb-question]")
    assert sorted(questions.evaluate_all("qs => qs.map(q => q.dataset.hbQuestion)")) == sorted(answers)
    step_titles = [view.localizer(language)(step.title).text for step in procedure.steps]
    for index, (key, answer) in enumerate(answers.items()):
        question = check.locator(f"[data-hb-question='{key}']")
        choices = question.locator(".hb-check__choice").all_text_contents()
        assert [c.strip().split(". ", 1)[-1] for c in choices[: len(step_titles)]] == step_titles  # the step titles
        wrong = next(step.id for step in procedure.steps if step.id != answer)
        question.locator(f"input[value='{wrong}']").check()
        feedback = question.locator("[data-hb-feedback]")
        assert feedback.is_visible() and hb(language, "check_wrong") in feedback.text_content()
        target = "escalate" if answer == "escalate" else step_anchor(answer)
        assert feedback.locator("a").get_attribute("href") == f"../procedures/{procedure_id}/index.html#{target}"
        question.locator(f"input[value='{answer}']").check()
        assert hb(language, "check_right") in feedback.text_content()
    assert badge.text_content() == hb(language, "check_done")

    # The progress stays in the browser: there after a reload, and in another language of the handbook.
    page.reload()
    assert page.locator(f"[data-hb-progress='{procedure_id}']").text_content() == hb(language, "check_done")
    other = next((code for code in view.languages if code != language), None)
    if other:
        other_prefix = "" if other == view.default_language else f"{other}/"
        page.goto(root + f"{other_prefix}start-here/index.html")
        assert page.locator(f"[data-hb-progress='{procedure_id}']").text_content() == hb(other, "check_done")
    # The link of a question's feedback lands on the step that answers it.
    page.goto(root + f"{prefix}start-here/index.html")
    key, answer = next(iter(answers.items()))
    link = page.locator(f"[data-hb-check='{procedure_id}'] [data-hb-question='{key}'] [data-hb-feedback] a")
    link.click()
    page.wait_for_load_state()
    target = "escalate" if answer == "escalate" else step_anchor(answer)
    assert page.url.endswith(f"procedures/{procedure_id}/index.html#{target}")
    assert page.locator(f"#{target}").count() == 1
    assert page.failed == []


# --- search: the procedure first -------------------------------------------------------------------------

DAY_ONE_CASES = {  # what a new agent types on day one, and the procedure it needs (sample shop)
    "zh-Hans": [("包裹丢了", "parcel-delayed"), ("耳机用了十天要退", "return-request"), ("威胁给差评", "after-sales-complaint"),
                ("退货", "return-request")],
    "ru": [("посылка потерялась", "parcel-delayed"), ("вернули наушники через 10 дней", "return-request"),
           ("плохой отзыв", "after-sales-complaint")],
}


@pytest.mark.parametrize("language", sorted(DAY_ONE_CASES))
def test_an_agent_finds_the_procedure_of_each_day_one_case_first(language, unzipped, offline_page):
    page = offline_page
    prefix = "" if language == "zh-Hans" else f"{language}/"
    page.goto(unzipped("sample").as_uri() + f"/{prefix}index.html")
    for query, procedure_id in DAY_ONE_CASES[language]:
        results = search_with_box(page, query)
        ids = [result["id"] for result in results]
        assert f"procedure/{procedure_id}" in ids[:3], (query, ids)
        # Every procedure that matches comes before every FAQ entry or policy that matches.
        kinds = ["procedure" if i.startswith("procedure/") else "other" for i in ids]
        assert kinds == sorted(kinds, key=lambda kind: kind != "procedure"), (query, ids)
        assert any(kind == "other" for kind in kinds), "the FAQ entries still come, after the procedures"
    assert page.failed == []
