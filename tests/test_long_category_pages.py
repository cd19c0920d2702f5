"""A long category page on a phone: its entries are drawn near the screen only, and a buyer meets no difference.

A shop of 120 entries in two categories (benchmarks/synthetic_kb.py), built once: each category page holds
more entries than render/public/category_page.py's DRAWN_WHOLE_ENTRIES.
"""

from __future__ import annotations

import sys

import pytest

from conftest import PROJECT
from generator.render.public.category_page import DRAWN_WHOLE_ENTRIES

sys.path.insert(0, str(PROJECT / "benchmarks"))
from synthetic_kb import write_knowledge_base  # noqa: E402

ENTRIES, CATEGORIES = 120, 2
#: On a category page, from the first question to its answer's first line, and from its "still need help?" line
#: to the next question (px).
FIRST_ENTRY_GAPS = """() => {
    const [question, next] = document.querySelectorAll('article h2[id]');
    const block = question.nextElementSibling, answer = block.querySelector('.kb-answer > :first-child');
    const help = block.querySelector('.kb-help');
    return [answer.getBoundingClientRect().top - question.getBoundingClientRect().bottom,
            next.getBoundingClientRect().top - help.getBoundingClientRect().bottom];
}"""


@pytest.fixture(scope="module")
def long_page(tmp_path_factory, serve_folder):
    """The URL of the Russian page of the shop's first category."""
    from generator.build import build_site

    work = tmp_path_factory.mktemp("long-pages")
    source = write_knowledge_base(work / "source", ENTRIES, CATEGORIES)
    build_site(source, work / "site")
    category = sorted((source / "faq").glob("*.yml"))[0].stem
    return serve_folder(work / "site" / "public") + f"ru/faq/{category}/"


def test_a_link_to_the_last_question_lands_on_it_while_far_entries_wait_to_be_drawn(context, long_page):
    page = context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(long_page)
    questions = page.eval_on_selector_all("article h2[id]", "headings => headings.map(h => h.id)")
    assert len(questions) > DRAWN_WHOLE_ENTRIES
    page = context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{long_page}#{questions[-1]}")
    page.wait_for_timeout(500)
    last = page.locator(f"h2#{questions[-1]}").bounding_box()
    assert 0 <= last["y"] <= 150, f"the linked question is at {last['y']}px, not at the top of the screen"
    drawn = page.eval_on_selector_all("article .kb-entry", "blocks => blocks.map(b => b.firstElementChild.checkVisibility({contentVisibilityAuto: true}))")
    assert drawn[-1] and not drawn[0], drawn
    # Scrolled to, the first entry is drawn, its answer's text laid out.
    page.locator(f"h2#{questions[0]}").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    first = page.locator("article .kb-entry").first
    assert first.evaluate("b => b.firstElementChild.checkVisibility({contentVisibilityAuto: true})")
    assert first.locator(".kb-answer").inner_text().strip() != ""


def test_the_entries_are_spaced_as_on_a_short_page(context, long_page):
    """Contained, a block's margins would no longer merge with its question's: the gap from a question to its
    answer and from the "still need help?" line to the next question are those of a page drawn whole."""
    page = context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(long_page)
    gaps = page.evaluate(FIRST_ENTRY_GAPS)
    page.add_style_tag(content=".md-typeset .kb-entry--deferred { content-visibility: visible; contain: none; }")
    whole = page.evaluate(FIRST_ENTRY_GAPS)
    assert gaps == whole
