"""`kbgen report`: per language, what is left to translate and how much text that is; which
translations are older than their source text; which entries nobody has reviewed for a long time.

It reads a valid knowledge base (the same model the build uses) and prints, as
terminal text or as Markdown for a pull request's job summary (each language in
a `<details>` block that opens on a click), in the seller's language (messages.py):

- a summary: per language, the share of texts translated and the amount left
  to translate (texts, characters, words), for buyers and for agents apart;
- per language (`--language` keeps some), for the buyers' texts, then the
  agents-only ones (the handbook, every `agent_note`): the items with fields
  that lack the language (shown in a fallback language on the page, with a
  "not yet translated" notice), and the translations older than their source;
  and the hand-written pages of `docs/` missing in the language or older than
  the default language's page;
- review ages: FAQ entries, policies and procedures whose `reviewed` date is
  more than `REVIEW_MAX_AGE_DAYS` days before `today`, or that were never reviewed.

The amount to translate is the default-language text of every untranslated or
stale field: its characters (without spaces) and its words, where a Chinese,
Japanese or Korean character counts as a word, as translators count them.

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
them cannot be told from an edit to the others. A hand-written page is dated as
a whole file: its translation is older when the default language's page was
committed later (an uncommitted edit counts as now).
"""

from __future__ import annotations

import datetime
import html
import re
import subprocess
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .hand_written import DOCS_FOLDER, INTRO, docs_folder_for
from .messages import Message, say
from .model import Text
from .model.options import Record
from .validate import KnowledgeBase

REVIEW_MAX_AGE_DAYS = 180
SHARED_LINES_SHOWN = 5  # the report names this many one-line texts, enough to find the habit
KINDS = ("site", "faq", "warranty", "handbook")
AUDIENCES = ("buyers", "agents")  # the buyers' site; the handbook and agent notes (agents only)


# --- every text of the knowledge base, with where it stands ------------------------------------


@dataclass(frozen=True)
class TextField:
    """One Text value of the source: which item and field it belongs to, and the file it is in."""

    kind: str  # "site", "faq", "warranty" or "handbook"
    item: str  # the FAQ entry's, policy's or procedure's id; "site" for site.yml
    field: str  # e.g. "answer", "steps[confirm].say", "covers[2]" (list items count from 1)
    file: str  # relative to the source folder
    text: Text
    agents_only: bool = False  # the handbook's texts and agent notes: never on the buyers' site

    @property
    def audience(self) -> str:
        return "agents" if self.agents_only else "buyers"


def text_fields(kb: KnowledgeBase) -> list[TextField]:
    """Every Text of the knowledge base, in file order, each with its item and field name."""
    found: list[TextField] = []

    def walk(kind: str, item: str, file: str, record: Record, prefix: str, agents_only: bool = False) -> None:
        for option in type(record).options.values():
            value = getattr(record, option.name, None)
            key = option.key or option.name
            _collect(kind, item, file, value, f"{prefix}{key}", found, walk, agents_only or option.agents_only or kind == "handbook")

    walk("site", "site", "site.yml", kb.site, "")
    for _, entry in kb.entries():
        walk("faq", entry.id, kb.files.get(f"entry:{entry.id}", ""), entry, "")
    for policy_id, policy in kb.warranties.items():
        walk("warranty", policy_id, kb.files.get(f"warranty:{policy_id}", ""), policy, "")
    for procedure_id, procedure in kb.procedures.items():
        walk("handbook", procedure_id, kb.files.get(f"handbook:{procedure_id}", ""), procedure, "")
    return found


def _collect(kind, item, file, value, name, found, walk, agents_only) -> None:
    if isinstance(value, Text):
        found.append(TextField(kind, item, name, file, value, agents_only))
    elif isinstance(value, Record):
        walk(kind, item, file, value, f"{name}.", agents_only)
    elif isinstance(value, list):
        for index, element in enumerate(value, start=1):
            label = getattr(element, "id", None) if isinstance(element, Record) else None
            _collect(kind, item, file, element, f"{name}[{label or index}]", found, walk, agents_only)


