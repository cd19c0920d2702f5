"""A build that fails or is interrupted leaves the previous OUT byte for byte as it was.

Each test builds a shop once into OUT, records every file's bytes, then runs a
build that goes wrong (an invalid source, SIGTERM or SIGINT mid-build, a full
disk, SIGKILL) and checks that OUT holds exactly what it held, that no staging
folder is left beside it, and that `kbgen` said so in one line, without a traceback.
The signalled builds are real `kbgen build` processes, signalled once their
staging folder (`.site.building-*`) shows up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, RU_SHOP

STAGING_GLOB = ".site.building-*"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: relative path -> sha256 of the bytes ('dir' for folders)."""
    digest = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest[relative] = "link:" + os.readlink(path)
        elif path.is_dir():
            digest[relative] = "dir"
        else:
            digest[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def kbgen_process(source: Path, out: Path, **popen_options) -> subprocess.Popen:
    """`kbgen build` as its own process, the way a seller or CI runs it."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--source", str(source), "--out", str(out)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen_options,
    )


def wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.005)


def assert_one_line_failure(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    assert "unchanged" in lines[0], lines[0]


@pytest.fixture
def shop(tmp_path):
    """A copy of ru-shop (so a test can break it) and the OUT folder of one good build of it."""
    source = shutil.copytree(RU_SHOP, tmp_path / "ru-shop")
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--source", str(source), "--out", str(out)],
        cwd=PROJECT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return source, out


def test_an_invalid_source_leaves_out_as_it_was(shop, kbgen):
    source, out = shop
    before = tree_digest(out)
    delivery = source / "faq" / "dostavka.yml"
    delivery.write_text(delivery.read_text(encoding="utf-8") + "\n  - id: Bad Id\n", encoding="utf-8")

    code, stdout, stderr = kbgen("build", "--source", source, "--out", out)

    assert code == 1
    assert "faq/dostavka.yml:" in stdout  # FILE:LINE:COLUMN: message
    assert "Traceback" not in stdout + stderr
    assert tree_digest(out) == before
    assert list(out.parent.glob(STAGING_GLOB)) == []


@pytest.mark.parametrize(
    "signum, moment",
    [
        (signal.SIGTERM, "staging folder created"),
        (signal.SIGINT, "staging folder created"),
        (signal.SIGTERM, "MkDocs writing pages"),
        (signal.SIGINT, "MkDocs writing pages"),
    ],
)
def test_a_signal_mid_build_leaves_out_as_it_was(shop, signum, moment):
    source, out = shop
    (source / "site.yml").write_text(
        (source / "site.yml").read_text(encoding="utf-8").replace("Тёплый Дом", "Тёплый Дом 2"), encoding="utf-8"
    )  # the new build would differ, so a partial swap would show
    before = tree_digest(out)

    build = kbgen_process(source, out)
    try:
        def staging_ready() -> bool:
            found = list(out.parent.glob(STAGING_GLOB))
            if moment == "staging folder created":
                return bool(found)
            return any((folder / "out" / "public").is_dir() for folder in found)

        wait_for(lambda: staging_ready() or build.poll() is not None, what=moment)
        assert build.poll() is None, f"the build ended before it could be signalled: {build.communicate()}"
        build.send_signal(signum)
        _, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()

    assert_failed_leaving_out_as_it_was(build, stderr, signal.Signals(signum).name, out, before)


def build_workers(pid: int) -> list[int]:
    """The processes the build `pid` forked (its own program, not a `git` it runs) that are still running."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return [child for child in children if _running(child) and _command(child) == _command(pid)]


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_build_process_killed_mid_build_fails_the_build_and_leaves_out_as_it_was(shop):
    """A build runs its parts (each site's pages, each site's search files) in processes of their own: when
    one of them dies, the build fails in one line, stops the others and leaves OUT as it was."""
    source, out = shop
    (source / "site.yml").write_text(
        (source / "site.yml").read_text(encoding="utf-8").replace("Тёплый Дом", "Тёплый Дом 2"), encoding="utf-8"
    )
    before = tree_digest(out)

    build = kbgen_process(source, out)
    workers: list[int] = []
    try:
        # Once the parts have started writing into the staging folder (the `git log` the build runs
        # to date the sitemap, before, is a fork of the build too until it starts git).
        def parts_started() -> bool:
            return any((folder / "work").is_dir() for folder in out.parent.glob(STAGING_GLOB)) and bool(build_workers(build.pid))

        wait_for(lambda: parts_started() or build.poll() is not None, what="the build's processes")
        workers = build_workers(build.pid)
        assert build.poll() is None and workers, f"the build ended before it could be signalled: {build.communicate()}"
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()

    assert_failed_leaving_out_as_it_was(build, stderr, "SIGKILL", out, before)
    assert not [worker for worker in workers if _running(worker)], "a build process outlived the build"


def assert_failed_leaving_out_as_it_was(build, stderr: str, signal_name: str, out: Path, before) -> None:
    """The build failed in one line naming the signal, OUT is as it was, and no staging folder is left."""
    assert build.returncode != 0
    assert_one_line_failure(stderr)
    assert signal_name in stderr
    assert tree_digest(out) == before
    assert list(out.parent.glob(STAGING_GLOB)) == []


@pytest.fixture
def small_disk(tmp_path):
    """OUT (one good build of ru-shop) on a disk too small for a second build.

    Yields (OUT, preexec_fn for the build process, the error the build must report).
    As root (CI, the project's machines) that is a real tmpfs sized to hold one build
    and a half; where mounting is not allowed, the build process gets RLIMIT_FSIZE
    instead, so its writes fail with EFBIG the way they fail with ENOSPC on a full disk.
    """
    folder = tmp_path / "small-disk"
    folder.mkdir()
    sizing = tmp_path / "sizing"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--source", str(RU_SHOP), "--out", str(sizing)],
        cwd=PROJECT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    # One build's blocks (tmpfs counts whole pages), and half as much again: a second build cannot fit.
    one_build = sum(max(4096, -(-p.stat().st_size // 4096) * 4096) for p in sizing.rglob("*"))
    size_kib = (one_build * 3 // 2) // 1024
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)], capture_output=True, text=True
    )
    try:
        shutil.copytree(sizing, folder / "site")
        if mounted.returncode == 0:
            yield folder / "site", None, "No space left on device"
        else:
            yield folder / "site", _limit_file_size, "File too large"
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _limit_file_size():
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_leaves_out_as_it_was(small_disk):
    out, preexec_fn, expected_error = small_disk
    before = tree_digest(out)

    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--source", str(RU_SHOP), "--out", str(out)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, preexec_fn=preexec_fn,
    )

    assert build.returncode == 1, build.stdout + build.stderr
    assert_one_line_failure(build.stderr)
    assert expected_error in build.stderr
    assert tree_digest(out) == before
    assert list(out.parent.glob(STAGING_GLOB)) == []


def test_a_killed_build_leaves_out_as_it_was_and_the_next_build_clears_its_staging(shop):
    source, out = shop
    before = tree_digest(out)

    build = kbgen_process(source, out)
    wait_for(lambda: any(out.parent.glob(STAGING_GLOB)) or build.poll() is not None, what="staging folder")
    build.kill()  # SIGKILL: no handler runs, the staging folder stays
    build.communicate(timeout=60)
    assert list(out.parent.glob(STAGING_GLOB)), "SIGKILL should leave the staging folder"
    assert tree_digest(out) == before

    rebuilt = kbgen_process(source, out)
    _, stderr = rebuilt.communicate(timeout=120)
    assert rebuilt.returncode == 0, stderr
    assert list(out.parent.glob(STAGING_GLOB)) == []


def test_a_second_build_replaces_out_whole(shop, kbgen):
    source, out = shop
    (source / "site.yml").write_text(
        (source / "site.yml").read_text(encoding="utf-8").replace("Тёплый Дом", "Тёплый Дом 2"), encoding="utf-8"
    )

    code, _, stderr = kbgen("build", "--source", source, "--out", out)

    assert code == 0, stderr
    assert "Тёплый Дом 2" in (out / "public" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["ru-shop", "site"]


def test_an_out_folder_holding_other_files_is_never_replaced(tmp_path, kbgen):
    precious = tmp_path / "not-a-site"
    (precious / "notes").mkdir(parents=True)
    (precious / "notes" / "todo.txt").write_text("keep me", encoding="utf-8")
    before = tree_digest(precious)

    code, _, stderr = kbgen("build", "--source", RU_SHOP, "--out", precious)

    assert code == 1
    assert_one_line_failure(stderr)
    assert "notes" in stderr
    assert tree_digest(precious) == before
    assert list(tmp_path.glob(".not-a-site.building-*")) == []
