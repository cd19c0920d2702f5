"""`kbgen serve`: a live preview that rebuilds and reloads the browser when the source changes.

How it works (MkDocs' own dev server does the serving, watching and reloading):

1. The source is validated once; an invalid source at start prints its problems and exits 1.
2. The site (the buyers' site; the agent handbook with `--handbook`) is written as a
   MkDocs project into a staging folder, with `watch:` listing the source folder
   (and `docs/`, `locales/` and `templates/` beside it, and the project's mkdocs.yml
   when one is inherited) and `hooks:` naming `serve_hook.py`.
3. `mkdocs serve` runs in this process. On every build, before MkDocs reads the
   pages, the hook asks the `PreviewSession` below to run load -> validate ->
   view -> render again and to write the page sources into the staging docs
   folder. MkDocs imports a hook module once per serve process, so the work
   happens inside the event, never at import.
4. When an edit makes the source invalid, the session prints every problem as
   `FILE:LINE:COLUMN: message` and leaves the last good pages in place: the
   browser keeps showing them, and no traceback is printed.

The staging docs folder is not watched (the hook unwatches it): writing pages
there must not trigger another rebuild. When an edit changes the MkDocs
settings themselves (a language added to site.yml), the session rewrites the
staging mkdocs.yml, which MkDocs watches, so the next build starts from it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .build import HANDBOOK, PUBLIC, mkdocs_log, mkdocs_settings, read_source, render_site, write_docs, write_extra_files
from .messages import say
from .problems import InvalidSource
from .hand_written import docs_folder_for
from .interface_text import shop_locales_folder_for
from .render.shared.html_templates import shop_templates_folder_for
from .render.shared.site_files import RenderedSite

HOOK_FILE = Path(__file__).with_name("serve_hook.py")

# The one preview running in this process; the hook module reaches it here.
current_session: PreviewSession | None = None


class ServeFailed(Exception):
    """The preview cannot start (a site kbgen does not build yet, a port in use); one line for the seller."""


@dataclass
class PreviewSession:
    """One `kbgen serve`: where the source is, which site is previewed, and the last good render."""

    source: Path
    site_name: str  # PUBLIC or HANDBOOK
    staging: Path
    project_config: Path | None
    config_file: Path = field(init=False)
    docs: Path = field(init=False)
    # The names the preview answers to, in a request's Host header (without the port). Anything
    # else is refused: a web page elsewhere could otherwise point a name of its own at 127.0.0.1
    # (DNS rebinding) and read the preview, agent handbook included, from the seller's browser.
    allowed_hosts: frozenset[str] = frozenset({"localhost", "127.0.0.1", "[::1]"})
    extra_files: dict[str, bytes] = field(default_factory=dict)
    build_started: float = 0.0
    rendered_ahead: bool = False  # serve() rendered for the first build already
    builds: int = 0

    def __post_init__(self):
        self.config_file = self.staging / "mkdocs.yml"
        self.docs = self.staging / "docs"

    def render(self) -> RenderedSite | None:
        """load -> validate -> view -> render; None (problems printed) when the source is invalid."""
        try:
            _, renderers = read_source(self.source)
        except InvalidSource as invalid:
            for problem in invalid.problems:
                print(problem, flush=True)
            print(say("serve.invalid", n=len(invalid.problems), source=str(self.source)), file=sys.stderr, flush=True)
            return None
        return self.site_from(renderers)

    def site_from(self, renderers) -> RenderedSite:
        """Render the site on preview, only that one: a quicker reload."""
        render = renderers.get(self.site_name)
        if render is None:
            raise ServeFailed(f"this version of kbgen does not build the {self.site_name} site yet")
        return render_site(render)

    def write(self, site: RenderedSite) -> bool:
        """Put `site` in the staging folder; True when the MkDocs settings changed (MkDocs must reload them)."""
        fresh = self.docs.with_name("docs.new")
        shutil.rmtree(fresh, ignore_errors=True)
        write_docs(site, fresh)
        shutil.rmtree(self.docs, ignore_errors=True)
        fresh.rename(self.docs)
        self.extra_files = dict(site.extra_files)
        config_text = self._config_text(site)
        if self.config_file.is_file() and self.config_file.read_text(encoding="utf-8") == config_text:
            return False
        self.config_file.write_text(config_text, encoding="utf-8")
        return True

    def _config_text(self, site: RenderedSite) -> str:
        # site_dir: `mkdocs serve` builds into a folder of its own instead.
        config = mkdocs_settings(site, self.docs, self.staging / "site", self.project_config)
        config["watch"] = [str(path) for path in self.watched()]
        config["hooks"] = [*config["hooks"], str(HOOK_FILE)]
        return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)

    def watched(self) -> list[Path]:
        """What a change of reloads the preview: the source, docs/, locales/ and templates/ beside it, the
        project's mkdocs.yml."""
        paths = [self.source, docs_folder_for(self.source)]
        paths += [shop_locales_folder_for(self.source), shop_templates_folder_for(self.source)]
        if self.project_config is not None:
            paths.append(self.project_config)
        return [path for path in paths if path.exists()]

    # --- called by serve_hook.py, inside MkDocs' build events ---------------------------------

    def refresh(self) -> None:
        """Render the source again into the staging docs folder, or keep the last good pages."""
        self.build_started = time.monotonic()
        if self.rendered_ahead:
            self.rendered_ahead = False
            return
        site = self.render()
        if site is not None and self.write(site):
            print(say("serve.settings_changed"), flush=True)

    def add_extra_files(self, site_dir: Path) -> None:
        write_extra_files(RenderedSite(extra_files=self.extra_files), site_dir)

    def report_build(self) -> None:
        what = "serve.rebuilt" if self.builds else "serve.built"
        self.builds += 1
        print(say(what, seconds=f"{time.monotonic() - self.build_started:.1f}"), flush=True)


