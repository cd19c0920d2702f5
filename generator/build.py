"""Stage 5 (build): run MkDocs on the rendered sites and put the result in place, atomically.

`build_site` validates first (an invalid source raises `InvalidSource` before a
single file is written), then renders and builds both audiences into a fresh
staging folder beside OUT (`.<OUT name>.building-<pid>-<random>`), and only
then swaps the new output in for the old one with one `renameat2(...,
RENAME_EXCHANGE)`: a reader of OUT sees the old output or the new, never a
mix, and never no OUT at all.

The work after validation runs side by side in forked processes
(`render_and_build_all`): each site's pages (render, then MkDocs), and apart
from them each site's search files, which need no page and take a good share
of the time (a third of the buyers' site). Four independent jobs keep both
cores busy until the end, where two (one per site) left one core idle while
the longer site finished. `KBGEN_BUILD_JOBS=1` keeps everything in one process
(for a profiler).
An existing OUT is only ever replaced when it holds nothing but kbgen's own
folders, so `--out .` cannot swap a repository away.

What a failed or interrupted build leaves (the tests in
`tests/test_atomic_build.py` check each case):

- invalid source: nothing written at all;
- SIGINT, SIGTERM, SIGHUP: `BuildInterrupted` is raised where the build is, the
  staging folder is removed, OUT is untouched. The signals are turned into an
  exception that is NOT an `Exception` (like `KeyboardInterrupt`), so no
  `except Exception` inside MkDocs or a plugin swallows it;
- a full disk or any other write error, a broken project mkdocs.yml, a failing
  MkDocs run: `BuildFailed` with a one-line message; staging removed, OUT untouched;
- a forked job that fails or is killed: the same, and the other jobs are stopped.

While the output is being swapped and the staging folder removed, these
signals are held (blocked) and arrive right after: the swap is never cut in two.
A forked build process stops with the signal (or is stopped by the parent) and
leaves the cleaning to the parent. Only SIGKILL or a power cut can leave a
staging folder behind; the next build beside the same OUT removes those whose
process is gone.

Each MkDocs project is written into a fresh folder because mkdocs-static-i18n
builds every language into one site folder without cleaning it: reusing a
folder would let pages of an earlier build survive.

Builds are reproducible: MkDocs' dates (sitemap `lastmod`, the gzip header of
`sitemap.xml.gz`) come from `SOURCE_DATE_EPOCH`, which kbgen sets from the
source itself (see `source_date_epoch`), so two builds of the same source are
byte-identical.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import gc
import logging
import os
import pickle
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .build_plugin import KbgenPlugin, load_mkdocs_config
from .interface_text import InterfaceText, built_in_strings
from .languages import BUILT_IN_LANGUAGES
from .render.shared.a11y import add_accessibility_fixes
from .render.handbook import render_handbook_site
from .render.shared.html_templates import HtmlTemplates, shop_templates_folder_for
from .render.shared.mkdocs_config import SHARED_THEME_DIR, language_partials
from .render.public import render_public_site
from .render.public.search_documents import search_and_widget_files
from .render.handbook.search_documents import handbook_search_files
from .render.shared.site_files import RenderedSite, write_files
from .problems import InvalidSource
from .reading_memo import ReadingMemo
from .validate import KnowledgeBase, load_knowledge_base, read_ahead, validate_source
from .view import HandbookView, Presentation, PublicView, convert_markdown

PUBLIC = "public"
HANDBOOK = "handbook"

# The file every kbgen OUT folder carries at its top level. An existing OUT is replaced only when
# it has this marker (or is empty): a folder that merely holds a `public/` is not ours to replace.
OUTPUT_MARKER = ".kbgen-output"
OUTPUT_MARKER_TEXT = "This folder is built by kbgen (kbgen build); a new build replaces all of it.\n"

# Signals that end a build cleanly (SIGHUP: the terminal the build ran in was closed).
INTERRUPTING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class BuildResult:
    out: Path
    knowledge_base: KnowledgeBase
    sites: dict[str, Path] = field(default_factory=dict)


class BuildInterrupted(BaseException):
    """A signal arrived during the build; the previous output is untouched.

    A `BaseException`, like `KeyboardInterrupt`: code that catches `Exception`
    (MkDocs logs and re-raises, plugins may swallow) must not stop it.
    """

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


class BuildFailed(Exception):
    """The build could not finish (a write failed, MkDocs stopped); the previous output is untouched.

    The message is one line, meant for the seller: what failed and why.
    """


@dataclass(frozen=True)
class SiteRenderer:
    """How to render one site: its pages (with MkDocs' config and assets) and, apart, its search files.

    Apart, because neither needs the other and each is a good share of a build: a
    build makes the search files in a process of its own while the pages render
    and MkDocs runs (`render_and_build_all`). Called, it renders the whole site in
    one go (a preview).
    """

    pages: Callable[[], RenderedSite]
    search_files: Callable[[], Iterable[tuple[str, bytes]]]  # (path in the built site, bytes), one file after the other
    view: PublicView | HandbookView  # what both render from (a preview keeps the buyers' search indexes made from it)

    def __call__(self) -> RenderedSite:
        site = self.pages()
        site.extra_files.update(self.search_files())
        return site


def site_renderers(
    kb: KnowledgeBase, interface: InterfaceText | None = None, templates: HtmlTemplates | None = None
) -> dict[str, SiteRenderer]:
    """How to render each site of one build, by the name of its folder in OUT.

    Renderers, not rendered sites: a build renders each site in the process that
    then runs MkDocs on it (`render_and_build_all`), so the two audiences render
    and build side by side. `interface` and `templates`: the interface strings and
    HTML templates, the shop's own `locales/` and `templates/` included
    (generator/interface_text.py, render/shared/html_templates.py).

    Every answer is localized and converted here, once, before the build's
    processes are forked: both sites read the same records (`view.Presentation`).
    """
    presentation = Presentation.of(kb, interface, templates, convert_side_by_side)
    public, handbook = PublicView(kb, presentation), HandbookView(kb, presentation)
    return {
        PUBLIC: SiteRenderer(
            pages=lambda: render_public_site(public, kb.hand_written),
            search_files=lambda: search_and_widget_files(public, kb.hand_written),
            view=public,
        ),
        HANDBOOK: SiteRenderer(
            pages=lambda: render_handbook_site(handbook), search_files=lambda: handbook_search_files(handbook), view=handbook,
        ),
    }


# Below this many texts, a second process costs more than it saves.
SIDE_BY_SIDE_TEXTS = 2000


def convert_side_by_side(sources: Sequence[str]) -> list[tuple[str, str]]:
    """`view.convert_markdown`, the second half of the texts in a forked process where that is safe:
    converting every answer of a large shop is a good share of the build, before anything else can start."""
    if len(sources) < SIDE_BY_SIDE_TEXTS or not _forking_is_safe():
        return convert_markdown(sources)
    half = len(sources) // 2
    (theirs,), mine = _forked("converting answers", [lambda: convert_markdown(sources[half:])], meanwhile=lambda: convert_markdown(sources[:half]))
    return mine + theirs


def _forked(what: str, functions: Sequence[Callable[[], object]], meanwhile: Callable[[], object] = lambda: None) -> tuple[list, object]:
    """Each of `functions` run in a forked process of its own and handed back pickled, while `meanwhile()` runs
    here: their results, in order, and `meanwhile`'s. A result is unpickled as soon as its process ends, while
    the others still run. A failure in a forked process raises `BuildFailed` (a bug there prints its traceback;
    `what` names the work in the one-line message)."""
    with contextlib.ExitStack() as stack:
        # Each child's result, pickled; read once it has ended.
        files = [stack.enter_context(tempfile.TemporaryFile()) for _ in functions]
        children: list[_Child] = []
        try:
            with _signals_deferred():
                for function, file in zip(functions, files):
                    children.append(_fork_job(functools.partial(_pickle_into, file, function), what, None))
            mine = meanwhile()
            results: list = [None] * len(children)
            running = list(children)
            while running:
                child, failure = _wait_for_any_child(running)
                running.remove(child)
                if failure:
                    raise BuildFailed(failure)
                position = next(position for position, started in enumerate(children) if started is child)
                files[position].seek(0)
                with _full_collections_held():
                    results[position] = pickle.load(files[position])
            return results, mine
        finally:
            with _signals_deferred():
                for child in children:  # interrupted or failed here: stop the others, leave no process behind
                    _stop_child(child)


def _pickle_into(file, function: Callable[[], object]) -> None:
    """Write what `function()` returns, pickled, into the open `file` (a forked job's result)."""
    pickle.dump(function(), file, protocol=pickle.HIGHEST_PROTOCOL)
    file.flush()  # the job's process leaves with os._exit, which flushes nothing


def render_site(render: Callable[[], RenderedSite]) -> RenderedSite:
    """Run one renderer, and add what every site gets (Material's own accessibility gaps, render/shared/a11y/)."""
    site = render()
    add_accessibility_fixes(site)
    return site


def read_source(source: Path) -> tuple[KnowledgeBase, dict[str, SiteRenderer]]:
    """load -> validate, and the renderer of each site. Raises `InvalidSource` (YAML, docs/, locales/) before any write."""
    kb = _read_knowledge_base(Path(source))
    interface = InterfaceText(kb.shop_locales)
    templates = HtmlTemplates(shop_templates_folder_for(source))
    return kb, site_renderers(kb, interface, templates)


def _read_knowledge_base(source: Path) -> KnowledgeBase:
    """`validate.load_knowledge_base`, its files read in forked processes where that is safe.

    Parsing YAML is most of reading a source, and nothing else of the build can start before it: the
    source's files are read in two halves, each in a forked process (`validate.read_ahead`), and validated
    whole here from what both read (`validate_source` with their memo: every file's record, no YAML tree).
    At 10,000 entries reading took 11 of the build's 80 s of CPU while the other core waited. Reading also
    makes and drops hundreds of megabytes of YAML nodes, which Python keeps after they are gone: in the
    forked processes, the build and every process it forks next start that much smaller.
    """
    if not _forking_is_safe():
        return load_knowledge_base(source)
    # Meanwhile: kbgen's interface strings (pure-Python YAML, a second or so for five languages), read once
    # here rather than again in every process the build forks next.
    memos, _ = _forked("reading the source", [functools.partial(_read_ahead, source, half) for half in _halves_by_size(source)],
                       meanwhile=_read_interface_strings)
    memo = ReadingMemo()
    for read in memos:
        memo.update(read)
    with _full_collections_held():
        kb, problems = validate_source(source, memo=memo)
    if problems:
        raise InvalidSource(problems)
    return kb


def _read_ahead(source: Path, paths: list[str]) -> ReadingMemo:
    """`validate.read_ahead` in a forked process, which hands its memo over (without the YAML trees) and ends:
    the collector's full passes held all along (`_full_collections_held`)."""
    with _full_collections_held():
        return read_ahead(source, paths).without_trees()


def _halves_by_size(source: Path) -> list[list[str]]:
    """The source's YAML files (paths relative to it) in two lists of about the same size in bytes."""
    sizes = {}
    for path in Path(source).rglob("*.yml"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                sizes[path.relative_to(source).as_posix()] = path.stat().st_size
    halves: list[list[str]] = [[], []]
    totals = [0, 0]
    for path in sorted(sizes, key=lambda path: (-sizes[path], path)):  # the largest first, each to the lighter half
        lighter = 0 if totals[0] <= totals[1] else 1
        halves[lighter].append(path)
        totals[lighter] += sizes[path]
    return halves


@contextlib.contextmanager
def _full_collections_held():
    """No full pass of the garbage collector inside: young objects are still collected (garbage, cycles included,
    mostly dies young), but the oldest generation is not walked again and again while it grows.

    Reading or unpickling a large source makes millions of objects that all live on, and every full pass walked
    all of them so far: at 10,000 entries 13 passes, 5 of the 13 s of CPU of reading the source, and half of the
    1.2 s of unpickling it, both before anything else of the build can start.
    """
    first, second, third = gc.get_threshold()
    gc.set_threshold(first, second, 2**31 - 1)  # the oldest generation's threshold, out of reach
    try:
        yield
    finally:
        gc.set_threshold(first, second, third)


def _read_interface_strings() -> None:
    for code in BUILT_IN_LANGUAGES:
        built_in_strings(code)


def build_site(source: Path, out: Path, *, project_config: Path | None = None) -> BuildResult:
    """Validate `source`, build the buyers' site and the handbook, and swap them in at `out`.

    No full pass of the garbage collector in the whole build, its forked jobs included (they inherit the
    setting: `_full_collections_held`): what it reads and presents lives until it ends, and full passes
    walked it again and again for almost nothing (at 10,000 entries: two of 0.33 s each while the answers
    are presented, on one core before the jobs can start, and ~0.3 s of CPU in the jobs, which found some
    thousand objects to free; the peak memory stays the same).
    """
    with _signals_raise(), _full_collections_held():
        kb, renderers = read_source(Path(source))  # raises InvalidSource: nothing is written
        out = _output_folder(Path(out))
        _check_replaceable(out, Path(source))
        result = BuildResult(out, kb)
        staging: Path | None = None
        swapped = False
        try:
            with _signals_deferred():
                staging = _make_staging_folder(out)
            new_out = staging / "out"
            new_out.mkdir()
            (new_out / OUTPUT_MARKER).write_text(OUTPUT_MARKER_TEXT, encoding="utf-8")
            with _reproducible_dates(Path(source)):
                render_and_build_all(renderers, staging / "work", new_out, project_config)
            result.sites = {name: out / name for name in renderers}
            _swap_into_place(new_out, out, staging)
            swapped = True
        except OSError as error:
            raise BuildFailed(_describe_os_error(error, staging)) from error
        finally:
            if staging is not None:
                _remove_staging_folder(staging, build_done=swapped)
    return result


def write_mkdocs_project(site: RenderedSite, work: Path, site_dir: Path, project_config: Path | None) -> Path:
    """Write `site` as a MkDocs project in `work` (its pages' Markdown, its settings); returns its mkdocs.yml.

    The project's own mkdocs.yml, when given, is inherited (MkDocs' INHERIT):
    a seller can set the palette, a logo or extra CSS there, and kbgen's
    generated settings are layered on top.
    """
    write_docs(site, work / "docs")
    config = mkdocs_settings(site, work / "docs", site_dir, project_config)
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


# Lists a seller's mkdocs.yml may hold that kbgen's settings add to rather than replace.
ADDITIVE_SETTINGS = ("extra_css", "extra_javascript")


def mkdocs_settings(site: RenderedSite, docs: Path, site_dir: Path, project_config: Path | None) -> dict:
    """The generated mkdocs.yml of `site`: its config, where its pages are, the project's config.

    MkDocs' INHERIT replaces a list of the inherited file with the generated
    one: for `extra_css` and `extra_javascript` the project's entries are kept,
    after kbgen's, so a seller's stylesheet can override kbgen's rules.
    The theme folder it names is assembled beside `docs` (`assemble_theme`).
    """
    config = dict(site.mkdocs_config)
    theme_dir = assemble_theme(Path(config["theme"]["custom_dir"]), docs.parent / "theme", language_partials(config))
    config["theme"] = {**config["theme"], "custom_dir": str(theme_dir)}
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site_dir)
    if project_config is not None and project_config.is_file():
        config["INHERIT"] = str(project_config.absolute())
        inherited = _inherited_settings(project_config)
        for key in ADDITIVE_SETTINGS:
            if key in config and inherited.get(key):
                ours = [item for item in config[key] if item not in inherited[key]]
                config[key] = ours + list(inherited[key])  # the seller's last: their rules win
    return config


def assemble_theme(site_theme: Path, target: Path, generated: dict[str, str]) -> Path:
    """One build's Material `custom_dir` in `target`: the templates both sites share, the site's own,
    and `generated` (path -> text: the language partials Material lacks, `language_partials`).

    Writes only files that differ: a preview assembles it again for every rebuild.
    """
    sources = {}
    for folder in (SHARED_THEME_DIR, site_theme):  # the site's own last: its files win
        sources.update({path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()})
    sources.update({Path(relative): text.encode("utf-8") for relative, text in generated.items()})
    for relative, data in sorted(sources.items()):
        copy = target / relative
        if not copy.is_file() or copy.read_bytes() != data:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
    return target


def _inherited_settings(project_config: Path) -> dict:
    """The project's mkdocs.yml as MkDocs reads it (its own INHERIT and !ENV resolved); {} when unreadable.

    An unreadable file is reported by MkDocs itself when it loads the generated config.
    """
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(project_config, "rb") as config_file:
            loaded = yaml_load(config_file)
    except (OSError, MkDocsException, yaml.YAMLError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_docs(site: RenderedSite, docs: Path) -> None:
    """Write the Markdown of every page of `site` into the folder `docs` (their ready-made HTML stays in
    memory, with kbgen's MkDocs plugin: build_plugin.py says why the Markdown goes to disk)."""
    for relative, page in site.pages.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")


def render_and_build_all(renderers: dict[str, SiteRenderer], work: Path, out: Path, project_config: Path | None) -> None:
    """Render every site and build it with MkDocs into `out/<name>`, its search files beside: in forked processes where safe.

    The jobs are independent: each site's pages (render, then MkDocs, one core)
    and each site's search files (written into `work/<name>-search`, moved into
    the built site once every job is done, as MkDocs empties its site folder when
    it starts). On two cores the four jobs take about half their total time,
    where two (one per site) took as long as the longer site. Forking is only
    safe from a process with a single thread (a forked child gets no copy of
    other threads, nor of the locks they hold), so a build started from a
    threaded program (a test session with a web server, say) runs the jobs one
    after the other.
    """
    jobs: list[tuple[str, Callable[[], None]]] = []
    for name, renderer in renderers.items():
        jobs.append((f"building {name}", functools.partial(render_and_build, renderer.pages, work / name, out / name, project_config)))
    for name, renderer in renderers.items():
        jobs.append((f"building {name} search", functools.partial(_write_files, renderer.search_files, work / f"{name}-search")))
    # What every job shares (the knowledge base, the converted answers) lives until the jobs are done: out of
    # the collector's passes meanwhile, which would walk it in every process (and write to every page of it,
    # copying it into each). Back in after, for a program that builds more than once.
    gc.freeze()
    try:
        if not _forking_is_safe():
            for _, job in jobs:
                job()
        else:
            _run_side_by_side(jobs, staging=out.parent)
    finally:
        gc.unfreeze()
    for name in renderers:
        _move_into(work / f"{name}-search", out / name)


def _run_side_by_side(jobs: list[tuple[str, Callable[[], None]]], staging: Path) -> None:
    """Run the first job here and every other one in a forked process; raise `BuildFailed` if any fails."""
    children = []
    try:
        for name, job in jobs[1:]:
            # Signals wait until the child is on the list: a signal between fork and append would
            # leave a child nobody stops, or run the parent's handler inside the child.
            with _signals_deferred():
                children.append(_fork_job(job, name, staging))
        jobs[0][1]()
        while children:  # then as each child ends: a failure stops the others at once (the finally below)
            child, failure = _wait_for_any_child(children)
            children.remove(child)
            if failure:
                raise BuildFailed(failure)
    finally:
        with _signals_deferred():
            for child in children:  # interrupted or failed here: stop the other jobs, leave no process behind
                _stop_child(child)


def render_and_build(render: Callable[[], RenderedSite], work: Path, site_dir: Path, project_config: Path | None) -> None:
    run_mkdocs(render_site(render), work, site_dir, project_config)


def _write_files(make_files: Callable[[], Iterable[tuple[str, bytes]]], folder: Path) -> None:
    """Write the files `make_files` makes ((relative path, bytes), one after the other) into `folder`, each as it comes."""
    write_files(folder, make_files())


def _move_into(source: Path, target: Path) -> None:
    """Move every file under `source` to the same place under `target` (a file already there is replaced)."""
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _move_into(entry, destination)
        else:
            os.replace(entry, destination)


@dataclass
class _Child:
    pid: int
    messages: int  # read end of the pipe the child writes its one-line failure to


def _forking_is_safe() -> bool:
    """True when the jobs may run in forked processes (KBGEN_BUILD_JOBS=1 forbids it: for profiling)."""
    import threading

    if os.environ.get("KBGEN_BUILD_JOBS", "").strip() == "1":
        return False
    return hasattr(os, "fork") and threading.active_count() == 1 and _in_main_thread()


def _fork_job(job: Callable[[], None], name: str, staging: Path | None) -> _Child:
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return _Child(pid, read_end)
    # The child: run the job, report, and leave with os._exit (never return into the parent's code).
    # It starts with the interrupting signals blocked (the parent forks inside _signals_deferred):
    # reset their handlers first, so a signal can only stop it, never raise in the parent's code.
    os.close(read_end)
    for signum in INTERRUPTING_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)  # the parent cleans up; the child just stops
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(INTERRUPTING_SIGNALS))
    code, message = 0, ""
    try:
        job()
    except BuildFailed as failed:
        code, message = 1, str(failed)
    except OSError as error:
        code, message = 1, _describe_os_error(error, staging)
    except BaseException as error:  # a bug: show where, then fail the build with one line
        import traceback

        traceback.print_exc()
        code, message = 2, f"{name} failed: {type(error).__name__}: {_one_line(str(error))}"
    finally:
        try:
            os.write(write_end, message.encode("utf-8"))
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _wait_for_any_child(children: list[_Child]) -> tuple[_Child, str]:
    """Wait until one of `children` ends; that child (reaped) and its one-line failure, "" when it succeeded.

    A child's pipe reads as ended once the child has exited (it alone holds the
    write end): waiting on the pipes, not with `os.wait`, never reaps a process
    that is not one of ours.
    """
    ready, _, _ = select.select([child.messages for child in children], [], [])
    child = next(child for child in children if child.messages == ready[0])
    with os.fdopen(child.messages, "rb") as messages:
        child.messages = -1
        message = messages.read().decode("utf-8", "replace")
    _, status = os.waitpid(child.pid, 0)
    child.pid = 0
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return child, ""
    if code < 0:
        return child, message or f"a build process ended by signal {signal.Signals(-code).name}"
    return child, message or f"a build process failed (exit {code})"


def _stop_child(child: _Child) -> None:
    """Stop a forked build that is still running and reap it (pid and pipe are cleared once used)."""
    if child.pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
        child.pid = 0
    if child.messages >= 0:
        os.close(child.messages)
        child.messages = -1


def run_mkdocs(site: RenderedSite, work: Path, site_dir: Path, project_config: Path | None) -> None:
    """Build one rendered site with MkDocs and kbgen's plugin (build_plugin.py) into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config_file = write_mkdocs_project(site, work, site_dir, project_config)
    # MkDocs reads the pages' Markdown from the files just written: keep only what the plugin adds to it.
    site.pages = {path: replace(page, markdown="") for path, page in site.pages.items()}
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with mkdocs_log() as errors:
        try:
            build(load_mkdocs_config(config_file, KbgenPlugin(site)))
        except MkDocsException as error:
            # MkDocs logs the cause and raises a generic "Aborted with a BuildError!": report the cause.
            cause = errors[0] if errors else error.format_message()
            raise BuildFailed(f"MkDocs stopped: {_one_line(cause)}") from error


@contextlib.contextmanager
def mkdocs_log(*, hold_errors: bool = True):
    """MkDocs' INFO lines are noise in kbgen's output; warnings show; errors are kept for our own message.

    Yields the list that collects the messages of MkDocs' ERROR records: when the
    build then fails, the first of them becomes kbgen's one-line message; when it
    does not, they are printed after the build. With `hold_errors=False` (a
    long-running preview) they are printed as they come.
    """
    logger = logging.getLogger("mkdocs")
    errors: list[str] = []

    class KbgenHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR and hold_errors:
                errors.append(record.getMessage())
            else:
                kind = "error" if record.levelno >= logging.ERROR else "warning"
                print(f"kbgen: MkDocs {kind}: {record.getMessage()}", file=sys.stderr, flush=True)

    handler = KbgenHandler(logging.WARNING)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False
    failed = True
    try:
        yield errors
        failed = False
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
        if not failed:
            for message in errors:
                print(f"kbgen: MkDocs error: {message}", file=sys.stderr)


# --- reproducible output ---------------------------------------------------------------------


def source_date_epoch(source: Path) -> int:
    """The one timestamp a build of `source` embeds (sitemap `lastmod`, gzip headers).

    In order: the `SOURCE_DATE_EPOCH` environment variable (the reproducible-builds
    convention, for CI that wants a fixed value); else the time of the newest git
    commit that touched the source folder (what a reader means by "last
    updated", and the same in every checkout); else the newest modification
    time of a file in the source (outside git: unchanged files, same output).
    """
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured.isdigit():
        return int(configured)
    committed = _git_commit_time(source)
    if committed is not None:
        return committed
    times = [path.stat().st_mtime for path in Path(source).rglob("*") if path.is_file()]
    return int(max(times)) if times else 0


def _git_commit_time(source: Path) -> int | None:
    """Committer time of the newest commit touching `source`, or None outside git (or without git)."""
    try:
        completed = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=source, capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = completed.stdout.strip()
    return int(stamp) if completed.returncode == 0 and stamp.isdigit() else None


@contextlib.contextmanager
def _reproducible_dates(source: Path):
    """Set SOURCE_DATE_EPOCH, which MkDocs reads for every date it writes, for the build's duration."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(source))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


# --- the output folder and its atomic swap ------------------------------------------------


def _output_folder(out: Path) -> Path:
    """OUT as an absolute path; a symlinked OUT is followed, so the link stays and its target is replaced."""
    out = out.absolute()
    if out.is_symlink():
        out = out.resolve()
    return out


def _check_replaceable(out: Path, source: Path) -> None:
    """Refuse an OUT that kbgen did not build (`--out .` must not eat a repository), and one inside
    the source (or holding it), which the next build would read as content or swap away."""
    source, resolved = source.resolve(), out.resolve()
    if resolved.is_relative_to(source) or source.is_relative_to(resolved):
        raise BuildFailed(f"{out} is inside the source folder {source} or holds it; choose an --out outside it")
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise BuildFailed(f"{out} exists and is not a folder; choose another --out")
    contents = sorted(os.listdir(out))
    if contents and OUTPUT_MARKER not in contents:
        shown = ", ".join(contents[:5]) + (", ..." if len(contents) > 5 else "")
        raise BuildFailed(
            f"{out} holds files kbgen did not build ({shown}) and no {OUTPUT_MARKER} marker; refusing to replace it: "
            "choose another --out or empty that folder"
        )


def _staging_prefix(out: Path) -> str:
    return f".{out.name}.building-"


def _make_staging_folder(out: Path) -> Path:
    """A fresh folder beside OUT (same file system, so the swap is a rename), named after this process.

    Staging folders of builds whose process is gone (killed with SIGKILL) are removed first.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out)
    return Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=out.parent))


def _remove_staging_folder(staging: Path, *, build_done: bool) -> None:
    """Remove the staging folder with signals held; a signal held until then still interrupts, unless
    the new output is already in place (then the build is done, and saying "unchanged" would be false)."""
    try:
        with _signals_deferred():
            shutil.rmtree(staging, ignore_errors=True)
    except BuildInterrupted:
        if not build_done:
            raise


def _remove_abandoned_staging(out: Path) -> None:
    pattern = re.compile(re.escape(_staging_prefix(out)) + r"(\d+)-")
    for sibling in out.parent.iterdir():
        match = pattern.match(sibling.name)
        if match and sibling.is_dir() and not _process_alive(int(match.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True


def _swap_into_place(new: Path, out: Path, staging: Path) -> None:
    """Replace `out` with `new` so that a reader sees the old or the new output, never a mix or nothing.

    The old output ends up inside `staging` (removed by the caller), so nothing is left beside OUT.
    """
    with _signals_deferred():
        if not out.exists() and not out.is_symlink():
            os.rename(new, out)
        elif not _rename_exchange(new, out):
            # No renameat2 (not Linux, or a file system without RENAME_EXCHANGE): two renames,
            # with OUT missing for an instant in between.
            os.rename(out, staging / "old")
            os.rename(new, out)


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
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system cannot: fall back
    raise OSError(code, os.strerror(code), str(b))


def _describe_os_error(error: OSError, staging: Path | None) -> str:
    """One line: what the system said and where, with the staging folder's path shortened."""
    reason = error.strerror or str(error)
    where = error.filename2 or error.filename  # a failed copy names its source first, its target second
    if where and staging is not None:
        where = str(where).replace(str(staging), "<staging>")
    return f"{reason} (writing {where})" if where else reason


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


# --- signals ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _signals_raise():
    """Turn SIGINT, SIGTERM and SIGHUP into `BuildInterrupted`, so cleanup runs and OUT stays as it was."""

    def interrupt(signum, frame):
        raise BuildInterrupted(signum)

    if not _in_main_thread():
        yield  # only the main thread may set handlers; a build in a thread is stopped by its owner
        return
    previous = {signum: signal.signal(signum, interrupt) for signum in INTERRUPTING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _signals_deferred():
    """Hold the interrupting signals while the output is swapped or cleaned; they arrive right after."""
    if not _in_main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(INTERRUPTING_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
