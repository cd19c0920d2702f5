"""A warranty policy page, which prints as a clean warranty card, with a warranty checker.

    # <policy title>
    Applies to / Warranty period (duration and the day it starts) / Check your warranty (the checker)
    What is covered / What is not covered / How to make a claim / Costs / Extended warranty (offers, prices)

The checker is a form the page's script (`assets/public.js`) brings to life: the
buyer enters the delivery or purchase date, whichever the policy starts on, and
reads the warranty's last day, whether it still covers them today, and until
when each extension can be bought (one line for all of them when they share
that day, else one line per offer, named as the page names it). It stays hidden
without JavaScript. The rules it follows are in `assets/public.js` (`addMonths`);
in short: the last day is the same day of the month N months later, or that
month's last day when it is shorter (31 January + 1 month = 28/29 February); the
buyer is covered up to and including the last day; an extension can be bought up
to and including its `buy_within_days`-th day after the warranty's start (never
after the warranty's last day), or, without that field, while the warranty runs.
The window the page states is the one the checker applies (`Warranty.sale_window_days`).
Its strings and the extension offers travel as JSON inside the form.
"""

from __future__ import annotations

from ...model import Extension, Warranty
from ...search import shorten
from ..shared.formatting import format_price, months_text
from ..shared.html_blocks import HtmlBlocks
from ..shared.html_templates import ready_html
from ..shared.markup import escape_inline
from ..shared.page import PageSource
from ..shared.sanitize import script_json
from .page import PublicPage

CHECKER_TEXT_KEYS = (
    "checker_covered",
    "checker_expired",
    "checker_extension_until",
    "checker_extension_closed",
    "checker_offer_until",
    "checker_offer_closed",
    "checker_extension_ends",
    "checker_future",
    "checker_invalid",
    "extensions_rule",
    "first_of_month",
)


def render_warranty_page(page: PublicPage, policy_id: str, policy: Warranty) -> PageSource:
    shop = page.plain(page.view.site.shop.name)
    period = page.ui(f"period_from_{policy.starts_on}", duration=months_text(page.words, page.language, policy.duration_months))
    blocks = HtmlBlocks()
    lines = [f"# {page.inline(policy.title)}", ""]
    # Printed, the page is a warranty card: it says whose warranty it is.
    lines += [escape_inline(shop), "{: .kb-print-only .kb-card-shop }", ""]
    lines += _section(page, "applies_to") + [page.inline(policy.applies_to), ""]
    lines += _section(page, "period") + [escape_inline(period), "{: .kb-period }", ""]
    lines += [blocks.place(render_checker(page, policy_id, policy)), ""]
    lines += _section(page, "covered") + [f"- {page.inline(item)}" for item in policy.covers] + [""]
    if policy.excludes:
        lines += _section(page, "not_covered") + [f"- {page.inline(item)}" for item in policy.excludes] + [""]
    lines += _section(page, "claim") + [blocks.place(_claim_steps(page, policy)), ""]
    if policy.costs:
        lines += _section(page, "costs") + [blocks.place(page.block(policy.costs)), ""]
    if policy.extensions:
        lines += _section(page, "extensions")
        # One rule under the offers when they share their window; else each offer says its own.
        windows = [policy.sale_window_days(extension) for extension in policy.extensions]
        one_window = len(set(windows)) == 1
        for extension, window in zip(policy.extensions, windows):
            # Its own rule on a line of its own under the offer (a Markdown hard break: two spaces).
            rule = "" if one_window else "  \n  " + escape_inline(_extensions_rule(page, policy, window))
            lines.append(f"- {escape_inline(_offer(page, extension))}{rule}")
        if one_window:
            lines += ["", escape_inline(_extensions_rule(page, policy, windows[0])), "{: .kb-extensions-rule }"]
        lines.append("")
    title = page.plain(policy.title)
    # One block, so that print styles can draw the card around the whole policy.
    body = page.view.templates.render("public/warranty-card.html", markdown=ready_html("\n".join(lines))) + "\n"
    return PageSource(
        body=blocks.attach(body),
        title=title,
        description=shorten(f"{title}: {period}. {page.plain(policy.applies_to)}"),
    )


def _offer(page: PublicPage, extension: Extension) -> str:
    """`12 months more for ¥99`: how the page, and the checker's line about it, name an offer."""
    return page.ui(
        "extension_offer",
        duration=months_text(page.words, page.language, extension.extra_months),
        price=format_price(extension.price.amount, extension.price.currency, page.locale),
    )


def _extensions_rule(page: PublicPage, policy: Warranty, within_days: int | None) -> str:
    """When an extension can be bought: while the warranty runs, or within N days of its start."""
    if within_days is None:
        return page.ui("extensions_rule")
    return page.ui(f"extensions_rule_{policy.starts_on}", days=page.ui("window_days", n=within_days))


def _section(page: PublicPage, key: str) -> list[str]:
    """A section heading whose anchor is the same in every language (`#covered`, `#claim`...)."""
    return [f"## {escape_inline(page.ui(key))} {{#{key.replace('_', '-')}}}", ""]


def _claim_steps(page: PublicPage, policy: Warranty) -> str:
    """The steps as an ordered list whose items hold HTML (several paragraphs, lists, a fallback notice)."""
    steps = [ready_html(page.block_html(page.markdown(step), tag="li")) for step in policy.claim_steps]
    return page.view.templates.render("public/claim-steps.html", steps=steps)


def render_checker(page: PublicPage, policy_id: str, policy: Warranty) -> str:
    """The checker's form, hidden until the script shows it; one block of raw HTML (written by us, not sellers)."""
    field = f"kb-checker-{policy_id}"
    label = page.ui("checker_delivery_date" if policy.starts_on == "delivery" else "checker_purchase_date")
    data = {
        "months": policy.duration_months,
        "locale": page.locale,
        # The offers in the page's order. `within`: the last day to buy one, counted in days from the
        # start (null: while the warranty runs); `offer`: its name on the page, for a line of its own
        # when the offers' last days differ; `label`: its months, for the day it would cover to.
        "extensions": [
            {
                "months": extension.extra_months,
                "within": policy.sale_window_days(extension),
                "label": months_text(page.words, page.language, extension.extra_months),
                "offer": _offer(page, extension),
            }
            for extension in policy.extensions or []
        ],
        "text": {key: page.words.template(page.language, key) for key in CHECKER_TEXT_KEYS},
    }
    return page.view.templates.render(
        "public/warranty-checker.html",
        field=field,
        title=page.ui("checker_title"),
        label=label,
        button=page.ui("checker_button"),
        rule=page.ui("checker_rule"),
        data=ready_html(script_json(data)),
    )
