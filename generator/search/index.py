"""Prebuilt per-language search indexes, cut into small files the browser loads on demand.

`build_search_index` turns `SearchDocument`s of ONE language into a
`SearchIndex`: a small meta file and shards ("kb-search/6"), each as JSON text.
`index_scripts` wraps them into the scripts a site ships under
`search/<lang>/`; `assets/kb-search.js` loads only the ones a query needs.

The BM25 weights are lunr's (`TermWeights`: same formula, k1, b and field
boosts; the tests compare with lunr.py's `Builder`), except for the idf (see
`idf`). lunr.js is not used in the browser any more: its score reduces to a sum
over postings (see kb-search.js `score`), so per term the index keeps only
its postings, each document's weight summed over the fields.

Files of one language (names relative to `search/<lang>/`). The shards live in
a folder named by a hash of them all (`build`), which only the meta names, and
the meta is loaded with `?v=<its hash>`: a page never pairs a meta with shards of
another build (a buyer holding a cached old meta asks for the old folder, gone
after a new build: the query fails and the next keystroke retries, never shows
wrong results), and the meta stays small (no list of file names):

    meta.js            {"format": "kb-search/6", "lang": "ru", "build": "3f9c0a1b2c4d",
                        "stemmer": "ru",         # lunr-languages code; "" = lunr.stemmer (English); null = none
                        "fold": "國国...",        # Chinese only: the Traditional -> Simplified pairs its terms need
                        "characters": true,      # CJK runs also indexed as single characters (Chinese)
                        "lexicon": ["换货"],      # CJK keywords, to spot bigrams across word edges
                        "stopwords": ["без", ...],  # lunr's stop words of the language (`stop_words`)
                        "count": 1234,           # documents
                        "weights": {"floor": 0.0001, "step": 0.002},   # how postings write weights (`weight_codes`)
                        "kinds": [["faq", 1200], ["warranty", 3], ...],   # kind of each document, as runs
                        "terms":    {"first": [first term of each shard], "count": 11},
                                                 # (a small dictionary: "shards": [the term shards] instead of "count")
                        "postings": {"first": [...], "count": 142},
                        "docs":     {"per": 16, "count": 78},
                                                 # (a small index: "shards": [...] instead of "count" for
                                                 # terms, postings and docs: the whole index, see INLINE_INDEX_CHARS)
                        "answers":  {"per": 16, "count": 78}}        # only when documents carry answer HTML
    <build>/terms.<n>.js     {"terms": [...], "counts": [(document, field) pairs holding the term]}
    <build>/postings.<n>.js  {"terms": [...], "postings": ["<lowest code><doc><code><+doc><code>...", ...]}
                             # (a term in most documents: ".<lowest><highest><documents><2 digits per document>",
                             # `postings_text`; "kb-search/6" added it to "kb-search/5")
    <build>/docs.<n>.js      [[id, title, url, snippet], ...]   documents per*n ... (kinds: the meta's)
    <build>/answers.<n>.js   [answer HTML or null, ...]

Terms are sorted as JavaScript sorts strings (UTF-16 code units) and cut into
contiguous ranges: a query fetches the term shards that hold its words and
prefixes (and, for typo tolerance, the words sharing a first letter), the
posting shards of the terms it finally scores, and the document shards of the
results it shows. The term shards carry no postings, so looking at every word
that starts like a typed one costs a few kB. Postings list document numbers
as gaps and weights as whole numbers (`weight_codes`), in a compact text of
their own (`NUMBER_DIGITS`); a term in most documents ("на" at 10,000
entries) has a place per document instead (`postings_text`), so that the
browser can weigh it for the few documents a query's rarer terms find
without reading its thousands of postings. A small index travels whole in its meta
(`INLINE_INDEX_CHARS`): its queries load nothing more.
"""

from __future__ import annotations

import ast
import hashlib
import html
import itertools
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..render.shared.sanitize import script_file_json
from .tokenize import CJK, WORD, code_point_sets, folds_han, han_fold_pairs, indexes_characters, normalize_for, primary_subtag, runs, stemmer_spec, tokenize, tokenize_all

FORMAT = "kb-search/6"

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


#: Where a clause of a Chinese or Japanese text ends: such a text has spaces only around numbers and Latin
#: words, so going back to a space would end it on a number without its unit ("签收后 7…").
_CLAUSE_ENDS = "，。；：、！？"
#: What a shortened text does not end with before its ellipsis: punctuation, and brackets that open.
_TRAILING = " ,.;:!?，。；：、！？（「『《〈【([{"
_ZERO_WIDTH_JOINER = "\u200d"


