"""What the agents' search finds: the handbook on kbgen's own search engine, one index per language.

The handbook used Material's search plugin until the buyers' engine
(`generator/search/`) proved better on the same content: Chinese and Korean as
overlapping character pairs instead of jieba's dictionary words (which split shop
words such as 换货运费 badly), Russian and English stemmed the same way at build
time and in the browser, and results only in the page's language. It is also
cheaper to build: Material's plugin parsed every built page again and
segmented all Chinese text with jieba, a third of a large shop's build.

Searchable documents, one set per handbook language (`handbook_search_documents`):

- every procedure: title = its title; body = when to use it, every step's
  title, instructions, canned reply and branch conditions, and when to escalate;
- every FAQ entry: title = its question, keywords = its keywords, body = the
  public answer and the agent note; it links to the handbook's FAQ page, where
  the links to send the buyer are;
- every warranty policy: title, what it applies to, covers and excludes, how to
  claim, costs, the agent note.

A text missing in a language is indexed in the default language, as the page
shows it. The files are the buyers' site's (`search_documents.search_files`),
with the handbook's own words in the box (the `handbook` section of the language files).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...interface_text import InterfaceText
from ...search import SearchDocument
from ...view import HandbookView
from ..shared.urls import category_page_path, handbook_page_url, procedure_page_path, warranty_page_path
from ..shared.markup import markdown_to_text
from ..shared.site_search import language_by_language, search_files

PROCEDURE, FAQ, WARRANTY = "procedure", "faq", "warranty"


def handbook_search_documents(view: HandbookView, language: str) -> list[SearchDocument]:
    """Every searchable document of the handbook in `language`: procedures, FAQ entries, policies."""
    localize = view.localizer(language)

    def url(page_source: str, anchor: str | None = None) -> str:
        page = handbook_page_url(page_source, language=language, default_language=view.default_language)
        return f"{page}#{anchor}" if anchor else page

    def text(value) -> str:
        return localize(value).text if value is not None else ""

    def markdown(value) -> str:
        return markdown_to_text(localize(value).text) if value is not None else ""

    documents = []
    for procedure_id, procedure in view.procedures.items():
        parts = [markdown(procedure.when)]
        for step in procedure.steps:
            parts += [text(step.title), markdown(step.do), text(step.say)]
            parts += [text(branch.condition) for branch in step.branches or []]
        parts.append(markdown(procedure.escalate))
        documents.append(_document(f"procedure/{procedure_id}", url(procedure_page_path(procedure_id)),
                                   text(procedure.title), parts, PROCEDURE))
    for category_id, entry in view.entries():
        documents.append(_document(entry.id, url(category_page_path(category_id), entry.id), text(entry.question),
                                   [view.answer(entry, language).plain, markdown(entry.agent_note)], FAQ,
                                   localize.keywords(entry.keywords)))
    for policy_id, policy in view.warranties.items():
        parts = [text(policy.applies_to), *map(text, policy.covers), *map(text, policy.excludes),
                 *map(markdown, policy.claim_steps), markdown(policy.costs), markdown(policy.agent_note)]
        documents.append(_document(f"warranty/{policy_id}", url(warranty_page_path(policy_id)),
                                   text(policy.title), parts, WARRANTY))
    return documents


def _document(ref: str, url: str, title: str, parts: list[str], kind: str, keywords: list[str] | None = None) -> SearchDocument:
    return SearchDocument(ref=ref, url=url, title=title, keywords=keywords or [],
                          body=" ".join(part for part in parts if part), kind=kind)


def handbook_search_text(interface: InterfaceText, language: str) -> dict:
    """The words of the handbook's search box in `language`: the buyers' box's, in an agent's terms."""
    own = interface.handbook
    buyers = interface.search.table(language)
    return {
        "loading": buyers["loading"],  # these two say the same to anyone
        "error": buyers["error"],
        "placeholder": own(language, "search_placeholder"),
        "results": own.table(language)["search_results"],  # by plural category, with {n}: the browser picks one
        "none": own(language, "search_none"),
        "kind_procedure": own(language, "procedure"),
        "kind_warranty": own(language, "policy"),
    }


def handbook_search_files(view: HandbookView) -> Iterator[tuple[str, bytes]]:
    """The handbook's `search/` folder, file by file (path, bytes): per-language indexes and engines (one
    language after the other: `language_by_language`), the box's script and style."""
    # Procedures first: an agent searches for what to do (benchmarks/handbook_search.py).
    return search_files(
        language_by_language(view.languages, lambda language: handbook_search_documents(view, language)),
        lambda language: handbook_search_text(view.interface, language), first_kinds=(PROCEDURE,),
    )
