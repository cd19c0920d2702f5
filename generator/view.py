"""Stage 3 (view): what one audience may see, in one language.

`PublicView` is the knowledge base with every agents-only field removed, made
before any rendering starts: the buyers' renderers are handed this and nothing
else, so no template can leak what it never received. Which fields are removed
is read from the model (`Option.agents_only`), not listed here, so a new
agents-only field is covered the day it is declared.

`HandbookView` is everything, for the agents' handbook.

`Localizer` picks a text's string for the page's language, falling back along
the shop's order (site.yml `fallback:`; zh-Hant tries zh-Hans) to the default
language and saying so, so the page can show its "not yet translated"
notice (`fallback_order` and `first_available` are the one rule for it).
Every FAQ answer is localized and converted once per build (`localize_answers`:
its string, language, fallback flag, HTML and plain text), before either site
renders; both views hand out the same records (`answer`), so the buyers' pages,
the handbook, the JSON-LD and both search indexes never convert an answer again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .interface_text import InterfaceText
from .model import Category, Contact, FaqEntry, Keywords, Markdown, Procedure, Site, Text, Warranty
from .model.options import ListOption, Record, RecordOption
from .render.shared.html_templates import HtmlTemplates
from .render.shared.markup import render_markdown
from .search import html_to_text
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


@dataclass(frozen=True)
class Presentation:
    """How one build shows the knowledge base, made once and handed to both views: the interface strings
    and HTML templates (kbgen's, with the shop's overrides) and every answer localized and converted."""

    interface: InterfaceText
    templates: HtmlTemplates
    answers: dict[tuple[str, str], LocalizedMarkdown]

    @classmethod
    def of(
        cls,
        kb: KnowledgeBase,
        interface: InterfaceText | None = None,
        templates: HtmlTemplates | None = None,
        convert: Callable[[Sequence[str]], list[tuple[str, str]]] | None = None,
    ) -> Presentation:
        """the shop's strings (kb.shop_locales) and kbgen's templates unless others are given; the answers of `kb`,
        converted now (by `convert`: `localize_answers`)."""
        return cls(interface or InterfaceText(kb.shop_locales), templates or HtmlTemplates(), localize_answers(kb, convert or convert_markdown))


class View:
    """What both audiences share: the site, its languages, its categories with their entries, and the
    build's `Presentation`: interface strings (generator/interface_text.py), HTML templates
    (render/shared/html_templates.py) and the answers' records."""

    site: Site
    interface: InterfaceText
    templates: HtmlTemplates
    answers: dict[tuple[str, str], LocalizedMarkdown]
    categories: list[CategoryView]
    warranties: dict[str, Warranty]

    def __init__(self, kb: KnowledgeBase, presentation: Presentation | None = None):
        presentation = presentation or Presentation.of(kb)
        self.interface = presentation.interface
        self.templates = presentation.templates
        self.answers = presentation.answers

    @property
    def languages(self) -> list[str]:
        return self.site.languages

    @property
    def default_language(self) -> str:
        return self.site.languages[0]

    @property
    def fallback(self) -> dict[str, tuple[str, ...]] | None:
        """site.yml's `fallback:` (None: the built-in order, `fallback_order`)."""
        return self.site.fallback

    def localizer(self, language: str) -> Localizer:
        """Seller texts as a page in `language` shows them, along the shop's fallback order.

        One per language, made on first use, as `entry`'s index: the handbook's link boxes ask for one per
        buyer language of every entry (100,000 at 10,000 entries)."""
        localizers = self.__dict__.setdefault("_localizers", {})
        localizer = localizers.get(language)
        if localizer is None:
            localizer = localizers[language] = Localizer(language, self.default_language, self.fallback)
        return localizer

    @property
    def contacts(self) -> list[Contact]:
        return self.site.contact

    def entries(self):
        """(category id, entry) for every entry, in display order."""
        for category in self.categories:
            for entry in category.entries:
                yield category.id, entry

    def answer(self, entry: FaqEntry, language: str) -> LocalizedMarkdown:
        """The entry's answer as a page in `language` shows it (made once: `localize_answers`)."""
        return self.answers[entry.id, language]

    def entry(self, entry_id: str) -> tuple[str, FaqEntry]:
        # An index built on first use: renderers look up every `related` and `faq` id, and a scan
        # per lookup made a large site's build quadratic in its number of entries.
        index = self.__dict__.get("_entries_by_id")
        if index is None:
            index = self.__dict__["_entries_by_id"] = {entry.id: (cid, entry) for cid, entry in self.entries()}
        return index[entry_id]

    def entries_about(self, policy_id: str) -> list[tuple[str, FaqEntry]]:
        """(category id, entry) of every entry under the warranty policy `policy_id`, in display order.
        An index built on first use, as `entry`'s: a scan per policy page made the pages of a large shop's
        policies cost their number times its number of entries."""
        index = self.__dict__.get("_entries_by_policy")
        if index is None:
            index = self.__dict__["_entries_by_policy"] = {}
            for category_id, entry in self.entries():
                if entry.warranty:
                    index.setdefault(entry.warranty, []).append((category_id, entry))
        return index.get(policy_id, [])


class PublicView(View):
    """The buyers' knowledge base: no procedure, no agent note, nothing agents-only."""

    def __init__(
        self, kb: KnowledgeBase, presentation: Presentation | None = None,
        public_copy: Callable[[Record], Record] = without_agents_only,
    ):
        """`public_copy`: `without_agents_only`, or a function that gives the same copy (kbgen serve's keeps
        each record's copy between rebuilds, serve.PublicCopies)."""
        super().__init__(kb, presentation)
        self.site = public_copy(kb.site)
        self.categories = [
            CategoryView(category, [public_copy(entry) for entry in kb.entries_by_category.get(category.id, [])])
            for category in self.site.categories
        ]
        self.warranties = {pid: public_copy(policy) for pid, policy in kb.warranties.items()}


