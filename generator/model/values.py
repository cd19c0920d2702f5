"""The value types of the content format: what a record's fields hold once read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..problems import Position


class Text:
    """A text in one or more languages; the site's default language is always present.

    `strings` maps language codes to strings in the order the seller wrote them;
    `lines` maps each language to the first and last line (1-based) of its
    string in the source file, so that the translation report can date each
    string by its lines' history (`report.py`).
    """

    is_markdown = False

    def __init__(
        self,
        strings: dict[str, str],
        position: Position | None = None,
        lines: dict[str, tuple[int, int]] | None = None,
    ):
        self.strings = dict(strings)
        self.position = position
        self.lines = dict(lines or {})

    def has(self, language: str) -> bool:
        return language in self.strings

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.strings == self.strings

    def __hash__(self) -> int:
        return hash(tuple(self.strings.items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.strings!r})"


class Markdown(Text):
    """A Text whose strings are Markdown, already checked for raw HTML and unsafe links."""

    is_markdown = True


@dataclass(frozen=True)
class Keywords:
    """Extra search words per language."""

    by_language: dict[str, list[str]]


_DURATION = re.compile(r"([0-9]+)(m|h|d)")
_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}


@dataclass(frozen=True)
class Duration:
    """A span of time as the seller wrote it (`72h`), with its length in minutes."""

    amount: int
    unit: str  # "m", "h" or "d"

    @classmethod
    def parse(cls, text: str) -> "Duration | None":
        match = _DURATION.fullmatch(text)
        if not match or int(match.group(1)) == 0:
            return None
        return cls(int(match.group(1)), match.group(2))

    @property
    def minutes(self) -> int:
        return self.amount * _MINUTES[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


class Ref(str):
    """An id that points at another item (`target`: "faq", "warranty" or "step"), with where it was written."""

    target: str
    position: Position

    def __new__(cls, value: str, target: str, position: Position):
        ref = super().__new__(cls, value)
        ref.target = target
        ref.position = position
        return ref

    def __reduce__(self):
        # A build reads the source in a process of its own and hands the knowledge base over pickled
        # (build.read_source); str's own way would call __new__ with the id alone.
        return (Ref, (str(self), self.target, self.position))
