"""Interface strings: one file per interface language, one reader for every audience.

The words around seller content ("Still need help?", "Reply to paste", "3 answers
found") are data, not code: `generator/locales/<lang>.yml` holds every string of
one interface language, in three sections, one per audience:

    site:       the buyers' site (pages, warranty checker, 404 page)
    handbook:   the agents' handbook (and its search box)
    search:     the buyers' search box and the shop-page widget

A value is a string with `{placeholders}`, or, for words that change with a
number, a mapping from CLDR plural category (`zero`, `one`, `two`, `few`, `many`,
`other`) to such a string with `{n}` in it: Russian writes `1 месяц`, `2 месяца`,
`5 месяцев`. A form missing for a category falls back to `other` (French `many`,
used for millions, is never spelled out).

Why YAML with CLDR categories, not Babel (gettext) catalogs: the browser picks
plural forms itself (the search box's "3 answers found"), with
`Intl.PluralRules`, which answers in CLDR categories; the same mapping travels to
the page as JSON unchanged, and Python picks the form through Babel's CLDR data
(`formatting.plural_category`), so both halves agree. Gettext catalogs number
their forms by a C expression of their own and need compiling; a YAML file is
read as it is, in the format sellers already write, and a shop's file of a few
lines overrides kbgen's one string by one.

A shop overrides any string with a file of its own: `locales/<lang>.yml` beside
its source folder (as `docs/` is: for a checkout, `faq_source/` and `locales/`
side by side), with the same sections and only the keys it changes, e.g.

    site:
      still_need_help: Не нашли ответ?

`read_shop_locales` checks those files (unknown keys, a plural where a string is
expected, a placeholder kbgen does not fill) and reports problems like the
sellers' YAML; `InterfaceText` lays them over kbgen's own. The built-in files are
read only for the languages a build uses, once per process.
"""

from __future__ import annotations

import functools
import os
import string
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .languages import SUPPORTED_LANGUAGES
from .problems import InvalidSource, Position, Problem
from .render.shared.formatting import plural_category

BUILT_IN_FOLDER = Path(__file__).with_name("locales")
SHOP_FOLDER = "locales"
AUDIENCES = ("site", "handbook", "search")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Plural = dict[str, str]
Strings = dict[str, dict[str, "str | Plural"]]  # audience -> key -> string or plural forms


def _yaml() -> YAML:
    # The pure-Python loader reads YAML 1.2 (an unquoted `no` stays text), as the sellers' files are read.
    return YAML(typ="safe", pure=True)


@functools.cache
def built_in_strings(language: str) -> Strings:
    """kbgen's own strings of `language` (`generator/locales/<language>.yml`)."""
    return _yaml().load((BUILT_IN_FOLDER / f"{language}.yml").read_text(encoding="utf-8"))


def built_in_languages() -> list[str]:
    """The interface languages kbgen ships a file for."""
    return sorted(path.stem for path in BUILT_IN_FOLDER.glob("*.yml"))


def shop_locales_folder_for(source: Path) -> Path:
    """Where a shop's own interface strings live: `locales/` beside the source folder."""
    return Path(source).absolute().parent / SHOP_FOLDER


class InterfaceText:
    """Every interface string of one build: kbgen's files, with the shop's overrides (`shop`) on top.

    `interface.site(language, key, **values)` is a string of the buyers' site, filled in;
    `handbook` and `search` read the other sections the same way.
    """

    def __init__(self, shop: dict[str, Strings] | None = None):
        self.shop = shop or {}
        self._strings: dict[str, Strings] = {}
        self.site = Section(self, "site")
        self.handbook = Section(self, "handbook")
        self.search = Section(self, "search")

    def strings(self, language: str) -> Strings:
        """Every string of `language`: kbgen's, then the shop's for the keys it sets (merged once)."""
        if language not in self._strings:
            own = built_in_strings(language)
            overrides = self.shop.get(language, {})
            self._strings[language] = {audience: {**own[audience], **overrides.get(audience, {})} for audience in AUDIENCES}
        return self._strings[language]


