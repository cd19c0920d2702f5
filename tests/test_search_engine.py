"""The search engine core: Python tokenizer and index, kb-search.js in a real Chromium.

What is checked, and why it matters:
- the Python tokenizer on cases per language (bigrams for CJK, stems, normalisation);
- Python and JS give the SAME tokens (every assigned code point through
  normalisation and character classes; the stemmers on word lists; whole texts):
  the index is built in Python and queried in JS, any difference is a silent miss;
- the sharded index ("kb-search/6") ranks exactly like lunr.js did over lunr.py's own
  serialisation (the engine before the index was sharded);
- buyer queries against small indexes, through the shipped bundles in Chromium;
- the files written for the site and the widget (bundle on an AMD page, shards loaded by URL);
- size and latency budgets.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import itertools
import json
import math
import random
import re
import sys
import threading
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

import generator.search.index as index_module
from conftest import search_data_of
from generator.search.index import (
    shard_files,
    ENGINE_JS,
    FORMAT,
    FIELD_BOOSTS,
    DENSE_MARK,
    NUMBER_DIGITS,
    SearchDocument,
    SearchIndex,
    TermWeights,
    _mkdocs_search_dir,
    build_search_index,
    data_script,
    field_tokens,
    bundle_script,
    html_to_text,
    make_snippet,
    postings_text,
    weight_codes,
)
from generator.interface_text import InterfaceText
from generator.render.shared.site_search import search_files, search_indexes
from generator.render.shared.site_search import search_text
from generator.render.shared.markup import render_markdown
from generator.render.shared.sanitize import script_json
from generator.search.tokenize import (
    CJK,
    SEP,
    STEMMERS,
    WORD,
    char_class,
    folds_han,
    han_fold_pairs,
    indexes_characters,
    normalize,
    normalize_for,
    runs,
    stem,
    stemmer_spec,
    tokenize,
)

# --- documents --------------------------------------------------------------------------------


def doc(ref: str, lang: str, title: str, body: str, keywords: list[str] | None = None, kind: str = "faq"):
    return SearchDocument(
        ref=ref,
        url=f"/{lang}/faq/#{ref}",
        title=title,
        keywords=keywords or [],
        body=body,
        kind=kind,
        answer_html=f"<p>{body}</p>",
    )


DOCS: dict[str, list[SearchDocument]] = {
    "zh-Hans": [
        doc("exchange-shipping", "zh-Hans", "换货的运费谁承担？", "质量问题换货，来回运费都由我们承担。更换颜色的，寄回运费由买家承担。", ["换货"]),
        doc("return-shipping", "zh-Hans", "退货运费谁出？", "无理由退货的运费由买家承担，质量问题由我们承担。", ["退货运费"]),
        doc("shipping-cost", "zh-Hans", "运费怎么算？", "订单满199元包邮，不满199元按固定运费收取。", ["包邮"]),
        doc("delivery-time", "zh-Hans", "下单后多久能收到货？", "国内配送一般2–4天，寄往俄罗斯7–15天。", ["配送时效"]),
        doc("damaged-box", "zh-Hans", "外箱压坏了怎么办？", "签收时发现外箱压坏或商品破损，请拍照后联系我们补发。", ["破损"]),
    ],
    "zh-Hant": [
        doc("exchange-shipping", "zh-Hant", "換貨的運費誰負擔？", "品質問題換貨，來回運費都由我們負擔。更換顏色的，寄回運費由買家負擔。", ["換貨"]),
        doc("return-shipping", "zh-Hant", "退貨運費誰出？", "無理由退貨的運費由買家負擔，品質問題由我們負擔。", ["退貨運費"]),
        doc("shipping-cost", "zh-Hant", "運費怎麼算？", "訂單滿199元免運，不滿199元按固定運費收取。", ["免運"]),
    ],
    "ko": [
        doc("delivery-time", "ko", "배송 기간은 얼마나 걸리나요?", "주문 후 중국 내 배송은 2–4일, 한국은 5–9일이 걸립니다.", ["도착 예정일"]),
        doc("shipping-cost", "ko", "배송비는 얼마인가요?", "199위안 이상 주문 시 무료 배송입니다.", ["무료 배송"]),
        doc("return", "ko", "단순 변심으로 반품할 수 있나요?", "수령 후 7일 이내에 사유 없이 반품할 수 있습니다.", ["반품"]),
        doc("refund", "ko", "환불은 언제 되나요?", "반품 상품이 창고에 도착한 후 2일 이내에 환불해 드립니다.", ["환불"]),
    ],
    "ru": [
        # The warranty entry never says "гарантия": only "гарантийный" forms.
        doc("warranty-repair", "ru", "Гарантийный ремонт наушников", "Гарантийный срок — 12 месяцев со дня получения. Пришлите номер заказа и видео неисправности.", ["ремонт"]),
        doc("delivery-time", "ru", "Сколько идёт доставка?", "Доставка в Россию занимает 7–15 дней после отправки заказа.", ["сроки доставки"]),
        doc("return", "ru", "Как вернуть товар?", "Возврат возможен в течение 7 дней после получения посылки.", ["возврат товара"]),
        doc("payment", "ru", "Какие способы оплаты вы принимаете?", "Банковские карты и СБП; деньги списываются при оформлении заказа.", ["оплата картой"]),
    ],
    "en": [
        doc("refund-time", "en", "When will I get my refund?", "We refund within 2 business days after the returned item reaches our warehouse.", ["money back"]),
        doc("return-policy", "en", "Can I return an item I don't want?", "Unused items can be sent back within 7 days of delivery.", ["send back"]),
        doc("track-parcel", "en", "Where is my parcel?", "Open My orders and press Track to follow the parcel with its tracking number.", ["tracking number"]),
        doc("warranty", "en", "How long is the warranty?", "Electronics carry a 12-month warranty counted from delivery.", ["guarantee"]),
        # "voucher" only in the keywords of one entry, twice in the answer of another.
        doc("gift-cards", "en", "Do you sell gift cards?", "Gift cards can be bought in any amount and never expire.", ["voucher"]),
        doc("promotions", "en", "How do promotions work?", "Enter a voucher code at checkout. One voucher code per order; codes cannot be combined with sales.", ["discount"]),
    ],
    # Languages without a stemmer: prefixes of the typed word do the work.
    "de": [
        doc("returns", "de", "Wie funktioniert die Rücksendung?", "Rücksendungen sind innerhalb von 14 Tagen kostenlos.", ["Retoure"]),
        doc("delivery", "de", "Wie lange dauert der Versand?", "Der Versand dauert 3 bis 5 Werktage.", ["Lieferzeit"]),
    ],
    "uk": [
        doc("warranty", "uk", "Яка гарантія на навушники?", "Гарантія діє 12 місяців з дня отримання.", ["ремонт"]),
        doc("delivery", "uk", "Скільки триває доставка?", "Доставка займає від 7 до 15 днів.", ["терміни"]),
    ],
    "ja": [
        doc("return-shipping", "ja", "返品の送料はいくらですか？", "不良品の場合、返品送料は当社が負担します。", ["返品送料"]),
        doc("payment", "ja", "カードで支払えますか？", "クレジットカードとコンビニ払いに対応しています。", ["カード払い"]),
    ],
}

# --- a local web server and a page with the real lunr files ---------------------------------------

PARITY_LANGS = sorted({spec.js for spec in STEMMERS.values() if spec.js})


def lunr_files_for_all_stemmers() -> list[Path]:
    """The reference the stemmer parity tests compare with: the installed lunr.js, stemmer support
    and every lunr.<code>.js used by STEMMERS, in load order."""
    base = _mkdocs_search_dir()
    languages = base / "lunr-language"
    return [base / "templates" / "search" / "lunr.js", languages / "lunr.stemmer.support.js",
            *(languages / f"lunr.{code}.js" for code in PARITY_LANGS)]


def in_memory(index: SearchIndex) -> dict:
    """Every file of `index` by name, as the engine's `load` hands them over (meta.js included)."""
    return {"meta.js": index.meta, **{name: json.loads(text) for name, text in index.shards.items()}}


