"""A seller edits one thing after another in `kbgen serve`; each edit shows, and the preview ends up with exactly
the pages a fresh preview of the final source has.

The preview renders and builds again only what an edit changes (generator/preview_changes.py): a FAQ text
rebuilds the pages that show it, in the languages that show it, and nothing else is written; an edit that can
reach every page (site.yml, locales/, templates/, docs/) rebuilds everything. The preview's folder is found
through TMPDIR, so that the test can see which files were written.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import RU_SHOP, search_data_of
from generator.search.index import shard_files
from test_serve import ServeProcess, fetch, free_port, replace_in

WAIT_S = 60  # a shared 2-core machine; timing targets are in benchmarks/scale_benchmark.py, not here


@pytest.fixture
def shop(tmp_path):
    """ru-shop with everything a seller may keep beside the source: a hand-written intro, interface strings, a template."""
    project = tmp_path / "shop"
    source = shutil.copytree(RU_SHOP, project / "source")
    (project / "docs" / "ru").mkdir(parents=True)
    (project / "docs" / "ru" / "intro.md").write_text("Мы отвечаем быстро.\n", encoding="utf-8")
    (project / "locales").mkdir()
    (project / "locales" / "ru.yml").write_text("site:\n  still_need_help: Остались вопросы?\n", encoding="utf-8")
    (project / "templates" / "public").mkdir(parents=True)
    (project / "templates" / "public" / "warranty-link.html").write_text('<a href="{{ href }}">{{ title }}</a>\n', encoding="utf-8")
    return project, source


class Preview(ServeProcess):
    """`kbgen serve` with its own temporary folder, where its staging folder (and the built site) is."""

    def __init__(self, source: Path, temporary: Path):
        temporary.mkdir(parents=True)
        super().__init__(source, free_port(), env={**os.environ, "TMPDIR": str(temporary)})
        self.temporary = temporary

    @property
    def site(self) -> Path:
        (staging,) = self.temporary.glob("kbgen-serve-*")
        return staging / "site"

    def edited(self, change, *, expect: str = "kbgen serve: rebuilt in") -> None:
        """Make `change` (a function editing files) and wait until the preview has rebuilt after it."""
        before = len(self.lines)
        change()
        self.wait_for_line(expect, after=before, timeout=WAIT_S)

    def page(self, path: str = "") -> str:
        status, html = fetch(self.url + path)
        assert status == 200, path
        return html

    def html_stamps(self) -> dict[str, int]:
        return {str(page.relative_to(self.site)): page.stat().st_mtime_ns for page in self.site.rglob("*.html")}


def built_files(site: Path, url: str) -> dict[str, bytes]:
    """Every file of a built preview, its own address taken out (each preview runs on its own port)."""
    return {
        str(path.relative_to(site)): path.read_bytes().replace(url.encode(), b"http://preview/")
        for path in sorted(site.rglob("*")) if path.is_file()
    }


def test_each_edit_shows_with_only_its_pages_rebuilt_and_the_preview_ends_as_a_fresh_one(shop, tmp_path, page):
    project, source = shop
    delivery, returns = source / "faq" / "dostavka.yml", source / "faq" / "vozvrat.yml"
    preview = Preview(source, tmp_path / "first")
    try:
        preview.wait_until_serving()

        # A question edited: its category page and the home page (its topics list first questions) are built
        # again, in the language that changed; every other page file stays as it was.
        before = preview.html_stamps()
        preview.edited(lambda: replace_in(delivery, "ru: Сколько идёт посылка?", "ru: Сколько дней едет посылка?"))
        assert "Сколько дней едет посылка?" in preview.page("faq/dostavka/")
        after = preview.html_stamps()
        assert {path for path in after if after[path] != before.get(path)} == {"faq/dostavka/index.html", "index.html"}

        # The search files are made again when the browser asks for one.
        meta = search_data_of(fetch(preview.url + "search/ru/meta.js")[1])
        shards = meta["docs"].get("shards") or [search_data_of(fetch(preview.url + "search/ru/" + name)[1])
                                                for name in shard_files(meta, "docs")]
        titles = [title for shard in shards for _, title, _, _ in shard]
        assert "Сколько дней едет посылка?" in titles

        # An entry moved to another category: gone from the first page in the open tab, shown on the other.
        page.goto(preview.url + "faq/dostavka/")
        page.get_by_role("heading", name="Можно ли забрать заказ в пункте выдачи?").wait_for()
        moved = (
            "  - id: punkty-vydachi\n    question: Можно ли забрать заказ в пункте выдачи?\n"
            "    answer: Да, в пунктах Ozon и СДЭК. Выберите пункт при оформлении заказа.\n"
        )

        def move():
            replace_in(delivery, moved, "")
            returns.write_text(returns.read_text(encoding="utf-8") + moved, encoding="utf-8")

        preview.edited(move)
        page.get_by_role("heading", name="Можно ли забрать заказ в пункте выдачи?").wait_for(state="detached", timeout=WAIT_S * 1000)
        assert "Можно ли забрать заказ в пункте выдачи?" in preview.page("faq/vozvrat/")
        assert "Можно ли забрать заказ в пункте выдачи?" not in preview.page("en/faq/dostavka/")

        # Rules across files still hold: an entry deleted while another names it in `related`, an id used twice.
        entry = returns.read_text(encoding="utf-8")
        preview.edited(lambda: returns.write_text(entry.replace("id: vozvrat-obogrevatelya", "id: vozvrat-tovara"), encoding="utf-8"),
                       expect="the last good pages rebuilt in")
        assert any(line.startswith("faq/dostavka.yml:") and "vozvrat-obogrevatelya" in line for line in preview.lines)
        assert "kbgen-preview-problems" in preview.page("faq/vozvrat/")  # the last good page, the problems over it
        assert "Как вернуть обогреватель?" in preview.page("faq/vozvrat/")
        preview.edited(lambda: returns.write_text(entry.replace("id: punkty-vydachi", "id: srok-dostavki"), encoding="utf-8"),
                       expect="the last good pages rebuilt in")
        assert any(line.startswith("faq/vozvrat.yml:") and "srok-dostavki" in line for line in preview.lines)
        preview.edited(lambda: returns.write_text(entry, encoding="utf-8"))
        assert "kbgen-preview-problems" not in preview.page("faq/vozvrat/")

        # What every page shows: the hand-written intro, the shop's interface strings and templates, site.yml.
        preview.edited(lambda: (project / "docs" / "ru" / "intro.md").write_text("Мы отвечаем за час.\n", encoding="utf-8"))
        assert "Мы отвечаем за час." in preview.page()
        preview.edited(lambda: replace_in(project / "locales" / "ru.yml", "Остались вопросы?", "Ещё вопросы?"))
        assert "Ещё вопросы?" in preview.page("faq/vozvrat/")
        preview.edited(lambda: replace_in(project / "templates" / "public" / "warranty-link.html", "<a href", '<a class="shop-warranty" href'))
        assert 'class="shop-warranty"' in preview.page("faq/vozvrat/")
        preview.edited(lambda: replace_in(source / "site.yml", "languages: [ru, ja, en]", "languages: [ru, ja, en, ko]"))
        assert '<html lang="ko"' in preview.page("ko/faq/vozvrat/")

        # A category renamed (its file, and its id in site.yml): the old pages are gone, in every language.
        def rename():
            returns.rename(source / "faq" / "vozvraty.yml")
            replace_in(source / "site.yml", "- id: vozvrat\n", "- id: vozvraty\n")

        preview.edited(rename)
        assert "Как вернуть обогреватель?" in preview.page("faq/vozvraty/")
        assert fetch(preview.url + "faq/vozvrat/")[0] == 404 and fetch(preview.url + "en/faq/vozvrat/")[0] == 404

        # And after a last edit of a text, one language only (it has its own translation elsewhere), with the
        # search files made just before it: only that language's index is made again, beside the others'.
        assert fetch(preview.url + "search/en/meta.js")[0] == 200
        preview.edited(lambda: replace_in(delivery, "en: How long does delivery take?", "en: How long is delivery?"))
        assert "How long is delivery?" in preview.page("en/faq/dostavka/")

        fresh = Preview(source, tmp_path / "fresh")
        try:
            fresh.wait_until_serving()
            for path in built_files(fresh.site, fresh.url):
                if path.startswith(("search/", "widget/")):
                    fetch(preview.url + path)  # asked for: made again if out of date
            assert built_files(preview.site, preview.url) == built_files(fresh.site, fresh.url)
        finally:
            fresh.stop()
        assert "Traceback" not in preview.output
    finally:
        preview.stop()


def test_the_handbook_preview_rebuilds_whole_after_each_edit(tmp_path):
    """`kbgen serve --handbook`: procedures and agent notes show on many of its pages, so every edit rebuilds it all."""
    source = shutil.copytree(RU_SHOP, tmp_path / "source")
    preview = ServeProcess(source, free_port(), options=("--handbook",))
    try:
        preview.wait_until_serving()
        assert "Проверить заказ" in fetch(preview.url + "procedures/vozvrat-brak/")[1]
        before = len(preview.lines)
        replace_in(source / "handbook" / "vozvrat-brak.yml", "title: Проверить заказ", "title: Найти заказ")
        replace_in(source / "faq" / "dostavka.yml", "agent_note: Проверьте статус", "agent_note: Сначала проверьте статус")
        preview.wait_for_line("kbgen serve: rebuilt in", after=before, timeout=WAIT_S)
        deadline = time.monotonic() + WAIT_S  # the two edits may take two rebuilds
        while "Сначала проверьте статус" not in fetch(preview.url + "faq/dostavka/")[1] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Сначала проверьте статус" in fetch(preview.url + "faq/dostavka/")[1]
        assert "Найти заказ" in fetch(preview.url + "procedures/vozvrat-brak/")[1]
        assert "Traceback" not in preview.output
    finally:
        preview.stop()
