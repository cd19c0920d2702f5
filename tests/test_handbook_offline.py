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
from generator.interface_text import InterfaceText
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
    page.on("requestfailed", lambda request: page.failed.append(request.url))
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

    # The home page, then the procedure through the navigation: every link names a file.
    page.goto(root + "index.html")
    page.locator(f"nav a.md-nav__link[href$='procedures/{procedure_id}/index.html']").first.click()
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