#: Test pages' helpers: the shipped bundles, each handing its engine over by its event (kept per
#: language in `shipped`), and `openIndex(KbSearch, folder, lang)`, which opens an index the way
#: the search box does (kb-search-box.js `openSearch`): every file a script handing its data over.
_PAGE_HELPERS = """<script>
var shipped = {}, requested = [];
document.addEventListener("kbgen:search-engine", function (e) {
  shipped[e.detail.src.split("kb-search.")[1].split(".bundle.js")[0]] = e.detail.payload;
});
function loadData(url) {
  requested.push(url);
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script"), payload;
    function receive(e) { if (e.detail.src === script.src) payload = e.detail.payload; }
    document.addEventListener("kbgen:search-data", receive);
    script.src = url;
    script.onload = function () { document.removeEventListener("kbgen:search-data", receive); resolve(payload); };
    script.onerror = function () { document.removeEventListener("kbgen:search-data", receive); reject(new Error("cannot load " + url)); };
    document.head.appendChild(script);
  });
}
function openIndex(KbSearch, folder, lang) {
  return KbSearch.open(function (name) { return loadData(new URL(folder + lang + "/" + name, location.href).href); });
}
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The `search/` folder a build ships (`search_files`, as for the buyers' site), plus test pages, on 127.0.0.1.

    `engine.html` loads every language's shipped bundle (`shipped[lang]`: its KbSearch)
    and, for the stemmer and tokenizer parity tests, lunr.js with every stemmer and
    kb-search.js as separate files (`KbSearch`, `lunr`: the reference).
    """
    root = tmp_path_factory.mktemp("search-site")
    shipped = dict(search_files(search_indexes(DOCS).each_language(), lambda lang: search_text(InterfaceText(), lang)))
    for relative, data in shipped.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    (root / "parity").mkdir()
    for path in [*lunr_files_for_all_stemmers(), ENGINE_JS]:
        (root / "parity" / path.name).write_bytes(path.read_bytes())
    parity_scripts = "".join(
        f'<script src="parity/{path.name}"></script>' for path in [*lunr_files_for_all_stemmers(), ENGINE_JS]
    )
    bundles = "".join(f'<script src="search/kb-search.{lang}.bundle.js"></script>' for lang in DOCS)
    (root / "engine.html").write_text(
        f'<!doctype html><meta charset="utf-8"><title>engine</title>{_PAGE_HELPERS}{parity_scripts}{bundles}',
        encoding="utf-8",
    )
    # A shop page with an AMD loader and a `lunr` of its own: the bundle must
    # neither call define() nor leave the page's lunr replaced, and hands its engine over by an event.
    (root / "amd.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>amd</title><script>'
        "window.defineCalls = 0; window.define = function () { window.defineCalls++; };"
        'window.define.amd = {}; window.lunr = "the page\'s own lunr";'
        'document.addEventListener("kbgen:search-engine", function (e) { window.handedOver = e.detail.payload; });'
        "window.keysBefore = Object.keys(window);</script>"
        '<script src="search/kb-search.ru.bundle.js"></script>',
        encoding="utf-8",
    )
    (root / "no-stemmer.html").write_text(
        f'<!doctype html><meta charset="utf-8"><title>missing</title>{_PAGE_HELPERS}<script src="parity/kb-search.js"></script>',
        encoding="utf-8",
    )
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"root": root, "url": f"http://127.0.0.1:{server.server_address[1]}", "shipped": shipped,
               "indexes": {lang: build_search_index(docs, lang) for lang, docs in DOCS.items()}}
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def engine_page(browser, site):
    """One Chromium page with every shipped bundle and index open (`engines[lang]`), and the reference
    lunr.js with every stemmer and kb-search.js (shared by the module)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site["url"] + "/engine.html")
    page.wait_for_function("!!(window.KbSearch && window.lunr && window.lunr.ru)")
    page.evaluate(
        """async (langs) => {
            window.engines = {};
            for (const lang of langs) window.engines[lang] = await openIndex(shipped[lang], "search/", lang);
        }""",
        list(DOCS),
    )
    try:
        yield page
        assert errors == []
    finally:
        context.close()


def search(page, lang: str, query: str, limit: int = 10) -> list[str]:
    """Ids of the results kb-search.js returns in Chromium, best first."""
    return page.evaluate("([lang, q, n]) => engines[lang].search(q, n).then(rs => rs.map(r => r.id))", [lang, query, limit])


#: An engine over an index given in memory (`in_memory`), in the page: `memoryEngine(KbSearch, files)`.
_MEMORY_ENGINE = "const memoryEngine = (K, files) => K.open(name => files[name]);"


# --- the Python tokenizer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "tokens"),
    [
        # Chinese: bigrams, then the run's characters, no dictionary; punctuation separates runs.
        ("换货运费", "zh-Hans", ["换货", "货运", "运费", "换", "货", "运", "费"]),
        ("运费谁承担？", "zh-Hans", ["运费", "费谁", "谁承", "承担", "运", "费", "谁", "承", "担"]),
        ("退", "zh-Hans", ["退"]),
        ("換貨運費", "zh-Hant", ["换货", "货运", "运费", "换", "货", "运", "费"]),  # folded to Simplified, as zh-Hans writes it
        ("换货\u200b运费", "zh-Hans", ["换货", "货运", "运费", "换", "货", "运", "费"]),  # Material's U+200B removed
        ("iPhone15换货", "zh-Hans", ["iphone15", "换货", "换", "货"]),
        # Korean: particles stay, but the noun's bigram is there; jamo being typed are dropped.
        ("배송 기간은", "ko", ["배송", "기간", "간은"]),
        ("배송기간", "ko", ["배송", "송기", "기간"]),
        ("배ㅅ", "ko", ["배"]),
        ("A/S 기간", "ko", ["a", "s", "기간"]),
        # Japanese: kana and kanji in one run; half-width katakana folded by NFKC.
        ("返品の送料", "ja", ["返品", "品の", "の送", "送料"]),
        ("ｶｰﾄﾞ", "ja", ["カー", "ード"]),
        # Russian: Snowball stems, ё folded to е.
        ("Гарантийный ремонт", "ru", ["гарантийн", "ремонт"]),
        ("гарантия, гарантии", "ru", ["гарант", "гарант"]),
        ("Ёмкость", "ru", ["емкост"]),
        # English: lunr.js's stemmer, which leaves "day" alone (textbook Porter: "dai").
        ("Refunds, returned items!", "en", ["refund", "return", "item"]),
        ("day", "en", ["day"]),
        ("ＲＥＦＵＮＤ　１２", "en", ["refund", "12"]),  # full-width forms
        # No stemmer: words as they are.
        ("Гарантія", "uk", ["гарантія"]),
        ("Rücksendung", "de", ["rücksendung"]),
        ("", "en", []),
        ("¿?!… —", "es", []),
    ],
)
def test_python_tokenizer(text, lang, tokens):
    assert tokenize(text, lang) == tokens


def test_stemmer_choice_follows_primary_subtag():
    assert stemmer_spec("zh-Hans") is None
    assert stemmer_spec("ko") is None
    assert stemmer_spec("ru").snowball == "russian"
    assert stemmer_spec("en-GB").js == ""
    assert stemmer_spec("nb").js == "no"
    assert stem("гарантия", "ru") == "гарант"
    assert stem("гарантия", "uk") == "гарантия"


def test_char_classes():
    assert char_class("a") == WORD and char_class("7") == WORD and char_class("é") == WORD
    assert char_class("换") == CJK and char_class("기") == CJK and char_class("カ") == CJK and char_class("ก") == CJK
    assert char_class("、") == SEP and char_class("・") == SEP and char_class(" ") == SEP and char_class("ㅅ") == SEP


def _runs_by_class(text: str) -> list[tuple[int, str]]:
    """What `runs` means: the stretches of text of one class (`char_class`), separators dropped."""
    return [(kind, "".join(chars)) for kind, chars in itertools.groupby(text, char_class) if kind != SEP]


def test_runs_cut_every_code_point_as_its_class_says():
    """`runs` takes a quick way for a piece between spaces that is letters and digits once the punctuation at
    its ends is off (below the CJK ranges, or all Hangul syllables, or all Han characters): whichever way it
    takes, its runs are the stretches of one class, for every code point alone, inside a word, beside Han and
    Hangul, and at a word's edge beside punctuation."""
    for cp in _assigned_code_points():
        character = normalize(chr(cp))
        for text in (character, f"ab{character}я1", f"«{character}.", f"{character}中 x", f"가{character} 1"):
            assert [tuple(run) for run in runs(text)] == _runs_by_class(text), hex(cp)


def test_tokenize_cuts_every_code_point_as_its_class_says():
    """A text without CJK characters (Russian, English) has its words found in one go, a text with some run by
    run: either way, in a language without stemmer, its terms are its WORD runs and the character pairs of its
    CJK runs (a lone CJK character stays itself), for every code point inside a word, beside Han and Hangul,
    and at a word's edge beside punctuation."""
    for cp in _assigned_code_points():
        for text in (f"ab{chr(cp)}я1 x", f"«{chr(cp)}.", f"{chr(cp)}中 x"):
            expected = []
            for kind, run in _runs_by_class(normalize(text)):
                expected += [run] if kind == WORD or len(run) == 1 else [a + b for a, b in zip(run, run[1:])]
            assert tokenize(text, "uk") == expected, hex(cp)


