"""The agents' handbook: page sources for every handbook language, from a `HandbookView`.

An agent opens the handbook on a desktop in the middle of a chat and needs the
procedure for the situation: what to do in order, the reply to paste, the
deadline, when to escalate, and the link to send the buyer. Everything agents
read is here, in one place: the procedures, the whole FAQ and every warranty
policy, each with its agent notes beside the public text.

Page structure (per language; the default language at the root, the others
under `/<code>/`; the handbook's languages are the ones its procedures are
written in, `HandbookView.languages`):

    index.md                  procedures at a glance, links to everything else
    quick-reference.md        deadlines, who pays shipping, warranty terms, contact channels
    procedures/<id>.md        one page per procedure: deadlines box, when, flowchart, steps, escalation
    faq/<category>.md         the FAQ with agent notes and the buyers' links of every entry
    warranty/<id>.md          one page per warranty policy, agent note included

Seller Markdown goes into the page as Markdown; everything kbgen adds around it
(deadline box, reply box, copy buttons, links) is written as HTML, so seller
text is escaped there and never read as markup. A text shown in the default
language because the page's language has none carries its own `lang`, and the
page says once, at the top, that parts of it are not yet translated.

The handbook is its own MkDocs build, with its own theme folder (`noindex,
nofollow` on every page, an "internal" bar), its own search (kbgen's engine, as on
the buyers' site: render/handbook_search.py) and nothing on the buyers' site links to it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ...languages import SUPPORTED_LANGUAGES
from ...model import Contact, Duration, FaqEntry, Markdown, Procedure, Step, Text, Warranty
from ...view import CategoryView, HandbookView, Localized, LocalizedMarkdown, Localizer
from .flowchart import procedure_flowchart_svg
from ..shared.formatting import contact_href, format_price, plain_address
from ..shared.urls import HOME_PAGE, QUICK_REFERENCE_PAGE, category_page_path, faq_entry_url, procedure_page_path, step_anchor, warranty_page_path
from .search_documents import handbook_search_files
from ..shared.html_blocks import HtmlBlocks
from ..shared.html_templates import ready_html
from ..shared.page import Page
from ..shared.markup import escape_inline, material_safe
from ..shared.mkdocs_config import base_mkdocs_config
from ..shared.site_files import RenderedSite

HANDBOOK_THEME_DIR = Path(__file__).parent / "theme"
HANDBOOK_ASSETS_DIR = Path(__file__).parent / "assets"
# Built-site path -> file in HANDBOOK_ASSETS_DIR.
HANDBOOK_ASSETS = {"assets/kbgen-handbook.css": "handbook.css", "assets/kbgen-handbook.js": "handbook.js"}

# The handbook's interface strings for an amount of each unit of a `Duration` ("72 hours", "72 часа").
_DURATION_KEYS = {"m": "minutes", "h": "hours_n", "d": "days"}

# Placeholders in canned replies: `{order_id}`, `{имя}`: braces around a name without spaces.
PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")


# --- the site ----------------------------------------------------------------------------------


def render_handbook_site(view: HandbookView) -> RenderedSite:
    """Every page of the handbook in every handbook language, its MkDocs config and its assets."""
    site = RenderedSite(theme_dir=HANDBOOK_THEME_DIR)
    for language in view.languages:
        for source, text in render_language(view, language).items():
            site.add_page(language, source, text)
    site.mkdocs_config = handbook_mkdocs_config(view)
    for target, name in HANDBOOK_ASSETS.items():
        site.extra_files[target] = (HANDBOOK_ASSETS_DIR / name).read_bytes()
    # Internal pages: ask well-behaved crawlers to stay out, should the handbook be published by mistake.
    site.extra_files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
    site.extra_files.update(handbook_search_files(view))
    return site


def render_language(view: HandbookView, language: str) -> dict[str, str]:
    """Page source path -> Markdown, for one language."""
    pages = {
        HOME_PAGE: render_home_page(view, language),
        QUICK_REFERENCE_PAGE: render_quick_reference_page(view, language),
    }
    for procedure_id, procedure in view.procedures.items():
        pages[procedure_page_path(procedure_id)] = render_procedure_page(view, procedure_id, procedure, language)
    for category in view.categories:
        pages[category_page_path(category.id)] = render_faq_page(view, category, language)
    for policy_id, policy in view.warranties.items():
        pages[warranty_page_path(policy_id)] = render_warranty_page(view, policy_id, policy, language)
    return pages


def handbook_mkdocs_config(view: HandbookView) -> dict:
    """The shared base config, made the handbook's: its theme folder, palette, per-language navigation."""
    languages = view.languages
    shop_names = {code: Localizer(code, view.default_language)(view.site.shop.name).text for code in languages}
    words = view.interface.handbook
    site_names = {code: material_safe(words(code, "site_name", shop=shop_names[code])) for code in languages}
    # No site_url: the site.yml `url` is where the BUYERS' site lives; the handbook must not claim it.
    config = base_mkdocs_config(
        theme_dir=HANDBOOK_THEME_DIR, site_name=site_names[view.default_language], languages=languages, site_names=site_names, site_url=None
    )
    theme = config["theme"]
    theme["features"] = ["navigation.sections", "navigation.top", "toc.follow"]
    # A palette unlike the buyers' site, so an agent sees at a glance which site is open.
    theme["palette"] = {"scheme": "default", "primary": "deep purple", "accent": "amber"}
    i18n = _i18n_plugin_config(config)
    for language_config in i18n["languages"]:
        code = language_config["locale"]
        language_config["nav"] = handbook_nav(view, code)
        language_config["extra"] = {"kbgen_handbook": {"announce": words(code, "internal_notice")}}
    config["extra"] = {"kbgen_handbook": {"announce": words(view.default_language, "internal_notice")}}
    config["extra_css"] = [path for path in HANDBOOK_ASSETS if path.endswith(".css")]
    config["extra_javascript"] = [path for path in HANDBOOK_ASSETS if path.endswith(".js")]
    return config


