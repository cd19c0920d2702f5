"""A buyer's (or an agent's) first query loads a few shards of the index, not the whole of it.

A shop of 1,000 entries in five languages (benchmarks/synthetic_kb.py, the shape of the scale benchmark's),
built once. For a first query in zh-Hans and in Russian, on the buyers' site, in the widget on a shop's
page of another origin, and in the handbook opened from disk (file://, where only scripts load), the
requests are recorded (the handbook: zh-Hans and English, its languages): the language's engine and index meta, then only term and posting shards, and
exactly the document shards holding the results shown. The widget loads an answer's shard only when
the buyer opens it; the site never does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import PROJECT, SEARCH_BOX, built_search_index, search_with_box
from generator.search import shard_files

sys.path.insert(0, str(PROJECT / "benchmarks"))
from synthetic_kb import write_knowledge_base  # noqa: E402

ENTRIES = 1000
#: The scale benchmark's first queries: a product and what the buyer wants to know.
QUERIES = {"zh-Hans": "智能手表保修", "ru": "гарантия на умные часы"}
#: The handbook of this shop is in zh-Hans and English.
HANDBOOK_QUERIES = {"zh-Hans": "智能手表保修", "en": "smartwatch warranty"}
WIDGET_BOX = ".kbw input[type=search]"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    from generator.build import build_site

    work = tmp_path_factory.mktemp("large-shop")
    source = write_knowledge_base(work / "source", ENTRIES, 4)
    build_site(source, work / "site")
    return work / "site"


def category_page(language: str) -> str:
    """A category page of the buyers' site in `language` (the root page may send a browser to its own language)."""
    return ("" if language == "zh-Hans" else f"{language}/") + "faq/orders/"


def index_paths(requests: list[str], language: str) -> list[str]:
    """The paths of the requests for `language`'s index files, as file names in its folder, in order."""
    marker = f"/search/{language}/"
    return [unquote(urlsplit(url).path).split(marker, 1)[1] for url in requests if marker in unquote(urlsplit(url).path)]


def check_first_query(search_folder: Path, language: str, loaded: list[str], result_ids: list[str], *, answers: bool):
    """What a first query may load: the meta first, posting shards and (for words that may be prefixes or
    typos, when the dictionary is too big for the meta) term shards, less than half of either; and
    exactly the document shards of the results shown; answer shards only when asked for (`answers`)."""
    index = built_search_index(search_folder, language)
    meta = index["meta"]
    assert loaded[0] == "meta.js" and loaded.count("meta.js") == 1
    shards = loaded[1:]
    assert len(shards) == len(set(shards))  # each once
    kinds = {kind: [name for name in shards if name in shard_files(meta, kind)] for kind in ("terms", "postings", "docs")}
    assert kinds["postings"] and len(kinds["terms"]) <= len(shard_files(meta, "terms")) / 2  # (this shop's are in the meta)
    assert len(kinds["postings"]) < len(shard_files(meta, "postings")) / 2
    number = {doc["id"]: position for position, doc in enumerate(index["docs"])}
    assert result_ids
    shown = {shard_files(meta, "docs")[number[result] // meta["docs"]["per"]] for result in result_ids}
    assert set(kinds["docs"]) == shown
    if not answers:
        assert sum(len(names) for names in kinds.values()) == len(shards)  # nothing else: no answer shard


@pytest.mark.parametrize("language", QUERIES)
def test_a_first_query_on_the_site_loads_a_few_shards(page, shop, serve_folder, language):
    public = shop / "public"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(serve_folder(public) + category_page(language))
    page.locator(SEARCH_BOX).wait_for()
    assert not index_paths(requests, language)  # nothing before the box is used
    results = search_with_box(page, QUERIES[language])
    assert [url for url in requests if "/search/" in url and "bundle" in url] == [
        url for url in requests if url.split("?")[0].endswith(f"/search/kb-search.{language}.bundle.js")]
    check_first_query(public / "search", language, index_paths(requests, language), [r["id"] for r in results], answers=False)
    assert not [url for url in requests if "/widget/" in url]


@pytest.mark.parametrize("language", QUERIES)
def test_a_first_query_in_the_widget_on_a_shop_page_loads_a_few_shards(page, shop, serve_folder, tmp_path, language):
    public = shop / "public"
    store = tmp_path / "store"
    store.mkdir()
    (store / "product.html").write_text(
        f'<!doctype html><html lang="{language}"><meta charset="utf-8"><title>shop</title><body><h1>Product</h1>'
        f'<script src="{serve_folder(public)}widget/kb-widget.js" async></script></body></html>',
        encoding="utf-8",
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(serve_folder(store) + "product.html")  # another origin: another port
    box = page.locator(WIDGET_BOX)
    box.wait_for(state="visible")
    assert not index_paths(requests, language)
    box.click()
    box.fill(QUERIES[language])
    box.press("Shift")
    page.wait_for_function("q => document.querySelector('[data-kb-results]').getAttribute('data-kb-query') === q",
                           arg=QUERIES[language])
    ids = page.eval_on_selector_all("[data-kb-results] a.kbw-result__link", "links => links.map(a => a.dataset.kbId)")
    loaded = index_paths(requests, language)
    check_first_query(public / "search", language, loaded, ids, answers=False)
    # Opening the first result loads the one answer shard that holds it.
    page.locator("[data-kb-results] a.kbw-result__link").first.click()
    page.locator(".kbw-answer__body").first.wait_for()
    index = built_search_index(public / "search", language)
    number = [doc["id"] for doc in index["docs"]].index(ids[0])
    answers = index["meta"]["answers"]
    assert index_paths(requests, language)[len(loaded):] == [shard_files(index["meta"], "answers")[number // answers["per"]]]


@pytest.mark.parametrize("language", HANDBOOK_QUERIES)
def test_a_first_query_in_the_handbook_opened_from_disk_loads_a_few_shards(page, shop, language):
    handbook = shop / "handbook"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    prefix = "" if language == "zh-Hans" else f"{language}/"
    page.goto((handbook / prefix / "index.html").as_uri())
    page.locator(SEARCH_BOX).wait_for()
    assert not index_paths(requests, language)
    results = search_with_box(page, HANDBOOK_QUERIES[language])
    assert "answers" not in built_search_index(handbook / "search", language)["meta"]  # agents open the FAQ page
    check_first_query(handbook / "search", language, index_paths(requests, language), [r["id"] for r in results],
                      answers=False)