def test_snippet_and_html_to_text():
    assert make_snippet("short text") == "short text"
    long = "word " * 100
    snippet = make_snippet(long, 50)
    assert snippet.endswith("…") and len(snippet) <= 51 and not snippet.startswith(" ")
    # Chinese, Japanese and Korean characters take two columns: a result shows as many lines of each.
    assert make_snippet("退货" * 100, 50) == "退货" * 12 + "退…"
    # Russian or Greek: one column each, as English.
    assert make_snippet("доставка " * 30, 40) == "доставка доставка доставка доставка…"
    assert make_snippet("Ελλάδα " * 30, 40) == "Ελλάδα " * 4 + "Ελλάδα…"
    # A Chinese text is cut where a clause ends, not at the space before a number's unit.
    answer = "签收后 7 天内可以申请无理由退货，寄回运费由买家承担。退款原路返回，银行卡一般 3–5 个工作日到账。"
    assert make_snippet(answer, 80) == "签收后 7 天内可以申请无理由退货，寄回运费由买家承担。退款原路返回…"
    # An English one where a word ends; a Korean one too (its words are spaced).
    assert make_snippet("Refunds reach your card within five working days of our check", 40) == "Refunds reach your card within five…"
    assert make_snippet("환불은 카드사에 따라 영업일 기준 3~5일 걸립니다", 30) == "환불은 카드사에 따라 영업일…"
    # What shows as one character stays whole: a flag, an emoji sequence, a letter and its accent.
    assert make_snippet("b" * 155 + "🇷🇺" * 4) == "b" * 155 + "🇷🇺" * 2 + "…"
    assert make_snippet("a" * 158 + "👨\u200d👩\u200d👧 end") == "a" * 158 + "…"
    assert make_snippet("c" * 159 + "e\u0301 xyz") == "c" * 159 + "e\u0301…"
    # No opening bracket or question mark before the ellipsis.
    assert make_snippet("Does it work with my phone? (Android and iPhone)", 29) == "Does it work with my phone…"
    assert make_snippet("x" * 157 + "（安卓）") == "x" * 157 + "…"
    # A Russian answer with dashes and quotes is cut as counted: the shortcut for texts of one-column
    # characters agrees with counting them, character by character, for every one it takes.
    assert make_snippet("Гарантия – «12 месяцев» " * 10, 40) == "Гарантия – «12 месяцев» Гарантия – «12…"
    narrow = index_module._one_column_each()
    for point in range(0x3100):
        assert bool(narrow(chr(point))) == (index_module._COLUMNS[chr(point)] == 1 and point < 0x3000), hex(point)
    assert html_to_text("<p>Hello <b>buyer</b> &amp; friends</p><ul><li>one</li><li>two</li></ul>") == "Hello buyer & friends one two"
    assert html_to_text("<p>&amp;lt;b&amp;gt; is a tag</p>") == "&lt;b&gt; is a tag"  # decoded once only
    # What the sanitizer writes: a `>` may stand inside an attribute's quotes; text's `<` comes escaped.
    assert html_to_text('<p><a href="https://e.x/?a=1&amp;b=2" title="a > b">link</a>x &lt;y&gt; z<br>w</p>') == "linkx <y> z w"
    assert html_to_text(render_markdown('[3 > 2](https://e.x/ "x>y") **b**<i>raw</i>\n\n- one\n- two')) == "3 > 2 b<i>raw</i> one two"


# --- Python and JavaScript agree -------------------------------------------------------------------


def _assigned_code_points() -> list[int]:
    """Every code point Python's Unicode database knows (no unassigned, private or surrogate)."""
    return [
        cp for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) not in ("Cn", "Co", "Cs")
    ]


def test_normalisation_and_classes_match_js_for_every_code_point(engine_page):
    """Python and Chromium normalise and classify every assigned code point alike.

    Only code points assigned in Python's Unicode version are compared: a
    newer browser may know characters Python does not, which no shop text
    written today contains.
    """
    code_points = _assigned_code_points()
    text = "".join(chr(cp) for cp in code_points)
    js = engine_page.evaluate(
        """(text) => {
            const norm = [], classes = [];
            for (const ch of text) {
                const n = KbSearch.normalize(ch);
                norm.push(n === ch ? null : n);
                classes.push(KbSearch.charClass(ch));
            }
            return {norm, classes: classes.join("")};
        }""",
        text,
    )
    py_norm = [None if normalize(chr(cp)) == chr(cp) else normalize(chr(cp)) for cp in code_points]
    py_classes = "".join(str(char_class(chr(cp))) for cp in code_points)
    norm_diff = [(hex(cp), p, j) for cp, p, j in zip(code_points, py_norm, js["norm"]) if p != j]
    class_diff = [(hex(cp), p, j) for cp, p, j in zip(code_points, py_classes, js["classes"]) if p != j]
    assert norm_diff == []
    assert class_diff == []


RUSSIAN_FORMS = """
гарантия гарантии гарантию гарантией гарантиях гарантийный гарантийная гарантийное гарантийные
гарантийного гарантийному гарантийным гарантийных гарантийном гарантировать гарантирует
возврат возврата возврату возвратом возврате возвраты возвратов возвратный возвратная возвращать
возвращаю возвращаем возвращение возвращения вернуть верну вернёт вернут вернул вернула вернули
верните вернуться вернулись доставка доставки доставку доставкой доставке доставок доставить доставим
доставлен доставлено доставили доставляем заказ заказа заказу заказом заказе заказы заказов заказам
заказать заказал заказала заказали заказывать посылка посылки посылку посылкой посылке посылок посылкам
обмен обмена обменять обменяю отследить отслеживание трек номер номера получить получение получил
наушники наушник наушников зарядка зарядное зарядного устройство устройства аккумулятор аккумулятора
ёмкость емкость повреждённый повреждена брак бракованный деньги денег оплата оплатить оплачивает
таможня таможенная пошлина пошлины ремонт ремонта сломался сломалась работает подделка оригинальный
""".split()

ENGLISH_FORMS = """
refund refunds refunded refunding return returns returned returning warranty warranties guarantee
deliver delivery deliveries delivered delivering shipping shipped ship shipment track tracking tracked
order orders ordered cancel cancelled canceled cancellation exchange exchanged exchanging charger
chargers charging battery batteries swollen day days say cry by happy happiness generalization
relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli
analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness
formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful
goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement
adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize
probate rate cease controll roll yes yesterday yttria syzygy skies sky caresses ponies ties caress
cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing
fizzed failing filing happy sky
""".split()


def _cldr_words(lang: str) -> list[str]:
    """About 2,000 words of `lang` from CLDR names (Babel ships with mkdocs-material)."""
    from babel import Locale

    locale = Locale.parse({"no": "nb"}.get(lang, lang))
    names = [*locale.territories.values(), *locale.languages.values(), *locale.scripts.values(), *locale.currencies.values()]
    return sorted({run.text for run in runs(normalize(" ".join(names))) if run.kind == WORD})


def _stem_in_js(page, js_code: str, words: list[str]) -> list[str]:
    return page.evaluate("([code, words]) => { const f = KbSearch.stemmerFor(code); return words.map(f); }", [js_code, words])


def test_russian_and_english_stems_match_lunr_js(engine_page):
    ru = [normalize(w) for w in RUSSIAN_FORMS]
    en = [normalize(w) for w in ENGLISH_FORMS]
    assert _stem_in_js(engine_page, "ru", ru) == [stem(w, "ru") for w in ru]
    assert _stem_in_js(engine_page, "", en) == [stem(w, "en") for w in en]
    # The design relies on these: a stem that is a prefix of the other form's stem.
    assert stem("гарантийный", "ru").startswith(stem("гарантия", "ru"))
    assert stem("возврата", "ru") == stem("возврат", "ru")


@pytest.mark.parametrize("lang", sorted(STEMMERS))
def test_every_enabled_stemmer_matches_lunr_languages(engine_page, lang):
    """A language is stemmed only if Python and lunr-languages agree on ~2,000 real words."""
    words = _cldr_words(lang)
    assert len(words) > 1000
    js = _stem_in_js(engine_page, STEMMERS[lang].js, words)
    py = [stem(w, lang) for w in words]
    assert [(w, p, j) for w, p, j in zip(words, py, js) if p != j] == []


MIXED_TEXTS = [
    "换货运费怎么算？退货运费谁出？（满199元包邮）",
    "換貨的運費誰負擔？ 品質問題換貨，來回運費都由我們負擔。",
    "배송 기간은 얼마나 걸리나요? A/S 접수 양식 · 보조배터리 70% 미만",
    "返品の送料はいくらですか？ ｶｰﾄﾞ払い、コンビニ払い",
    "Гарантийный ремонт: ёмкость аккумулятора ниже 70% — «заявка в сервис», трек-номер RU123456789CN",
    "Refunds & returns: we're shipping within 48h — tracking number, USB-C™ chargers (65 W)",
    "Ücretsiz kargo ve iade; Devoluciones gratuitas; Reso gratuito; Gratis fragt og retur",
    "การจัดส่งสินค้า ២០២៦ ᠮᠣᠩᠭᠣᠯ 𠀀𠀁 ﬁnal ǅ ß ẞ İ Σίσυφος",
]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "ko", "ja", "ru", "en", "es", "it", "tr", "da", "nb", "uk", "de"])
def test_whole_texts_tokenize_alike(engine_page, lang):
    spec = stemmer_spec(lang)
    js = engine_page.evaluate(
        "([texts, code, fold, characters]) => texts.map(t => KbSearch.tokenize(t, code, fold, characters))",
        [MIXED_TEXTS, None if spec is None else spec.js, han_fold_pairs() if folds_han(lang) else "",
         indexes_characters(lang)],
    )
    assert js == [tokenize(text, lang) for text in MIXED_TEXTS]


