"""The leak guarantee: nothing agents-only reaches any file of the buyers' site.

The knowledge base `tests/kbs/leak-canary/` puts a marker in EVERY agents-only
value: every text of its procedures (titles, `when`, step titles, `do`, `say`,
branch conditions, `escalate`), their step ids, and every `agent_note` of its
FAQ entries and warranty policies, in four languages and three scripts. Every
marker holds the token CANARYQZX, a word found nowhere else, so even a search
index that keeps only single words gives a leak away.

The test builds it and reads every file under OUT/public (pages, search
indexes, sitemap, JSON-LD, widget, scripts, anything, gzip included) the way a
machine would: JSON `\\uXXXX` escapes, HTML character references and URL
percent-encoding decoded, zero-width characters (which Chinese word
segmentation inserts) removed. The same reading of OUT/handbook must find every
marker, which proves the scan can fail.
"""

from __future__ import annotations

import gzip
import html
import re
import urllib.parse
from pathlib import Path

import pytest

from conftest import PROJECT, TESTS
from generator.build import build_site
from generator.model import Ref, Text
from generator.model.options import ListOption, Record, RecordOption
from generator.model.records import FILE_RECORDS
from generator.interface_text import InterfaceText
from generator.validate import load_knowledge_base
from generator.view import PublicView

CANARY = TESTS / "kbs" / "leak-canary"
TOKEN = "canaryqzx"  # in every marker; compared case-insensitively
MARKER = re.compile(r"CANARYQZX-[A-Z0-9-]*[A-Z0-9]")
# Words in other scripts planted beside the markers: a leak of the text around a marker shows too.
NATIVE_WORDS = ["카나리큐지엑스", "канарейкакузикс", "金絲雀秘密"]

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


# --- reading output as a machine would -----------------------------------------------------------


def readable_text(data: bytes, name: str) -> str:
    """The text of one output file with every encoding that could hide a marker undone, casefolded."""
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return decoded(data.decode("utf-8", errors="replace"))


def decoded(text: str) -> str:
    """`text` with JSON escapes, HTML references, percent-encoding and invisible characters undone, casefolded."""
    for _ in range(3):  # JSON inside an HTML attribute, an entity inside a URL...: undo nested layers
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")  # join surrogate pairs
        text = text.replace("\\/", "/")
        text = html.unescape(text)
        text = urllib.parse.unquote(text)
    return _INVISIBLE.sub("", text).casefold()


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def findings(folder: Path, needles: list[str]) -> list[str]:
    """`file: needle` for every needle found in a file's text or in its path."""
    found = []
    for path in files_under(folder):
        relative = path.relative_to(folder).as_posix()
        text = readable_text(path.read_bytes(), path.name) + "\n" + decoded(relative)
        for needle in needles:
            if needle.casefold() in text:
                found.append(f"{relative}: {needle}")
    return found


def agent_only_strings(kb) -> list[str]:
    """Every string of every agents-only value of a knowledge base: all of its procedures (ids included)
    and, in the other files, every field the model flags `agents_only`."""
    strings: list[str] = []

    def collect(value) -> None:
        """Every string inside an agents-only value."""
        if isinstance(value, Text):
            strings.extend(value.strings.values())
        elif isinstance(value, Ref) and value.target == "FAQ entry":
            return  # a procedure's link to a public FAQ entry is public by nature
        elif isinstance(value, str):
            strings.append(value)
        elif isinstance(value, Record):
            for option in type(value).options.values():
                collect(getattr(value, option.name))
        elif isinstance(value, list):
            for item in value:
                collect(item)

    def search(value) -> None:
        """Find the agents-only fields of a public record."""
        if isinstance(value, Record):
            for option in type(value).options.values():
                field = getattr(value, option.name)
                collect(field) if option.agents_only else search(field)
        elif isinstance(value, list):
            for item in value:
                search(item)

    for procedure_id, procedure in kb.procedures.items():
        strings.append(procedure_id)
        collect(procedure)
    search([kb.site, *(entry for _, entry in kb.entries()), *kb.warranties.values()])
    return strings


