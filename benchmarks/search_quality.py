#!/usr/bin/env python3
"""Search quality and speed of the buyers' search, typed into real search boxes in headless Chromium.

What it measures, in one run:

1. Quality, per language (zh-Hans, zh-Hant, ru, en, ko), over the sample help
   center (faq_source/), for four query sets, each written from what a buyer
   wants before any result was seen and never tuned to pass:
   - "current": `search_queries/<lang>.yml`, short queries (word forms, typos,
     partial words);
   - "hard": `search_queries/hard/<lang>.yml`, whole sentences, one-letter
     typos, colloquial words and words the answer does not use; some expect
     the contact page or a warranty page;
   - "holdout": `search_queries/holdout/<lang>.yml`, the same kind, written
     later by someone who had seen neither the engine nor any result (slang,
     everyday words for what the shop names formally): how the search does on
     queries nobody tuned it to;
   - "blind": `search_queries/blind/<lang>.yml`, 24 per language (sentences,
     colloquial words, typos, symptoms), written by someone who saw only the
     list of the shop's pages: no answer, keyword, query set or result.
   Each query is typed into:
   - kbgen's site search box (the hero box of the language's home page),
   - kbgen's shop-page widget (`widget/demo.html?lang=<lang>`),
   - stock mkdocs-material + mkdocs-static-i18n on the same content
     (`search_stock_site.py`: one page per category per language, entries as
     `##` sections, Material's search plugin and static-i18n on defaults).
   Typing: `fill`, then a press of Shift, so that key events fire (Playwright
   sends none for CJK or Cyrillic text, and Material's search reads the box on
   key release). A result is mapped to an entry by the `#anchor` of its link,
   and a page without an anchor to its path in the language (`contact`,
   `warranty/<policy id>`).
   Figures: recall@3 (the expected entry among the first 3 results), MRR over
   the first 10 (1/rank, 0 when absent), and how many results came from
   another language than the page's.
   Stock is read two ways: "as seen" = the result links a buyer sees, in order
   (Material folds a page's further sections under "N more on this page": those
   are not seen); "generous" = every result link with an entry anchor, folded
   ones included, page-level results skipped.
2. Index size per language (every file of search/<lang>/: meta and shards, raw and
   each file gzipped), and the widget's weight per language: everything a shop page
   could download for it (all of the language's index), and what it loads before
   the first query (its script and style, the engine, the index's meta), each file
   gzipped as a server would send it.
3. Time from a keystroke to results on screen, in Chromium: `performance.now()`
   in a capturing `input` listener, to the box's `kb-search:results` event (the
   list is in the DOM), and to the next animation frame. The queries are typed
   key by key (`keyboard.type`) into a box whose index is loaded; every
   keystroke is one sample. Also "cold": typing right after focusing a freshly
   loaded page, to the first results (index download included). For the sample
   AND a synthetic 1,000-entry help center (benchmarks/synthetic_kb.py,
   written and built by this script).

Targets (issues 5 and 16): recall@3 >= 0.9 in every language on the site and in
the widget, for both query sets, ahead of stock; first results within 50 ms of a keystroke at 1,000
entries (checked on the 95th percentile of every keystroke, results in the DOM
and laid out); widget under 100 KB gzipped for the sample.

Run from the repository root:
    .venv/bin/python benchmarks/search_quality.py [--skip-stock] [--skip-large] [--entries 1000]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(HERE))

from generator.build import build_site  # noqa: E402
from search_stock_site import build_stock_site  # noqa: E402

QUERIES = HERE / "search_queries"
#: The query sets: name -> folder of `<lang>.yml` files.
QUERY_SETS = {"current": QUERIES, "hard": QUERIES / "hard", "holdout": QUERIES / "holdout", "blind": QUERIES / "blind"}
LANGUAGES = ["zh-Hans", "zh-Hant", "ru", "en", "ko"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TOP = 10
TARGET_RECALL = 0.9
TARGET_MS = 50.0
TARGET_WIDGET_BYTES = 100_000

SITE_INPUT = "input.kb-search__input"
WIDGET_INPUT = ".kbw input[type=search]"


# --- queries and scores ------------------------------------------------------------------------


@dataclass
class Query:
    text: str
    expect: str


def load_queries(language: str, query_set: str = "current") -> list[Query]:
    data = yaml.safe_load((QUERY_SETS[query_set] / f"{language}.yml").read_text(encoding="utf-8"))
    return [Query(str(item["q"]), str(item["expect"])) for item in data["queries"]]


@dataclass
class Scores:
    """Ranks of the expected entries (None = not in the first TOP) and results from other languages."""

    ranks: list[int | None] = field(default_factory=list)
    foreign: int = 0
    empty: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, query: Query, ids: list[str | None], foreign: int) -> None:
        ids = ids[:TOP]
        self.empty += not ids
        rank = ids.index(query.expect) + 1 if query.expect in ids else None
        self.ranks.append(rank)
        self.foreign += foreign
        if rank is None or rank > 3:
            self.misses.append(f"{query.text} -> {query.expect} (rank {rank or '-'}; got {', '.join(i or '·' for i in ids[:3])})")

    @property
    def recall3(self) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= 3) / len(self.ranks)

    @property
    def hits3(self) -> int:
        return sum(1 for r in self.ranks if r is not None and r <= 3)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks)


def anchor_of(href: str | None) -> str | None:
    if not href or "#" not in href:
        return None
    return href.split("#", 1)[1] or None


def result_key(href: str | None, languages: list[str]) -> str | None:
    """What a result link answers with: its `#anchor` (a FAQ entry), else its page's path in its language
    (`contact`, `warranty/electronics-12m`), else None. Sites are served at the server's root."""
    anchor = anchor_of(href)
    if anchor or not href:
        return anchor
    parts = [part for part in urlsplit(href).path.split("/") if part and part != "index.html"]
    if parts and parts[0] in languages:
        parts = parts[1:]
    return "/".join(parts) or None


