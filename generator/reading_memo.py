"""What reading each source file gave, kept between the runs of one long-lived process (`kbgen serve`).

A preview validates the whole source after every edit (a duplicate id across files, a reference to
an entry just deleted must still be caught), but a one-line edit changes one file: the others need
not be parsed (YAML, by far the slowest part of validation) nor read into records again.

Two steps are kept, each under a key that changes whenever its result could:

- parsing (load.py): by the file's path and its exact bytes. Comparing bytes, not modification
  times, makes an edit within the same clock tick, or a file put back as it was, no special case;
- reading the parsed tree into a record (validate.py): by the tree itself (the same node objects
  come back from the first step while the bytes are the same) and what reading depends on beside
  the file, the site's languages and the language codes the shop may declare.

Both steps keep the problems they found with their result, so an unchanged broken file reports
the same problems on every run. The cross-file rules (unique ids, references, categories) are not
kept: validate.py runs them over every file each time, from what each file's reading collected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import Node

from .problems import Problem


@dataclass
class _Parsed:
    data: bytes
    text: str
    root: Node | None
    problems: list[Problem]


@dataclass
class _Read:
    root: Node
    context: tuple  # (languages, declarable language codes)
    result: Any  # (record, ReadContext)


class ReadingMemo:
    """The parse and the record of every source file of the last run, by path."""

    def __init__(self):
        self.parsed: dict[str, _Parsed] = {}
        self.read: dict[str, _Read] = {}

    def parse(self, path: str, data: bytes, parse: Callable[[list[Problem]], tuple[str, Node | None]]) -> tuple[str, Node | None, list[Problem]]:
        """(text, root, problems) of the file at `path` holding `data`; `parse(problems)` runs only when the bytes changed."""
        kept = self.parsed.get(path)
        if kept is None or kept.data != data:
            problems: list[Problem] = []
            text, root = parse(problems)
            kept = self.parsed[path] = _Parsed(data, text, root, problems)
            self.read.pop(path, None)
        return kept.text, kept.root, kept.problems

    def record(self, path: str, root: Node, context: tuple, read: Callable[[], Any]) -> Any:
        """What `read()` gives for the file at `path` parsed into `root`, read with `context`; read again only when either changed."""
        kept = self.read.get(path)
        if kept is None or kept.root is not root or kept.context != context:
            kept = self.read[path] = _Read(root, context, read())
        return kept.result

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files that are gone (deleted or renamed since the last run)."""
        for memo in (self.parsed, self.read):
            for path in set(memo) - paths:
                del memo[path]
