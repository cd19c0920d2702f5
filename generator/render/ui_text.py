"""The interface strings of the generated pages, in every supported language.

Seller content comes from the YAML; these are the words around it ("Still need
help?", "Not yet translated"). Every supported language has every key (a test
checks it), so a shop can declare any of them.
"""

from __future__ import annotations

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "home": "Help center",
        "categories": "Topics",
        "not_translated": "Not yet translated: shown in {language}.",
    },
    "zh-Hans": {
        "home": "帮助中心",
        "categories": "问题分类",
        "not_translated": "尚未翻译：以下内容以{language}显示。",
    },
    "zh-Hant": {
        "home": "說明中心",
        "categories": "問題分類",
        "not_translated": "尚未翻譯：以下內容以{language}顯示。",
    },
    "ru": {
        "home": "Справочный центр",
        "categories": "Разделы",
        "not_translated": "Ещё не переведено: показано на языке «{language}».",
    },
    "ko": {
        "home": "고객센터",
        "categories": "주제",
        "not_translated": "아직 번역되지 않았습니다: {language}(으)로 표시됩니다.",
    },
    "ja": {
        "home": "ヘルプセンター",
        "categories": "トピック",
        "not_translated": "未翻訳です：{language}で表示しています。",
    },
    "uk": {
        "home": "Довідковий центр",
        "categories": "Розділи",
        "not_translated": "Ще не перекладено: показано мовою «{language}».",
    },
    "de": {
        "home": "Hilfe-Center",
        "categories": "Themen",
        "not_translated": "Noch nicht übersetzt: auf {language} angezeigt.",
    },
    "fr": {
        "home": "Centre d'aide",
        "categories": "Rubriques",
        "not_translated": "Pas encore traduit : affiché en {language}.",
    },
    "es": {
        "home": "Centro de ayuda",
        "categories": "Temas",
        "not_translated": "Aún sin traducir: se muestra en {language}.",
    },
}


def ui(page_language: str, key: str, **values: str) -> str:
    """The interface string `key` in `page_language`, with `{placeholders}` filled."""
    return UI_TEXT[page_language][key].format(**values)
