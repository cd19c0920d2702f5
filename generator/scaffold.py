"""`kbgen new`: a new FAQ entry, warranty policy or procedure, written where the format puts it.

- `faq --category C --id X` appends an entry to `faq/C.yml` as text: what the
  file holds (comments, blank lines, the seller's own layout) stays byte for
  byte; only new lines are added at its end (or, in a new category file, after
  the editor's schema line). A category kept as a folder (`faq/C/*.yml`) gets the
  entry at the end of its last file in file-name order: the end of the category.
- `warranty --id X` and `procedure --id X` create `warranty/X.yml` and
  `handbook/X.yml` with the schema line for editors.

Every required key is written, with a placeholder "TODO: ..." string in the
default language. `kbgen new` accepts them (a seller may scaffold several items
before writing any), but `kbgen validate` and `kbgen build` report every text
still holding one, at FILE:LINE with its field, so that none is published. The placeholders come from the
model's declarations (`model/records.py`), so a new required field is
scaffolded the day it is declared.

Refused, with a message and nothing written: an id that is not kebab-case or is
taken, a category that `site.yml` does not declare, and a source that has
problems already (a new item must not be mixed into a broken source). After
writing, the source is validated again; should the result somehow not be
valid, the file is put back as it was.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.nodes import SequenceNode

from .load import load_source
from .messages import Message
from .model import FaqEntry, Procedure, Warranty
from .model.options import (
    ID_PATTERN,
    PLACEHOLDER_PREFIX,
    ChoiceOption,
    DateOption,
    DurationOption,
    IdOption,
    IntegerOption,
    KeywordsOption,
    ListOption,
    Option,
    Record,
    RecordOption,
    RefOption,
    TextOption,
    did_you_mean,
)
from .problems import Position
from .validate import validate_source

SCHEMA_LINE = "# yaml-language-server: $schema={up}../schemas/{kind}.schema.json"  # up: ../ per folder level
INDENT = "  "


class ScaffoldRefused(Exception):
    """Why `kbgen new` wrote nothing."""


@dataclass(frozen=True)
class Created:
    position: Position  # the new item's first line
    what: Message  # "FAQ entry", "warranty policy", "procedure"


def scaffold(source: Path, kind: str, item_id: str, *, category: str | None = None) -> Created:
    """Write a new item of `kind` ("faq", "warranty" or "procedure") with id `item_id` into `source`."""
    source = Path(source)
    if not re.fullmatch(ID_PATTERN, item_id or ""):
        raise ScaffoldRefused(Message("new.invalid_id", value=item_id or ""))
    kb, problems = validate_source(source, allow_placeholders=True)
    if problems:
        raise ScaffoldRefused(Message("new.source_has_problems", source=str(source), n=len(problems), first=problems[0]))
    default_language = kb.default_language
    if kind == "faq":
        return _new_faq_entry(source, kb, item_id, category, default_language)
    if category is not None:
        raise ScaffoldRefused(Message("new.category_not_for_kind", kind=kind))
    if kind == "warranty":
        return _new_file(source, "warranty", Warranty, item_id, default_language, "warranty policy", kb.warranties)
    if kind == "procedure":
        return _new_file(source, "handbook", Procedure, item_id, default_language, "procedure", kb.procedures)
    raise ScaffoldRefused(Message("new.unknown_kind", kind=kind))


# --- FAQ entries: appended to their category's file ---------------------------------------------


def _new_faq_entry(source: Path, kb, item_id: str, category: str | None, language: str) -> Created:
    category_ids = [c.id for c in kb.categories]
    if not category:
        raise ScaffoldRefused(Message("new.needs_category", categories=category_ids))
    if category not in category_ids:
        raise ScaffoldRefused(Message("new.category_not_declared", category=category, declared=category_ids,
                                      hint=did_you_mean(category, category_ids)))
    for category_id, entry in kb.entries():
        if entry.id == item_id:
            raise ScaffoldRefused(Message("new.entry_exists", id=item_id, file=kb.files[f"entry:{entry.id}"]))
    relative = _category_file(source, category)
    path = source / relative
    if not path.exists():
        text = f"{SCHEMA_LINE.format(kind='faq', up='../' * relative.count('/'))}\nentries:\n"
        first_line = text.count("\n") + 1
        text += _item_lines(FaqEntry, {"id": item_id}, language, INDENT)
        return _write_checked(source, path, None, text.encode("utf-8"), Created(Position(relative, first_line), Message("item.FAQ entry")))
    original = path.read_bytes()
    text, first_line = _appended_entry(source, relative, original.decode("utf-8-sig"), item_id, language)
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    return _write_checked(source, path, original, bom + text.encode("utf-8"), Created(Position(relative, first_line), Message("item.FAQ entry")))


def _category_file(source: Path, category: str) -> str:
    """The file a new entry of `category` goes to: `faq/C.yml`, or the last file of the folder `faq/C/`;
    a folder the seller made and left empty gets its first file, `faq/C/01-C.yml` (a `faq/C.yml` beside
    it would be the error "a category is a file or a folder" as soon as the folder gets a file)."""
    folder = source / "faq" / category
    if not folder.is_dir():
        return f"faq/{category}.yml"
    parts = sorted(path.name for path in folder.glob("*.yml"))
    return f"faq/{category}/{parts[-1] if parts else f'01-{category}.yml'}"


def _appended_entry(source: Path, relative: str, text: str, item_id: str, language: str) -> tuple[str, int]:
    """`text` with a new entry added at the end of its `entries` list, and the entry's first line."""
    root = next(f.root for f in load_source(source).files if f.path == relative)
    entries = next(value for key, value in root.value if key.value == "entries")
    newline = "\r\n" if "\r\n" in text else "\n"
    if isinstance(entries, SequenceNode) and entries.flow_style:
        if entries.value:
            raise ScaffoldRefused(Message("new.flow_list", file=relative))
        # `entries: []`: drop the brackets, so that block items can follow.
        start, end = entries.start_mark.index, entries.end_mark.index
        text = text[:start].rstrip(" ") + text[end:]
        dash_indent = INDENT
    elif isinstance(entries, SequenceNode) and entries.value:
        first = entries.value[0]
        line = text.splitlines()[first.start_mark.line]
        dash_indent = " " * max(line.rfind("-", 0, first.start_mark.column), 0)
    else:
        dash_indent = INDENT
    if text and not text.endswith(("\n", "\r")):
        text += newline
    first_line = len(text.splitlines()) + 1
    lines = _item_lines(FaqEntry, {"id": item_id}, language, dash_indent)
    return text + lines.replace("\n", newline), first_line


