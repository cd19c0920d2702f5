"""A seller reads kbgen's messages in their own language, and each one says what to fix.

The catalogs (generator/messages/<lang>.yml) are complete and agree on their placeholders; the
language comes from --lang, KBGEN_LANG or the locale; the usual mistakes are explained in Chinese
and in English.
"""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
from conftest import PROJECT, RU_SHOP, write_tree

from generator.messages import (
    CATALOG_FOLDER,
    MESSAGE_LANGUAGES,
    Message,
    catalog,
    format_problem,
    language_from_environment,
    message_language,
    messages_in,
)
from generator.interface_text import InterfaceText
from generator.model.options import Record, RefOption, closest_language
from generator.validate import validate_source


def _placeholders(value) -> set[str]:
    forms = value.values() if isinstance(value, dict) else [value]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


# --- the catalogs ------------------------------------------------------------------------------


def test_every_catalog_has_every_message_with_the_same_placeholders():
    english = catalog("en")
    assert sorted(path.stem for path in CATALOG_FOLDER.glob("*.yml")) == sorted(MESSAGE_LANGUAGES)
    for language in MESSAGE_LANGUAGES:
        table = catalog(language)
        assert set(table) == set(english), (language, set(english) ^ set(table))
        for message_id, value in english.items():
            assert _placeholders(table[message_id]) == _placeholders(value), (language, message_id)
            # A message that changes with a number does so in every language, and has `other`.
            assert isinstance(table[message_id], dict) == isinstance(value, dict), (language, message_id)
            if isinstance(value, dict):
                assert "other" in table[message_id], (language, message_id)


