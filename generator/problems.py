"""Where a value was written, and what is wrong with it.

Every stage that reads the sellers' files reports through these two types, so
that every message reaches the seller in the same `FILE:LINE:COLUMN: message`
form, sorted, whatever stage found it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Message, format_problem, printable


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file: FILE relative to the source folder, 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        # A file's name is the seller's too (`docs/en/<any name>.md`): a line break in it must not start a line.
        return f"{printable(self.file)}:{self.line}:{self.column}"

    @classmethod
    def from_mark(cls, file: str, mark) -> "Position":
        """A position from a PyYAML mark (whose line and column count from 0)."""
        return cls(file, mark.line + 1, mark.column + 1)


@dataclass(frozen=True)
class Problem:
    """One thing the seller must fix, at the place it was written; its message is written out in the
    seller's language when shown (`messages.format_problem`)."""

    position: Position
    message: Message

    def _order(self):
        return (self.position, self.message.id, repr(self.message.values))

    def __lt__(self, other: "Problem") -> bool:
        return self._order() < other._order()

    def __str__(self) -> str:
        return format_problem(self)

    def github_annotation(self, path_prefix: str, level: str = "error") -> str:
        """The same problem as a GitHub Actions workflow command, shown inline on the pull request
        (`level` "warning" for what `kbgen validate` only warns about)."""
        path = f"{path_prefix.rstrip('/')}/{self.position.file}" if path_prefix else self.position.file
        return (
            f"::{level} file={_command_property(path)},line={self.position.line},col={self.position.column}"
            f",title=kbgen::{_command_data(self.message.text())}"
        )


# GitHub workflow commands (`::error file=F,line=L::MESSAGE`) end at a line break; a property value also ends at
# `,` and `::`. Escaped as GitHub's own toolkit does (@actions/core escapeData, escapeProperty), so that a file
# name such as `a\n::warning::...` stays one property of one command instead of starting another command.
_COMMAND_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_COMMAND_PROPERTY_ESCAPES = {**_COMMAND_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def _command_data(text: str) -> str:
    return "".join(_COMMAND_DATA_ESCAPES.get(character, character) for character in text)


def _command_property(text: str) -> str:
    return "".join(_COMMAND_PROPERTY_ESCAPES.get(character, character) for character in text)


class InvalidSource(Exception):
    """Raised by the stages after validation when asked to work on a source that has problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the source")
        self.problems = problems
