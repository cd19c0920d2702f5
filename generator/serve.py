"""`kbgen serve`: a live preview that rebuilds and reloads the browser when the source changes.

How it works (MkDocs' live-reload server does the serving, watching and reloading; kbgen gives it
its own builder, so that one `PreviewSession` and one kbgen MkDocs plugin last the whole preview):

1. The source is validated once; an invalid source at start prints its problems and exits 1.
2. The site (the buyers' site; the agent handbook with `--handbook`) is written as a
   MkDocs project into a staging folder: its pages' Markdown and its mkdocs.yml. The
   pages' ready-made HTML and the files added beside the built site stay in memory,
   with the session's plugin (build_plugin.py).
3. `mkdocs.livereload.LiveReloadServer` watches the source folder (and `docs/`,
   `locales/` and `templates/` beside it, and the project's mkdocs.yml when one is
   inherited). After every change it calls `PreviewSession.rebuild`, which validates
   the whole source again (each unchanged file's reading reused: reading_memo.py) and
   asks preview_changes.py what the edit can change:
   - everything (site.yml, locales/, templates/, docs/, a warranty policy, mkdocs.yml):
     load -> validate -> view -> render again, the staging project rewritten, then MkDocs'
     build with a config loaded afresh from it (so an edit that changes the MkDocs
     settings, a language added to site.yml, takes effect at once);
   - some pages in some languages (an edit of FAQ entries): those pages are rendered
     again, and those that differ from what the preview has are written and built again
     alone (preview_pages.py); the search files are made again when the browser next
     asks for one of them (a search index covers every entry of a language, and making
     it costs more than all the rest of a small edit).
   The browser reloads when the rebuild is done.
4. When an edit makes the source invalid, the session prints every problem as
   `FILE:LINE:COLUMN: message` and leaves the last good pages in place: the
   preview serves them with every problem in a box over the page
   (`shared/preview-problems.html`, added to every HTML page as it is served, so
   nothing is rebuilt for it), and no traceback is printed. The rebuild after the
   fix serves the pages without the box, and the browser reloads.

Nothing in the staging folder is watched: writing the pages there must not start another rebuild.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import watchdog.observers.polling
import yaml

from .build import HANDBOOK, PUBLIC, mkdocs_log, mkdocs_settings, render_site, site_renderers, write_docs
from .build_plugin import KbgenPlugin, load_mkdocs_config
from .messages import Message, format_problem, say
from .problems import InvalidSource, Problem
from .hand_written import HandWrittenDocs, docs_folder_for
from .interface_text import InterfaceText, shop_locales_folder_for
from .preview_changes import EVERYTHING, PageChanges, SourceState, changed_pages
from .preview_pages import PageBuilds
from .reading_memo import ReadingMemo
from .render.public import render_public_page
from .render.public.search_documents import buyers_search_indexes, search_and_widget_files
from .render.shared.html_templates import HtmlTemplates, shop_templates_folder_for
from .render.shared.site_files import RenderedSite, write_files
from .render.shared.site_search import SearchFolder
from .validate import KnowledgeBase, load_knowledge_base
from .model.options import Record
from .view import Localizer, LocalizedMarkdown, Presentation, PublicView, without_agents_only

# Where `search_and_widget_files` writes (search/, widget/): a request for a file there waits for the
# search files to be made again when an edit left them out of date.
SEARCH_FOLDERS = ("search/", "widget/")
# How often the watcher looks for changed files (MkDocs: 0.5 s). Half of it is, on average, part of the time
# from an edit to the page; a look at a few hundred files' times costs next to nothing.
POLLING_INTERVAL_S = 0.2


class ServeFailed(Exception):
    """The preview cannot start (a site kbgen does not build yet, a port in use); one line for the seller."""



def settle() -> None:
    """After a build of the preview: what it left alive is frozen out of the garbage collector's passes.

    A large shop's preview holds millions of objects that live until the next full rebuild: the
    collector's full passes over them took 1-2 s at 10,000 entries, at random moments of an edit's
    rebuild. Frozen, they are left out of every pass (objects made later still are collected; a full
    rebuild unfreezes them first, as they may be garbage by then).
    """
    gc.freeze()

@dataclass
class PreviewSession:
    """One `kbgen serve`: where the source is, which site is previewed, the last good source and render
    (the render held by the session's MkDocs plugin) and the source's problems while it has any."""

    source: Path
    site_name: str  # PUBLIC or HANDBOOK
    staging: Path
    project_config: Path | None
    config_file: Path = field(init=False)
    docs: Path = field(init=False)
    site_dir: Path = field(init=False)  # what the preview serves
    plugin: KbgenPlugin = field(init=False)
    page_builds: PageBuilds = field(init=False)  # what rebuilds a changed page alone (preview_pages.py)
    # The names the preview answers to, in a request's Host header (without the port). Anything
    # else is refused: a web page elsewhere could otherwise point a name of its own at 127.0.0.1
    # (DNS rebinding) and read the preview, agent handbook included, from the seller's browser.
    allowed_hosts: frozenset[str] = frozenset({"localhost", "127.0.0.1", "[::1]"})
    url: str | None = None  # the preview's address, once its server exists (MkDocs' `serve_url`)
    problems: list[Problem] = field(default_factory=list)  # the source's, while it is invalid; [] when valid
    builds: int = 0
    memo: ReadingMemo = field(default_factory=ReadingMemo)
    public_copies: PublicCopies = field(default_factory=lambda: PublicCopies())
    state: SourceState | None = None  # the last good source, which the pages show
    # The interface strings and HTML templates of the last full render (an edit of either renders everything).
    interface: InterfaceText | None = None
    templates: HtmlTemplates | None = None
    # The buyers' search indexes as the preview last made them (None: the handbook's preview); while edits
    # have left the files out of date, the view of the last edit (None: up to date) and the languages the
    # edits changed: only those are indexed again (at 10,000 entries every language's indexes took 54 s,
    # one language's 8 s).
    search_indexes: SearchFolder | None = None
    stale_search: tuple[PublicView, HandWrittenDocs | None] | None = None
    stale_languages: set[str] = field(default_factory=set)
    # Held by a rebuild and by a request that makes the search files: the server answers requests in threads.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.config_file = self.staging / "mkdocs.yml"
        self.docs = self.staging / "docs"
        self.site_dir = self.staging / "site"
        self.plugin = KbgenPlugin(RenderedSite(), preview=self)
        self.page_builds = PageBuilds()

    def read(self) -> SourceState | None:
        """load -> validate, reusing what is unchanged; None (problems printed) when the source is invalid."""
        try:
            kb = load_knowledge_base(self.source, self.memo)
        except InvalidSource as invalid:
            self.problems = list(invalid.problems)
            for problem in self.problems:
                print(problem_line(problem), flush=True)
            print(say("serve.invalid_in_terminal", summary=problems_summary(len(self.problems), self.source)), file=sys.stderr, flush=True)
            return None
        self.problems = []
        return SourceState(kb, self.outside_files())

    def outside_files(self) -> dict[str, bytes]:
        """What the pages depend on beside the model: the shop's templates/ and the project's mkdocs.yml (path -> bytes)."""
        files = {}
        templates = shop_templates_folder_for(self.source)
        if templates.is_dir():
            files.update({str(path): path.read_bytes() for path in sorted(templates.rglob("*")) if path.is_file()})
        if self.project_config is not None and self.project_config.is_file():
            files[str(self.project_config)] = self.project_config.read_bytes()
        return files

    def render(self, state: SourceState) -> RenderedSite:
        """view -> render the previewed site, only that one, all of it."""
        kb = state.kb
        self.interface, self.templates = InterfaceText(kb.shop_locales), HtmlTemplates(shop_templates_folder_for(self.source))
        render = site_renderers(kb, self.interface, self.templates).get(self.site_name)
        if render is None:
            raise ServeFailed(f"this version of kbgen does not build the {self.site_name} site yet")
        self.search_indexes = None
        if self.site_name == PUBLIC:
            render = dataclasses.replace(render, search_files=functools.partial(self.search_files_kept, render.view, kb))
        site = render_site(render)
        if self.site_name == PUBLIC:
            self.public_view(kb)  # every record's public copy made now: the first edit copies only what it changed
        return site

    def search_files_kept(self, view: PublicView, kb: KnowledgeBase) -> Iterator[tuple[str, bytes]]:
        """The buyers' search files of a full render, their indexes kept: an edit makes again only its languages'."""
        self.search_indexes = buyers_search_indexes(view, view.languages, kb.hand_written)
        return search_and_widget_files(view, kb.hand_written, self.search_indexes)

    def public_view(self, kb: KnowledgeBase) -> PublicView:
        """The buyers' view of `kb` for an update: the last full render's interface strings and templates (an edit
        of either changes every page), answers converted as pages ask for them, unchanged records' copies reused."""
        assert self.interface is not None and self.templates is not None
        return PublicView(kb, Presentation(self.interface, self.templates, AnswersOnDemand(kb)), self.public_copies.next_view())

    def write(self, site: RenderedSite) -> None:
        """Make `site` the one the preview builds: its pages' Markdown and its settings into the staging
        folder, the site itself (ready-made HTML, extra files) to the session's plugin."""
        fresh = self.docs.with_name("docs.new")
        shutil.rmtree(fresh, ignore_errors=True)
        write_docs(site, fresh)
        shutil.rmtree(self.docs, ignore_errors=True)
        fresh.rename(self.docs)
        config = mkdocs_settings(site, self.docs, self.site_dir, self.project_config)
        self.config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.plugin.site = site
        self.stale_search, self.stale_languages = None, set()

    def watched(self) -> list[Path]:
        """What a change of reloads the preview: the source, docs/, locales/ and templates/ beside it, the
        project's mkdocs.yml."""
        paths = [self.source, docs_folder_for(self.source)]
        paths += [shop_locales_folder_for(self.source), shop_templates_folder_for(self.source)]
        if self.project_config is not None:
            paths.append(self.project_config)
        return [path for path in paths if path.exists()]

    def rebuild(self) -> None:
        """The preview server's builder, after every change: render again what the edit changed (or keep the
        last good pages and show the problems), then build it."""
        started = time.monotonic()
        with self.lock:
            state = self.read()
            if state is not None:
                # The buyers' site only: the handbook shows nearly everything on many pages, and is built whole.
                changes = changed_pages(self.state, state) if self.site_name == PUBLIC and self.state else EVERYTHING
                self.state = None  # until the rebuild is done: after a failed one, the next edit rebuilds everything
                if changes is EVERYTHING:
                    gc.unfreeze()  # what the last full rebuild froze may be garbage now
                    self.write(self.render(state))
                    self.build()
                else:
                    self.update(state, changes)
                self.state = state
            settle()
        self.report(started)

    def update(self, state: SourceState, changes: PageChanges) -> None:
        """Render again the pages `changes` names; write and build those that differ from what the preview has."""
        kb = state.kb
        view = self.public_view(kb)
        changed = []
        for path, languages in changes.pages.items():
            for language in sorted(languages):
                page = render_public_page(view, kb.hand_written, language, path)
                key = f"{language}/{path}"
                if self.plugin.site.pages.get(key) != page:
                    self.plugin.site.pages[key] = page
                    (self.docs / key).write_text(page.markdown, encoding="utf-8")
                    changed.append(key)
        if changed:
            self.page_builds.rebuild(changed)
        if changes.search_stale:
            self.stale_search = (view, kb.hand_written)
            self.stale_languages |= set().union(*changes.pages.values())

    def refresh_search(self) -> None:
        """Make the search files again if an edit left them out of date, and write those that changed."""
        with self.lock:
            if self.stale_search is None:
                return
            view, hand_written = self.stale_search
            assert self.search_indexes is not None  # made by the full render every update follows
            languages = [language for language in view.languages if language in self.stale_languages]
            self.search_indexes = self.search_indexes.with_languages_of(buyers_search_indexes(view, languages, hand_written))
            files = dict(search_and_widget_files(view, hand_written, self.search_indexes))
            self.stale_search, self.stale_languages = None, set()
            extra_files = self.plugin.site.extra_files
            for relative in [path for path in extra_files if path.startswith(SEARCH_FOLDERS) and path not in files]:
                del extra_files[relative]
                (self.site_dir / relative).unlink(missing_ok=True)
            changed = {relative: data for relative, data in files.items() if extra_files.get(relative) != data}
            extra_files.update(changed)
            write_files(self.site_dir, changed.items())

    def build(self) -> None:
        """Build the staging project with MkDocs (a config loaded afresh) and the session's plugins."""
        from mkdocs.commands.build import build

        config = self.page_builds.add_to(load_mkdocs_config(self.config_file, self.plugin))
        config.site_url = self.url  # as `mkdocs serve` does: links and the sitemap point at the preview
        build(config, serve_url=self.url)

    def report(self, started: float) -> None:
        # After a broken edit the pages are the last good ones: saying only "rebuilt" would read as if the edit were in.
        what = "serve.rebuilt_with_problems" if self.problems else "serve.rebuilt" if self.builds else "serve.built"
        self.builds += 1
        print(say(what, seconds=f"{time.monotonic() - started:.1f}"), flush=True)

    def with_problems(self, page: str) -> str:
        """A built page of the preview, with the source's problems over it while there are any."""
        if not self.problems:
            return page
        # kbgen's own templates only: a broken template in the shop's folder must not hide its problems.
        box = HtmlTemplates().render(
            "shared/preview-problems.html",
            summary=problems_summary(len(self.problems), self.source),
            problems=[problem_line(problem) for problem in self.problems],
        )
        before, body_end, after = page.rpartition("</body>")
        return before + box + body_end + after if body_end else page + box


class PublicCopies:
    """`view.without_agents_only`, each record's copy kept while the record is the same object: an unchanged
    file's records come back from reading_memo.py as they were, and copying 10,000 entries for every edit
    costs more than the rest of a small one. Copies of records no longer read are dropped each time."""

    def __init__(self):
        self.copies: dict[int, tuple[Record, Record]] = {}  # id(record) -> (record, its copy); the record kept alive
        self.used: dict[int, tuple[Record, Record]] = {}

    def __call__(self, record: Record) -> Record:
        kept = self.copies.get(id(record))
        if kept is None or kept[0] is not record:
            kept = (record, without_agents_only(record))
        self.used[id(record)] = kept
        return kept[1]

    def next_view(self) -> PublicCopies:
        """Start another view: keep the copies the last one used, forget the others."""
        self.copies, self.used = self.used, {}
        return self


class AnswersOnDemand(Mapping):
    """The answers of `kb` by (entry id, language), each localized and converted when a page first asks for it
    (`view.Presentation.answers`, which a build fills with every answer at once): a preview's update renders
    a few pages."""

    def __init__(self, kb: KnowledgeBase):
        self.entries = {entry.id: entry for _, entry in kb.entries()}
        self.localizers = {language: Localizer(language, kb.default_language, kb.site.fallback) for language in kb.languages}
        self.converted: dict[tuple[str, str], LocalizedMarkdown] = {}

    def __getitem__(self, key: tuple[str, str]) -> LocalizedMarkdown:
        answer = self.converted.get(key)
        if answer is None:
            entry_id, language = key
            answer = self.converted[key] = self.localizers[language].markdown(self.entries[entry_id].answer)
        return answer

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((entry_id, language) for language in self.localizers for entry_id in self.entries)

    def __len__(self) -> int:
        return len(self.entries) * len(self.localizers)


def problem_line(problem: Problem) -> str:
    """One problem as the preview shows it, in the terminal and over the page: `FILE:LINE:COLUMN: message`.
    The one place the preview words a problem, in the seller's language."""
    return format_problem(problem)


def problems_summary(count: int, source: Path) -> str:
    """What the preview says over its problems, in the terminal and over the page."""
    return say("serve.invalid", n=count, source=str(source))


def serve(source: Path, *, port: int = 8000, host: str = "127.0.0.1", handbook: bool = False,
          project_config: Path | None = None, allowed_hosts: tuple[str, ...] = ()) -> int:
    """Preview `source` at http://HOST:PORT/ until interrupted; returns the exit code.
    `allowed_hosts`: names the preview answers to besides localhost and 127.0.0.1."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    source = Path(source).absolute()
    if project_config is not None:
        project_config = project_config.absolute() if project_config.is_file() else None
    _check_port_free(host, port)
    started = time.monotonic()
    memo = ReadingMemo()
    kb = load_knowledge_base(source, memo)  # invalid at start: InvalidSource, every problem printed by the CLI, exit 1
    staging = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
    session = PreviewSession(source, HANDBOOK if handbook else PUBLIC, staging, project_config, memo=memo)
    session.allowed_hosts |= {name.lower() for name in allowed_hosts}
    previous_sigterm = signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    server = None
    try:
        session.state = SourceState(kb, session.outside_files())
        session.write(session.render(session.state))
        # The shop's own address decides the path the preview is served under (a site at
        # https://help.example.com/kb/ is previewed at http://127.0.0.1:8000/kb/), as with `mkdocs serve`.
        site_url = load_config(config_file=str(session.config_file)).site_url
        server = LiveReloadServer(
            builder=session.rebuild, host=host, port=port, root=str(session.site_dir),
            mount_path=urllib.parse.urlsplit(site_url or "/").path, polling_interval=POLLING_INTERVAL_S,
        )
        # Said once the server listens and watches: an edit made before the watcher's first look at the
        # files would never be seen (MkDocs starts watching inside `serve`, after binding the address).
        server.observer = AnnouncingWatcher(POLLING_INTERVAL_S, functools.partial(announce, server.url, session))
        server.error_handler = session_error_page(session)
        server.set_app(preview_app(server.get_app(), session))
        session.url = server.url
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        with mkdocs_log(hold_errors=False):
            session.build()
            settle()
            session.report(started)
            for path in session.watched():
                server.watch(str(path))
            try:
                server.serve()  # binds the address, then rebuilds after every change until interrupted
            except OSError as error:
                raise ServeFailed(say("serve.cannot_serve", address=f"{host}:{port}", error=str(error.strerror or error))) from error
    except KeyboardInterrupt:
        pass  # Ctrl+C, or SIGTERM
    finally:
        if server is not None:
            server.shutdown()
        signal.signal(signal.SIGTERM, previous_sigterm)
        shutil.rmtree(staging, ignore_errors=True)
    print(say("serve.stopped"), flush=True)
    return 0


def session_error_page(session: PreviewSession):
    """The preview server's error pages: the built site's 404.html for a page that is not there."""

    def error_page(code: int) -> bytes | None:
        page = session.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    return error_page


def preview_app(app, session: PreviewSession):
    """MkDocs' server app, as the preview serves it: a request for another host or with an unreadable
    path is answered 400; a search file is made again first if an edit left it out of date; while the
    source has problems, every HTML page (the last good one) is served with the problems over it."""

    def serve(environ, start_response):
        host = environ.get("HTTP_HOST", "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        path = environ.get("PATH_INFO", "")
        if name not in session.allowed_hosts or "\x00" in urllib.parse.unquote(path) or "\x00" in path:
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request\n"]
        if _in_search_folders(path, session):
            session.refresh_search()  # after the rebuild under way, if there is one
        if not session.problems:
            return app(environ, start_response)
        answered = {}
        body = b"".join(app(environ, lambda status, headers, exc_info=None: answered.update(status=status, headers=headers)))
        headers = answered["headers"]
        if any(key.lower() == "content-type" and value.startswith("text/html") for key, value in headers):
            body = session.with_problems(body.decode("utf-8", "replace")).encode("utf-8")
            headers = [(key, value) for key, value in headers if key.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(answered["status"], headers)
        return [body]

    return serve


def _in_search_folders(path: str, session: PreviewSession) -> bool:
    """Whether a request's path is under one of the SEARCH_FOLDERS of the site (below its mount path)."""
    base = urllib.parse.urlsplit(session.url or "/").path
    relative = urllib.parse.unquote(path)[len(base):] if urllib.parse.unquote(path).startswith(base) else ""
    return relative.startswith(SEARCH_FOLDERS)


class AnnouncingWatcher(watchdog.observers.polling.PollingObserver):
    """MkDocs' file watcher (a polling one, as `LiveReloadServer` makes it), which calls `started` once it
    has looked at the watched files for the first time (watchdog's `start` does that before returning)."""

    def __init__(self, polling_interval: float, started) -> None:
        super().__init__(timeout=polling_interval)
        self.started = started

    def start(self) -> None:
        super().start()
        self.started()


def announce(url: str, session: PreviewSession) -> None:
    what = "serve.handbook" if session.site_name == HANDBOOK else "serve.public"
    print(say("serve.announce", what=Message(what), url=url, source=str(session.source)), flush=True)


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line before any build when the address is taken (MkDocs would only say so after)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeFailed(say("serve.cannot_serve", address=f"{host}:{port}", error=str(error.strerror or error))) from error


def _stop_like_ctrl_c(signum, frame):
    """SIGTERM stops the preview the way Ctrl+C does, so MkDocs and kbgen remove their temporary folders."""
    raise KeyboardInterrupt
