"""`kbgen report`: a seller sees what is untranslated, which translations fell behind their source
text in git history, and which entries nobody has reviewed for half a year."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import RU_SHOP, SAMPLE_SOURCE, write_tree

SHOP = {
    "site.yml": """
        shop:
          name: Тёплый Дом
        languages: [ru, en, ja]
        categories:
          - id: orders
            title:
              ru: Заказы
              en: Orders
        contact:
          - id: mail
            channel: email
            label: Почта
            address: help@example.com
        """,
    "faq/orders.yml": """
        entries:
          - id: track-parcel
            question:
              ru: Где моя посылка?
              en: Where is my parcel?
              ja: 荷物はどこですか？
            answer:
              ru: |
                Трек-номер придёт в письме.
              en: |
                The tracking number comes by e-mail.
            reviewed: 2026-01-01
          - id: pickup-point
            question:
              ru: Можно ли забрать в пункте выдачи?
              en: Can I collect at a pickup point?
            answer:
              ru: Да, в пунктах Ozon.
              en: Yes, at Ozon points.
            reviewed: 2026-08-01
          - id: cancel-order
            question: Как отменить заказ?
            answer: Напишите нам до отправки.
        """,
}


def git(folder: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00Z", GIT_COMMITTER_DATE=f"{date}T12:00:00Z")
    result = subprocess.run(
        ["git", "-c", "user.name=Seller", "-c", "user.email=seller@example.com", "-c", "init.defaultBranch=main", *args],
        cwd=folder, env=env, capture_output=True, text=True, check=True,
    )
    return result.stdout


@pytest.fixture
def shop_in_git(tmp_path):
    """The shop committed on 2026-01-10 in a fresh repository; returns the source folder."""
    source = tmp_path / "faq_source"
    write_tree(source, SHOP)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Shop", date="2026-01-10")
    return source


def edit(source: Path, relative: str, old: str, new: str) -> None:
    path = source / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_coverage_counts_translated_texts_per_language_and_kind(kbgen, shop_in_git):
    code, out, err = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert code == 0, err
    lines = out.splitlines()
    # site.yml: name, category title, contact label = 3 texts; FAQ: 6 texts.
    assert any(line.split() == ["en", "1/3", "(33%)", "4/6", "(66%)", "5/9", "(55%)"] for line in lines), out
    assert any(line.split() == ["ja", "0/3", "(0%)", "1/6", "(16%)", "1/9", "(11%)"] for line in lines), out


def test_untranslated_lists_each_entry_with_its_missing_fields(kbgen, shop_in_git):
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    rows = [line.split(None, 4) for line in out.split("Untranslated")[1].split("Stale translations")[0].splitlines()]
    assert ["ja", "FAQ", "track-parcel", "faq/orders.yml", "answer"] in rows
    assert ["ja", "FAQ", "pickup-point", "faq/orders.yml", "all texts (2)"] in rows
    assert ["en", "FAQ", "cancel-order", "faq/orders.yml", "all texts (2)"] in rows
    assert ["en", "site.yml", "site", "site.yml", "shop.name, contact[mail].label"] in rows
    assert ["ja", "site.yml", "site", "site.yml", "all texts (3)"] in rows
    assert not any(row[:3] == ["en", "FAQ", "track-parcel"] for row in rows)


def test_a_translation_older_than_its_changed_source_text_is_stale(kbgen, shop_in_git):
    edit(shop_in_git, "faq/orders.yml", "Трек-номер придёт в письме.", "Трек-номер придёт в SMS.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Answer changed", date="2026-03-01")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    stale = out.split("Stale translations")[1].split("Review ages")[0]
    assert "staleness from git history" in stale.lower()
    rows = [line.split() for line in stale.splitlines() if line.startswith("faq/")]
    assert rows == [["faq/orders.yml:10", "en", "FAQ", "track-parcel", "answer", "2026-03-01", "2026-01-10"]], stale

    # The translator catches up: nothing is stale any more.
    edit(shop_in_git, "faq/orders.yml", "comes by e-mail.", "comes by text message.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Translation", date="2026-03-05")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert "No translation is older than its source text." in out


def test_an_uncommitted_source_edit_makes_its_translations_stale_now(kbgen, shop_in_git):
    edit(shop_in_git, "faq/orders.yml", "Да, в пунктах Ozon.", "Да, в пунктах Ozon и СДЭК.")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    rows = [line.split() for line in out.split("Stale translations")[1].splitlines() if line.startswith("faq/")]
    assert [row[:5] for row in rows] == [["faq/orders.yml:19", "en", "FAQ", "pickup-point", "answer"]], out
    assert rows[0][6] == "2026-01-10"


def test_outside_git_staleness_is_unknown_and_the_rest_still_works(kbgen, tmp_path):
    source = write_tree(tmp_path / "faq_source", SHOP)
    code, out, _ = kbgen("report", source, "--today", "2026-09-01")
    assert code == 0
    assert "Staleness unknown: not a git checkout" in out
    assert "No translation is older" not in out
    assert "Coverage" in out and "Review ages" in out


def test_a_shallow_clone_says_its_staleness_may_be_incomplete(kbgen, shop_in_git, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{shop_in_git.parent}", str(clone))
    _, out, _ = kbgen("report", clone / "faq_source", "--today", "2026-09-01")
    assert "shallow clone" in out


def test_entries_not_reviewed_for_180_days_or_never_are_listed_oldest_first(kbgen, shop_in_git):
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    review = out.split("Review ages")[1]
    assert "Not reviewed for more than 180 days: 1; never reviewed: 1." in review
    rows = [line.split() for line in review.splitlines() if line.startswith("FAQ")]
    assert rows == [["FAQ", "cancel-order", "faq/orders.yml", "never", "-"], ["FAQ", "track-parcel", "faq/orders.yml", "2026-01-01", "243"]]
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-06-29")  # 179 days after 2026-01-01
    assert "track-parcel" not in out.split("Review ages")[1]


def test_the_markdown_report_is_tables_for_a_pull_request_summary(kbgen, shop_in_git):
    code, out, _ = kbgen("report", shop_in_git, "--format", "markdown", "--today", "2026-09-01")
    assert code == 0
    assert out.startswith("# Translation and review report: ")
    for heading in ("## Coverage", "## Untranslated", "## Stale translations", "## Review ages"):
        assert f"\n{heading}\n" in out
    assert "| language | site.yml | FAQ | all |" in out
    assert "| en | 1/3 (33%) | 4/6 (66%) | 5/9 (55%) |" in out
    assert "| FAQ | track-parcel | faq/orders.yml | 2026-01-01 | 243 |" in out


def test_reports_of_both_shops_name_their_own_default_language(kbgen, tmp_path):
    _, out, _ = kbgen("report", RU_SHOP, "--today", "2026-11-23")
    assert "Default language ru; translations: ja, en." in out
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE_SOURCE, copy)
    _, out, _ = kbgen("report", copy, "--today", "2026-11-23")
    assert "Default language zh-Hans; translations: ru, en, ko, zh-Hant." in out
    assert "handbook" in out.split("Untranslated")[0]


def test_the_report_of_an_invalid_source_is_its_problems(kbgen, tmp_path):
    source = write_tree(tmp_path / "faq_source", dict(SHOP, **{"faq/orders.yml": "entries:\n  - id: x\n"}))
    code, out, err = kbgen("report", source)
    assert code == 1
    assert out.startswith("faq/orders.yml:2:5: missing required key")
    assert "the report reads a valid source" in err


def test_a_bad_today_is_a_usage_error(kbgen, shop_in_git):
    code, _, err = kbgen("report", shop_in_git, "--today", "2026-02-30")
    assert code == 2 and "--today wants a date YYYY-MM-DD" in err
