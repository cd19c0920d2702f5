"""Stage 2 (validate): the loaded YAML trees become one typed `KnowledgeBase`, or a list of every problem.

The shop's own interface strings (`locales/` beside the source) are read first:
a language the shop adds there may then be declared in `site.yml`.
Each file is read into its record (`model.records`), which reports the problems
inside the file. Then the rules that span files: categories declared and filed,
ids unique across files, and every reference (`related`, `warranty`, `faq`)
pointing at something that exists. Problems come back sorted by file and line.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .hand_written import HandWrittenDocs, read_hand_written_docs
from .interface_text import ShopLocales, read_shop_locales, shop_locales_folder_for
from .load import MAX_PROBLEMS_PER_FILE, SITE_FILE, LoadedSource, SourceFile, load_source
from .model import FILE_RECORDS, Category, FaqEntry, Procedure, Ref, Site, Warranty
from .messages import Message
from .model.options import INVALID, ID_PATTERN, PLACEHOLDER_PROBLEM, ReadContext, did_you_mean
from .reading_memo import ReadingMemo
from .problems import InvalidSource, Position, Problem


@dataclass
class KnowledgeBase:
    """A whole, valid source: everything the views and renderers may use, and nothing unchecked."""

    source: Path
    site: Site
    entries_by_category: dict[str, list[FaqEntry]]  # in site.yml's category order
    warranties: dict[str, Warranty]  # by policy id, in file-name order
    procedures: dict[str, Procedure]  # by procedure id, in file-name order
    hand_written: HandWrittenDocs  # the pages of docs/ beside the source (hand_written.py)
    shop_locales: ShopLocales  # the shop's interface strings and languages, locales/ beside the source
    files: dict[str, str] = field(default_factory=dict)  # item key -> source file, for reports

    @property
    def languages(self) -> list[str]:
        return self.site.languages

    @property
    def default_language(self) -> str:
        return self.site.languages[0]

    @property
    def categories(self) -> list[Category]:
        return self.site.categories

    def entries(self):
        """Every FAQ entry with its category id, in display order."""
        for category_id, entries in self.entries_by_category.items():
            for entry in entries:
                yield category_id, entry


def validate_source(
    folder: Path, *, allow_placeholders: bool = False, memo: ReadingMemo | None = None
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and validate `folder`: the knowledge base when there is no problem, else every problem.

    A text still holding `kbgen new`'s "TODO: ..." placeholder is a problem (it must not be
    published); `allow_placeholders` lets `kbgen new` itself add to a source whose scaffolds are
    not filled in yet. `memo`: what a previous run read of each file, reused where the file is
    unchanged (`kbgen serve`: reading_memo.py); the rules across files run in full every time."""
    loaded = load_source(Path(folder), memo)
    problems = list(loaded.problems)
    shop_locales = read_shop_locales(shop_locales_folder_for(folder), Path(folder), problems)
    kb = _read_records(loaded, shop_locales, problems, memo)
    if allow_placeholders:
        problems = [problem for problem in problems if not is_placeholder_problem(problem)]
    problems = _at_most_per_file(sorted(set(problems)), MAX_PROBLEMS_PER_FILE)
    return (kb if not problems else None), problems


def read_ahead(folder: Path, paths: Collection[str]) -> ReadingMemo:
    """What reading the source files at `paths` gives (and site.yml, for the languages), as a memo that
    `validate_source` then takes: a build reads a large source in halves side by side, and validates it
    whole with both (build.py). The memo keeps each file's own problems; the rules across files run on
    the whole source, where `validate_source` runs them."""
    memo = ReadingMemo()
    problems: list[Problem] = []
    loaded = load_source(Path(folder), memo, only={SITE_FILE, *paths})
    _read_files(loaded, _Run(problems, read_shop_locales(shop_locales_folder_for(folder), Path(folder), problems), memo))
    return memo


def is_placeholder_problem(problem: Problem) -> bool:
    """Whether `problem` is only a text still holding `kbgen new`'s placeholder."""
    return problem.message.id == PLACEHOLDER_PROBLEM


def _at_most_per_file(problems: list[Problem], limit: int) -> list[Problem]:
    """The first `limit` problems of each file, and a note where the rest start: a page of 5,000
    errors from one broken file hides the other files' and helps nobody."""
    kept: list[Problem] = []
    shown: dict[str, int] = {}
    for problem in problems:
        count = shown.get(problem.position.file, 0)
        shown[problem.position.file] = count + 1
        if count < limit:
            kept.append(problem)
        elif count == limit:
            omitted = sum(1 for p in problems if p.position.file == problem.position.file) - limit
            kept.append(Problem(problem.position, Message("file.more_problems", n=omitted)))
    return kept


def load_knowledge_base(folder: Path, memo: ReadingMemo | None = None) -> KnowledgeBase:
    """Like `validate_source`, for callers that cannot go on with problems: raises `InvalidSource`."""
    kb, problems = validate_source(folder, memo=memo)
    if problems:
        raise InvalidSource(problems)
    assert kb is not None
    return kb


