"""What search engines read besides the page: schema.org FAQPage data and meta descriptions.

The FAQPage lists the questions a page shows, each with its whole answer as plain text (schema.org and
Google ask for the full answer) and the answer's address on the page (`url`: the question's anchor),
written in the page's language; an entry shown in another language (not yet translated, `fallback:`) is
left out, and a page with none has no FAQPage. Google shows FAQ rich results for few sites since 2023
(well-known government and health sites), but the data still tells any crawler what the page answers
and where. It is the largest block of a long FAQ page (a third of a 250-question page, 34 MB of 10,000
entries in five languages, benchmarks/README.md): shortening it was measured and not kept, as data
that misstates the answer.
"""

from __future__ import annotations


from ...model import FaqEntry
from ...search import shorten
from .page import PublicPage


def faq_page_json_ld(page: PublicPage, entries: list[FaqEntry]) -> dict | None:
    """The FAQPage of a page of questions: only the entries whose question and answer are written in the
    page's language (a text shown in another language is the page's, not a translation), each answer
    whole with its anchor (module docstring); None when there is none."""
    questions = []
    for entry in entries:
        question = page.text(entry.question)
        answer = page.answer(entry)
        if question.is_fallback or answer.is_fallback:
            continue
        questions.append({
            "@type": "Question",
            "name": question.text,
            "acceptedAnswer": {"@type": "Answer", "text": answer.plain, "url": f"#{entry.id}"},
        })
    if not questions:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": page.language, "mainEntity": questions}


def description_from_answers(page: PublicPage, entries: list[FaqEntry]) -> str:
    """A meta description for a page of questions: its answers' text, in the page's language where translated."""
    translated = [entry for entry in entries if not page.answer(entry).is_fallback] or entries
    return shorten(" ".join(page.answer(entry).plain for entry in translated[:3]))



