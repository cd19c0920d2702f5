"""Stage 1 (load): the source folder as YAML node trees that remember where each value was written.

Nothing here interprets a value: a node keeps the text exactly as the seller
typed it (an unquoted `no` stays the two letters n, o), and the validation stage
decides what it means from the field it stands in. That is how the YAML 1.1
surprises of the content format are avoided: nothing is ever resolved to a
boolean, a number or a date behind the seller's back.

What this stage refuses, file by file, each with its position:
- files that are not where the format puts them, or not named `*.yml` (a category is
  `faq/<category>.yml` or a folder `faq/<category>/` of `.yml` files, never both);
- bytes that are not UTF-8 (a UTF-8 byte-order mark is accepted);
- invisible direction-control characters anywhere in the file;
- YAML syntax errors, more than one document, explicit tags (`!!python/...`, `!ENV`),
  anchors and aliases (never expanded, so an alias bomb costs nothing),
  duplicate mapping keys and mapping keys that are not plain text;
- characters YAML does not allow (control characters), each at its position.

Broken input must cost little: a file stops being read after
`MAX_PROBLEMS_PER_FILE` problems or `MAX_NODES_PER_FILE` values (an alias bomb,
a megabyte of `[1,1,1,...]`), so the worst file is reported in about a second.

Two readers, one result. ruamel.yaml (pure Python, YAML 1.2) is the reader of
record: every message and position above comes from it. It is also slow (about
5 s for a shop of 1,000 entries in five languages), so a file is first read by
libyaml's event parser (C, through PyYAML), which builds the same nodes about
eight times faster. libyaml gets the last word only on a file it reads cleanly:
a syntax error, an anchor, alias or tag, a second document, an empty value, or
any construct where the two readers were seen to differ
(`_read_differently_by_libyaml`) sends the file to ruamel.yaml, which then
reads it and reports its problems. tests/test_validate_fuzz.py checks that both
readers build identical trees (values, styles, every position) on every real
file and on mutated ones.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.docinfo import DocInfo
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent, SequenceStartEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from .messages import Message
from .reading_memo import ReadingMemo
from .problems import Position, Problem

# The folders of the format; each is named after the kind of file it holds.
KIND_FOLDERS = ("faq", "warranty", "handbook")
SITE_FILE = "site.yml"

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_PROBLEMS_PER_FILE = 50
# A real file holds about one value per 45 bytes (the sample: 700 values in 31 kB), so
# a 4 MiB file of real content stays well under this; only generated junk reaches it.
MAX_NODES_PER_FILE = 200_000
# The format nests at most about eight levels (handbook > steps > step > branches > branch > if > language).
# Deeper input is junk, and ruamel.yaml's scanner slows down quadratically with flow nesting.
MAX_DEPTH = 32

# U+202A..U+202E and U+2066..U+2069: they reorder what a reviewer sees ("Trojan Source").
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What YAML itself refuses to read (the same set as ruamel.yaml's Reader.NON_PRINTABLE).
NOT_ALLOWED_IN_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class SourceFile:
    """One YAML file of the source, parsed: `root` is None when it could not be read."""

    path: str  # relative to the source folder, with forward slashes
    kind: str  # "site", "faq", "warranty" or "handbook"
    stem: str  # the category, policy or procedure id: the file's name without `.yml`, or a category folder's name
    root: Node | None = None
    text: str = ""

    @property
    def in_category_folder(self) -> bool:
        """Whether this is one of several files of a category folder (`faq/<category>/<part>.yml`)."""
        return self.path.count("/") == 2


@dataclass
class LoadedSource:
    """Everything stage 1 read, and every problem it found on the way."""

    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind and f.root is not None]


def load_source(folder: Path, memo: ReadingMemo | None = None, only: Container[str] | None = None) -> LoadedSource:
    """Read every file under `folder`; never raises for anything a seller can put there.
    `memo`: the parses of a previous run, reused for files whose bytes are unchanged (reading_memo.py).
    `only`: the paths (relative, as `SourceFile.path`) of the files to read, the others left out as if
    absent (`validate.read_ahead`)."""
    folder = Path(folder)
    loaded = LoadedSource(folder)
    if not folder.is_dir():
        loaded.problems.append(Problem(Position(str(folder)), Message("source.missing")))
        return loaded
    if not (folder / SITE_FILE).is_file():
        loaded.problems.append(Problem(Position(SITE_FILE), Message("source.no_site")))
    try:
        paths = sorted(p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir())
    except OSError as error:
        loaded.problems.append(Problem(Position(str(folder)), Message("source.unreadable", error=str(error))))
        return loaded
    for path in paths:
        # A name that is not UTF-8 (an archive unpacked on Windows) is shown with U+FFFD, never as raw bytes.
        relative = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if only is not None and relative not in only:
            continue
        if path.is_symlink():  # a link, to a file or a folder, could bring in any file of the machine that builds
            loaded.problems.append(Problem(Position(relative), Message("file.link")))
            continue
        kind = _kind_of(relative)
        if kind is None:
            loaded.problems.append(Problem(Position(relative), _stray_file_message(relative)))
            continue
        parts = relative.split("/")
        stem = parts[1] if len(parts) == 3 else parts[-1][: -len(".yml")]
        source_file = SourceFile(relative, kind, stem)
        loaded.files.append(source_file)
        _parse_into(source_file, path, loaded.problems, memo)
    if memo is not None:
        memo.keep_only({source_file.path for source_file in loaded.files})
    _check_category_layout(loaded)
    return loaded


def _kind_of(relative: str) -> str | None:
    parts = relative.split("/")
    if parts == [SITE_FILE]:
        return "site"
    if len(parts) == 2 and parts[0] in KIND_FOLDERS and parts[1].endswith(".yml") and len(parts[1]) > 4:
        return parts[0]
    # A category may be a folder of files, for a category too big for one file, or shared by translators.
    if len(parts) == 3 and parts[0] == "faq" and parts[2].endswith(".yml") and len(parts[2]) > 4:
        return "faq"
    return None


def _stray_file_message(relative: str) -> Message:
    parts = relative.split("/")
    if relative.endswith(".yaml"):
        return Message("file.yaml_extension")
    if len(parts) == 2 and parts[0] in KIND_FOLDERS or len(parts) == 3 and parts[0] == "faq":
        return Message("file.not_yml", folder="/".join(parts[:-1]))
    if len(parts) > 2 and parts[0] == "faq":
        return Message("file.faq_too_deep", folder=parts[1], name=parts[-1])
    if len(parts) > 2 and parts[0] in KIND_FOLDERS:
        return Message("file.folder_in_kind", folder=parts[0], name=parts[-1])
    return Message("file.not_in_format")


def _check_category_layout(loaded: LoadedSource) -> None:
    """One category is one file or one folder: both at once would leave the order of its entries a guess."""
    single_files = {f.stem: f for f in loaded.files if f.kind == "faq" and not f.in_category_folder}
    folders_reported: set[str] = set()
    for source_file in loaded.files:
        if source_file.kind == "faq" and source_file.in_category_folder and source_file.stem in single_files:
            if source_file.stem not in folders_reported:
                folders_reported.add(source_file.stem)
                loaded.problems.append(Problem(Position(single_files[source_file.stem].path),
                                               Message("category.file_and_folder", category=source_file.stem)))
    if folders_reported:
        loaded.files = [f for f in loaded.files if not (f.kind == "faq" and f.stem in folders_reported)]


def _parse_into(source_file: SourceFile, path: Path, problems: list[Problem], memo: ReadingMemo | None = None) -> None:
    name = source_file.path
    if not path.is_file():
        problems.append(Problem(Position(name), Message("file.not_regular")))
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(Position(name), Message("file.unreadable", error=str(error.strerror or error))))
        return
    if len(data) > MAX_FILE_BYTES:
        advice = Message("file.split_category", category=source_file.stem) if source_file.kind == "faq" else Message("file.split")
        problems.append(Problem(Position(name), Message("file.too_large", size=MAX_FILE_BYTES // 1024 // 1024, advice=advice)))
        return

    def parse(found: list[Problem]) -> tuple[str, Node | None]:
        text = _decode(name, data, found)
        return ("", None) if text is None else (text, read_yaml(name, text, found))

    if memo is None:
        source_file.text, source_file.root = parse(problems)
        return
    source_file.text, source_file.root, found = memo.parse(name, data, parse)
    problems.extend(found)


def read_yaml(name: str, text: str, problems: list[Problem]) -> Node | None:
    """A YAML text (a source file, or a hand-written page's front matter) as nodes, read by the
    content format's rules; None, with every problem added to `problems`, when it breaks one."""
    found = character_problems(name, text) + _directive_problems(name, text)
    root = None
    if not found:
        root = _compose(name, text, found)
        if root is not None:
            _check_keys(name, root, found)
    problems.extend(found)
    return None if found else root  # a half-read text must not reach the model


def character_problems(name: str, text: str) -> list[Problem]:
    """Direction controls, and characters YAML refuses, each at its place (YAML would name only the first)."""
    found: list[Problem] = []
    for pattern, message_id in ((DIRECTION_CONTROLS, "character.direction"), (NOT_ALLOWED_IN_YAML, "character.control")):
        for match in pattern.finditer(text):
            if len(found) >= MAX_PROBLEMS_PER_FILE:
                return found
            found.append(Problem(position_at_offset(name, text, match.start()),
                                 Message(message_id, code=f"U+{ord(match.group()):04X}")))
    return found


def _directive_problems(name: str, text: str) -> list[Problem]:
    """`%YAML` and `%TAG` lines at the top: refused, because `%YAML 1.1` would change how text reads
    (`{en: Why?, ru: ...}` stops parsing at the `?`) and the format has one reading, YAML 1.2's."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%"):
            word = line.split()[0]
            found.append(Problem(Position(name, number, 1), Message("yaml.directive", directive=word)))
        elif line.strip() and not line.lstrip().startswith("#"):
            break  # the document has started
    return found


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
        problems.append(Problem(Position(name, line, column), Message("file.not_utf8", byte=f"0x{data[error.start]:02X}")))
        return None


class _StopReading(Exception):
    """Raised inside the composer when a file has shown enough problems, or too many values, to stop."""


# What YAML makes of a value that starts with these characters, for hints on syntax errors.
_LEADING_INDICATORS = {
    "*": "yaml.reads.alias",
    "&": "yaml.reads.anchor",
    "!": "yaml.reads.tag",
    "|": "yaml.reads.block",
    ">": "yaml.reads.folded",
    "@": "yaml.reads.reserved",
    "`": "yaml.reads.reserved",
    "%": "yaml.reads.reserved",
}
# Characters that open a list or a mapping, which may be meant (and left open) or be the start of text.
_OPENERS = {"[": ("got.list", "]"), "{": ("got.mapping", "}")}


class _SellerComposer(Composer):
    """ruamel.yaml's composer, minus the features the content format forbids.

    ruamel.yaml reads YAML 1.2, where `{en: How long is the warranty?}` is text
    ending in a question mark (PyYAML's 1.1 scanner stops there). Only nodes are
    built (no constructor runs, so no tag can execute anything), and each
    forbidden construct is recorded as a problem instead of stopping, so a seller
    sees all of them at once.
    """

    def _report(self, mark, message: Message) -> None:
        problems = self.loader.kbgen_problems
        if len(problems) >= MAX_PROBLEMS_PER_FILE - 1:
            raise _StopReading(mark)  # noted at this, the first problem not shown: 50 in all
        problems.append(Problem(Position.from_mark(self.loader.kbgen_file, mark), message))

    def _count_node(self, mark) -> None:
        self.loader.kbgen_nodes += 1
        if self.loader.kbgen_nodes > MAX_NODES_PER_FILE:
            self.loader.kbgen_problems.append(
                Problem(Position.from_mark(self.loader.kbgen_file, mark), Message("file.too_many_values", maximum=f"{MAX_NODES_PER_FILE:,}"))
            )
            raise _StopReading(None)

    def compose_node(self, parent, index):
        if self.parser.check_event(AliasEvent):
            event = self.parser.get_event()
            self._report(event.start_mark, Message("yaml.alias", anchor=event.anchor))
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.parser.peek_event()
        self._count_node(event.start_mark)
        if getattr(event, "anchor", None) is not None:
            self._report(event.start_mark, Message("yaml.anchor", anchor=event.anchor))
        tag = getattr(event, "ctag", None) or getattr(event, "tag", None)
        if tag is not None:
            self._report(event.start_mark, Message("yaml.tag", tag=_tag_as_written(tag)))
        # Anchors are never registered, so no alias can ever expand.
        if self.parser.check_event(ScalarEvent):
            return self.compose_scalar_node(None)
        self.kbgen_depth += 1
        try:
            if self.kbgen_depth > MAX_DEPTH:
                self.loader.kbgen_problems.append(
                    Problem(Position.from_mark(self.loader.kbgen_file, event.start_mark), Message("yaml.too_deep", maximum=MAX_DEPTH))
                )
                raise _StopReading(None)
            if self.parser.check_event(SequenceStartEvent):
                return self.compose_sequence_node(None)
            return self.compose_mapping_node(None)
        finally:
            self.kbgen_depth -= 1

    def compose_file(self) -> Node | None:
        """The file's one document; a second one is a problem, an empty file too."""
        self.kbgen_depth = 0  # how many lists and mappings enclose the node being read
        self.parser.get_event()  # StreamStart
        if self.parser.check_event(StreamEndEvent):
            self._report(self.parser.peek_event().start_mark, Message("file.empty"))
            return None
        root = self.compose_document()
        if not self.parser.check_event(StreamEndEvent):
            self._report(self.parser.peek_event().start_mark, Message("yaml.second_document"))
        return root


def _tag_as_written(tag) -> str:
    """A tag as the seller typed it (`!!python/object`), not as YAML expands it (`tag:yaml.org,2002:...`)."""
    handle, suffix = getattr(tag, "handle", None), getattr(tag, "suffix", None)
    if suffix is not None:
        if handle:
            return f"{handle}{suffix}"
        return "!" if suffix == "!" else f"!<{suffix}>"
    return str(tag)


def _compose(name: str, text: str, problems: list[Problem]) -> Node | None:
    """The file's node tree, or None after recording why it cannot be read."""
    root = compose_with_libyaml(text)
    if root is not None:
        return root
    return compose_with_ruamel(name, text, problems)


# What libyaml (YAML 1.1) and ruamel.yaml (YAML 1.2) read differently, found by comparing the
# two on thousands of mutated files (tests/test_validate_fuzz.py): tabs; the three characters
# YAML 1.1 counts as line breaks; a byte-order mark anywhere but at the start (removed before
# either reader sees the text); a comment glued to a block scalar's `|` or `>` (`|#`), which
# only libyaml accepts; and lines of nothing but spaces, which ruamel.yaml refuses at the
# start of a block scalar when a later one is longer.
_READ_DIFFERENTLY_CHARACTERS = "\t\x85\u2028\u2029\ufeff"
_COMMENT_AFTER_BLOCK_INDICATOR = re.compile("[|>][-+0-9]*#")
_LINE_OF_SPACES = re.compile("(?:\\A|[\r\n]) +(?:[\r\n]|\\Z)")


def _read_differently_by_libyaml(text: str) -> bool:
    """Whether `text` holds something libyaml and ruamel.yaml read differently (above).

    The checks run cheapest first, and the line of spaces only where a space stands before a line break or
    at the end: one regular expression for all of it took 1.1 s over a 10,000-entry shop's 23 MB, a tenth
    of reading it, where these take 0.2 s.
    """
    return (any(character in text for character in _READ_DIFFERENTLY_CHARACTERS)
            or _COMMENT_AFTER_BLOCK_INDICATOR.search(text) is not None
            or (" \n" in text or " \r" in text or text.endswith(" ")) and _LINE_OF_SPACES.search(text) is not None)


try:
    from yaml.cyaml import CParser as _LIBYAML_PARSER
except ImportError:  # PyYAML built without libyaml: every file goes to ruamel.yaml
    _LIBYAML_PARSER = None


class _LeaveToRuamel(Exception):
    """The file holds something only the reader of record may judge."""


def compose_with_libyaml(text: str) -> Node | None:
    """The tree `compose_with_ruamel` would build, read by libyaml; None for any file it must judge.

    Builds ruamel.yaml's node classes with libyaml's marks (line, column and index
    count characters from 0 in both), so later stages cannot tell the readers apart.
    """
    if _LIBYAML_PARSER is None or _read_differently_by_libyaml(text):
        return None
    parser = _LIBYAML_PARSER(text)
    try:
        return _nodes_from_events(parser, _end_of_file_mark(text))
    except (_LeaveToRuamel, pyyaml.YAMLError):
        return None
    finally:
        parser.dispose()


_LINE_BREAK = re.compile("\r\n|\r|\n")


def _end_of_file_mark(text: str) -> pyyaml.Mark | None:
    """Where ruamel.yaml ends the lists and mappings still open at the end of a file without a final
    line break (libyaml ends them at the start of a line after it); None when the file has one."""
    if text.endswith(("\n", "\r")):
        return None
    line_breaks = _LINE_BREAK.findall(text)
    last_line = text.rsplit(line_breaks[-1], 1)[-1] if line_breaks else text
    return pyyaml.Mark(None, len(text), len(line_breaks), len(last_line), None, None)


# The tags of the nodes built from libyaml's events, made once and shared (ruamel.yaml makes a Tag per node from its
# name: a third of building a large shop's 600,000 nodes); nothing changes a node's tag after it is built.
_STRING_TAG, _MAPPING_TAG, _SEQUENCE_TAG = (Tag(suffix=f"tag:yaml.org,2002:{name}") for name in ("str", "map", "seq"))


def _nodes_from_events(parser, end_of_file: pyyaml.Mark | None) -> Node:
    """One document's nodes from libyaml's events, with the limits and refusals of `_SellerComposer`."""
    events = iter(parser.get_event, None)
    if not isinstance(next(events), pyyaml.StreamStartEvent) or not isinstance(next(events), pyyaml.DocumentStartEvent):
        raise _LeaveToRuamel  # an empty file
    open_nodes: list[Node] = []  # the lists and mappings around the next event, innermost last
    open_keys: list[Node | None] = []  # for each, the key waiting for its value (mappings only)
    count = 0
    for event in events:
        kind = type(event)
        if kind is pyyaml.MappingEndEvent or kind is pyyaml.SequenceEndEvent:
            node = open_nodes.pop()
            open_keys.pop()
            node.end_mark = event.end_mark
            if end_of_file is not None and event.end_mark.index >= end_of_file.index:
                node.end_mark = end_of_file
        elif kind is pyyaml.ScalarEvent or kind is pyyaml.MappingStartEvent or kind is pyyaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _LeaveToRuamel
            count += 1
            if count > MAX_NODES_PER_FILE:
                raise _LeaveToRuamel
            if kind is pyyaml.ScalarEvent:
                if not event.value and not event.style:
                    # Nothing written (`key:`, `- `): libyaml places the empty value, and the end of
                    # a list that ends with one, elsewhere than ruamel.yaml; keep the reader of record's places.
                    raise _LeaveToRuamel
                node = ScalarNode(_STRING_TAG, event.value, event.start_mark, event.end_mark, event.style or None)
            else:
                if len(open_nodes) >= MAX_DEPTH:
                    raise _LeaveToRuamel
                if kind is pyyaml.MappingStartEvent:
                    node = MappingNode(_MAPPING_TAG, [], event.start_mark, None, event.flow_style)
                else:
                    node = SequenceNode(_SEQUENCE_TAG, [], event.start_mark, None, event.flow_style)
            if not open_nodes:
                root = node
            elif isinstance(open_nodes[-1], SequenceNode):
                open_nodes[-1].value.append(node)
            elif open_keys[-1] is None:
                open_keys[-1] = node
            else:
                open_nodes[-1].value.append((open_keys[-1], node))
                open_keys[-1] = None
            if kind is not pyyaml.ScalarEvent:
                open_nodes.append(node)
                open_keys.append(None)
        elif kind is pyyaml.DocumentEndEvent:
            if event.explicit or not isinstance(next(events), pyyaml.StreamEndEvent):
                raise _LeaveToRuamel  # a second document, or `...` lines (repeated, only libyaml reads them as one)
            return root
        else:
            raise _LeaveToRuamel  # an alias
    raise _LeaveToRuamel


def compose_with_ruamel(name: str, text: str, problems: list[Problem]) -> Node | None:
    """The file's node tree read by ruamel.yaml, every problem recorded with its position; None if unreadable."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _SellerComposer
    yaml.kbgen_file = name
    yaml.kbgen_problems = problems
    yaml.kbgen_nodes = 0
    # What ruamel.yaml's own load() sets up first; its scanner records a `%YAML` directive there.
    yaml.doc_infos.append(DocInfo(requested_version=None))
    parser = None
    try:
        _, parser = yaml.get_constructor_parser(text)
        return yaml.composer.compose_file()
    except _StopReading as stop:
        mark = stop.args[0]
        if mark is not None:
            problems.append(
                Problem(Position.from_mark(name, mark), Message("file.stopped", n=len(problems)))
            )
    except MarkedYAMLError as error:
        problems.append(_syntax_problem(name, text, error))
    except ReaderError as error:  # a character YAML does not allow; found above already, kept as a safety net
        problems.append(Problem(position_at_offset(name, text, error.position or 0), Message("yaml.syntax", detail=str(error.reason), hint="")))
    except YAMLError as error:
        problems.append(Problem(Position(name), Message("yaml.syntax", detail=str(error), hint="")))
    except RecursionError:
        problems.append(Problem(Position(name), Message("yaml.too_deep", maximum=MAX_DEPTH)))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        # ruamel.yaml answers some malformed input with a plain Python error (a `%YAML` directive
        # once raised IndexError): a problem for the seller, and a note for whoever reads the bug report.
        problems.append(Problem(Position(name), Message("yaml.syntax", detail=f"{type(error).__name__}: {error}", hint="")))
    finally:
        if parser is not None:
            parser.dispose()
    return None


def _syntax_problem(name: str, text: str, error: MarkedYAMLError) -> Problem:
    """A YAML syntax error, at the place the seller has to look, with a hint in the seller's terms."""
    mark = error.problem_mark or error.context_mark
    # The YAML reader's own words (English, from ruamel.yaml) say what it saw; kbgen's hint says what to do.
    detail: str | Message = error.problem or error.context or "not valid YAML"
    if error.context and error.problem:
        detail = f"{error.problem} ({error.context})"
    if error.context_mark is not None and "end of stream" in (error.problem or "") and "quoted" in (error.context or ""):
        # The scanner notices an unclosed quote at the end of the file; the seller must look where it opened.
        return Problem(Position.from_mark(name, error.context_mark), Message("yaml.unclosed_quote"))
    if error.context_mark is not None and "stream end" in (error.problem or "").replace("end of stream", "stream end"):
        # Something opened (a [ or a {) is still open at the end of the file: look where it opened.
        mark = error.context_mark
        opened = {"while parsing a flow sequence": "yaml.unclosed_list", "while parsing a flow mapping": "yaml.unclosed_mapping"}
        detail = Message(opened.get(error.context or "", "yaml.unclosed"))
    position = Position.from_mark(name, mark) if mark else Position(name)
    lines = text.splitlines()
    hint: Message | str = ""
    for candidate in (mark, error.context_mark):
        if candidate is not None and 0 <= candidate.line < len(lines):
            hint = _syntax_hint(lines[candidate.line])
            if hint:
                break
    return Problem(position, Message("yaml.syntax", detail=detail, hint=hint))


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?):\s+(.+)$")


def _syntax_hint(line: str) -> Message | str:
    """What probably went wrong on `line`, in words a seller knows; empty when nothing obvious."""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return Message("yaml.hint.tab")
    match = _KEY_VALUE.match(line)
    if not match:
        return ""
    key, value = match.group(1).strip(), match.group(2)
    quote_it = Message("yaml.hint.quote_it", key=key)
    first = value[0]
    if first in _OPENERS:
        meaning, closer = _OPENERS[first]
        return Message("yaml.hint.opener", first=first, meaning=Message(meaning), closer=closer, quote_it=quote_it)
    if first in _LEADING_INDICATORS:
        return Message("yaml.hint.indicator", first=first, meaning=Message(_LEADING_INDICATORS[first]), quote_it=quote_it)
    if first in "-?" and value[1:2] in ("", " "):
        return Message("yaml.hint.dash", first=first, quote_it=quote_it)
    if first in "\"'" and value.rstrip()[-1] != first:
        return Message("yaml.hint.quote_unclosed", quote_it=quote_it)
    if ": " in value or value.rstrip().endswith(":"):
        return Message("yaml.hint.colon", quote_it=quote_it)
    return ""


def position_at_offset(name: str, text: str, offset: int) -> Position:
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
                        Problem(Position.from_mark(name, key.start_mark), Message("yaml.key_not_text"))
                    )
                    continue
                if key.value == "<<" and key.style is None:
                    problems.append(
                        Problem(Position.from_mark(name, key.start_mark), Message("yaml.merge_key"))
                    )
                first = seen.get(key.value)
                if first is not None:
                    problems.append(
                        Problem(
                            Position.from_mark(name, key.start_mark),
                            Message("yaml.duplicate_key", key=key.value, line=first.start_mark.line + 1),
                        )
                    )
                else:
                    seen[key.value] = key
