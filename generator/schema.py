"""JSON Schemas and the field reference, both produced from the model's declarations.

Editors (through the `# yaml-language-server: $schema=...` line) and
`check-jsonschema` read the schemas; they parse YAML 1.2 and read `pattern` as
a JavaScript regular expression, so patterns here use only syntax both share.
"""

from __future__ import annotations

import json

from .interface_text import SHOP_FOLDER as SHOP_LOCALES_FOLDER
from .render.shared.html_templates import SHOP_FOLDER as SHOP_TEMPLATES_FOLDER
from .model import FILE_RECORDS
from .model.records import PageFrontMatter
from .model.options import ID_PATTERN, LANGUAGE_CODE_SCHEMA, MAX_TEXT_LENGTH, ListOption, Record, RecordOption

SCHEMA_KINDS = tuple(FILE_RECORDS)
SCHEMA_BASE_URL = "https://kbgen.invalid/schemas/"  # an id, never fetched

# Where text is expected, kbgen reads any scalar as the text written (`no`, `1.10`, `true`);
# editors parse YAML 1.2, where `1.10` and `true` are a number and a boolean: accept them too.
_TEXT_SCALAR = {"type": ["string", "number", "boolean"], "minLength": 1, "pattern": r"\S"}
_SHORT_TEXT_SCALAR = {**_TEXT_SCALAR, "maxLength": MAX_TEXT_LENGTH}

COMMON_DEFINITIONS = {
    "Text": {
        "description": "A plain string in the default language, or a mapping language code -> string; "
                       f"at most {MAX_TEXT_LENGTH:,} characters (longer text belongs in Markdown).",
        "oneOf": [
            _SHORT_TEXT_SCALAR,
            {"type": "object", "minProperties": 1, "propertyNames": LANGUAGE_CODE_SCHEMA, "additionalProperties": _SHORT_TEXT_SCALAR},
        ],
    },
    "Markdown": {
        "description": "A Text whose strings are Markdown; raw HTML is not allowed.",
        "oneOf": [
            _TEXT_SCALAR,
            {"type": "object", "minProperties": 1, "propertyNames": LANGUAGE_CODE_SCHEMA, "additionalProperties": _TEXT_SCALAR},
        ],
    },
    "Keywords": {
        "description": "Extra search words: a mapping language code -> list of words (a plain list: the default language).",
        "oneOf": [
            {"type": "array", "items": _TEXT_SCALAR},
            {"type": "object", "propertyNames": LANGUAGE_CODE_SCHEMA, "additionalProperties": {"type": "array", "items": _TEXT_SCALAR}},
        ],
    },
    # An unquoted `404` is the id "404" to kbgen and a number to a YAML 1.2 editor.
    "Id": {"type": ["string", "integer"], "minimum": 0, "pattern": ID_PATTERN, "description": "Lowercase letters, digits and single hyphens, e.g. track-parcel."},
    "Duration": {"type": "string", "pattern": "^[0-9]+[mhd]$", "description": "A whole number and a unit m, h or d: 30m, 2h, 7d."},
    "Date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date", "description": "An ISO date YYYY-MM-DD, e.g. 2026-10-01."},
}


