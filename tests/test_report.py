"""`kbgen report`: a seller sees, per language and for buyers and agents apart, what is untranslated and
how much text that is, which translations fell behind their source text in git history, which
hand-written pages a language lacks, and which entries nobody has reviewed for half a year."""

from __future__ import annotations

import os
import re
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
            agent_note:
              ru: Проверьте трек в кабинете СДЭК.
              en: Check the tracking in the CDEK account.
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


def language_part(out: str, language: str) -> str:
    """The part of the text report about one language: from its heading to the next language's or the review."""
    start = out.index(f"\n{language}: for buyers ")
    ends = [out.find(f"\n{other}: for buyers ", start + 1) for other in ("ru", "en", "ja")] + [out.index("\nReview ages")]
    return out[start : min(end for end in ends if end > start)]


def rows_of(text: str, first_word: str) -> list[list[str]]:
    """The rows of the tables in `text` whose first cell is `first_word`, split at runs of two spaces or more."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.startswith(first_word)]


def test_the_summary_gives_each_language_its_share_and_the_amount_to_translate_for_buyers_and_agents(kbgen, shop_in_git):
    code, out, err = kbgen("report", shop_in_git, "--today", "2026-09-01", "--format", "markdown")
    assert code == 0, err
    # Buyers: site.yml's shop name, category title and contact label, and 6 FAQ texts; agents: one agent note.
    # en lacks the shop's name, the contact's label and the whole of cancel-order: 53 characters, 10 words.
    assert "| en | 5/9 (55%) | 4 texts, 53 characters, 10 words | 1/1 (100%) | 0 texts, 0 characters, 0 words |" in out
    assert "| ja | 1/9 (11%) | 8 texts, 127 characters, 26 words | 0/1 (0%) | 1 text, 27 characters, 5 words |" in out


def test_untranslated_lists_each_entry_with_its_missing_fields_buyers_and_agents_apart(kbgen, shop_in_git):
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    japanese = language_part(out, "ja")
    buyers, agents = japanese.split("For agents only (ja)")
    assert ["FAQ", "track-parcel", "faq/orders.yml:8", "answer", "24"] in rows_of(buyers, "FAQ")
    assert ["FAQ", "pickup-point", "faq/orders.yml:18", "all texts (2)", "44"] in rows_of(buyers, "FAQ")
    # Each row says where to translate (the line of its first untranslated text), top down as in the file.
    assert [row[1] for row in rows_of(buyers, "FAQ")] == ["track-parcel", "pickup-point", "cancel-order"]
    assert ["site.yml", "site", "site.yml:2", "all texts (3)", "20"] in rows_of(buyers, "site.yml")
    assert rows_of(agents, "FAQ") == [["FAQ", "track-parcel", "faq/orders.yml:13", "agent_note", "27"]]
    english = language_part(out, "en")
    assert ["site.yml", "site", "site.yml:2", "shop.name, contact[mail].label", "14"] in rows_of(english, "site.yml")
    assert not any(row[1] == "track-parcel" for row in rows_of(english, "FAQ"))
    assert "Everything is translated, and no translation is older than its source text." in english.split("For agents only")[1]


def test_language_keeps_the_languages_asked_for(kbgen, shop_in_git):
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01", "--language", "ja")
    assert "\nja: for buyers " in out and "\nen: for buyers " not in out
    assert "Review ages" in out
    _, both, _ = kbgen("report", shop_in_git, "--today", "2026-09-01", "--language", "ja,en")
    assert "\nja: for buyers " in both and "\nen: for buyers " in both
    code, _, err = kbgen("report", shop_in_git, "--language", "eng")
    assert code == 2 and err == "kbgen report: --language eng is not one of the site's translation languages (did you mean 'en'?): en, ja\n"


def test_a_translation_older_than_its_changed_source_text_is_stale(kbgen, shop_in_git):
    edit(shop_in_git, "faq/orders.yml", "Трек-номер придёт в письме.", "Трек-номер придёт в SMS.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Answer changed", date="2026-03-01")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert "Staleness from git history" in out
    english = language_part(out, "en")
    assert rows_of(english, "faq/orders.yml:10") == [
        ["faq/orders.yml:10", "FAQ", "track-parcel", "answer", "2026-03-01", "2026-01-10"]
    ], english
    # The stale answer is counted in what is left to translate for buyers.
    assert "en: for buyers 5 texts, 74 characters, 15 words;" in english

    # The translator catches up: nothing is stale any more.
    edit(shop_in_git, "faq/orders.yml", "comes by e-mail.", "comes by text message.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Translation", date="2026-03-05")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert rows_of(language_part(out, "en"), "faq/orders.yml:10") == []


def test_an_uncommitted_source_edit_makes_its_translations_stale_now(kbgen, shop_in_git):
    edit(shop_in_git, "faq/orders.yml", "Да, в пунктах Ozon.", "Да, в пунктах Ozon и СДЭК.")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    rows = rows_of(language_part(out, "en"), "faq/orders.yml:22")
    assert [row[:4] for row in rows] == [["faq/orders.yml:22", "FAQ", "pickup-point", "answer"]], out
    assert rows[0][5] == "2026-01-10"


def test_an_agents_only_stale_translation_is_listed_with_the_agents(kbgen, shop_in_git):
    edit(shop_in_git, "faq/orders.yml", "Проверьте трек в кабинете СДЭК.", "Проверьте трек в кабинете Ozon.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Note changed", date="2026-03-01")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    buyers, agents = language_part(out, "en").split("For agents only (en)")
    assert rows_of(agents, "faq/orders.yml:") == [["faq/orders.yml:14", "FAQ", "track-parcel", "agent_note", "2026-03-01", "2026-01-10"]]
    assert "faq/orders.yml:14" not in buyers


def test_hand_written_pages_a_language_lacks_or_has_in_an_older_version_are_listed(kbgen, shop_in_git):
    docs = {"docs/ru/intro.md": "Добро пожаловать в Тёплый Дом.\n", "docs/ru/razmery.md": "# Размеры\n\nКак выбрать размер.\n",
            "docs/en/razmery.md": "# Sizes\n\nHow to choose a size.\n"}
    write_tree(shop_in_git.parent, docs)
    git(shop_in_git.parent, "add", ".")
    git(shop_in_git.parent, "commit", "-q", "-m", "Pages", date="2026-01-10")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert rows_of(language_part(out, "en"), "docs/en") == [["docs/en/intro.md", "missing", "26"]]
    assert rows_of(language_part(out, "ja"), "docs/ja") == [["docs/ja/intro.md", "missing", "26"], ["docs/ja/razmery.md", "missing", "25"]]

    edit(shop_in_git.parent, "docs/ru/razmery.md", "Как выбрать размер.", "Как выбрать размер обуви.")
    git(shop_in_git.parent, "commit", "-q", "-am", "Page changed", date="2026-03-01")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert ["docs/en/razmery.md", "older: default page changed 2026-03-01, this one 2026-01-10", "30"] in rows_of(
        language_part(out, "en"), "docs/en"
    )


def test_outside_git_staleness_is_unknown_and_the_rest_still_works(kbgen, tmp_path):
    source = write_tree(tmp_path / "faq_source", SHOP)
    code, out, _ = kbgen("report", source, "--today", "2026-09-01")
    assert code == 0
    assert "Staleness unknown: not a git checkout" in out
    assert "no translation is older" not in out
    assert "Summary" in out and "Review ages" in out and "Everything is translated." in out


def test_a_shallow_clone_says_its_staleness_may_be_incomplete(kbgen, shop_in_git, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{shop_in_git.parent}", str(clone))
    _, out, _ = kbgen("report", clone / "faq_source", "--today", "2026-09-01")
    assert "shallow clone" in out


def test_entries_not_reviewed_for_180_days_or_never_are_listed_oldest_first(kbgen, shop_in_git):
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    review = out.split("Review ages")[1]
    assert "Not reviewed for more than 180 days: 1; never reviewed: 1." in review
    assert rows_of(review, "FAQ") == [["FAQ", "cancel-order", "faq/orders.yml", "never", "-"], ["FAQ", "track-parcel", "faq/orders.yml", "2026-01-01", "243"]]
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-06-29")  # 179 days after 2026-01-01
    assert "track-parcel" not in out.split("Review ages")[1]


def test_the_markdown_report_folds_each_language_for_a_pull_request_summary(kbgen, shop_in_git):
    code, out, _ = kbgen("report", shop_in_git, "--format", "markdown", "--today", "2026-09-01")
    assert code == 0
    assert out.startswith("# Translation and review report: ")
    assert "\n## Summary\n" in out and "\n## Review ages\n" in out
    folded = re.findall(r"<details>\n<summary><b>(.*?)</b></summary>\n\n(.*?)\n</details>\n", out, re.S)
    assert [summary.split(":")[0] for summary, _ in folded] == ["en", "ja"]
    assert folded[0][0] == "en: for buyers 4 texts, 53 characters, 10 words; for agents only 0 texts, 0 characters, 0 words"
    assert "### For buyers (en)" in folded[0][1] and "| FAQ | cancel-order | faq/orders.yml:25 | all texts (2) | 39 |" in folded[0][1]
    assert "| FAQ | track-parcel | faq/orders.yml | 2026-01-01 | 243 |" in out.split("## Review ages")[1]


def test_the_report_speaks_the_sellers_language(kbgen, shop_in_git):
    _, out, _ = kbgen("--lang", "zh-Hans", "report", shop_in_git, "--today", "2026-09-01", "--format", "markdown")
    assert out.startswith("# 翻译与审核报告：")
    assert "| en | 5/9 (55%) | 4 段文字，53 字符，10 词 | 1/1 (100%) | 0 段文字，0 字符，0 词 |" in out
    assert "### 买家可见的内容（en）" in out and "## 审核时间" in out
    _, out, _ = kbgen("--lang", "ru", "report", shop_in_git, "--today", "2026-09-01")
    assert "Для покупателей (ja)" in out and "8 текстов, 127 симв., 26 слов" in out


def test_reports_of_both_shops_name_their_own_default_language(kbgen, tmp_path):
    _, out, _ = kbgen("report", RU_SHOP, "--today", "2026-11-23")
    assert "Default language ru; translations: ja, en." in out
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE_SOURCE, copy)
    _, out, _ = kbgen("report", copy, "--today", "2026-11-23")
    assert "Default language zh-Hans; translations: ru, en, ko, zh-Hant." in out
    assert ["handbook", "warranty-inquiry", "handbook/warranty-inquiry.yml:5", "all texts (38)", "1,364"] in rows_of(
        language_part(out, "ko").split("For agents only")[1], "handbook"
    )


def test_the_report_of_an_invalid_source_is_its_problems(kbgen, tmp_path):
    source = write_tree(tmp_path / "faq_source", dict(SHOP, **{"faq/orders.yml": "entries:\n  - id: x\n"}))
    code, out, err = kbgen("report", source)
    assert code == 1
    assert out.startswith("faq/orders.yml:2:5: missing required key")
    assert "the report reads a valid source" in err


def test_a_bad_today_is_a_usage_error(kbgen, shop_in_git):
    code, _, err = kbgen("report", shop_in_git, "--today", "2026-02-30")
    assert code == 2 and "--today wants a date YYYY-MM-DD" in err


def test_texts_with_several_languages_on_one_line_are_named_at_their_line_with_the_fix(kbgen, shop_in_git):
    edit(shop_in_git, "site.yml", "title:\n      ru: Заказы\n      en: Orders", "title: {ru: Заказы, en: Orders}")
    git(shop_in_git.parent, "commit", "-q", "-am", "Short titles", date="2026-02-01")
    _, out, _ = kbgen("report", shop_in_git, "--today", "2026-09-01")
    assert "1 text holds several languages on one line" in out
    assert "at site.yml:6:" in out
    assert "write each language on a line of its own" in out
