"""Editor support: the committed JSON Schemas, CONTENT.md and the VS Code settings match the model,
are valid, and say what `kbgen validate` says about real files.

The schemas and the field reference are generated from the model
(`kbgen schema KIND`, `kbgen schema --reference`) and committed so that editors
find them; if the model changes and they are not regenerated, these tests fail
and say the command that fixes them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import jsonschema
import pytest
from conftest import PROJECT, RU_SHOP, SAMPLE_SOURCE, write_tree

from generator.schema import REFERENCE_MARKER, SCHEMA_KINDS, field_reference_markdown, json_schema_text
from generator.validate import validate_source

SCHEMAS = PROJECT / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
KIND_FILES = {"site": "site.yml", "faq": "faq/*.yml", "warranty": "warranty/*.yml", "handbook": "handbook/*.yml"}


def check_jsonschema(*args) -> subprocess.CompletedProcess:
    """The check-jsonschema command line, as CI and pre-commit hooks run it (offline: the schemas are local)."""
    return subprocess.run([str(CHECK_JSONSCHEMA), *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_committed_schema_is_what_the_model_generates(kind):
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(kind), f"schemas/{kind}.schema.json is stale: run kbgen schema {kind} > schemas/{kind}.schema.json"


def test_content_md_ends_with_the_field_reference_the_model_generates():
    committed = (PROJECT / "CONTENT.md").read_text(encoding="utf-8")
    guide, marker, reference = committed.partition(REFERENCE_MARKER)
    assert marker and guide.strip(), "CONTENT.md is the guide, then the generated field reference"
    assert marker + reference == field_reference_markdown(), (
        "CONTENT.md's field reference is stale: replace everything from its '<!-- Generated' line on with the output "
        "of kbgen schema --reference"
    )


def test_the_schemas_are_valid_draft_2020_12():
    for kind in SCHEMA_KINDS:
        schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    # check-jsonschema also reads every `pattern` as an ECMAScript regex, as editors do.
    result = check_jsonschema("--check-metaschema", *sorted(SCHEMAS.glob("*.schema.json")))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_schema_accepts_every_file_of_both_shops(kind):
    files = [path for source in (SAMPLE_SOURCE, RU_SHOP) for path in sorted(source.glob(KIND_FILES[kind]))]
    assert len(files) >= 2
    result = check_jsonschema("--schemafile", SCHEMAS / f"{kind}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_rejects_an_unknown_key_and_a_quoted_number(tmp_path):
    write_tree(tmp_path, {
        "faq/typo.yml": """
            entries:
              - id: track-parcel
                qestion: Where is my parcel?
                answer: On its way.
            """,
        "warranty/quoted.yml": (RU_SHOP / "warranty" / "obogrevateli-24m.yml").read_text(encoding="utf-8").replace(
            "duration_months: 24", 'duration_months: "24"'
        ),
    })
    result = check_jsonschema("--schemafile", SCHEMAS / "faq.schema.json", tmp_path / "faq" / "typo.yml")
    assert result.returncode == 1 and "qestion" in result.stdout, result.stdout
    result = check_jsonschema("--schemafile", SCHEMAS / "warranty.schema.json", tmp_path / "warranty" / "quoted.yml")
    assert result.returncode == 1 and "duration_months" in result.stdout, result.stdout


def test_the_schema_refuses_an_optional_key_left_empty_as_kbgen_does(tmp_path):
    """`buy_within_days:` with nothing after it: the editor (schema) and `kbgen validate` both say so."""
    source = tmp_path / "ru-shop"
    shutil.copytree(RU_SHOP, source)
    policy = source / "warranty" / "obogrevateli-24m.yml"
    text = policy.read_text(encoding="utf-8")
    assert "buy_within_days" not in text
    policy.write_text(re.sub(r"(\n    extra_months: .*\n)", r"\1    buy_within_days:\n", text, count=1), encoding="utf-8")
    result = check_jsonschema("--schemafile", SCHEMAS / "warranty.schema.json", policy)
    assert result.returncode == 1 and "buy_within_days" in result.stdout, result.stdout
    kb, problems = validate_source(source)
    assert kb is None and [problem.message.id for problem in problems] == ["record.no_value"], problems


def test_the_schema_takes_unquoted_no_and_versions_as_text_like_kbgen_does(tmp_path):
    # Editors parse YAML 1.2: `1.10` is a number there, `no` a string; kbgen reads both as text.
    write_tree(tmp_path, {"faq/surprises.yml": """
        entries:
          - id: version
            question: 1.10
            answer: {ru: no, en: true}
            keywords: [yes, 2026-10-01]
            reviewed: 2026-10-01
        """})
    result = check_jsonschema("--schemafile", SCHEMAS / "faq.schema.json", tmp_path / "faq" / "surprises.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_sample_file_names_its_schema_for_the_editor():
    for kind, pattern in KIND_FILES.items():
        for path in sorted(SAMPLE_SOURCE.glob(pattern)):
            first_line = path.read_text(encoding="utf-8").splitlines()[0]
            prefix = "# yaml-language-server: $schema="
            assert first_line.startswith(prefix), f"{path} lacks its schema line"
            target = (path.parent / first_line[len(prefix):]).resolve()
            assert target == (SCHEMAS / f"{kind}.schema.json").resolve(), f"{path} points at {target}"


def test_vscode_maps_each_schema_to_the_files_of_its_kind():
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert set(mapping) == {f"./schemas/{kind}.schema.json" for kind in SCHEMA_KINDS}
    for kind in SCHEMA_KINDS:
        globs = mapping[f"./schemas/{kind}.schema.json"]
        for path in SAMPLE_SOURCE.rglob("*.yml"):
            relative = path.relative_to(PROJECT).as_posix()
            belongs = fnmatch(path.relative_to(SAMPLE_SOURCE).as_posix(), KIND_FILES[kind])
            assert any(fnmatch(relative, g) for g in globs) == belongs, (kind, relative)


def test_the_examples_of_the_sellers_guide_make_a_valid_source(tmp_path):
    """CONTENT.md's examples of site.yml, a category file, a category folder's file, a policy and a procedure,
    put together, are a shop kbgen accepts: a seller can copy them."""
    from generator.validate import validate_source

    guide = (PROJECT / "CONTENT.md").read_text(encoding="utf-8").partition(REFERENCE_MARKER)[0]
    site, faq, folder_file, warranty, procedure = re.findall(r"```yaml\n(.*?)```", guide, re.S)[-5:]
    files = {"site.yml": site, "faq/orders.yml": faq, "faq/after-sales/01-returns.yml": folder_file,
             "warranty/accessories-6m.yml": warranty, "handbook/warranty-inquiry.yml": procedure}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    kb, problems = validate_source(tmp_path)
    assert problems == [], [str(problem) for problem in problems]
    assert [entry.id for entry in kb.entries_by_category["after-sales"]] == ["return-window"]
