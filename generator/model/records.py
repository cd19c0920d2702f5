"""The records of the content format (the sellers' contract; CONTENT.md is generated from them), declared once.

Each class is one mapping of the format; its options, in file order, say what
each key holds, whether it is required and whether only agents may see it.
Validation messages, the JSON Schema (`kbgen schema`) and the field reference
(`CONTENT.md`) are all produced from these declarations.

Optional additions to the contract (documented as such in CONTENT.md):
`site.yml` `url`, category `description`, `reviewed` on warranty policies and
procedures, and `keywords` written as a plain list for the default language.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from ruamel.yaml.nodes import MappingNode

from ..languages import BUILT_IN_LANGUAGES
from ..messages import Message
from .options import (
    AmountOption,
    ChoiceOption,
    DateOption,
    DurationOption,
    FallbackOption,
    IdOption,
    IntegerOption,
    KeywordsOption,
    MAX_TEXT_LENGTH,
    LanguageListOption,
    ListOption,
    MarkdownOption,
    PlainTextOption,
    ReadContext,
    Record,
    RecordOption,
    RefOption,
    TextOption,
    check_unique_ids,
    did_you_mean,
)

CHANNELS = ("chat", "email", "phone", "social", "form")
# These also go into the JSON Schema, which editors read as JavaScript regexes: no `\"` escapes.
# Characters RFC 3986 never allows unescaped in a URL (and quotes, which end an attribute) are refused
# early, with the seller's line; the renderer writes every address as an escaped attribute regardless.
URL_PATTERN = r"""https?://[^\s<>"'{}|\\^`/?#@\[\]]+(?:[/?#][^\s<>"'{}|\\^`]*)?"""
EMAIL_PATTERN = r"""(mailto:)?[^@\s<>"'()\[\]\\,;:{}]+@[^@\s<>"'()\[\]\\,;:{}/?#]+\.[^@\s<>"'()\[\]\\,;:{}/?#]+"""
PHONE_PATTERN = r"(tel:)?\+?[0-9][0-9 ()\-.]{3,}[0-9]"
# Active ISO 4217 codes: a typo like `RUR` or `CYN` must not reach a price tag.
ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
    CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF
    GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
    LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL
    THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG""".split()
)


# --- site.yml ---------------------------------------------------------------------------------


class Shop(Record):
    """The shop's identity, shown on every page."""

    name = TextOption("The shop's name.")
    tagline = TextOption("One line under the name on the home page.", required=False)


class Category(Record):
    """One FAQ category; its entries live in `faq/<id>.yml`."""

    id = IdOption("The category id, also the name of its file in faq/.")
    title = TextOption("The category's name in the navigation and on the home page.")
    description = TextOption("One line about the category on the home page (addition).", required=False)


class Contact(Record):
    """One way to reach the shop's customer service."""

    id = IdOption("Unique among the contact channels.")
    channel = ChoiceOption(CHANNELS, "What kind of channel it is; decides how `address` is linked.")
    label = TextOption("What the buyer sees, e.g. 'Live chat'.")
    address = PlainTextOption("A URL (chat, social, form), an e-mail address (email) or a phone number (phone).")
    hours = TextOption("When the channel is staffed.", required=False)
    response_time = DurationOption("How soon a buyer gets a first answer.", required=False)

    def check(self, ctx: ReadContext) -> None:
        pattern, what = {
            "email": (EMAIL_PATTERN, "expect.email"),
            "phone": (PHONE_PATTERN, "expect.phone"),
        }.get(self.channel, (URL_PATTERN, "expect.chat_url"))
        if not re.fullmatch(pattern, self.address):
            ctx.report_at(self.key_positions["address"],
                          Message("contact.address", value=self.address, expected=Message(what), channel=self.channel))


class Site(Record):
    """`site.yml`: the shop, its languages, its categories and its contact channels."""

    shop = RecordOption(Shop, "The shop's name and tagline.")
    languages = LanguageListOption(
        "The site's languages as BCP 47 codes; the first is the default (source) language. "
        f"kbgen ships {', '.join(BUILT_IN_LANGUAGES)}; a shop adds another with a `locales/<code>.yml` of its own "
        "(see *Beside the source folder*)."
    )
    fallback = FallbackOption(
        "Per language, the languages to show a missing text in, tried in order before the default (v1.1), "
        "e.g. `{ru: [en], ko: [en]}`. Without it, zh-Hant tries zh-Hans, and every language ends at the default.",
        required=False,
    )
    categories = ListOption(RecordOption(Category), "The FAQ categories, in display order.", min_items=1)
    contact = ListOption(RecordOption(Contact), "The contact channels, at least one.", min_items=1)
    url = PlainTextOption(
        "Where the buyers' site is published (addition); makes the sitemap and hreflang links absolute, and the "
        "FAQ links the handbook gives agents to send buyers (`kbgen validate` warns when procedures link FAQ entries "
        "and it is missing).",
        required=False,
        pattern=URL_PATTERN,
        pattern_hint="expect.url",
    )

    @classmethod
    def read(cls, node, ctx: ReadContext):
        # The texts of site.yml are checked against its own `languages`, wherever that key stands.
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == "languages":
                    scratch = ReadContext(ctx.file, [], known_languages=ctx.known_languages)
                    languages = cls.options["languages"].read(value, scratch)
                    ctx.languages = languages or None
        return super().read(node, ctx)

    def check(self, ctx: ReadContext) -> None:
        check_unique_ids(self.categories, "category", ctx)
        check_unique_ids(self.contact, "contact", ctx)