class Section:
    """The strings of one audience (a section of every language file)."""

    def __init__(self, interface: InterfaceText, name: str):
        self.interface = interface
        self.name = name

    def table(self, language: str) -> dict[str, str | Plural]:
        """Every string of this section in `language` (key -> string or plural forms), e.g. for a script."""
        return self.interface.strings(language)[self.name]

    def __call__(self, language: str, key: str, /, **values) -> str:
        """The string `key` in `language` with its `{placeholders}` filled; a plural key takes the form
        `language` uses for the number `n` (which `values` must hold)."""
        value = self.table(language)[key]
        if isinstance(value, dict):
            value = plural_form(value, language, int(values["n"]))
        return value.format(**values)

    def template(self, language: str, key: str) -> str:
        """The string `key` with its `{placeholders}` left in, for `render/shared/markup.fill_template` (HTML)."""
        value = self.table(language)[key]
        if not isinstance(value, str):
            raise TypeError(f"interface text {key!r} depends on a number: use it with n=")
        return value


def plural_form(forms: Plural, language: str, count: int) -> str:
    """The form of `forms` that `language` uses for `count`, its `{placeholders}` left in."""
    # CLDR has categories for very large numbers (French `many` for millions) that no file spells out;
    # Russian and Ukrainian files have no `other`, which whole numbers never need.
    return forms.get(plural_category(language, count)) or forms.get("other") or forms[next(reversed(forms))]


# --- a shop's own files ------------------------------------------------------------------------


def read_shop_locales(folder: Path, source: Path) -> dict[str, Strings]:
    """The shop's overrides (`locales/<lang>.yml`), checked; raises `InvalidSource` with every problem.

    No folder: no overrides. Positions are relative to the source folder
    (`../locales/ru.yml`), as for the sellers' other files.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    problems: list[Problem] = []
    found: dict[str, Strings] = {}
    for path in sorted(folder.iterdir()):
        at = Position(os.path.relpath(path, Path(source).absolute()))
        if path.suffix != ".yml" or not path.is_file():
            problems.append(Problem(at, f"{SHOP_FOLDER}/ holds one <language>.yml file per interface language"))
            continue
        language = path.stem
        if language not in SUPPORTED_LANGUAGES:
            problems.append(Problem(at, f"'{language}' is not a language kbgen supports ({', '.join(SUPPORTED_LANGUAGES)})"))
            continue
        try:
            data = _yaml().load(path.read_text(encoding="utf-8"))
        except (YAMLError, UnicodeDecodeError) as error:
            problems.append(Problem(at, f"not a readable YAML file: {str(error).splitlines()[0]}"))
            continue
        problems += [Problem(at, message) for message in _override_problems(data or {}, built_in_strings(language))]
        found[language] = data or {}
    if problems:
        raise InvalidSource(problems)
    return found


def _override_problems(data, own: Strings) -> list[str]:
    """What is wrong with one shop file, measured against kbgen's file of the same language."""
    if not isinstance(data, dict):
        return [f"expected the sections {', '.join(AUDIENCES)}, each a mapping of keys to strings"]
    problems = []
    for audience, strings in data.items():
        if audience not in AUDIENCES:
            problems.append(f"unknown section '{audience}': the sections are {', '.join(AUDIENCES)}")
            continue
        if not isinstance(strings, dict):
            problems.append(f"{audience}: expected a mapping of keys to strings")
            continue
        for key, value in strings.items():
            problem = _value_problem(value, own[audience].get(key)) if key in own[audience] else "no such string"
            if problem:
                problems.append(f"{audience}.{key}: {problem}")
    return problems


def _value_problem(value, own: str | Plural) -> str | None:
    if isinstance(own, dict):
        if not isinstance(value, dict) or not value or not set(value) <= set(PLURAL_CATEGORIES):
            return f"expected plural forms by CLDR category ({', '.join(PLURAL_CATEGORIES)})"
        forms = value.values()
    else:
        if not isinstance(value, str):
            return "expected a string (quote it if YAML reads it as something else)"
        forms = [value]
    allowed = set().union(*(_placeholders(form) for form in (own.values() if isinstance(own, dict) else [own])))
    for form in forms:
        if not isinstance(form, str):
            return "expected a string for every plural form"
        try:
            unknown = _placeholders(form) - allowed
        except ValueError:
            return "a lone { or }: write {{ or }} for a brace"
        if unknown:
            return f"kbgen fills only {', '.join('{' + name + '}' for name in sorted(allowed)) or 'no placeholder'} here, not {', '.join('{' + name + '}' for name in sorted(unknown))}"
    return None


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
