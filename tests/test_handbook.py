"""The agents' handbook: a new agent mid-chat finds the procedure, the reply to paste, the deadline,
when to escalate and the link to send the buyer.

Structural checks read the built HTML of the sample shop and ru-shop (the
`built` fixture); what they expect is computed from the same knowledge base,
never from the sample's own ids or languages. The flowchart's geometry is
checked on generated procedures; the copy button is clicked in Chromium.
"""

from __future__ import annotations

import html.parser
import json
import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, RU_SHOP, SAMPLE_SOURCE, search_with_box, write_tree
from generator.build import build_site
from generator.model import Branch, Procedure, Step, Text
from generator.render.handbook.flowchart import NODE_WIDTH, TITLE_SIZE, procedure_flowchart_svg, text_width, wrap_text
from generator.render.handbook.procedure_page import PLACEHOLDER
from generator.render.shared.urls import faq_entry_url, handbook_page_url, procedure_page_path, public_page_url, step_anchor
from generator.interface_text import InterfaceText
from generator.validate import load_knowledge_base
from generator.view import HandbookView, Localizer

SOURCES = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}
ROBOTS = '<meta name="robots" content="noindex, nofollow">'

#: kbgen's own handbook strings (no shop overrides), to compare pages with.
hb = InterfaceText().handbook


def duration_text(language: str, duration) -> str:
    return hb(language, {"m": "minutes", "h": "hours_n", "d": "days"}[duration.unit], n=duration.amount)