def _i18n_plugin_config(config: dict) -> dict:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]
    raise LookupError("the base MkDocs config has no i18n plugin")


def handbook_nav(view: HandbookView, language: str) -> list:
    """The navigation in `language`: home, quick reference, procedures, FAQ, warranty; titles localized."""
    def title(text: Text) -> str:
        return material_safe(localize(text).text)

    localize = Localizer(language, view.default_language)
    words = view.interface.handbook
    nav: list = [{words(language, "handbook"): HOME_PAGE}, {words(language, "quick_reference"): QUICK_REFERENCE_PAGE}]
    if view.procedures:
        nav.append(
            {
                words(language, "procedures"): [
                    {title(procedure.title): procedure_page_path(pid)} for pid, procedure in view.procedures.items()
                ]
            }
        )
    if view.categories:
        nav.append(
            {words(language, "faq"): [{title(c.category.title): category_page_path(c.id)} for c in view.categories]}
        )
    if view.warranties:
        nav.append(
            {
                words(language, "warranty"): [
                    {title(policy.title): warranty_page_path(pid)} for pid, policy in view.warranties.items()
                ]
            }
        )
    return nav


# --- writing one page --------------------------------------------------------------------------


class HandbookPage(Page):
    """One handbook page in one language: a text shown in the default language carries its own `lang`,
    and the page says once, near the top, that parts of it are not yet translated (`finish`)."""

    def __init__(self, view: HandbookView, language: str, path: str):
        super().__init__(view, language, path, view.interface.handbook)
        self.lines: list[str] = []
        self.notice_at = 1  # where the "not yet translated" notice goes: under the title, unless moved
        self.title: str | None = None  # the page's title as plain text, for MkDocs (front matter)
        self.html_blocks = HtmlBlocks()

    def render(self, template: str, /, **values) -> str:
        """A template of the handbook's (`handbook/<template>.html`), filled in."""
        return self.view.templates.render(f"handbook/{template}.html", **values)

    def inline(self, text: Text) -> str:
        """A seller text for a Markdown line or heading."""
        return self._fallback_text(self.text(text), escape_inline)

    def md_cell(self, text: Text) -> str:
        """A seller text for a Markdown table cell (a `|` would end the cell)."""
        return self.inline(text).replace("|", "\\|")

    def inline_html(self, text: Text) -> str:
        """A seller text inside kbgen's HTML."""
        return self._fallback_text(self.text(text), html.escape)

    def _fallback_text(self, localized: Localized, escape) -> str:
        escaped = escape(localized.text)
        if localized.is_fallback:
            return self.render("fallback-text", language=localized.language, text=ready_html(escaped))
        return escaped

    def md_block(self, markdown: Markdown, css_class: str = "") -> str:
        """Seller Markdown as HTML, converted here once (MkDocs passes raw HTML through); in a div when it
        needs a class or its own `lang`."""
        return self._block(self.markdown(markdown), css_class)

    def answer_block(self, entry: FaqEntry, css_class: str) -> str:
        """An entry's public answer as `md_block` writes Markdown, from the build's one record of it (`view.answer`)."""
        return self._block(self.answer(entry), css_class)

    def _block(self, localized: LocalizedMarkdown, css_class: str) -> str:
        classes = " ".join(c for c in (css_class, "kb-fallback" if localized.is_fallback else "") if c)
        if not classes:
            return localized.html
        language = localized.language if localized.is_fallback else ""
        return self.render("block", classes=classes, language=language, html=ready_html(localized.html))

    # The page.
    def add_title(self, plain: str, markdown: str) -> None:
        """The page's `# heading` (Markdown) and its title as plain text, which MkDocs and Material show
        in the header, the browser tab and the search results (given in front matter, made safe there)."""
        self.title = plain
        self.add(f"# {markdown}")

    def add(self, *blocks: str) -> None:
        self.lines.extend(blocks)

    def add_html(self, html: str) -> None:
        """Ready-made HTML, handed to MkDocs apart from the Markdown (render/html_blocks.py)."""
        self.lines.append(self.html_blocks.place(html))

    def put_notice_here(self) -> None:
        """Put the "not yet translated" notice (if the page needs one) after the blocks added so far."""
        self.notice_at = len(self.lines)

    def finish(self) -> str:
        """The page's Markdown; a page with any fallback text says so once, near the top."""
        blocks = list(self.lines)
        if self.fell_back:
            language = SUPPORTED_LANGUAGES[self.view.default_language].native_name
            notice = self.render("page-not-translated", notice=self.ui("page_not_translated", language=language))
            blocks.insert(self.notice_at, notice)
        if self.title is not None:
            blocks.insert(0, f"---\ntitle: {json.dumps(material_safe(self.title), ensure_ascii=False)}\n---")
        return self.html_blocks.attach("\n\n".join(blocks) + "\n")


