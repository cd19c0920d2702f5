"""MkDocs hook of `kbgen serve` (named in the staging mkdocs.yml's `hooks:`); the work is in `serve.py`.

MkDocs imports this file once per serve process, by path, so it keeps no state
and does nothing at import: each event hands over to the running
`generator.serve.current_session`.

mkdocs-static-i18n builds every further language by calling MkDocs' `build`
again from its own `on_post_build`, with the same config object, so each event
below runs once per language. The source is rendered only for a config object
not seen before (MkDocs serve loads a fresh one for every rebuild), and a
rebuild is over when the outermost `on_post_build` returns.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from generator import serve

_state = {"config": None, "depth": 0}


@event_priority(100)  # before mkdocs-static-i18n (-100) reads docs_dir and records the original settings
def on_config(config, **kwargs):
    session = serve.current_session
    if session is not None and _state["config"] is not config:
        _state["config"] = config
        _state["depth"] = 0
        session.refresh()
    return config


def on_pre_build(config, **kwargs):
    _state["depth"] += 1


def on_serve(server, config, builder, **kwargs):
    # The hook writes the pages into docs_dir itself: watching it would start a rebuild after every rebuild.
    server.unwatch(config.docs_dir)
    session = serve.current_session
    if session is not None:
        server.set_app(serve.guard_requests(server.get_app(), session))
        serve.announce(server.url, session)
    return server


def on_post_page(output, page, config, **kwargs):
    session = serve.current_session
    return session.with_problems(output) if session is not None else output


def on_post_template(output_content, template_name, config, **kwargs):
    session = serve.current_session
    if session is not None and template_name.endswith(".html"):  # the 404 page
        return session.with_problems(output_content)
    return output_content


@event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100) has built the other languages
def on_post_build(config, **kwargs):
    session = serve.current_session
    _state["depth"] -= 1
    if session is not None and _state["depth"] <= 0:
        session.add_extra_files(Path(config.site_dir))
        session.report_build()


def on_build_error(error, **kwargs):
    _state["depth"] = 0
