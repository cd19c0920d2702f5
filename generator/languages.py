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


# Korean particles that depend on the word before them, written as both forms where a sentence puts a
# value before one ("{language}(으)로", "'{value}'은(는)"): after a Hangul syllable (through a closing
# quote), the form it takes. Before Latin letters or digits both stay: how they are read is not known.
_KOREAN_PARTICLE = re.compile("([\uac00-\ud7a3])(['\"\u2019\u300d)]?)(이\\(가\\)|을\\(를\\)|은\\(는\\)|과\\(와\\)|\\(으\\)로|\\(이\\)라)")
_FINAL_RIEUL = 8  # the final consonant ㄹ, which takes 로, not 으로


def _korean_particles(text: str) -> str:
    """`text` with each "이(가)", "을(를)", "은(는)", "과(와)", "(으)로", "(이)라" after a Hangul syllable as that
    syllable takes it: 목록이, 정수가, 영어로, 러시아어로, 파일을."""
    def chosen(match: re.Match) -> str:
        final = (ord(match.group(1)) - 0xAC00) % 28  # 0: the syllable ends in a vowel
        particle = match.group(3)
        if particle == "(으)로":
            form = "로" if final in (0, _FINAL_RIEUL) else "으로"
        elif particle == "(이)라":
            form = "라" if final == 0 else "이라"
        else:
            form = particle[0] if final else particle[2]  # 이(가): 이 after a final consonant, else 가
        return match.group(1) + match.group(2) + form
    return _KOREAN_PARTICLE.sub(chosen, text)


def with_particles(text: str, language: str) -> str:
    """A filled-in message or interface string as `language` writes it: in Korean, the particles its values take
    (`_korean_particles`); in any other language, `text` as it is."""
    return _korean_particles(text) if language.split("-")[0] == "ko" else text


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