def _copy_button(page: HandbookPage, text: str, label: str, *, name: str = "") -> str:
    return page.render(
        "copy-button", text=text, copied=page.ui("copied"), failed=page.ui("copy_failed"), name=name, label=label
    )


def _deadline_text(page: HandbookPage, duration: Duration | None) -> str:
    if duration is None:
        return page.ui("not_set")
    return page.ui(_DURATION_KEYS[duration.unit], n=duration.amount)


# --- procedure pages ---------------------------------------------------------------------------


def render_procedure_page(view: HandbookView, procedure_id: str, procedure: Procedure, language: str) -> str:
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
        deadlines=_deadlines(page, procedure),
        escalate=page.ui("escalate_jump") if procedure.escalate else "",
    )


def _deadlines(page: HandbookPage, procedure: Procedure) -> list[dict]:
    sla = procedure.sla
    return [
        {"label": page.ui("first_reply"), "value": _deadline_text(page, sla.first_reply if sla else None)},
        {"label": page.ui("resolve"), "value": _deadline_text(page, sla.resolve if sla else None)},
    ]


def _step_blocks(page: HandbookPage, procedure: Procedure, step: Step, number: int, numbers: dict[str, int]) -> list[str]:
    """A step: its numbered heading (the anchor branches link to), what to do, the reply, the links, the branches."""
    blocks = [f"### {number}. {page.inline(step.title)} {{#{step_anchor(step.id)}}}"]
    inner = [page.md_block(step.do)]
    if step.say:
        inner.append(_reply_box(page, step.say))
    if step.faq:
        inner.append(_links_box(page, list(step.faq), show_questions=True))
    inner.append(_branch_list(page, procedure, step, number, numbers))
    blocks.append(page.render("step", blocks=[ready_html(block) for block in inner if block]))
    return blocks


def _reply_box(page: HandbookPage, say: Text) -> str:
    """The canned reply: placeholders marked, a button that copies the raw text (placeholders included)."""
    localized = page.text(say)
    raw = localized.text
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(raw):
        parts += [{"text": raw[position : match.start()], "placeholder": False}, {"text": match.group(), "placeholder": True}]
        position = match.end()
    parts.append({"text": raw[position:], "placeholder": False})
    return page.render(
        "reply-box",
        title=page.ui("reply_to_paste"),
        button=ready_html(_copy_button(page, raw, page.ui("copy_reply"))),
        language=localized.language if localized.is_fallback else "",
        parts=parts,
        hint=page.ui("placeholder_hint") if PLACEHOLDER.search(raw) else "",
    )