def language_of(href: str, languages: list[str], default: str) -> str:
    """The language of a page URL of a static-i18n folder site: its first path segment, else the default."""
    first = urlsplit(href).path.lstrip("/").split("/", 1)[0]
    return first if first in languages else default


# --- serving and the browser ---------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> str:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class Browser:
    """One Chromium; every page may contact 127.0.0.1 only (other requests are aborted and counted)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        self.foreign_requests: list[str] = []
        self.errors: list[str] = []

    def page(self, width: int = 1280, height: int = 900):
        context = self.chromium.new_context(viewport={"width": width, "height": height})

        def route(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
                route.continue_()
            else:
                self.foreign_requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def close(self):
        self.chromium.close()
        self._playwright.stop()


def type_query(page, selector: str, text: str) -> None:
    box = page.locator(selector)
    box.fill("")
    box.fill(text)
    page.keyboard.press("Shift")


def wait_for_kb_results(page, results_selector: str, query: str) -> None:
    page.wait_for_function(
        "([selector, q]) => { const list = document.querySelector(selector); return list && list.getAttribute('data-kb-query') === q; }",
        arg=[results_selector, query],
        timeout=20_000,
    )


# --- the three search boxes ------------------------------------------------------------------------


def run_kb_box(page, url: str, input_selector: str, results_selector: str, link_selector: str,
               queries: list[Query], languages: list[str], language: str, default: str) -> Scores:
    """Type every query into one of kbgen's boxes (site or widget) on `url`."""
    page.goto(url)
    page.locator(input_selector).wait_for(state="visible")
    page.locator(input_selector).click()
    scores = Scores()
    for query in queries:
        type_query(page, input_selector, query.text)
        wait_for_kb_results(page, results_selector, query.text)
        hrefs = page.eval_on_selector_all(link_selector, "links => links.map(a => a.href)")
        foreign = sum(1 for href in hrefs if language_of(href, languages, default) != language)
        scores.add(query, [result_key(href, languages) for href in hrefs], foreign)
    return scores


_STOCK_SETTLED = """
async ([previous]) => {
  const meta = () => (document.querySelector('.md-search-result__meta') || {}).textContent || '';
  const list = document.querySelector('.md-search-result__list');
  const start = performance.now();
  while (previous.includes(meta().trim())) {
    if (performance.now() - start > 15000) return 'timeout';
    await new Promise(r => setTimeout(r, 20));
  }
  // then wait until the list has been quiet for 300 ms
  let last = performance.now();
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(list, {childList: true, subtree: true, characterData: true, attributes: true});
  while (performance.now() - last < 300) await new Promise(r => setTimeout(r, 50));
  observer.disconnect();
  return meta();
}
"""

_STOCK_LINKS = """
() => Array.from(document.querySelectorAll('.md-search-result__list a.md-search-result__link')).map(a => ({
  href: a.href,
  folded: !!a.closest('details:not([open])'),
}))
"""


