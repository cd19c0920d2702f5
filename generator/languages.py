"""The languages a shop may declare in `site.yml`, and how each one is spelled elsewhere.

A language code in the content is a BCP 47 tag. The language switcher, the
browser's Intl API and Babel each want their own spelling of it; a `Language`
is the one place that maps between them (Material's theme language is derived
from the code, render/shared/mkdocs_config.py).

kbgen ships `BUILT_IN_LANGUAGES`, each with its interface strings in
`generator/locales/<code>.yml` (a test checks both). A shop adds a language of
its own with a complete `locales/<code>.yml` beside its source, whose `language`
section gives what this table holds (generator/interface_text.py). So the
languages of a build are per build (`Languages`), never a module's state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as written in site.yml
    native_name: str  # shown in the language switcher
    date_locale: str  # what the browser's Intl API and Babel are given to write dates, prices and plurals

    def name_in(self, reader: "Language") -> str:
        """This language's name as a page in `reader` writes it: "Russian" on an English page, 俄文 on a
        Traditional-Chinese one (Babel's); the language's own name where Babel knows either not."""
        return _display_name(self.code, reader.date_locale) or self.native_name


@lru_cache(maxsize=None)
def _display_name(code: str, reader_locale: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        reader = Locale.parse(reader_locale, sep="-")
        name = Locale.parse(code, sep="-").get_display_name(reader)
    except (UnknownLocaleError, ValueError):
        return None
    if name and reader.language in ("zh", "ja"):
        name = name.replace(" (", "（").replace(")", "）")  # CLDR writes "中文 (简体)"; the sentence, 中文（简体）
    return name


Languages = Mapping[str, Language]  # the languages one build may use, by code

BUILT_IN_LANGUAGES: Languages = {
    language.code: language
    for language in (
        Language("zh-Hans", "简体中文", "zh-Hans-CN"),
        Language("zh-Hant", "繁體中文", "zh-Hant-TW"),
        Language("en", "English", "en-GB"),
        Language("ru", "Русский", "ru-RU"),
        Language("ko", "한국어", "ko-KR"),
        Language("ja", "日本語", "ja-JP"),
        Language("uk", "Українська", "uk-UA"),
        Language("de", "Deutsch", "de-DE"),
        Language("fr", "Français", "fr-FR"),
        Language("es", "Español", "es-ES"),
    )
}

# The codes a shop may add: a two-letter language, an optional script and an optional region
# (`pl`, `sr-Latn`, `pt-BR`), the forms mkdocs-static-i18n accepts as a language folder.
ADDED_LANGUAGE_CODE = re.compile(r"[a-z]{2}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")

