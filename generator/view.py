"""Stage 3 (view): what one audience may see, in one language.

`PublicView` is the knowledge base with every agents-only field removed, made
before any rendering starts: the buyers' renderers are handed this and nothing
else, so no template can leak what it never received. Which fields are removed
is read from the model (`Option.agents_only`), not listed here, so a new
agents-only field is covered the day it is declared.

`HandbookView` is everything, for the agents' handbook.

`Localizer` picks a text's string for the page's language, falling back to the
default language and saying so, so the page can show its "not yet translated"
notice.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from .interface_text import InterfaceText
from .model import Category, Contact, FaqEntry, Procedure, Site, Text, Warranty
from .model.options import ListOption, Record, RecordOption
from .validate import KnowledgeBase


def without_agents_only(record: Record) -> Record:
    """A copy of `record`, and of the records inside it, with every agents-only field set to None."""
    public = copy.copy(record)
    for option in type(record).options.values():
        value = getattr(record, option.name)
        if option.agents_only:
            setattr(public, option.name, None)
        elif isinstance(option, RecordOption) and value is not None:
            setattr(public, option.name, without_agents_only(value))
        elif isinstance(option, ListOption) and isinstance(option.item, RecordOption) and value is not None:
            setattr(public, option.name, [without_agents_only(item) for item in value])
    return public


@dataclass(frozen=True)
class CategoryView:
    category: Category
    entries: list[FaqEntry]

    @property
    def id(self) -> str:
        return self.category.id


class _View:
    """What both audiences share: the site, its languages, its categories with their entries, and the
    interface strings (kbgen's, with the shop's overrides: generator/interface_text.py)."""

    site: Site
    interface: InterfaceText
    categories: list[CategoryView]
    warranties: dict[str, Warranty]

    @property
    def languages(self) -> list[str]:
        return self.site.languages

    @property
    def default_language(self) -> str:
        return self.site.languages[0]

    @property
    def contacts(self) -> list[Contact]:
        return self.site.contact

    def entries(self):
        """(category id, entry) for every entry, in display order."""
        for category in self.categories:
            for entry in category.entries:
                yield category.id, entry

    def entry(self, entry_id: str) -> tuple[str, FaqEntry]:
        # An index built on first use: renderers look up every `related` and `faq` id, and a scan
        # per lookup made a large site's build quadratic in its number of entries.
        index = self.__dict__.get("_entries_by_id")
        if index is None:
            index = self.__dict__["_entries_by_id"] = {entry.id: (cid, entry) for cid, entry in self.entries()}
        return index[entry_id]


class PublicView(_View):
    """The buyers' knowledge base: no procedure, no agent note, nothing agents-only."""

    def __init__(self, kb: KnowledgeBase, interface: InterfaceText | None = None):
        self.interface = interface or InterfaceText()
        self.site = without_agents_only(kb.site)
        self.categories = [
            CategoryView(category, [without_agents_only(entry) for entry in kb.entries_by_category.get(category.id, [])])
            for category in self.site.categories
        ]
        self.warranties = {pid: without_agents_only(policy) for pid, policy in kb.warranties.items()}


class HandbookView(_View):
    """The agents' knowledge base: everything, procedures and agent notes included."""

    procedures: dict[str, Procedure]

    def __init__(self, kb: KnowledgeBase, interface: InterfaceText | None = None):
        self.interface = interface or InterfaceText()
        self.site = kb.site
        self.categories = [
            CategoryView(category, kb.entries_by_category.get(category.id, [])) for category in kb.site.categories
        ]
        self.warranties = dict(kb.warranties)
        self.procedures = dict(kb.procedures)

    @property
    def languages(self) -> list[str]:
        """The languages the procedures are written in (default first), the ones the handbook is built in."""
        used = {self.default_language}
        for procedure in self.procedures.values():
            used.update(_languages_of(procedure))
        return [code for code in self.site.languages if code in used]


def _languages_of(record: Record) -> set[str]:
    found: set[str] = set()
    stack: list = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, Text):
            found.update(value.strings)
        elif isinstance(value, Record):
            stack.extend(getattr(value, option.name) for option in type(value).options.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


@dataclass(frozen=True)
class Localized:
    """A string as a page in one language shows it."""

    text: str
    language: str  # the language the string is written in
    is_fallback: bool  # True when the page's language had no translation


class Localizer:
    """Texts for a page in `language`, falling back to `default_language`."""

    def __init__(self, language: str, default_language: str):
        self.language = language
        self.default_language = default_language

    def __call__(self, text: Text | None) -> Localized | None:
        if text is None:
            return None
        string, is_fallback = text.get(self.language, self.default_language)
        return Localized(string, self.default_language if is_fallback else self.language, is_fallback)