def _links_box(page: HandbookPage, entry_ids: list[str], *, show_questions: bool) -> str:
    """The buyers' links of FAQ entries, one per buyer language, each with a copy button."""
    view = page.view
    entries = []
    for entry_id in entry_ids:
        category_id, entry = view.entry(entry_id)
        entries.append(
            {
                "question": ready_html(page.inline_html(entry.question)) if show_questions else "",
                "href": page.href(category_page_path(category_id), entry.id),
                "rows": [ready_html(_link_row(page, category_id, entry, language)) for language in view.site.languages],
            }
        )
    return page.render("links-box", title=page.ui("links_to_send"), entries=entries)


def _link_row(page: HandbookPage, category_id: str, entry: FaqEntry, buyer_language: str) -> str:
    view = page.view
    url = faq_entry_url(
        category_id, entry.id, language=buyer_language, default_language=view.default_language, site_url=view.site.url
    )
    name = SUPPORTED_LANGUAGES[buyer_language].native_name
    question = Localizer(buyer_language, view.default_language)(entry.question)
    return page.render(
        "link-row",
        language=buyer_language,
        name=name,
        url=url,
        # Only an absolute URL can be followed from here; a relative one is for pasting next to the shop's address.
        followable=bool(view.site.url),
        button=ready_html(_copy_button(page, url, page.ui("copy_link"), name=f"{page.ui('copy_link')}: {name}")),
        question=question,
        untranslated=page.ui("untranslated") if question.is_fallback else "",
    )


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


# --- FAQ and warranty pages --------------------------------------------------------------------


def _agent_note_box(page: HandbookPage, note: Markdown) -> str:
    """An agent note: a box no one can take for the public text, labelled as never for buyers."""
    localized = page.markdown(note)
    return page.render(
        "agent-note",
        language=localized.language if localized.is_fallback else "",
        page_language=page.language,
        label=page.ui("agent_note"),
        html=ready_html(localized.html),
    )


def render_faq_page(view: HandbookView, category: CategoryView, language: str) -> str:
    """A FAQ category: every entry's public answer, its agent note beside it, and the links to send."""
    page = HandbookPage(view, language, category_page_path(category.id))
    page.add_title(page.text(category.category.title).text, page.inline(category.category.title))
    if not view.site.url and category.entries:
        page.add(page.render("note", text=page.ui("links_are_relative")))
    for entry in category.entries:
        # The question stays Markdown (anchor, table of contents); the rest is ready-made HTML.
        page.add(f"## {page.inline(entry.question)} {{#{entry.id}}}")
        page.add_html(_faq_entry_body(page, entry))
    return page.finish()


def _faq_entry_body(page: HandbookPage, entry: FaqEntry) -> str:
    """An entry under its question: the public answer, the agent note, the links to send, and its facts."""
    view = page.view
    warranty = related = None
    if entry.warranty:
        policy = view.warranties[entry.warranty]
        warranty = {
            "label": page.ui("warranty_policy"),
            "href": page.href(warranty_page_path(entry.warranty)),
            "title": ready_html(page.inline_html(policy.title)),
        }
    if entry.related:
        links = []
        for related_id in entry.related:
            related_category, related_entry = view.entry(related_id)
            links.append(
                {"href": page.href(category_page_path(related_category), related_entry.id), "question": ready_html(page.inline_html(related_entry.question))}
            )
        related = {"label": page.ui("related"), "links": links}
    return page.render(
        "faq-entry",
        answer_label=page.ui("public_answer"),
        answer=ready_html(page.answer_block(entry, "hb-public-answer")),
        agent_note=ready_html(_agent_note_box(page, entry.agent_note)) if entry.agent_note else "",
        links=ready_html(_links_box(page, [entry.id], show_questions=False)),
        warranty=warranty,
        related=related,
        reviewed=page.ui("reviewed", date=str(entry.reviewed)) if entry.reviewed else "",
    )