@dataclass
class _Run:
    """What every file of one validation run shares: the problem list and the cross-file bookkeeping."""

    problems: list[Problem]
    shop_locales: ShopLocales
    memo: ReadingMemo | None = None
    references: list[Ref] = field(default_factory=list)
    defined_ids: dict[str, list[tuple[str, Position]]] = field(default_factory=dict)

    def read(self, source_file: SourceFile, languages):
        """The file's record and its reading context; what the file found and defined joins the run's."""

        def read_file():
            ctx = ReadContext(source_file.path, [], languages, source_file.text.splitlines(), [], {}, self.shop_locales.declarable)
            return FILE_RECORDS[source_file.kind].read(source_file.root, ctx), ctx

        if self.memo is None:
            record, ctx = read_file()
        else:
            context = (list(languages or []), list(self.shop_locales.declarable))
            record, ctx = self.memo.record(source_file.path, source_file.root, context, read_file)
        self.problems.extend(ctx.problems)
        self.references.extend(ctx.references)
        for kind, ids in ctx.defined_ids.items():
            self.defined_ids.setdefault(kind, []).extend(ids)
        return record, ctx


def _read_records(
    loaded: LoadedSource, shop_locales: ShopLocales, problems: list[Problem], memo: ReadingMemo | None = None
) -> KnowledgeBase | None:
    run = _Run(problems, shop_locales, memo)
    site, languages, records = _read_files(loaded, run)
    entries_by_category: dict[str, list[FaqEntry]] = {category.id: [] for category in site.categories} if site else {}
    warranties: dict[str, Warranty] = {}
    procedures: dict[str, Procedure] = {}
    files: dict[str, str] = {}
    for source_file, record in records:
        if record is INVALID:
            continue
        files[f"{source_file.kind}:{source_file.stem}"] = source_file.path
        if source_file.kind == "faq":
            # A category folder's files come in file-name order (load_source sorts them): their
            # entries follow one another, each file's in the order written.
            entries_by_category.setdefault(source_file.stem, []).extend(record.entries)
            for entry in record.entries:
                files[f"entry:{entry.id}"] = source_file.path
        elif source_file.kind == "warranty":
            warranties[source_file.stem] = record
        else:
            procedures[source_file.stem] = record

    policy_ids = {f.stem for f in loaded.files if f.kind == "warranty"}
    all_faq_files_read = sum(f.kind == "faq" for f in loaded.files) == sum(f.kind == "faq" for f, _ in records)
    faq_ids = _unique_ids(run.defined_ids.get("FAQ entry", []), problems)
    known_ids = {"FAQ entry": faq_ids, "warranty policy": policy_ids}
    if not all_faq_files_read:
        # A FAQ file that was not read hides its ids: "no FAQ entry has the id ..." would be
        # noise pointing away from the real problem, so those references wait for the next run.
        del known_ids["FAQ entry"]
    _check_references(run.references, known_ids, problems)
    # The hand-written pages beside the source are part of it: checked here, so that `kbgen validate`
    # and the build report the same problems.
    hand_written = read_hand_written_docs(loaded.folder, languages, problems) if languages else HandWrittenDocs()
    if site is None:
        return None
    return KnowledgeBase(loaded.folder, site, entries_by_category, warranties, procedures, hand_written, shop_locales, files)


def _read_files(loaded: LoadedSource, run: _Run) -> tuple[Site | None, list[str] | None, list[tuple[SourceFile, object]]]:
    """site.yml's record (None when invalid) and languages, then the record of every other file that can be
    read (INVALID for a file with problems inside), in file order. A misnamed or unreadable file is not read,
    nor any file while site.yml's languages are unknown: each is reported already."""
    site_files = loaded.of_kind("site")
    site = None
    languages = None
    if site_files:
        site, ctx = run.read(site_files[0], None)
        languages = ctx.languages  # known even when another part of site.yml is broken
        if site is INVALID:
            site = None
    category_ids = [c.id for c in site.categories] if site else None
    records = []
    for source_file in loaded.files:
        if source_file.kind == "site":
            continue
        if _check_file_name(source_file, category_ids, run.problems) and source_file.root is not None and languages is not None:
            records.append((source_file, run.read(source_file, languages)[0]))
    return site, languages, records


def _check_file_name(source_file: SourceFile, category_ids, problems: list[Problem]) -> bool:
    """A file's name is an id: the category's (declared in site.yml), the policy's or the procedure's."""
    if source_file.kind == "site":
        return True
    if not re.fullmatch(ID_PATTERN, source_file.stem):
        problems.append(Problem(Position(source_file.path), Message("file.name_not_id", value=source_file.stem)))
        return False
    part = source_file.path.rsplit("/", 1)[-1][: -len(".yml")]
    if source_file.in_category_folder and not re.fullmatch(ID_PATTERN, part):
        problems.append(Problem(Position(source_file.path), Message("file.name_not_id", value=part)))
        return False
    if source_file.kind == "faq" and category_ids is not None and source_file.stem not in category_ids:
        problems.append(Problem(Position(source_file.path), Message(
            "category.not_declared", category=source_file.stem, hint=did_you_mean(source_file.stem, category_ids),
        )))
        return False
    return True


def _unique_ids(defined: list[tuple[str, Position]], problems: list[Problem]) -> set[str]:
    """The FAQ ids, reporting each repeat: FAQ ids are unique across all categories."""
    first_seen: dict[str, Position] = {}
    for entry_id, position in defined:
        if entry_id in first_seen:
            problems.append(Problem(position, Message("faq.duplicate_id", value=entry_id, first=str(first_seen[entry_id]))))
        else:
            first_seen[entry_id] = position
    return set(first_seen)


def _check_references(references: list[Ref], known_ids: dict[str, set[str]], problems: list[Problem]) -> None:
    """Every `related`, `warranty` and `faq` reference names an item that exists (steps are checked per procedure)."""
    for ref in references:
        known = known_ids.get(ref.target)
        if known is not None and ref not in known:
            problems.append(Problem(ref.position, Message("ref.unknown", item=Message(f"item.{ref.target}"), value=str(ref),
                                                          hint=did_you_mean(ref, known))))