# --- faq/<category>.yml -----------------------------------------------------------------------


class FaqEntry(Record):
    """One question and its answer."""

    defines = "FAQ entry"
    id = IdOption("Unique across all categories; the anchor of the entry's URL.")
    question = TextOption("The question as a buyer would ask it.")
    answer = MarkdownOption("The answer.")
    keywords = KeywordsOption("Extra search words per language: synonyms, colloquial words.", required=False)
    related = ListOption(RefOption("FAQ entry"), "Ids of the next questions a buyer may have.", required=False)
    warranty = RefOption("warranty policy", "The warranty policy this answer is about.", required=False)
    agent_note = MarkdownOption("A note for agents only; never on the buyers' site.", required=False, agents_only=True)
    reviewed = DateOption("When the answer was last checked.", required=False)


class FaqFile(Record):
    """`faq/<category>.yml`, or each file of a folder `faq/<category>/` (read in file-name order): the entries of one category, in display order."""

    entries = ListOption(RecordOption(FaqEntry), "The category's entries, in display order.")


# --- warranty/<id>.yml ------------------------------------------------------------------------


class Price(Record):
    """An amount in an ISO 4217 currency."""

    amount = AmountOption("The price, e.g. 99 or 99.50.")
    currency = PlainTextOption(
        "ISO 4217 currency code, e.g. CNY, RUB, KRW.", pattern=r"[A-Z]{3}", pattern_hint="expect.currency"
    )

    def check(self, ctx: ReadContext) -> None:
        if self.currency not in ISO_4217:
            ctx.report_at(self.key_positions["currency"], Message("price.currency", value=self.currency))


class Extension(Record):
    """An extended-warranty offer."""

    id = IdOption("Unique within the policy.")
    extra_months = IntegerOption("Months added to the warranty.", minimum=1, maximum=120)
    price = RecordOption(Price, "What the extension costs.")
    buy_within_days = IntegerOption(
        "How many days after the warranty's start the extension can still be bought (v1.1); "
        "without it, while the warranty runs. Never after the warranty's last day: a window that can outlast "
        "the warranty gets a warning.",
        minimum=1,
        maximum=3660,
        required=False,
    )


class Warranty(Record):
    """`warranty/<id>.yml`: one warranty policy."""

    title = TextOption("The policy's name.")
    applies_to = TextOption("The products the policy covers.")
    duration_months = IntegerOption("How long the warranty lasts.", minimum=1, maximum=120)
    starts_on = ChoiceOption(("delivery", "purchase"), "The event the warranty period counts from.")
    covers = ListOption(TextOption(), "What the warranty covers.", min_items=1)
    excludes = ListOption(TextOption(), "What it does not cover (may be empty).")
    claim_steps = ListOption(MarkdownOption(), "What the buyer does to claim, in order.", min_items=1)
    costs = MarkdownOption("Who pays shipping and repair.", required=False)
    extensions = ListOption(RecordOption(Extension), "Extended-warranty offers.", required=False)
    agent_note = MarkdownOption("A note for agents only.", required=False, agents_only=True)
    reviewed = DateOption("When the policy was last checked (addition).", required=False)

    def check(self, ctx: ReadContext) -> None:
        check_unique_ids(self.extensions or [], "extension", ctx)

    def sale_window_days(self, extension: Extension) -> int | None:
        """How many days after the warranty's start `extension` is sold, or None: while the warranty runs.

        An extension is never sold after the warranty's last day; a window at least as long as the
        longest this warranty can last (`warranty_length_days`) ends with the warranty, whatever the
        start date, so it is said and computed as "while the warranty runs".
        """
        within = extension.buy_within_days
        if within is None or within >= warranty_length_days(self.duration_months)[1]:
            return None
        return within


