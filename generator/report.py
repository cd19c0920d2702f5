"""`kbgen report`: what is untranslated, which translations are older than their source text,
and which entries nobody has reviewed for a long time.

It reads a valid knowledge base (the same model the build uses) and prints, as
a terminal table or as Markdown (for a pull request's summary):

- coverage: per language and per kind of file (site, FAQ, warranty, handbook),
  how many texts have a string in that language, out of all texts;
- untranslated: each item (FAQ entry, policy, procedure, site.yml) with the
  fields that lack a language; the page shows the default language there, with
  a "not yet translated" notice;
- stale translations: strings whose default-language text changed after the
  translation was last written;
- review ages: FAQ entries, policies and procedures whose `reviewed` date is
  more than `REVIEW_MAX_AGE_DAYS` days before `today`, or that were never reviewed.

How staleness is known: from git history, not from anything in the files.
The contract has no field for it, and a side file (a lock of source
fingerprints) would be a stray file in the source folder. `git blame` dates
every line of every source file; each string knows its lines (`Text.lines`),
so a string's date is the newest of its lines, and a translation is stale when
the default-language string's date is later than the translation's. Lines not
yet committed count as written now. Consequences, said in the output too:
outside a git checkout staleness is unknown (the rest of the report still
works); in a shallow clone every line has the date of the clone's one commit,
so nothing looks stale (CI must fetch the history); a text written on one line
(`{ru: ..., en: ...}`) dates all its languages together, so an edit to one of
them cannot be told from an edit to the others.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .model import Text
from .model.options import Record
from .validate import KnowledgeBase

REVIEW_MAX_AGE_DAYS = 180
KINDS = ("site", "faq", "warranty", "handbook")
KIND_TITLES = {"site": "site.yml", "faq": "FAQ", "warranty": "warranty", "handbook": "handbook"}


# --- every text of the knowledge base, with where it stands ------------------------------------


@dataclass(frozen=True)
class TextField:
    """One Text value of the source: which item and field it belongs to, and the file it is in."""

    kind: str  # "site", "faq", "warranty" or "handbook"
    item: str  # the FAQ entry's, policy's or procedure's id; "site" for site.yml
    field: str  # e.g. "answer", "steps[confirm].say", "covers[2]" (list items count from 1)
    file: str  # relative to the source folder
    text: Text


def text_fields(kb: KnowledgeBase) -> list[TextField]:
    """Every Text of the knowledge base, in file order, each with its item and field name."""
    found: list[TextField] = []

    def walk(kind: str, item: str, file: str, record: Record, prefix: str) -> None:
        for option in type(record).options.values():
            value = getattr(record, option.name, None)
            key = option.key or option.name
            _collect(kind, item, file, value, f"{prefix}{key}", found, walk)

    walk("site", "site", "site.yml", kb.site, "")
    for _, entry in kb.entries():
        walk("faq", entry.id, kb.files.get(f"entry:{entry.id}", ""), entry, "")
    for policy_id, policy in kb.warranties.items():
        walk("warranty", policy_id, kb.files.get(f"warranty:{policy_id}", ""), policy, "")
    for procedure_id, procedure in kb.procedures.items():
        walk("handbook", procedure_id, kb.files.get(f"handbook:{procedure_id}", ""), procedure, "")
    return found


def _collect(kind, item, file, value, name, found, walk) -> None:
    if isinstance(value, Text):
        found.append(TextField(kind, item, name, file, value))
    elif isinstance(value, Record):
        walk(kind, item, file, value, f"{name}.")
    elif isinstance(value, list):
        for index, element in enumerate(value, start=1):
            label = getattr(element, "id", None) if isinstance(element, Record) else None
            _collect(kind, item, file, element, f"{name}[{label or index}]", found, walk)


# --- the report's parts ------------------------------------------------------------------------


@dataclass
class Coverage:
    language: str
    kind: str
    translated: int
    total: int


@dataclass
class Untranslated:
    kind: str
    item: str
    file: str
    language: str
    fields: list[str]
    of_total: int  # how many texts the item has in all

    def fields_text(self, limit: int = 8) -> str:
        if len(self.fields) == self.of_total and self.of_total > 1:
            return f"all texts ({self.of_total})"
        shown = ", ".join(self.fields[:limit])
        return shown if len(self.fields) <= limit else f"{shown} and {len(self.fields) - limit} more"


@dataclass
class StaleTranslation:
    kind: str
    item: str
    field: str
    language: str
    position: str  # FILE:LINE of the translation
    source_date: datetime.date
    translation_date: datetime.date


@dataclass
class ReviewAge:
    kind: str
    item: str
    file: str
    reviewed: datetime.date | None
    age_days: int | None


@dataclass
class Report:
    source: str
    today: datetime.date
    default_language: str
    languages: list[str]
    coverage: list[Coverage]
    untranslated: list[Untranslated]
    stale: list[StaleTranslation]
    review: list[ReviewAge]
    staleness_note: str  # how staleness was found, or why it is unknown
    staleness_known: bool
    max_review_age: int = REVIEW_MAX_AGE_DAYS
    shared_line_texts: int = 0  # texts with several languages on one line (see the docstring)


def build_report(kb: KnowledgeBase, today: datetime.date, *, max_review_age: int = REVIEW_MAX_AGE_DAYS) -> Report:
    """Everything the report shows, for `render`; review ages count to `today` (a parameter, for tests)."""
    fields = text_fields(kb)
    default = kb.default_language
    translations = kb.languages[1:]
    history = GitHistory.of(kb.source, sorted({f.file for f in fields}))
    return Report(
        source=str(kb.source),
        today=today,
        default_language=default,
        languages=list(kb.languages),
        coverage=_coverage(fields, translations),
        untranslated=_untranslated(fields, translations),
        stale=_stale(fields, translations, default, history) if history.known else [],
        review=_review_ages(kb, today, max_review_age),
        max_review_age=max_review_age,
        staleness_note=history.note,
        staleness_known=history.known,
        shared_line_texts=sum(1 for f in fields if len(f.text.strings) > 1 and len(set(f.text.lines.values())) == 1),
    )


def _coverage(fields: list[TextField], languages: list[str]) -> list[Coverage]:
    rows = []
    for language in languages:
        for kind in KINDS:
            of_kind = [f for f in fields if f.kind == kind]
            if of_kind:
                translated = sum(1 for f in of_kind if f.text.has(language))
                rows.append(Coverage(language, kind, translated, len(of_kind)))
    return rows


def _untranslated(fields: list[TextField], languages: list[str]) -> list[Untranslated]:
    rows: dict[tuple[str, str, str], Untranslated] = {}
    texts_per_item: dict[tuple[str, str], int] = {}
    for text_field in fields:
        texts_per_item[(text_field.kind, text_field.item)] = texts_per_item.get((text_field.kind, text_field.item), 0) + 1
    for text_field in fields:
        for language in languages:
            if not text_field.text.has(language):
                key = (text_field.kind, text_field.item, language)
                total = texts_per_item[(text_field.kind, text_field.item)]
                row = rows.setdefault(key, Untranslated(text_field.kind, text_field.item, text_field.file, language, [], total))
                row.fields.append(text_field.field)
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(rows.values(), key=lambda r: (order[r.kind], r.file, r.item, languages.index(r.language)))


def _stale(fields: list[TextField], languages: list[str], default: str, history: "GitHistory") -> list[StaleTranslation]:
    rows = []
    for text_field in fields:
        source_lines = text_field.text.lines.get(default)
        source_time = history.newest(text_field.file, source_lines)
        if source_time is None:
            continue
        for language in languages:
            lines = text_field.text.lines.get(language)
            if lines is None or lines == source_lines:
                continue  # untranslated, or on the very same line (its history cannot tell them apart)
            translation_time = history.newest(text_field.file, lines)
            if translation_time is not None and source_time > translation_time:
                rows.append(
                    StaleTranslation(
                        text_field.kind, text_field.item, text_field.field, language,
                        f"{text_field.file}:{lines[0]}", _date(source_time), _date(translation_time),
                    )
                )
    return rows


def _review_ages(kb: KnowledgeBase, today: datetime.date, max_age: int) -> list[ReviewAge]:
    items = [("faq", entry.id, kb.files.get(f"entry:{entry.id}", ""), entry.reviewed) for _, entry in kb.entries()]
    items += [("warranty", pid, kb.files.get(f"warranty:{pid}", ""), p.reviewed) for pid, p in kb.warranties.items()]
    items += [("handbook", pid, kb.files.get(f"handbook:{pid}", ""), p.reviewed) for pid, p in kb.procedures.items()]
    rows = []
    for kind, item, file, reviewed in items:
        age = (today - reviewed).days if reviewed else None
        if reviewed is None or age > max_age:
            rows.append(ReviewAge(kind, item, file, reviewed, age))
    # Never reviewed first, then the oldest review first.
    return sorted(rows, key=lambda r: (r.reviewed is not None, r.reviewed or datetime.date.min, r.kind, r.item))


def _date(timestamp: int) -> datetime.date:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).date()


# --- git history -------------------------------------------------------------------------------


@dataclass
class GitHistory:
    """When each line of each source file was last changed, from `git blame`; or why that is unknown."""

    known: bool
    note: str
    line_times: dict[str, list[int]] = field(default_factory=dict)  # file -> commit time of each line (index 0 = line 1)

    @classmethod
    def of(cls, source: Path, files: list[str]) -> "GitHistory":
        source = Path(source)
        top = _git(source, "rev-parse", "--show-toplevel")
        if top is None or top.returncode != 0:
            return cls(False, "staleness unknown: not a git checkout (translations are dated by git history)")
        line_times: dict[str, list[int]] = {}
        uncommitted_files = []
        for file in files:
            blame = _git(source, "blame", "--porcelain", "--", file)
            if blame is None or blame.returncode != 0:
                uncommitted_files.append(file)
                continue
            line_times[file] = _parse_blame(blame.stdout)
        note = "staleness from git history: a translation is stale when its default-language text changed in a later commit"
        shallow = _git(source, "rev-parse", "--is-shallow-repository")
        if shallow is not None and shallow.stdout.strip() == "true":
            note += "; this is a shallow clone, so older changes all carry the clone's date and may hide stale translations"
        if uncommitted_files:
            note += f"; not in git yet, so not dated: {', '.join(uncommitted_files)}"
        return cls(True, note, line_times)

    def newest(self, file: str, lines: tuple[int, int] | None) -> int | None:
        """The time of the most recent change to lines `lines` (inclusive, 1-based) of `file`."""
        times = self.line_times.get(file)
        if not times or lines is None:
            return None
        span = times[lines[0] - 1 : lines[1]]
        return max(span) if span else None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120
        )
    except (OSError, subprocess.SubprocessError):  # no git on this machine, or it hung
        return None


def _parse_blame(porcelain: str) -> list[int]:
    """Commit time of each line of the file, from `git blame --porcelain`.

    Each line's header names its commit; the commit's fields (`committer-time`)
    follow only the first time a commit appears. Lines not committed yet belong
    to the all-zero commit, whose time git gives as now.
    """
    commit_times: dict[str, int] = {}
    line_commits: dict[int, str] = {}
    current: str | None = None
    for line in porcelain.split("\n"):  # not splitlines(): a line's content may hold U+2028 and the like
        if line.startswith("\t"):
            continue  # the line's content
        parts = line.split(" ")
        if len(parts) >= 3 and _is_commit_id(parts[0]):
            current = parts[0]
            line_commits[int(parts[2])] = current
        elif parts[0] == "committer-time" and current is not None and len(parts) == 2:
            commit_times[current] = int(parts[1])
    count = max(line_commits, default=0)
    return [commit_times.get(line_commits.get(n, ""), 0) for n in range(1, count + 1)]


def _is_commit_id(word: str) -> bool:
    return len(word) in (40, 64) and all(c in "0123456789abcdef" for c in word)


# --- output ------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        def cell(text: str) -> str:
            return text.replace("|", "\\|")

        lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        return lines
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return lines


def render(report: Report, output_format: str = "text") -> str:
    """The report as terminal text (`text`) or as GitHub-flavoured Markdown (`markdown`)."""
    markdown = output_format == "markdown"
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if markdown:
            out.extend([f"{'#' * level} {text}", ""])
        else:
            out.extend([text, "=" * len(text) if level == 1 else "-" * len(text)])

    def para(text: str) -> None:
        out.extend([text, ""])

    def table(headers, rows) -> None:
        out.extend(_table(headers, rows, markdown))
        out.append("")

    heading(f"Translation and review report: {report.source}", 1)
    para(
        f"Default language {report.default_language}; translations: {', '.join(report.languages[1:]) or 'none'}. "
        f"Today is {report.today.isoformat()}."
    )

    heading("Coverage")
    if report.coverage:
        kinds = [k for k in KINDS if any(c.kind == k for c in report.coverage)]
        rows = []
        for language in report.languages[1:]:
            cells = {c.kind: c for c in report.coverage if c.language == language}
            translated = sum(c.translated for c in cells.values())
            total = sum(c.total for c in cells.values())
            rows.append([language] + [_fraction(cells[k].translated, cells[k].total) for k in kinds] + [_fraction(translated, total)])
        table(["language"] + [KIND_TITLES[k] for k in kinds] + ["all"], rows)
    else:
        para("The site has only its default language: nothing to translate.")

    heading("Untranslated")
    if report.untranslated:
        para(f"These fall back to {report.default_language} on the page, with a \"not yet translated\" notice.")
        table(
            ["language", "kind", "id", "file", "fields"],
            [[u.language, KIND_TITLES[u.kind], u.item, u.file, u.fields_text()] for u in report.untranslated],
        )
    else:
        para("Every text is translated into every language.")

    heading("Stale translations")
    para(_capitalize(report.staleness_note) + ".")
    if report.staleness_known and report.shared_line_texts:
        para(
            f"{report.shared_line_texts} text(s) hold several languages on one line ({{ru: ..., en: ...}}): "
            "their languages share that line's history, so a stale one among them is not found."
        )
    if report.staleness_known:
        if report.stale:
            table(
                ["where", "language", "kind", "id", "field", "source changed", "translated"],
                [
                    [s.position, s.language, KIND_TITLES[s.kind], s.item, s.field, s.source_date.isoformat(), s.translation_date.isoformat()]
                    for s in report.stale
                ],
            )
        else:
            para("No translation is older than its source text.")

    heading("Review ages")
    never = sum(1 for r in report.review if r.reviewed is None)
    old = len(report.review) - never
    para(f"Not reviewed for more than {report.max_review_age} days: {old}; never reviewed: {never}.")
    if report.review:
        table(
            ["kind", "id", "file", "reviewed", "age (days)"],
            [
                [KIND_TITLES[r.kind], r.item, r.file, r.reviewed.isoformat() if r.reviewed else "never", str(r.age_days) if r.age_days is not None else "-"]
                for r in report.review
            ],
        )
    return "\n".join(out).rstrip("\n") + "\n"


def _fraction(done: int, total: int) -> str:
    percent = 100 * done // total if total else 100
    return f"{done}/{total} ({percent}%)"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
