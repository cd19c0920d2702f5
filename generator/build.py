"""Stage 5 (build): run MkDocs on the rendered sites and put the result in place, atomically.

`build_site` validates first (an invalid source raises `InvalidSource` before a
single file is written), then renders and builds both audiences into a fresh
staging folder beside OUT, and only then swaps the new output in for the old.
A build that fails or is interrupted (SIGINT, SIGTERM, a full disk) leaves
the previous OUT byte for byte as it was.

Each MkDocs project is written into a fresh folder because mkdocs-static-i18n
builds every language into one site folder without cleaning it: reusing a
folder would let pages of an earlier build survive.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .render.public import render_public_site
from .render.site_files import RenderedSite
from .validate import KnowledgeBase, load_knowledge_base
from .view import PublicView

PUBLIC = "public"
HANDBOOK = "handbook"


@dataclass
class BuildResult:
    out: Path
    knowledge_base: KnowledgeBase
    sites: dict[str, Path] = field(default_factory=dict)


class BuildInterrupted(Exception):
    """A signal arrived during the build; the previous output is untouched."""


def build_site(source: Path, out: Path, *, project_config: Path | None = None) -> BuildResult:
    """Validate `source`, build the buyers' site and the handbook, and swap them in at `out`."""
    kb = load_knowledge_base(Path(source))  # raises InvalidSource: nothing is written
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        with _signals_raise():
            result = BuildResult(out, kb)
            new_out = staging / "out"
            new_out.mkdir()
            rendered = {PUBLIC: render_public_site(PublicView(kb))}
            for name, site in rendered.items():
                run_mkdocs(site, staging / "work" / name, new_out / name, project_config)
                result.sites[name] = out / name
            _swap_into_place(new_out, out)
        return result
    finally:
        with _signals_deferred():
            shutil.rmtree(staging, ignore_errors=True)


def write_mkdocs_project(site: RenderedSite, work: Path, site_dir: Path, project_config: Path | None) -> Path:
    """Write `site` as a MkDocs project in `work`; returns its mkdocs.yml.

    The project's own mkdocs.yml, when given, is inherited (MkDocs' INHERIT):
    a seller can set the palette, a logo or extra CSS there, and kbgen's
    generated settings are layered on top.
    """
    docs = work / "docs"
    for relative, source in site.docs.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    config = dict(site.mkdocs_config)
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site_dir)
    if project_config is not None and project_config.is_file():
        config["INHERIT"] = str(project_config.absolute())
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def run_mkdocs(site: RenderedSite, work: Path, site_dir: Path, project_config: Path | None) -> None:
    """Build one rendered site with MkDocs into `site_dir`, then add its extra files."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = write_mkdocs_project(site, work, site_dir, project_config)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _quiet_mkdocs():
        config = load_config(config_file=str(config_file))
        build(config)
    for relative, data in site.extra_files.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@contextlib.contextmanager
def _quiet_mkdocs():
    """MkDocs' INFO lines are noise in kbgen's output; its warnings still show."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _swap_into_place(new: Path, out: Path) -> None:
    """Replace `out` with `new` so that a reader sees the old or the new output, never a mix or nothing."""
    with _signals_deferred():
        if not out.exists():
            os.rename(new, out)
            return
        if _rename_exchange(new, out):
            shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old output
            return
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        os.rename(new, out)
        shutil.rmtree(old, ignore_errors=True)


def _rename_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


@contextlib.contextmanager
def _signals_raise():
    """Turn SIGTERM into an exception too (SIGINT already is one), so cleanup runs."""

    def interrupt(signum, frame):
        raise BuildInterrupted(f"interrupted by signal {signum}")

    if not _in_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM while the output is swapped or cleaned; they arrive right after."""
    if not _in_main_thread():
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
