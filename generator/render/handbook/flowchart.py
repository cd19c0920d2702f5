"""A procedure's flowchart, drawn at build time as inline SVG.

Why our own drawing: Material draws diagrams with Mermaid loaded from another
host (unpkg.com), which is slow or blocked where many agents work. An SVG
written into the page needs no script and no network, prints well and works
offline.

The layout is small and fixed, because a procedure already has an order:

    Start
      |
    [1. step]--label--+     branch arrows that go DOWN (forward) leave the step on the
      | otherwise     |     right, with their condition written beside the step, run down
    [2. step]         |     a lane on the right and enter the target step from above;
      |               |
    [3. step] <-------+     branch arrows that go UP or back to the same step (retries)
      |                     do the same on the left side, drawn dashed.
     End

Steps stand in one column, top to bottom, in file order; "next" arrows run down
the middle (labelled "otherwise" when the step also has branches). A step whose
`next` names another step than the one below gets a side arrow instead, drawn
like a branch's. Every side
arrow gets a lane of its own wherever its vertical run overlaps another's, and
arrows entering the same step get their own entry points, stacked so that they
do not cross each other near the step. Text is wrapped to a width estimated
from the characters (CJK characters are a full em wide), since SVG text does
not wrap by itself.

Accessibility: `role="img"` with a `<title>` (the procedure) and a `<desc>`
that says the whole flow in words; all text is in the page's language, and a
string shown as a fallback carries its own `lang`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from ...model import Procedure
from ...interface_text import Section
from ...view import Localized, Localizer

# --- sizes (px) --------------------------------------------------------------------------------

MARGIN = 8
NODE_WIDTH = 250
NODE_PADDING_X = 12
NODE_PADDING_Y = 9
TITLE_SIZE = 14
TITLE_LINE = 19
LABEL_SIZE = 12
LABEL_LINE = 15
LABEL_BAND = 168  # the room beside a step where its branch conditions are written
LANE_SPACING = 12
ENTRY_SPACING_X = 12
ENTRY_SPACING_Y = 8
TERMINAL_HEIGHT = 28
TERMINAL_WIDTH = 110

COLORS = {
    "node_fill": "#f5f7ff",
    "node_stroke": "#3f51b5",
    "terminal_fill": "#e8eaf6",
    "text": "#1a1a1a",
    "next": "#444444",
    "forward": "#1565c0",
    "back": "#ad1457",
}

_CJK_FONTS = {
    "zh-Hans": ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"],
    "zh-Hant": ["Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei"],
    "ja": ["Noto Sans CJK JP", "Source Han Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo"],
    "ko": ["Noto Sans CJK KR", "Source Han Sans KR", "Apple SD Gothic Neo", "Malgun Gothic"],
}
_LATIN_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial"]


def font_stack(language: str) -> str:
    """A font-family list for SVG text in `language`: its own CJK fonts before the other scripts'."""
    own = _CJK_FONTS.get(language, [])
    others = [font for code, fonts in _CJK_FONTS.items() if code != language for font in fonts]
    names = _LATIN_FONTS + own + others
    return ", ".join(name if name in ("system-ui", "-apple-system") else f"'{name}'" for name in names) + ", sans-serif"


# --- text measuring and wrapping ---------------------------------------------------------------

# Characters after which (or before which) a line may break without a space: CJK scripts.
_WIDE_OR_BREAKABLE = re.compile(
    r"[\u1100-\u11ff\u2e80-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_NO_LINE_START = set("，。、：；！？）」』】〕》〉,.:;!?)]}%")
_UNITS = re.compile(r"\s+|" + _WIDE_OR_BREAKABLE.pattern + r"|[^\s" + _WIDE_OR_BREAKABLE.pattern[1:-1] + r"]+")


