"""Tables of interface strings, and the one way to read them.

The buyers' site (`ui_text.UI_TEXT`) and the agents' handbook
(`handbook_text.HANDBOOK_TEXT`) each keep the words around seller content in
every supported language, in tables of one shape: language -> key -> either a
string with `{placeholders}`, or, for words that change with a number, a
mapping from CLDR plural category (`one`, `few`, `many`, `other`) to such a
string with `{n}` in it (Russian writes `1 месяц`, `2 месяца`, `5 месяцев`).
`InterfaceText` reads either table.
"""

from __future__ import annotations

from .formatting import plural_category

Plural = dict[str, str]
Table = dict[str, dict[str, "str | Plural"]]


class InterfaceText:
    """One table of interface strings: `words(language, key, **values)` is the string, filled in."""

    def __init__(self, table: Table):
        self.table = table

    def __call__(self, language: str, key: str, /, **values) -> str:
        """The string `key` in `language` with its `{placeholders}` filled; a plural key takes the form
        `language` uses for the number `n` (which `values` must hold)."""
        value = self.table[language][key]
        if isinstance(value, dict):
            value = self.plural_form(language, key, int(values["n"]))
        return value.format(**values)

    def plural_form(self, language: str, key: str, count: int) -> str:
        """The form of plural key `key` for the number `count`, its `{placeholders}` left in."""
        forms = self.table[language][key]
        if isinstance(forms, str):
            raise TypeError(f"interface text {key!r} has no plural forms")
        # CLDR has categories for very large numbers (French `many` for millions) that no entry spells out;
        # Russian and Ukrainian entries have no `other`, which whole numbers never need.
        return forms.get(plural_category(language, count)) or forms.get("other") or forms[next(reversed(forms))]

    def template(self, language: str, key: str) -> str:
        """The string `key` with its `{placeholders}` left in, for `markdown_text.fill_template` (HTML)."""
        value = self.table[language][key]
        if not isinstance(value, str):
            raise TypeError(f"interface text {key!r} depends on a number: use it with n=")
        return value