def render_warranty_page(view: HandbookView, policy_id: str, policy: Warranty, language: str) -> str:
    """A warranty policy as buyers read it, its agent note near the top, and the FAQ entries about it."""
    page = HandbookPage(view, language, warranty_page_path(policy_id))
    page.add_title(page.text(policy.title).text, page.inline(policy.title))
    page.add(
        f"| {escape_inline(page.ui('applies_to'))} | {escape_inline(page.ui('duration'))} | {escape_inline(page.ui('starts_on'))} |\n"
        "| --- | --- | --- |\n"
        f"| {page.md_cell(policy.applies_to)} | {escape_inline(page.ui('months', n=policy.duration_months))} "
        f"| {escape_inline(page.ui('starts_on_' + policy.starts_on))} |"
    )
    if policy.agent_note:
        page.add(_agent_note_box(page, policy.agent_note))
    page.add(f"## {escape_inline(page.ui('covers'))}", "\n".join(f"- {page.inline(item)}" for item in policy.covers))
    page.add(f"## {escape_inline(page.ui('excludes'))}")
    page.add("\n".join(f"- {page.inline(item)}" for item in policy.excludes) or escape_inline(page.ui("nothing_excluded")))
    page.add(f"## {escape_inline(page.ui('claim_steps'))}", _numbered_markdown(page, policy.claim_steps))
    page.add(f"## {escape_inline(page.ui('costs'))}")
    page.add(page.md_block(policy.costs) if policy.costs else f"*{escape_inline(page.ui('costs_not_stated'))}*")
    if policy.extensions:
        page.add(f"## {escape_inline(page.ui('extensions'))}")
        page.add(
            "\n".join(
                "- " + escape_inline(
                    page.ui(
                        "extension",
                        months=page.ui("months", n=extension.extra_months),
                        price=format_price(extension.price.amount, extension.price.currency, page.language),
                    )
                )
                for extension in policy.extensions
            )
        )
    about = [(cid, entry) for cid, entry in view.entries() if entry.warranty == policy_id]
    if about:
        page.add(f"## {escape_inline(page.ui('faq_about_policy'))}")
        page.add(
            "\n".join(
                f"- [{page.inline(entry.question)}]({page.link(category_page_path(cid), entry.id)})"
                for cid, entry in about
            )
        )
    if policy.reviewed:
        page.add(page.render("note", text=page.ui("reviewed", date=str(policy.reviewed))))
    return page.finish()


def _numbered_markdown(page: HandbookPage, items: list[Text]) -> str:
    """Seller Markdown items as one numbered list.

    Written as HTML list items whose content is Markdown (md_in_html's
    `markdown="block"`), so that an item shown as a fallback can carry its own
    `lang`: a Markdown list item has no place for an attribute.
    """
    shown = [page.text(item) for item in items]
    return page.render(
        "numbered-markdown",
        items=[
            {"markdown": ready_html(localized.text), "language": localized.language if localized.is_fallback else ""}
            for localized in shown
        ],
    )


# --- home and quick reference ------------------------------------------------------------------


def render_home_page(view: HandbookView, language: str) -> str:
    """The handbook's front page: every procedure with its deadlines and when to use it, links to the rest.

    (That the handbook is internal is said by the bar at the top of every page, see handbook_theme/main.html.)
    """
    page = HandbookPage(view, language, HOME_PAGE)
    shop = page.text(view.site.shop.name).text
    page.add_title(f"{page.ui('handbook')}: {shop}", f"{escape_inline(page.ui('handbook'))}: {page.inline(view.site.shop.name)}")
    page.add(f"## {escape_inline(page.ui('procedures'))} {{#procedures}}")
    if not view.procedures:
        page.add(escape_inline(page.ui("no_procedures")))
    for procedure_id, procedure in view.procedures.items():
        page.add(
            page.render(
                "procedure-card",
                href=page.href(procedure_page_path(procedure_id)),
                title=ready_html(page.inline_html(procedure.title)),
                deadlines=_deadlines(page, procedure),
                when=ready_html(page.md_block(procedure.when)),
            )
        )
    page.add(f"## {escape_inline(page.ui('quick_reference'))} {{#quick-reference}}")
    page.add(f"- [{escape_inline(page.ui('quick_reference'))}]({page.link(QUICK_REFERENCE_PAGE)})")
    if view.categories:
        page.add(f"## {escape_inline(page.ui('faq'))} {{#faq}}")
        page.add(
            "\n".join(
                f"- [{page.inline(category.category.title)}]({page.link(category_page_path(category.id))})"
                for category in view.categories
            )
        )
    if view.warranties:
        page.add(f"## {escape_inline(page.ui('warranty'))} {{#warranty}}")
        page.add(
            "\n".join(
                f"- [{page.inline(policy.title)}]({page.link(warranty_page_path(pid))})"
                for pid, policy in view.warranties.items()
            )
        )
    return page.finish()


