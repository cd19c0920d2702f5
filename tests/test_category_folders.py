"""A category too big for one file, or shared by several translators, is a folder of files.

`faq/<category>/*.yml` holds one category's entries: files in file-name order, entries in the order
each file writes them. The shop's other categories stay single files.
"""

from __future__ import annotations

import shutil

from conftest import RU_SHOP, write_tree

from generator.build import PUBLIC, build_site
from generator.scaffold import scaffold
from generator.validate import validate_source


def _entry(entry_id: str, question: str) -> str:
    return f"  - id: {entry_id}\n    question: {question}\n    answer: Ответ на вопрос «{question}».\n"


# Written out of order on purpose: the folder is read by file name, not by the order files were made.
THREE_FILES = {
    "faq/dostavka/20-pvz.yml": "entries:\n" + _entry("pvz-chasy", "Когда открыт пункт выдачи?") + _entry("pvz-srok", "Сколько хранится заказ?"),
    "faq/dostavka/03-sroki.yml": "entries:\n" + _entry("srok-dostavki", "Сколько идёт посылка?"),
    "faq/dostavka/10-kurier.yml": "entries:\n" + _entry("kurier", "Привезёт ли курьер домой?") + _entry("kurier-cena", "Сколько стоит курьер?"),
}
IN_ORDER = ["srok-dostavki", "kurier", "kurier-cena", "pvz-chasy", "pvz-srok"]


def _folder_shop(tmp_path, files=THREE_FILES):
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    (source / "faq" / "dostavka.yml").unlink()
    return write_tree(source, files)


def test_a_category_split_over_three_files_builds_as_one_page_in_file_name_order(tmp_path):
    source = _folder_shop(tmp_path)
    kb, problems = validate_source(source)
    assert problems == []
    assert [entry.id for entry in kb.entries_by_category["dostavka"]] == IN_ORDER
    out = tmp_path / "site"
    build_site(source, out)
    page = (out / PUBLIC / "faq" / "dostavka" / "index.html").read_text(encoding="utf-8")
    positions = [page.index(f'id="{entry_id}"') for entry_id in IN_ORDER]
    assert positions == sorted(positions), "the entries are not in file-name order, then file order"
    assert "Привезёт ли курьер домой?" in page and "Сколько хранится заказ?" in page


def test_a_category_that_is_both_a_file_and_a_folder_is_one_clear_problem(tmp_path):
    source = _folder_shop(tmp_path)
    write_tree(source, {"faq/dostavka.yml": "entries:\n" + _entry("staryj", "Старый вопрос?")})
    _, problems = validate_source(source)
    assert [str(problem) for problem in problems] == [
        "faq/dostavka.yml:1:1: category 'dostavka' is both the file faq/dostavka.yml and the folder faq/dostavka/: "
        "keep one; to keep the folder, move this file into it, e.g. as faq/dostavka/00-dostavka.yml"
    ]


def test_ids_are_unique_across_the_files_of_a_folder_and_problems_name_the_file(tmp_path):
    files = dict(THREE_FILES)
    files["faq/dostavka/10-kurier.yml"] = "entries:\n" + _entry("pvz-chasy", "Привезёт ли курьер домой?")
    source = _folder_shop(tmp_path, files)
    _, problems = validate_source(source)
    assert [str(problem) for problem in problems] == [
        "faq/dostavka/20-pvz.yml:2:9: duplicate FAQ id 'pvz-chasy' (first at faq/dostavka/10-kurier.yml:2:9): "
        "FAQ ids are unique across all categories; rename one of them"
    ]


def test_a_folder_file_must_be_named_like_an_id_and_hold_no_folders(tmp_path):
    files = dict(THREE_FILES)
    files["faq/dostavka/Old Questions.yml"] = "entries: []\n"
    files["faq/dostavka/archive/old.yml"] = "entries: []\n"
    source = _folder_shop(tmp_path, files)
    _, problems = validate_source(source)
    assert [str(problem) for problem in problems] == [
        "faq/dostavka/Old Questions.yml:1:1: 'Old Questions' is not a valid id for a file name: use lowercase letters, digits and hyphens",
        "faq/dostavka/archive/old.yml:1:1: faq/dostavka/ holds the YAML files of one category, not folders: "
        "move it up to faq/dostavka/old.yml",
    ]


def test_kbgen_new_adds_to_the_end_of_a_folder_category(tmp_path):
    source = _folder_shop(tmp_path)
    created = scaffold(source, "faq", "novyj-vopros", category="dostavka")
    assert created.position.file == "faq/dostavka/20-pvz.yml"
    kb, problems = validate_source(source, allow_placeholders=True)
    assert problems == []
    assert [entry.id for entry in kb.entries_by_category["dostavka"]] == [*IN_ORDER, "novyj-vopros"]


def test_a_category_file_too_big_is_told_to_become_a_folder(tmp_path):
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    (source / "faq" / "dostavka.yml").write_bytes(b"entries:\n" + b"#" * (4 * 1024 * 1024))
    _, problems = validate_source(source)
    assert [str(problem) for problem in problems if problem.position.file == "faq/dostavka.yml"] == [
        "faq/dostavka.yml:1:1: the file is larger than 4 MiB: split it into a folder: move the entries into several "
        "files faq/dostavka/01.yml, faq/dostavka/02.yml, ... (read in file-name order) and delete this file"
    ]
