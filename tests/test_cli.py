"""The `kbgen` command line as a seller and a CI job use it: validate, schema, report, new."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from conftest import PROJECT, RU_SHOP, SAMPLE_SOURCE, write_tree

from generator.schema import json_schema_text

BROKEN_ORDERS = """
    entries:
      - id: track-parcel
        qestion: Where is my parcel?
        answer: <b>Soon</b>
"""
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def broken_shop(tmp_path):
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    write_tree(source, {"faq/dostavka.yml": BROKEN_ORDERS, "faq/extra.yml": "entries: []\n"})
    return source


# --- validate ----------------------------------------------------------------------------------


def test_a_valid_source_exits_0_with_a_one_line_summary(kbgen):
    code, out, err = kbgen("validate", RU_SHOP)
    assert code == 0 and err == ""
    # ru-shop links FAQ entries from a procedure and sets no url: a warning first (see below), then the summary.
    assert out.splitlines()[-1] == (
        f"{RU_SHOP}: valid — 3 FAQ entries in 2 categories, 1 warranty policy, 1 procedure, languages ru, ja, en"
    )
    assert [line for line in out.splitlines()[:-1] if ": warning: " not in line] == []
    code, out, _ = kbgen("validate", SAMPLE_SOURCE)
    assert code == 0
    assert re.fullmatch(r".*: valid — \d+ FAQ entries in 3 categories, \d+ warranty polic(y|ies), \d+ procedures?, "
                        r"languages zh-Hans, ru, en, ko, zh-Hant", out.splitlines()[-1]), out


def test_validate_warns_when_procedures_link_faq_entries_a_buyer_cannot_open(kbgen, tmp_path):
    """Procedures give agents FAQ links to send buyers; without `url` those are paths: a warning, not an error."""
    code, out, err = kbgen("validate", RU_SHOP)
    assert code == 0 and err == ""
    (warning,) = out.splitlines()[:-1]
    assert warning.startswith("site.yml:1:1: warning: url: missing. ")
    assert "handbook/vozvrat-brak.yml:11:11" in warning and "add `url: https://...`" in warning
    code, out, _ = kbgen("validate", "--format", "github", RU_SHOP)
    annotation = out.splitlines()[0]
    assert code == 0 and annotation.startswith("::warning file=") and "/site.yml,line=1,col=1,title=kbgen::url: missing. " in annotation
    # With the address of the buyers' site, nothing to warn about.
    shutil.copytree(RU_SHOP, tmp_path / "kb")
    site = tmp_path / "kb" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "url: https://help.teplydom.example/\n", encoding="utf-8")
    code, out, _ = kbgen("validate", tmp_path / "kb")
    assert code == 0 and len(out.splitlines()) == 1 and ": valid — " in out


def test_an_invalid_source_exits_1_with_every_problem_on_its_own_line(kbgen, tmp_path):
    source = broken_shop(tmp_path)
    code, out, err = kbgen("validate", source)
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        "faq/dostavka.yml:2:5: missing required key 'question': a FAQ entry needs it; add a line 'question: ...'",
        "faq/dostavka.yml:3:5: unknown key 'qestion' (did you mean 'question'?); "
        "a FAQ entry has: id, question, answer, keywords, related, warranty, agent_note, reviewed",
        "faq/dostavka.yml:4:13: answer: raw HTML is not allowed in Markdown (<b>...): write **bold** text between double asterisks",
        "faq/dostavka.yml:4:20: answer: raw HTML is not allowed in Markdown (</b>...): write **bold** text between double asterisks",
        "faq/extra.yml:1:1: category 'extra' is not declared in site.yml categories: add it to the categories list in site.yml, "
        "e.g. '- {id: extra, title: ...}', or rename the file to a declared category",
    ]
    assert err == f"kbgen: 5 problems found in {source}\n"


def test_a_build_reports_the_same_problems_as_validate(kbgen, tmp_path):
    """A build reads the source's files in two processes side by side (build.py) and validates the whole from
    what both read: the seller must see exactly what `kbgen validate` shows, problems inside a file and across
    files alike (an id used twice in two files, a link to an entry no file has)."""
    source = shutil.copytree(RU_SHOP, tmp_path / "faq_source")
    returns = source / "faq" / "vozvrat.yml"
    returns.write_text(returns.read_text(encoding="utf-8") + (
        "  - id: srok-dostavki\n    question: Когда вернут деньги?\n    answer: <b>Скоро</b>\n    related: [net-takogo]\n"
    ), encoding="utf-8")
    delivery = source / "faq" / "dostavka.yml"
    delivery.write_text(delivery.read_text(encoding="utf-8").replace("reviewed: 2026-09-01", "reviewed: вчера"), encoding="utf-8")
    code, validated, _ = kbgen("validate", source)
    assert code == 1
    # In both files: the repeated id, the unknown link, the HTML, the date.
    assert [line.split(":")[0] for line in validated.splitlines()].count("faq/vozvrat.yml") >= 3
    assert "srok-dostavki" in validated and "net-takogo" in validated and "faq/dostavka.yml:" in validated

    built = subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(source), "--out", str(tmp_path / "site")],
                           cwd=PROJECT, capture_output=True, text=True)

    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert built.stdout == validated
    assert not (tmp_path / "site").exists()


def test_file_names_are_relative_to_the_source_folder(kbgen, tmp_path):
    source = broken_shop(tmp_path)
    _, out, _ = kbgen("validate", source)
    for line in out.splitlines():
        file = PROBLEM_LINE.match(line)["file"]
        assert (source / file).is_file(), line


def test_the_default_source_is_faq_source_in_the_working_folder(kbgen, tmp_path, monkeypatch):
    broken_shop(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = kbgen("validate")
    assert code == 1 and out.startswith("faq/dostavka.yml:2:5: ")
    assert err.endswith("problems found in faq_source\n")


def test_github_format_annotates_the_pull_request_lines(kbgen, tmp_path, monkeypatch):
    broken_shop(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = kbgen("validate", "--format", "github", "faq_source")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=faq_source/faq/dostavka.yml,line=2,col=5")
    assert lines[0].endswith("::missing required key 'question': a FAQ entry needs it; add a line 'question: ...'")
    annotation = re.compile(r"^::error file=faq_source/[^,]+,line=\d+,col=\d+(,title=[^:]+)?::\S.*$")
    assert all(annotation.match(line) for line in lines), lines
    # An absolute source path still gives paths from the checkout's root, as GitHub wants them.
    _, out_absolute, _ = kbgen("validate", "--format", "github", tmp_path / "faq_source")
    assert out_absolute == out


def test_a_missing_source_folder_is_a_problem_not_a_traceback(kbgen, tmp_path):
    code, out, err = kbgen("validate", tmp_path / "nowhere")
    assert code == 1
    assert "the source folder does not exist" in out and "Traceback" not in out + err


def test_python_dash_m_generator_is_the_same_cli():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(RU_SHOP)], capture_output=True, text=True, cwd=PROJECT, timeout=120
    )
    assert result.returncode == 0 and ": valid — " in result.stdout


# --- schema ------------------------------------------------------------------------------------


def test_schema_prints_the_json_schema_of_one_kind(kbgen):
    code, out, _ = kbgen("schema", "warranty")
    assert code == 0
    assert out == json_schema_text("warranty")
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"title", "applies_to", "duration_months", "starts_on", "covers", "excludes", "claim_steps"}


def test_schema_without_a_kind_asks_for_one(kbgen):
    code, _, err = kbgen("schema")
    assert code == 2 and "name a kind (site, faq, warranty, handbook)" in err


def test_schema_reference_prints_the_field_tables(kbgen):
    code, out, _ = kbgen("schema", "--reference")
    assert code == 0 and "| `duration_months` | integer 1..120 | yes |" in out


def test_an_unknown_schema_kind_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "generator", "schema", "faqs"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "invalid choice: 'faqs'" in result.stderr


# --- report and new ----------------------------------------------------------------------------


def test_report_on_a_git_checkout_dates_translations(kbgen, tmp_path):
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    env = ["-c", "user.name=Seller", "-c", "user.email=seller@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "add", "."], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "commit", "-q", "-m", "shop"], cwd=tmp_path, check=True)
    code, out, _ = kbgen("report", source, "--today", "2026-11-23")
    assert code == 0
    assert "Staleness from git history" in out
    assert "Default language ru; translations: ja, en." in out
    code, out, _ = kbgen("report", source, "--format", "markdown", "--today", "2026-11-23")
    assert code == 0 and "## Summary" in out and "| ja |" in out and "<details>" in out


def test_new_then_validate_passes_once_the_todo_texts_are_written(kbgen, tmp_path):
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    assert kbgen("new", "faq", "--category", "dostavka", "--id", "kuryer", "--source", source)[0] == 0
    assert kbgen("new", "warranty", "--id", "kamin-12m", "--source", source)[0] == 0
    assert kbgen("new", "procedure", "--id", "poteryannaya-posylka", "--source", source)[0] == 0
    code, out, _ = kbgen("validate", source)
    assert code == 1 and "still holds the placeholder of kbgen new" in out
    for path in source.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"TODO: ', '"Готово: '), encoding="utf-8")
    code, out, _ = kbgen("validate", source)
    assert code == 0, out
    assert "4 FAQ entries in 2 categories, 2 warranty policies, 2 procedures" in out