def test_every_message_the_code_and_the_model_write_is_in_the_catalog():
    english = catalog("en")
    used = set()
    for path in (PROJECT / "generator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:Message|say)\(\s*"([^"]+)"', text))
        used |= set(re.findall(r'pattern_hint="([^"]+)"', text))
        used |= {f"item.{what}" for what in re.findall(r'check_unique_ids\([^,]+, "([^"]+)"', text)}
        used |= {f"item.{what}" for what in re.findall(r'_new_file\((?:[^,]+, ){5}"([^"]+)"', text)}
    # The model's own words: what each record is called, what each reference points at.
    for record in _records(Record):
        used.add(f"record.{record.__name__}")
        used |= {f"item.{option.target}" for option in _options(record) if isinstance(option, RefOption)}
    missing = sorted(message_id for message_id in used if message_id not in english)
    assert not missing, missing
    assert "record.FaqEntry" in used and "item.warranty policy" in used and "item.step" in used


def _records(base):
    for record in base.__subclasses__():
        yield record
        yield from _records(record)


def _options(record):
    for option in record.options.values():
        yield option
        if hasattr(option, "item"):
            yield option.item


# --- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "environment, language",
    [
        ({"KBGEN_LANG": "zh-Hans", "LANG": "ru_RU.UTF-8"}, "zh-Hans"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-Hans"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-Hans"),
        ({"LC_MESSAGES": "ru_UA.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ja_JP.UTF-8"}, "en"),  # no Japanese catalog yet: English, never an error
        ({}, "en"),
    ],
)
def test_the_language_comes_from_kbgen_lang_then_the_locale(environment, language):
    assert language_from_environment(environment) == language


def test_lang_names_a_catalog_however_it_is_written():
    assert [message_language(code) for code in ("zh-Hans", "zh_CN", "ZH-hans", "ru-RU", "ko_KR.UTF-8", "en", "fr", None)] == [
        "zh-Hans", "zh-Hans", "zh-Hans", "ru", "ko", "en", None, None,
    ]


def test_the_cli_speaks_the_language_of_lang_or_of_the_environment(kbgen, monkeypatch):
    # The shop has no `url` yet: a warning first, in the same language, then the summary.
    warning, summary = kbgen("--lang", "zh-Hans", "validate", RU_SHOP)[1].splitlines()
    assert warning.startswith("site.yml:1:1：警告：url：缺少。") and summary.startswith(f"{RU_SHOP}：有效 — ")
    warning, summary = kbgen("validate", RU_SHOP, "--lang", "ru")[1].splitlines()
    assert warning.startswith("site.yml:1:1: предупреждение: url: не указан.")
    assert summary.startswith(f"{RU_SHOP}: ошибок нет — 3 вопроса FAQ в 2 разделах")
    monkeypatch.delenv("KBGEN_LANG")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert "ошибок нет" in kbgen("validate", RU_SHOP)[1]
    monkeypatch.setenv("KBGEN_LANG", "zh-Hans")
    code, _, err = kbgen("new", "faq", "--id", "x", "--source", RU_SHOP)
    assert code == 1 and err == "kbgen new：FAQ 条目需要 --category：以下之一：dostavka, vozvrat\n"


def test_a_seller_asking_for_help_reads_it_in_their_language(kbgen, capsys, monkeypatch):
    """`kbgen --help` and each command's help follow --lang (wherever it stands) and the environment."""

    def help_of(*args: str) -> str:
        with pytest.raises(SystemExit) as exit_:
            kbgen(*args)
        assert exit_.value.code == 0
        return capsys.readouterr().out

    russian = help_of("--lang", "ru", "--help")
    assert russian.startswith("использование: kbgen") and "проверить исходники" in russian and "команды:" in russian
    build = help_of("build", "--help", "--lang", "ko")
    assert build.startswith("사용법: kbgen build") and "결과 폴더 (기본값: site)" in build and "옵션:" in build
    monkeypatch.setenv("KBGEN_LANG", "zh-Hans")
    report = help_of("report", "-h")
    assert "列出超过 DAYS 天未审核的条目（默认：180）" in report and "显示本帮助并退出" in report
    assert "usage" not in report and "show this help" not in report


def test_a_language_without_messages_is_a_usage_error(kbgen):
    with pytest.raises(SystemExit) as exit_:
        kbgen("--lang", "fr", "validate", RU_SHOP)
    assert exit_.value.code == 2


def test_one_function_writes_a_problem_for_every_place_that_shows_it(tmp_path):
    source = _shop(tmp_path, {"faq/extra.yml": "entries: []\n"})
    _, problems = validate_source(source)
    assert format_problem(problems[0], "zh-Hans").startswith("faq/extra.yml:1:1: 分类 'extra' 没有在 site.yml")
    assert format_problem(problems[0], "en").startswith("faq/extra.yml:1:1: category 'extra' is not declared")
    with messages_in("ru"):
        assert str(problems[0]).startswith("faq/extra.yml:1:1: раздел 'extra' не объявлен")
    with messages_in("ko"):
        assert str(problems[0]).startswith("faq/extra.yml:1:1: 카테고리 'extra'이(가) site.yml의 categories에 선언되지 않았습니다")


def test_a_korean_seller_reads_particles_that_fit_the_word_before_them():
    """Korean writes 이 or 가, 을 or 를, 으로 or 로 by the word before: a message putting a value there says
    both ("이(가)"), and the word kbgen itself fills in picks one. A Latin value keeps both forms."""
    assert Message("value.expected", field="keywords", expected=Message("expect.list"), got=Message("got.mapping")).text("ko") == (
        "keywords: 목록이 와야 하는데 매핑(key: value 형식의 줄)입니다")
    assert Message("value.expected", field="n", expected=Message("expect.integer", minimum=1, maximum=9),
                   got=Message("got.list")).text("ko").startswith("n: 1부터 9까지의 정수가 와야 하는데")
    assert Message("docs.no_default", page="docs/ko/a.md", language="ko").text("ko").startswith("docs/ko/a.md이(가) 없습니다")
    # The buyers' and agents' interface too: "shown in English" is 영어로, not 영어(으)로.
    assert InterfaceText().site("ko", "not_translated", language="영어") == "아직 번역되지 않았습니다: 영어로 표시됩니다."


# --- the usual mistakes, explained -------------------------------------------------------------

ENTRY = """
entries:
  - id: kogda-dostavka
    question:
{question}
    answer: {answer}
{extra}"""


def _shop(tmp_path, files: dict[str, str]) -> Path:
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    return write_tree(source, files)


def _entry(question="      ru: Когда доставка?", answer="Завтра.", extra="") -> str:
    return ENTRY.format(question=question, answer=answer, extra=extra)


def _problems(kbgen, source, language) -> list[str]:
    code, out, _ = kbgen("--lang", language, "validate", source)
    assert code == 1
    return out.splitlines()


def test_an_undeclared_category_shows_what_to_add_to_site_yml(kbgen, tmp_path):
    source = _shop(tmp_path, {"faq/garantiya.yml": _entry()})
    assert _problems(kbgen, source, "en") == [
        "faq/garantiya.yml:1:1: category 'garantiya' is not declared in site.yml categories: add it to the categories "
        "list in site.yml, e.g. '- {id: garantiya, title: ...}', or rename the file to a declared category"
    ]
    assert _problems(kbgen, source, "zh-Hans") == [
        "faq/garantiya.yml:1:1: 分类 'garantiya' 没有在 site.yml 的 categories 中声明：请在 site.yml 的 categories 列表中加上，"
        "例如 '- {id: garantiya, title: ...}'，或把文件改名为已声明的分类"
    ]


def test_an_impossible_date_names_its_field(kbgen, tmp_path):
    source = _shop(tmp_path, {"faq/dostavka.yml": _entry(extra="    reviewed: 2026-02-30\n")})
    assert _problems(kbgen, source, "en") == [
        "faq/dostavka.yml:6:15: reviewed: '2026-02-30' is not a real date (that month has no such day): "
        "write a date that exists, as YYYY-MM-DD, like 2026-02-28"
    ]
    assert _problems(kbgen, source, "zh-Hans") == [
        "faq/dostavka.yml:6:15: reviewed：'2026-02-30' 不是真实存在的日期（该月没有这一天）：请写一个存在的日期，格式 YYYY-MM-DD，例如 2026-02-28"
    ]


def test_a_text_missing_the_default_language_points_at_its_key_not_at_the_first_translation(kbgen, tmp_path):
    source = _shop(tmp_path, {"faq/dostavka.yml": _entry(question="      ja: いつ届きますか？\n      en: When?")})
    # Line 3 is `    question:`; line 4, `      ja: ...`, is where YAML says the mapping starts.
    assert _problems(kbgen, source, "en") == [
        "faq/dostavka.yml:3:5: question: the text in the default language 'ru' is missing: add a line 'ru: ...' under "
        "question: (every text needs the default language; the others are its translations)"
    ]
    assert _problems(kbgen, source, "zh-Hans") == [
        "faq/dostavka.yml:3:5: question：缺少默认语言 'ru' 的文字：请在 question: 下面加一行 'ru: ...'（每段文字都必须有默认语言，其他语言是它的翻译）"
    ]


def test_a_br_tag_is_refused_with_the_markdown_way_to_break_a_line(kbgen, tmp_path):
    source = _shop(tmp_path, {"faq/dostavka.yml": _entry(answer="Завтра<br>или послезавтра.")})
    assert _problems(kbgen, source, "en") == [
        "faq/dostavka.yml:5:19: answer: raw HTML is not allowed in Markdown (<br>...): to break a line, end it with a "
        "backslash \\ and go on on the next line; leave an empty line between paragraphs"
    ]
    assert _problems(kbgen, source, "zh-Hans") == [
        "faq/dostavka.yml:5:19: answer：Markdown 中不允许使用 HTML（<br>...）：要换行，请在行末写一个反斜杠 \\ 再接着写下一行；段落之间空一行"
    ]


def test_jp_is_taken_for_ja(kbgen, tmp_path):
    source = _shop(tmp_path, {"faq/dostavka.yml": _entry(question="      ru: Когда доставка?\n      jp: いつ届きますか？")})
    assert _problems(kbgen, source, "en") == [
        "faq/dostavka.yml:5:7: question: unknown language code 'jp' (did you mean 'ja'?); the site's languages: ru, ja, en"
    ]
    assert _problems(kbgen, source, "zh-Hans") == [
        "faq/dostavka.yml:5:7: question：未知的语言代码 'jp'（您是想写 'ja' 吗？）；本站的语言：ru, ja, en"
    ]


@pytest.mark.parametrize(
    "written, meant",
    [("jp", "ja"), ("kr", "ko"), ("cn", "zh-Hans"), ("tw", "zh-Hant"), ("zh-CN", "zh-Hans"), ("zh_TW", "zh-Hant"),
     ("ZH-HANS", "zh-Hans"), ("en-US", "en"), ("ur", "ru"), ("rus", "ru"), ("ua", "uk"), ("kp", "ko"), ("xyz", None)],
)
def test_a_mistyped_language_code_gets_the_closest_code(written, meant):
    assert closest_language(written, ["zh-Hans", "zh-Hant", "en", "ru", "ko", "ja", "uk"]) == meant


def test_messages_from_the_model_are_written_in_the_sellers_language(tmp_path):
    # The record's name ("a FAQ entry") is the model's word, translated like any other.
    source = _shop(tmp_path, {"faq/dostavka.yml": "entries:\n  - id: x\n    answer: Завтра.\n"})
    _, problems = validate_source(source)
    assert format_problem(problems[0], "zh-Hans") == "faq/dostavka.yml:2:5: 缺少必填的键 'question'：FAQ 条目需要它；请加一行 'question: ...'"
    assert format_problem(problems[0], "ru") == (
        "faq/dostavka.yml:2:5: нет обязательного ключа 'question': он нужен объекту «вопрос FAQ»; добавьте строку 'question: ...'"
    )


def test_a_message_quoting_a_line_break_stays_on_one_line():
    message = Message("got.value", value="a\nb\r")
    assert message.text("en") == "'a\\nb\\r'"


def test_the_preview_speaks_the_sellers_language(tmp_path):
    """`kbgen serve` with KBGEN_LANG=zh-Hans: its start, a broken edit's problems and the rebuild, in Chinese."""
    import os
    import socket
    import subprocess
    import sys
    import threading
    import time

    source = shutil.copytree(RU_SHOP, tmp_path / "ru-shop")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--source", str(source), "--port", str(port)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
        env=dict(os.environ, KBGEN_LANG="zh-Hans"),
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in process.stdout), daemon=True).start()

    def wait_for(needle: str, after: int = 0) -> int:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = [index for index in range(after, len(lines)) if needle in lines[index]]
            if found:
                return found[0]
            assert process.poll() is None, "\n".join(lines)
            time.sleep(0.05)
        raise AssertionError(f"no line with {needle!r}:\n" + "\n".join(lines))

    try:
        wait_for(f"kbgen serve：买家网站在 http://127.0.0.1:{port}/")
        before = len(lines)
        delivery = source / "faq" / "dostavka.yml"
        delivery.write_text(delivery.read_text(encoding="utf-8") + "    reviewed: 2026-02-30\n", encoding="utf-8")
        problem = wait_for("faq/dostavka.yml:", after=before)
        assert "'2026-02-30' 不是真实存在的日期" in lines[problem]
        wait_for("kbgen serve：", after=problem)
        summary = wait_for("个问题；预览仍显示最后一次正确的页面", after=problem)
        assert lines[summary].startswith("kbgen serve："), lines[summary]  # the Chinese colon, as on every other line
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "kbgen serve：已停止" in "\n".join(lines) and "Traceback" not in "\n".join(lines)
