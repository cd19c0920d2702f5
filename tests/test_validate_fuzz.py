"""Whatever a seller's editor leaves in a file, validation answers with problems or a knowledge
base, never with a traceback.

Property-based: Hypothesis mutates the real files of both shops (the sample and
ru-shop) the way hurried edits and broken copy-paste do (lines deleted,
duplicated, swapped; characters that mean something to YAML inserted; bytes
that are not UTF-8), and also throws random text and random bytes at it. Each
example is a source folder of site.yml and one other file, so an example
costs a few hundredths of a second and the whole module stays well under 30 s.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from conftest import RU_SHOP, SAMPLE_SOURCE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode, SequenceNode

from generator.cli import main as kbgen_main
from generator.load import compose_with_libyaml, compose_with_ruamel
from generator.problems import Problem
from generator.validate import KnowledgeBase, validate_source

SOURCES = (SAMPLE_SOURCE, RU_SHOP)
SOURCE_FILES = sorted((source, path.relative_to(source).as_posix()) for source in SOURCES for path in source.rglob("*.yml"))
# What YAML and Markdown give meaning to, what editors and keyboards slip in, and what Windows saves.
SPECIAL = ["{", "}", "[", "]", "&", "*", "!", "!!", "|", ">", "#", "%", "@", "`", "'", '"', ":", ": ", "- ", "? ",
           "\t", "\r", "\n", "\ufeff", "\u202e", "\u2028", "\x00", "\x07", "\x85", "---\n", "...\n", "<<: ", "~",
           "&a ", "*a", "!!python/object:os.system ", "<script>", "](javascript:x)", "{onclick=x}", "no", "1.10",
           "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "%YAML 1.1\n---\n"]
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xe4\xb8", b"\xb6\xa9\xb5\xa5", b"\xed\xa0\x80"]
PROBLEM_LINE = re.compile(r"^[^\n]+:\d+:\d+: \S[^\n]*$")

# derandomize: the same examples on every run, so that a failure in CI fails again at the desk.
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_outcome(folder: Path) -> list[Problem]:
    """The contract of `validate_source`, and of `kbgen validate`, on any folder; returns the problems."""
    kb, problems = validate_source(folder)
    assert isinstance(problems, list)
    if problems:
        assert kb is None
        for problem in problems:
            assert isinstance(problem, Problem)
            assert PROBLEM_LINE.match(str(problem)), str(problem)
            assert problem.position.line >= 1 and problem.position.column >= 1
    else:
        assert isinstance(kb, KnowledgeBase)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = kbgen_main(["validate", str(folder)])
    assert code == (1 if problems else 0)
    assert len(out.getvalue().splitlines()) == (len(problems) if problems else 1)
    out.getvalue().encode("utf-8")  # printable as UTF-8: no lone surrogates reach the terminal
    return problems


def source_with(site: bytes, relative: str, content: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kbgen-fuzz-"))
    (folder / "site.yml").write_bytes(site)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return folder


@st.composite
def mutated_file(draw):
    """(site.yml bytes, relative path, mutated bytes) from a real file of one of the shops."""
    source, relative = draw(st.sampled_from(SOURCE_FILES))
    lines = (source / relative).read_bytes().splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "bytes", "indent", "line"]))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "indent":
            lines[at] = draw(st.sampled_from([b" ", b"  ", b"\t"])) + lines[at]
        elif action == "line":
            lines.insert(at, draw(st.sampled_from(SPECIAL)).encode("utf-8") + b"\n")
        else:
            text = lines[at]
            cut = draw(st.integers(0, len(text)))
            if action == "bytes":
                piece = draw(st.sampled_from(BAD_BYTES))
            else:
                piece = draw(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=3))).encode("utf-8", "surrogatepass")
            lines[at] = text[:cut] + piece + text[cut:]
    site = (source / "site.yml").read_bytes()
    if relative == "site.yml":
        site = b"".join(lines)
        relative = draw(st.sampled_from([r for s, r in SOURCE_FILES if s == source and r != "site.yml"]))
        return site, relative, (source / relative).read_bytes()
    return site, relative, b"".join(lines)


@settings(max_examples=40, **SETTINGS)
@given(mutated_file())
def test_a_mutated_real_file_gives_problems_or_a_knowledge_base(case):
    site, relative, content = case
    folder = source_with(site, relative, content)
    try:
        check_outcome(folder)
    finally:
        shutil.rmtree(folder)


@settings(max_examples=60, **SETTINGS)
@given(
    st.sampled_from(["faq/orders.yml", "warranty/w.yml", "handbook/h.yml", "site.yml"]),
    st.one_of(
        st.lists(st.sampled_from(SPECIAL + list("abc ziд语: \n-")), max_size=80).map("".join),
        st.text(max_size=200),
        st.binary(max_size=200),
    ),
)
def test_random_text_and_bytes_give_problems_not_a_traceback(relative, content):
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    site = (RU_SHOP / "site.yml").read_bytes()
    if relative == "site.yml":
        site, relative, data = data, "faq/dostavka.yml", (RU_SHOP / "faq" / "dostavka.yml").read_bytes()
    folder = source_with(site, relative, data)
    try:
        check_outcome(folder)
    finally:
        shutil.rmtree(folder)


def test_deep_nesting_is_a_problem_at_its_place_and_quick(tmp_path):
    (tmp_path / "site.yml").write_text("shop:\n  name: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    problems = check_outcome(tmp_path)
    assert [str(p) for p in problems] == [
        "site.yml:2:39: lists and mappings nest more than 32 levels deep here: the format never needs that many"
    ]


def node_shape(node):
    """Everything later stages read from a node: its kind, text, style and where it starts and ends."""
    marks = tuple((mark.line, mark.column, mark.index) for mark in (node.start_mark, node.end_mark))
    if isinstance(node, ScalarNode):
        return ("text", node.value, node.style, marks)
    if isinstance(node, SequenceNode):
        return ("list", node.flow_style, marks, [node_shape(item) for item in node.value])
    return ("mapping", node.flow_style, marks, [(node_shape(key), node_shape(value)) for key, value in node.value])


def assert_readers_agree(text: str) -> bool:
    """libyaml reads a file only when ruamel.yaml, the reader of record, reads it cleanly into the same tree."""
    fast = compose_with_libyaml(text)
    if fast is None:
        return False
    problems: list[Problem] = []
    careful = compose_with_ruamel("f.yml", text, problems)
    assert problems == [] and careful is not None
    assert node_shape(fast) == node_shape(careful)
    return True


def test_both_yaml_readers_build_the_same_tree_of_every_real_file():
    assert all(assert_readers_agree(path.read_text(encoding="utf-8")) for source in SOURCES for path in source.rglob("*.yml"))


@settings(max_examples=150, **SETTINGS)
@given(mutated_file())
def test_both_yaml_readers_build_the_same_tree_of_a_mutated_file(case):
    _, _, content = case
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return  # never reaches a YAML reader
    assert_readers_agree(text)