# --- the report's parts ------------------------------------------------------------------------

# A Chinese, Japanese or Korean character is a word of its own; elsewhere a word is a run of letters and digits.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")


@dataclass
class Amount:
    """How much text there is to translate."""

    texts: int = 0
    characters: int = 0  # without spaces
    words: int = 0

    def add(self, text: str) -> None:
        self.texts += 1
        self.characters += sum(1 for character in text if not character.isspace())
        self.words += len(_WORD.findall(text))

    def words_text(self) -> str:
        return say("report.amount", n=self.texts, characters=f"{self.characters:,}", words=f"{self.words:,}")


@dataclass
class Untranslated:
    kind: str
    item: str
    file: str
    fields: list[str]
    of_total: int  # how many texts of this audience the item has in all
    line: int | None = None  # where its first untranslated text is, in the default language: the place to translate
    amount: Amount = field(default_factory=Amount)

    def fields_text(self, limit: int = 8) -> str:
        if len(self.fields) == self.of_total and self.of_total > 1:
            return say("report.all_texts", n=self.of_total)
        shown = ", ".join(self.fields[:limit])
        return shown if len(self.fields) <= limit else say("report.and_more", shown=shown, n=len(self.fields) - limit)


@dataclass
class StaleTranslation:
    kind: str
    item: str
    field: str
    position: str  # FILE:LINE of the translation
    source_date: datetime.date
    translation_date: datetime.date


@dataclass
class AudienceReport:
    """One language's texts for one audience: how many are translated, and what is left to do."""

    translated: int = 0
    total: int = 0
    untranslated: list[Untranslated] = field(default_factory=list)
    stale: list[StaleTranslation] = field(default_factory=list)
    to_translate: Amount = field(default_factory=Amount)  # untranslated and stale texts together


@dataclass
class PageStatus:
    """A hand-written page of docs/ that a language lacks, or has in an older version than the default's."""

    page: str  # docs/<lang>/<name>.md, in the language that lacks it
    missing: bool
    amount: Amount
    source_date: datetime.date | None = None  # for an older page: when each version last changed
    translation_date: datetime.date | None = None


@dataclass
class LanguageReport:
    language: str
    audiences: dict[str, AudienceReport]  # "buyers", "agents"
    pages: list[PageStatus]

    def to_translate(self, audience: str) -> Amount:
        """The audience's texts to translate; the buyers' include the hand-written pages (the buyers' site's)."""
        amount = self.audiences[audience].to_translate
        if audience != "buyers" or not self.pages:
            return amount
        total = Amount(amount.texts, amount.characters, amount.words)
        for page in self.pages:
            total.texts += 1
            total.characters += page.amount.characters
            total.words += page.amount.words
        return total


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
    per_language: list[LanguageReport]  # the translation languages shown (all, or those asked for)
    review: list[ReviewAge]
    staleness_note: Message  # how staleness was found, or why it is unknown
    staleness_known: bool
    max_review_age: int = REVIEW_MAX_AGE_DAYS
    shared_lines: list[str] = field(default_factory=list)  # FILE:LINE of texts with several languages on one line


def build_report(kb: KnowledgeBase, today: datetime.date, *, max_review_age: int = REVIEW_MAX_AGE_DAYS,
                 languages: list[str] | None = None) -> Report:
    """Everything the report shows, for `render`; review ages count to `today` (a parameter, for tests).
    `languages`: the translation languages to report on (default: all of the site's but the default)."""
    fields = text_fields(kb)
    default = kb.default_language
    shown = [language for language in kb.languages[1:] if languages is None or language in languages]
    history = GitHistory.of(kb.source, sorted({f.file for f in fields}))
    per_language = []
    for language in shown:
        audiences = {audience: AudienceReport() for audience in AUDIENCES}
        _count_untranslated(fields, language, default, audiences)
        if history.known:
            _find_stale(fields, language, default, history, audiences)
        per_language.append(LanguageReport(language, audiences, _page_statuses(kb, language, history)))
    return Report(
        source=str(kb.source),
        today=today,
        default_language=default,
        languages=list(kb.languages),
        per_language=per_language,
        review=_review_ages(kb, today, max_review_age),
        max_review_age=max_review_age,
        staleness_note=history.note,
        staleness_known=history.known,
        shared_lines=[f"{f.file}:{next(iter(f.text.lines.values()))[0]}" for f in fields
                      if len(f.text.strings) > 1 and len(set(f.text.lines.values())) == 1],
    )