def test_every_traditional_character_folds_alike_in_python_and_javascript(engine_page):
    """The whole fold table, through both halves: each Traditional character, and each Simplified one, alone."""
    pairs = han_fold_pairs()
    characters = list(pairs)
    js = engine_page.evaluate("([chars, fold]) => chars.map(ch => KbSearch.normalizeFor(ch, fold))", [characters, pairs])
    assert js == [normalize_for(ch, "zh-Hant") for ch in characters]
    assert len(pairs) > 5000 and normalize_for("退貨運費", "zh-Hant") == "退货运费" == normalize_for("退货运费", "zh-Hans")
    assert normalize_for("國語", "ja") == "國語"  # Japanese keeps its characters: 乾 and 幹 are different words there


# --- the index format --------------------------------------------------------------------------------


def read_postings(text: str) -> list[tuple[int, int]]:
    """(document number, weight code) of each posting of a term's postings text, as the browser reads it.
    Sparse: base-32 numbers (a digit from NUMBER_DIGITS' second half has more after it), the lowest code
    first, then per document its gap from the previous one and its code above the lowest. Dense (a term in
    most documents, starting with DENSE_MARK): the lowest code, the highest above it and how many documents
    hold the term, then two base-64 digits per document number, 0 or its code above the lowest plus 1."""
    numbers, number, at = [], 0, 1 if text.startswith(DENSE_MARK) else 0
    while at < len(text) and (not text.startswith(DENSE_MARK) or len(numbers) < 3):
        value = NUMBER_DIGITS.index(text[at])
        number = number * 32 + value % 32
        if value < 32:
            numbers.append(number)
            number = 0
        at += 1
    if text.startswith(DENSE_MARK):
        lowest, highest, holding = numbers
        pairs = [(document, lowest + 64 * NUMBER_DIGITS.index(text[i]) + NUMBER_DIGITS.index(text[i + 1]) - 1)
                 for document, i in enumerate(range(at, len(text), 2))
                 if text[i : i + 2] != NUMBER_DIGITS[0] * 2]
        assert len(pairs) == holding and max(code for _, code in pairs) == lowest + highest
        return pairs
    lowest, pairs, document = numbers[0], [], 0
    for gap, code in zip(numbers[1::2], numbers[2::2]):
        document += gap
        pairs.append((document, lowest + code))
    return pairs


def test_a_term_in_most_documents_is_written_dense_and_reads_back_the_same():
    """A word in most of a large shop's answers ("на") is written with a place per document, where the
    browser finds a document's weight without reading the others' (`weigh`): the same documents and
    weights as the sparse text, and never much longer; a rarer word keeps its sparse text."""
    documents = [doc(f"d{i}", "ru", f"Вопрос {i}", f"Доставка на дом {i}" + (" и гарантия" if i % 9 == 0 else ""))
                 for i in range(300)]
    index = build_search_index(documents, "ru")
    posted = {term: postings for shard in shards_of(index, "postings") for term, postings in zip(shard["terms"], shard["postings"])}
    assert posted["на"].startswith(DENSE_MARK) and posted["доставк"].startswith(DENSE_MARK)
    assert not posted["гарант"].startswith(DENSE_MARK)  # in one answer of nine
    assert [document for document, _ in read_postings(posted["на"])] == list(range(300))
    assert [document for document, _ in read_postings(posted["гарант"])] == list(range(0, 300, 9))
    weights = TermWeights(documents, "ru")
    for term in ("на", "доставк", "гарант"):
        for document, code in read_postings(posted[term]):
            assert [code] == weight_codes([sum(field.get(term, 0) for field in weights.of_document(document))]).tolist()
    # The layout chosen: dense only where it is never more than DENSE_SLACK times as long as the sparse text.
    documents, codes = list(range(40)), [2 + document for document in range(40)]  # 40 documents in a row
    assert postings_text(documents, codes, 40).startswith(DENSE_MARK)
    assert not postings_text(documents, codes, 400).startswith(DENSE_MARK)  # the same documents, an index ten times as large
    assert read_postings(postings_text(documents, codes, 40)) == read_postings(postings_text(documents, codes, 400)) == list(zip(documents, codes))
    assert not postings_text([0, 1], [0, 64 * 64], 2).startswith(DENSE_MARK)  # a code too high for two digits


def shards_of(index: SearchIndex, kind: str) -> list:
    """The shards of `kind` of `index`, in order: from the meta, which holds a small index's, or their files."""
    files = in_memory(index)
    return index.meta[kind].get("shards") or [files[name] for name in shard_files(index.meta, kind)]


@pytest.mark.parametrize("whole", [True, False], ids=["small-index-in-its-meta", "in-shards"])
def test_index_format(site, whole, monkeypatch):
    """A meta file naming its shards; terms in JavaScript's order, cut into ranges; postings per term;
    the documents and (for the widget) their answers in small shards of their own. A small index's
    dictionary, postings and documents are in the meta itself: a query loads nothing more."""
    if not whole:
        monkeypatch.setattr(index_module, "INLINE_INDEX_CHARS", 0)
    index = build_search_index(DOCS["ru"], "ru")
    assert index.meta == site["indexes"]["ru"].meta or not whole
    meta = index.meta
    assert meta["format"] == FORMAT and meta["lang"] == "ru" and meta["stemmer"] == "ru"
    assert meta["count"] == len(DOCS["ru"]) and meta["kinds"] == [["faq", len(DOCS["ru"])]]
    assert shard_files(meta, "terms") == []  # a small dictionary is in the meta
    for kind in ("postings", "docs"):
        assert ("shards" in meta[kind]) == whole and (shard_files(meta, kind) == []) == whole
    terms = [term for shard in meta["terms"]["shards"] for term in shard["terms"]]
    assert terms == sorted(terms) and [shard["terms"][0] for shard in meta["terms"]["shards"]] == meta["terms"]["first"]
    assert "гарантийн" in terms and "гарантийный" not in terms
    posted = {term: postings for shard in shards_of(index, "postings") for term, postings in zip(shard["terms"], shard["postings"])}
    assert [shard["terms"][0] for shard in shards_of(index, "postings")] == meta["postings"]["first"]
    assert list(posted) == terms  # every term has postings
    assert [document for document, _ in read_postings(posted["ремонт"])] == [0]  # the first entry only
    # Each weight as it was computed (lunr's BM25, summed over the fields), to within half a step of its logarithm.
    weights = TermWeights(DOCS["ru"], "ru")
    for term in weights.terms:
        for document, code in read_postings(posted[term]):
            summed = sum(field.get(term, 0) for field in weights.of_document(document))
            assert [code] == weight_codes([summed]).tolist()
    docs = [entry for shard in shards_of(index, "docs") for entry in shard]  # [id, title, url, snippet]
    assert [d[0] for d in docs] == [d.ref for d in DOCS["ru"]]
    first = docs[0]
    assert first[:3] == ["warranty-repair", "Гарантийный ремонт наушников", "/ru/faq/#warranty-repair"]
    assert first[3].startswith("Гарантийный срок")
    answers = [html for shard in shards_of(index, "answers") for html in shard]
    assert answers[0].startswith("<p>Гарантийный срок")
    # The shards are in a folder named by a hash of them all, which the meta names: a new build never
    # meets a cached old meta's shards.
    assert all(re.fullmatch(meta["build"] + r"/(terms|postings|docs|answers)\.\d+\.js", name) for name in index.shards)
    assert re.fullmatch(r"[0-9a-f]{12}", meta["build"])
    changed = build_search_index([*DOCS["ru"][:-1], replace(DOCS["ru"][-1], title="Другой вопрос")], "ru")
    assert changed.meta["build"] != meta["build"]
    assert build_search_index(DOCS["ko"], "ko").meta["stemmer"] is None
    assert "answers" not in build_search_index([replace(d, answer_html=None) for d in DOCS["ko"]], "ko").meta
    with pytest.raises(ValueError, match="duplicate"):
        build_search_index([DOCS["en"][0], DOCS["en"][0]], "en")


def lunr_py_index(documents: list[SearchDocument], lang: str):
    """The reference: lunr.py's own Builder, empty pipelines, fed our tokens, with our idf.

    lunr.py's idf counts a document once per field (see index.idf); it is
    replaced here so that everything else lunr.py computes can be compared.
    """
    import lunr.builder

    from generator.search.index import idf

    def distinct_documents_idf(posting, document_count):
        documents = {ref for name, refs in posting.items() if name != "_index" for ref in refs}
        return idf(len(documents), document_count)

    builder = lunr.builder.Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("ref")
    for name, boost in FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    for position, document in enumerate(documents):
        builder.add({"ref": str(position), **field_tokens(document, lang)})
    original = lunr.builder.Idf
    lunr.builder.Idf = distinct_documents_idf
    try:
        return builder.build()
    finally:
        lunr.builder.Idf = original