# --- a small DOM over html.parser, enough to read our pages ---------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Element | None"):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def elements(self) -> list["Element"]:
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self):
        for child in self.elements():
            yield child
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes())
            and all(element.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


@lru_cache(maxsize=None)
def parse(path: Path) -> Element:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def article(path: Path) -> Element:
    found = parse(path).find("article")
    assert found is not None, path
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


# --- the shops -------------------------------------------------------------------------------------


@pytest.fixture(params=sorted(SOURCES))
def shop(request, built):
    """(knowledge base, handbook view, OUT) of the sample shop or ru-shop."""
    kb = load_knowledge_base(SOURCES[request.param])
    return kb, HandbookView(kb), built(request.param)


def handbook_file(out: Path, view: HandbookView, language: str, source: str) -> Path:
    """The built file of a handbook page source (`procedures/x.md`) in `language`."""
    folder = out / "handbook"
    if language != view.default_language:
        folder = folder / language
    path = source.removesuffix(".md")
    return folder / "index.html" if path == "index" else folder / path / "index.html"


# --- languages, indexing ---------------------------------------------------------------------------


def test_the_handbook_is_built_in_the_languages_its_procedures_are_written_in(shop):
    kb, view, out = shop
    written = {code for procedure in kb.procedures.values() for code in procedure.title.strings}
    assert view.languages[0] == kb.default_language
    assert set(view.languages) >= written
    for code in kb.languages:
        home = handbook_file(out, view, code, "index.md")
        if code in view.languages:
            assert f'<html lang="{code}"' in home.read_text(encoding="utf-8")
        else:
            assert not (out / "handbook" / code).exists(), f"{code} has no procedure text, so no handbook"


def test_every_handbook_page_asks_not_to_be_indexed(shop):
    _, _, out = shop
    pages = sorted((out / "handbook").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert ROBOTS in page.read_text(encoding="utf-8"), page
    assert (out / "handbook" / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    sitemap = (out / "handbook" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<urlset" in sitemap and "<url>" not in sitemap, "the handbook's sitemap lists no page"


def test_labels_are_joined_to_their_text_by_the_languages_own_colon(built):
    """A Chinese agent reads 自测：退货… and 首次回复：2 小时, not a Latin colon; a Russian one keeps ': '."""
    kb = load_knowledge_base(SAMPLE_SOURCE)
    view = HandbookView(kb)
    out = built("sample")
    for language, colon in (("zh-Hans", "："), ("ru", ": ")):
        start = handbook_file(out, view, language, "start-here.md").read_text(encoding="utf-8")
        home = handbook_file(out, view, language, "index.md").read_text(encoding="utf-8")
        assert f"{hb(language, 'self_check')}{colon}" in start
        assert f"</a>{colon}{hb(language, 'quick_reference_about')}" in start
        assert f"{hb(language, 'handbook')}{colon}" in home
        # The home page says what the Start here page holds, not its intro ("read in the following order").
        assert f"</a>{colon}{hb(language, 'start_here_about')}" in home and hb(language, "start_intro") not in home
        if language == "zh-Hans":
            assert f"{hb(language, 'self_check')}: " not in start and "</a>: " not in start


# --- procedure pages -------------------------------------------------------------------------------


def test_a_procedure_page_puts_the_deadlines_first_then_when_flowchart_steps_and_escalation(shop):
    kb, view, out = shop
    assert kb.procedures
    for language in view.languages:
        localize = view.localizer(language)
        for procedure_id, procedure in kb.procedures.items():
            page = article(handbook_file(out, view, language, procedure_page_path(procedure_id)))
            blocks = page.elements()
            assert blocks[0].tag == "h1" and squash(localize(procedure.title).text) in squash(blocks[0].text())
            deadlines = blocks[1]
            assert "hb-deadlines" in deadlines.classes(), "the deadlines box comes right under the title"
            values = [squash(v.text()) for v in deadlines.find_all(cls="hb-deadline__value")]
            expected = [
                duration_text(language, d) if d else hb(language, "not_set")
                for d in ((procedure.sla.first_reply, procedure.sla.resolve) if procedure.sla else (None, None))
            ]
            assert values == expected
            headings = [h.get("id") for h in page.find_all() if h.tag in ("h2", "h3")]
            expected_order = ["when", "flowchart", "steps", *[step_anchor(s.id) for s in procedure.steps]]
            if procedure.escalate:
                expected_order.append("escalate")
                assert deadlines.find("a", href="#escalate") is not None
            assert headings == expected_order
            for number, step in enumerate(procedure.steps, start=1):
                heading = page.find("h3", id=step_anchor(step.id))
                assert squash(heading.text()).startswith(f"{number}. ")


def test_every_step_has_its_reply_links_and_branches(shop):
    kb, view, out = shop
    for language in view.languages:
        localize = view.localizer(language)
        for procedure_id, procedure in kb.procedures.items():
            page = article(handbook_file(out, view, language, procedure_page_path(procedure_id)))
            steps = page.find_all("div", cls="hb-step")
            assert len(steps) == len(procedure.steps)
            numbers = {s.id: n for n, s in enumerate(procedure.steps, start=1)}
            for number, (step, block) in enumerate(zip(procedure.steps, steps), start=1):
                _check_reply(step, block, localize, view)
                _check_links(step, block, view)
                _check_branches(procedure, step, number, block, numbers, language)


def _check_reply(step: Step, block: Element, localize: Localizer, view: HandbookView) -> None:
    reply = block.find("div", cls="hb-reply")
    if not step.say:
        assert reply is None
        return
    shown = localize(step.say)
    raw = shown.text
    button = reply.find("button", cls="hb-copy")
    assert button.get("data-copy") == raw, "without script the button copies the page's text, placeholders included"
    versions = reply.find_all("p", cls="hb-reply__text")
    # Every language the reply is written in is on the page (the composer shows the buyer's); the page's shows.
    assert [v.get("data-hb-reply-language") for v in versions] == [c for c in view.site.languages if c in step.say.strings]
    for version in versions:
        code = version.get("data-hb-reply-language")
        assert version.text() == step.say.strings[code] == version.get("data-hb-raw")
        assert ("hidden" not in version.attrs) == (code == shown.language)
        marked = [mark.text() for mark in version.find_all("mark", cls="hb-placeholder")]
        assert marked == PLACEHOLDER.findall(step.say.strings[code])
    written = [tag.get("data-hb-written") for tag in reply.find_all("button", cls="hb-reply__language")]
    assert written == [v.get("data-hb-reply-language") for v in versions]


def _check_links(step: Step, block: Element, view: HandbookView) -> None:
    links = block.find("div", cls="hb-links")
    if not step.faq:
        assert links is None
        return
    rows = links.find_all("tr")
    assert len(rows) == len(step.faq), "one row per FAQ entry, the buyer's language picked once in the composer"
    for entry_id, row in zip(step.faq, rows):
        category_id, _ = view.entry(entry_id)
        expected = {
            code: faq_entry_url(category_id, entry_id, language=code, default_language=view.default_language,
                                site_url=view.site.url)
            for code in view.site.languages
        }
        versions = row.find_all("span", cls="hb-link__version")
        assert {v.get("data-buyer-language"): v.get("data-hb-url") for v in versions} == expected
        shown = [v.get("data-buyer-language") for v in versions if "hidden" not in v.attrs]
        assert len(shown) == 1 and row.find("button").get("data-copy") == expected[shown[0]]


def _check_branches(procedure, step: Step, number: int, block: Element, numbers, language: str) -> None:
    items = block.find_all("li", cls="hb-branch")
    if not step.branches and step.next_step is None:
        assert not items  # the step below simply follows
        return
    assert len(items) == len(step.branches or []) + 1  # and "otherwise" (or "then")
    for branch, item in zip(step.branches or [], items):
        link = item.find("a")
        assert link.get("href") == f"#{step_anchor(branch.goto)}"
        assert squash(link.text()) == hb(language, "go_to_step", n=numbers[branch.goto])
    otherwise = items[-1]
    assert "hb-branch--otherwise" in otherwise.classes()
    assert squash(otherwise.find("span", cls="hb-branch__if").text()) == hb(language, "otherwise" if step.branches else "then")
    following = procedure.step_after(step)
    if following is not None:
        assert otherwise.find("a").get("href") == f"#{step_anchor(following.id)}"
    else:
        assert otherwise.find("a") is None


def test_every_procedure_page_carries_its_flowchart_as_inline_svg(shop):
    kb, view, out = shop
    for language in view.languages:
        localize = view.localizer(language)
        for procedure_id, procedure in kb.procedures.items():
            page = article(handbook_file(out, view, language, procedure_page_path(procedure_id)))
            figure = page.find("figure", cls="hb-flowchart")
            svg = figure.find("svg")
            assert svg.get("role") == "img"
            title_id, desc_id = svg.get("aria-labelledby").split()
            assert localize(procedure.title).text in svg.find("title", id=title_id).text()
            description = svg.find("desc", id=desc_id).text()
            for step in procedure.steps:
                assert localize(step.title).text in description
            shown = squash(" ".join(t.text() for t in svg.find_all("text")))
            assert hb(language, "start") in shown and hb(language, "end") in shown
            for number in range(1, len(procedure.steps) + 1):
                assert f"{number}. " in shown
            assert len(svg.find_all("rect")) == len(procedure.steps) + 2
            assert not figure.find_all("script")
            if language.startswith(("zh", "ja", "ko")):
                assert "Noto Sans CJK" in svg.get("font-family")


def test_a_page_s_navigation_lists_its_own_part_and_links_to_the_others(shop):
    """An agent on a procedure finds the other procedures in the navigation, and the FAQ and warranty parts as
    one link each, to the part's own page, which lists its pages as the front page does: a page does not carry
    every page of every part (at 10,000 entries that was a fifth of the handbook)."""
    _, view, out = shop
    parts = {
        "procedures": [f"procedures/{pid}.md" for pid in view.procedures],
        "faq": [f"faq/{category.id}.md" for category in view.categories],
        "warranty": [f"warranty/{pid}.md" for pid in view.warranties],
    }
    for language in view.languages:
        def built(source: str) -> Path:
            return (out / "handbook" / handbook_page_url(source, language=language, default_language=view.default_language)).resolve()

        def linked_from(page_file: Path, element) -> set[Path]:
            return {(page_file.parent / link.get("href").split("#")[0]).resolve()
                    for link in element.find_all("a") if not link.get("href").startswith("#")}

        for part, sources in parts.items():
            if not sources:
                continue
            part_page = built(f"{part}.md")
            assert linked_from(part_page, parse(part_page).find("article")) == {built(source) for source in sources}
            for page_file in (part_page, built(sources[-1])):
                targets = linked_from(page_file, parse(page_file).find("nav", cls="md-nav--primary"))
                for other, other_sources in parts.items():
                    pages = {built(source) for source in other_sources} | {built(f"{other}.md")}
                    if other == part:
                        assert pages <= targets, page_file
                    elif other_sources:
                        assert pages & targets == {built(f"{other}.md")}, (page_file, other)


# --- FAQ, warranty, quick reference ----------------------------------------------------------------


def test_a_faq_page_s_table_of_contents_lists_its_questions_in_order(shop):
    """The questions' headings are ready-made HTML, not Markdown for MkDocs: the table of contents (once, in the
    navigation: sidebar and drawer) still lists every one, as its heading reads, and each heading keeps its permalink."""
    _, view, out = shop
    for language in view.languages:
        for category in view.categories:
            if not category.entries:
                continue
            page = parse(handbook_file(out, view, language, f"faq/{category.id}.md"))
            headings = page.find("article").find_all("h2")
            assert [heading.get("id") for heading in headings] == [entry.id for entry in category.entries]
            for heading in headings:
                assert heading.find("a", cls="headerlink").get("href") == f"#{heading.get('id')}"
            (table,) = page.find_all("nav", cls="md-nav--secondary")
            links = table.find_all("a", cls="md-nav__link")
            assert [link.get("href") for link in links] == [f"#{entry.id}" for entry in category.entries]
            assert [squash(link.text()) for link in links] == [squash(heading.text()).removesuffix("¶").strip() for heading in headings]


def test_the_faq_pages_show_each_agent_note_beside_its_public_answer(shop):
    kb, view, out = shop
    notes = 0
    for language in view.languages:
        localize = view.localizer(language)
        for category in view.categories:
            page = article(handbook_file(out, view, language, f"faq/{category.id}.md"))
            blocks = page.elements()
            for entry in category.entries:
                heading = page.find("h2", id=entry.id)
                after = blocks[blocks.index(heading) + 1 :]
                assert "hb-public-answer__label" in after[0].classes()
                assert "hb-public-answer" in after[1].classes()
                if entry.agent_note:
                    notes += 1
                    assert "hb-agent-note" in after[2].classes()
                    assert after[2].get("role") == "note"
                    label = after[2].find("p", cls="hb-agent-note__label")
                    assert label.text() == hb(language, "agent_note")
                    first_line = localize(entry.agent_note).text.splitlines()[0]
                    plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", first_line).lstrip("-0123456789. ")
                    assert squash(plain)[:20] in squash(after[2].text())
                else:
                    assert "hb-agent-note" not in after[2].classes()
    assert notes, "the shop has agent notes"


def test_warranty_pages_show_terms_and_agent_notes(shop):
    kb, view, out = shop
    for language in view.languages:
        for policy_id, policy in kb.warranties.items():
            page = article(handbook_file(out, view, language, f"warranty/{policy_id}.md"))
            assert hb(language, "months", n=policy.duration_months) in page.text()
            assert hb(language, f"starts_on_{policy.starts_on}") in page.text()
            assert (page.find("div", cls="hb-agent-note") is not None) == bool(policy.agent_note)
            assert len(page.find("ol", cls="hb-numbered").find_all("li")) >= len(policy.claim_steps)
            # Every offer says when it can be bought: within its window, or while the warranty runs.
            for extension in policy.extensions or []:
                if extension.buy_within_days is None:
                    window = hb(language, "extension_window_running")
                else:
                    window = hb(language, "extension_window", days=hb(language, "window_days", n=extension.buy_within_days), start=hb(language, f"starts_on_{policy.starts_on}"))
                assert window in squash(page.text())


def test_the_quick_reference_has_deadlines_shipping_costs_warranty_terms_and_contact_hours(shop):
    kb, view, out = shop
    for language in view.languages:
        localize = view.localizer(language)
        page = article(handbook_file(out, view, language, "quick-reference.md"))
        tables = page.find_all("table")
        deadlines = tables[0].find_all("tr")[1:]
        assert len(deadlines) == len(kb.procedures)
        for row, procedure in zip(deadlines, kb.procedures.values()):
            cells = [squash(cell.text()) for cell in row.find_all("td")]
            assert cells[0] == squash(localize(procedure.title).text)
            if procedure.sla and procedure.sla.first_reply:
                first = procedure.sla.first_reply
                assert cells[1] == duration_text(language, first)
        costs = page.find_all("div", cls="hb-costs")
        assert len(costs) == len(kb.warranties)
        for block, policy in zip(costs, kb.warranties.values()):
            assert squash(localize(policy.title).text) in squash(block.text())
            if policy.costs is None:
                assert hb(language, "costs_not_stated") in block.text()
        terms = tables[1].find_all("tr")[1:]
        for row, policy in zip(terms, kb.warranties.values()):
            assert hb(language, "months", n=policy.duration_months) in row.text()
            assert hb(language, f"starts_on_{policy.starts_on}") in row.text()
        contacts = tables[2].find_all("tr")[1:]
        assert len(contacts) == len(view.contacts)
        for row, contact in zip(contacts, view.contacts):
            if contact.hours:
                assert squash(localize(contact.hours).text) in squash(row.text())


def test_links_for_buyers_land_on_a_real_anchor_of_the_buyers_site_in_every_language(shop):
    kb, view, out = shop
    checked = set()
    for page_file in sorted((out / "handbook").rglob("*.html")):
        for version in parse(page_file).find_all("span", cls="hb-link__version"):
            url = version.get("data-hb-url")
            if url in checked:
                continue
            checked.add(url)
            assert not url.startswith(("/", "http")), "no site.yml url: relative to the buyers' site's root"
            path, _, anchor = url.partition("#")
            target = out / "public" / path / "index.html"
            assert target.is_file(), url
            ids = {element.get("id") for element in parse(target).iter() if element.get("id")}
            assert anchor in ids, f"{url}: no id {anchor!r} on the buyers' page"
    languages = {url.split("/")[0] for url in checked}
    assert len(checked) >= len(kb.languages)
    assert languages >= set(kb.languages[1:]), "links in every buyer language"


def test_public_urls_follow_one_scheme():
    relative = dict(default_language="ru", site_url=None)
    assert faq_entry_url("dostavka", "srok", language="ru", **relative) == "faq/dostavka/#srok"
    assert faq_entry_url("dostavka", "srok", language="ja", **relative) == "ja/faq/dostavka/#srok"
    absolute = dict(default_language="zh-Hans", site_url="https://help.example.com/shop")
    assert faq_entry_url("orders", "x", language="zh-Hans", **absolute) == "https://help.example.com/shop/faq/orders/#x"
    assert faq_entry_url("orders", "x", language="zh-Hant", **absolute) == "https://help.example.com/shop/zh-Hant/faq/orders/#x"
    assert public_page_url("index.md", language="en", **absolute) == "https://help.example.com/shop/en/"
    assert public_page_url("index.md", language="zh-Hans", **absolute) == "https://help.example.com/shop/"


# --- interface strings -----------------------------------------------------------------------------


def test_handbook_strings_by_number():
    assert hb("ru", "months", n=24) == "24 месяца" and hb("ru", "months", n=12) == "12 месяцев"
    assert hb("en", "hours_n", n=1) == "1 hour" and hb("zh-Hans", "days", n=3) == "3 天"


# --- the flowchart's geometry ----------------------------------------------------------------------


def _procedure(step_count: int, branches: list[tuple[int, int]], title_words: int = 3,
               jumps: dict[int, int] | None = None) -> Procedure:
    """A procedure built directly: step i is `s{i}`, each (source, target) pair a branch, each
    `jumps` item (source: target) a `next`."""
    procedure = Procedure.__new__(Procedure)
    procedure.title = Text({"en": "Procedure"})
    steps = []
    for index in range(step_count):
        step = Step.__new__(Step)
        step.id = f"s{index}"
        step.title = Text({"en": " ".join(["Check"] * title_words) + f" {index}"})
        step.branches = []
        step.next_step = None
        steps.append(step)
    for source, target in (jumps or {}).items():
        steps[source].next_step = f"s{target}"
    for source, target in branches:
        branch = Branch.__new__(Branch)
        branch.condition = Text({"en": f"When case {source} leads to {target} after a long check"})
        branch.goto = f"s{target}"
        steps[source].branches.append(branch)
    for step in steps:
        step.branches = step.branches or None
    procedure.steps = steps
    return procedure


def _below(procedure: Procedure, step: Step) -> Step | None:
    index = procedure.steps.index(step)
    return procedure.steps[index + 1] if index + 1 < len(procedure.steps) else None


def _segments(svg_root) -> list[tuple[str, float, float, float, float]]:
    """(stroke, x1, y1, x2, y2) of every straight piece of every arrow."""
    pieces = []
    for path in svg_root.iter("{http://www.w3.org/2000/svg}path"):
        if path.get("marker-end") is None:
            continue
        points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", path.get("d"))]
        pieces += [(path.get("stroke"), *a, *b) for a, b in zip(points, points[1:])]
    return pieces


@st.composite
def procedures(draw):
    count = draw(st.integers(min_value=1, max_value=9))
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=8))
    jumps = draw(st.dictionaries(st.integers(0, count - 1), st.integers(0, count - 1), max_size=3))
    jumps = {source: target for source, target in jumps.items() if source != target}  # validation refuses a `next` to itself
    # A `next` that names the step below is an ordinary "next" arrow; any other is drawn like a branch.
    side_jumps = [(source, target) for source, target in jumps.items() if target != source + 1]
    return _procedure(count, pairs, draw(st.integers(1, 12)), jumps), pairs + side_jumps


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(procedures())
def test_flowchart_arrows_never_share_a_lane_or_cross_a_step(generated):
    procedure, pairs = generated  # pairs: every side arrow, branches and jumping `next`s
    svg = procedure_flowchart_svg(procedure, Localizer("en", "en"), hb)
    root = ElementTree.fromstring(svg)  # well-formed XML
    rects = [
        tuple(float(r.get(k)) for k in ("x", "y", "width", "height")) for r in root.iter("{http://www.w3.org/2000/svg}rect")
    ]
    assert len(rects) == len(procedure.steps) + 2
    pieces = _segments(root)
    next_arrows = [p for p in pieces if p[0] == "#444444"]
    jumping = sum(1 for step in procedure.steps if step.next_step is not None and procedure.step_after(step) is not _below(procedure, step))
    assert len(next_arrows) == len(procedure.steps) + 1 - jumping
    side = [p for p in pieces if p[0] != "#444444"]
    assert len(side) == 4 * len(pairs)  # out, along the lane, in, down into the step
    verticals = [p for p in side if p[1] == p[3] and p[2] != p[4]]
    step_boxes = rects[1:-1]
    lane_pieces = [v for v in verticals if not any(x <= v[1] <= x + w for x, _, w, _ in step_boxes)]
    for i, a in enumerate(lane_pieces):
        for b in lane_pieces[i + 1 :]:
            if a[1] == b[1]:  # same lane: their vertical runs must not overlap
                assert max(a[2], a[4]) < min(b[2], b[4]) or max(b[2], b[4]) < min(a[2], a[4]), (a, b)
    for _, x1, y1, x2, y2 in side:  # no arrow runs through a step's box
        for x, y, w, h in step_boxes:
            inside_x = max(min(x1, x2), x + 1) < min(max(x1, x2), x + w - 1) or (x + 1 < x1 < x + w - 1 and x1 == x2)
            inside_y = max(min(y1, y2), y + 1) < min(max(y1, y2), y + h - 1) or (y + 1 < y1 < y + h - 1 and y1 == y2)
            assert not (inside_x and inside_y), ((x1, y1, x2, y2), (x, y, w, h))
    for dashed in root.iter("{http://www.w3.org/2000/svg}path"):
        if dashed.get("stroke-dasharray"):
            assert dashed.get("stroke") == "#ad1457"  # back edges (and retries) only
    assert sum(1 for s, t in pairs if t <= s) == sum(1 for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke-dasharray"))


@pytest.mark.parametrize(
    "text",
    ["Tracking says delivered, but the buyer says they didn't get it", "物流显示已签收，但买家说没有收到包裹，需要进一步核实情况",
     "https://example.com/a/very/long/path/that/cannot/break/anywhere/at/all", "배송 완료로 표시되었지만 구매자는 받지 못했다고 합니다"],
)
def test_wrapped_text_fits_its_box_and_loses_nothing(text):
    width = NODE_WIDTH - 24
    lines = wrap_text(text, width, TITLE_SIZE)
    assert all(text_width(line, TITLE_SIZE) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# --- a shop without procedures, and the copy button in a browser -----------------------------------


def test_a_shop_without_procedures_still_gets_a_handbook_of_its_faq(tmp_path):
    source = write_tree(
        tmp_path / "src",
        {
            "site.yml": """
                shop: {name: {ko: 작은 가게, en: Small Shop}}
                languages: [ko, en]
                categories:
                  - id: orders
                    title: 주문
                contact:
                  - id: mail
                    channel: email
                    label: 메일
                    address: help@small.example
            """,
            "faq/orders.yml": """
                entries:
                  - id: cancel
                    question: 취소할 수 있나요?
                    answer: 네.
                    agent_note: 결제 전이면 바로 취소하세요.
            """,
        },
    )
    out = tmp_path / "site"
    build_site(source, out, project_config=PROJECT / "mkdocs.yml")
    home = (out / "handbook" / "index.html").read_text(encoding="utf-8")
    assert hb("ko", "no_procedures") in home and ROBOTS in home
    assert not (out / "handbook" / "en").exists()  # no procedure text in English: the handbook is Korean only
    faq = (out / "handbook" / "faq" / "orders" / "index.html").read_text(encoding="utf-8")
    assert "결제 전이면 바로 취소하세요." in faq and 'data-hb-url="en/faq/orders/#cancel"' in faq


def test_a_category_named_index_keeps_its_page_beside_the_faq_s_own(tmp_path):
    """A seller names a category `index`: its handbook page and the page listing the FAQ's categories are two
    pages, each reached from the other."""
    source = write_tree(
        tmp_path / "src",
        {
            "site.yml": """
                shop: {name: Small Shop}
                languages: [en]
                categories:
                  - id: index
                    title: Index of parts
                  - id: orders
                    title: Orders
                contact:
                  - id: mail
                    channel: email
                    label: Mail
                    address: help@small.example
            """,
            "faq/index.yml": "entries:\n  - id: part-list\n    question: Where is the list of parts?\n    answer: In the box.\n",
            "faq/orders.yml": "entries:\n  - id: cancel\n    question: Can I cancel?\n    answer: Yes.\n",
        },
    )
    out = tmp_path / "site"
    build_site(source, out, project_config=PROJECT / "mkdocs.yml")
    faq_page = parse(out / "handbook" / "faq" / "index.html")
    category_page = parse(out / "handbook" / "faq" / "index" / "index.html")
    assert "Index of parts" in category_page.find("h1").text() and category_page.find("h2", id="part-list")
    links = {link.get("href") for link in faq_page.find("article").find_all("a") if not link.get("href").startswith("#")}
    assert links == {"index/index.html", "orders/index.html"}


def test_the_copy_buttons_put_the_reply_and_the_link_on_the_clipboard(built, browser, serve_folder):
    kb = load_knowledge_base(RU_SHOP)
    view = HandbookView(kb)
    procedure_id, procedure = next((pid, p) for pid, p in kb.procedures.items() if any(s.say for s in p.steps))
    step = next(s for s in procedure.steps if s.say)
    base = serve_folder(built("ru-shop") / "handbook")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(base + procedure_page_path(procedure_id).removesuffix(".md") + "/")
        reply_button = page.locator(f"#{step_anchor(step.id)} ~ div.hb-step").first.locator(".hb-reply button.hb-copy")
        reply_button.click()
        expected = step.say.strings[view.default_language]
        assert "{" in expected
        assert page.evaluate("navigator.clipboard.readText()") == expected
        page.wait_for_function("b => b.textContent === b.dataset.copied", arg=reply_button.element_handle())
        assert reply_button.text_content() == hb(view.default_language, "copied")
        assert page.locator("#hb-copy-status").text_content() == hb(view.default_language, "copied")

        # The buyer writes in the shop's second language: picked once, every link is that language's.
        page.select_option("[data-hb-buyer-language]", kb.languages[1])
        link_row = page.locator("[data-hb-links] tr").first
        link_row.locator("button.hb-copy").click()
        copied_link = link_row.locator("button.hb-copy").get_attribute("data-copy")
        page.wait_for_function("url => navigator.clipboard.readText().then(t => t === url)", arg=copied_link)
        assert copied_link.startswith(f"{kb.languages[1]}/faq/")
    finally:
        context.close()


def first_word(text: str) -> str:
    """A word an agent would type from `text`: its first two CJK characters, or its longest word."""
    cjk = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2}", text)
    return cjk.group() if cjk else max(re.findall(r"\w+", text), key=len)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_an_agent_finds_a_procedure_and_an_agent_note_in_the_language_of_the_page(name, built, browser, serve_folder):
    """kbgen's search, as on the buyers' site: a word of a procedure's title finds its page, a word of
    an agent note finds its entry, and every result is a page of the language the agent reads."""
    kb = load_knowledge_base(SOURCES[name])
    view = HandbookView(kb)
    procedure_id, procedure = next(iter(kb.procedures.items()))
    _, noted = next((category_id, entry) for category_id, entry in view.entries() if entry.agent_note)
    root = serve_folder(built(name) / "handbook")
    page = browser.new_page()
    failed: list[str] = []  # nothing the pages or the search ask for may be missing (Material once asked for sitemaps)
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    try:
        for language in view.languages:
            localize = view.localizer(language)
            prefix = "" if language == view.default_language else f"{language}/"
            page.goto(root + prefix)
            for query, expected in [
                (first_word(localize(procedure.title).text), f"{prefix}procedures/{procedure_id}/"),
                (first_word(localize(noted.agent_note).text), f"#{noted.id}"),
            ]:
                hrefs = [result["href"].removeprefix(root) for result in search_with_box(page, query)]
                assert any(expected in href for href in hrefs[:5]), (language, query, hrefs)
                folders = {href.split("/", 1)[0] for href in hrefs}
                languages = {folder if folder in view.languages else view.default_language for folder in folders}
                assert languages == {language}, (language, query, hrefs)
        assert failed == []
    finally:
        page.close()


def test_an_agent_on_a_phone_reads_every_kind_of_page_without_scrolling_sideways(shop, browser, serve_folder):
    """An agent answering from a phone (360 px): no handbook page is wider than the screen, in any of its
    languages (Material's language list, and the page title waiting to slide into a long header title, both
    invisible, once stuck out at the right edge)."""
    kb, view, out = shop
    smallest = min(view.categories, key=lambda category: len(category.entries))
    paths = ["", "start-here/", "quick-reference/", procedure_page_path(next(iter(kb.procedures))).removesuffix(".md") + "/",
             f"faq/{smallest.id}/", f"warranty/{next(iter(kb.warranties))}/"]
    base = serve_folder(out / "handbook")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for language in view.languages:
            prefix = "" if language == view.default_language else f"{language}/"
            for path in paths:
                page.goto(base + prefix + path)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, f"{prefix}{path}: {width}px wide on a 360px screen"
    finally:
        context.close()


def test_handbook_pages_have_no_serious_accessibility_violation(shop, browser, serve_folder):
    """axe-core over every kind of handbook page (test_accessibility.py checks a procedure in every language)."""
    from axe_playwright_python.sync_playwright import Axe

    kb, view, out = shop
    # One page of each kind (axe takes seconds a page): the procedure with the most branches (the busiest
    # flowchart), the smallest FAQ category (every entry carries link tables and copy buttons).
    busiest = max(kb.procedures, key=lambda pid: sum(len(s.branches or []) for s in kb.procedures[pid].steps))
    smallest = min(view.categories, key=lambda category: len(category.entries))
    sources = ["index.md", "start-here.md", "quick-reference.md", procedure_page_path(busiest), f"faq/{smallest.id}.md",
               f"warranty/{next(iter(kb.warranties))}.md"]
    base = serve_folder(out / "handbook")
    axe = Axe()
    page = browser.new_page()
    try:
        problems = []
        for source in sources:
            path = source.removesuffix(".md")
            page.goto(base + ("" if path == "index" else path + "/"))
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(f"{source}: {violation['id']} {[n['target'] for n in violation['nodes'][:3]]}")
        assert not problems
    finally:
        page.close()


NASTY = "<b>bold</b> & {#x} | *star* `tick` [link](javascript:alert(1)) \"q\" 'a' ]]>"


def _yaml(text: str) -> str:
    """A YAML scalar holding `text` exactly (a JSON string is a double-quoted YAML scalar)."""
    return json.dumps(text, ensure_ascii=False)


def test_seller_text_is_shown_literally_never_as_markup(tmp_path):
    """Plain texts (titles, replies, conditions, questions) reach the page as text, whatever they hold."""
    source = write_tree(
        tmp_path / "src",
        {
            "site.yml": f"""
                shop: {{name: {_yaml("Shop " + NASTY)}}}
                languages: [en, ru]
                categories:
                  - id: orders
                    title: {_yaml("Orders " + NASTY)}
                contact:
                  - id: mail
                    channel: email
                    label: {_yaml("Mail " + NASTY)}
                    address: help@shop.example
                    hours: {_yaml("Hours " + NASTY)}
            """,
            "faq/orders.yml": f"""
                entries:
                  - id: cancel
                    question: {_yaml("Cancel " + NASTY)}
                    answer: Yes.
            """,
            "handbook/odd.yml": f"""
                title: {_yaml("Title " + NASTY)}
                when: Always.
                steps:
                  - id: one
                    title: {_yaml("Step " + NASTY)}
                    do: Do it.
                    say: {_yaml("Hello {name} " + NASTY)}
                    faq: [cancel]
                    branches:
                      - if: {_yaml("If " + NASTY)}
                        goto: two
                  - id: two
                    title: Two
                    do: Done.
            """,
        },
    )
    out = tmp_path / "site"
    build_site(source, out, project_config=PROJECT / "mkdocs.yml")
    handbook = out / "handbook"
    page = article(handbook / "procedures" / "odd" / "index.html")
    text = squash(page.text())
    for shown in ("Title ", "Step ", "If ", "Cancel "):
        assert squash(shown + NASTY) in text
    assert page.find("button", cls="hb-copy").get("data-copy") == "Hello {name} " + NASTY
    for page_file in handbook.rglob("*.html"):
        document = parse(page_file)
        # Nothing the seller wrote became markup anywhere: content, header, navigation, <title>.
        assert not document.find_all("b") and not document.find_all("em") and not document.find_all("strong"), page_file
    document = parse(handbook / "procedures" / "odd" / "index.html")
    header = squash(document.find("div", cls="md-header__title").text())
    assert squash("Shop " + NASTY) in header and squash("Title " + NASTY) in header
    assert squash(document.find("title").text()).startswith(squash("Title " + NASTY))
    nav = squash(document.find("nav", cls="md-nav--primary").text())
    assert squash("Title " + NASTY) in nav
    # (The navigation lists the pages of a page's own part of the handbook: the category on the FAQ's pages.)
    category_nav = squash(parse(handbook / "faq" / "orders" / "index.html").find("nav", cls="md-nav--primary").text())
    assert squash("Orders " + NASTY) in category_nav
    svg = ElementTree.fromstring(_raw_svg(handbook / "procedures" / "odd" / "index.html"))  # still well-formed XML
    assert squash("Title " + NASTY) in squash("".join(svg.find("{http://www.w3.org/2000/svg}title").itertext()))
    quick = squash(article(handbook / "quick-reference" / "index.html").text())
    assert squash("Hours " + NASTY) in quick and squash("Title " + NASTY) in quick


def _raw_svg(page_file: Path) -> str:
    """The flowchart's SVG exactly as written in the page (to parse it as XML)."""
    source = page_file.read_text(encoding="utf-8")
    start = source.rindex("<svg", 0, source.index('class="hb-flowchart__svg"'))
    return source[start : source.index("</svg>", start) + len("</svg>")]