def record_schema(record: type[Record]) -> dict:
    properties = {}
    for key, option in record.options.items():
        schema = dict(option.schema())
        description = option.description + (" Agents only." if option.agents_only else "")
        if description:
            schema["description"] = description.strip()
        properties[key] = schema
    return {
        "type": "object",
        "description": (record.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": [key for key, option in record.options.items() if option.required],
        "additionalProperties": False,
    }


def _nested_records(record: type[Record]) -> list[type[Record]]:
    found: list[type[Record]] = []
    stack = [record]
    while stack:
        current = stack.pop()
        for option in current.options.values():
            while isinstance(option, ListOption):
                option = option.item
            if isinstance(option, RecordOption) and option.record not in found:
                found.append(option.record)
                stack.append(option.record)
    return found


def json_schema(kind: str) -> dict:
    """The JSON Schema of one kind of source file: `site`, `faq`, `warranty` or `handbook`."""
    record = FILE_RECORDS[kind]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{kind}.schema.json",
        "title": f"kbgen {kind} file",
        **record_schema(record),
        "$defs": dict(COMMON_DEFINITIONS),
    }
    for nested in _nested_records(record):
        schema["$defs"][nested.__name__] = record_schema(nested)
    return schema


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def field_reference_markdown() -> str:
    """The field tables of every record, for CONTENT.md (a test keeps that file equal to this)."""
    lines = [
        "# Content format: field reference",
        "",
        "Generated from the model by `kbgen schema --reference` (`generator/model/records.py`); do not edit by hand.",
        "The contract itself, with examples, is the content-format document; additions to it are marked *(addition)*.",
        "",
        "## Value types",
        "",
        "| type | how it is written |",
        "| --- | --- |",
        *(f"| {name} | {definition['description']} |" for name, definition in COMMON_DEFINITIONS.items()),
        "",
        "Where text is expected, a value is the text exactly as written (an unquoted `no`, `1.10` or `2026-10-01`",
        "stays that text); where a number, a date or one of a set of words is expected, anything else is an error.",
        "Markdown may not hold raw HTML, attribute lists (`{: ...}`), or links other than http, https, mailto and tel.",
        "YAML anchors, aliases, tags and a second document (`---`) are errors. Run `kbgen validate` to check a source.",
        "",
    ]
    seen: list[type[Record]] = []
    # The YAML files' records, then the front matter of docs/ pages.
    for record in (*FILE_RECORDS.values(), PageFrontMatter):
        for current in [record, *_nested_records(record)]:
            if current in seen:
                continue
            seen.append(current)
            lines += [f"## {current.__name__}", "", (current.__doc__ or "").strip().splitlines()[0], ""]
            lines += ["| key | type | required | description |", "| --- | --- | --- | --- |"]
            for key, option in current.options.items():
                required = "yes" if option.required else "no"
                description = option.description.replace("(addition)", "*(addition)*")
                if option.agents_only:
                    description += " **Agents only.**"
                lines.append(f"| `{key}` | {option.type_label()} | {required} | {description} |")
            lines.append("")
    lines += _beside_the_source()
    return "\n".join(lines)


def _beside_the_source() -> list[str]:
    """The shop's files next to the source folder (not part of the YAML format, read by the build)."""
    return [
        "## Beside the source folder",
        "",
        "A shop's repository may hold, next to the source folder (for a checkout: `faq_source/` and these side by side):",
        "",
        "| folder | what it holds |",
        "| --- | --- |",
        "| `docs/<lang>/*.md` | Hand-written pages of the buyers' site; `docs/<lang>/intro.md` shows on the home page. |",
        f"| `{SHOP_LOCALES_FOLDER}/<lang>.yml` | The shop's own interface strings: any of kbgen's "
        "(`generator/locales/<lang>.yml`), in the same sections (`site`, `handbook`, `search`), only the keys it "
        "changes; a word that changes with a number is a mapping of CLDR plural categories "
        "(`one`, `few`, `many`, `other`...) to strings with `{n}`. `kbgen validate` and `kbgen build` report an unknown key or placeholder. "
        "**Adding a language** kbgen does not ship (`pl`, `vi`, `pt-BR`: a two-letter code CLDR knows, an optional "
        "script and region): its file holds every key of every section, and a section `language` with `name` "
        "(the language's own name, for the language switcher) and `locale` (the CLDR locale of its dates, prices "
        "and plural forms, e.g. `pl-PL`); the code may then be declared in site.yml `languages`. Each missing key is "
        "reported at its line. Search stems its words where kbgen has a stemmer for it (`generator/search/tokenize.py`), "
        "else indexes them as written; the "
        "theme's own few words (\"Back to top\") come from Material's closest language, or English. "
        "An example: `tests/kbs/pl-shop/locales/pl.yml`. |",
        f"| `{SHOP_TEMPLATES_FOLDER}/<audience>/<box>.html` | The shop's own versions of the HTML kbgen writes around "
        "seller content (Jinja2, autoescaped), like Material's `overrides/`: a file at the same path as kbgen's "
        "(`generator/render/<audience>/templates/`: `handbook/reply-box.html` replaces "
        "`generator/render/handbook/templates/reply-box.html`); each template lists its variables. |",
        "",
    ]
