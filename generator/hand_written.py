"""Hand-written pages of the buyers' site: Markdown files in `docs/`, beside the source folder, read
and checked with the rest of the source (`kbgen validate` and `kbgen build` see the same problems).

The convention (for a checkout: `faq_source/` and `docs/` side by side):

    docs/
      <lang>/intro.md        optional: shown on that language's home page, under the tagline
      <lang>/<name>.md       a page of its own at /<lang>/<name>/ (the default language at /<name>/),
                             listed in the navigation after the generated pages
      README.md              optional, about the folder itself; not published

- `<lang>` is one of the site's languages (`site.yml` `languages`).
- A page is written in the default language first; other languages are
  translations. A language without its translation shows the default-language
  page with the "not yet translated" notice, as generated pages do. A page that
  exists only in a non-default language is an error.
- `<name>` is lowercase kebab-case (it becomes the URL) and not one of the
  generated pages' names (`index`, `contact`, `faq`, `warranty`, ...).
- The same rules as for sellers' Markdown apply: no raw HTML, links only
  http(s), mailto or tel. Only `.md` files directly in `docs/<lang>/`.
- A page may start with front matter, YAML between two `---` lines, holding only
  the keys of `PageFrontMatter` (a title, a description, search keywords), read with the
  same rules as the YAML source (no anchors, aliases or tags). Front matter never closed,
  or below the first line, is an error: MkDocs would publish it as the page's text.
- A line starting with "TODO:" (`kbgen new`'s placeholder, in any case) is refused, as in the
  YAML source's texts.
- Nothing outside the project is read: a link (symlink) anywhere in `docs/`, or
  `docs/` itself being one, is an error, so a pull request cannot publish a file
  of the machine that builds the site (`/proc/self/environ`, `.git/config`).

Problems are reported like the sellers' (`FILE:LINE:COLUMN: message`, FILE
relative to the source folder, e.g. `../docs/en/intro.md`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import MAX_FILE_BYTES, character_problems, position_at_offset, read_yaml
from .model.markdown_rules import find_problems
from .messages import Message
from .model.options import INVALID, ReadContext, language_hint, placeholder_lines
from .model.records import PageFrontMatter
from .problems import Position, Problem

DOCS_FOLDER = "docs"
INTRO = "intro"
FOLDER_README = "README.md"
# Names the generated pages and the site's own files already use.
RESERVED_NAMES = ("index", "contact", "faq", "warranty", "assets", "search", "widget", "sitemap", "404")
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Front matter: a `---` line first, then YAML up to the next `---` (or `...`) line.
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# A `---` line, then a `key:` line: front matter, or meant as one; unless it is the page's very first
# line and closed (_FRONT_MATTER), MkDocs publishes it as text (a rule, then "title: ..."). A page may
# still open with a rule (`---` then a blank line or text that is no `key:`).
_FRONT_MATTER_MEANT = re.compile(r"(\s*)---[ \t]*\r?\n[ \t]*[A-Za-z_][\w-]*[ \t]*:")


@dataclass(frozen=True)
class PageSource:
    """One language's version of a hand-written page: its front matter and its Markdown."""

    body: str
    title: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandWrittenPage:
    name: str  # the file name without `.md`: the page is at /<lang>/<name>/
    sources: dict[str, PageSource]  # language -> the page in it, the default language always present

    @property
    def path(self) -> str:
        return f"{self.name}.md"


@dataclass
class HandWrittenDocs:
    intro: dict[str, PageSource] = field(default_factory=dict)  # language -> the intro in it
    pages: list[HandWrittenPage] = field(default_factory=list)  # by name


def docs_folder_for(source: Path) -> Path:
    """Where the hand-written pages of `source` live: `docs/` beside the source folder."""
    return Path(source).absolute().parent / DOCS_FOLDER