@pytest.mark.parametrize("lang", ["ru", "en", "zh-Hans", "ko"])
def test_weights_equal_lunr_py_builder(lang):
    """Our BM25 weights are lunr.py's, term for term (but for lunr's idf, replaced in both)."""
    documents = DOCS[lang] + synthetic_documents(lang, 40)
    weights = TermWeights(documents, lang)
    serialized = lunr_py_index(documents, lang).serialize()
    assert weights.terms == [term for term, _posting in serialized["invertedIndex"]]
    term_of = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    fields = list(FIELD_BOOSTS)
    for field_ref, elements in serialized["fieldVectors"]:
        field_name, ref = field_ref.split("/", 1)
        reference = {term_of[elements[i]]: elements[i + 1] for i in range(0, len(elements), 2)}
        ours = weights.of_document(int(ref))[fields.index(field_name)]
        assert ours.keys() == reference.keys(), field_ref
        for term, weight in ours.items():
            assert weight == pytest.approx(reference[term], abs=5.1e-4), (field_ref, term)  # lunr.py rounds to 3 decimals


def test_lunr_idf_quirk_is_corrected():
    """A term in 3 fields of 1 document out of 3 must outweigh a term in every document."""
    from generator.search.index import idf

    assert idf(1, 3) > idf(3, 3) > 0
    assert idf(1, 3) == pytest.approx(math.log(1 + 2.5 / 1.5))  # BM25's idf over distinct documents
    assert idf(3, 3) == pytest.approx(math.log(1 + 0.5 / 3.5))
    import lunr.idf

    # lunr's own: counts (document, field) pairs and takes abs(): the common term wins.
    rare_in_three_fields = lunr.idf.idf({"_index": 0, "title": {"0": {}}, "keywords": {"0": {}}, "body": {"0": {}}}, 3)
    in_seven_fields = lunr.idf.idf({"_index": 1, "title": {"0": {}, "1": {}, "2": {}}, "keywords": {"1": {}}, "body": {"0": {}, "1": {}, "2": {}}}, 3)
    assert rare_in_three_fields < in_seven_fields


#: The engine before the index was sharded (kbgen's kb-search.js of "kb-search/1"), over lunr.js: the
#: clauses run by lunr.js's own Index.query (a broad prefix narrowed to its 20 most frequent terms),
#: lunr's score multiplied by the square root of the query's coverage (from lunr's match data), each unit
#: of the query weighed by its rarity and by the clauses' `unitWeights` (a stop word among other words).
_LUNR_ENGINE = """([raw, clauses, count, limit]) => {
  const index = lunr.Index.load(raw), terms = Object.keys(index.invertedIndex).sort();
  const pairs = term => index.fields.reduce((n, f) => n + Object.keys(index.invertedIndex[term][f]).length, 0);
  const narrow = prefix => {
    const found = terms.filter(t => t.startsWith(prefix));
    return found.length <= 20 ? null : found.map((t, i) => [t, pairs(t), i]).sort((a, b) => b[1] - a[1] || a[2] - b[2]).slice(0, 20).map(p => p[0]);
  };
  const matches = index.query(q => clauses.forEach(c => {
    const narrowed = c.wildcard ? narrow(c.term) : null;
    if (narrowed) q.term(narrowed, {boost: c.boost, usePipeline: false});
    else q.term(c.term, {boost: c.boost, usePipeline: false,
                         wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE});
  }));
  const coveredBy = matches.map(m => {
    const units = new Set();
    Object.keys(m.matchData.metadata).forEach(t => clauses.forEach(c => {
      if (c.wildcard ? t.startsWith(c.term) : t === c.term) c.units.forEach(u => units.add(u));
    }));
    return units;
  });
  const frequency = new Array(clauses.units).fill(0);
  coveredBy.forEach(units => units.forEach(u => frequency[u]++));
  const weight = frequency.map((n, u) => n === 0 ? 0 : (clauses.unitWeights[u] ?? 1) * Math.log(1 + (count - n + 0.5) / (n + 0.5)));
  const total = weight.reduce((a, b) => a + b, 0);
  return matches.map((m, i) => {
    let share = 1;
    if (total) { share = 0; coveredBy[i].forEach(u => share += weight[u]); share /= total; }
    return {ref: m.ref, score: m.score * Math.sqrt(share), i};
  }).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, limit);
}"""


@pytest.mark.parametrize("small_shards", [False, True], ids=["shards-as-built", "many-small-shards"])
@pytest.mark.parametrize("lang", ["ru", "en", "zh-Hans", "ko"])
def test_sharded_index_ranks_like_lunr_js(engine_page, lang, small_shards, monkeypatch):
    """The sharded index gives the results and scores lunr.js gave over lunr.py's own index (the engine
    before sharding), on buyers' queries and on a larger made-up index with broad prefixes and typos;
    with shards as a small shop gets them (its terms in the meta), and cut small (term shards of their
    own, a prefix's terms over several shards)."""
    if small_shards:
        monkeypatch.setattr(index_module, "INLINE_TERM_SHARDS", 0)
        monkeypatch.setattr(index_module, "TERMS_SHARD_CHARS", 300)
        monkeypatch.setattr(index_module, "POSTINGS_SHARD_CHARS", 600)
    queries = {
        "ru": ["гарантия", "гаран", "доставка заказа", "вернуть", "возрат", "б", "ка", "посылкой заказа"],
        "en": ["refund", "refu", "voucher", "parcel tracking", "warrenty", "b", "ca", "moneyback",
               "when do i get my refnd", "where is my"],
        "zh-Hans": ["换货运费", "运费", "退", "包邮", "一", "我昨天收到的耳机左边没有声音怎么办"],
        "ko": ["기간", "배송기간", "반품", "환불", "배", "단순 변심"],
    }[lang]
    for documents in (DOCS[lang], DOCS[lang] + synthetic_documents(lang, 60)):
        refs = [d.ref for d in documents]
        compared = engine_page.evaluate(
            _MEMORY_ENGINE + """([files, raw, queries, lunrEngine]) => memoryEngine(shipped[files["meta.js"].lang], files)
              .then(async engine => {
                const out = [];
                for (const q of queries) {
                  const ours = await engine.search(q, 20), clauses = await engine.clauses(q);
                  out.push([ours.map(r => [r.doc, r.score]), eval(lunrEngine)([raw, clauses, engine.count, 20])]);
                }
                return out;
              })""",
            [in_memory(build_search_index(documents, lang)), lunr_py_index(documents, lang).serialize(), queries, _LUNR_ENGINE],
        )
        for query, (ours, reference) in zip(queries, compared):
            assert reference, query
            # The last run may be cut by the limit: which of its near-equal results made the first 20 may differ.
            ours_runs = _near_ties_as_sets([(refs[doc], score) for doc, score in ours])
            reference_runs = _near_ties_as_sets([(refs[int(r["ref"])], r["score"]) for r in reference])
            assert len(ours) == len(reference) and ours_runs[:-1] == reference_runs[:-1], query
            for (_, score), r in zip(ours, reference):
                assert score == pytest.approx(r["score"], rel=2e-3), query


def _near_ties_as_sets(ranked: list[tuple[str, float]]) -> list[set[str]]:
    """A ranking as runs of results whose scores are within 0.25 % of the previous one's: the index keeps
    one weight per term, to within 0.1 % (index.py `weight_codes`), where lunr summed three; two results
    whose scores differ by less than both errors together may swap."""
    runs: list[set[str]] = []
    previous = None
    for ref, score in ranked:
        if previous is None or abs(score - previous) > 2.5e-3 * abs(previous):
            runs.append(set())
        runs[-1].add(ref)
        previous = score
    return runs


# --- buyers' queries, in Chromium ---------------------------------------------------------------------


def test_chinese_query_without_dictionary(engine_page):
    assert search(engine_page, "zh-Hans", "换货运费")[0] == "exchange-shipping"
    assert search(engine_page, "zh-Hant", "換貨運費")[0] == "exchange-shipping"
    assert search(engine_page, "zh-Hans", "退货运费")[0] == "return-shipping"
    assert "shipping-cost" in search(engine_page, "zh-Hans", "包邮", 3)
    # One character typed so far: a prefix of the bigrams.
    assert search(engine_page, "zh-Hans", "换")[0] == "exchange-shipping"


def test_a_chinese_buyer_s_word_sharing_one_character_with_the_seller_s_finds_the_entry(engine_page):
    """The buyer says 箱子 (box) and 压扁 (squashed), the seller wrote 外箱 and 压坏: no character pair in
    common, but the characters 箱 and 压 are, and Chinese indexes hold single characters too."""
    assert search(engine_page, "zh-Hans", "箱子被压扁了")[0] == "damaged-box"
    assert search(engine_page, "zh-Hant", "箱子被壓扁了") == []  # the zh-Hant index has no such entry


def test_chinese_in_either_script_finds_the_other(engine_page):
    """A Traditional-Chinese page shows Simplified text where an answer is not yet translated, and a
    buyer types whichever script the keyboard gives: both indexes fold Traditional to Simplified."""
    assert search(engine_page, "zh-Hant", "换货运费")[0] == "exchange-shipping"  # Simplified query, Traditional text
    assert search(engine_page, "zh-Hans", "換貨運費")[0] == "exchange-shipping"  # and the other way round
    assert search(engine_page, "zh-Hans", "退貨運費")[0] == "return-shipping"


