"""Search for the buyers' site and the shop-page widget: prebuilt in Python, run in the browser.

What it promises
----------------
The right FAQ entry among the first 3 results for what buyers type in
zh-Hans, zh-Hant, ru, en, ko (and a working search in ja and any other
language a shop declares); results only in the page's language; partial words
match while the buyer types; an entry's `keywords` weigh as much as its
question. One engine serves the site's search box, the embeddable widget and
the agents' handbook, so it runs entirely in the browser from a prebuilt
index: no server.

How
---
- One index per language (`index.build_search_index`): lunr's BM25 weights
  over tokens made by our own tokenizer (`tokenize.tokenize`), no lunr
  pipeline anywhere. The weights are computed in `index.TermWeights` with
  lunr's formula but a correct idf (lunr counts a document once per field);
  the tests check them against lunr.py's `Builder` (empty pipelines, same idf).
- The index is cut into files loaded on demand ("kb-search/6", see index.py):
  a small meta file, term shards (sorted terms and how many (document, field)
  pairs hold each), posting shards (per term: document gaps and the weight
  summed over the fields), document shards (what a result shows) and answer
  shards (the HTML the widget shows inline). A query loads the meta, the term
  shards its words and prefixes need, the posting shards of the terms it
  scores, and the document shards of the results it shows: at 10,000 entries
  a first query fetches tens of kB, not the whole index (benchmarks/README.md);
  a small shop's meta holds its whole index (but the answers): its queries load
  nothing more. All are scripts that hand their JSON over with an event: the
  same files serve the site, the widget on a shop's page (another host: no
  CORS needed) and the handbook opened from disk (no fetch() there).
- lunr.js itself is not shipped: its score (`Index.prototype.query` with
  optional clauses) is a sum over postings, computed in `kb-search.js`
  (`rank`); the tests check it gives lunr.js's results and scores.
  A page loads only its own language's index, so no result can come from
  another language, and zh-Hans and zh-Hant are separate indexes. Inside each,
  Traditional characters are folded to Simplified (OpenCC's table), at build
  time and in the query: a zh-Hant page shows Simplified text where an answer
  is not yet translated, and buyers type either script.
- The tokenizer exists twice, identically: `tokenize.py` at build time and
  `kb-search.js` at query time. NFKC + lowercase + invisible characters
  removed; CJK runs (Han, kana, Hangul, and Thai/Lao/Khmer/Myanmar) become
  overlapping character bigrams, and in Chinese their single characters too
  (`tokenize.indexes_characters`: the buyer's 箱子 meets the seller's 外箱; in
  the query each character weighs 0.5, after every pair and word; measured on
  the held-out queries, see benchmarks/SEARCH.md); other words are stemmed where the Python
  and the lunr-languages stemmers agree (`tokenize.STEMMERS`; English uses
  `porter.py`, a port of lunr.js's own stemmer). The tests compare both halves
  on every assigned code point and on word lists.
- The query is built clause by clause in JS (no lunr pipeline, no query
  parser): every term optional, ranked by lunr's BM25; the last word also as a
  prefix (partial words while typing) and cut back by up to 3 letters
  (`trackin` -> track); stems also as prefixes (`гарантия` -> `гарантийный`);
  in unstemmed languages a long word's head as a prefix (uk `гарантією` ->
  `гарантія`); a lone CJK character as a prefix of bigrams (배 -> 배송).
  Typos: a Latin or Cyrillic word of 5+ letters the index does not know
  (возрат, refnd) also searches the index terms one typo away (one letter
  inserted, deleted, replaced, or two neighbours swapped: `typoNeighbours`) at
  0.7 of an exact match (candidates: the terms starting with the word's first
  or second letter, a few term shards; a typo in the first letter itself is
  not corrected); a known word's neighbours count at 0.2; an unknown
  word without neighbours is tried as two known words glued together
  (powerbank -> power + bank).
- Every clause is optional: a document matching any part of the query is a
  result. lunr's score is multiplied by the square root of the share of the
  query the document covers (`coverage`: its words and CJK character pairs,
  each weighted by its idf among the matching documents), so a long sentence
  (我昨天收到的耳机左边没有声音怎么办) ranks the entry holding most of its rare
  parts first. A query nothing matches shows the shop's contact channels
  (site box and widget, `kb-search-box.js`). A CJK bigram that
  straddles the edge of one of the sellers' keywords weighs less (换货运费 with
  the keyword 换货: 货运 is not meant). A prefix matching more than 20 terms
  is narrowed to the 20 most frequent (first letter typed). Field boosts
  (`index.FIELD_BOOSTS`): question 6, keywords 5, answer text 1.
- The stemmers are copied at build time from the installed `mkdocs` package
  (`index.stemmer_sources`: lunr.js's own `lunr.stemmer` for English, cut out
  of lunr.js; lunr-languages for the others), never committed; they run over
  `assets/lunr-shim.js`, the few parts of lunr they need.

Why (what the peers got wrong, as measured)
-------------------------------------------
- mkdocs-static-i18n writes one search index for all languages: results from
  the other Chinese script (up to 27 per query) -> one index per language.
- Material segments Chinese with jieba at build time and in the browser
  differently, drops the last query word, and jieba's dictionary splits shop
  words (换货运费 -> 换 / 货运费) -> dictionary-free bigrams on both sides.
- Korean particles stay glued to nouns (기간은), compounds typed without a
  space (배송기간) find nothing -> bigrams match inside both.
- Material appends `*` to every word and lunr.js skips the stemmer for
  wildcard terms, so a full Russian word form never meets its stem -> we stem
  ourselves and send the stem exact AND as a prefix.
- lunr.py's Russian support needs NLTK and a download (fails offline, or is
  silently ignored) -> snowballstemmer, checked against lunr.ru.js.
- Pagefind requires every query word on the page -> all terms optional.
- Material folds matching sections of one page under "N more on this page"
  -> every FAQ entry is its own document.
- lunr's idf counts a document once per field: a keyword repeated in the
  question weighed LESS than a word found everywhere -> `index.idf`.

Measured (25 entries + 2 policies per language, 198 buyer-typed queries in
zh-Hans, zh-Hant, ru, en, ko, including partial words and typos): the right
entry in the top 3 for 196; the misses were 언제 도착 ("when does it arrive":
the refund entry says 도착 too) and 快递费 (the entry says 运费/邮费, no shared
character pair). Every prefix of those queries from 60% of their length on:
418 of 431.

Public API
----------
`SearchDocument`, `build_search_index(documents, lang) -> SearchIndex`,
`index_scripts(index) -> (files, version)`, `shard_files(meta, kind)`, `stemmer_sources(lang)`,
`bundle_script(lang) -> str`, `html_to_text(html) -> str`;
`tokenize.tokenize(text, lang) -> [str]`.
In the browser: `KbSearch.open(load) -> Promise<Engine>` (`load(name)`: a
Promise of a file of the language's folder), `engine.search(query, limit,
firstKinds) -> Promise<[{id, title, url, snippet, kind, doc, score}]>`,
`engine.answer(doc) -> Promise<html>`.
"""

from .index import (
    FIELD_BOOSTS,
    SearchDocument,
    SearchIndex,
    build_search_index,
    bundle_script,
    html_to_text,
    index_scripts,
    make_snippet,
    shard_files,
    shorten,
    stemmer_sources,
)

# The tokenizer is imported from its module (`from generator.search.tokenize
# import tokenize`): re-exporting the function here would hide the module
# `generator.search.tokenize` behind a function of the same name.

__all__ = [
    "FIELD_BOOSTS", "SearchDocument", "SearchIndex", "build_search_index",
    "bundle_script", "html_to_text", "index_scripts", "make_snippet", "shard_files", "shorten", "stemmer_sources",
]
