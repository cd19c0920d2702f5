"""lunr.js's English stemmer (`lunr.stemmer`, lunr 2.3.9), ported line by line.

lunr.js does not run the textbook Porter algorithm: its step 1c turns a final
`y` into `i` only after a consonant (`day` stays `day`, `cry` becomes `cri`),
where lunr.py's and snowballstemmer's Porter stemmers give `dai`. The index is
built in Python and queried in the browser, so the index side must stem
exactly as the browser does: this module is that stemmer, kept in the same
order as the JavaScript so the two can be compared side by side.

Lengths are counted in UTF-16 code units, as JavaScript does.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous",
    "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive",
    "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence

_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_AT = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_1B_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile("^(.+?)(" + "|".join(
    "ational tional enci anci izer bli alli entli eli ousli ization ation ator alism "
    "iveness fulness ousness aliti iviti biliti logi".split()) + ")$")
_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5_LL = re.compile(r"ll$")
_5_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def _js_length(word: str) -> int:
    return len(word.encode("utf-16-le")) // 2


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    """`w` (lowercase) stemmed exactly as lunr.js 2.3.9's `lunr.stemmer` does."""
    if _js_length(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]

    # Step 1a
    if _1A.search(w):
        w = _1A.sub(r"\1\2", w, count=1)
    elif _1A2.search(w):
        w = _1A2.sub(r"\1\2", w, count=1)

    # Step 1b
    m = _1B.search(w)
    if m:
        if _MGR0.search(m.group(1)):
            w = _LAST.sub("", w, count=1)
    else:
        m = _1B2.search(w)
        if m:
            stem_ = m.group(1)
            if _S_V.search(stem_):
                w = stem_
                if _1B_AT.search(w):
                    w = w + "e"
                elif _1B_DOUBLE.search(w):
                    w = _LAST.sub("", w, count=1)
                elif _1B_CVC.search(w):
                    w = w + "e"

    # Step 1c: final y -> i after a non-vowel (so cry -> cri, by -> by, say -> say)
    m = _1C.search(w)
    if m:
        w = m.group(1) + "i"

    # Step 2
    m = _2.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    # Step 3
    m = _3.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4
    m = _4.search(w)
    if m:
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    else:
        m = _4B.search(w)
        if m:
            stem_ = m.group(1) + m.group(2)
            if _MGR1.search(stem_):
                w = stem_

    # Step 5
    m = _5.search(w)
    if m:
        stem_ = m.group(1)
        if _MGR1.search(stem_) or (_MEQ1.search(stem_) and not _5_CVC.search(stem_)):
            w = stem_
    if _5_LL.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)

    # and turn initial Y back to y
    if firstch == "y":
        w = "y" + w[1:]
    return w
