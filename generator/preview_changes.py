"""What an edit changes on the buyers' site: the one place `kbgen serve` decides which pages to render again.

A full render and MkDocs build of a large shop takes minutes; a seller's edit is usually one text of
one FAQ entry, which shows on a handful of pages in one language. `changed_pages` compares the
source before and after an edit and answers either "these pages, in these languages" or "everything"
(`EVERYTHING`). Everything is the answer whenever the edit can reach every page, the site's list of
pages, its navigation or its MkDocs settings:

- site.yml (languages, categories and their titles in every page's navigation, the shop's name and
  contacts in every page's header and footer, the fallback order every text follows);
- the shop's `locales/` (interface strings of every page) and `templates/` (HTML of every page);
- the project's mkdocs.yml (MkDocs settings);
- a hand-written `docs/` page (the intro is on the home page, a page added or removed changes the
  navigation; they are few and short, so the whole site is the simple answer);
- a warranty policy (its title is on the category pages of the entries that name it, on the home
  page and in the navigation).

Otherwise only FAQ entries changed (procedures never show on the buyers' site), and an entry shows:

- on its category's page, with its whole content (a category whose list of entries changed, by an
  entry added, removed, moved in or out, or reordered, is rendered again in every language);
- on the home page, whose topics list their first questions and count their entries: rendered again
  in every language any change reaches (one short page; comparing it is cheaper than reasoning about it);
- by its question, under "Related questions" of every entry that names it in `related`, on that
  entry's category page: when the question (or the category it links to) changed.

An entry changed only in texts changes only the pages whose language shows one of those texts: a page
in language L shows a text in the first language of L's fallback order that has it
(`view.fallback_order`), so a page is rendered again when a changed language is anywhere in that order.

Rendering a page again does not mean building it again: `serve.PreviewSession` compares what was rendered
with the page it had and hands MkDocs only the pages that differ. The search files change with any
entry (`search_stale`); the preview writes them when the browser next asks for one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .model import Text
from .model.options import Record
from .render.shared.urls import HOME_PAGE, category_page_path
from .validate import KnowledgeBase
from .view import fallback_order

EVERYTHING = None  # `changed_pages`' answer when an edit may change every page


@dataclass(frozen=True)
class SourceState:
    """What a preview renders from: the valid source, and the files beside it that are not in the model."""

    kb: KnowledgeBase
    outside: dict[str, bytes] = field(default_factory=dict)  # the shop's templates/, the project's mkdocs.yml: path -> bytes


@dataclass
class PageChanges:
    """The pages an edit may change (page path -> the languages it may change in) and whether search changes."""

    pages: dict[str, set[str]] = field(default_factory=dict)
    search_stale: bool = False

    def add(self, path: str, languages: set[str]) -> None:
        if languages:
            self.pages.setdefault(path, set()).update(languages)


def changed_pages(before: SourceState, after: SourceState) -> PageChanges | None:
    """The buyers' pages that may differ between `before` and `after`; `EVERYTHING` (None) when any page may."""
    old, new = before.kb, after.kb
    if (
        before.outside != after.outside
        or _differs(old.site, new.site)
        or old.shop_locales != new.shop_locales
        or old.hand_written != new.hand_written
        or _differs(old.warranties, new.warranties)
    ):
        return EVERYTHING
    every_language = set(new.languages)
    orders = {language: fallback_order(language, new.default_language, new.site.fallback) for language in new.languages}

    def shown_in(written: set[str]) -> set[str]:
        """The page languages that may show a text changed in the languages `written`."""
        return {language for language, order in orders.items() if written & set(order)}

    changes = PageChanges()
    before_entries = {entry.id: (category_id, entry) for category_id, entry in old.entries()}
    after_entries = {entry.id: (category_id, entry) for category_id, entry in new.entries()}
    questions_changed: dict[str, set[str]] = {}  # entry id -> page languages its question (as a link) changed in
    for entry_id in before_entries.keys() | after_entries.keys():
        was, now = before_entries.get(entry_id), after_entries.get(entry_id)
        if was is None or now is None or was[0] != now[0]:
            for category_id, _ in filter(None, (was, now)):
                changes.add(category_page_path(category_id), every_language)
            questions_changed[entry_id] = every_language
            continue
        if was[1] is now[1]:
            continue  # the same record: its file was not read again (reading_memo.py)
        languages = shown_in(_languages_differing(was[1], now[1], every_language))
        changes.add(category_page_path(now[0]), languages)
        question = shown_in(_languages_differing(was[1].question, now[1].question, every_language))
        if question:
            questions_changed[entry_id] = question
    for category_id, entries in new.entries_by_category.items():
        if [entry.id for entry in entries] != [entry.id for entry in old.entries_by_category.get(category_id, [])]:
            changes.add(category_page_path(category_id), every_language)
    for category_id, entry in new.entries():
        for related_id in entry.related or []:
            changes.add(category_page_path(category_id), questions_changed.get(related_id, set()))
    changes.add(HOME_PAGE, set().union(*changes.pages.values()) if changes.pages else set())
    changes.search_stale = bool(changes.pages)
    return changes


def _languages_differing(a, b, every_language: set[str]) -> set[str]:
    """The languages in whose strings two values of the model differ on the buyers' site: only a text's own
    languages when texts differ, every language when anything else does (an id, a reference, a list's length)."""
    if isinstance(a, Text) and type(a) is type(b):
        return {language for language in a.strings.keys() | b.strings.keys() if a.strings.get(language) != b.strings.get(language)}
    if isinstance(a, Record) and type(a) is type(b):
        found: set[str] = set()
        for option in type(a).options.values():
            if not option.agents_only:  # never on the buyers' site (view.without_agents_only)
                found |= _languages_differing(getattr(a, option.name), getattr(b, option.name), every_language)
        return found
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        return set().union(*(_languages_differing(x, y, every_language) for x, y in zip(a, b)))
    return set() if _equal(a, b) else set(every_language)


def _differs(a, b) -> bool:
    """Whether two values of the model differ in content (where each was written in its file does not count)."""
    return not _equal(a, b)


def _equal(a, b) -> bool:
    if a is b:
        return True
    if isinstance(a, Record):
        return type(a) is type(b) and all(_equal(getattr(a, o.name), getattr(b, o.name)) for o in type(a).options.values())
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_equal(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b