def text_width(text: str, size: float) -> float:
    """An upper estimate of how wide `text` renders at `size` px in a sans-serif font."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char.isspace():
            width += 0.3
        elif char.isupper() or char in "mwMW@%":
            width += 0.72
        else:
            width += 0.56
    return width * size


def wrap_text(text: str, max_width: float, size: float) -> list[str]:
    """`text` broken into lines no wider than `max_width`: at spaces, or anywhere between CJK characters."""
    lines: list[str] = []
    line = ""
    for unit in _UNITS.findall(" ".join(text.split())):
        if unit.isspace():
            if line:
                line += " "
            continue
        candidate = line + unit
        if text_width(candidate.rstrip(), size) <= max_width or not line.strip() or unit[0] in _NO_LINE_START:
            line = candidate
        else:
            lines.append(line.rstrip())
            line = unit
        while text_width(line, size) > max_width and len(line) > 1:
            # A single word wider than the line (a URL, a long compound): cut it.
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size) > max_width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# --- the graph -----------------------------------------------------------------------------------


@dataclass
class _Node:
    row: int
    lines: list[str]
    language: str | None  # set when the text is a fallback in another language
    terminal: bool = False
    top: float = 0.0
    height: float = 0.0
    out_left: list["_Edge"] = field(default_factory=list)
    out_right: list["_Edge"] = field(default_factory=list)
    in_left: list["_Edge"] = field(default_factory=list)
    in_right: list["_Edge"] = field(default_factory=list)
    next_edge: "_Edge | None" = None  # the arrow down to the following node

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass
class _Edge:
    source: int  # row
    target: int  # row
    side: str  # "next", "right" (forward branch) or "left" (back edge)
    label_lines: list[str] = field(default_factory=list)
    label_language: str | None = None
    port_y: float = 0.0
    label_top: float = 0.0
    lane: int = 0
    entry_x: float = 0.0
    entry_y: float = 0.0


def _lang_of(text: Localized) -> str | None:
    """The language to mark on a text: its own when it is a fallback, else none (the page's)."""
    return text.language if text.is_fallback else None


def _lang_attr(text: Localized) -> str:
    return f' lang="{html.escape(text.language, quote=True)}"' if text.is_fallback else ""


def _build_graph(procedure: Procedure, localize: Localizer, words: Section) -> tuple[list[_Node], list[_Edge]]:
    step_rows = {step.id: index + 1 for index, step in enumerate(procedure.steps)}
    nodes = [_Node(0, [words(localize.language, "start")], None, terminal=True)]
    title_width = NODE_WIDTH - 2 * NODE_PADDING_X
    for index, step in enumerate(procedure.steps):
        title = localize(step.title)
        lines = wrap_text(f"{index + 1}. {title.text}", title_width, TITLE_SIZE)
        nodes.append(_Node(index + 1, lines, _lang_of(title)))
    end_row = len(procedure.steps) + 1
    nodes.append(_Node(end_row, [words(localize.language, "end")], None, terminal=True))

    edges: list[_Edge] = [_Edge(0, 1, "next")]
    otherwise = words(localize.language, "otherwise")
    for index, step in enumerate(procedure.steps):
        row = index + 1
        branches = step.branches or []
        following = procedure.step_after(step)
        target = step_rows[following.id] if following is not None else end_row
        label = [otherwise] if branches else []
        if target == row + 1:
            edges.append(_Edge(row, target, "next", label))
        else:  # a `next` that jumps: drawn as a side arrow, like a branch
            edges.append(_Edge(row, target, "right" if target > row else "left", label))
        for branch in branches:
            condition = localize(branch.condition)
            target = step_rows[branch.goto]
            side = "right" if target > row else "left"
            lines = wrap_text(condition.text, LABEL_BAND - 14, LABEL_SIZE)
            edges.append(_Edge(row, target, side, lines, _lang_of(condition)))
    for edge in edges:
        if edge.side == "next":
            nodes[edge.source].next_edge = edge
        elif edge.side == "right":
            nodes[edge.source].out_right.append(edge)
            nodes[edge.target].in_right.append(edge)
        elif edge.side == "left":
            nodes[edge.source].out_left.append(edge)
            nodes[edge.target].in_left.append(edge)
    return nodes, edges


# --- layout ------------------------------------------------------------------------------------


def _gap_above(node: _Node, previous: _Node | None) -> float:
    """Room above a node: for the "otherwise" label of the arrow coming in, and for entering side arrows."""
    labelled = previous is not None and previous.next_edge is not None and bool(previous.next_edge.label_lines)
    label_room = LABEL_LINE + 4 if labelled else 0
    entries = max(len(node.in_left), len(node.in_right))
    return max(26.0, 10 + label_room + entries * ENTRY_SPACING_Y + 8)


def _layout_rows(nodes: list[_Node]) -> float:
    """Give every node its top and height, and every outgoing side arrow its port; returns the chart height."""
    y = float(MARGIN)
    previous = None
    for node in nodes:
        y += _gap_above(node, previous) if previous else 0
        node.top = y
        if node.terminal:
            node.height = TERMINAL_HEIGHT
        else:
            text_height = len(node.lines) * TITLE_LINE + 2 * NODE_PADDING_Y
            label_height = max(_label_stack(node.out_left, y), _label_stack(node.out_right, y))
            node.height = max(text_height, label_height)
        y = node.bottom
        previous = node
    return y + MARGIN


def _label_stack(out_edges: list[_Edge], top: float) -> float:
    """Place the labels of a node's outgoing side arrows one under another; returns the height they need."""
    cursor = top + 6
    for edge in out_edges:
        edge.label_top = cursor
        cursor += len(edge.label_lines) * LABEL_LINE
        edge.port_y = cursor + 2
        cursor += 10
    return cursor - top if out_edges else 0.0


def _assign_lanes(edges: list[_Edge], nodes: list[_Node]) -> int:
    """Give each side arrow a lane such that arrows sharing a lane never overlap vertically; returns the lane count.

    Shorter arrows get the inner lanes, so they cross fewer others.
    """
    spans = []
    for edge in edges:
        target = nodes[edge.target]
        entry_band_top = target.top - max(len(target.in_left), len(target.in_right)) * ENTRY_SPACING_Y - 12
        low, high = sorted((edge.port_y, entry_band_top))
        spans.append((high - low, low - 4, high + 4, edge))
    lanes: list[list[tuple[float, float]]] = []
    for _, low, high, edge in sorted(spans, key=lambda span: span[0]):
        for index, taken in enumerate(lanes):
            if all(high < other_low or low > other_high for other_low, other_high in taken):
                taken.append((low, high))
                edge.lane = index
                break
        else:
            lanes.append([(low, high)])
            edge.lane = len(lanes) - 1
    return len(lanes)


def _assign_entries(nodes: list[_Node], node_left: float) -> None:
    """Entry points on a node's top edge for the side arrows that enter it.

    Slot 0 is the lowest (nearest the node). On the right, outer lanes take the
    low slots near the node's corner; on the left, inner lanes do. Either way
    the lines entering one node do not cross each other.
    """
    for node in nodes:
        half = NODE_WIDTH / 2 - 18
        right_edges = sorted(node.in_right, key=lambda e: -e.lane)
        left_edges = sorted(node.in_left, key=lambda e: e.lane)
        for side, ordered in (("right", right_edges), ("left", left_edges)):
            spacing = min(ENTRY_SPACING_X, half / max(1, len(ordered)))
            for slot, edge in enumerate(ordered):
                edge.entry_y = node.top - 8 - slot * ENTRY_SPACING_Y
                if side == "right":
                    edge.entry_x = node_left + NODE_WIDTH - 14 - slot * spacing
                else:
                    edge.entry_x = node_left + 14 + slot * spacing


# --- drawing -----------------------------------------------------------------------------------


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _text_block(lines: list[str], x: float, top: float, size: int, line: int, *, anchor: str, language: str | None, **attrs) -> str:
    lang = f' lang="{_attr(language)}"' if language else ""
    extra = "".join(f' {name.replace("_", "-")}="{_attr(str(value))}"' for name, value in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + (i + 1) * line - (line - size) / 2 - 2:.1f}">{html.escape(text)}</tspan>'
        for i, text in enumerate(lines)
    )
    return f'<text font-size="{size}" text-anchor="{anchor}"{lang}{extra}>{spans}</text>'