def _count_untranslated(fields: list[TextField], language: str, default: str, audiences: dict[str, AudienceReport]) -> None:
    texts_per_item: dict[tuple[str, str, str], int] = {}
    for text_field in fields:
        key = (text_field.audience, text_field.kind, text_field.item)
        texts_per_item[key] = texts_per_item.get(key, 0) + 1
    rows: dict[tuple[str, str, str], Untranslated] = {}
    for text_field in fields:
        audience = audiences[text_field.audience]
        audience.total += 1
        if text_field.text.has(language):
            audience.translated += 1
            continue
        key = (text_field.audience, text_field.kind, text_field.item)
        row = rows.get(key)
        if row is None:
            first_lines = text_field.text.lines.get(default)
            row = rows[key] = Untranslated(text_field.kind, text_field.item, text_field.file, [], texts_per_item[key],
                                           line=first_lines[0] if first_lines else None)
            audience.untranslated.append(row)
        row.fields.append(text_field.field)
        source_text = text_field.text.strings[default]
        row.amount.add(source_text)
        audience.to_translate.add(source_text)
    order = {kind: index for index, kind in enumerate(KINDS)}
    for audience in audiences.values():
        audience.untranslated.sort(key=lambda r: (order[r.kind], r.file, r.line or 0, r.item))  # top down, as a translator goes


def _find_stale(fields: list[TextField], language: str, default: str, history: "GitHistory",
                audiences: dict[str, AudienceReport]) -> None:
    for text_field in fields:
        source_lines = text_field.text.lines.get(default)
        source_time = history.newest(text_field.file, source_lines)
        lines = text_field.text.lines.get(language)
        if source_time is None or lines is None or lines == source_lines:
            continue  # untranslated, or on the very same line (its history cannot tell them apart)
        translation_time = history.newest(text_field.file, lines)
        if translation_time is not None and source_time > translation_time:
            audience = audiences[text_field.audience]
            audience.stale.append(StaleTranslation(
                text_field.kind, text_field.item, text_field.field, f"{text_field.file}:{lines[0]}",
                _date(source_time), _date(translation_time),
            ))
            audience.to_translate.add(text_field.text.strings[default])


def _hand_written(kb: KnowledgeBase) -> list[tuple[str, dict]]:
    pages = [(INTRO, kb.hand_written.intro)] if kb.hand_written.intro else []
    return pages + [(page.name, page.sources) for page in kb.hand_written.pages]


