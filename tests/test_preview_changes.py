"""What `kbgen serve` renders again after a seller's edit (generator/preview_changes.py), on ru-shop
(ru by default, ja and en; srok-dostavki names vozvrat-obogrevatelya in `related`)."""

from __future__ import annotations

import shutil

import pytest

from conftest import RU_SHOP
from generator.preview_changes import EVERYTHING, SourceState, changed_pages
from generator.reading_memo import ReadingMemo
from generator.render.public.search_documents import buyers_search_indexes
from generator.validate import load_knowledge_base
from generator.view import Presentation, PublicView


@pytest.fixture
def shop(tmp_path):
    source = shutil.copytree(RU_SHOP, tmp_path / "source")
    memo = ReadingMemo()

    def state() -> SourceState:
        return SourceState(load_knowledge_base(source, memo))

    return source, state


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_text_in_one_language_renders_its_pages_in_the_languages_that_show_it(shop):
    source, state = shop
    before = state()
    edit(source / "faq" / "vozvrat.yml", "en: How do I return a heater?", "en: How can I return a heater?")
    changes = changed_pages(before, state())
    # The question shows on its page, under "Related questions" of srok-dostavki, and on the home page: in English only.
    assert changes.pages == {"faq/vozvrat.md": {"en"}, "faq/dostavka.md": {"en"}, "index.md": {"en"}}
    assert changes.search_stale


def test_a_text_of_the_default_language_reaches_every_language_that_falls_back_to_it(shop):
    source, state = shop
    before = state()
    edit(source / "faq" / "dostavka.yml", "answer: Да, в пунктах Ozon и СДЭК.", "answer: Да, в пунктах Ozon, СДЭК и Почты.")
    changes = changed_pages(before, state())
    assert changes.pages == {"faq/dostavka.md": {"ru", "ja", "en"}, "index.md": {"ru", "ja", "en"}}


def test_an_entry_moved_to_another_category_renders_both_pages_in_every_language(shop):
    source, state = shop
    before = state()
    moved = (
        "  - id: punkty-vydachi\n    question: Можно ли забрать заказ в пункте выдачи?\n"
        "    answer: Да, в пунктах Ozon и СДЭК. Выберите пункт при оформлении заказа.\n"
    )
    edit(source / "faq" / "dostavka.yml", moved, "")
    returns = source / "faq" / "vozvrat.yml"
    returns.write_text(returns.read_text(encoding="utf-8") + moved, encoding="utf-8")
    every = {"ru", "ja", "en"}
    assert changed_pages(before, state()).pages == {"faq/dostavka.md": every, "faq/vozvrat.md": every, "index.md": every}


def test_what_every_page_shows_renders_everything_and_what_buyers_never_see_renders_nothing(shop):
    source, state = shop
    before = state()
    edit(source / "site.yml", "name: Тёплый Дом", "name: Тёплый Дом и Сад")
    assert changed_pages(before, state()) is EVERYTHING

    before = state()
    edit(source / "warranty" / "obogrevateli-24m.yml", "duration_months: 24", "duration_months: 36")
    assert changed_pages(before, state()) is EVERYTHING

    before = state()
    procedure = source / "handbook" / "vozvrat-brak.yml"
    procedure.write_text(procedure.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    edit(source / "faq" / "dostavka.yml", "agent_note: Проверьте статус", "agent_note: Сначала проверьте статус")
    changes = changed_pages(before, state())
    assert changes.pages == {} and not changes.search_stale


def test_the_shops_templates_render_everything(shop):
    source, state = shop
    before = state()
    after = SourceState(state().kb, {"templates/public/answer.html": b"<div>{{ answer }}</div>"})
    assert changed_pages(before, after) is EVERYTHING


def test_the_search_indexes_of_the_edited_languages_made_again_beside_the_others_equal_all_made_afresh(shop):
    """After an edit, a preview makes again only the indexes of the languages whose pages it changed, and keeps
    the others' files: the search folder is then the one a fresh build makes."""
    source, state = shop
    before = state()
    old = buyers_search_indexes(PublicView(before.kb, Presentation.of(before.kb)), before.kb.languages)
    edit(source / "faq" / "vozvrat.yml", "en: How do I return a heater?", "en: How can I return a heater?")
    after = state()
    languages = set().union(*changed_pages(before, after).pages.values())
    assert languages == {"en"}
    view = PublicView(after.kb, Presentation.of(after.kb))
    merged = old.with_languages_of(buyers_search_indexes(view, languages))
    fresh = buyers_search_indexes(view, after.kb.languages)
    assert merged.versions == fresh.versions and merged.versions != old.versions
    assert merged.files == fresh.files