def run_stock(page, url: str, queries: list[Query], languages: list[str], language: str, default: str) -> tuple[Scores, Scores]:
    """Type every query into Material's search box; returns (as seen, generous) scores."""
    page.goto(url)
    search = page.locator("input.md-search__input")
    search.wait_for(state="visible")
    meta = page.locator(".md-search-result__meta")
    search.click()
    # Wait until the search worker is ready: the meta line leaves "Initializing search".
    initial = meta.text_content().strip()
    page.wait_for_function(
        "(initial) => (document.querySelector('.md-search-result__meta').textContent || '').trim() !== initial",
        arg=initial, timeout=30_000,
    )
    placeholder = meta.text_content().strip()
    seen, generous = Scores(), Scores()
    for query in queries:
        type_query(page, "input.md-search__input", "")
        page.wait_for_function(
            "(p) => (document.querySelector('.md-search-result__meta').textContent || '').trim() === p", arg=placeholder
        )
        type_query(page, "input.md-search__input", query.text)
        page.evaluate(_STOCK_SETTLED, [[placeholder, initial]])
        links = page.evaluate(_STOCK_LINKS)
        visible = [link["href"] for link in links if not link["folded"]]
        foreign = sum(1 for link in links if language_of(link["href"], languages, default) != language)
        seen.add(query, [result_key(href, languages) for href in visible], foreign)
        generous.add(query, [a for a in (anchor_of(link["href"]) for link in links) if a], foreign)
    return seen, generous


# --- latency ---------------------------------------------------------------------------------------

_LATENCY_PROBE = """
(selector) => {
  const input = document.querySelector(selector);
  window.__kbLatency = [];
  window.__kbCold = null;
  let t0 = null, first = null;
  window.addEventListener('input', (event) => {
    if (event.target !== input) return;
    t0 = performance.now();
    if (first === null) first = t0;
  }, true);
  input.addEventListener('kb-search:results', (event) => {
    const now = performance.now();
    if (event.detail.query.trim() === '') return;
    if (window.__kbCold === null && event.detail.count > 0 && first !== null) window.__kbCold = now - first;
    if (t0 === null) return;
    const start = t0, dom = now - t0;
    t0 = null;
    input.form.parentNode.getBoundingClientRect();  // style and layout of the new list, now
    const layout = performance.now() - start;
    requestAnimationFrame(() => window.__kbLatency.push({query: event.detail.query, dom, layout, frame: performance.now() - start}));
  });
}
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


@dataclass
class Latency:
    dom: list[float] = field(default_factory=list)
    layout: list[float] = field(default_factory=list)
    frame: list[float] = field(default_factory=list)
    cold: float | None = None

    def summary(self, values: list[float]) -> str:
        if not values:
            return "-"
        return f"{statistics.median(values):.1f} / {percentile(values, 0.95):.1f} / {max(values):.1f}"


def measure_latency(browser: Browser, url: str, queries: list[str]) -> Latency:
    """Per-keystroke time to results in the site's box at `url` (index loaded), and the cold first query."""
    result = Latency()
    page = browser.page()
    try:
        # Cold: a fresh page, focus, and type at once (the index downloads meanwhile).
        page.goto(url)
        page.locator(SITE_INPUT).wait_for(state="visible")
        page.evaluate(_LATENCY_PROBE, SITE_INPUT)
        page.locator(SITE_INPUT).click()
        page.keyboard.type(queries[0])
        wait_for_kb_results(page, "#kb-search-results", queries[0])
        page.wait_for_function("() => window.__kbCold !== null", timeout=20_000)
        result.cold = page.evaluate("window.__kbCold")
        # Warm: every query typed key by key; each keystroke is one sample.
        page.evaluate("window.__kbLatency = []")
        for query in queries:
            page.locator(SITE_INPUT).fill("")
            page.keyboard.type(query)
            wait_for_kb_results(page, "#kb-search-results", query)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        samples = page.evaluate("window.__kbLatency")
        result.dom = [s["dom"] for s in samples]
        result.layout = [s["layout"] for s in samples]
        result.frame = [s["frame"] for s in samples]
    finally:
        page.context.close()
    return result


# --- sizes -------------------------------------------------------------------------------------------


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def index_sizes(public: Path, language: str) -> tuple[int, int]:
    """The language's index (its meta and every shard): raw bytes, and each file gzipped."""
    files = sorted((public / "search" / language).rglob("*.js"))
    return sum(path.stat().st_size for path in files), sum(gzipped(path) for path in files)