def test_korean_particles_and_compounds(engine_page):
    assert search(engine_page, "ko", "기간", 3)[0] == "delivery-time"  # the text says 기간은
    assert search(engine_page, "ko", "배송기간", 3)[0] == "delivery-time"  # the text says 배송 기간
    assert search(engine_page, "ko", "배송 기간이")[0] == "delivery-time"  # another particle
    assert search(engine_page, "ko", "환불은 언제")[0] == "refund"
    assert "delivery-time" in search(engine_page, "ko", "배ㅅ", 3)  # a syllable still being composed


def test_russian_word_forms_and_partial_words(engine_page):
    assert search(engine_page, "ru", "гарантия")[0] == "warranty-repair"  # text has only гарантийный
    assert search(engine_page, "ru", "гаран")[0] == "warranty-repair"
    assert search(engine_page, "ru", "гарантии на наушники")[0] == "warranty-repair"
    assert search(engine_page, "ru", "вернуть")[0] == "return"
    assert search(engine_page, "ru", "доставкой")[0] == "delivery-time"
    assert search(engine_page, "ru", "доставк")[0] == "delivery-time"
    assert search(engine_page, "ru", "оплата картой")[0] == "payment"


def test_english_stems_partial_words_and_typos(engine_page):
    assert search(engine_page, "en", "refund")[0] == "refund-time"
    assert search(engine_page, "en", "refunds")[0] == "refund-time"
    assert search(engine_page, "en", "refu")[0] == "refund-time"
    assert search(engine_page, "en", "trackin")[0] == "track-parcel"  # typed past the stem "track"
    assert search(engine_page, "en", "warrenty")[0] == "warranty"  # one typo
    assert search(engine_page, "en", "return an item")[0] == "return-policy"


def test_languages_without_a_stemmer(engine_page):
    assert search(engine_page, "de", "rück")[0] == "returns"  # a short partial word
    assert search(engine_page, "de", "Rücksendungen")[0] == "returns"
    assert search(engine_page, "uk", "гарантії")[0] == "warranty"  # another case ending
    assert search(engine_page, "uk", "гарантією")[0] == "warranty"  # two letters off: a prefix, not a typo
    assert search(engine_page, "uk", "доставкою")[0] == "delivery"


def test_bigrams_across_a_keyword_edge_count_less(engine_page):
    """换货 is a keyword, so 货运 in 换货运费 straddles two words and weighs less."""
    index = build_search_index(
        [
            doc("exchange", "zh-Hans", "可以换货吗？", "质量问题可以换货，来回运费由我们承担。", ["换货"]),
            doc("freight", "zh-Hans", "货运费用说明", "货运费用按重量计算，偏远地区另收运费。", ["货运"]),
            doc("delivery", "zh-Hans", "多久能收到货？", "国内配送一般2–4天。", ["配送时效"]),
        ],
        "zh-Hans",
    )
    assert index.meta["lexicon"] == ["换货", "货运", "配送时效"]
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """(files) => memoryEngine(shipped["zh-Hans"], files).then(async engine => ({
            clauses: (await engine.clauses("换货运费")).map(c => [c.term, c.boost]),
            exchange: (await engine.search("换货运费", 3)).map(r => r.id),
            freight: (await engine.search("货运费用", 3)).map(r => r.id),
        }))""",
        in_memory(index),
    )
    assert found["clauses"] == [["换货", 1], ["货运", 0.3], ["运费", 1], ["换", 0.5], ["货", 0.5], ["运", 0.5], ["费", 0.5]]
    assert found["exchange"][0] == "exchange"
    assert found["freight"][0] == "freight"


def test_terms_are_in_javascript_order(engine_page):
    """The browser finds a term in its shard by comparing strings, in UTF-16 order, which differs from Python's past U+FFFF."""
    index = build_search_index(
        [doc("compat", "zh-Hant", "﨎﨏", "﨎﨏"), doc("ext-b", "zh-Hant", "𠀀𠀁", "𠀀𠀁")], "zh-Hant"
    )
    files = in_memory(index)
    # JavaScript's order (Python's would put 﨎 and 﨎﨏 first); Chinese indexes hold single characters too.
    assert [t for shard in index.meta["terms"]["shards"] for t in shard["terms"]] == ["𠀀", "𠀀𠀁", "𠀁", "﨎", "﨎﨏", "﨏"]
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """(files) => memoryEngine(shipped["zh-Hant"], files).then(async e =>
            [(await e.search('﨎﨏'))[0].id, (await e.search('𠀀𠀁'))[0].id])""",
        files,
    )
    assert found == ["compat", "ext-b"]


def test_a_broad_prefix_is_narrowed_to_its_most_frequent_terms(engine_page):
    """The first letter typed must not make the engine score every term that starts with it."""
    words = [f"k{chr(ord('a') + i)}{chr(ord('a') + j)}" for i in range(6) for j in range(5)]  # 30 k-words
    documents = [doc(f"d{i}", "de", word, " ".join(words[: i + 1])) for i, word in enumerate(words)]
    index = build_search_index(documents, "de")
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """(files) => memoryEngine(shipped["de"], files).then(async e => {
            const expand = prefix => e.withFiles(() => e.expand({term: prefix, wildcard: true}));
            return {broad: await expand("k"), narrow: await expand("ka"), results: (await e.search("k", 3)).map(r => r.id)};
        })""",
        in_memory(index),
    )
    assert found["narrow"] == ["kaa", "kab", "kac", "kad", "kae"]  # 5 terms: all of them
    assert len(found["broad"]) == 20
    assert found["broad"][:3] == ["kaa", "kab", "kac"]  # in the most fields
    assert len(found["results"]) == 3


def test_an_index_without_documents_finds_nothing(engine_page):
    """A language whose documents are all missing still loads and answers every query with nothing."""
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """(files) => memoryEngine(shipped["en"], files).then(async e =>
            [await e.search("refund"), await e.search("r"), await e.search("warrenty policy")])""",
        in_memory(build_search_index([], "en")),
    )
    assert found == [[], [], []]


def test_japanese(engine_page):
    assert search(engine_page, "ja", "返品送料")[0] == "return-shipping"
    assert search(engine_page, "ja", "ｶｰﾄﾞ")[0] == "payment"  # half-width katakana


def test_keyword_only_match_ranks_first(engine_page):
    # gift-cards has "voucher" only as a keyword; promotions says it twice in its answer.
    assert search(engine_page, "en", "voucher") == ["gift-cards", "promotions"]


def test_results_stay_in_the_page_language(engine_page):
    assert search(engine_page, "en", "гарантия") == []
    assert search(engine_page, "ru", "refund") == []
    # (A query in the other Chinese script does find the page's own entries: see test_chinese_in_either_script...)
    assert search(engine_page, "ko", "换货") == []
    assert search(engine_page, "en", "") == []
    assert search(engine_page, "en", "  ?! ") == []


def test_result_fields(engine_page):
    result = engine_page.evaluate("engines.ru.search('гарантия', 1).then(rs => rs[0])")
    assert result["id"] == "warranty-repair"
    assert result["title"] == "Гарантийный ремонт наушников"
    assert result["url"] == "/ru/faq/#warranty-repair"
    assert result["kind"] == "faq"
    assert result["snippet"].startswith("Гарантийный срок")
    assert result["doc"] == 0 and result["score"] > 0
    # The answer's HTML (the widget shows it inline) comes from a shard of its own, when asked for.
    assert engine_page.evaluate("engines.ru.answer(0)").startswith("<p>Гарантийный срок")


def test_query_clauses(engine_page):
    """The last word is a prefix; stems also as prefixes; CJK bigrams exact, then Chinese characters."""
    clauses = engine_page.evaluate("engines.ru.clauses('гарантия наушн')")
    terms = {(c["term"], c["wildcard"]) for c in clauses}
    assert ("гарант", False) in terms and ("гарант", True) in terms
    assert ("наушн", True) in terms
    assert ("гарантия", True) not in terms  # only the last word as typed
    zh = engine_page.evaluate("engines['zh-Hans'].clauses('换货运费')")
    assert [(c["term"], c["wildcard"]) for c in zh] == [
        ("换货", False), ("货运", False), ("运费", False), ("换", False), ("货", False), ("运", False), ("费", False)]
    ko = engine_page.evaluate("engines.ko.clauses('배송기간')")
    assert [(c["term"], c["wildcard"]) for c in ko] == [("배송", False), ("송기", False), ("기간", False)]  # no characters


def test_a_long_sentence_ranks_the_entry_covering_most_of_it(engine_page):
    """A buyer types a whole sentence: no entry holds all of it, the one holding most of its rare
    character pairs comes first, not the one repeating a common pair (怎么办) in its keywords."""
    index = build_search_index(
        [
            doc("pairing", "zh-Hans", "蓝牙耳机连不上，或者只有一边有声音，怎么办？", "把耳机放回充电盒，长按按键 10 秒后重新配对。", ["单边没声音"]),
            doc("invoice", "zh-Hans", "发票怎么办？怎么办理？", "在订单页申请开票，怎么办都可以问客服。", ["怎么办", "怎么办理"]),
            doc("delivery", "zh-Hans", "几天能收到？", "昨天发货的订单一般 2–4 天收到。", ["收到"]),
        ],
        "zh-Hans",
    )
    found = engine_page.evaluate(
        _MEMORY_ENGINE + "(files) => memoryEngine(shipped['zh-Hans'], files)"
        ".then(e => e.search('我昨天收到的耳机左边没有声音怎么办', 3)).then(rs => rs.map(r => r.id))", in_memory(index)
    )
    assert found[0] == "pairing"
    assert set(found) == {"pairing", "invoice", "delivery"}  # every entry that holds a part of it is a result