def shorten(text: str, width: int = 160) -> str:
    """`text` cut to about `width` columns, with an ellipsis, where a clause or a word ends.

    Chinese, Japanese and Korean characters count as two columns, so a Chinese
    description is about as long on screen as an English one. The cut goes back
    to the last clause end of a Chinese or Japanese text, or to the last space when
    it falls inside a word of a language that spaces its words, if either is in the
    last third; it never splits what shows as one character (a flag, an emoji
    sequence, a letter and its accent).
    """
    past = _first_past(text, width)
    if past is None:
        return text
    index = _character_start(text, past)
    cut = text[:index]
    last_third = len(cut) * 2 // 3
    clause = max(map(cut.rfind, _CLAUSE_ENDS))
    if clause > last_third:
        cut = cut[:clause]
    elif index > 0 and _spaces_words(text[index - 1]) and _spaces_words(text[index]):
        space = cut.rfind(" ")
        if space > last_third:
            cut = cut[:space]
    return cut.rstrip(_TRAILING) + "…"


def _joins_previous(character: str) -> bool:
    """Whether `character` belongs to the character before it on screen: a combining mark, a joiner, a variation
    selector, a skin tone, a Korean vowel or final consonant typed as a letter of its own."""
    point = ord(character)
    return (
        unicodedata.category(character) in ("Mn", "Me", "Mc")
        or character == _ZERO_WIDTH_JOINER
        or 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF or 0x1F3FB <= point <= 0x1F3FF
        or 0x1160 <= point <= 0x11FF or 0xD7B0 <= point <= 0xD7FF
    )


def _columns_of(character: str) -> int:
    """The columns `character` takes on screen: none when it joins the one before, two for a wide one (Chinese,
    Japanese, Korean, most emoji), else one."""
    return 0 if _joins_previous(character) else 2 if unicodedata.east_asian_width(character) in "WF" else 1


class _Columns(dict):
    """Character -> the columns it takes on screen, worked out on first sight (a build shortens 50,000 texts)."""

    def __missing__(self, character: str) -> int:
        columns = self[character] = _columns_of(character)
        return columns


_COLUMNS = _Columns()


@lru_cache(maxsize=1)
def _one_column_each() -> Callable[[str], re.Match | None]:
    """Matches a whole text of characters below U+3000 that take one column each (Latin, Cyrillic, Greek, their
    punctuation, dashes and quotes...; no Korean, no combining mark), written as ranges. U+3000 is where Chinese
    and Japanese begin: hardly a character above it is narrow."""
    narrow = code_point_sets(lambda point: _columns_of(chr(point)) == 1, 0x3000)[True]
    return re.compile(f"[{narrow}]*").fullmatch


def _first_past(text: str, width: int) -> int | None:
    """The position of the first character of `text` that ends past `width` columns, or None."""
    head = text[: width + 1]
    # One column each: no need to count them (counting one by one took a Russian shop's snippets 0.3 s at 10,000 entries).
    if head.isascii() or _one_column_each()(head):
        return width if len(text) > width else None
    used = 0
    columns = _COLUMNS
    for index, character in enumerate(text):
        used += columns[character]
        if used > width:
            return index
    return None


def _character_start(text: str, index: int) -> int:
    """`index`, or the start of the character shown on screen that `text[index]` is part of."""
    while index > 0 and (_joins_previous(text[index]) or text[index - 1] == _ZERO_WIDTH_JOINER):
        index -= 1
    # A flag is a pair of regional indicators: an odd run of them before `index` would leave half of one.
    run = 0
    while run < index and 0x1F1E6 <= ord(text[index - run - 1]) <= 0x1F1FF:
        run += 1
    return index - 1 if run % 2 and 0x1F1E6 <= ord(text[index]) <= 0x1F1FF else index


def _spaces_words(character: str) -> bool:
    """Whether `character` is part of a word in a language that puts spaces between words (Korean does;
    Chinese and Japanese do not)."""
    if character.isspace():
        return False
    return unicodedata.east_asian_width(character) not in "WF" or "\uac00" <= character <= "\ud7a3"


def make_snippet(text: str, width: int = 160) -> str:
    """The beginning of `text` a result shows under its title: about `width` columns, the rule of the
    pages' descriptions (`shorten`: a Chinese, Japanese or Korean character counts two), which is what
    two clamped lines of a result hold on a wide screen; 160 characters of Chinese took twice that."""
    return shorten(" ".join(text.split()), width)