def widget_weight(public: Path, language: str) -> tuple[int, int]:
    """Bytes a shop page may download for the widget in `language` (each file gzipped), and the part loaded up front.

    Everything: kb-widget.js, kb-widget.css, the engine and every file of the language's index (a query
    loads a few of them). Up front (before the first query's shards): the same with the index's meta only.
    """
    widget = public / "widget"
    up_front = [widget / "kb-widget.js", widget / "kb-widget.css",
                public / "search" / f"kb-search.{language}.bundle.js", public / "search" / language / "meta.js"]
    shards = sorted(path for path in (public / "search" / language).rglob("*.js") if path.name != "meta.js")
    return sum(gzipped(p) for p in up_front + shards), sum(gzipped(p) for p in up_front)


# --- the run ---------------------------------------------------------------------------------------


def kb_home(base: str, language: str, default: str) -> str:
    """A language's home page. The default language's is opened as `index.html`: the bare root takes a
    browser to the language it prefers (Chromium's: en-US)."""
    return f"{base}index.html" if language == default else f"{base}{language}/"


def quality(browser: Browser, ours: Path, stock: Path | None, languages: list[str], default: str) -> dict:
    """Per query set, per language: the scores of the site's box, the widget and stock."""
    ours_url = serve(ours)
    stock_url = serve(stock) if stock else None
    tables: dict[str, dict] = {}
    for query_set in QUERY_SETS:
        table = tables[query_set] = {}
        for language in LANGUAGES:
            queries = load_queries(language, query_set)
            page = browser.page()
            try:
                site = run_kb_box(page, kb_home(ours_url, language, default), SITE_INPUT, "#kb-search-results",
                                  "#kb-search-results a.kb-search__link", queries, languages, language, default)
                widget = run_kb_box(page, f"{ours_url}widget/demo.html?lang={language}", WIDGET_INPUT, "[data-kb-results]",
                                    "[data-kb-results] a.kbw-result__link", queries, languages, language, default)
                seen = generous = None
                if stock_url:
                    seen, generous = run_stock(page, kb_home(stock_url, language, default), queries, languages, language, default)
            finally:
                page.context.close()
            table[language] = {"queries": len(queries), "site": site, "widget": widget, "stock": seen, "stock_generous": generous}
    return tables


def print_quality(table: dict, query_set: str) -> bool:
    print(f"\n## Search quality, {query_set} queries: recall@3 (hits/queries), MRR@10, queries with no result;"
          " results from another language\n")
    header = "| language | queries | kbgen site | kbgen widget | stock Material (as seen) | stock (generous) |"
    print(header)
    print("| --- | ---: | --- | --- | --- | --- |")
    ok = True
    totals = {key: [0, 0] for key in ("site", "widget", "stock", "stock_generous")}

    def cell(scores: Scores | None, key: str) -> str:
        if scores is None:
            return "-"
        totals[key][0] += scores.hits3
        totals[key][1] += len(scores.ranks)
        return (f"{scores.recall3:.2f} ({scores.hits3}/{len(scores.ranks)}), MRR {scores.mrr:.2f}, "
                f"empty {scores.empty}, other-language {scores.foreign}")

    for language, row in table.items():
        print(f"| {language} | {row['queries']} | {cell(row['site'], 'site')} | {cell(row['widget'], 'widget')} | "
              f"{cell(row['stock'], 'stock')} | {cell(row['stock_generous'], 'stock_generous')} |")
        for key in ("site", "widget"):
            if row[key].recall3 < TARGET_RECALL or row[key].foreign:
                ok = False
            if row["stock"] is not None and row[key].recall3 <= row["stock"].recall3:
                ok = False
    print("| all | " + str(totals["site"][1]) + " | " + " | ".join(
        f"{h}/{n}" if n else "-" for h, n in (totals[k] for k in ("site", "widget", "stock", "stock_generous"))) + " |")
    print("\nMisses (expected entry not in the first 3):")
    for language, row in table.items():
        for key in ("site", "widget", "stock"):
            scores = row[key]
            if scores is None:
                continue
            for miss in scores.misses:
                print(f"  {language:8} {key:7} {miss}")
    return ok


