"""Two builds of the same source are byte-identical, and any date a build writes comes from the source.

MkDocs takes every date it writes (`page.update_date`, the `lastmod` and gzip
header of its sitemaps) from SOURCE_DATE_EPOCH, which kbgen sets during a build
from the source: its newest git commit, or its files' newest modification time
outside git, never the clock. (kbgen writes the buyers' sitemap itself, without
dates, and a gzip header time of 0.)
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import struct
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import PROJECT, RU_SHOP, SAMPLE_SOURCE
from generator.build import _reproducible_dates, build_site, source_date_epoch

SOURCES = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    a, b = file_bytes(first), file_bytes(second)
    found = [f"only in the first build: {name}" for name in sorted(a.keys() - b.keys())]
    found += [f"only in the second build: {name}" for name in sorted(b.keys() - a.keys())]
    found += [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    return found


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_two_builds_of_the_same_source_are_byte_identical(name, built, tmp_path):
    first = built(name)
    second = tmp_path / "site"
    build_site(SOURCES[name], second, project_config=PROJECT / "mkdocs.yml")

    found = differences(first, second)

    assert not found, "the two builds differ:\n" + "\n".join(found)
    assert len(file_bytes(first)) > 10  # the comparison saw a real site


def sitemap_dates(out: Path) -> tuple[set[str], set[int]]:
    """Every `<lastmod>` of every sitemap.xml under OUT, and the gzip header time of every sitemap.xml.gz."""
    lastmods, gzip_times = set(), set()
    for sitemap in out.rglob("sitemap.xml"):
        lastmods.update(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap.read_text(encoding="utf-8")))
        compressed = sitemap.with_suffix(".xml.gz")
        if compressed.is_file():
            gzip_times.add(struct.unpack("<I", compressed.read_bytes()[4:8])[0])  # RFC 1952: MTIME, bytes 4..7
            assert gzip.decompress(compressed.read_bytes()) == sitemap.read_bytes()
    return lastmods, gzip_times


SEPTEMBER_9_2001 = 1_000_000_000  # 01:46:40 UTC


def test_every_date_a_build_writes_comes_from_the_source_not_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = shutil.copytree(RU_SHOP, tmp_path / "ru-shop")  # outside git: file times decide
    for path in source.rglob("*"):
        os.utime(path, (SEPTEMBER_9_2001 - 3600, SEPTEMBER_9_2001 - 3600))
    os.utime(source / "site.yml", (SEPTEMBER_9_2001, SEPTEMBER_9_2001))  # the newest file
    assert source_date_epoch(source) == SEPTEMBER_9_2001

    build_site(source, tmp_path / "site")

    # Sitemaps that carry dates carry the source's (MkDocs': the day, at midnight, in gzip headers).
    lastmods, gzip_times = sitemap_dates(tmp_path / "site")
    assert lastmods <= {"2001-09-09"}, lastmods
    assert gzip_times <= {0, SEPTEMBER_9_2001 - SEPTEMBER_9_2001 % 86400}, gzip_times
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    for page in (tmp_path / "site").rglob("*.xml"):
        assert today not in page.read_text(encoding="utf-8"), f"{page} holds today's date"


def test_mkdocs_dates_during_a_build_are_the_source_date(monkeypatch):
    """MkDocs takes every date it writes (page.update_date, sitemaps) from get_build_date(): the source's."""
    from mkdocs.utils import get_build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    with _reproducible_dates(RU_SHOP):
        assert get_build_date() == "2023-11-14"
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"  # restored as found

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    committed = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "."], cwd=RU_SHOP, capture_output=True, text=True
    ).stdout.strip()
    expected = int(committed) if committed else source_date_epoch(RU_SHOP)  # tracked in git: its last commit
    assert source_date_epoch(RU_SHOP) == expected
    with _reproducible_dates(RU_SHOP):
        assert get_build_date() == datetime.fromtimestamp(expected, timezone.utc).strftime("%Y-%m-%d")
    assert "SOURCE_DATE_EPOCH" not in os.environ
