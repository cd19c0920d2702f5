"""Hand-written pages of the buyers' site: Markdown files in `docs/`, beside the source folder.

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

Problems are reported like the sellers' (`FILE:LINE:COLUMN: message`, FILE
relative to the source folder, e.g. `../docs/en/intro.md`) and stop the build
before anything is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.meta import get_data

from ..model.markdown_rules import find_problems
from ..problems import InvalidSource, Position, Problem
from ..view import Localized, Localizer

DOCS_FOLDER = "docs"
INTRO = "intro"
FOLDER_README = "README.md"
# Names the generated pages and the site's own files already use.
RESERVED_NAMES = ("index", "contact", "faq", "warranty", "assets", "search", "widget", "sitemap", "404")
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class HandWrittenPage:
    name: str  # the file name without `.md`: the page is at /<lang>/<name>/
    sources: dict[str, str]  # language -> Markdown, the default language always present

    @property
    def path(self) -> str:
        return f"{self.name}.md"


@dataclass
class HandWrittenDocs:
    intro: dict[str, str] = field(default_factory=dict)  # language -> Markdown
    pages: list[HandWrittenPage] = field(default_factory=list)  # by name


def docs_folder_for(source: Path) -> Path:
    """Where the hand-written pages of `source` live: `docs/` beside the source folder."""
    return Path(source).absolute().parent / DOCS_FOLDER


def read_hand_written_docs(folder: Path, languages: list[str], source: Path) -> HandWrittenDocs:
    """Read and check `folder`; raises `InvalidSource` with every problem found. No folder: no pages."""
    folder = Path(folder)
    docs = HandWrittenDocs()
    if not folder.is_dir():
        return docs
    problems: list[Problem] = []

    def at(path: Path, line: int = 1, column: int = 1) -> Position:
        return Position(os.path.relpath(path, Path(source).absolute()), line, column)

    by_name: dict[str, dict[str, str]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.name == FOLDER_README:
            continue
        if not entry.is_dir():
            problems.append(Problem(at(entry), f"hand-written pages go in {DOCS_FOLDER}/<language>/, e.g. {DOCS_FOLDER}/{languages[0]}/{entry.name}"))
            continue
        if entry.name not in languages:
            problems.append(Problem(at(entry), f"'{entry.name}' is not one of the site's languages ({', '.join(languages)})"))
            continue
        for file in sorted(entry.iterdir()):
            problem = _file_name_problem(file)
            if problem:
                problems.append(Problem(at(file), problem))
                continue
            try:
                text = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as error:
                problems.append(Problem(at(file), f"not UTF-8 text ({error.reason} at byte {error.start})"))
                continue
            if not text.strip():
                problems.append(Problem(at(file), "the page is empty"))
                continue
            for offset, message in find_problems(text):
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                problems.append(Problem(at(file, line, column), message))
            by_name.setdefault(file.stem, {})[entry.name] = text
    default = languages[0]
    for name, sources in sorted(by_name.items()):
        if default not in sources:
            for language in sources:
                problems.append(
                    Problem(
                        at(folder / language / f"{name}.md"),
                        f"no {DOCS_FOLDER}/{default}/{name}.md: write the page in the default language ({default}) first; "
                        "other languages are its translations",
                    )
                )
            continue
        ordered = {language: sources[language] for language in languages if language in sources}
        if name == INTRO:
            docs.intro = ordered
        else:
            docs.pages.append(HandWrittenPage(name, ordered))
    if problems:
        raise InvalidSource(sorted(problems))
    return docs


def _file_name_problem(file: Path) -> str | None:
    if file.is_dir():
        return "sub-folders are not supported: put the page directly in its language folder"
    if file.suffix != ".md":
        return "only Markdown pages (.md) are published from docs/<language>/"
    if not _NAME.fullmatch(file.stem):
        return f"'{file.stem}' is not a page name: use lowercase letters, digits and hyphens (it becomes the URL)"
    if file.stem in RESERVED_NAMES:
        return f"'{file.stem}' is the name of a generated page; reserved names: {', '.join(RESERVED_NAMES)}"
    return None


def localized_page(sources: dict[str, str], localize: Localizer) -> tuple[dict, Localized]:
    """A hand-written page (or intro) as one language shows it, and its front matter: the page's
    translation, or the default language's page as a fallback."""
    language = localize.language if localize.language in sources else localize.default_language
    meta, body = split_front_matter(sources[language])
    return meta, Localized(body, language, language != localize.language)


def split_front_matter(markdown: str) -> tuple[dict, str]:
    """A page's YAML front matter (title, description...) and the Markdown after it, as MkDocs reads them."""
    body, meta = get_data(markdown)
    return meta, body
