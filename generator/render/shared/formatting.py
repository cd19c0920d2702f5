"""Numbers, prices, durations, dates and contact addresses written the way each page language writes them.

One module for both sites, so that an agent reads in the handbook the price and the
phone link a buyer sees (`990 ₽`, `tel:88005553535`); the buyers' links are the
URL module's (`urls.py`), dates are written by the browser's Intl API in the
page language's locale (`Language.date_locale`, `Page.locale`).

Prices follow the browser's `Intl.NumberFormat(locale, {style: "currency"})`
for the page's `Language.date_locale` (a test compares the two in Chromium),
computed here from CLDR data through Babel (a dependency of mkdocs-material),
so the page needs no script to show a price. Whole amounts drop the decimals
(`99 ¥`, `990 ₽`), as a price tag does. Two CLDR rules Babel does not apply are
added by hand: the space between a currency code and the digits (`RUB 990`) and
the minimum grouping digits (Spanish writes `1290 RUB`, not `1.290 RUB`).

Plural forms come from CLDR's plural rules (through Babel) too: Russian needs
`1 месяц`, `2 месяца`, `5 месяцев`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from babel import Locale
from babel.numbers import format_currency, get_currency_precision

from ...model import Contact
from ...model.values import Duration

if TYPE_CHECKING:
    from ...interface_text import Section

# CLDR's minimumGroupingDigits where it is not 1: a 4-digit number is written without a group separator.
_MIN_GROUPING_DIGITS = {"es": 2}
_NBSP = "\u00a0"
_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
# What may stay unescaped in a URL's path, query and fragment (RFC 3986's reserved and unreserved
# characters, and `%` of an escape already there); anything else a seller typed is percent-encoded.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?#"


def babel_locale(locale: str) -> Locale:
    """The CLDR locale of an Intl locale (`ru-RU`): what a page language formats with, as the browser does."""
    return Locale.parse(locale, sep="-")


def plural_category(locale: str, count: int) -> str:
    """CLDR's plural category of `count` in `locale`: one, few, many or other."""
    return babel_locale(locale).plural_form(count)


def format_price(amount: Decimal | int | float, currency: str, locale: str) -> str:
    """A price as `Intl.NumberFormat` writes it in `locale` (the page's); whole amounts without decimals."""
    locale = babel_locale(locale)
    value = Decimal(str(amount))
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if value == value.to_integral_value():
        pattern = re.sub(r"\.0+", "", pattern)
    elif get_currency_precision(currency) == 0:
        pattern = re.sub(r"\.0+", "", pattern)
    integer_digits = len(str(abs(int(value))))
    group = integer_digits >= 4 + _MIN_GROUPING_DIGITS.get(locale.language, 1) - 1
    text = format_currency(value, currency, format=pattern, locale=locale, currency_digits=False, group_separator=group)
    return _currency_spacing(text, locale.currency_symbols.get(currency, currency))


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR currency spacing: a symbol that ends (or starts) with a letter is kept apart from the digits."""
    if text.startswith(symbol) and len(text) > len(symbol) and text[len(symbol)].isdigit():
        if not unicodedata.category(symbol[-1]).startswith("S"):
            return symbol + _NBSP + text[len(symbol):]
    if text.endswith(symbol) and len(text) > len(symbol) and text[-len(symbol) - 1].isdigit():
        if not unicodedata.category(symbol[0]).startswith("S"):
            return text[: -len(symbol)] + _NBSP + symbol
    return text


def within_text(words: Section, language: str, duration: Duration) -> str:
    """A response time as it follows "we usually reply": `2h` -> "within 2 hours", "2 小时内", "в течение 2 часов"."""
    return words(language, f"within_{_DURATION_UNITS[duration.unit]}", n=duration.amount)


def months_text(words: Section, language: str, months: int) -> str:
    """`12` -> "12 months", "12 个月", "12 месяцев"."""
    return words(language, "months", n=months)


def tel_link(number: str) -> str:
    """A `tel:` URI from a phone number as sellers write it (`+7 495 123-45-67` -> `tel:+74951234567`)."""
    number = number.removeprefix("tel:")
    return "tel:" + ("+" if number.strip().startswith("+") else "") + re.sub(r"[^0-9]", "", number)


def mailto_link(address: str) -> str:
    return "mailto:" + address.removeprefix("mailto:")


def plain_address(address: str) -> str:
    """An e-mail address or phone number as the buyer reads it, without its URI scheme."""
    return address.removeprefix("mailto:").removeprefix("tel:")


def contact_href(contact: Contact) -> str:
    """The link of a channel, built from its address as data: `mailto:`, `tel:` or the http(s) URL.

    Validation has checked the address's form already; the URL is taken apart and
    put together again here, so that whatever it holds ends up percent-encoded in
    one attribute value, never as markup.
    """
    if contact.channel == "email":
        return mailto_link(contact.address)
    if contact.channel == "phone":
        return tel_link(contact.address)
    parts = urlsplit(contact.address)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {contact.address!r}")  # validation refuses it first
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc, quote(parts.path, safe=_URL_SAFE), quote(parts.query, safe=_URL_SAFE),
         quote(parts.fragment, safe=_URL_SAFE))
    )


def contact_link_text(contact: Contact) -> str:
    """What the link shows: the address a buyer may want to copy (e-mail, phone), or a short form of the URL."""
    if contact.channel in ("email", "phone"):
        return plain_address(contact.address)
    parts = urlsplit(contact.address)
    return (parts.netloc + parts.path).rstrip("/")
