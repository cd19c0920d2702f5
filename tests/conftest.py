"""Shared fixtures: small knowledge bases written as YAML trees, and the kbgen command line."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

from generator.cli import main as kbgen_main
from generator.search import shard_files

# The tests read kbgen's messages in English whatever the machine's locale (LANG=zh_CN.UTF-8...);
# tests of another language ask for it (tests/test_messages.py).
os.environ["KBGEN_LANG"] = "en"

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SAMPLE_SOURCE = PROJECT / "faq_source"
RU_SHOP = TESTS / "kbs" / "ru-shop"
# A shop in a language kbgen does not ship (Polish): its checkout holds faq_source/ and locales/pl.yml.
PL_SHOP = TESTS / "kbs" / "pl-shop" / "faq_source"


def entry_in(kb, entry_id: str):
    """The FAQ entry `entry_id` of a validated knowledge base."""
    return next(entry for _, entry in kb.entries() if entry.id == entry_id)


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


# --- built sites, shared by the tests of a session -------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a knowledge base once per session: `built("sample")`, `built("ru-shop")` or `built("pl-shop")` -> OUT folder."""
    from generator.build import build_site

    cache: dict[str, Path] = {}
    sources = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP, "pl-shop": PL_SHOP}

    def get(name: str) -> Path:
        if name not in cache:
            out = tmp_path_factory.mktemp(f"built-{name}") / "site"
            build_site(sources[name], out, project_config=PROJECT / "mkdocs.yml")
            cache[name] = out
        return cache[name]

    return get


# --- a real browser ----------------------------------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process: Playwright's sync API refuses a second one while the first
    runs, so every browser of the session (`browser`, the hostile-content tests' offline one) comes from it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's headless Chromium, driven by Playwright."""
    chromium = playwright_driver.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def context(browser):
    """`context(**options)` -> a fresh browser context (a phone's viewport, a locale...), closed after the test."""
    made = []

    def new(**options):
        made.append(browser.new_context(**options))
        return made[-1]

    yield new
    for context in made:
        context.close()


@pytest.fixture(scope="session")
def serve_folder():
    """Serve a folder over HTTP on 127.0.0.1: `serve_folder(path)` -> base URL ending in '/'."""
    import functools
    import http.server
    import threading

    servers = {}

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def serve(folder: Path) -> str:
        folder = Path(folder)
        if folder not in servers:
            handler = functools.partial(QuietHandler, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[folder] = server
        return f"http://127.0.0.1:{servers[folder].server_address[1]}/"

    yield serve
    for server in servers.values():
        server.shutdown()


# --- kbgen's search box (both sites) ------------------------------------------------------------

SEARCH_BOX = "input.kb-search__input"
SEARCH_RESULTS = "#kb-search-results"
SEARCH_LINKS = "#kb-search-results a.kb-search__link"


def search_with_box(page, query: str) -> list[dict]:
    """Type `query` into the page's search box as a person would, wait for its results; [{id, href}] in order."""
    box = page.locator(SEARCH_BOX)
    box.click()
    box.fill(query)
    page.keyboard.press("Shift")  # CJK and Cyrillic text typed by Playwright sends no key event by itself
    page.wait_for_function(
        "([selector, q]) => document.querySelector(selector).getAttribute('data-kb-query') === q",
        arg=[SEARCH_RESULTS, query],
    )
    return page.eval_on_selector_all(SEARCH_LINKS, "links => links.map(a => ({id: a.dataset.kbId, href: a.href}))")


# --- a built site's search index ---------------------------------------------------------------

_DATA_SCRIPT = re.compile(
    r'document\.dispatchEvent\(new CustomEvent\("kbgen:search-data",\{detail:\{src:document\.currentScript\?'
    r'document\.currentScript\.src:"",payload:(.*)\}\}\)\);\n', re.S)


def search_data(path: Path):
    """The JSON a built search data script (`search/<lang>/*.js`) hands over."""
    return search_data_of(path.read_text(encoding="utf-8"), str(path))


def search_data_of(script: str, name: str = "the script"):
    """The JSON the text of a search data script hands over (one fetched from a server, say)."""
    match = _DATA_SCRIPT.fullmatch(script)
    assert match, f"{name} is not a search data script"
    return json.loads(match.group(1))


def kinds_of(meta: dict) -> list[str]:
    """The kind of each document of an index, in order, from its meta's runs (`[["faq", 3], ...]`)."""
    return [kind for kind, count in meta["kinds"] for _ in range(count)]


def built_search_index(search_folder: Path, language: str) -> dict:
    """One language's index as a build wrote it under `search_folder` (a site's `search/`): its meta, every
    term, every document (id, title, url, snippet, kind) and every answer's HTML (None when it has none)."""
    folder = search_folder / language
    meta = search_data(folder / "meta.js")
    # A small index's dictionary (and a smaller one's documents) are in the meta itself.
    shards = {kind: meta[kind].get("shards") or [search_data(folder / name) for name in shard_files(meta, kind)]
              for kind in ("terms", "docs")}
    answers = [search_data(folder / name) for name in shard_files(meta, "answers")] if "answers" in meta else []
    return {
        "meta": meta,
        "terms": [term for shard in shards["terms"] for term in shard["terms"]],
        "docs": [{"id": id_, "title": title, "url": url, "snippet": snippet, "kind": kind}
                 for (id_, title, url, snippet), kind in zip((doc for shard in shards["docs"] for doc in shard), kinds_of(meta))],
        "answers": [html for shard in answers for html in shard],
    }