def _polyline(points: list[tuple[float, float]], color: str, marker: str, *, dashed: bool = False) -> str:
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return f'<path d="{d}" fill="none" stroke="{color}" stroke-width="1.6"{dash} marker-end="url(#{marker})"/>'


def procedure_flowchart_svg(procedure: Procedure, localize: Localizer, words: Section, *, id_prefix: str = "flowchart") -> str:
    """The flowchart of `procedure` as an inline `<svg>` element, its text in `localize.language`
    (the handbook's interface strings: `words`).

    `id_prefix` keeps the ids inside the SVG (title, description, arrowheads)
    unique when a page holds more than one chart.
    """
    language = localize.language
    nodes, edges = _build_graph(procedure, localize, words)
    height = _layout_rows(nodes)
    right = [e for e in edges if e.side == "right"]
    left = [e for e in edges if e.side == "left"]
    right_lanes = _assign_lanes(right, nodes)
    left_lanes = _assign_lanes(left, nodes)
    left_band = LABEL_BAND if any(n.out_left for n in nodes) else 0
    right_band = LABEL_BAND if any(n.out_right for n in nodes) else 0
    node_left = MARGIN + left_lanes * LANE_SPACING + left_band
    node_right = node_left + NODE_WIDTH
    center = node_left + NODE_WIDTH / 2
    width = node_right + right_band + right_lanes * LANE_SPACING + MARGIN
    _assign_entries(nodes, node_left)

    def lane_x(edge: _Edge) -> float:
        if edge.side == "right":
            return node_right + right_band + edge.lane * LANE_SPACING + LANE_SPACING / 2
        return node_left - left_band - edge.lane * LANE_SPACING - LANE_SPACING / 2

    title = localize(procedure.title)
    ids = {name: f"{id_prefix}-{name}" for name in ("title", "desc", "next", "forward", "back")}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-flowchart__svg" role="img" '
        f'aria-labelledby="{ids["title"]} {ids["desc"]}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{_attr(font_stack(language))}">',
        f'<title id="{ids["title"]}"{_lang_attr(title)}>{html.escape(words(language, "flowchart") + words(language, "colon"))}{html.escape(title.text)}</title>',
        f'<desc id="{ids["desc"]}">{html.escape(flowchart_description(procedure, localize, words))}</desc>',
        "<defs>",
    ]
    for name, color in (("next", COLORS["next"]), ("forward", COLORS["forward"]), ("back", COLORS["back"])):
        parts.append(
            f'<marker id="{ids[name]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
    parts.append("</defs>")

    # Nodes.
    for node in nodes:
        if node.terminal:
            x = center - TERMINAL_WIDTH / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{node.top:.1f}" width="{TERMINAL_WIDTH}" height="{TERMINAL_HEIGHT}" '
                f'rx="{TERMINAL_HEIGHT / 2}" fill="{COLORS["terminal_fill"]}" stroke="{COLORS["node_stroke"]}" stroke-width="1.2"/>'
            )
            parts.append(
                _text_block(node.lines, center, node.top + (TERMINAL_HEIGHT - TITLE_LINE) / 2, TITLE_SIZE - 1, TITLE_LINE,
                            anchor="middle", language=None, fill=COLORS["text"])
            )
            continue
        parts.append(
            f'<rect x="{node_left:.1f}" y="{node.top:.1f}" width="{NODE_WIDTH}" height="{node.height:.1f}" rx="6" '
            f'fill="{COLORS["node_fill"]}" stroke="{COLORS["node_stroke"]}" stroke-width="1.4"/>'
        )
        text_top = node.top + (node.height - len(node.lines) * TITLE_LINE) / 2
        parts.append(
            _text_block(node.lines, node_left + NODE_PADDING_X, text_top, TITLE_SIZE, TITLE_LINE, anchor="start",
                        language=node.language, fill=COLORS["text"])
        )

    # "Next" arrows down the middle.
    for edge in edges:
        if edge.side != "next":
            continue
        source, target = nodes[edge.source], nodes[edge.target]
        parts.append(_polyline([(center, source.bottom), (center, target.top)], COLORS["next"], ids["next"]))
        if edge.label_lines:
            parts.append(
                _text_block(edge.label_lines, center + 6, source.bottom + 2, LABEL_SIZE, LABEL_LINE, anchor="start",
                            language=None, fill=COLORS["next"], font_style="italic")
            )

    # Branch arrows on the sides, with their conditions beside the source step.
    for edge in right + left:
        source = nodes[edge.source]
        lane = lane_x(edge)
        color = COLORS["forward"] if edge.side == "right" else COLORS["back"]
        start_x = node_right if edge.side == "right" else node_left
        points = [(start_x, edge.port_y), (lane, edge.port_y), (lane, edge.entry_y), (edge.entry_x, edge.entry_y),
                  (edge.entry_x, nodes[edge.target].top)]
        marker = ids["forward"] if edge.side == "right" else ids["back"]
        parts.append(_polyline(points, color, marker, dashed=edge.side == "left"))
        if edge.side == "right":
            label_x, anchor = node_right + 6, "start"
        else:
            label_x, anchor = node_left - 6, "end"
        parts.append(
            _text_block(edge.label_lines, label_x, edge.label_top, LABEL_SIZE, LABEL_LINE, anchor=anchor,
                        language=edge.label_language, fill=color)
        )
    parts.append("</svg>")
    return "".join(parts)


def flowchart_description(procedure: Procedure, localize: Localizer, words: Section) -> str:
    """The flow in words, for the chart's `<desc>`: every step, its branches, and where it goes otherwise."""
    language = localize.language
    rows = {step.id: index + 1 for index, step in enumerate(procedure.steps)}
    sentences = [words(language, "flowchart_desc", title=localize(procedure.title).text, count=len(procedure.steps))]
    for index, step in enumerate(procedure.steps):
        number = index + 1
        sentence = f"{number}. {localize(step.title).text}."
        for branch in step.branches or []:
            sentence += f" {words(language, 'if')} {localize(branch.condition).text}{words(language, 'colon')}{words(language, 'go_to_step', n=rows[branch.goto])}."
        following = procedure.step_after(step)
        if step.next_step is not None:
            where = words(language, "go_to_step", n=rows[following.id])
            sentence += f" {words(language, 'otherwise' if step.branches else 'then')}{words(language, 'colon')}{where}."
        elif step.branches:
            where = words(language, "otherwise_next", n=number + 1) if following is not None else words(language, "otherwise_end")
            sentence += f" {words(language, 'otherwise')}{words(language, 'colon')}{where}."
        sentences.append(sentence)
    return " ".join(sentences)
