"""What kbgen tells the seller, in the seller's language: validation problems and command output.

A message is an id and named values (`Message("date.not_real", field="reviewed", value="2026-02-30")`),
never a sentence built in code; its words are in one catalog per language,
`generator/messages/<lang>.yml`, a flat mapping from id to a string with `{placeholders}`,
or, for words that change with a number, to plural forms by CLDR category (`one`, `few`,
`many`, `other`) with `{n}`. A value may itself be a Message (a "did you mean" hint, the
name of a record from the model), written in the same language.

Why YAML catalogs, not Babel's gettext: the interface strings already are YAML files with
CLDR plural categories (`generator/locales/`, see interface_text.py), read the same way;
gettext keys a message by its English sentence, so rewording the English would orphan
every translation, and its catalogs need a compile step (.po -> .mo) that a checkout
would have to run or commit. Ids with named placeholders keep a translator free to
reorder a sentence, and a test checks that every catalog has every id with the same
placeholders (tests/test_messages.py).

The language is chosen once per command (`kbgen --lang ru ...`), else from the
environment: `KBGEN_LANG`, then the POSIX locale variables `LC_ALL`, `LC_MESSAGES`,
`LANG` (`ru_RU.UTF-8` -> ru, `zh_CN.UTF-8` -> zh-Hans, `ko_KR.UTF-8` -> ko); anything
else reads English.
"""

from __future__ import annotations

import contextlib
import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml import YAML

from .languages import with_particles

if TYPE_CHECKING:
    from .problems import Problem

CATALOG_FOLDER = Path(__file__).with_name("messages")
MESSAGE_LANGUAGES = ("en", "zh-Hans", "ru", "ko")
DEFAULT_MESSAGE_LANGUAGE = "en"
# Characters a message may quote from the seller's value that must not act on the terminal or the
# annotation: line breaks and control characters (`got '-{\r{'`: every problem stays one line of output
# and one GitHub annotation) and invisible format characters, the bidirectional overrides among them
# (a right-to-left override would show `a\u202egnp.exe` as `aexe.png`). By Unicode category, all of them.
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# A quoted value longer than this is cut: a 1 MB value would make a 1 MB line of output and annotation.
MAX_QUOTED_LENGTH = 200

_chosen: list[str] = []  # the language `messages_in` chose, while its block runs


@dataclass(frozen=True)
class Message:
    """A message id and its named values; written out in a language by `text`."""

    id: str
    values: tuple[tuple[str, object], ...] = ()

    def __init__(self, id: str, /, **values):
        object.__setattr__(self, "id", id)
        # Collections (a list, a dict's keys) become tuples: a message is hashable, so that one problem
        # found twice is shown once.
        values = {name: tuple(item) if isinstance(item, (list, dict, set, frozenset)) else item for name, item in values.items()}
        object.__setattr__(self, "values", tuple(sorted(values.items())))

    def text(self, language: str | None = None) -> str:
        language = language or current_language()
        value = catalog(language)[self.id]  # every catalog has every id (tests/test_messages.py)
        values = {name: _written(item, language) for name, item in self.values}
        if isinstance(value, dict):
            value = _plural(value, language, int(dict(self.values)["n"]))
        return with_particles(value.format(**values), language)

    def __str__(self) -> str:
        return self.text()


def _written(item: object, language: str) -> str:
    # Imported here: problems.py imports this module.
    from .problems import Problem

    if isinstance(item, Message):
        return item.text(language)
    if isinstance(item, Problem):  # kbgen's own line about a problem, not a value to cut short
        return format_problem(item, language)
    if isinstance(item, (list, tuple)):
        return ", ".join(_written(part, language) for part in item)
    return printable(str(item))


def printable(value: str) -> str:
    """A seller's value as a message quotes it: at most `MAX_QUOTED_LENGTH` characters, every unprintable one
    written as its escape (`\\r`, `\\u202e`)."""
    if len(value) > MAX_QUOTED_LENGTH:
        value = value[: MAX_QUOTED_LENGTH - 3] + "..."
    return "".join(
        ascii(character)[1:-1] if unicodedata.category(character) in _UNPRINTABLE_CATEGORIES else character
        for character in value
    )


def _plural(forms: dict[str, str], language: str, count: int) -> str:
    # Imported here: formatting.py imports the model, whose options import this module.
    from .render.shared.formatting import plural_category

    return forms.get(plural_category(language, count)) or forms["other"]


@functools.cache
def catalog(language: str) -> dict[str, str | dict[str, str]]:
    """Every message of `language` by id (`generator/messages/<language>.yml`)."""
    return YAML(typ="safe", pure=True).load((CATALOG_FOLDER / f"{language}.yml").read_text(encoding="utf-8"))


def message_language(code: str | None) -> str | None:
    """The catalog for a language code or a POSIX locale (`zh_CN.UTF-8`, `ru-RU`, `zh-Hans`); None for none."""
    if not code:
        return None
    code = code.split(".")[0].split("@")[0].replace("_", "-").lower()
    if code in ("c", "posix", ""):
        return None
    for language in MESSAGE_LANGUAGES:
        if code == language.lower():
            return language
    primary = code.split("-")[0]
    if primary == "zh":
        return "zh-Hans"  # Simplified is read by far more Chinese readers than English is
    return primary if primary in MESSAGE_LANGUAGES else None


def language_from_environment(environ=os.environ) -> str:
    """`KBGEN_LANG`, then the POSIX locale variables in their order of precedence; else English."""
    for variable in ("KBGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            # The first variable that is set decides, as POSIX says; one set to a language kbgen
            # has no catalog for still means English, not the next variable's language.
            return message_language(value) or DEFAULT_MESSAGE_LANGUAGE
    return DEFAULT_MESSAGE_LANGUAGE


@contextlib.contextmanager
def messages_in(language: str | None):
    """Within the block, every message is written in `language` (`--lang`), or the environment's when None."""
    previous = list(_chosen)
    _chosen[:] = [message_language(language) or language_from_environment()]
    try:
        yield _chosen[0]
    finally:
        _chosen[:] = previous


def current_language() -> str:
    return _chosen[0] if _chosen else language_from_environment()


def say(id: str, /, **values) -> str:
    """The message `id` with `values`, written in the chosen language."""
    return Message(id, **values).text()


def format_problem(problem: "Problem", language: str | None = None) -> str:
    """A problem as the seller reads it everywhere: `FILE:LINE:COLUMN: message`, in their language."""
    return f"{problem.position}: {problem.message.text(language)}"
