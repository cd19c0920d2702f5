"""Typed options: each knows how to read one value from a YAML node, and how to describe itself.

The records in `records.py` are declared with these options, once. From that one
declaration come the values the generator uses, every validation message the
seller sees, the JSON Schema editors use (`schema.py`) and the field table of
the docs. There is no second, hand-written copy of the format to drift.

An option's `read` never raises for bad input: it reports a `Problem` at the
node's position through the `ReadContext` and returns `INVALID`, so that one run
reports every mistake in every file.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..languages import ADDED_LANGUAGE_CODE, BUILT_IN_LANGUAGES
from ..messages import Message
from ..problems import Position, Problem
from . import markdown_rules
from .values import Duration, Keywords, Markdown, Ref, Text


class _Invalid:
    """The value of an option that could not be read (its problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"

    def __reduce__(self) -> str:
        return "INVALID"  # unpickled as this module's one INVALID, which the readers test with `is`

    def __bool__(self) -> bool:
        return False


INVALID = _Invalid()

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A plain Text is a name, a title, a question or a list item. It becomes a heading or a line of the
# Markdown MkDocs converts, whose time grows faster than a line's length: a bound keeps a build linear.
MAX_TEXT_LENGTH = 1000
_ID = re.compile(ID_PATTERN)
# In the JSON Schema: kbgen's languages (which editors offer), or one a shop adds in its locales/
# (kbgen checks that against the folder; a schema cannot).
LANGUAGE_CODE_SCHEMA = {
    "anyOf": [{"enum": list(BUILT_IN_LANGUAGES)}, {"type": "string", "pattern": f"^{ADDED_LANGUAGE_CODE.pattern}$"}]
}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class ReadContext:
    """What an option needs while reading one file: where it is, the site's languages, the problem list."""

    file: str
    problems: list[Problem]
    languages: list[str] | None = None  # None while site.yml's own list is unknown or broken
    source_lines: list[str] = field(default_factory=list)
    # Each file's own; validate.py gathers every file's for the cross-file checks, so that they see
    # the ids and references of every item that was read, even in a file that has other problems.
    references: list[Ref] = field(default_factory=list)
    defined_ids: dict[str, list[tuple[str, Position]]] = field(default_factory=dict)
    # The codes site.yml may declare: kbgen's languages and those the shop adds (interface_text.ShopLocales).
    known_languages: list[str] = field(default_factory=lambda: list(BUILT_IN_LANGUAGES))
    # The key each value of a record was written under (by the value node's identity), so that a
    # problem with a whole value can point at its key's line (`Record.read` fills it).
    keys_of_values: dict[int, Node] = field(default_factory=dict)

    def key_of(self, value: Node) -> Node | None:
        """The key node `value` was written under in a record, if it was."""
        return self.keys_of_values.get(id(value))

    @property
    def default_language(self) -> str | None:
        return self.languages[0] if self.languages else None

    def position(self, node: Node) -> Position:
        return Position.from_mark(self.file, node.start_mark)

    def report(self, node: Node, message: Message) -> _Invalid:
        self.problems.append(Problem(self.position(node), message))
        return INVALID

    def report_at(self, position: Position, message: Message) -> _Invalid:
        self.problems.append(Problem(position, message))
        return INVALID

    def line_span(self, first: Node, last: Node) -> tuple[int, int]:
        """The 1-based lines from `first`'s start to `last`'s end, without the blank lines a block keeps."""
        start = first.start_mark.line + 1
        end = last.end_mark.line + (1 if last.end_mark.column > 0 else 0)
        while end > start and end <= len(self.source_lines) and not self.source_lines[end - 1].strip():
            end -= 1
        return start, max(start, end)

    def offset_position(self, node: ScalarNode, offset: int) -> Position:
        """The position of character `offset` of a scalar's value, where the source lets us know it.

        Plain and quoted one-line scalars and literal blocks (`|`) map exactly;
        folded text falls back to the start of the value.
        """
        value = node.value
        start = node.start_mark
        if node.style in (None, "'", '"') and "\n" not in value[:offset] and start.line == node.end_mark.line:
            quote = 0 if node.style is None else 1
            return Position(self.file, start.line + 1, start.column + 1 + quote + offset)
        if node.style == "|":
            line_index = value.count("\n", 0, offset)
            line_number = start.line + 1 + line_index  # the content starts on the line after `|`
            if line_number < len(self.source_lines):
                source_line = self.source_lines[line_number]
                indent = len(source_line) - len(source_line.lstrip(" "))
                column_in_value = offset - (value.rfind("\n", 0, offset) + 1)
                return Position(self.file, line_number + 1, indent + column_in_value + 1)
        return self.position(node)


def describe(node: Node) -> Message:
    """How a node reads to a seller, for 'expected X, got Y' messages."""
    if isinstance(node, MappingNode):
        return Message("got.mapping")
    if isinstance(node, SequenceNode):
        return Message("got.list")
    if node.style is None and node.value in _NULLS:
        return Message("got.nothing")
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return Message("got.value", value=shown)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in _NULLS


def did_you_mean(word: str, choices) -> Message | str:
    """" (did you mean 'ja'?)" for the closest of `choices`, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return Message("hint.did_you_mean", suggestion=close[0]) if close else ""


# Codes sellers write for a language that are a country's, or another standard's, not the language's own.
_LANGUAGE_ALIASES = {
    "jp": "ja", "jpn": "ja", "kr": "ko", "kor": "ko", "cn": "zh-Hans", "zh": "zh-Hans", "chs": "zh-Hans",
    "tw": "zh-Hant", "hk": "zh-Hant", "cht": "zh-Hant", "ua": "uk", "ukr": "uk", "rus": "ru", "eng": "en",
    "us": "en", "gb": "en", "ge": "de", "deu": "de", "ger": "de", "sp": "es", "esp": "es",
    "fra": "fr", "fre": "fr", "cz": "cs", "dk": "da", "se": "sv", "gr": "el", "vn": "vi", "il": "he",
    "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-my": "zh-Hans", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
}


def closest_language(code: str, known) -> str | None:
    """The language code a seller most likely meant by `code`: `jp` -> ja, `zh-CN` -> zh-Hans,
    `ZH_hans` -> zh-Hans, `en-US` -> en, `ur` -> ru (one letter off, or two swapped); None when nothing is close."""
    known = list(known)
    by_lower = {language.lower(): language for language in known}
    written = code.strip().replace("_", "-").lower()
    primary = written.split("-")[0]
    for candidate in (written, _LANGUAGE_ALIASES.get(written, ""), primary, _LANGUAGE_ALIASES.get(primary, "")):
        match = by_lower.get(candidate.lower())
        if match and match != code:
            return match
    near = [language for language in known if _one_edit_apart(written, language.lower())]
    return near[0] if near else None


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one letter changed, added or removed, or two neighbours swapped, make `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                     and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def language_hint(code: str, known) -> Message | str:
    """" (did you mean 'ja'?)" for a mistyped language code, or nothing when none is close."""
    close = closest_language(code, known)
    return Message("hint.did_you_mean", suggestion=close) if close else ""


class Option:
    """One field of a record: how to read it, whether it is required, who may see it."""

    label: ClassVar[str] = "value"  # the type's name in the docs' field table

    def __init__(self, description: str = "", *, required: bool = True, agents_only: bool = False, key: str | None = None):
        self.description = description
        self.required = required
        self.agents_only = agents_only
        self.key = key  # the YAML key, when it differs from the attribute name (`if`)
        self.name = ""  # set by Record.__init_subclass__

    def read(self, node: Node, ctx: ReadContext) -> Any:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def type_label(self) -> str:
        return self.label

    @property
    def field(self) -> str:
        """The field's name as the seller writes its key, for messages."""
        return self.key or self.name or "-"

    def _scalar(self, node: Node, ctx: ReadContext, expected: Message) -> str | _Invalid:
        """The text of a scalar node, or a problem: 'question: expected text, got a list'."""
        if not isinstance(node, ScalarNode) or is_null(node):
            return ctx.report(node, Message("value.expected", field=self.field, expected=expected, got=describe(node)))
        if not node.value.strip():
            return ctx.report(node, Message("value.expected", field=self.field, expected=expected, got=Message("got.empty")))
        unreadable = _NOT_TEXT.search(node.value)
        if unreadable:
            return ctx.report_at(ctx.offset_position(node, unreadable.start()),
                                 Message("text.not_text", field=self.field, code=f"U+{ord(unreadable.group()):04X}"))
        return node.value


# What `_scalar` expects, made once: read for every scalar of a source (half a million at 10,000 entries).
_EXPECTED_TEXT = Message("expect.text")
_EXPECTED_ID = Message("expect.id")
_EXPECTED_DURATION = Message("expect.duration")
_EXPECTED_DATE = Message("expect.date")
_EXPECTED_LANGUAGE = Message("expect.language")
_EXPECTED_WORD = Message("expect.word")

# What a page cannot show: control codes (but tab and line breaks), which YAML's "\0", "\x01" escapes write,
# and half of a character ("\uD83D" without its other half), which no page can even be written with.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# What `kbgen new` writes into every text it scaffolds (generator/scaffold.py): "TODO: <what the field
# holds>". A line still starting with it was never written by the seller and must not be published,
# wherever in the text it was left (a real first paragraph written above it, say) and however retyped
# ("todo:", "TODO:the answer").
PLACEHOLDER_PREFIX = "TODO: "
# Also in Markdown's line markup (a list item, a quote, a heading, emphasis: "- TODO:", "## TODO:",
# "**TODO**:") and as a Chinese or Japanese keyboard types it (ＴＯＤＯ, a full-width colon).
PLACEHOLDER_LINE = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d+[.)]|>|#{1,6})[ \t]+|>)*[*_]{0,2}(todo|ｔｏｄｏ)[*_]{0,2}[ \t]*[:：]", re.IGNORECASE | re.MULTILINE
)
PLACEHOLDER_PROBLEM = "text.placeholder"  # the id of its message