def test_one_typo_in_a_cyrillic_or_latin_word_finds_the_entry(engine_page):
    """A word of five letters or more the index does not know matches the index's words one typo away."""
    assert search(engine_page, "ru", "возрат")[0] == "return"  # a letter left out
    assert search(engine_page, "ru", "возврят товара")[0] == "return"  # a letter replaced
    assert search(engine_page, "en", "refnud")[0] == "refund-time"  # two letters swapped
    assert search(engine_page, "en", "when will i get my refnd")[0] == "refund-time"
    assert search(engine_page, "de", "Versant")[0] == "delivery"  # an unstemmed language: whole words
    assert search(engine_page, "en", "moneyback")[0] == "refund-time"  # two words typed as one: money + back
    # In the first letter itself: a small shop's whole dictionary is at hand (in the index's meta).
    assert search(engine_page, "en", "varranty")[0] == "warranty"
    assert search(engine_page, "ru", "фозврат")[0] == "return"


def test_a_typo_that_changes_what_the_stemmer_strips_still_finds_the_word(engine_page):
    """The stemmer reads the typed word: "dmaged" keeps its e ("dmage") where "damaged" loses it ("damag"),
    "saftey" ends in "ei" where "safety" ends in "eti", "збрать" is cut as "збрат" where "забрать" gives
    "забра": stems two edits apart for one typo. The word as typed, one typo mended, stems to the index's."""
    english = build_search_index(
        [
            doc("damaged", "en", "My kettle arrived damaged", "Send a photo of the box within 48 hours.", []),
            doc("safety", "en", "Is the heater safe to leave on?", "It has a safety switch that turns it off when it tips over.", []),
            doc("descale", "en", "How do I descale the kettle?", "Boil water with citric acid once a month.", []),
        ],
        "en",
    )
    russian = build_search_index(
        [
            doc("pickup", "ru", "Можно ли забрать велосипед самому?", "Да, со склада в Москве по будням.", []),
            doc("delivery", "ru", "Сколько идёт доставка?", "От трёх до семи дней.", []),
        ],
        "ru",
    )
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """async ([english, russian]) => {
          const en = await memoryEngine(shipped.en, english), ru = await memoryEngine(shipped.ru, russian);
          const first = async (e, q) => ((await e.search(q, 3))[0] || {}).id;
          return [await first(en, "dmaged"), await first(en, "kttle arrived"), await first(en, "saftey"),
                  await first(ru, "збрать"), await first(ru, "забарть велосипед")];
        }""",
        [in_memory(english), in_memory(russian)],
    )
    assert found == ["damaged", "damaged", "safety", "pickup", "pickup"]


def test_a_sentence_s_small_words_do_not_outweigh_the_word_that_names_the_problem(engine_page):
    """In a small help center "get" and "my" are in few entries, so they look as rare as "refund": among
    other words, the language's stop words count less, and a query of stop words alone keeps them."""
    index = build_search_index(
        [
            doc("invoice", "en", "Can I get an invoice?", "Ask for an invoice on the order page; we send it by email.", ["receipt"]),
            doc("dispatch", "en", "When do you ship my order?", "Orders placed before 4 pm leave the warehouse the same day.", ["shipping"]),
            doc("refund", "en", "How long does a refund take?", "The money is back on your card within 5 business days.", ["money back"]),
            doc("parcel", "en", "Where is my parcel?", "Open the order and press Track.", ["tracking"]),
        ],
        "en",
    )
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """(files) => memoryEngine(shipped.en, files).then(async e => ({
          sentence: (await e.search("when do i get my refund", 4)).map(r => r.id),
          small: (await e.search("where is my", 4)).map(r => r.id),
          clauses: (await e.clauses("when do i get my refund")).map(c => [c.term, c.wildcard, c.boost]),
          alone: (await e.clauses("where is my")).map(c => [c.term, c.wildcard, c.boost]),
        }))""",
        in_memory(index),
    )
    assert found["sentence"][0] == "refund"
    assert found["small"][0] == "parcel"
    boosts = {(term, wildcard): boost for term, wildcard, boost in found["clauses"]}
    assert boosts[("get", False)] < 1 and boosts[("my", False)] < 1 and boosts[("refund", False)] == 1
    assert all(boost == 1 for term, wildcard, boost in found["alone"] if not wildcard)


def _shop_with_common_words() -> list[SearchDocument]:
    """150 Russian entries: "на" in all but one, "заказ" in four of five, "гарантия" and "товар" in ten
    long ones, and a short entry about nothing but the order."""
    details = "Мы проверим устройство и ответим вам в течение нескольких рабочих дней после получения посылки. " * 12
    return [
        *(doc(f"warranty-{i}", "ru", "Товар сломался", f"Гарантия на товар действует год. {details}") for i in range(10)),
        *(doc(f"order-{i}", "ru", f"Статус заказа {i}", f"Статус заказа виден на странице {i} в личном кабинете.") for i in range(125)),
        *(doc(f"payment-{i}", "ru", f"Оплата {i}", f"Оплата на сайте картой {i}.") for i in range(14)),
        doc("order", "ru", "Заказ", "Заказ оформлен, заказ оплачен, заказ в пути.", ["заказ"]),
    ]


def test_a_query_with_a_common_word_shows_what_scoring_every_entry_shows(engine_page):
    """In a large shop "на" is in every answer. A query holding such a word is first weighed for the
    entries its rarer words find, the common word's weights read by entry number (`weigh`), and that is
    kept only when a bound proves that no entry found by common words alone reaches the results; else
    every entry is scored. Either way the buyer sees the entries, order and scores that scoring every
    entry gives (asking for more results than the index holds leaves no entry unscored)."""
    index = build_search_index(_shop_with_common_words(), "ru")
    posted = {term: postings for shard in shards_of(index, "postings") for term, postings in zip(shard["terms"], shard["postings"])}
    assert posted["на"].startswith(DENSE_MARK) and posted["заказ"].startswith(DENSE_MARK)
    assert not posted["гарант"].startswith(DENSE_MARK)
    queries = [["гарантия на товар", 8], ["гарантия на товар", 3], ["гарантия на товар", 1], ["гарантия на товар", 10],
               ["гарантия заказ", 8], ["гарантия на заказ", 8], ["гарантия на заказ", 5], ["на заказ", 5], ["гарантия на", 8]]
    found = engine_page.evaluate(
        _MEMORY_ENGINE + """([files, queries]) => memoryEngine(shipped.ru, files).then(async e => {
          // How many characters a search reads (postings are read a character at a time): fewer when it takes the shortcut.
          const charCodeAt = String.prototype.charCodeAt, out = [];
          let weighed = 0;
          String.prototype.charCodeAt = function (at) { weighed++; return charCodeAt.call(this, at); };
          try {
            for (const [q, limit] of queries) {
              weighed = 0;
              const shown = (await e.search(q, limit)).map(r => [r.id, r.score]), few = weighed;
              weighed = 0;
              const all = (await e.search(q, e.count)).map(r => [r.id, r.score]);
              out.push({shown, all, few, every: weighed});
            }
          } finally {
            String.prototype.charCodeAt = charCodeAt;
          }
          return out;
        })""",
        [in_memory(index), queries],
    )
    for (query, limit), result in zip(queries, found):
        assert result["shown"] == result["all"][:limit], (query, limit)  # the same entries, order and scores
    by_query = {(query, limit): result for (query, limit), result in zip(queries, found)}
    # "на" is in every answer but one: the entries with "гарантия" or "товар" are the only ones weighed.
    assert by_query[("гарантия на товар", 8)]["few"] < by_query[("гарантия на товар", 8)]["every"] / 2
    # "заказ", in four answers of five, is a common word too, but the entries about the order outrank
    # those with "гарантия", whose answers are long: the bound does not prove, and every entry is scored.
    assert "order" in [ref for ref, _ in by_query[("гарантия заказ", 8)]["shown"]]


def test_stop_words_are_lunr_s_lists_of_words():
    """The lists come from the installed lunr files; a language written without spaces has none."""
    from generator.search.index import stop_words

    assert {"my", "when", "get"} <= set(stop_words("en")) and "refund" not in stop_words("en")
    assert {"на", "где", "мое"} <= set(stop_words("ru"))  # ё folded, as the tokenizer folds it
    assert "aber" in stop_words("de")  # unstemmed languages have theirs too
    assert stop_words("ko") == [] and stop_words("zh-Hans") == [] and stop_words("pl") == []