def print_sizes(public: Path, label: str, widget: bool) -> bool:
    ok = True
    print(f"\n## Sizes ({label})\n")
    print("| language | index raw | index gzipped |" + (" widget gzipped: all / up front |" if widget else ""))
    print("| --- | ---: | ---: |" + (" ---: |" if widget else ""))
    for language in LANGUAGES:
        raw, packed = index_sizes(public, language)
        line = f"| {language} | {raw / 1024:.1f} KB | {packed / 1024:.1f} KB |"
        if widget:
            total, front = widget_weight(public, language)
            line += f" {total / 1024:.1f} KB / {front / 1024:.1f} KB |"
            ok = ok and total < TARGET_WIDGET_BYTES
        print(line)
    return ok


def latency(browser: Browser, public: Path, default: str, label: str) -> bool:
    url = serve(public)
    ok = True
    print(f"\n## Keystroke to results ({label}), ms: median / p95 / max over every keystroke\n")
    print("| language | keystrokes | to results in the DOM | + style and layout | to the next frame | cold: focus, type, first results |")
    print("| --- | ---: | --- | --- | --- | ---: |")
    for language in LANGUAGES:
        queries = [q.text for q in load_queries(language)]
        result = measure_latency(browser, kb_home(url, language, default), queries)
        print(f"| {language} | {len(result.dom)} | {result.summary(result.dom)} | {result.summary(result.layout)} | {result.summary(result.frame)} | "
              f"{result.cold:.0f} |")
        if not result.layout or percentile(result.layout, 0.95) > TARGET_MS:
            ok = False
    return ok


def build_ours(source: Path, out: Path) -> Path:
    build_site(source, out, project_config=PROJECT / "mkdocs.yml")
    return out / "public"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-stock", action="store_true", help="do not build and query the stock Material site")
    parser.add_argument("--skip-large", action="store_true", help="do not build the synthetic large help center")
    parser.add_argument("--skip-quality", action="store_true", help="sizes and speed only")
    parser.add_argument("--entries", type=int, default=1000, help="size of the synthetic help center (default 1000)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    print(f"# Search benchmark, {date.today().isoformat()}")
    import platform
    print(f"\nmachine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="kb-search-bench-") as temporary:
        work = Path(temporary)
        started = time.perf_counter()
        sample = build_ours(PROJECT / "faq_source", work / "sample")
        print(f"kbgen build of the sample: {time.perf_counter() - started:.1f} s")
        stock = None
        if not args.skip_stock and not args.skip_quality:
            started = time.perf_counter()
            stock = build_stock_site(PROJECT / "faq_source", work / "stock")
            print(f"stock Material + static-i18n build: {time.perf_counter() - started:.1f} s")
        from generator.validate import load_knowledge_base

        kb = load_knowledge_base(PROJECT / "faq_source")
        languages, default = list(kb.languages), kb.languages[0]
        browser = Browser()
        try:
            if not args.skip_quality:
                tables = quality(browser, sample, stock, languages, default)
                for query_set, table in tables.items():
                    results[f"quality ({query_set})"] = print_quality(table, query_set)
            results["sample sizes"] = print_sizes(sample, "sample", widget=True)
            latency(browser, sample, default, "sample")
            if not args.skip_large:
                from synthetic_kb import write_knowledge_base

                source = write_knowledge_base(work / "large-source", args.entries)
                started = time.perf_counter()
                large = build_ours(source, work / "large")
                print(f"\nkbgen build of the synthetic {args.entries}-entry help center: {time.perf_counter() - started:.1f} s")
                print_sizes(large, f"synthetic, {args.entries} entries", widget=True)
                results["latency"] = latency(browser, large, "zh-Hans", f"synthetic, {args.entries} entries")
        finally:
            browser.close()
        print(f"\nRequests to other hosts (blocked): {len(browser.foreign_requests)}"
              + (f" (first: {browser.foreign_requests[0]})" if browser.foreign_requests else ""))
        print(f"Page errors: {len(browser.errors)}" + (f" (first: {browser.errors[0]})" if browser.errors else ""))
    print("\n## Targets\n")
    for query_set in QUERY_SETS:
        if f"quality ({query_set})" in results:
            print(f"- {query_set} queries: recall@3 >= {TARGET_RECALL} in every language, site and widget, ahead of stock, "
                  f"no other-language result: {'PASS' if results[f'quality ({query_set})'] else 'FAIL'}")
    print(f"- widget under {TARGET_WIDGET_BYTES // 1000} KB gzipped (sample, every language): "
          f"{'PASS' if results.get('sample sizes') else 'FAIL'}")
    if "latency" in results:
        print(f"- keystroke to results laid out <= {TARGET_MS:.0f} ms at {args.entries} entries (p95 of every keystroke), every language: "
              f"{'PASS' if results['latency'] else 'FAIL'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