def add_months(start: dt.date, months: int) -> dt.date:
    """A warranty's last day: the same day of the month `months` later, or that month's last day when it is
    shorter (2026-01-31 + 1 -> 2026-02-28). The buyers' checker computes it the same way (warranty-dates.js)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    return dt.date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=None)
def warranty_length_days(months: int) -> tuple[int, int]:
    """The fewest and the most days a warranty of `months` months lasts from its start to its last day:
    it depends on the start date (`12` -> 365 or 366). Every start of a four-year leap cycle is tried."""
    first = dt.date(2001, 1, 1)
    lengths = {(add_months(start, months) - start).days for start in (first + dt.timedelta(days) for days in range(1461))}
    return min(lengths), max(lengths)


# --- handbook/<id>.yml (agents only) ----------------------------------------------------------


class Sla(Record):
    """The procedure's deadlines."""

    first_reply = DurationOption("Time to the first reply.", required=False)
    resolve = DurationOption("Time to resolution.", required=False)


class Branch(Record):
    """A decision in a step: if the condition holds, go to another step."""

    condition = TextOption("The condition, as the agent checks it.", key="if")
    goto = RefOption("step", "The id of a step in this procedure.")


class Step(Record):
    """One step of a procedure."""

    id = IdOption("Unique in this procedure.")
    title = TextOption("The step in a few words.")
    do = MarkdownOption("What the agent does.")
    say = TextOption(
        "A canned reply; may hold {placeholders} such as {order_id}: the handbook gives agents a field for each, "
        "and computes {warranty_end} from a warranty policy and the delivery or purchase date.",
        required=False,
    )
    faq = ListOption(RefOption("FAQ entry"), "FAQ entries the agent can send to the buyer.", required=False)
    branches = ListOption(RecordOption(Branch), "Decisions; without them the next step follows.", required=False)
    next_step = RefOption(
        "step",
        "The step that follows when no branch applies, if not the one below it: where two paths join "
        "(both kinds of approval go on to tracking the return) (addition).",
        required=False,
        key="next",
    )


class Procedure(Record):
    """`handbook/<id>.yml`: one standard procedure, for agents only."""

    title = TextOption("The procedure's name.", agents_only=True)
    when = MarkdownOption("When an agent uses this procedure.", agents_only=True)
    sla = RecordOption(Sla, "Deadlines.", required=False, agents_only=True)
    steps = ListOption(RecordOption(Step), "The steps, in order.", min_items=1, agents_only=True)
    escalate = MarkdownOption("When and to whom to escalate.", required=False, agents_only=True)
    reviewed = DateOption("When the procedure was last checked (addition).", required=False, agents_only=True)
    reading_order = IntegerOption(
        "Where a new agent reads this procedure on the handbook's Start here page: lower first; procedures "
        "without it follow, in file-name order (addition).",
        minimum=1, maximum=999, required=False, agents_only=True,
    )

    def step_after(self, step: Step) -> Step | None:
        """Where `step` goes when none of its branches applies: its `next`, else the step below it;
        None when it is the last step (the procedure ends)."""
        if step.next_step is not None:
            return next(other for other in self.steps if other.id == step.next_step)
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def check(self, ctx: ReadContext) -> None:
        check_unique_ids(self.steps, "step", ctx)
        step_ids = {step.id for step in self.steps}
        for step in self.steps:
            targets = [("goto", branch.goto) for branch in step.branches or []]
            if step.next_step is not None:
                targets.append(("next", step.next_step))
            for key, target in targets:
                if target not in step_ids:
                    ctx.report_at(
                        target.position,
                        Message("step.unknown", field=key, value=target, hint=did_you_mean(target, step_ids)),
                    )
            if step.next_step == step.id:
                ctx.report_at(step.next_step.position, Message("step.next_itself", value=step.next_step))


# Each kind of source file and the record its whole file is.
class PageFrontMatter(Record):
    """The front matter of a hand-written page of `docs/` (addition): YAML between two `---` lines at its top."""

    title = PlainTextOption(
        "The page's title in the navigation, the browser tab and search results; without it, its first heading.",
        required=False, max_length=MAX_TEXT_LENGTH,
    )
    description = PlainTextOption(
        "One line for search engines and link previews; without it, the start of the page's text.",
        required=False, max_length=MAX_TEXT_LENGTH,
    )
    keywords = ListOption(
        PlainTextOption(max_length=MAX_TEXT_LENGTH),
        "Extra search words for the page in its language: synonyms, colloquial words (`[shipping, postage]`).",
        required=False,
    )


FILE_RECORDS: dict[str, type[Record]] = {
    "site": Site,
    "faq": FaqFile,
    "warranty": Warranty,
    "handbook": Procedure,
}