#: Tags whose start and end separate words (a space in the text).
_BLOCK_TAGS = frozenset({"p", "li", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "ol", "ul", "blockquote", "pre"})
#: A tag as the sanitizer writes it (a name, then attributes whose values are quoted, where a `>` may stand).
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _tag_as_text(tag: re.Match) -> str:
    return " " if tag[2].lower() in _BLOCK_TAGS else ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment as `render/shared/sanitize.py` writes them (every `<` of text escaped,
    every tag whole): tags dropped (a block's start and end as a space), entities decoded, spaces collapsed.

    A regular expression, not Python's HTML parser: the text of every answer is taken once per build, and
    the parser took three times as long as this.
    """
    return " ".join(html.unescape(_TAG.sub(_tag_as_text, fragment)).split())


#: A posting's weight travels as a whole number, its logarithm counted in steps of WEIGHT_STEP above
#: WEIGHT_FLOOR (the meta names both): "4394" where the weight written with 4 significant digits,
#: "0.6451", took 6 characters, and the postings are most of the index. A weight is off by 0.1 % at
#: most (4 significant digits: 0.05 %); measured on every benchmark query set: not one result moved
#: out of or into the first three. Weights below the floor (a common word deep in a long answer,
#: ~1e-4 at the least) count as the floor.
WEIGHT_FLOOR = 1e-4
WEIGHT_STEP = 0.002


def weight_codes(weights) -> np.ndarray:
    """The whole number a posting holds for each of `weights` (a sequence or array of floats); kb-search.js
    `Engine.weigh` reads it back as floor * e^(step * code). (Many at once: a large shop has millions of postings.)"""
    codes = np.rint(np.log(np.asarray(weights, dtype=np.float64) / WEIGHT_FLOOR) / WEIGHT_STEP)
    return np.maximum(codes, 0).astype(np.int32)


#: How many (document, field, term) rows `TermWeights` gathers in a Python list before it makes them an array.
_ROWS_PER_BATCH = 1 << 16

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


class TermWeights:
    """The BM25 weight of every term of every document's fields, from counts kept compact.

    This is what lunr's builder computes for its field vectors (same formula,
    same k1 and b, field boost multiplied in; the tests compare with lunr.py),
    except for `idf`. lunr.js never recomputes weights when it searches: it
    only multiplies these by the clause boosts, so they may be computed here.

    BM25 needs every document before the first weight (the idf, the average
    length of a field), so each document's fields are tokenized once and only
    their counts are kept: per (document, field) how often each distinct term
    occurs and the field's length, as flat arrays of numbers. Per-document token
    lists and dictionaries of weights for all documents at once were most of
    the memory of a large shop's search files (benchmarks/README.md, "At scale").
    The weights are then computed for all of them at once, with numpy: a
    10,000-entry shop has about two million (document, field, term) counts per
    language, and a loop over them in Python was a third of building its index.
    """

    def __init__(self, documents: list[SearchDocument], lang: str):
        numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)  # term -> its number, in order of first sight
        term_numbers: list[int] = []  # per (document, field), its distinct terms' numbers ...
        frequencies: list[int] = []  # ... and how often each occurs in it
        ends: list[int] = []  # per (document, field): where its terms end in the two lists above
        lengths: list[int] = []  # per (document, field): its number of tokens
        # The two long lists go into numpy arrays batch by batch: as Python lists of ints, the millions of
        # rows of a large shop's language took 200 MB more of the search job's memory.
        batches: list[tuple[np.ndarray, np.ndarray]] = []
        rows_before = 0  # in the batches
        for doc in documents:
            for tokens in field_tokens(doc, lang).values():
                lengths.append(len(tokens))
                counts = Counter(tokens)
                term_numbers += map(numbers.__getitem__, counts)  # a new term numbered as it comes
                frequencies += counts.values()
                ends.append(rows_before + len(term_numbers))
            if len(term_numbers) >= _ROWS_PER_BATCH:
                batches.append((np.array(term_numbers, dtype=np.int32), np.array(frequencies, dtype=np.int32)))
                rows_before += len(term_numbers)
                term_numbers.clear()
                frequencies.clear()
        batches.append((np.array(term_numbers, dtype=np.int32), np.array(frequencies, dtype=np.int32)))
        self.count = len(documents)
        self.term_of = list(numbers)  # term number -> term
        fields = len(FIELD_BOOSTS)
        # One row per (document, field, distinct term), in document order, then field order (FIELD_BOOSTS).
        self.terms_of_rows = np.concatenate([terms for terms, _ in batches])
        term_frequency = np.concatenate([counted for _, counted in batches]).astype(np.float64)
        del batches
        pair_of_rows = np.repeat(np.arange(len(ends), dtype=np.int32), np.diff(np.array(ends, dtype=np.int64), prepend=0))
        self.document_of_rows = pair_of_rows // fields
        self.field_of_rows = (pair_of_rows % fields).astype(np.int8)
        field_lengths = np.array(lengths, dtype=np.float64).reshape(-1, fields)
        self.average_length = field_lengths.mean(axis=0) if self.count else np.zeros(fields)
        term_count = len(self.term_of)
        # Term numbers in the index's order: terms sorted as JavaScript sorts strings (`utf16_order`).
        self.order = sorted(range(term_count), key=lambda number: utf16_order(self.term_of[number]))
        self.place = np.empty(term_count, dtype=np.int64)  # term number -> its place in the index's order
        self.place[self.order] = np.arange(term_count)
        # The rows in postings order: by the term's place, then by document; a stable sort keeps a term's rows
        # of one document in FIELD_BOOSTS order. A posting is a run of rows of one (term, document).
        keys = self.place[self.terms_of_rows] * max(self.count, 1) + self.document_of_rows
        self.postings_order = np.argsort(keys, kind="stable").astype(np.int32)
        keys = keys[self.postings_order]
        starts_posting = np.diff(keys, prepend=-1) != 0
        self.posting_of_row = (np.cumsum(starts_posting) - 1).astype(np.int32)  # in postings order
        self.posting_keys = keys[starts_posting]
        self.field_pairs = np.bincount(self.terms_of_rows, minlength=term_count).tolist()  # (document, field) pairs holding it
        # Distinct documents holding each term (a term in several fields of one document counts once).
        self.postings_per_place = np.bincount(self.posting_keys // max(self.count, 1), minlength=term_count)  # in the index's order
        self.document_frequency = self.postings_per_place[self.place].tolist()  # per term number
        self.idf = [idf(frequency, self.count) for frequency in self.document_frequency]
        # BM25 per row, as lunr writes it: idf * (k1 + 1) * tf / (k1 * (1 - b + b * length / average) + tf) * boost,
        # each operation in that order (so each weight is the number a loop over the rows computed).
        norm = K1 * ((1 - B) + B * field_lengths.reshape(-1)[pair_of_rows] / self.average_length[self.field_of_rows])
        boosts = np.array(list(FIELD_BOOSTS.values()), dtype=np.float64)
        self.weight_of_rows = np.array(self.idf)[self.terms_of_rows] * (K1 + 1) * term_frequency / (norm + term_frequency) * boosts[self.field_of_rows]

    @property
    def terms(self) -> list[str]:
        """Every index term, in the index's order."""
        return [self.term_of[number] for number in self.order]

    def of_document(self, number: int) -> list[dict[str, float]]:
        """Per field (FIELD_BOOSTS order) of document `number`, the weight of each of its terms."""
        rows = np.flatnonzero(self.document_of_rows == number)
        fields: list[dict[str, float]] = [{} for _ in FIELD_BOOSTS]
        for row in rows.tolist():
            fields[self.field_of_rows[row]][self.term_of[self.terms_of_rows[row]]] = float(self.weight_of_rows[row])
        return fields