def render_quick_reference_page(view: HandbookView, language: str) -> str:
    """One page to keep open: deadlines, who pays shipping, warranty terms, contact channels with hours."""
    page = HandbookPage(view, language, QUICK_REFERENCE_PAGE)
    page.add_title(page.ui("quick_reference"), escape_inline(page.ui("quick_reference")))

    page.add(f"## {escape_inline(page.ui('deadlines'))} {{#deadlines}}")
    if view.procedures:
        rows = [
            f"| {escape_inline(page.ui('procedure'))} | {escape_inline(page.ui('first_reply'))} | {escape_inline(page.ui('resolve'))} |",
            "| --- | --- | --- |",
        ]
        for procedure_id, procedure in view.procedures.items():
            sla = procedure.sla
            link = f"[{page.md_cell(procedure.title)}]({page.link(procedure_page_path(procedure_id))})"
            rows.append(
                f"| {link} | {escape_inline(_deadline_text(page, sla.first_reply if sla else None))} "
                f"| {escape_inline(_deadline_text(page, sla.resolve if sla else None))} |"
            )
        page.add("\n".join(rows))
    else:
        page.add(escape_inline(page.ui("no_procedures")))

    if view.warranties:
        # Who pays is the sellers' own words from each policy's `costs`: nothing is summarised or guessed.
        page.add(f"## {escape_inline(page.ui('shipping_costs'))} {{#shipping}}")
        for policy_id, policy in view.warranties.items():
            costs = page.md_block(policy.costs) if policy.costs else f"*{escape_inline(page.ui('costs_not_stated'))}*"
            page.add(
                page.render(
                    "costs",
                    href=page.href(warranty_page_path(policy_id)),
                    title=ready_html(page.inline_html(policy.title)),
                    costs=ready_html(costs),
                )
            )
        page.add(f"## {escape_inline(page.ui('warranty_terms'))} {{#warranty}}")
        rows = [
            f"| {escape_inline(page.ui('policy'))} | {escape_inline(page.ui('applies_to'))} "
            f"| {escape_inline(page.ui('duration'))} | {escape_inline(page.ui('starts_on'))} |",
            "| --- | --- | --- | --- |",
        ]
        for policy_id, policy in view.warranties.items():
            link = f"[{page.md_cell(policy.title)}]({page.link(warranty_page_path(policy_id))})"
            rows.append(
                f"| {link} | {page.md_cell(policy.applies_to)} | {escape_inline(page.ui('months', n=policy.duration_months))} "
                f"| {escape_inline(page.ui('starts_on_' + policy.starts_on))} |"
            )
        page.add("\n".join(rows))

    page.add(f"## {escape_inline(page.ui('contact'))} {{#contact}}")
    rows = [
        f"| {escape_inline(page.ui('channel'))} | {escape_inline(page.ui('address'))} "
        f"| {escape_inline(page.ui('hours'))} | {escape_inline(page.ui('response_time'))} |",
        "| --- | --- | --- | --- |",
    ]
    for contact in view.contacts:
        label = f"{page.md_cell(contact.label)} ({escape_inline(page.ui('channel_' + contact.channel))})"
        hours = page.md_cell(contact.hours) if contact.hours else "—"
        response = escape_inline(_deadline_text(page, contact.response_time)) if contact.response_time else "—"
        rows.append(f"| {label} | {_contact_link(page, contact)} | {hours} | {response} |")
    page.add("\n".join(rows))
    return page.finish()


def _contact_link(page: HandbookPage, contact: Contact) -> str:
    """The channel's address as a link, as the buyers' contact page links it (render/formatting.py); the whole
    address shown, which agents copy."""
    shown = plain_address(contact.address) if contact.channel in ("email", "phone") else contact.address
    # In a Markdown table cell, where a `|` would end the cell.
    return page.render("contact-link", href=contact_href(contact), shown=shown).replace("|", "&#124;")