def public_strings(view: PublicView) -> list[str]:
    """Every string the buyers' site is given."""
    strings: list[str] = []
    stack: list = [view.site, view.categories, list(view.warranties.values())]
    while stack:
        value = stack.pop()
        if isinstance(value, Text):
            strings.extend(value.strings.values())
        elif isinstance(value, str):
            strings.append(value)
        elif isinstance(value, Record):
            stack.extend(getattr(value, option.name) for option in type(value).options.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif hasattr(value, "__dataclass_fields__"):
            stack.extend(getattr(value, name) for name in value.__dataclass_fields__)
    return strings


# --- the canary knowledge base itself ------------------------------------------------------------


@pytest.fixture(scope="module")
def canary_kb():
    return load_knowledge_base(CANARY)


@pytest.fixture(scope="module")
def canary_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("leak-canary") / "site"
    build_site(CANARY, out, project_config=PROJECT / "mkdocs.yml")
    return out


def _agents_only_options() -> list[tuple[type, object]]:
    """(record class, option) for every agents-only option declared in the model."""
    seen, found, stack = set(), [], list(FILE_RECORDS.values())
    while stack:
        record = stack.pop()
        if record in seen:
            continue
        seen.add(record)
        for option in record.options.values():
            if option.agents_only:
                found.append((record, option))
            inner = option.item if isinstance(option, ListOption) else option
            if isinstance(inner, RecordOption):
                stack.append(inner.record)
    return found


def _records_of(kb, record_class) -> list[Record]:
    records: list[Record] = []

    def walk(value) -> None:
        if isinstance(value, Record):
            if isinstance(value, record_class):
                records.append(value)
            for option in type(value).options.values():
                walk(getattr(value, option.name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(kb.site)
    walk([entry for _, entry in kb.entries()])
    walk(list(kb.warranties.values()))
    walk(list(kb.procedures.values()))
    return records


def test_the_canary_marks_every_agents_only_field_the_model_declares(canary_kb):
    """If the model gains an agents-only field, this fails until the canary plants a marker in it."""
    for record_class, option in _agents_only_options():
        values = [getattr(record, option.name) for record in _records_of(canary_kb, record_class)]
        values = [value for value in values if value is not None]
        assert values, f"the leak canary never sets {record_class.__name__}.{option.key or option.name}"
    # Every string in every agents-only value carries the token, in every language written.
    # (Durations and dates — sla, reviewed — cannot hold a marker; they are not text.)
    unmarked = [s for s in agent_only_strings(canary_kb) if TOKEN not in s.casefold()]
    assert not unmarked, f"agents-only strings without a marker: {unmarked}"
    # Each procedure field and step field is used somewhere, so each one is exercised.
    steps = [step for procedure in canary_kb.procedures.values() for step in procedure.steps]
    for field in ("say", "faq", "branches"):
        assert any(getattr(step, field) for step in steps), f"no canary step has {field}"
    for field in ("sla", "escalate", "reviewed"):
        assert any(getattr(p, field) for p in canary_kb.procedures.values()), f"no canary procedure has {field}"
    languages = {code for procedure in canary_kb.procedures.values() for code in procedure.title.strings}
    assert len(languages) >= 3


def test_the_public_view_holds_no_agents_only_value(canary_kb):
    """By construction: the buyers' renderers get a view in which no agents-only value exists."""
    view = PublicView(canary_kb)
    assert not hasattr(view, "procedures")
    strings = public_strings(view)
    assert len(strings) > 20
    assert not [s for s in strings if TOKEN in s.casefold()]
    # ...while the knowledge base it came from still has them (the view copied, it did not strip the source).
    assert any(entry.agent_note for _, entry in canary_kb.entries())


# --- the build ---------------------------------------------------------------------------------


def test_no_file_of_the_buyers_site_holds_an_agents_only_value(canary_out, canary_kb):
    public = canary_out / "public"
    assert len(files_under(public)) > 10
    markers = sorted({m for s in agent_only_strings(canary_kb) for m in MARKER.findall(s)})
    leaks = findings(public, [TOKEN, *markers, *NATIVE_WORDS])
    assert not leaks, "agents-only text in the buyers' site:\n" + "\n".join(leaks)


def test_the_handbook_holds_every_marker_so_the_scan_can_fail(canary_out, canary_kb):
    handbook = canary_out / "handbook"
    text = "\n".join(readable_text(path.read_bytes(), path.name) for path in files_under(handbook))
    markers = sorted({m for s in agent_only_strings(canary_kb) for m in MARKER.findall(s)})
    assert len(markers) >= 40
    missing = [marker for marker in [*markers, *NATIVE_WORDS] if marker.casefold() not in text]
    assert not missing, f"markers the handbook does not show: {missing}"
    # Step ids and the procedure ids are agents-only too: they name the handbook's pages and anchors.
    for procedure_id, procedure in canary_kb.procedures.items():
        assert (handbook / "procedures" / procedure_id / "index.html").is_file()
        for step in procedure.steps:
            assert f'id="step-{step.id}"' in text


def test_nothing_on_the_buyers_site_links_to_the_handbook(canary_out, canary_kb):
    public = canary_out / "public"
    handbook_names = sorted({InterfaceText().handbook(code, "handbook") for code in canary_kb.languages})
    # A link to the handbook would name its folder (OUT/handbook/) or one of its own pages.
    needles = ["handbook/", "quick-reference", "procedures/", *handbook_names]
    assert not findings(public, needles)
    # The handbook's own pages are all marked for no indexing (the test for that is in test_handbook.py).


def test_the_scan_sees_through_every_encoding(tmp_path):
    """A marker hidden by JSON escapes, HTML references, percent-encoding, gzip or zero-width spaces is found."""
    hidden = {
        "index.json": r'{"t": "\u0043ANARYQZX-PROC1-TITLE-KO \uce74\ub098\ub9ac\ud050\uc9c0\uc5d1\uc2a4"}'.encode(),
        "page.html": b"<p>&#67;&#x41;NARYQZX&#45;X &#1082;&#1072;&#1085;&#1072;&#1088;&#1077;&#1081;&#1082;&#1072;"
        b"&#1082;&#1091;&#1079;&#1080;&#1082;&#1089;</p>",
        "sitemap.xml": "<loc>https://x.example/%E9%87%91%E7%B5%B2%E9%9B%80%E7%A7%98%E5%AF%86/</loc>".encode(),
        "index.json.gz": gzip.compress("canaryqzx".encode()),
        "segmented.json": '{"t": "CANARY\u200bQZX"}'.encode(),
        "astral.json": r'{"t": "\ud83d\ude00 canaryqzx"}'.encode(),
    }
    for name, data in hidden.items():
        (tmp_path / name).write_bytes(data)
    found = findings(tmp_path, [TOKEN, *NATIVE_WORDS])
    assert sorted(found) == sorted(
        [
            "index.json: canaryqzx",
            "index.json: 카나리큐지엑스",
            "page.html: canaryqzx",
            "page.html: канарейкакузикс",
            "sitemap.xml: 金絲雀秘密",
            "index.json.gz: canaryqzx",
            "segmented.json: canaryqzx",
            "astral.json: canaryqzx",
        ]
    )
    (tmp_path / "canaryqzx-page.html").write_text("clean")
    assert "canaryqzx-page.html: canaryqzx" in findings(tmp_path, [TOKEN])


@pytest.mark.parametrize("name", ["sample", "ru-shop"])
def test_real_knowledge_bases_leak_no_agent_sentence(name, built):
    """The sample shop and ru-shop: no sentence of an agents-only value appears in their buyers' site.

    A sentence the seller ALSO wrote in public content (a step titled like a
    phrase of an answer) is not a leak and is left out.
    """
    from conftest import RU_SHOP, SAMPLE_SOURCE

    kb = load_knowledge_base({"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}[name])
    public_text = " ".join(" ".join(s.split()) for s in public_strings(PublicView(kb))).casefold()
    # Sentences long enough to be the seller's own words, with Markdown punctuation cut out.
    sentences = set()
    for string in agent_only_strings(kb):
        for piece in re.split(r"[*_`\[\]()#>\n|]|https?://\S+", string):
            piece = " ".join(piece.split()).strip(" -.,:;!?")
            if len(piece) >= 24 and piece.casefold() not in public_text:
                sentences.add(piece)
    assert len(sentences) >= 3
    public = built(name) / "public"
    text = "\n".join(" ".join(readable_text(p.read_bytes(), p.name).split()) for p in files_under(public))
    leaked = sorted(s for s in sentences if s.casefold() in text)
    assert not leaked, f"agents-only sentences in {name}'s buyers' site: {leaked}"
