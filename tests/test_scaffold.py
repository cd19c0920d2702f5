"""`kbgen new`: a seller adds an entry, a policy or a procedure with one command, and the source
stays valid but for the new "TODO: ..." texts, which `kbgen validate` and `kbgen build` refuse until
the seller writes them; what was already in the files stays byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RU_SHOP, SAMPLE_SOURCE, entry_in

from generator.validate import validate_source


def scaffolded(folder: Path):
    """The knowledge base of a source valid but for the placeholders `kbgen new` wrote."""
    kb, problems = validate_source(folder, allow_placeholders=True)
    assert problems == [], problems
    return kb


@pytest.fixture
def ru_shop(tmp_path) -> Path:
    copy = tmp_path / "ru-shop"
    shutil.copytree(RU_SHOP, copy)
    return copy


@pytest.fixture
def sample(tmp_path) -> Path:
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE_SOURCE, copy)
    return copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_faq_entry_is_appended_and_the_file_keeps_every_byte_it_had(kbgen, sample):
    before = (sample / "faq" / "orders.yml").read_bytes()
    code, out, err = kbgen("new", "faq", "--category", "orders", "--id", "gift-wrapping", "--source", sample)
    assert code == 0, err
    after = (sample / "faq" / "orders.yml").read_bytes()
    assert after.startswith(before)  # comments, the schema line, the seller's layout: all kept
    added = after[len(before):].decode("utf-8")
    assert added.startswith("  - id: gift-wrapping\n    question:\n      zh-Hans: \"TODO: ")
    first_line = before.count(b"\n") + 1
    assert out.startswith(f"faq/orders.yml:{first_line}:1: new FAQ entry 'gift-wrapping'")
    kb = scaffolded(sample)  # valid but for its placeholders
    assert list(kb.entries_by_category["orders"])[-1].id == "gift-wrapping"
    assert entry_in(kb, "gift-wrapping").answer.strings == {"zh-Hans": "TODO: The answer"}


def test_a_new_entry_in_a_russian_shop_gets_russian_placeholders(kbgen, ru_shop):
    code, _, _ = kbgen("new", "faq", "--category", "vozvrat", "--id", "obmen", "--source", ru_shop)
    assert code == 0
    assert set(entry_in(scaffolded(ru_shop), "obmen").question.strings) == {"ru"}
    code, out, _ = kbgen("validate", ru_shop)
    assert code == 1
    assert [line.split(": ", 1)[1].split(" (")[0] for line in out.splitlines()] == [
        "question still holds the placeholder of kbgen new",
        "answer still holds the placeholder of kbgen new",
    ]


def test_a_declared_category_without_a_file_gets_one_with_the_schema_line(kbgen, ru_shop):
    site = ru_shop / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("contact:", "  - id: oplata\n    title: Оплата\ncontact:"), encoding="utf-8")
    code, out, _ = kbgen("new", "faq", "--category", "oplata", "--id", "sposoby-oplaty", "--source", ru_shop)
    assert code == 0
    text = (ru_shop / "faq" / "oplata.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/faq.schema.json\nentries:\n  - id: sposoby-oplaty\n")
    assert out.startswith("faq/oplata.yml:3:1: ")
    scaffolded(ru_shop)


def test_a_category_folder_made_empty_gets_its_first_file_inside(kbgen, ru_shop):
    site = ru_shop / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("contact:", "  - id: oplata\n    title: Оплата\ncontact:"), encoding="utf-8")
    (ru_shop / "faq" / "oplata").mkdir()
    code, out, _ = kbgen("new", "faq", "--category", "oplata", "--id", "sposoby-oplaty", "--source", ru_shop)
    assert code == 0
    assert not (ru_shop / "faq" / "oplata.yml").exists()
    text = (ru_shop / "faq" / "oplata" / "01-oplata.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/faq.schema.json\nentries:\n  - id: sposoby-oplaty\n")
    assert out.startswith("faq/oplata/01-oplata.yml:3:1: ")
    code, out, _ = kbgen("new", "faq", "--category", "oplata", "--id", "rassrochka", "--source", ru_shop)
    assert out.startswith("faq/oplata/01-oplata.yml:")
    assert [entry.id for entry in scaffolded(ru_shop).entries_by_category["oplata"]] == ["sposoby-oplaty", "rassrochka"]


def test_a_new_warranty_policy_file_has_every_required_key(kbgen, ru_shop):
    code, out, _ = kbgen("new", "warranty", "--id", "kamin-12m", "--source", ru_shop)
    assert code == 0
    assert out.startswith("warranty/kamin-12m.yml:2:1: new warranty policy 'kamin-12m'")
    text = (ru_shop / "warranty" / "kamin-12m.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/warranty.schema.json\n")
    for key in ("title:", "applies_to:", "duration_months: 12", "starts_on: delivery", "covers:", "excludes: []", "claim_steps:"):
        assert f"\n{key}" in text
    policy = scaffolded(ru_shop).warranties["kamin-12m"]
    assert policy.duration_months == 12 and policy.title.strings["ru"].startswith("TODO: ")


def test_a_new_procedure_file_has_a_first_step(kbgen, sample):
    code, _, _ = kbgen("new", "procedure", "--id", "refund-delay", "--source", sample)
    assert code == 0
    text = (sample / "handbook" / "refund-delay.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/handbook.schema.json\n")
    procedure = scaffolded(sample).procedures["refund-delay"]
    assert [step.id for step in procedure.steps] == ["todo-first"]
    assert procedure.when.strings == {"zh-Hans": "TODO: When an agent uses this procedure"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["faq", "--category", "dostavka", "--id", "vozvrat-obogrevatelya"],
         "a FAQ entry with the id 'vozvrat-obogrevatelya' exists already, in faq/vozvrat.yml"),
        (["faq", "--category", "dostavk", "--id", "novyi"],
         "category 'dostavk' is not declared in site.yml (did you mean 'dostavka'?); declared: dostavka, vozvrat"),
        (["faq", "--id", "novyi"], "a FAQ entry needs --category: one of dostavka, vozvrat"),
        (["faq", "--category", "dostavka", "--id", "Novyi_Vopros"], "'Novyi_Vopros' is not a valid id"),
        (["warranty", "--id", "obogrevateli-24m"], "a warranty policy with the id 'obogrevateli-24m' exists already: warranty/obogrevateli-24m.yml"),
        (["procedure", "--id", "vozvrat-brak"], "a procedure with the id 'vozvrat-brak' exists already: handbook/vozvrat-brak.yml"),
        (["warranty", "--id", "x-1", "--category", "dostavka"], "--category belongs to faq entries"),
    ],
)
def test_a_refused_scaffold_says_why_and_writes_nothing(kbgen, ru_shop, args, message):
    before = snapshot(ru_shop)
    code, out, err = kbgen("new", *args, "--source", ru_shop)
    assert code == 1 and out == ""
    assert err.startswith("kbgen new: ") and message in err, err
    assert snapshot(ru_shop) == before


def test_a_broken_source_gets_nothing_added(kbgen, ru_shop):
    (ru_shop / "faq" / "dostavka.yml").write_text("entries: [\n", encoding="utf-8")
    before = snapshot(ru_shop)
    code, _, err = kbgen("new", "faq", "--category", "vozvrat", "--id", "novyi", "--source", ru_shop)
    assert code == 1 and "run kbgen validate and fix it before adding to it" in err
    assert snapshot(ru_shop) == before


def test_an_empty_flow_list_of_entries_becomes_a_block_list(kbgen, ru_shop):
    (ru_shop / "faq" / "vozvrat.yml").write_text("entries: []  # nothing yet\n", encoding="utf-8")
    for path in (ru_shop / "faq" / "dostavka.yml", ru_shop / "handbook" / "vozvrat-brak.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("vozvrat-obogrevatelya", "srok-dostavki"), encoding="utf-8")
    assert validate_source(ru_shop)[1] == []
    code, _, err = kbgen("new", "faq", "--category", "vozvrat", "--id", "pervyi", "--source", ru_shop)
    assert code == 0, err
    assert (ru_shop / "faq" / "vozvrat.yml").read_text(encoding="utf-8").startswith("entries:  # nothing yet\n  - id: pervyi\n")
    scaffolded(ru_shop)


def test_windows_line_ends_a_bom_and_unindented_items_are_kept(kbgen, ru_shop):
    original = "\ufeffentries:\r\n- id: srok-dostavki\r\n  question: Сколько?\r\n  answer: 3 дня\r\n# конец".encode("utf-8")
    (ru_shop / "faq" / "dostavka.yml").write_bytes(original)
    (ru_shop / "faq" / "vozvrat.yml").write_text(
        (RU_SHOP / "faq" / "vozvrat.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (ru_shop / "handbook" / "vozvrat-brak.yml").unlink()
    assert validate_source(ru_shop)[1] == []
    code, _, err = kbgen("new", "faq", "--category", "dostavka", "--id", "kuryer", "--source", ru_shop)
    assert code == 0, err
    after = (ru_shop / "faq" / "dostavka.yml").read_bytes()
    assert after.startswith(original + b"\r\n- id: kuryer\r\n  question:\r\n    ru: ")
    assert b"\n" not in after.replace(b"\r\n", b"")
    scaffolded(ru_shop)


def test_a_scaffold_left_unfilled_is_refused_at_each_placeholder_naming_its_field(kbgen, ru_shop, tmp_path):
    """A seller scaffolds a policy and an entry, fills in only the entry's question and pushes: validation
    names every text still reading "TODO: ...", at its line; the build publishes nothing."""
    assert kbgen("new", "warranty", "--id", "kamin-12m", "--source", ru_shop)[0] == 0
    # Another item may be scaffolded before the first is written.
    assert kbgen("new", "faq", "--category", "vozvrat", "--id", "obmen", "--source", ru_shop)[0] == 0
    faq = ru_shop / "faq" / "vozvrat.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace('"TODO: The question as a buyer would ask it"', "Можно обменять?"), encoding="utf-8")
    code, out, _ = kbgen("validate", ru_shop)
    assert code == 1
    problems = out.splitlines()
    policy = (ru_shop / "warranty" / "kamin-12m.yml").read_text(encoding="utf-8").splitlines()
    expected_fields = ["answer", "title", "applies_to", "covers", "claim_steps"]
    assert [line.split(": ", 1)[1].split(" ")[0] for line in problems] == expected_fields
    for line in problems:
        place, message = line.split(": ", 1)
        file, number, column = place.split(":")
        text = (ru_shop / file).read_text(encoding="utf-8").splitlines()[int(number) - 1]
        assert text[int(column) - 1:].startswith("TODO: "), (line, text)  # the column of the placeholder itself
        assert "write the real text before publishing" in message
    assert sum('"TODO: ' in line for line in policy) == 4
    out_dir = tmp_path / "site"
    code, out, err = kbgen("build", "--source", ru_shop, "--out", out_dir)
    assert code == 1 and "still holds the placeholder of kbgen new" in out + err
    assert not out_dir.exists()


def test_a_text_that_merely_mentions_todo_is_the_sellers_own(kbgen, ru_shop):
    assert kbgen("new", "faq", "--category", "vozvrat", "--id", "spisok", "--source", ru_shop)[0] == 0
    vozvrat = ru_shop / "faq" / "vozvrat.yml"
    written = vozvrat.read_text(encoding="utf-8")
    written = written.replace('"TODO: The question as a buyer would ask it"', '"Что такое TODO: список дел?"')
    written = written.replace('"TODO: The answer"', '"Список дел (TODO: по-английски) — это..."')
    vozvrat.write_text(written, encoding="utf-8")
    assert kbgen("validate", ru_shop)[0] == 0


def test_a_placeholder_left_under_a_new_first_line_or_retyped_is_still_refused(kbgen, ru_shop):
    """A seller writes a first paragraph above the answer's "TODO: The answer" (left as a list item), retypes
    another placeholder in lower case or without its space, or leaves one in the keywords: each is named, at
    its own line."""
    assert kbgen("new", "faq", "--category", "vozvrat", "--id", "obmen", "--source", ru_shop)[0] == 0
    vozvrat = ru_shop / "faq" / "vozvrat.yml"
    written = vozvrat.read_text(encoding="utf-8")
    written = written.replace('"TODO: The question as a buyer would ask it"', '"todo:Можно ли обменять?"')
    written = written.replace('      ru: "TODO: The answer"', '      ru: |-\n        Да, в течение 14 дней.\n\n        - TODO: The answer')
    written = written.replace("  - id: obmen\n", "  - id: obmen\n    keywords: [обмен, \"TODO: words\"]\n")
    vozvrat.write_text(written, encoding="utf-8")
    code, out, _ = kbgen("validate", ru_shop)
    assert code == 1
    lines = vozvrat.read_text(encoding="utf-8").splitlines()
    found = {}
    for problem in out.splitlines():
        place, message = problem.split(": ", 1)
        assert "still holds the placeholder of kbgen new" in message
        number = int(place.split(":")[1])
        found[message.split(" ")[0]] = lines[number - 1].strip()
    assert found == {"question": 'ru: "todo:Можно ли обменять?"', "answer": "- TODO: The answer", "keywords": 'keywords: [обмен, "TODO: words"]'}
