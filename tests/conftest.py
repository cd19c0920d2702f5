"""Shared fixtures: small knowledge bases written as YAML trees, and the kbgen command line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.cli import main as kbgen_main

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SAMPLE_SOURCE = PROJECT / "faq_source"
RU_SHOP = TESTS / "kbs" / "ru-shop"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, dedented, or bytes) under `root`; returns `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def kbgen(capsys):
    """Run `kbgen ARGS...` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = kbgen_main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