def placeholder_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of `text` holding `kbgen new`'s "TODO: ..." placeholder: where its TODO starts, and the line
    from there (at most 60 characters), as a problem quotes it. For YAML texts and docs/ pages alike."""
    for found in PLACEHOLDER_LINE.finditer(text):
        yield found.start(1), text[found.start(1):].strip().splitlines()[0][:60]


def check_placeholder(option: "Option", node: Node, string: str, ctx: "ReadContext") -> None:
    """Report a text holding a line of `kbgen new`'s "TODO: ..." placeholder, at its first, naming its field."""
    first = next(placeholder_lines(string), None)
    if first is not None:
        offset, quoted = first
        ctx.report_at(ctx.offset_position(node, offset), Message(PLACEHOLDER_PROBLEM, field=option.field, value=quoted))


class TextOption(Option):
    """A Text: a plain string in the default language, or a mapping language -> string."""

    label = "Text"
    value_type = Text

    def read(self, node: Node, ctx: ReadContext) -> Text | _Invalid:
        if isinstance(node, ScalarNode) and not is_null(node):
            if ctx.default_language is None:
                return INVALID  # the languages are broken and reported already
            string = self._string(node, ctx)
            if string is INVALID:
                return INVALID
            return self.value_type(
                {ctx.default_language: string}, ctx.position(node), {ctx.default_language: ctx.line_span(node, node)}
            )
        if not isinstance(node, MappingNode):
            return ctx.report(node, Message("text.expected", field=self.field, got=describe(node)))
        strings: dict[str, str] = {}
        lines: dict[str, tuple[int, int]] = {}
        ok = True
        for key_node, value_node in node.value:
            code = key_node.value
            if not _check_language_key(key_node, value_node, node, ctx, self.field):
                ok = False
                continue
            string = self._string(value_node, ctx)
            if string is INVALID:
                ok = False
                continue
            strings[code] = string
            lines[code] = ctx.line_span(key_node, value_node)
        if not ok:
            return INVALID
        default = ctx.default_language
        if default is None:
            return INVALID
        if default not in strings:
            # At the field's key (`question:`), not at the first language written under it (`ja:`).
            at = ctx.key_of(node) or node
            return ctx.report(at, Message("text.default_missing", field=self.field, language=default))
        return self.value_type(strings, ctx.position(node), lines)

    def _string(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        string = self._scalar(node, ctx, _EXPECTED_TEXT)
        if string is not INVALID:
            check_placeholder(self, node, string, ctx)
        if string is not INVALID and len(string) > MAX_TEXT_LENGTH:
            return ctx.report(node, Message("text.too_long", field=self.field, length=f"{len(string):,}", maximum=f"{MAX_TEXT_LENGTH:,}"))
        return string

    def schema(self) -> dict:
        return {"$ref": f"#/$defs/{self.label}"}


def _check_language_key(key_node: ScalarNode, value_node: Node, mapping: MappingNode, ctx: ReadContext, field: str) -> bool:
    code = key_node.value
    if code not in ctx.known_languages:
        hint = language_hint(code, ctx.known_languages)
        if mapping.flow_style and is_null(value_node):
            hint = Message("hint.comma_in_flow")
        ctx.report(key_node, Message("language.unknown_in_text", field=field, code=code, hint=hint,
                                     known=ctx.languages or ctx.known_languages))
        return False
    if ctx.languages is not None and code not in ctx.languages:
        ctx.report(key_node, Message("language.not_declared", field=field, code=code, declared=ctx.languages,
                                     hint=language_hint(code, ctx.languages)))
        return False
    return True


class MarkdownOption(TextOption):
    """A Text whose strings are Markdown: no raw HTML, links only to http(s), mailto and tel."""

    label = "Markdown"
    value_type = Markdown

    def _string(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        string = self._scalar(node, ctx, _EXPECTED_TEXT)  # any length: Markdown is converted in linear time
        if string is INVALID:
            return INVALID
        check_placeholder(self, node, string, ctx)
        findings = markdown_rules.find_problems(string)
        for offset, message in findings:
            ctx.report_at(ctx.offset_position(node, offset), Message("field.problem", field=self.field, problem=message))
        return INVALID if findings else string


class PlainTextOption(Option):
    """A single string that is the same in every language (an address, a URL)."""

    label = "string"

    def __init__(self, description: str = "", *, pattern: str | None = None, pattern_hint: str = "",  # the id of the message saying what a value must look like
                 max_length: int | None = None, **kwargs):
        super().__init__(description, **kwargs)
        self.pattern = pattern
        self.pattern_hint = pattern_hint
        self.max_length = max_length

    def read(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        value = self._scalar(node, ctx, _EXPECTED_TEXT)
        if value is INVALID:
            return INVALID
        if self.max_length is not None and len(value) > self.max_length:
            return ctx.report(node, Message("plain.too_long", field=self.field, length=f"{len(value):,}", maximum=f"{self.max_length:,}"))
        check_placeholder(self, node, value, ctx)
        if self.pattern and not re.fullmatch(self.pattern, value):
            return ctx.report(node, Message("plain.pattern", field=self.field, value=value, expected=Message(self.pattern_hint)))
        return value

    def schema(self) -> dict:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.pattern:
            # JSON Schema patterns search anywhere in the string; `read` matches the whole value.
            schema["pattern"] = f"^(?:{self.pattern})$"
        return schema


class IdOption(Option):
    """An Id: lowercase kebab-case."""

    label = "Id"

    def read(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        value = self._scalar(node, ctx, _EXPECTED_ID)
        if value is INVALID:
            return INVALID
        if not _ID.fullmatch(value):
            return ctx.report(node, Message("id.invalid", field=self.field, value=value))
        return value

    def schema(self) -> dict:
        return {"$ref": "#/$defs/Id"}


class RefOption(IdOption):
    """The id of another item: a FAQ entry, a warranty policy, a step of the same procedure.

    Reading checks the spelling only; `validate.py` checks that the id exists,
    once every file is read.
    """

    def __init__(self, target: str, description: str = "", **kwargs):
        super().__init__(description, **kwargs)
        self.target = target
        self.label = f"Id of a {target}"

    def read(self, node: Node, ctx: ReadContext) -> Ref | _Invalid:
        value = super().read(node, ctx)
        if value is INVALID:
            return INVALID
        ref = Ref(value, self.target, ctx.position(node))
        ctx.references.append(ref)
        return ref


class DurationOption(Option):
    """A Duration such as `30m`, `2h`, `7d`."""

    label = "Duration"

    def read(self, node: Node, ctx: ReadContext) -> Duration | _Invalid:
        value = self._scalar(node, ctx, _EXPECTED_DURATION)
        if value is INVALID:
            return INVALID
        duration = Duration.parse(value)
        if duration is None:
            return ctx.report(node, Message("duration.invalid", field=self.field, value=value))
        return duration

    def schema(self) -> dict:
        return {"$ref": "#/$defs/Duration"}


class DateOption(Option):
    """A Date, ISO `YYYY-MM-DD` (quoted or not)."""

    label = "Date"

    def read(self, node: Node, ctx: ReadContext) -> datetime.date | _Invalid:
        value = self._scalar(node, ctx, _EXPECTED_DATE)
        if value is INVALID:
            return INVALID
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return ctx.report(node, Message("date.format", field=self.field, value=value))
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return ctx.report(node, Message("date.not_real", field=self.field, value=value))

    def schema(self) -> dict:
        return {"$ref": "#/$defs/Date"}


class IntegerOption(Option):
    """A whole number written as a number (not quoted), within bounds."""

    def __init__(self, description: str = "", *, minimum: int, maximum: int, **kwargs):
        super().__init__(description, **kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def type_label(self) -> str:
        return f"integer {self.minimum}..{self.maximum}"

    def read(self, node: Node, ctx: ReadContext) -> int | _Invalid:
        expected = Message("expect.integer", minimum=self.minimum, maximum=self.maximum)
        if not isinstance(node, ScalarNode) or node.style is not None or not re.fullmatch(r"[0-9]+", node.value):
            return ctx.report(node, Message("value.expected", field=self.field, expected=expected, got=describe(node)))
        digits = node.value.lstrip("0") or "0"
        # Compared as digits first: Python refuses to convert a string of thousands of digits.
        if len(digits) > len(str(self.maximum)) or not self.minimum <= int(digits) <= self.maximum:
            shown = digits if len(digits) <= 12 else digits[:12] + "..."
            return ctx.report(node, Message("integer.out_of_range", field=self.field, value=shown, expected=expected))
        return int(digits)

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class AmountOption(Option):
    """A price amount: a number (not quoted), zero or more, at most two decimals."""

    label = "number"

    def read(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        if not isinstance(node, ScalarNode) or node.style is not None or not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", node.value):
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.amount"), got=describe(node)))
        return node.value  # kept as written: the page shows what the seller wrote

    def schema(self) -> dict:
        # No `multipleOf: 0.01`: validators test it in floating point and reject 19.9 and 0.07.
        return {"type": "number", "minimum": 0}


class ChoiceOption(Option):
    """One word of a fixed set."""

    def __init__(self, choices: tuple[str, ...], description: str = "", **kwargs):
        super().__init__(description, **kwargs)
        self.choices = choices

    def type_label(self) -> str:
        return "one of " + ", ".join(f"`{c}`" for c in self.choices)

    def read(self, node: Node, ctx: ReadContext) -> str | _Invalid:
        value = self._scalar(node, ctx, Message("expect.choice", choices=self.choices))
        if value is INVALID:
            return INVALID
        if value not in self.choices:
            return ctx.report(node, Message("choice.invalid", field=self.field, value=value, choices=self.choices,
                                            hint=did_you_mean(value, self.choices)))
        return value

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}


class LanguageListOption(Option):
    """The site's languages: BCP 47 codes kbgen ships or the shop adds, no repeats; the first is the default."""

    label = "list of language codes"

    def read(self, node: Node, ctx: ReadContext) -> list[str] | _Invalid:
        if not isinstance(node, SequenceNode) or not node.value:
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.languages"), got=describe(node)))
        codes: list[str] = []
        ok = True
        for item in node.value:
            code = self._scalar(item, ctx, _EXPECTED_LANGUAGE)
            if code is INVALID:
                ok = False
            elif code not in ctx.known_languages:
                ctx.report(item, Message("language.unknown", field=self.field, code=code,
                                         hint=language_hint(code, ctx.known_languages), known=ctx.known_languages))
                ok = False
            elif code in codes:
                ctx.report(item, Message("language.twice", field=self.field, code=code))
                ok = False
            else:
                codes.append(code)
        return codes if ok else INVALID

    def schema(self) -> dict:
        return {"type": "array", "minItems": 1, "uniqueItems": True, "items": LANGUAGE_CODE_SCHEMA}


class FallbackOption(Option):
    """Per language, the languages a missing text is looked for in, in order, before the default (v1.1).

    Read after `languages` (site.yml's `read` finds that list first): every code must be one of the
    site's languages; the default language neither falls back nor is listed (it ends every chain
    anyway); a language never falls back to itself nor lists one language twice.
    """

    label = "mapping language -> list of languages"

    def read(self, node: Node, ctx: ReadContext) -> dict[str, tuple[str, ...]] | _Invalid:
        if not isinstance(node, MappingNode):
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.fallback"), got=describe(node)))
        declared = ctx.languages
        if not declared:
            return INVALID  # the languages are broken and reported already
        default = declared[0]
        order: dict[str, tuple[str, ...]] = {}
        ok = True

        def declared_code(code_node: Node) -> str | None:
            code = self._scalar(code_node, ctx, _EXPECTED_LANGUAGE)
            if code is INVALID:
                return None
            if code not in declared:
                ctx.report(code_node, Message("fallback.not_declared", field=self.field, code=code,
                                              hint=language_hint(code, declared), declared=declared))
                return None
            return code

        for key_node, value_node in node.value:
            language = declared_code(key_node)
            if language is None:
                ok = False
                continue
            if language == default:
                ctx.report(key_node, Message("fallback.default_falls_back", field=self.field, code=language))
                ok = False
                continue
            if not isinstance(value_node, SequenceNode):
                ctx.report(value_node, Message("fallback.expected_list", field=self.field, code=language, got=describe(value_node)))
                ok = False
                continue
            chain: list[str] = []
            for item in value_node.value:
                code = declared_code(item)
                if code is None:
                    ok = False
                elif code == language:
                    ctx.report(item, Message("fallback.itself", field=self.field, code=language))
                    ok = False
                elif code == default:
                    ctx.report(item, Message("fallback.default_listed", field=self.field, code=code))
                    ok = False
                elif code in chain:
                    ctx.report(item, Message("fallback.twice", field=self.field, code=code, language=language))
                    ok = False
                else:
                    chain.append(code)
            order[language] = tuple(chain)
        return order if ok else INVALID

    def schema(self) -> dict:
        return {
            "type": "object",
            "propertyNames": LANGUAGE_CODE_SCHEMA,
            "additionalProperties": {"type": "array", "uniqueItems": True, "items": LANGUAGE_CODE_SCHEMA},
        }


class KeywordsOption(Option):
    """Extra search words: a mapping language -> list of words (a plain list means the default language)."""

    label = "Keywords"

    def read(self, node: Node, ctx: ReadContext) -> Keywords | _Invalid:
        if isinstance(node, SequenceNode):
            words = self._words(node, ctx)
            if words is INVALID or ctx.default_language is None:
                return INVALID
            return Keywords({ctx.default_language: words})
        if not isinstance(node, MappingNode):
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.keywords"), got=describe(node)))
        by_language: dict[str, list[str]] = {}
        ok = True
        for key_node, value_node in node.value:
            if not _check_language_key(key_node, value_node, node, ctx, self.field):
                ok = False
                continue
            words = self._words(value_node, ctx)
            if words is INVALID:
                ok = False
            else:
                by_language[key_node.value] = words
        return Keywords(by_language) if ok else INVALID

    def _words(self, node: Node, ctx: ReadContext) -> list[str] | _Invalid:
        if not isinstance(node, SequenceNode):
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.words"), got=describe(node)))
        words = [self._scalar(item, ctx, _EXPECTED_WORD) for item in node.value]
        for item, word in zip(node.value, words):
            if word is not INVALID:
                check_placeholder(self, item, word, ctx)
        return INVALID if any(w is INVALID for w in words) else words

    def schema(self) -> dict:
        return {"$ref": "#/$defs/Keywords"}


class ListOption(Option):
    """A list whose items are all read by one option."""

    def __init__(self, item: Option, description: str = "", *, min_items: int = 0, **kwargs):
        super().__init__(description, **kwargs)
        self.item = item
        self.min_items = min_items

    def type_label(self) -> str:
        return f"list of {self.item.type_label()}"

    def read(self, node: Node, ctx: ReadContext) -> list | _Invalid:
        if not isinstance(node, SequenceNode):
            return ctx.report(node, Message("value.expected", field=self.field, expected=Message("expect.list"), got=describe(node)))
        if len(node.value) < self.min_items:
            return ctx.report(node, Message("list.too_short", field=self.field, n=self.min_items, count=len(node.value)))
        items = [self.item.read(item, ctx) for item in node.value]
        return INVALID if any(i is INVALID for i in items) else items

    def schema(self) -> dict:
        schema = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


class RecordOption(Option):
    """A nested record (a mapping of its own options)."""

    def __init__(self, record: type["Record"], description: str = "", **kwargs):
        super().__init__(description, **kwargs)
        self.record = record

    def type_label(self) -> str:
        return self.record.__name__

    def read(self, node: Node, ctx: ReadContext):
        return self.record.read(node, ctx)

    def schema(self) -> dict:
        return {"$ref": f"#/$defs/{self.record.__name__}"}


class Record:
    """A mapping with declared options; subclasses declare them as class attributes, in file order.

    `read` reports unknown keys (with a "did you mean"), missing required keys and
    every option's own problems, then runs the record's `check` for rules that
    span several of its fields.
    """

    options: ClassVar[dict[str, Option]] = {}
    # The kind of item whose id this record defines, for references from other files ("FAQ entry").
    defines: ClassVar[str | None] = None
    position: Position

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.options = {}
        for name, value in list(vars(cls).items()):
            if isinstance(value, Option):
                value.name = name
                cls.options[value.key or name] = value
                # A list's items are named after the list in messages ("covers still holds ...").
                item = getattr(value, "item", None)
                if isinstance(item, (TextOption, PlainTextOption)) and not item.name:
                    item.name = name

    @classmethod
    def noun(cls) -> Message:
        """What the seller calls this record in messages ("a FAQ entry"): `record.<class name>` in the catalogs."""
        return Message(f"record.{cls.__name__}")

    @classmethod
    def read(cls, node: Node, ctx: ReadContext):
        noun = cls.noun()
        if not isinstance(node, MappingNode):
            keys = [key for key, option in cls.options.items() if option.required] or list(cls.options)
            return ctx.report(node, Message("record.expected_mapping", record=noun, keys=keys, got=describe(node)))
        record = cls.__new__(cls)
        record.position = ctx.position(node)
        record.key_positions = {}
        given = {key.value: (key, value) for key, value in node.value}
        ok = True
        for key, (key_node, _) in given.items():
            if key not in cls.options:
                ctx.report(key_node, Message("record.unknown_key", key=key, hint=did_you_mean(key, cls.options),
                                             record=noun, keys=list(cls.options)))
                ok = False
        for key, option in cls.options.items():
            if key not in given:
                if option.required:
                    ctx.report(node, Message("record.missing_key", key=key, record=noun))
                    ok = False
                setattr(record, option.name, None)
                continue
            key_node, value_node = given[key]
            record.key_positions[option.name] = ctx.position(key_node)
            ctx.keys_of_values[id(value_node)] = key_node
            if is_null(value_node) and (value_node.value == "" or not option.required):
                # An optional key too: the schema editors check with has no null, and `buy_within_days:`
                # left empty is more likely a number forgotten than "no window". An empty value has no
                # position of its own (YAML puts it where the next key starts): point at the key.
                ctx.report(key_node, Message("record.no_value", key=key, hint=_comment_hint(key_node, ctx)))
                ok = False
                setattr(record, option.name, INVALID)
                continue
            value = option.read(value_node, ctx)
            if value is INVALID:
                ok = False
            setattr(record, option.name, value)
            if option.name == "id" and cls.defines and value is not INVALID:
                ctx.defined_ids.setdefault(cls.defines, []).append((value, ctx.position(value_node)))
        if not ok:
            return INVALID
        record.check(ctx)
        return record

    def check(self, ctx: ReadContext) -> None:
        """Rules that span several fields of this record; report through ctx."""

    def __repr__(self) -> str:
        fields = ", ".join(f"{option.name}={getattr(self, option.name, None)!r}" for option in self.options.values())
        return f"{type(self).__name__}({fields})"


def _comment_hint(key_node: Node, ctx: ReadContext) -> Message | str:
    """Why a value the seller did write may read as empty: ` #` starts a YAML comment."""
    line_index = key_node.start_mark.line
    if line_index < len(ctx.source_lines):
        after_key = ctx.source_lines[line_index][key_node.end_mark.column :]
        if re.match(r"\s*:\s+#", after_key):
            return Message("hint.comment")
    return ""


def check_unique_ids(records: list, what: str, ctx: ReadContext) -> None:
    """Report every record whose `id` repeats an earlier one in the same list (`what`: "category", "step"...)."""
    first: dict[str, Position] = {}
    for record in records:
        if record.id in first:
            ctx.report_at(record.key_positions.get("id", record.position),
                          Message("id.duplicate", value=record.id, item=Message(f"item.{what}"), line=first[record.id].line))
        else:
            first[record.id] = record.key_positions.get("id", record.position)
