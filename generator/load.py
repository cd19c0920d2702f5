"""Stage 1 (load): the source folder as YAML node trees that remember where each value was written.

Nothing here interprets a value: a node keeps the text exactly as the seller
typed it (an unquoted `no` stays the two letters n, o), and the validation stage
decides what it means from the field it stands in. That is how the YAML 1.1
surprises of the content format are avoided: nothing is ever resolved to a
boolean, a number or a date behind the seller's back.

What this stage refuses, file by file, each with its position:
- files that are not where the format puts them, or not named `*.yml`;
- bytes that are not UTF-8 (a UTF-8 byte-order mark is accepted);
- invisible direction-control characters anywhere in the file;
- YAML syntax errors, more than one document, explicit tags (`!!python/...`, `!ENV`),
  anchors and aliases (never expanded, so an alias bomb costs nothing),
  duplicate mapping keys and mapping keys that are not plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent, SequenceStartEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .problems import Position, Problem

# The folders of the format and the kind of file each holds.
KIND_FOLDERS = {"faq": "faq", "warranty": "warranty", "handbook": "handbook"}
SITE_FILE = "site.yml"

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_PROBLEMS_PER_FILE = 50

# U+202A..U+202E and U+2066..U+2069: they reorder what a reviewer sees ("Trojan Source").
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class SourceFile:
    """One YAML file of the source, parsed: `root` is None when it could not be read."""

    path: str  # relative to the source folder, with forward slashes
    kind: str  # "site", "faq", "warranty" or "handbook"
    stem: str  # the file name without `.yml`: the category, policy or procedure id
    root: Node | None = None
    text: str = ""


@dataclass
class LoadedSource:
    """Everything stage 1 read, and every problem it found on the way."""

    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind and f.root is not None]


def load_source(folder: Path) -> LoadedSource:
    """Read every file under `folder`; never raises for anything a seller can put there."""
    folder = Path(folder)
    loaded = LoadedSource(folder)
    if not folder.is_dir():
        loaded.problems.append(
            Problem(Position(str(folder)), "the source folder does not exist (expected site.yml, faq/, warranty/, handbook/)")
        )
        return loaded
    if not (folder / SITE_FILE).is_file():
        loaded.problems.append(Problem(Position(SITE_FILE), "site.yml is missing: every source needs one"))
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(folder).as_posix()
        kind = _kind_of(relative)
        if kind is None:
            loaded.problems.append(Problem(Position(relative), _stray_file_message(relative)))
            continue
        source_file = SourceFile(relative, kind, path.name[: -len(".yml")])
        loaded.files.append(source_file)
        _parse_into(source_file, path, loaded.problems)
    return loaded


def _kind_of(relative: str) -> str | None:
    parts = relative.split("/")
    if parts == [SITE_FILE]:
        return "site"
    if len(parts) == 2 and parts[0] in KIND_FOLDERS and parts[1].endswith(".yml") and len(parts[1]) > 4:
        return KIND_FOLDERS[parts[0]]
    return None


def _stray_file_message(relative: str) -> str:
    parts = relative.split("/")
    if relative.endswith(".yaml"):
        return "files of the source end in .yml, not .yaml: rename it"
    if len(parts) == 2 and parts[0] in KIND_FOLDERS:
        return f"only .yml files belong in {parts[0]}/"
    if len(parts) > 2 and parts[0] in KIND_FOLDERS:
        return f"{parts[0]}/ holds files, not folders: move it up to {parts[0]}/{parts[-1]}"
    return (
        "this file is not part of the content format: the source holds site.yml, "
        "faq/<category>.yml, warranty/<id>.yml and handbook/<id>.yml only"
    )


def _parse_into(source_file: SourceFile, path: Path, problems: list[Problem]) -> None:
    name = source_file.path
    if path.is_symlink() or not path.is_file():
        problems.append(Problem(Position(name), "links are not followed: put the file itself here"))
        return
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(Position(name), f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB: split it"))
        return
    text = _decode(name, data, problems)
    if text is None:
        return
    source_file.text = text
    file_problems: list[Problem] = []
    for match in DIRECTION_CONTROLS.finditer(text):
        file_problems.append(
            Problem(
                _offset_position(name, text, match.start()),
                f"invisible direction-control character U+{ord(match.group()):04X}: it can make text read "
                "differently from what it says; delete it",
            )
        )
    if not file_problems:
        source_file.root = _compose(name, text, file_problems)
        if source_file.root is not None:
            _check_keys(name, source_file.root, file_problems)
    if len(file_problems) > MAX_PROBLEMS_PER_FILE:
        omitted = len(file_problems) - MAX_PROBLEMS_PER_FILE
        file_problems = file_problems[:MAX_PROBLEMS_PER_FILE]
        file_problems.append(Problem(file_problems[-1].position, f"... and {omitted} more problem(s) in this file"))
    if file_problems:
        source_file.root = None  # a half-read file must not reach the model
    problems.extend(file_problems)


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        problems.append(
            Problem(
                Position(name, line, column),
                f"the file is not UTF-8 (byte 0x{data[error.start]:02X}): save it as UTF-8 "
                "(editors on Windows may save Chinese text as GBK or ANSI)",
            )
        )
        return None


class _SellerComposer(Composer):
    """ruamel.yaml's composer, minus the features the content format forbids.

    ruamel.yaml reads YAML 1.2, where `{en: How long is the warranty?}` is text
    ending in a question mark (PyYAML's 1.1 scanner stops there). Only nodes are
    built (no constructor runs, so no tag can execute anything), and each
    forbidden construct is recorded as a problem instead of stopping, so a seller
    sees all of them at once.
    """

    def _report(self, mark, message: str) -> None:
        self.loader.kbgen_problems.append(Problem(Position.from_mark(self.loader.kbgen_file, mark), message))

    def compose_node(self, parent, index):
        if self.parser.check_event(AliasEvent):
            event = self.parser.get_event()
            self._report(event.start_mark, f"alias *{event.anchor} is not allowed: write the value out in full")
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.parser.peek_event()
        if getattr(event, "anchor", None) is not None:
            self._report(event.start_mark, f"anchor &{event.anchor} is not allowed: write the value out in full")
        tag = getattr(event, "ctag", None) or getattr(event, "tag", None)
        if tag is not None and str(tag) != "!":
            self._report(event.start_mark, f"tag {tag} is not allowed: write plain text, lists and mappings only")
        # Anchors are never registered, so no alias can ever expand.
        if self.parser.check_event(ScalarEvent):
            return self.compose_scalar_node(None)
        if self.parser.check_event(SequenceStartEvent):
            return self.compose_sequence_node(None)
        return self.compose_mapping_node(None)

    def compose_file(self) -> Node | None:
        """The file's one document; a second one is a problem, an empty file too."""
        self.parser.get_event()  # StreamStart
        if self.parser.check_event(StreamEndEvent):
            self._report(self.parser.peek_event().start_mark, "the file is empty")
            return None
        root = self.compose_document()
        if not self.parser.check_event(StreamEndEvent):
            self._report(self.parser.peek_event().start_mark, "a second YAML document starts here (---): a file holds one document")
        return root


def _compose(name: str, text: str, problems: list[Problem]) -> Node | None:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _SellerComposer
    yaml.kbgen_file = name
    yaml.kbgen_problems = problems
    _, parser = yaml.get_constructor_parser(text)
    try:
        return yaml.composer.compose_file()
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = error.problem or error.context or "not valid YAML"
        if error.context and error.problem:
            detail = f"{error.problem} ({error.context})"
        position = Position.from_mark(name, mark) if mark else Position(name)
        problems.append(Problem(position, f"YAML syntax error: {detail}"))
    except ReaderError as error:  # a character YAML does not allow, such as a control character
        problems.append(Problem(_offset_position(name, text, error.position), f"YAML syntax error: {error.reason} (character U+{error.character if isinstance(error.character, int) else ord(error.character):04X})"))
    except YAMLError as error:
        problems.append(Problem(Position(name), f"YAML syntax error: {error}"))
    except RecursionError:
        problems.append(Problem(Position(name), "the file nests lists and mappings too deeply"))
    finally:
        parser.dispose()
    return None


def _offset_position(name: str, text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(name, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _check_keys(name: str, root: Node, problems: list[Problem]) -> None:
    """Duplicate keys and non-text keys, everywhere in the tree (iteratively: depth is the seller's)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            seen: dict[str, ScalarNode] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, ScalarNode):
                    problems.append(
                        Problem(Position.from_mark(name, key.start_mark), "a mapping key must be plain text")
                    )
                    continue
                if key.value == "<<" and key.style is None:
                    problems.append(
                        Problem(Position.from_mark(name, key.start_mark), "merge keys (<<) are not allowed")
                    )
                first = seen.get(key.value)
                if first is not None:
                    problems.append(
                        Problem(
                            Position.from_mark(name, key.start_mark),
                            f"duplicate key '{key.value}' (first at line {first.start_mark.line + 1})",
                        )
                    )
                else:
                    seen[key.value] = key
