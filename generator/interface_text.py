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

A shop adds an interface language kbgen does not ship the same way: its file
holds every key of every section (kbgen's `en.yml` lists them), and a fourth
section, `language`, with what declaring the language in `site.yml` needs:

    language:
      name: Polski      # its own name, in the language switcher
      locale: pl-PL     # the CLDR locale of its dates, prices and plural forms (Babel, the browser's Intl)

Search needs nothing more: a language without a stemmer of kbgen's
(search/tokenize.py, `STEMMERS`) is indexed with the plain tokenizer, and
Material's theme strings fall back to its closest language
(render/shared/mkdocs_config.py).

`read_shop_locales` checks those files (unknown or missing keys, a plural where a
string is expected, a placeholder kbgen does not fill), each problem at its line,
like the sellers' YAML; `InterfaceText` lays them over kbgen's own and knows the
build's languages (`languages`). The built-in files are read only for the
languages a build uses, once per process.
"""

from __future__ import annotations

import functools
import os
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from .languages import ADDED_LANGUAGE_CODE, BUILT_IN_LANGUAGES, Language, Languages, with_particles
from .load import read_yaml
from .messages import Message
from .model.options import did_you_mean
from .problems import Position, Problem
from .render.shared.formatting import plural_category

BUILT_IN_FOLDER = Path(__file__).with_name("locales")
SHOP_FOLDER = "locales"
AUDIENCES = ("site", "handbook", "search")
LANGUAGE_SECTION = "language"  # an added language's name and locale, in the shop's file of it
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# The built-in file whose keys every language file must have.
REFERENCE_LANGUAGE = "en"

Plural = dict[str, str]
Strings = dict[str, dict[str, "str | Plural"]]  # audience -> key -> string or plural forms


def _yaml() -> YAML:
    # The pure-Python loader reads YAML 1.2 (an unquoted `no` stays text), as the sellers' files are read.
    return YAML(typ="safe", pure=True)


@functools.cache
def built_in_strings(language: str) -> Strings:
    """kbgen's own strings of `language` (`generator/locales/<language>.yml`)."""
    return _yaml().load((BUILT_IN_FOLDER / f"{language}.yml").read_text(encoding="utf-8"))


def shop_locales_folder_for(source: Path) -> Path:
    """Where a shop's own interface strings live: `locales/` beside the source folder."""
    return Path(source).absolute().parent / SHOP_FOLDER


@dataclass
class ShopLocales:
    """A shop's `locales/` folder, read: its strings by language, and the languages it adds."""

    strings: dict[str, Strings] = field(default_factory=dict)
    added: dict[str, Language] = field(default_factory=dict)
    # Every language the shop has a file for: site.yml may declare them even while a file has problems
    # (reported at the file), so that one mistake there is not repeated at every text of the source.
    codes: list[str] = field(default_factory=list)

    @property
    def languages(self) -> Languages:
        """Every language a build of this shop may use: kbgen's and the shop's."""
        return {**BUILT_IN_LANGUAGES, **self.added}

    @property
    def declarable(self) -> list[str]:
        """The codes site.yml may declare: kbgen's languages and those the shop has a file for."""
        return [*BUILT_IN_LANGUAGES, *(code for code in self.codes if code not in BUILT_IN_LANGUAGES)]


class InterfaceText:
    """Every interface string of one build: kbgen's files, with the shop's (`shop`) on top.

    `interface.site(language, key, **values)` is a string of the buyers' site, filled in;
    `handbook` and `search` read the other sections the same way. `languages` are the
    languages the build may use, the shop's included.
    """

    def __init__(self, shop: ShopLocales | None = None):
        self.shop = shop or ShopLocales()
        self.languages = self.shop.languages
        self._strings: dict[str, Strings] = {}
        self.site = Section(self, "site")
        self.handbook = Section(self, "handbook")
        self.search = Section(self, "search")

    def strings(self, language: str) -> Strings:
        """Every string of `language`: kbgen's, then the shop's for the keys it sets (merged once);
        a language the shop adds has every string in its own file."""
        if language not in self._strings:
            own = built_in_strings(language) if language in BUILT_IN_LANGUAGES else {}
            overrides = self.shop.strings.get(language, {})
            self._strings[language] = {
                audience: {**own.get(audience, {}), **overrides.get(audience, {})} for audience in AUDIENCES
            }
        return self._strings[language]

    def locale(self, language: str) -> str:
        """The CLDR locale `language` writes dates, prices and plural forms in (`ru-RU`)."""
        return self.languages[language].date_locale


class Section:
    """The strings of one audience (a section of every language file)."""

    def __init__(self, interface: InterfaceText, name: str):
        self.interface = interface
        self.name = name
        # (language, key) -> the string with nothing to fill in, as `__call__` gives it: a large shop's pages
        # ask for the same few hundred strings hundreds of thousands of times ("Copy link" on every entry).
        self._filled: dict[tuple[str, str], str] = {}

    def table(self, language: str) -> dict[str, str | Plural]:
        """Every string of this section in `language` (key -> string or plural forms), e.g. for a script."""
        return self.interface.strings(language)[self.name]

    def __call__(self, language: str, key: str, /, **values) -> str:
        """The string `key` in `language` with its `{placeholders}` filled; a plural key takes the form
        `language` uses for the number `n` (which `values` must hold)."""
        if not values:
            filled = self._filled.get((language, key))
            if filled is None:
                filled = self._filled[(language, key)] = self._fill(language, key, values)
            return filled
        return self._fill(language, key, values)

    def _fill(self, language: str, key: str, values: dict) -> str:
        value = self.table(language)[key]
        if isinstance(value, dict):
            value = plural_form(value, self.interface.locale(language), int(values["n"]))
        return with_particles(value.format(**values), language)

    def template(self, language: str, key: str) -> str:
        """The string `key` with its `{placeholders}` left in, for `render/shared/markup.fill_template` (HTML)."""
        value = self.table(language)[key]
        if not isinstance(value, str):
            raise TypeError(f"interface text {key!r} depends on a number: use it with n=")
        return value


def plural_form(forms: Plural, locale: str, count: int) -> str:
    """The form of `forms` that `locale` uses for `count`, its `{placeholders}` left in."""
    # CLDR has categories for very large numbers (French `many` for millions) that no file spells out;
    # Russian and Ukrainian files have no `other`, which whole numbers never need.
    return forms.get(plural_category(locale, count)) or forms.get("other") or forms[next(reversed(forms))]


def needed_plural_categories(locale: str) -> set[str]:
    """The plural categories `locale` uses for the whole numbers a page shows (counts, months)."""
    return {plural_category(locale, n) for n in range(0, 1001)}


# --- a shop's own files ------------------------------------------------------------------------


def read_shop_locales(folder: Path, source: Path, problems: list[Problem]) -> ShopLocales:
    """The shop's `locales/<lang>.yml` files, checked; every problem is added to `problems`.

    No folder: nothing of the shop's. Positions are relative to the source folder
    (`../locales/ru.yml:3:3`), as for the sellers' other files.
    """
    folder = Path(folder)
    shop = ShopLocales()
    if folder.is_symlink():
        problems.append(Problem(Position(os.path.relpath(folder, Path(source).absolute())), Message("file.link")))
        return shop
    if not folder.is_dir():
        return shop
    for path in sorted(folder.iterdir()):
        name = os.path.relpath(path, Path(source).absolute())
        language = path.stem
        if path.is_symlink():  # a link could publish any file of the machine that builds the site
            problems.append(Problem(Position(name), Message("file.link")))
            continue
        if path.suffix != ".yml" or not path.is_file():
            problems.append(Problem(Position(name), Message("locales.not_yml", folder=SHOP_FOLDER)))
            continue
        if language not in BUILT_IN_LANGUAGES and not _can_be_added(language):
            problems.append(Problem(Position(name), Message("locales.bad_language", code=language, built_in=BUILT_IN_LANGUAGES)))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(Position(name), Message("locales.unreadable", error=str(error))))
            continue
        shop.codes.append(language)
        root = read_yaml(name, text, problems)
        if root is None:
            continue
        reader = _FileReader(name, language, problems)
        strings, added = reader.read(root)
        shop.strings[language] = strings
        if added is not None:
            shop.added[language] = added
    return shop


