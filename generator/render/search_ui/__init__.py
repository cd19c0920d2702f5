"""The buyers' search box: its words in every supported language, and its browser files.

Two boxes share one behaviour (`kb-search-box.js`: typing, loading the index
on first use, keyboard navigation, the spoken result count):

- the site's box in the hero slot of every page (`theme/partials/kb-search.html`
  writes the markup; `kb-search-site.js` + `kb-search-ui.css` here);
- the shop-page widget (`render/widget.py`, `render/widget_assets/`).

The scripts are assembled at build time (`site_search_script`): the site's
languages and their words travel as JSON at the top of the file, so a page
needs no extra request for them. The label of the site's box is Material's own
word for "Search" (`lang.t`), written into the page by the partial.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

from ...languages import SUPPORTED_LANGUAGES
from ..sanitize import script_json
from ..ui_text import ui

HERE = Path(__file__).parent
SEARCH_BOX_JS = HERE / "kb-search-box.js"
SEARCH_SITE_JS = HERE / "kb-search-site.js"
SEARCH_UI_CSS = HERE / "kb-search-ui.css"

Plural = dict[str, str]

#: The words of the search box and the widget. Every supported language has every
#: key (tests/test_search_site.py checks it). `results` is by CLDR plural category
#: (the browser picks one with `Intl.PluralRules`), with `{n}`; a missing category
#: falls back to `other`.
SEARCH_TEXT: dict[str, dict[str, str | Plural]] = {
    "en": {
        "label": "Search the help center",
        "placeholder": "Type your question",
        "results": {"one": "{n} answer found", "other": "{n} answers found"},
        "none": "Nothing found. Try other words, or contact us.",
        "loading": "Loading search…",
        "error": "Search is not available right now.",
        "open": "Open on the help center",
        "loading_answer": "Loading the answer…",
        "demo_title": "Demo: the help-center widget on a product page",
        "demo_product": "Sample product",
        "demo_description": "This is a made-up product page. The box below is the help-center widget, as a shop page shows it.",
        "demo_add_to_cart": "Add to cart",
        "demo_help": "Questions? Search our help center",
        "demo_embed": "Put the widget on a page with this tag:",
    },
    "zh-Hans": {
        "label": "搜索帮助中心",
        "placeholder": "输入您的问题",
        "results": {"other": "找到 {n} 个答案"},
        "none": "没有找到相关答案，换个说法试试，或联系我们。",
        "loading": "正在加载搜索…",
        "error": "搜索暂时不可用。",
        "open": "在帮助中心查看",
        "loading_answer": "正在加载答案…",
        "demo_title": "演示：商品页上的帮助中心小部件",
        "demo_product": "示例商品",
        "demo_description": "这是一个虚构的商品页面。下方的搜索框就是帮助中心小部件在店铺页面上的样子。",
        "demo_add_to_cart": "加入购物车",
        "demo_help": "有疑问？搜索帮助中心",
        "demo_embed": "在页面中加入这段代码即可显示小部件：",
    },
    "zh-Hant": {
        "label": "搜尋說明中心",
        "placeholder": "輸入您的問題",
        "results": {"other": "找到 {n} 個答案"},
        "none": "沒有找到相關答案，換個說法試試，或聯絡我們。",
        "loading": "正在載入搜尋…",
        "error": "搜尋暫時無法使用。",
        "open": "在說明中心查看",
        "loading_answer": "正在載入答案…",
        "demo_title": "示範：商品頁上的說明中心小工具",
        "demo_product": "範例商品",
        "demo_description": "這是一個虛構的商品頁面。下方的搜尋框就是說明中心小工具在商店頁面上的樣子。",
        "demo_add_to_cart": "加入購物車",
        "demo_help": "有疑問？搜尋說明中心",
        "demo_embed": "在頁面中加入這段程式碼即可顯示小工具：",
    },
    "ru": {
        "label": "Поиск по справке",
        "placeholder": "Введите вопрос",
        "results": {
            "one": "Найден {n} ответ",
            "few": "Найдено {n} ответа",
            "many": "Найдено {n} ответов",
            "other": "Найдено ответов: {n}",
        },
        "none": "Ничего не нашлось. Попробуйте другие слова или напишите нам.",
        "loading": "Загружаем поиск…",
        "error": "Поиск сейчас недоступен.",
        "open": "Открыть в справке",
        "loading_answer": "Загружаем ответ…",
        "demo_title": "Демо: виджет справки на странице товара",
        "demo_product": "Пример товара",
        "demo_description": "Это выдуманная страница товара. Поле ниже — виджет справки, каким его видит покупатель в магазине.",
        "demo_add_to_cart": "В корзину",
        "demo_help": "Есть вопросы? Поищите в справке",
        "demo_embed": "Чтобы показать виджет на странице, вставьте этот тег:",
    },
    "ko": {
        "label": "고객센터 검색",
        "placeholder": "궁금한 점을 입력하세요",
        "results": {"other": "답변 {n}개"},
        "none": "찾는 답변이 없습니다. 다른 단어로 검색하거나 문의해 주세요.",
        "loading": "검색을 불러오는 중…",
        "error": "지금은 검색을 사용할 수 없습니다.",
        "open": "고객센터에서 보기",
        "loading_answer": "답변을 불러오는 중…",
        "demo_title": "데모: 상품 페이지의 고객센터 위젯",
        "demo_product": "예시 상품",
        "demo_description": "가상의 상품 페이지입니다. 아래 검색창이 쇼핑몰 페이지에 표시되는 고객센터 위젯입니다.",
        "demo_add_to_cart": "장바구니 담기",
        "demo_help": "궁금한 점이 있나요? 고객센터를 검색해 보세요",
        "demo_embed": "페이지에 위젯을 넣으려면 이 태그를 추가하세요:",
    },
    "ja": {
        "label": "ヘルプセンターを検索",
        "placeholder": "質問を入力してください",
        "results": {"other": "{n} 件の回答"},
        "none": "見つかりませんでした。別の言葉で検索するか、お問い合わせください。",
        "loading": "検索を読み込んでいます…",
        "error": "現在、検索は利用できません。",
        "open": "ヘルプセンターで見る",
        "loading_answer": "回答を読み込んでいます…",
        "demo_title": "デモ：商品ページのヘルプセンターウィジェット",
        "demo_product": "サンプル商品",
        "demo_description": "架空の商品ページです。下の検索欄が、ショップのページに表示されるヘルプセンターウィジェットです。",
        "demo_add_to_cart": "カートに入れる",
        "demo_help": "ご質問は？ヘルプセンターを検索",
        "demo_embed": "ページにウィジェットを表示するには、このタグを追加します：",
    },
    "uk": {
        "label": "Пошук у довідці",
        "placeholder": "Введіть запитання",
        "results": {
            "one": "Знайдено {n} відповідь",
            "few": "Знайдено {n} відповіді",
            "many": "Знайдено {n} відповідей",
            "other": "Знайдено відповідей: {n}",
        },
        "none": "Нічого не знайдено. Спробуйте інші слова або напишіть нам.",
        "loading": "Завантажуємо пошук…",
        "error": "Пошук зараз недоступний.",
        "open": "Відкрити в довідці",
        "loading_answer": "Завантажуємо відповідь…",
        "demo_title": "Демо: віджет довідки на сторінці товару",
        "demo_product": "Приклад товару",
        "demo_description": "Це вигадана сторінка товару. Поле нижче — віджет довідки, яким його бачить покупець у магазині.",
        "demo_add_to_cart": "У кошик",
        "demo_help": "Є запитання? Пошукайте в довідці",
        "demo_embed": "Щоб показати віджет на сторінці, вставте цей тег:",
    },
    "de": {
        "label": "Hilfe-Center durchsuchen",
        "placeholder": "Ihre Frage eingeben",
        "results": {"one": "{n} Antwort gefunden", "other": "{n} Antworten gefunden"},
        "none": "Nichts gefunden. Versuchen Sie andere Wörter oder schreiben Sie uns.",
        "loading": "Suche wird geladen…",
        "error": "Die Suche ist gerade nicht verfügbar.",
        "open": "Im Hilfe-Center öffnen",
        "loading_answer": "Antwort wird geladen…",
        "demo_title": "Demo: das Hilfe-Center-Widget auf einer Produktseite",
        "demo_product": "Beispielprodukt",
        "demo_description": "Dies ist eine erfundene Produktseite. Das Feld unten ist das Hilfe-Center-Widget, wie eine Shopseite es zeigt.",
        "demo_add_to_cart": "In den Warenkorb",
        "demo_help": "Fragen? Durchsuchen Sie unser Hilfe-Center",
        "demo_embed": "So binden Sie das Widget in eine Seite ein:",
    },
    "fr": {
        "label": "Rechercher dans l’aide",
        "placeholder": "Saisissez votre question",
        "results": {"one": "{n} réponse trouvée", "other": "{n} réponses trouvées"},
        "none": "Aucun résultat. Essayez d’autres mots ou contactez-nous.",
        "loading": "Chargement de la recherche…",
        "error": "La recherche n’est pas disponible pour le moment.",
        "open": "Ouvrir dans le centre d’aide",
        "loading_answer": "Chargement de la réponse…",
        "demo_title": "Démo : le widget du centre d’aide sur une page produit",
        "demo_product": "Produit d’exemple",
        "demo_description": "Cette page produit est fictive. Le champ ci-dessous est le widget du centre d’aide, tel qu’une boutique l’affiche.",
        "demo_add_to_cart": "Ajouter au panier",
        "demo_help": "Une question ? Cherchez dans notre centre d’aide",
        "demo_embed": "Pour afficher le widget sur une page, ajoutez cette balise :",
    },
    "es": {
        "label": "Buscar en el centro de ayuda",
        "placeholder": "Escribe tu pregunta",
        "results": {"one": "{n} respuesta encontrada", "other": "{n} respuestas encontradas"},
        "none": "No hay resultados. Prueba con otras palabras o contáctanos.",
        "loading": "Cargando la búsqueda…",
        "error": "La búsqueda no está disponible ahora.",
        "open": "Abrir en el centro de ayuda",
        "loading_answer": "Cargando la respuesta…",
        "demo_title": "Demo: el widget del centro de ayuda en una página de producto",
        "demo_product": "Producto de ejemplo",
        "demo_description": "Esta página de producto es inventada. El cuadro de abajo es el widget del centro de ayuda, tal como lo muestra una tienda.",
        "demo_add_to_cart": "Añadir al carrito",
        "demo_help": "¿Dudas? Busca en nuestro centro de ayuda",
        "demo_embed": "Para mostrar el widget en una página, añade esta etiqueta:",
    },
}

#: Words the box shows that the rest of the site already has (render/ui_text.py): the label
#: of a warranty or contact result, and the link to all questions.
SHARED_UI_KEYS = {"kind_warranty": "warranty_policies", "kind_contact": "contact_page", "all_questions": "all_questions"}


def search_text(language: str) -> dict:
    """Every word the search box and the widget show in `language` (English for a language without a table)."""
    own = SEARCH_TEXT.get(language) or SEARCH_TEXT["en"]
    shared_language = language if language in SUPPORTED_LANGUAGES else "en"
    return {**own, **{key: ui(shared_language, source) for key, source in SHARED_UI_KEYS.items()}}


def content_version(texts: list[str]) -> str:
    """A short hash of files' contents, put in their URLs (`?v=`) so that no browser pairs a stale one with new ones."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def site_search_script(versions: dict[str, str], text_for: Callable[[str], dict] = search_text) -> str:
    """`search/kb-search-ui.js`: the site's languages with their words and file versions, the shared box, the site's glue.

    `versions`: per language, the `content_version` of its index and engine script;
    `text_for(language)`: the box's words (the buyers' by default; the handbook has its own).
    """
    config = {language: {"text": text_for(language), "version": version} for language, version in versions.items()}
    return scoped_script(
        "kbgen: the help center's search box. Sources: generator/render/search_ui/",
        "KB_SEARCH_CONFIG", config, SEARCH_BOX_JS, SEARCH_SITE_JS,
    )


def scoped_script(banner: str, config_name: str, config: dict, *sources: Path) -> str:
    """One script file: `config` as `var config_name`, then `sources`, all in one function scope.

    The scope keeps every name of ours off the page's globals: the widget runs on
    shop pages whose own scripts we do not know.
    """
    return "\n".join(
        [
            f"/* {banner} */",
            "(function () {",
            '"use strict";',
            f"var {config_name} = {script_json(config)};",
            *(source.read_text(encoding="utf-8") for source in sources),
            "})();",
            "",
        ]
    )
