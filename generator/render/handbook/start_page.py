"""The "Start here" page: what a new agent reads in which order, and a self-check per procedure.

    # Start here
    intro; the reading order (templates/reading-order.html): the quick reference, then the
    procedures by their `reading_order` (`HandbookView.procedures_in_reading_order`), each with
    its self-check's progress
    ## Self-check: <procedure>  (one per procedure, templates/self-check.html)

A self-check is generated from the procedure's data, never written by hand: one situation
per branch condition ("at step 2, the buyer sends photos of a defect") and one for the
escalation rules; the choices are the procedure's step titles (and "Escalate"); the answer
is where the procedure goes. Feedback comes at once (assets/training.js) with a link to the
step that says so. Answers and progress stay in the browser (localStorage), keyed by
procedure and step ids, so the same progress shows in every language of the handbook.
"""

from __future__ import annotations

from ...model import Procedure
from ...view import HandbookView
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.urls import QUICK_REFERENCE_PAGE, START_PAGE, procedure_page_path, step_anchor
from .page import HandbookPage

ESCALATE = "escalate"  # the choice (and the question) of the escalation rules


def render_start_page(view: HandbookView, language: str) -> MarkdownPage:
    page = HandbookPage(view, language, START_PAGE)
    page.add_title(page.ui("start_here"), escape_inline(page.ui("start_here")))
    page.add(escape_inline(page.ui("start_intro")))
    ordered = view.procedures_in_reading_order()
    checks = {procedure_id: self_check_questions(page, procedure_id, procedure) for procedure_id, procedure in ordered}
    page.add(f"## {escape_inline(page.ui('reading_order'))} {{#reading-order}}")
    page.add(
        page.render(
            "reading-order",
            quick_reference={"href": page.href(QUICK_REFERENCE_PAGE), "title": page.ui("quick_reference"),
                             "about": page.ui("quick_reference_about")},
            procedures=[
                {
                    "id": procedure_id,
                    "href": page.href(procedure_page_path(procedure_id)),
                    "title": ready_html(page.inline_html(procedure.title)),
                    "check_href": f"#check-{procedure_id}",
                    "total": len(checks[procedure_id]),
                }
                for procedure_id, procedure in ordered
            ],
            self_check=page.ui("self_check"),
            progress=page.words.template(language, "check_progress"),
            not_started=page.ui("check_not_started"),
            done=page.ui("check_done"),
            reset=page.ui("check_reset"),
        )
    )
    for procedure_id, procedure in ordered:
        if not checks[procedure_id]:
            continue
        page.add(f"## {escape_inline(page.ui('self_check') + page.ui('colon'))}{page.inline(procedure.title)} {{#check-{procedure_id}}}")
        page.add(
            page.render(
                "self-check",
                procedure=procedure_id,
                questions=checks[procedure_id],
                situation_label=page.ui("check_situation"),
                ask=page.ui("check_ask"),
                right=page.ui("check_right"),
                wrong=page.ui("check_wrong"),
                read=page.ui("check_read"),
            )
        )
    return page.finish()


def self_check_questions(page: HandbookPage, procedure_id: str, procedure: Procedure) -> list[dict]:
    """The procedure's situations: each branch condition (answer: the step it leads to) and the escalation
    rules (answer: escalate), with the step titles (and "Escalate") as choices."""
    procedure_page = procedure_page_path(procedure_id)
    numbers = {step.id: number for number, step in enumerate(procedure.steps, start=1)}
    titles = {step.id: ready_html(page.inline_html(step.title)) for step in procedure.steps}
    choices = [{"value": step.id, "number": numbers[step.id], "title": titles[step.id]} for step in procedure.steps]
    if procedure.escalate:
        choices.append({"value": ESCALATE, "number": None, "title": page.ui("check_escalate_choice")})
    questions = []
    for step in procedure.steps:
        for index, branch in enumerate(step.branches or [], start=1):
            questions.append(
                {
                    "key": f"{step.id}/{index}",
                    "context": page.ui("check_at_step", n=numbers[step.id]),
                    "step_title": titles[step.id],
                    "situation": ready_html(page.inline_html(branch.condition)),
                    "block": False,
                    "answer": branch.goto,
                    "href": page.href(procedure_page, step_anchor(branch.goto)),
                    "link_number": numbers[branch.goto],
                    "link": titles[branch.goto],
                }
            )
    if procedure.escalate:
        questions.append(
            {
                "key": ESCALATE,
                "context": page.ui("check_escalation"),
                "step_title": "",
                "situation": ready_html(page.md_block(procedure.escalate)),
                "block": True,
                "answer": ESCALATE,
                "href": page.href(procedure_page, "escalate"),
                "link_number": None,
                "link": page.ui("escalate"),
            }
        )
    for question in questions:
        question["name"] = f"check-{procedure_id}-{question['key']}"
        question["choices"] = choices
    return questions
