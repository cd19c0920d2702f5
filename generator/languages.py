"""The languages a shop may declare in `site.yml`, and how each one is spelled elsewhere.

A language code in the content is a BCP 47 tag. MkDocs Material, the HTML
`lang` attribute and the search stemmers each want their own spelling of it;
this table is the one place that maps between them. Adding a language means
adding a row here and its interface strings in `generator/locales/<code>.yml` (a test checks both).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as written in site.yml
    native_name: str  # shown in the language switcher
    theme_language: str  # Material's `theme.language` (it has `zh`, not `zh-Hans`)
    date_locale: str  # what the browser's Intl API is given to write dates


SUPPORTED_LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("zh-Hans", "简体中文", "zh", "zh-Hans-CN"),
        Language("zh-Hant", "繁體中文", "zh-Hant", "zh-Hant-TW"),
        Language("en", "English", "en", "en-GB"),
        Language("ru", "Русский", "ru", "ru-RU"),
        Language("ko", "한국어", "ko", "ko-KR"),
        Language("ja", "日本語", "ja", "ja-JP"),
        Language("uk", "Українська", "uk", "uk-UA"),
        Language("de", "Deutsch", "de", "de-DE"),
        Language("fr", "Français", "fr", "fr-FR"),
        Language("es", "Español", "es", "es-ES"),
    )
}


def supported_codes_text() -> str:
    return ", ".join(SUPPORTED_LANGUAGES)
