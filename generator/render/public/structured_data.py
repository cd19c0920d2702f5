"""What search engines read besides the page: schema.org FAQPage data and meta descriptions.

The FAQPage lists the questions a page shows, with their answers as plain text,
written in the page's language; an entry shown in another language (not yet
translated, `fallback:`) is left out, and a page with none has no FAQPage. Google shows FAQ rich results
for few sites since 2023, but the data still tells any crawler what the page
answers.
"""

from __future__ import annotations


from ...model import FaqEntry
from ..shared.markup import shorten
from .page import PublicPage


def faq_page_json_ld(page: PublicPage, entries: list[FaqEntry]) -> dict | None:
    """The FAQPage of a page of questions: only the entries whose question and answer are written in the
    page's language (a text shown in another language is the page's, not a translation); None when
    there is none."""
    questions = []
    for entry in entries:
        question = page.text(entry.question)
        answer = page.answer(entry)
        if question.is_fallback or answer.is_fallback:
            continue
        questions.append({
            "@type": "Question",
            "name": question.text,
            "acceptedAnswer": {"@type": "Answer", "text": answer.plain},
        })
    if not questions:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": page.language, "mainEntity": questions}


def description_from_answers(page: PublicPage, entries: list[FaqEntry]) -> str:
    """A meta description for a page of questions: its answers' text, in the page's language where translated."""
    translated = [entry for entry in entries if not page.answer(entry).is_fallback] or entries
    return shorten(" ".join(page.answer(entry).plain for entry in translated[:3]))