def _can_be_added(code: str) -> bool:
    """Whether a shop can add `code`: spelled as mkdocs-static-i18n names a language folder, known to CLDR."""
    return bool(ADDED_LANGUAGE_CODE.fullmatch(code)) and _cldr_knows(code)


def _cldr_knows(locale: str) -> bool:
    try:
        Locale.parse(locale, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


class _FileReader:
    """One shop file, read from its YAML nodes so that each problem names its line."""

    def __init__(self, name: str, language: str, problems: list[Problem]):
        self.name = name
        self.language = language
        self.problems = problems
        self.adds = language not in BUILT_IN_LANGUAGES  # a language kbgen does not ship: every key is needed
        self.reference = built_in_strings(REFERENCE_LANGUAGE if self.adds else language)

    def report(self, node: Node | None, message: Message) -> None:
        self.problems.append(Problem(Position.from_mark(self.name, node.start_mark) if node else Position(self.name), message))

    def read(self, root: Node) -> tuple[Strings, Language | None]:
        sections = AUDIENCES + ((LANGUAGE_SECTION,) if self.adds else ())
        if not isinstance(root, MappingNode):
            self.report(root, Message("locales.expected_sections", sections=sections))
            return {}, None
        strings: Strings = {}
        # The language section first, wherever it is written: its locale decides the plural forms needed.
        added = next((self._language(key, value) for key, value in root.value if key.value == LANGUAGE_SECTION and self.adds), None)
        for key_node, value_node in root.value:
            section = key_node.value
            if section == LANGUAGE_SECTION and self.adds:
                continue
            elif section == LANGUAGE_SECTION:
                self.report(key_node, Message("locales.built_in_language_section", code=self.language))
            elif section not in AUDIENCES:
                self.report(key_node, Message("locales.unknown_section", section=section, sections=sections,
                                              hint=did_you_mean(section, sections)))
            elif not isinstance(value_node, MappingNode):
                self.report(value_node, Message("locales.section_not_mapping", section=section))
            else:
                strings[section] = self._section(section, key_node, value_node, added)
        if self.adds:
            written = {key_node.value for key_node, _ in root.value}
            for section in sections:
                if section not in written:
                    self.report(None, Message("locales.section_missing", section=section))
        return strings, added

    def _language(self, key_node: Node, node: Node) -> Language | None:
        fields = _scalar_mapping(node)
        if fields is None:
            self.report(node, Message("locales.language_expected", section=LANGUAGE_SECTION))
            return None
        ok = True
        for key, value_node in fields.items():
            if key not in ("name", "locale"):
                self.report(value_node, Message("locales.language_unknown_field", key=f"{LANGUAGE_SECTION}.{key}"))
                ok = False
        for key in ("name", "locale"):
            if key not in fields or not fields[key].value.strip():
                self.report(key_node, Message("locales.language_missing_field", key=f"{LANGUAGE_SECTION}.{key}"))
                ok = False
        if not ok:
            return None
        locale = fields["locale"].value.strip()
        if not _cldr_knows(locale):
            self.report(fields["locale"], Message("locales.bad_locale", key=f"{LANGUAGE_SECTION}.locale", value=locale))
            return None
        return Language(self.language, fields["name"].value.strip(), locale)

    def _section(self, section: str, key_node: Node, node: MappingNode, added: Language | None) -> dict[str, str | Plural]:
        own = self.reference[section]
        table: dict[str, str | Plural] = {}
        for string_key, value_node in node.value:
            key = string_key.value
            if key not in own:
                self.report(string_key, Message("locales.unknown_string", key=f"{section}.{key}", hint=did_you_mean(key, own)))
                continue
            value, problem = _value(value_node, own[key])
            if problem:
                self.report(value_node, Message("field.problem", field=f"{section}.{key}", problem=problem))
                continue
            table[key] = value
            if isinstance(value, dict) and added is not None:
                missing = needed_plural_categories(added.date_locale) - set(value)
                if missing and "other" not in value:
                    self.report(value_node, Message("locales.plural_missing", key=f"{section}.{key}", locale=added.date_locale,
                                                    forms=sorted(missing)))
        if self.adds:
            written = {string_key.value for string_key, _ in node.value}
            for key in own:
                if key not in written:
                    self.report(key_node, Message("locales.string_missing", key=f"{section}.{key}", reference=REFERENCE_LANGUAGE))
        return table


def _scalar_mapping(node: Node) -> dict[str, ScalarNode] | None:
    """A mapping of keys to single values, or None when `node` is something else."""
    if not isinstance(node, MappingNode) or not all(isinstance(value, ScalarNode) for _, value in node.value):
        return None
    return {key.value: value for key, value in node.value}


def _value(node: Node, own: str | Plural) -> tuple[str | Plural | None, Message | None]:
    """A string or plural forms from `node`, shaped like kbgen's `own`; or a problem."""
    if isinstance(own, dict):
        forms = _scalar_mapping(node)
        if not forms or not set(forms) <= set(PLURAL_CATEGORIES):
            return None, Message("locales.expected_plural", categories=PLURAL_CATEGORIES)
        value: str | Plural = {category: form.value for category, form in forms.items()}
        texts = list(value.values())
    else:
        if not isinstance(node, ScalarNode):
            return None, Message("locales.expected_string")
        value = node.value
        texts = [value]
    allowed = set().union(*(_placeholders(form) for form in (own.values() if isinstance(own, dict) else [own])))
    for text in texts:
        if not text.strip():
            return None, Message("locales.empty_string")
        try:
            unknown = _placeholders(text) - allowed
        except _FormattedPlaceholder as error:
            return None, Message("locales.formatted_placeholder", name=str(error))
        except ValueError:
            return None, Message("locales.lone_brace")
        if unknown:
            return None, Message("locales.unknown_placeholder", allowed=["{" + name + "}" for name in sorted(allowed)] or "-",
                                 unknown=["{" + name + "}" for name in sorted(unknown)])
    return value, None


class _FormattedPlaceholder(ValueError):
    """A placeholder with a conversion or format spec (`{n!r}`, `{n:>99999}`): refused, since kbgen
    fills placeholders with `str.format`, where those run (and can fail, or take any memory)."""


def _placeholders(template: str) -> set[str]:
    fields = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if spec or conversion:
            raise _FormattedPlaceholder(field)
        fields.add(field)
    return fields
