#!/usr/bin/env python3
"""Do agents find the procedure first? The handbook's search, typed into its real search box in Chromium.

For each query set in `handbook_queries/*.yml` (agents' queries per handbook language, written
before any result was seen; `source:` the knowledge base, `lang:` the handbook language,
`expect:` the procedure id), the knowledge base is built once (`kbgen build` into a temporary
folder) and the handbook is opened from disk (`file://`, as agents open the downloaded zip).
Each query is typed into the box of the language's home page (`fill`, then a press of Shift so
that key events fire, as the buyers' benchmark does).

Figures per set: procedure recall@3 (the expected procedure among the first 3 results), MRR
over the first 10 (1/rank, 0 when absent), and how often an FAQ entry came above the expected
procedure. Target (issue 13): procedure recall@3 >= 0.9 in every handbook language.

Run from the repository root:
    .venv/bin/python benchmarks/handbook_search.py [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build_site  # noqa: E402

QUERIES = Path(__file__).parent / "handbook_queries"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGET = 0.9


def search(page, query: str) -> list[str]:
    """Type `query` into the page's box; the result ids (`procedure/<id>`, an entry id, `warranty/<id>`) in order."""
    box = page.locator("input.kb-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("Shift")
    page.wait_for_function(
        "q => document.querySelector('#kb-search-results').getAttribute('data-kb-query') === q", arg=query
    )
    return page.eval_on_selector_all("#kb-search-results a.kb-search__link", "links => links.map(a => a.dataset.kbId)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print each query whose procedure is not in the top 3")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    yaml = YAML(typ="safe")
    sets = [(path.name, yaml.load(path.read_text(encoding="utf-8"))) for path in sorted(QUERIES.glob("*.yml"))]
    failed = False
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        built: dict[str, Path] = {}
        print(f"{'query set':<18} {'lang':<8} {'queries':>7} {'recall@3':>9} {'MRR':>6} {'FAQ above':>10}  target")
        for name, spec in sets:
            source = spec["source"]
            if source not in built:
                out = Path(work) / f"site-{len(built)}"
                build_site(ROOT / source, out, project_config=ROOT / "mkdocs.yml")
                built[source] = out / "handbook"
            handbook = built[source]
            language = spec["lang"]
            default = next(p for p in handbook.iterdir() if p.is_dir() and p.name == language)\
                if (handbook / language / "index.html").is_file() else None
            home = (default or handbook) / "index.html"
            page = browser.new_page()
            page.goto(home.as_uri())
            hits, reciprocal, faq_above, misses = 0, 0.0, 0, []
            for item in spec["queries"]:
                ids = search(page, item["q"])
                expected = f"procedure/{item['expect']}"
                rank = ids.index(expected) + 1 if expected in ids else None
                if rank is not None and rank <= 3:
                    hits += 1
                else:
                    misses.append((item["q"], ids[:3]))
                reciprocal += 1 / rank if rank else 0.0
                before = ids[: rank - 1] if rank else ids
                faq_above += any("/" not in result for result in before)
            page.close()
            count = len(spec["queries"])
            recall = hits / count
            failed = failed or recall < TARGET
            verdict = "PASS" if recall >= TARGET else "FAIL"
            print(f"{name:<18} {language:<8} {count:>7} {recall:>9.2f} {reciprocal / count:>6.2f} {faq_above:>10}  {verdict}")
            if args.show_misses:
                for query, top in misses:
                    print(f"    miss: {query!r} -> {top}")
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