# --- warranty policies and procedures: one new file each ----------------------------------------


def _new_file(source: Path, folder: str, record: type[Record], item_id: str, language: str, what: str, existing) -> Created:
    relative = f"{folder}/{item_id}.yml"
    path = source / relative
    if item_id in existing or path.exists():
        raise ScaffoldRefused(Message("new.exists", what=Message(f"item.{what}"), id=item_id, file=relative))
    text = f"{SCHEMA_LINE.format(kind=folder, up='../')}\n" + _record_lines(record, {}, language, "")
    return _write_checked(source, path, None, text.encode("utf-8"), Created(Position(relative, 2), Message(f"item.{what}")))


# --- placeholders from the model ----------------------------------------------------------------


def _item_lines(record: type[Record], given: dict[str, str], language: str, dash_indent: str) -> str:
    """A record as a block list item: `- first: ...` then the other keys under it."""
    body = _record_lines(record, given, language, dash_indent + INDENT)
    return dash_indent + "- " + body[len(dash_indent) + len(INDENT):]


def _record_lines(record: type[Record], given: dict[str, str], language: str, indent: str) -> str:
    """Every required key of `record`, with a placeholder value (or the value in `given`)."""
    out = []
    for key, option in record.options.items():
        if not option.required:
            continue
        if key in given:
            out.append(f"{indent}{key}: {given[key]}\n")
        else:
            out.append(_option_lines(key, option, language, indent))
    return "".join(out)


def _todo(option: Option) -> str:
    description = option.description.rstrip(".") or option.name.replace("_", " ")
    return json.dumps(f"{PLACEHOLDER_PREFIX}{description}", ensure_ascii=False)  # a double-quoted YAML string


def _option_lines(key: str, option: Option, language: str, indent: str) -> str:
    if isinstance(option, TextOption):  # Markdown too
        return f"{indent}{key}:\n{indent}{INDENT}{language}: {_todo(option)}\n"
    if isinstance(option, ListOption):
        if option.min_items == 0:
            return f"{indent}{key}: []\n"
        item = option.item
        if isinstance(item, RecordOption):
            return f"{indent}{key}:\n" + _item_lines(item.record, _placeholder_ids(item.record), language, indent + INDENT)
        if isinstance(item, TextOption):
            todo = _todo(option)
            return f"{indent}{key}:\n{indent}{INDENT}- {language}: {todo}\n"
        return f"{indent}{key}: [{_scalar_placeholder(item)}]\n"
    if isinstance(option, RecordOption):
        return f"{indent}{key}:\n" + _record_lines(option.record, _placeholder_ids(option.record), language, indent + INDENT)
    return f"{indent}{key}: {_scalar_placeholder(option)}\n"


def _placeholder_ids(record: type[Record]) -> dict[str, str]:
    return {"id": "todo-first"} if "id" in record.options else {}


def _scalar_placeholder(option: Option) -> str:
    if isinstance(option, IntegerOption):
        number = 12 if option.minimum <= 12 <= option.maximum else option.minimum
        return f"{number}  # TODO: {option.type_label()}"
    if isinstance(option, ChoiceOption):
        return f"{option.choices[0]}  # TODO: one of {', '.join(option.choices)}"
    if isinstance(option, DurationOption):
        return "1d  # TODO: a duration such as 30m, 2h or 7d"
    if isinstance(option, DateOption):
        return datetime.date.today().isoformat()
    if isinstance(option, (IdOption, RefOption)):
        return "todo-first"
    if isinstance(option, KeywordsOption):
        return "[]"
    return _todo(option)


# --- writing ------------------------------------------------------------------------------------


def _write_checked(source: Path, path: Path, original: bytes | None, new: bytes, created: Created) -> Created:
    """Write `new` into `path`; if the source is not valid afterwards, restore `original` and refuse."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, new)
    _, problems = validate_source(source, allow_placeholders=True)
    if problems:
        if original is None:
            path.unlink()
        else:
            _replace(path, original)
        raise ScaffoldRefused(Message("new.would_be_invalid", problems="; ".join(str(p) for p in problems[:3])))
    return created


def _replace(path: Path, data: bytes) -> None:
    """Write through a temporary file, so that an interrupted write never leaves half a file."""
    temporary = path.with_name(f".{path.name}.kbgen-new")
    temporary.write_bytes(data)
    temporary.replace(path)