def test_a_typo_counts_less_than_the_word_itself(engine_page):
    clauses = {(c["term"], c["wildcard"]): c["boost"] for c in engine_page.evaluate("engines.en.clauses('refnd policy')")}
    assert 0 < clauses[("refund", False)] < 1  # the neighbour of an unknown word, below an exact match
    known = {(c["term"], c["wildcard"]): c["boost"] for c in engine_page.evaluate("engines.en.clauses('parcel')")}
    assert known[("parcel", False)] == 1
    # Short words and other scripts are left alone: "refn" (4 letters) only as a prefix.
    short = engine_page.evaluate("engines.en.clauses('refn')")
    assert {c["term"] for c in short} == {"refn"}


# --- files for the site and the widget ---------------------------------------------------------------------


def test_a_data_file_hands_any_text_over_unchanged(engine_page):
    """Quotes, backslashes, markup and line separators in a seller's text reach the engine as written,
    and nothing in a data file can end a script or open a comment."""
    text = "a\\b'c\"d</script><!--e&f\u2028g\u2029h\ni\rj"
    script = data_script(script_json({"text": text, "weights": [1, 0.25]}))
    assert "</script" not in script and "<!--" not in script and "\u2028" not in script
    received = engine_page.evaluate(
        """script => new Promise(resolve => {
          document.addEventListener("kbgen:search-data", e => resolve(e.detail.payload), {once: true});
          (0, eval)(script);
        })""", script)
    assert received == {"text": text, "weights": [1, 0.25]} == search_data_of(script)


def test_shipped_search_folder(site):
    """What a build writes under `search/`: per language its index files and one engine bundle, and the box's files."""
    shipped = site["shipped"]
    for lang in DOCS:
        index = site["indexes"][lang]
        assert {path for path in shipped if path.startswith(f"search/{lang}/")} == {
            f"search/{lang}/meta.js", *(f"search/{lang}/{name}" for name in index.shards)}
        assert f"search/kb-search.{lang}.bundle.js" in shipped
    assert {path for path in shipped if path.count("/") == 1} == {
        *(f"search/kb-search.{lang}.bundle.js" for lang in DOCS), "search/kb-search-ui.js", "search/kb-search-ui.css"}
    # A data file is a script handing its JSON over, no global: the meta of the Korean index says "ko".
    meta = shipped["search/ko/meta.js"].decode()
    assert meta.startswith('document.dispatchEvent(new CustomEvent("kbgen:search-data"') and search_data_of(meta)["lang"] == "ko"
    # The bundles carry a language's stemmer, not lunr.js: English lunr.js's own stemmer alone,
    # Russian lunr-languages' (with its support file), Korean none.
    english = bundle_script("en")
    assert "/* ---- lunr.js: lunr.stemmer ---- */" in english and "lunr.Index" not in english
    assert "/* ---- lunr.ru.js ---- */" in shipped["search/kb-search.ru.bundle.js"].decode()
    assert "/* ---- lunr.stemmer.support.js ---- */" not in shipped["search/kb-search.ko.bundle.js"].decode()


def test_bundle_on_a_page_with_an_amd_loader(browser, site):
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site["url"] + "/amd.html")
        ids = page.evaluate(
            """handedOver.open(name => new Promise(resolve => {
                const script = document.createElement("script");
                const receive = e => { if (e.detail.src === script.src) resolve(e.detail.payload); };
                document.addEventListener("kbgen:search-data", receive);
                script.src = "search/ru/" + name;
                document.head.appendChild(script);
            })).then(e => e.search('гарантия', 3)).then(rs => rs.map(r => r.id))"""
        )
        assert ids[0] == "warranty-repair"
        assert page.evaluate("window.defineCalls") == 0
        assert page.evaluate("window.lunr") == "the page's own lunr"
        assert page.evaluate("Object.keys(window).filter(k => !keysBefore.includes(k) && k !== 'keysBefore' && k !== 'handedOver')") == []
        assert errors == []
    finally:
        page.close()


def test_a_missing_stemmer_script_is_a_clear_error(browser, site):
    page = browser.new_page()
    try:
        page.goto(site["url"] + "/no-stemmer.html")
        message = page.evaluate("openIndex(KbSearch, 'search/', 'ru').then(() => 'loaded', e => e.message)")
        assert "lunr.ru.js" in message
        assert page.evaluate(
            "openIndex(KbSearch, 'search/', 'ko').then(e => e.search('기간', 1)).then(rs => rs[0].id)") == "delivery-time"
        assert "cannot load" in page.evaluate("openIndex(KbSearch, 'search/', 'xx').then(() => 'loaded', e => e.message)")
    finally:
        page.close()


# --- budgets ----------------------------------------------------------------------------------------


def gzipped_size(text: str) -> int:
    """Size in bytes of `text` as UTF-8 gzipped at level 9, as a server would send it."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def test_widget_size_budget(site):
    """Script bundle plus the whole of a small shop's index (answers aside), gzipped, stay far below the widget's 100 KB."""
    for lang in ("ru", "zh-Hans", "ko", "en"):
        bundle = gzipped_size(bundle_script(lang))
        index = site["indexes"][lang]
        files = [text for name, text in index.shards.items() if not name.startswith("answers.")]
        shards = sum(gzipped_size(text) for text in [json.dumps(index.meta), *files])
        assert bundle + shards < 45_000, (lang, bundle, shards)


def synthetic_documents(lang: str, count: int, seed: int = 7) -> list[SearchDocument]:
    """`count` documents of Zipf-distributed made-up words (or Han characters)."""
    rng = random.Random(seed)
    if lang.startswith("zh"):
        pool = [chr(cp) for cp in range(0x4E00, 0x4E00 + 2500)]
        cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(pool) + 1)))

        def text(n: int) -> str:
            chars = rng.choices(pool, cum_weights=cumulative, k=n)
            return "，".join("".join(chars[i : i + 9]) for i in range(0, n, 9))
    else:
        consonants, vowels = ("бвгдзклмнпрстх", "аеиоуя") if lang == "ru" else ("bcdfghklmnprstv", "aeiou")
        endings = ["", "а", "ой", "ами", "ого"] if lang == "ru" else ["", "s", "ing", "ed", "ment"]
        pool = sorted({
            "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(1, 4))) + rng.choice(endings)
            for _ in range(10000)
        })
        rng.shuffle(pool)
        cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(pool) + 1)))

        def text(n: int) -> str:
            return " ".join(rng.choices(pool, cum_weights=cumulative, k=n))

    size = 160 if lang.startswith("zh") else 90
    return [
        SearchDocument(ref=f"d{i}", url=f"/x/{i}/", title=text(12 if lang.startswith("zh") else 8),
                       keywords=[text(3), text(3)], body=text(size))
        for i in range(count)
    ]


@pytest.mark.parametrize("lang", ["ru", "zh-Hans"])
def test_latency_on_a_thousand_documents(browser, site, lang):
    """Median query time in Chromium on a 1,000-document index stays well under 50 ms, the shards a
    query needs loaded on the way (first pass) or already there (second pass)."""
    documents = synthetic_documents(lang, 1000)
    index = build_search_index(documents, lang)
    files = search_indexes({lang: documents}).files
    for relative, data in files.items():
        if relative.startswith(f"search/{lang}/"):
            target = site["root"] / "latency" / relative.removeprefix("search/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    # Queries: the start of titles (2 words or 4 characters), and their first 1-3 letters.
    titles = [d.title for d in documents[:60]]
    if lang.startswith("zh"):
        queries = [t[:4] for t in titles] + [t[:1] for t in titles[:20]]
    else:
        queries = [" ".join(t.split()[:2]) for t in titles] + [t[:3] for t in titles[:20]]
    page = browser.new_page()
    try:
        page.goto(site["url"] + "/engine.html")
        page.wait_for_function(f"!!shipped[{json.dumps(lang)}]")
        timing = page.evaluate(
            """async ([queries, lang]) => {
                const t0 = performance.now();
                const engine = await openIndex(shipped[lang], "latency/", lang);
                const load = performance.now() - t0;
                const pass = async () => {
                    const times = [];
                    for (const q of queries) {
                        const t = performance.now(), r = await engine.search(q, 10);
                        if (r.length === 0) throw new Error("no result for " + q);
                        times.push(performance.now() - t);
                    }
                    return times.sort((a, b) => a - b);
                };
                const stats = (times) => ({median: times[times.length >> 1],
                    p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1]});
                const first = stats(await pass());
                return {load, files: requested.length, first, ...stats(await pass())};
            }""",
            [queries, lang],
        )
        raw = sum(len(text.encode()) for text in index.shards.values())
        print(f"\n{lang}: 1000 docs, {len(index.shards)} shards, {raw // 1024} KB; meta {timing['load']:.0f} ms; "
              f"first pass median {timing['first']['median']:.1f} ms, p95 {timing['first']['p95']:.1f} ms, "
              f"max {timing['first']['max']:.1f} ms ({timing['files']} files loaded); second pass median "
              f"{timing['median']:.1f} ms, p95 {timing['p95']:.1f} ms, max {timing['max']:.1f} ms")
        assert timing["first"]["median"] < 50 and timing["median"] < 50
    finally:
        page.close()