def _page_statuses(kb: KnowledgeBase, language: str, history: "GitHistory") -> list[PageStatus]:
    default = kb.default_language
    docs = docs_folder_for(kb.source)
    statuses = []
    for name, sources in _hand_written(kb):
        amount = Amount()
        source = sources[default]
        for text in (source.title, source.description, source.body):
            if text:
                amount.add(text)
        amount.texts = 1
        page = f"{DOCS_FOLDER}/{language}/{name}.md"
        if language not in sources:
            statuses.append(PageStatus(page, True, amount))
            continue
        source_time = history.file_time(docs / default / f"{name}.md")
        translation_time = history.file_time(docs / language / f"{name}.md")
        if source_time is not None and translation_time is not None and source_time > translation_time:
            statuses.append(PageStatus(page, False, amount, _date(source_time), _date(translation_time)))
    return statuses


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
    note: Message
    line_times: dict[str, list[int]] = field(default_factory=dict)  # file -> commit time of each line (index 0 = line 1)
    source: Path = Path(".")

    @classmethod
    def of(cls, source: Path, files: list[str]) -> "GitHistory":
        source = Path(source)
        top = _git(source, "rev-parse", "--show-toplevel")
        if top is None or top.returncode != 0:
            return cls(False, Message("report.staleness_unknown"))
        line_times: dict[str, list[int]] = {}
        uncommitted_files = []
        for file in files:
            blame = _git(source, "blame", "--porcelain", "--", file)
            if blame is None or blame.returncode != 0:
                uncommitted_files.append(file)
                continue
            line_times[file] = _parse_blame(blame.stdout)
        shallow = _git(source, "rev-parse", "--is-shallow-repository")
        note = Message(
            "report.staleness_known",
            shallow=Message("report.shallow") if shallow is not None and shallow.stdout.strip() == "true" else "",
            undated=Message("report.undated", files=uncommitted_files) if uncommitted_files else "",
        )
        return cls(True, note, line_times, source)

    def newest(self, file: str, lines: tuple[int, int] | None) -> int | None:
        """The time of the most recent change to lines `lines` (inclusive, 1-based) of `file`."""
        times = self.line_times.get(file)
        if not times or lines is None:
            return None
        span = times[lines[0] - 1 : lines[1]]
        return max(span) if span else None

    def file_time(self, path: Path) -> int | None:
        """When the file `path` last changed: now if it has uncommitted changes, else its last commit's time."""
        if not self.known:
            return None
        changed = _git(self.source, "status", "--porcelain", "--", str(path))
        if changed is not None and changed.stdout.strip():
            return int(time.time())
        last = _git(self.source, "log", "-1", "--format=%ct", "--", str(path))
        return int(last.stdout.strip()) if last is not None and last.stdout.strip().isdigit() else None


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


