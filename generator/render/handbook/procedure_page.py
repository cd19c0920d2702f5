"""A procedure page: deadlines first, then when to use it, its flowchart, its steps and when to escalate.

    # <procedure title>
    deadlines box (templates/deadlines.html)
    ## When to use / ## Flowchart (flowchart.py, templates/flowchart.html)
    ## Steps: per step a numbered heading (`#step-<id>`) and templates/step.html holding what to do,
       the reply to paste (templates/reply-box.html), the links to send (templates/links-box.html) and
       where it leads (templates/branches.html)
    ## When to escalate
"""

from __future__ import annotations

from ...model import Procedure, Step, Text
from ...view import HandbookView
from ..shared.html_blocks import MarkdownPage
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.urls import procedure_page_path, step_anchor
from .composer import PLACEHOLDER, composer_box
from .flowchart import procedure_flowchart_svg
from .page import HandbookPage, copy_words, deadlines, links_box


def render_procedure_page(view: HandbookView, procedure_id: str, procedure: Procedure, language: str) -> MarkdownPage:
    """A procedure: deadlines first, then when to use it, its flowchart, its steps and when to escalate."""
    page = HandbookPage(view, language, procedure_page_path(procedure_id))
    page.add_title(page.text(procedure.title).text, page.inline(procedure.title))
    page.add(_deadlines_box(page, procedure))
    page.put_notice_here()  # the deadlines stay where the eye lands first
    page.add(f"## {escape_inline(page.ui('when_to_use'))} {{#when}}", page.md_block(procedure.when))
    svg = procedure_flowchart_svg(procedure, page.localize, view.interface.handbook, id_prefix=f"flowchart-{procedure_id}")
    figure = page.render("flowchart", svg=ready_html(svg))
    page.add(f"## {escape_inline(page.ui('flowchart'))} {{#flowchart}}", figure)
    page.add(f"## {escape_inline(page.ui('steps'))} {{#steps}}")
    if not view.site.url and any(step.faq for step in procedure.steps):
        page.add(page.render("note", text=page.ui("links_are_relative")))
    replies = [step.say for step in procedure.steps if step.say]
    if replies or any(step.faq for step in procedure.steps):
        page.add(composer_box(page, replies))
    numbers = {step.id: index + 1 for index, step in enumerate(procedure.steps)}
    for index, step in enumerate(procedure.steps):
        page.add(*_step_blocks(page, procedure, step, index + 1, numbers))
    if procedure.escalate:
        page.add(f"## {escape_inline(page.ui('escalate'))} {{#escalate}}", page.md_block(procedure.escalate, "hb-escalate"))
    if procedure.reviewed:
        page.add(page.render("note", text=page.ui("reviewed", date=str(procedure.reviewed))))
    return page.finish()


def _deadlines_box(page: HandbookPage, procedure: Procedure) -> str:
    """The box at the top of a procedure: first-reply and resolution deadlines, and a jump to escalation."""
    return page.render(
        "deadlines",
        title=page.ui("deadlines"),
        deadlines=deadlines(page, procedure),
        escalate=page.ui("escalate_jump") if procedure.escalate else "",
    )


def _step_blocks(page: HandbookPage, procedure: Procedure, step: Step, number: int, numbers: dict[str, int]) -> list[str]:
    """A step: its numbered heading (the anchor branches link to), what to do, the reply, the links, the branches."""
    blocks = [f"### {number}. {page.inline(step.title)} {{#{step_anchor(step.id)}}}"]
    inner = [page.md_block(step.do)]
    if step.say:
        inner.append(_reply_box(page, step.say))
    if step.faq:
        inner.append(links_box(page, list(step.faq), show_questions=True))
    inner.append(_branch_list(page, procedure, step, number, numbers))
    blocks.append(page.render("step", blocks=[ready_html(block) for block in inner if block]))
    return blocks


def _reply_box(page: HandbookPage, say: Text) -> str:
    """The canned reply in every language it is written in (the page's shown, the composer shows the buyer's),
    placeholders marked, and a button that copies it (as written, or as the composer fills it in)."""
    view = page.view
    localized = page.text(say)
    written = [code for code in view.site.languages if code in say.strings]
    versions = [
        {
            "language": code,
            "lang": "" if code == page.language else code,
            "raw": say.strings[code],
            "shown": code == localized.language,
            "parts": _parts(say.strings[code]),
        }
        for code in written
    ]
    return page.render(
        "reply-box",
        title=page.ui("reply_to_paste"),
        copy=copy_words(page, "copy_reply"),
        raw=localized.text,
        # The shown version alone, as shops' own reply-box templates read it: its language when a fallback, its parts.
        language=localized.language if localized.is_fallback else "",
        parts=_parts(localized.text),
        written_label=page.ui("written_in"),
        written=[
            {"code": code, "name": view.interface.languages[code].native_name, "shown": code == localized.language}
            for code in written
        ],
        versions=versions,
        hint=page.ui("placeholder_hint") if PLACEHOLDER.search(localized.text) else "",
    )


def _parts(raw: str) -> list[dict]:
    """A reply as {text, placeholder} pieces: the placeholders are marked on the page."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(raw):
        parts += [{"text": raw[position : match.start()], "placeholder": False}, {"text": match.group(), "placeholder": True}]
        position = match.end()
    parts.append({"text": raw[position:], "placeholder": False})
    return parts


def _branch_list(page: HandbookPage, procedure: Procedure, step: Step, number: int, numbers: dict[str, int]) -> str:
    """ "If ... go to step N" for each branch, then where the procedure goes otherwise (or, for a step
    without branches whose `next` is not the step below, where it goes then)."""
    following = procedure.step_after(step)
    jumps = step.next_step is not None
    if not step.branches and not jumps:
        return ""
    steps_by_id = {s.id: s for s in procedure.steps}
    branches = []
    for branch in step.branches or []:
        target = steps_by_id[branch.goto]
        branches.append(
            {
                "condition": ready_html(page.inline_html(branch.condition)),
                "anchor": step_anchor(target.id),
                "go_to": page.ui("go_to_step", n=numbers[target.id]),
                "title": ready_html(page.inline_html(target.title)),
            }
        )
    otherwise = None
    if following is not None:
        otherwise = {
            "anchor": step_anchor(following.id),
            "go_to": page.ui("go_to_step" if jumps else "otherwise_next", n=numbers[following.id]),
            "title": ready_html(page.inline_html(following.title)),
        }
    return page.render(
        "branches",
        branches=branches,
        if_label=page.ui("if"),
        otherwise_label=page.ui("otherwise" if step.branches else "then"),
        otherwise=otherwise,
        end=page.ui("otherwise_end"),
    )