def serve(source: Path, *, port: int = 8000, host: str = "127.0.0.1", handbook: bool = False,
          project_config: Path | None = None, allowed_hosts: tuple[str, ...] = ()) -> int:
    """Preview `source` at http://HOST:PORT/ until interrupted; returns the exit code.
    `allowed_hosts`: names the preview answers to besides localhost and 127.0.0.1."""
    global current_session
    from mkdocs.commands.serve import serve as mkdocs_serve

    source = Path(source).absolute()
    if project_config is not None:
        project_config = project_config.absolute() if project_config.is_file() else None
    _check_port_free(host, port)
    _, renderers = read_source(source)  # invalid at start: InvalidSource, every problem printed by the CLI, exit 1
    staging = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
    session = PreviewSession(source, HANDBOOK if handbook else PUBLIC, staging, project_config)
    session.allowed_hosts |= {name.lower() for name in allowed_hosts}
    previous_sigterm = signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    current_session = session
    try:
        session.write(session.site_from(renderers))
        session.rendered_ahead = True
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        with mkdocs_log(hold_errors=False):
            try:
                mkdocs_serve(config_file=str(session.config_file), dev_addr=f"{host}:{port}", livereload=True)
            except KeyboardInterrupt:
                pass  # Ctrl+C or SIGTERM while MkDocs was starting or stopping
            except OSError as error:
                raise ServeFailed(say("serve.cannot_serve", address=f"{host}:{port}", error=str(error.strerror or error))) from error
    finally:
        current_session = None
        signal.signal(signal.SIGTERM, previous_sigterm)
        shutil.rmtree(staging, ignore_errors=True)
    print(say("serve.stopped"), flush=True)
    return 0


def guard_requests(app, session: PreviewSession):
    """MkDocs' server app, answering 400 to a request for another host or with an unreadable path."""

    def guarded(environ, start_response):
        host = environ.get("HTTP_HOST", "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        path = environ.get("PATH_INFO", "")
        if name not in session.allowed_hosts or "\x00" in urllib.parse.unquote(path) or "\x00" in path:
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request\n"]
        return app(environ, start_response)

    return guarded


def announce(url: str, session: PreviewSession) -> None:
    what = "serve.handbook" if session.site_name == HANDBOOK else "serve.public"
    print(say("serve.announce", what=say(what), url=url, source=str(session.source)), flush=True)


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
