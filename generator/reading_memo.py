"""What reading each source file gave, kept between the runs of one long-lived process (`kbgen serve`).

A preview validates the whole source after every edit (a duplicate id across files, a reference to
an entry just deleted must still be caught), but a one-line edit changes one file: the others need
not be parsed (YAML, by far the slowest part of validation) nor read into records again.

Two steps are kept, each under a key that changes whenever its result could:

- parsing (load.py): by the file's path and its exact bytes (their BLAKE2 digest). Comparing bytes, not
  modification times, makes an edit within the same clock tick, or a file put back as it was, no special case;
- reading the parsed tree into a record (validate.py): by the tree itself (the same node objects
  come back from the first step while the bytes are the same) and what reading depends on beside
  the file, the site's languages and the language codes the shop may declare.

Both steps keep the problems they found with their result, so an unchanged broken file reports
the same problems on every run. The cross-file rules (unique ids, references, categories) are not
kept: validate.py runs them over every file each time, from what each file's reading collected.

A build reads the source in two halves side by side the same way (build.py): a process for each half
reads it into a memo and hands it over (`without_trees`), and the build validates the whole source
with both (`update`), reading no file twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ruamel.yaml.nodes import Node

from .problems import Problem


@dataclass
class _Parsed:
    digest: bytes  # of the file's bytes (`_digest`)
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
        digest = _digest(data)
        if kept is None or kept.digest != digest:
            problems: list[Problem] = []
            text, root = parse(problems)
            kept = self.parsed[path] = _Parsed(digest, text, root, problems)
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

    def update(self, other: ReadingMemo) -> None:
        """Add what `other` read: the other half of a source, read by another process."""
        self.parsed.update(other.parsed)
        self.read.update(other.read)

    def without_trees(self) -> ReadingMemo:
        """The files read into records, without their YAML trees and texts: what one process hands the
        other (a source's trees take several times its records' memory, and pickling them as long).

        Each file's tree is replaced by a stand-in that both steps share, so `record` still finds the
        file's record by identity. A file parsed but not read into a record is left out: reading it
        would need its tree, so the process that gets the memo parses it again if it needs it.
        """
        kept = ReadingMemo()
        for path, read in self.read.items():
            parsed = self.parsed.get(path)
            if parsed is None or parsed.root is not read.root:
                continue
            stand_in = Node.__new__(Node)
            record, context = read.result
            context = replace(context, source_lines=[], keys_of_values={})  # both hold the text or the tree
            kept.parsed[path] = _Parsed(parsed.digest, "", stand_in, parsed.problems)
            kept.read[path] = _Read(stand_in, read.context, (record, context))
        return kept


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