class HandbookView(View):
    """The agents' knowledge base: everything, procedures and agent notes included."""

    procedures: dict[str, Procedure]

    def __init__(self, kb: KnowledgeBase, presentation: Presentation | None = None):
        super().__init__(kb, presentation)
        self.site = kb.site
        self.categories = [
            CategoryView(category, kb.entries_by_category.get(category.id, [])) for category in kb.site.categories
        ]
        self.warranties = dict(kb.warranties)
        self.procedures = dict(kb.procedures)

    def procedures_in_reading_order(self) -> list[tuple[str, Procedure]]:
        """The procedures as a new agent reads them (the Start here page): by `reading_order`, then the rest."""
        ranked = sorted(
            enumerate(self.procedures.items()),
            key=lambda item: (item[1][1].reading_order is None, item[1][1].reading_order or 0, item[0]),
        )
        return [pair for _, pair in ranked]

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


# Where a language looks before the default when a shop's site.yml says nothing about it.
BUILT_IN_FALLBACK: dict[str, tuple[str, ...]] = {"zh-Hant": ("zh-Hans",)}


def fallback_order(
    language: str, default_language: str, fallback: Mapping[str, Iterable[str]] | None = None
) -> tuple[str, ...]:
    """The languages a page in `language` may show a seller's text in, best first: its own, the ones the
    shop's `fallback:` lists for it (without it: zh-Hant tries zh-Hans), then the default.

    The one place that decides it: every localized string, answer, keyword list and
    hand-written page goes through `first_available` with this order.
    """
    if language == default_language:
        return (language,)
    chain = fallback[language] if fallback and language in fallback else BUILT_IN_FALLBACK.get(language, ())
    order = [language]
    for code in (*chain, default_language):
        if code not in order:
            order.append(code)
    return tuple(order)


def first_available(written_in: Container[str], order: tuple[str, ...]) -> str | None:
    """The first language of `order` that a text is written in (`written_in`: the languages it is written in,
    such as the keys of a dict), or None. A plain loop: a large shop's pages ask this for hundreds of
    thousands of texts."""
    for language in order:
        if language in written_in:
            return language
    return None


@dataclass(frozen=True)
class Localized:
    """A string as a page in one language shows it."""

    text: str
    language: str  # the language the string is written in
    is_fallback: bool  # True when the page's language had no translation


@dataclass(frozen=True)
class LocalizedMarkdown(Localized):
    """Seller Markdown as a page in one language shows it, converted once for every page and index."""

    html: str  # the Markdown as HTML (without any "not yet translated" notice: each page adds its own)
    plain: str  # the same as one line of plain text: search documents, JSON-LD, descriptions


class Localizer:
    """Texts for a page in `language`, falling back along the shop's order to `default_language`
    (`fallback_order`; `fallback` is site.yml's mapping)."""

    def __init__(self, language: str, default_language: str, fallback: Mapping[str, Iterable[str]] | None = None):
        self.language = language
        self.default_language = default_language
        self.order = fallback_order(language, default_language, fallback)

    def __call__(self, text: Text | None) -> Localized | None:
        if text is None:
            return None
        shown = first_available(text.strings, self.order)
        return Localized(text.strings[shown], shown, shown != self.language)

    def keywords(self, keywords: Keywords | None) -> list[str]:
        """An entry's search words in the page's language, or in the language its text falls back to."""
        if keywords is None:
            return []
        written = {language: words for language, words in keywords.by_language.items() if words}
        shown = first_available(written, self.order)
        return list(written[shown]) if shown else []

    def markdown(self, text: Markdown) -> LocalizedMarkdown:
        """Seller Markdown for this page's language, converted (`render_markdown`, cached by text)."""
        shown = self(text)
        html = render_markdown(shown.text)
        return LocalizedMarkdown(shown.text, shown.language, shown.is_fallback, html, html_to_text(html))


def convert_markdown(sources: Sequence[str]) -> list[tuple[str, str]]:
    """Each seller Markdown as (HTML, plain text): `render_markdown`, then `html_to_text`."""
    converted = []
    for source in sources:
        html = render_markdown(source)
        converted.append((html, html_to_text(html)))
    return converted


def localize_answers(
    kb: KnowledgeBase, convert: Callable[[Sequence[str]], list[tuple[str, str]]] = convert_markdown
) -> dict[tuple[str, str], LocalizedMarkdown]:
    """Every FAQ answer in every language of the site, keyed by (entry id, language): made once per build,
    before either site renders, and read by every page, search document and JSON-LD that shows an answer.

    Each distinct text is converted once, by `convert` (`convert_markdown`, or a build's version of
    it that shares the texts out over the machine's cores: `build.convert_side_by_side`).
    """
    default = kb.site.languages[0]
    shown = {
        (entry.id, language): Localizer(language, default, kb.site.fallback)(entry.answer)
        for language in kb.site.languages
        for _, entry in kb.entries()
    }
    sources = list(dict.fromkeys(text.text for text in shown.values()))
    converted = dict(zip(sources, convert(sources)))
    return {
        key: LocalizedMarkdown(text.text, text.language, text.is_fallback, *converted[text.text]) for key, text in shown.items()
    }
