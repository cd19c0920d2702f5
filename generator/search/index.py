"""Prebuilt per-language search indexes, and the browser files that read them.

`build_search_index` turns `SearchDocument`s of ONE language into a JSON-ready
dict: a lunr 2.3.9 index of the tokens of `tokenize.py`, in a compact form,
plus the store the results are shown from. `assets/kb-search.js` expands it
and hands it to lunr.js (`lunr.Index.load`), which runs the queries.

The BM25 weights are computed here (`term_weights`), not by lunr.py's
`Builder`: the formula is lunr's, but lunr's idf miscounts (see `idf`), and
lunr.py's builder was about half of the build time (1,000 Russian entries:
3.0 s through lunr.py, 1.4 s now). lunr.py remains the reference the tests
compare the weights with.

The compact form ("kb-search/1") keeps only what lunr cannot recompute cheaply:

    {
      "format": "kb-search/1",
      "lang": "ru",
      "stemmer": "ru",                # lunr-languages code; "" = lunr.stemmer (English); null = none
      "fields": ["title", "keywords", "body"],
      "terms": ["аккумулятор", ...],  # every index term, sorted as JavaScript sorts (UTF-16)
      "vectors": [[[3, 1.25, 17, 0.8], [], [...]], ...],   # per doc, per field: term position, BM25 weight
      "lexicon": ["换货", ...],          # CJK keywords, to spot bigrams across word edges
      "fold": "國国學学...",            # Chinese only ("" otherwise): the Traditional -> Simplified pairs
                                        # the terms were folded with, those whose Simplified side they use
      "docs": [{"id": ..., "title": ..., "url": ..., "snippet": ..., "kind": ..., "html": ...}]
    }

lunr's own serialisation repeats every posting twice (inverted index and field
vectors) with full-precision floats; the inverted index is the transpose of the
field vectors (every indexed term has a weight > 0), so the browser rebuilds it
(about 3 times smaller raw, 40% smaller gzipped than lunr.py's JSON).
Weights are rounded to 4 significant digits. Document refs inside the lunr
index are the positions in `docs` ("0", "1", ...), not the (long) entry ids.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Mapping

from ..render.shared.sanitize import script_json
from .tokenize import CJK, folds_han, han_fold_pairs, normalize_for, runs, stemmer_spec, tokenize, tokenize_all

FORMAT = "kb-search/1"

#: Indexed fields and their BM25 boosts, applied at build time (lunr multiplies
#: every term weight of the field by its boost). A question's own words and the
#: seller's keywords decide the ranking; the answer text only adds evidence.
FIELD_BOOSTS: dict[str, float] = {"title": 6, "keywords": 5, "body": 1}

#: Folder of the browser engine shipped with the package.
ASSETS_DIR = Path(__file__).with_name("assets")
ENGINE_JS = ASSETS_DIR / "kb-search.js"


@dataclass
class SearchDocument:
    """One search result: a FAQ entry or a warranty policy page, in one language.

    `body` is plain text (no Markup); `snippet` is the short plain text shown
    under the title (derived from `body` when empty); `answer_html` is the
    rendered answer, stored only when the widget shows answers inline.
    """

    ref: str
    url: str
    title: str
    keywords: list[str] = field(default_factory=list)
    body: str = ""
    snippet: str = ""
    kind: str = "faq"
    answer_html: str | None = None


def make_snippet(text: str, limit: int = 160) -> str:
    """The first `limit` characters of `text`, cut at a space when there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:!?，。；：！？、") + "…"


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, with block ends as spaces."""

    _BLOCKS = {"p", "li", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "ol", "ul", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ARG002
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (tags dropped, entities decoded, spaces collapsed)."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def _significant(value: float, digits: int = 4) -> float:
    """`value` rounded to `digits` significant digits (smaller JSON, same ranking)."""
    return float(f"{value:.{digits}g}")


#: BM25 parameters, lunr's defaults.
K1 = 1.2
B = 0.75


def idf(documents_with_term: int, document_count: int) -> float:
    """BM25 inverse document frequency, as lunr writes it, of DISTINCT documents.

    lunr (js and py) counts a document once per FIELD holding the term and
    takes `abs()` of a value that then goes negative: a seller's keyword that
    is also in the question and the answer counts as three documents, and a
    term in most fields of most documents gets a HIGHER weight than a rarer
    one. On a 3-entry index that ranked 退貨運費 above 換貨 for 換貨運費.
    Counting distinct documents, the value inside the log stays positive.
    """
    return math.log(1 + (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5))


def field_tokens(doc: SearchDocument, lang: str) -> dict[str, list[str]]:
    """The index terms of each field of `doc`."""
    return {
        "title": tokenize(doc.title, lang),
        "keywords": tokenize_all(doc.keywords, lang),
        "body": tokenize(doc.body, lang),
    }


def utf16_order(term: str) -> bytes:
    """Sort key putting strings in JavaScript's order (UTF-16 code units).

    lunr.js refuses to load terms out of that order ("Out of order word
    insertion"), and Python's code point order differs from it once a
    character beyond U+FFFF (CJK Extension B...) meets one from U+E000-U+FFFF.
    """
    return term.encode("utf-16-be", "surrogatepass")


def term_weights(documents: list[SearchDocument], lang: str) -> tuple[list[str], list[list[dict[str, float]]]]:
    """Sorted index terms, and per document per field (FIELD_BOOSTS order) the BM25 weight of each term.

    This is what lunr's builder computes for its field vectors (same formula,
    same k1 and b, field boost multiplied in; the tests compare with lunr.py),
    except for `idf`. lunr.js never recomputes weights when it searches: it
    only multiplies these by the clause boosts, so they may be computed here.
    """
    per_doc = [field_tokens(doc, lang) for doc in documents]
    count = len(documents)
    fields = list(FIELD_BOOSTS)
    document_frequency: Counter[str] = Counter()
    for tokens in per_doc:
        document_frequency.update({term for field_terms in tokens.values() for term in field_terms})
    average_length = {f: (sum(len(t[f]) for t in per_doc) / count if count else 0.0) for f in fields}
    term_idf = {term: idf(df, count) for term, df in document_frequency.items()}
    weights: list[list[dict[str, float]]] = []
    for tokens in per_doc:
        doc_weights = []
        for f in fields:
            frequencies = Counter(tokens[f])
            norm = K1 * (1 - B + B * len(tokens[f]) / average_length[f]) if frequencies else 0.0
            doc_weights.append({
                term: term_idf[term] * (K1 + 1) * tf / (norm + tf) * FIELD_BOOSTS[f]
                for term, tf in frequencies.items()
            })
        weights.append(doc_weights)
    return sorted(document_frequency, key=utf16_order), weights


def _store_entry(doc: SearchDocument) -> dict:
    entry = {
        "id": doc.ref,
        "title": doc.title,
        "url": doc.url,
        "snippet": doc.snippet or make_snippet(doc.body),
        "kind": doc.kind,
    }
    if doc.answer_html is not None:
        entry["html"] = doc.answer_html
    return entry


def cjk_lexicon(documents: list[SearchDocument], lang: str) -> list[str]:
    """The CJK words the sellers gave as keywords (normalised runs of 2-8 characters).

    The browser cuts a CJK query at these words to tell a real bigram from one
    that straddles two words (see `straddling` in kb-search.js): a seller's
    keyword 换货 makes 货运 in the query 换货运费 count for less.
    """
    words = {
        run.text
        for doc in documents
        for keyword in doc.keywords
        for run in runs(normalize_for(keyword, lang))
        if run.kind == CJK and 2 <= len(run.text) <= 8
    }
    return sorted(words)


def build_search_index(documents: list[SearchDocument], lang: str) -> dict:
    """The JSON-ready index and store of `documents`, all in language `lang`.

    Documents of other languages must not be passed: one index per language is
    what keeps results in the page's language.
    """
    duplicates = sorted(ref for ref, n in Counter(doc.ref for doc in documents).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate search document refs: {', '.join(duplicates)}")
    terms, weights = term_weights(documents, lang)
    position = {term: i for i, term in enumerate(terms)}
    vectors = [
        [
            [x for term in sorted(field_weights, key=position.__getitem__)
             for x in (position[term], _significant(field_weights[term]))]
            for field_weights in doc_weights
        ]
        for doc_weights in weights
    ]
    spec = stemmer_spec(lang)
    return {
        "format": FORMAT,
        "lang": lang,
        "stemmer": None if spec is None else spec.js,
        "fields": list(FIELD_BOOSTS),
        "terms": terms,
        "vectors": vectors,
        "lexicon": cjk_lexicon(documents, lang),
        "fold": _fold_pairs_for(terms) if folds_han(lang) else "",
        "docs": [_store_entry(doc) for doc in documents],
    }


def _fold_pairs_for(terms: list[str]) -> str:
    """The Traditional -> Simplified pairs (tokenize.fold_han) a Chinese query needs for these terms.

    Only pairs whose Simplified character occurs in a term: folding any other
    query character could not make it match, so the browser gets the same
    results from this part of the table as from the whole (14 KB gzipped,
    which would have been most of a small shop's widget download).
    """
    used = {character for term in terms for character in term}
    pairs = han_fold_pairs()
    return "".join(pairs[i : i + 2] for i in range(0, len(pairs), 2) if pairs[i + 1] in used)


def index_json(index: Mapping) -> str:
    """Compact JSON text of an index from `build_search_index` (UTF-8, no spaces)."""
    return script_json(index)


# --- the browser files ------------------------------------------------------------

def _mkdocs_search_dir() -> Path:
    import mkdocs.contrib.search

    return Path(os.path.dirname(mkdocs.contrib.search.__file__))


def lunr_script_files(lang: str) -> list[Path]:
    """The installed lunr files the browser needs for `lang`, in load order.

    They come from the `mkdocs` package (lunr.js 2.3.9 and lunr-languages) and
    are copied at build time, never committed.
    """
    base = _mkdocs_search_dir()
    files = [base / "templates" / "search" / "lunr.js"]
    spec = stemmer_spec(lang)
    if spec is not None and spec.js:
        languages = base / "lunr-language"
        files += [languages / "lunr.stemmer.support.js", languages / f"lunr.{spec.js}.js"]
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"lunr files missing from the mkdocs package: {', '.join(missing)}")
    return files


def bundle_script(lang: str) -> str:
    """One script for `lang`: lunr.js, its stemmer, and kb-search.js.

    Meant for pages we do not control (the shop-page widget), so it adds no
    global name to them. Each file, unchanged, runs as a CommonJS module: inside
    a function whose `module` and `exports` are its own and whose `define` is
    undefined, so that its UMD header exports instead of setting `window.lunr`
    (or calling the `define()` of a page running an AMD loader, RequireJS, as
    Magento shops do). lunr.js exports lunr, each lunr-languages file a function
    that takes lunr, kb-search.js the engine. The engine is handed to whoever
    loaded the bundle by an event on `document`, `kbgen:search-engine`, whose
    detail names the script (`src`) and carries the engine (`payload`; the
    loader: `loadHandedOver` in render/search_ui/kb-search-box.js).
    """
    parts = [
        "/* kb-search bundle: lunr.js 2.3.9 (MIT) and lunr-languages (MPL), copied unchanged from mkdocs */",
        "(function () {",
        "var lunr, kbModule;",
    ]
    for number, path in enumerate([*lunr_script_files(lang), ENGINE_JS]):
        parts.append(f"/* ---- {path.name} ---- */")
        parts.append("kbModule = { exports: {} };")
        parts.append("(function (define, module, exports) {")
        parts.append(path.read_text(encoding="utf-8"))
        parts.append(";\n})(undefined, kbModule, kbModule.exports);")
        if number == 0:
            parts.append("lunr = kbModule.exports;")
        elif path != ENGINE_JS:
            parts.append("kbModule.exports(lunr);")
    parts.append(
        "kbModule.exports.lunr = lunr;\n"
        "document.dispatchEvent(new CustomEvent(\"kbgen:search-engine\", {\n"
        "  detail: { src: document.currentScript ? document.currentScript.src : \"\", payload: kbModule.exports }\n"
        "}));\n"
        "})();"
    )
    return "\n".join(parts) + "\n"