def read_hand_written_docs(source: Path, languages: list[str], problems: list[Problem]) -> HandWrittenDocs:
    """Read and check the `docs/` beside `source`, adding every problem to `problems`. No folder: no pages."""
    source = Path(source).absolute()
    folder = docs_folder_for(source)
    docs = HandWrittenDocs()

    def at(path: Path, line: int = 1, column: int = 1) -> Position:
        return Position(os.path.relpath(path, source), line, column)

    if folder.is_symlink():
        problems.append(Problem(at(folder), Message("docs.folder_link", folder=DOCS_FOLDER)))
        return docs
    if not folder.is_dir():
        return docs
    by_name: dict[str, dict[str, PageSource]] = {}
    written: dict[str, set[str]] = {}  # name -> the languages it has a file in, usable or not
    language_names = {language.lower() for language in languages}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            problems.append(Problem(at(entry), Message("file.link")))
            continue
        if entry.is_file() and entry.name == FOLDER_README:
            continue
        if not entry.is_dir():
            problems.append(Problem(at(entry), Message("docs.not_in_language", folder=DOCS_FOLDER, example=f"{DOCS_FOLDER}/{languages[0]}/{entry.name}")))
            continue
        if entry.name not in languages:
            problems.append(Problem(at(entry), Message("docs.unknown_language", code=entry.name, declared=languages,
                                                       hint=language_hint(entry.name, languages))))
            continue
        for file in sorted(entry.iterdir()):
            problem = _file_problem(file)
            if not problem and file.stem.lower() in language_names:
                problem = Message("docs.name_is_language", name=file.stem)
            if problem:
                problems.append(Problem(at(file), problem))
                continue
            written.setdefault(file.stem, set()).add(entry.name)
            page = _read_page(file, at(file).file, problems)
            if page is not None:
                by_name.setdefault(file.stem, {})[entry.name] = page
    default = languages[0]
    for name, sources in sorted(by_name.items()):
        if default not in sources:
            if default in written[name]:
                continue  # the default page is there, with problems of its own, reported
            for language in sources:
                problems.append(Problem(at(folder / language / f"{name}.md"),
                                        Message("docs.no_default", page=f"{DOCS_FOLDER}/{default}/{name}.md", language=default)))
            continue
        ordered = {language: sources[language] for language in languages if language in sources}
        if name == INTRO:
            docs.intro = ordered
        else:
            docs.pages.append(HandWrittenPage(name, ordered))
    return docs


def _file_problem(file: Path) -> Message | None:
    if file.is_symlink():
        return Message("file.link")
    if file.is_dir():
        return Message("docs.subfolder")
    if file.suffix != ".md":
        return Message("docs.not_markdown")
    if not file.is_file():
        return Message("docs.not_regular")
    if not _NAME.fullmatch(file.stem):
        return Message("docs.bad_name", name=file.stem)
    if file.stem in RESERVED_NAMES:
        return Message("docs.reserved_name", name=file.stem, reserved=RESERVED_NAMES)
    if file.stat().st_size > MAX_FILE_BYTES:
        return Message("docs.too_large", size=MAX_FILE_BYTES // 1024 // 1024)
    return None


def _read_page(file: Path, name: str, problems: list[Problem]) -> PageSource | None:
    """One page: its front matter read as the YAML source is, its Markdown checked; None when unusable."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(Position(name), Message("docs.not_utf8", byte=error.start)))
        return None
    except OSError as error:
        problems.append(Problem(Position(name), Message("file.unreadable", error=str(error.strerror or error))))
        return None
    # The characters the YAML source may not hold (direction controls, NUL and other controls) are
    # refused in a page too, at their place.
    found = character_problems(name, text)
    front = _FRONT_MATTER.match(text)
    meant = _FRONT_MATTER_MEANT.match(text)
    if front is None and meant:
        leading = meant.group(1)
        found.append(Problem(position_at_offset(name, text, len(leading)),
                             Message("docs.front_matter_not_first" if leading else "docs.front_matter_open")))
    body_start = front.end() if front else 0
    meta = _read_front_matter(name, text, front, found)
    body = text[body_start:]
    if not body.strip():
        found.append(Problem(Position(name), Message("docs.empty")))
    for offset, message in find_problems(body):
        found.append(Problem(position_at_offset(name, text, body_start + offset), message))
    # `kbgen new`'s placeholder, as in a text of the YAML source: a line of the page starting with "TODO:".
    for offset, line in placeholder_lines(body):
        found.append(Problem(position_at_offset(name, text, body_start + offset), Message("docs.placeholder", value=line)))
    problems.extend(found)
    if found or meta is INVALID:
        return None
    return PageSource(body=body, title=meta and meta.title, description=meta and meta.description,
                      keywords=tuple(meta.keywords or ()) if meta else ())


def _read_front_matter(name: str, text: str, front: re.Match | None, problems: list[Problem]):
    """The page's front matter as a `PageFrontMatter`, None when it has none, INVALID after a problem."""
    if front is None or not (front.group(1) or "").strip():
        return None
    # The YAML is read in place, a blank line standing for the opening `---`, so that positions are the page's own.
    yaml_text = "\n" + front.group(1)
    root = read_yaml(name, yaml_text, problems)
    if root is None:
        return INVALID
    return PageFrontMatter.read(root, ReadContext(name, problems, source_lines=yaml_text.splitlines()))