def _store_entry(doc: SearchDocument) -> list:
    """What a result shows, `[id, title, url, snippet]` (its kind is in the meta's `kinds`; the answer HTML
    is kept apart: see `build_search_index`). A list, not an object: the names took a tenth of the shards."""
    return [doc.ref, doc.title, doc.url, doc.snippet or make_snippet(doc.body)]


def cjk_lexicon(documents: list[SearchDocument], lang: str) -> list[str]:
    """The CJK words the sellers gave as keywords (normalised runs of 2-8 characters).

    The browser cuts a CJK query at these words to tell a real bigram from one
    that straddles two words (see `straddling` in kb-search.js): a seller's
    keyword 换货 makes 货运 in the query 换货运费 count for less.
    """
    # Each distinct keyword once: entries share many (at 10,000 entries a language's 20,000 keywords were
    # normalised and cut one by one, 0.3 s of CPU for the buyers' five indexes).
    keywords = {keyword for doc in documents for keyword in doc.keywords}
    words = {
        run.text
        for keyword in keywords
        for run in runs(normalize_for(keyword, lang))
        if run.kind == CJK and 2 <= len(run.text) <= 8
    }
    return sorted(words)


#: Shard sizes, measured at 10,000 entries x 5 languages (benchmarks/SEARCH.md): about this many
#: characters of JSON per term or posting shard (a few kB gzipped; a term with more postings gets a
#: shard of its own), and documents per document or answer shard.
TERMS_SHARD_CHARS = 12_000
POSTINGS_SHARD_CHARS = 16_000
DOCS_PER_SHARD = 16
#: A dictionary of at most this many term shards is put in the meta itself (about 5 kB gzipped each at most),
#: so that a query needs one round trip less: at 1,000 entries a first query was 2-3 times slower in
#: Chromium with the CPU slowed 4x with the round trip than without (benchmarks/README.md).
INLINE_TERM_SHARDS = 3
#: An index whose dictionary fits in the meta and whose postings and documents take at most this many
#: characters of JSON travels whole in the meta (a help center of a few dozen entries: about 20 kB
#: gzipped, loaded when the box is focused): its queries then load nothing more, where each took two
#: round trips (posting shards, then document shards).
INLINE_INDEX_CHARS = 64_000
ANSWERS_PER_SHARD = 16


@dataclass
class SearchIndex:
    """One language's index: the meta file's data and every shard's JSON text, by file name
    (relative to the language's folder, `<build>/<kind>.<n>.js`: `shard_files`)."""

    lang: str
    meta: dict
    shards: dict[str, str]