# In Markdown, the characters that never start markup inside a line of text (a table cell, a heading's
# text, a paragraph): the report writes them as they are; every other ASCII punctuation is escaped.
_MARKDOWN_INERT = frozenset(" /.,:;-()'\"%+=?")
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _markdown_text(text: str) -> str:
    """`text` as Markdown that shows exactly these characters on one line: a file name, an id or a message that
    quotes a seller's value cannot start a link, an image, HTML or emphasis, or end a table cell or a line."""
    return "".join(
        "\\" + character if character.isascii() and not character.isalnum() and character not in _MARKDOWN_INERT
        else character
        for character in _LINE_BREAKING.sub(" ", text)
    )


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(map(_markdown_text, headers)) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
        lines += ["| " + " | ".join(map(_markdown_text, row)) + " |" for row in rows]
        return lines
    widths = [max(_width(h), *(_width(r[i]) for r in rows)) if rows else _width(h) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return lines


def _width(text: str) -> int:
    """Columns a terminal gives `text`: a Chinese or Japanese character takes two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _kind(kind: str) -> str:
    return say(f"report.kind.{kind}")


def render(report: Report, output_format: str = "text") -> str:
    """The report as terminal text (`text`) or as GitHub-flavoured Markdown (`markdown`), each language's
    part folded in a `<details>` block there, in the language of kbgen's messages."""
    markdown = output_format == "markdown"
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if markdown:
            out.extend([f"{'#' * level} {_markdown_text(text)}", ""])
        else:
            out.extend([text, {1: "=", 2: "-"}.get(level, "~") * _width(text)])

    def para(text: str) -> None:
        out.extend([_markdown_text(text) if markdown else text, ""])

    def table(headers, rows) -> None:
        out.extend(_table(headers, rows, markdown))
        out.append("")

    heading(say("report.title", source=report.source), 1)
    para(say("report.intro", default=report.default_language, translations=", ".join(report.languages[1:]) or "-",
             today=report.today.isoformat()))
    para(report.staleness_note.text())
    if report.staleness_known and report.shared_lines:
        shown = report.shared_lines[:SHARED_LINES_SHOWN]
        where = ", ".join(shown) + (", ..." if len(report.shared_lines) > len(shown) else "")
        para(say("report.shared_lines", n=len(report.shared_lines), where=where))

    heading(say("report.summary"))
    if report.per_language:
        table(
            [say("report.col.language"), say("report.col.buyers_translated"), say("report.col.buyers_to_translate"),
             say("report.col.agents_translated"), say("report.col.agents_to_translate")],
            [[part.language,
              _fraction(part.audiences["buyers"].translated, part.audiences["buyers"].total), part.to_translate("buyers").words_text(),
              _fraction(part.audiences["agents"].translated, part.audiences["agents"].total), part.to_translate("agents").words_text()]
             for part in report.per_language],
        )
    else:
        para(say("report.nothing_to_translate"))

    for part in report.per_language:
        summary = say("report.language_summary", language=part.language,
                      buyers=part.to_translate("buyers").words_text(), agents=part.to_translate("agents").words_text())
        if markdown:
            # Collapsed in the job summary: one line per language, opened on a click. GitHub renders the
            # Markdown inside only after an empty line.
            out.extend(["<details>", f"<summary><b>{html.escape(summary)}</b></summary>", ""])
        else:
            heading(summary)
        for audience in AUDIENCES:
            _render_audience(report, part, audience, heading, para, table)
        if markdown:
            out.extend(["</details>", ""])

    heading(say("report.review"))
    never = sum(1 for r in report.review if r.reviewed is None)
    para(say("report.review_counts", days=report.max_review_age, old=len(report.review) - never, never=never))
    if report.review:
        table(
            [say("report.col.kind"), say("report.col.id"), say("report.col.file"), say("report.col.reviewed"), say("report.col.age")],
            [
                [_kind(r.kind), r.item, r.file, r.reviewed.isoformat() if r.reviewed else say("report.never"),
                 str(r.age_days) if r.age_days is not None else "-"]
                for r in report.review
            ],
        )
    return "\n".join(out).rstrip("\n") + "\n"


def _render_audience(report: Report, part: LanguageReport, audience: str, heading, para, table) -> None:
    texts = part.audiences[audience]
    heading(say(f"report.audience.{audience}", language=part.language), 3)
    para(say("report.translated", translated=texts.translated, total=texts.total,
             share=_fraction(texts.translated, texts.total)))
    if texts.untranslated:
        para(say("report.untranslated_intro"))
        table(
            [say("report.col.kind"), say("report.col.id"), say("report.col.file"), say("report.col.fields"), say("report.col.characters")],
            [[_kind(u.kind), u.item, f"{u.file}:{u.line}" if u.line else u.file, u.fields_text(), f"{u.amount.characters:,}"]
             for u in texts.untranslated],
        )
    if texts.stale:
        para(say("report.stale_intro"))
        table(
            [say("report.col.where"), say("report.col.kind"), say("report.col.id"), say("report.col.field"),
             say("report.col.source_changed"), say("report.col.translated")],
            [[s.position, _kind(s.kind), s.item, s.field, s.source_date.isoformat(), s.translation_date.isoformat()]
             for s in texts.stale],
        )
    pages = part.pages if audience == "buyers" else []
    if pages:
        para(say("report.pages_intro"))
        table(
            [say("report.col.page"), say("report.col.status"), say("report.col.characters")],
            [[page.page,
              say("report.page_missing") if page.missing
              else say("report.page_older", source=page.source_date.isoformat(), translated=page.translation_date.isoformat()),
              f"{page.amount.characters:,}"] for page in pages],
        )
    if not texts.untranslated and not texts.stale and not pages:
        para(say("report.all_done") if report.staleness_known else say("report.all_translated"))


def _fraction(done: int, total: int) -> str:
    percent = 100 * done // total if total else 100
    return f"{done}/{total} ({percent}%)"