def shard_files(meta: dict, kind: str) -> list[str]:
    """The file names, relative to the language's folder, of the shards of `kind` a meta names, in order
    (none for shards the meta holds itself: `INLINE_TERM_SHARDS`, `INLINE_INDEX_CHARS`)."""
    return [f"{meta['build']}/{kind}.{number}.js" for number in range(meta[kind].get("count", 0))]


def _cut_by_size(sizes: list[int], limit: int) -> list[list[int]]:
    """Positions of pieces of these `sizes` grouped into runs of about `limit` characters, in order."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for position, piece_size in enumerate(sizes):
        if current and size + piece_size > limit:
            groups.append(current)
            current, size = [], 0
        current.append(position)
        size += piece_size
    if current:
        groups.append(current)
    return groups


#: Postings are written as text, each number in base 32 with one character per digit, the most
#: significant first: a digit from the first half of NUMBER_DIGITS ends the number, one from the second
#: half has more digits after it. A term's text is its lowest weight code, then per document the gap
#: from the previous document and its weight code above that lowest one: most postings take three
#: characters, where "12,4394," took eight (at 10,000 entries x 5 languages, the buyers' site's postings
#: went from 46 to 20 MB: benchmarks/README.md). kb-search.js `Engine.weigh` reads it back.
NUMBER_DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_"


def _digits(number: int) -> str:
    text = NUMBER_DIGITS[number % 32]
    number //= 32
    while number:
        text = NUMBER_DIGITS[32 + number % 32] + text
        number //= 32
    return text


# The numbers postings hold most (gaps between documents, weight codes above a term's lowest), written once.
_COMMON_NUMBERS = [_digits(number) for number in range(32 * 32 * 32)]
_COMMON_NUMBER_TEXTS = np.array(_COMMON_NUMBERS, dtype=object)


def _number_text(number: int) -> str:
    """`number` (0 or more) as postings write it (NUMBER_DIGITS)."""
    return _COMMON_NUMBERS[number] if number < len(_COMMON_NUMBERS) else _digits(number)


class _Postings:
    """Every term's postings (the documents holding it, each with its weight summed over the fields), as
    two flat arrays ordered by term (in the index's order), then by document."""

    def __init__(self, weights: TermWeights):
        # A posting's weight: its rows' weights added in FIELD_BOOSTS order, (title + keywords) + body, the same
        # floating-point sum as adding them one field after the other (lunr's builder, the tests' sum()).
        summed = np.zeros(len(weights.posting_keys))
        fields = weights.field_of_rows[weights.postings_order]
        weights_in_order = weights.weight_of_rows[weights.postings_order]
        for position in range(len(FIELD_BOOSTS)):
            in_field = fields == position
            summed[weights.posting_of_row[in_field]] += weights_in_order[in_field]
        self.codes = weight_codes(summed)
        self.documents = (weights.posting_keys % max(weights.count, 1)).astype(np.int32)
        self.lengths = weights.postings_per_place  # per term, in the index's order
        self.count = weights.count  # documents in the index

    def texts(self) -> list[str]:
        """The postings of every term, in the index's order, as the index writes them (`postings_text`)."""
        return postings_texts(self.documents, self.codes, self.lengths, self.count)


#: The first character of a dense postings text (`postings_text`): not one of NUMBER_DIGITS.
DENSE_MARK = "."
#: A term's postings are written dense when that text is at most this many times as long as the sparse
#: one: at 10,000 entries, the terms in more than about half of the documents, and the index shrinks.
DENSE_SLACK = 1.25
#: A number of a dense layout: two NUMBER_DIGITS characters, base 64, the most significant first.
_PAIR_DIGITS = [NUMBER_DIGITS[value // 64] + NUMBER_DIGITS[value % 64] for value in range(64 * 64)]


def postings_text(documents: Sequence[int], codes: Sequence[int], document_count: int) -> str:
    """The postings of one term, the `documents` holding it (in order) with their weight `codes`, as the
    index writes them, in an index of `document_count` documents (`postings_texts`)."""
    return postings_texts(np.asarray(documents, dtype=np.int64), np.asarray(codes, dtype=np.int64),
                          np.array([len(documents)]), document_count)[0]


def postings_texts(documents: np.ndarray, codes: np.ndarray, lengths: np.ndarray, document_count: int) -> list[str]:
    """The postings of several terms as the index writes them, in an index of `document_count` documents:
    the first term holds the first `lengths[0]` of `documents` (in order) with their weight `codes`, the next
    one the next `lengths[1]`, and so on.

    Sparse: its lowest weight code, then per document its gap from the previous one and its weight code
    above the lowest (NUMBER_DIGITS). Dense, for a term in most documents, where the browser finds a
    document's weight by the document's number without reading the others' (kb-search.js `weigh` weighs
    such a common term for the documents the query's rarer terms find only): DENSE_MARK; the lowest weight
    code, the highest code above it and how many documents hold the term, as sparse texts write numbers;
    then per document number, from 0 to the term's last, `_PAIR_DIGITS` of 0 when the document does not
    hold the term, else of its code above the lowest plus 1. Dense when it is at most DENSE_SLACK times
    as long as the sparse text (and its codes fit in two characters).

    The numbers are worked out for all terms at once (a 10,000-entry shop has millions of postings per
    language); only joining each term's digits is done term by term.
    """
    if not len(lengths):
        return []
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    lowest = np.minimum.reduceat(codes, starts)
    highest = np.maximum.reduceat(codes, starts) - lowest
    numbers = np.empty(2 * len(documents), dtype=np.int32)  # per posting: its gap, its code above the lowest
    numbers[0::2] = np.diff(documents, prepend=0)
    numbers[2 * starts] = documents[starts]  # a term's first gap is from document 0
    numbers[1::2] = codes - np.repeat(lowest, lengths)
    if numbers.max() < len(_COMMON_NUMBERS):
        # Each number's text looked up by numpy: no Python int is made for the millions of numbers.
        written = _COMMON_NUMBER_TEXTS[numbers].tolist()
    else:
        written = list(map(_number_text, numbers.tolist()))
    texts = []
    for first, length, low, high in zip(starts.tolist(), lengths.tolist(), lowest.tolist(), highest.tolist()):
        sparse = _number_text(low) + "".join(written[2 * first : 2 * (first + length)])
        if 2 * document_count > DENSE_SLACK * len(sparse) or high + 1 >= len(_PAIR_DIGITS):
            texts.append(sparse)  # a dense text takes about 2 characters per document of the index: longer
            continue
        held = documents[first : first + length]
        dense = np.zeros(int(held[-1]) + 1, dtype=np.int64)
        dense[held] = numbers[2 * first + 1 : 2 * (first + length) : 2] + 1
        written_dense = (DENSE_MARK + _number_text(low) + _number_text(high) + _number_text(length)
                         + "".join(map(_PAIR_DIGITS.__getitem__, dense.tolist())))
        texts.append(written_dense if len(written_dense) <= DENSE_SLACK * len(sparse) else sparse)
    return texts


def build_search_index(documents: list[SearchDocument], lang: str) -> SearchIndex:
    """The meta and shards of `documents`, all in language `lang` (see the module's docstring).

    Documents of other languages must not be passed: one index per language is
    what keeps results in the page's language. Answer shards are written when
    the documents carry `answer_html` (the buyers' site: the widget shows answers inline).
    """
    duplicates = sorted(ref for ref, n in Counter(doc.ref for doc in documents).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate search document refs: {', '.join(duplicates)}")
    weights = TermWeights(documents, lang)
    order, terms, field_pairs = weights.order, weights.terms, weights.field_pairs
    postings = _Postings(weights)
    # Its millions of rows are summed into the postings: let them go before the postings are written out.
    del weights
    posting_texts = dict(zip(order, postings.texts()))
    del postings
    texts: dict[str, list[str]] = {}  # kind -> JSON text of each shard

    def add_shards(kind: str, payloads: Iterable) -> int:
        texts[kind] = [script_file_json(payload) for payload in payloads]
        return len(texts[kind])

    def shards(kind: str, payloads: Iterable) -> dict:
        """The shards of `kind` as the meta names them: their number (each in a file), or, for an index
        that travels whole in its meta (`INLINE_INDEX_CHARS`), the shards themselves."""
        if whole:
            return {"shards": list(payloads)}
        return {"count": add_shards(kind, payloads)}

    term_groups = _cut_by_size([len(term) + 8 for term in terms], TERMS_SHARD_CHARS)
    posting_groups = _cut_by_size(
        [len(term) + len(posting_texts[number]) + 6 for term, number in zip(terms, order)],
        POSTINGS_SHARD_CHARS,
    )

    def posting_shards() -> Iterator[dict]:
        for group in posting_groups:
            yield {"terms": [terms[position] for position in group],
                   "postings": [posting_texts[order[position]] for position in group]}

    doc_shards = _chunks([_store_entry(doc) for doc in documents], DOCS_PER_SHARD)
    term_shards = [{"terms": [terms[position] for position in group],
                    "counts": [field_pairs[order[position]] for position in group]} for group in term_groups]
    whole = len(term_groups) <= INLINE_TERM_SHARDS and _fits(itertools.chain(posting_shards(), doc_shards), INLINE_INDEX_CHARS)
    meta = {
        "format": FORMAT,
        "lang": lang,
        "stemmer": None if (spec := stemmer_spec(lang)) is None else spec.js,
        "fold": _fold_pairs_for(terms) if folds_han(lang) else "",
        "characters": indexes_characters(lang),
        "lexicon": cjk_lexicon(documents, lang),
        "stopwords": stop_words(lang),
        "count": len(documents),
        "weights": {"floor": WEIGHT_FLOOR, "step": WEIGHT_STEP},
        "kinds": _runs([doc.kind for doc in documents]),
        "terms": {"first": [terms[group[0]] for group in term_groups]},
        "postings": {"first": [terms[group[0]] for group in posting_groups], **shards("postings", posting_shards())},
        "docs": {"per": DOCS_PER_SHARD, **shards("docs", doc_shards)},
    }
    if len(term_groups) <= INLINE_TERM_SHARDS:
        meta["terms"]["shards"] = term_shards  # a small shop's terms: in the meta, one round trip less per query
    else:
        meta["terms"]["count"] = add_shards("terms", term_shards)
    if any(doc.answer_html is not None for doc in documents):
        answers = [doc.answer_html for doc in documents]
        meta["answers"] = {
            "per": ANSWERS_PER_SHARD,
            "count": add_shards("answers", _chunks(answers, ANSWERS_PER_SHARD)),
        }
    # The shards live in a folder named by a hash of them all (and of the meta, which may hold the rest),
    # which the meta names: a browser holding a cached meta of another build asks for that build's files
    # (gone: an error, the next query retries), never for a new shard that would not match it.
    digest = hashlib.sha256(script_file_json(meta).encode("utf-8"))
    for kind in sorted(texts):
        for text in texts[kind]:
            digest.update(f"{kind}\0{text}\0".encode("utf-8"))
    meta["build"] = digest.hexdigest()[:12]
    return SearchIndex(lang, meta, {name: text for kind in texts for name, text in zip(shard_files(meta, kind), texts[kind])})


def _fits(payloads: Iterable, limit: int) -> bool:
    """Whether `payloads` take at most `limit` characters of JSON (stops counting past it: a large index's
    postings are not written twice)."""
    size = 0
    for payload in payloads:
        size += len(script_file_json(payload))
        if size > limit:
            return False
    return True


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _runs(kinds: list[str]) -> list[list]:
    """`["faq", "faq", "warranty"]` -> `[["faq", 2], ["warranty", 1]]`."""
    runs_: list[list] = []
    for kind in kinds:
        if runs_ and runs_[-1][0] == kind:
            runs_[-1][1] += 1
        else:
            runs_.append([kind, 1])
    return runs_


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


#: The event a data script fires to hand its JSON over (kb-search.js `loadScript`).
DATA_EVENT = "kbgen:search-data"


def data_script(json_text: str) -> str:
    """A data file as a script: it hands its JSON over with `DATA_EVENT` on `document`, with its own URL,
    and sets no global. The same files serve the site, the widget on a shop's page (scripts need no CORS)
    and the handbook opened from disk (where fetch() fails)."""
    return (
        f'document.dispatchEvent(new CustomEvent("{DATA_EVENT}",{{detail:'
        f'{{src:document.currentScript?document.currentScript.src:"",payload:{json_text}}}}}));\n'
    )


def index_scripts(index: SearchIndex) -> tuple[dict[str, str], str]:
    """Every file of `index` as a script, by path relative to `search/` (`<lang>/meta.js`, `<lang>/<shard>`),
    and the meta's version (a hash of its text, which names every shard)."""
    meta_text = script_file_json(index.meta)
    files = {f"{index.lang}/{name}": data_script(text) for name, text in index.shards.items()}
    files[f"{index.lang}/meta.js"] = data_script(meta_text)
    return files, hashlib.sha256(meta_text.encode("utf-8")).hexdigest()[:12]


# --- the browser files ------------------------------------------------------------

def _mkdocs_search_dir() -> Path:
    import mkdocs.contrib.search

    return Path(os.path.dirname(mkdocs.contrib.search.__file__))


#: Where lunr.js 2.3.9 keeps its English (Porter) stemmer: the browser needs that part of lunr.js only.
_LUNR_STEMMER_START = "lunr.stemmer = (function(){"
_LUNR_STEMMER_END = "lunr.Pipeline.registerFunction(lunr.stemmer, 'stemmer')"


def stemmer_sources(lang: str) -> list[tuple[str, str]]:
    """The installed lunr code the browser needs to stem `lang`, as (name, source), in load order.

    From the `mkdocs` package, copied at build time, never committed: for English, lunr.js's
    own stemmer (`lunr.stemmer`, the twin of porter.py), cut out of lunr.js; for a language of
    lunr-languages, lunr.stemmer.support.js and lunr.<code>.js; nothing for an unstemmed one.
    Each source runs with a `lunr` that is `assets/lunr-shim.js`, not lunr.js (see `bundle_script`).
    """
    spec = stemmer_spec(lang)
    if spec is None:
        return []
    base = _mkdocs_search_dir()
    if spec.js == "":
        path = base / "templates" / "search" / "lunr.js"
        text = _read_installed(path)
        start, end = text.find(_LUNR_STEMMER_START), text.find(_LUNR_STEMMER_END)
        if start < 0 or end < start:
            raise FileNotFoundError(f"lunr.stemmer not found in {path} (lunr.js 2.3.9 expected)")
        return [("lunr.js: lunr.stemmer", text[start:end])]
    languages = base / "lunr-language"
    return [(path.name, _read_installed(path))
            for path in (languages / "lunr.stemmer.support.js", languages / f"lunr.{spec.js}.js")]


_STOP_WORD_LIST = ".stopWordFilter = lunr.generateStopWordFilter("


@lru_cache(maxsize=None)
def stop_words(lang: str) -> list[str]:
    """The stop words of `lang` the browser counts less in a query (kb-search.js `queryClauses`), sorted.

    lunr's own lists, read from the installed `mkdocs` package at build time: lunr.js's for
    English, `lunr.<code>.js`'s (lunr-languages) for the others, whether or not kbgen stems the
    language. Only words (one WORD run once normalised) are kept: a CJK query is cut into
    character pairs, which no list of whole words describes. A language without a list, or
    with one written in a shape other than a string or an array of strings, has none.
    """
    base = _mkdocs_search_dir()
    code = primary_subtag(lang)
    path = base / "templates" / "search" / "lunr.js" if code == "en" else base / "lunr-language" / f"lunr.{code}.js"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    start = text.find(_STOP_WORD_LIST)
    if start < 0:
        return []
    source = text[start + len(_STOP_WORD_LIST):]
    # lunr.js: an array of single-quoted strings; lunr-languages: one string and .split(' ').
    source = source[: source.index("])") + 1] if source.lstrip().startswith("[") else source.split(".split(")[0]
    try:
        listed = ast.literal_eval(source.strip())
    except (ValueError, SyntaxError):
        return []
    words = listed.split(" ") if isinstance(listed, str) else listed
    kept = set()
    for word in words:
        word_runs = list(runs(normalize_for(word, lang)))
        if len(word_runs) == 1 and word_runs[0].kind == WORD:
            kept.add(word_runs[0].text)
    return sorted(kept)


def _read_installed(path: Path) -> str:
    if not path.is_file():
        raise FileNotFoundError(f"lunr file missing from the mkdocs package: {path}")
    return path.read_text(encoding="utf-8")


LUNR_SHIM_JS = ASSETS_DIR / "lunr-shim.js"


def bundle_script(lang: str) -> str:
    """One script for `lang`: the stemmer (`stemmer_sources`) over a small lunr shim, and kb-search.js.

    Meant for pages we do not control too (the shop-page widget), so it adds no
    global name to them. Each file, unchanged, runs as a CommonJS module: inside
    a function whose `module` and `exports` are its own and whose `define` is
    undefined, so that a UMD header exports instead of setting a global
    (or calling the `define()` of a page running an AMD loader, RequireJS, as
    Magento shops do). Each lunr-languages file exports a function that takes
    lunr; lunr.js's stemmer, a bare statement, gets `lunr` as a parameter.
    The engine is handed to whoever loaded the bundle by an event on `document`,
    `kbgen:search-engine`, whose detail names the script (`src`) and carries the
    engine (`payload`; the loader: `loadHandedOver` in render/shared/site_search/kb-search-box.js).

    It opens with Chromium's explicit compile hint: the bundle is loaded when the buyer focuses the box, and
    every function in it runs on the first query, so they are compiled while the buyer types, not one by one
    during that query (a first Russian query at 10,000 entries, CPU slowed 4x: its first pass 31 -> 17 ms).
    Other browsers read a comment.
    """
    parts = [
        "//# allFunctionsCalledOnLoad",
        "/* kb-search bundle: kbgen's engine; stemmer from lunr.js 2.3.9 (MIT) / lunr-languages (MPL),"
        " copied unchanged from mkdocs */",
        "(function () {",
        "var lunr, kbModule;",
        "/* ---- lunr-shim.js ---- */",
        "lunr = (function () {",
        LUNR_SHIM_JS.read_text(encoding="utf-8"),
        "})();",
    ]
    for name, source in stemmer_sources(lang):
        parts.append(f"/* ---- {name} ---- */")
        if name.startswith("lunr.js"):
            parts.append(f"(function (lunr) {{\n{source}\n}})(lunr);")
            continue
        parts.append("kbModule = { exports: {} };")
        parts.append("(function (define, module, exports) {")
        parts.append(source)
        parts.append(";\n})(undefined, kbModule, kbModule.exports);")
        parts.append("kbModule.exports(lunr);")
    parts += [
        f"/* ---- {ENGINE_JS.name} ---- */",
        "kbModule = { exports: {} };",
        "(function (define, module, exports) {",
        ENGINE_JS.read_text(encoding="utf-8"),
        ";\n})(undefined, kbModule, kbModule.exports);",
        "kbModule.exports.lunr = lunr;\n"
        "document.dispatchEvent(new CustomEvent(\"kbgen:search-engine\", {\n"
        "  detail: { src: document.currentScript ? document.currentScript.src : \"\", payload: kbModule.exports }\n"
        "}));\n"
        "})();",
    ]
    return "\n".join(parts) + "\n"
