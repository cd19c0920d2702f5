"""The reply composer: replies in the buyer's language, their placeholders filled in, links the buyer can open.

An agent answers a buyer who may write in another language than the agent reads the
handbook in (a Chinese agent, a Russian buyer on Ozon). A page with replies or buyers'
links carries one composer (templates/composer.html, above the first reply):

- the buyer's language, picked once for the page (and remembered for the browser tab):
  every reply shows its text in that language, or says it is not written in it and shows
  the next language of the shop's fallback order (`fallback_order`, the buyers' site's
  rule: each option carries its order, best first); every buyers' link is the one in
  that language;
- one field per placeholder name of the page's replies (`{order_id}` typed once fills
  every reply), the replies' preview updating as the agent types; Copy copies the filled
  text and warns about a placeholder left empty;
- computed placeholders: `{warranty_end}` from the policy and the day it counts from
  (delivery or purchase), by the buyers' warranty checker's rule.

The handbook's own language stays the agent's. What the agent types stays in the tab
(sessionStorage): nothing is sent anywhere and nothing outlives the session. The
behaviour is assets/composer.js; without script the page shows each reply in the page's
language and its copy button copies it as written.
"""

from __future__ import annotations

import re

from ...model import Text
from .page import HandbookPage

# Placeholders in canned replies: `{order_id}`, `{имя}`: braces around a name without spaces.
PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")

#: A placeholder the composer computes: the warranty's last day, from a policy and a start date.
WARRANTY_END = "warranty_end"


def placeholder_names(texts: list[Text]) -> list[str]:
    """The placeholder names of `texts` in every language they are written in, each once, in order of appearance."""
    names: dict[str, None] = {}
    for text in texts:
        for string in text.strings.values():
            for match in PLACEHOLDER.finditer(string):
                names.setdefault(match.group()[1:-1], None)
    return list(names)


def buyer_languages(page: HandbookPage) -> list[dict]:
    """The languages a buyer may write in (the shop's), each with its fallback order: the composer's choices."""
    view = page.view
    shown = page.localize.order  # the page's language, or the first it falls back to that the shop has
    selected = next(code for code in shown if code in view.site.languages)
    languages = view.interface.languages
    reader = languages[page.language]

    def missing(buyer: str) -> dict[str, str]:
        # "Not yet written in Russian: shown in English", per language a reply may be shown in instead, in
        # the page's words for both languages (and, in Korean, the particles those words take).
        return {
            code: page.ui("reply_missing_language", buyer=languages[buyer].name_in(reader), shown=languages[code].name_in(reader))
            for code in view.localizer(buyer).order if code != buyer
        }

    return [
        {
            "code": code,
            "name": languages[code].native_name,
            "order": view.localizer(code).order,
            "missing": missing(code),
            "locale": view.interface.locale(code),
            "first_of_month": view.interface.site(code, "first_of_month"),  # the buyers' words: dates in replies
            "selected": code == selected,
        }
        for code in view.site.languages
    ]


def composer_box(page: HandbookPage, replies: list[Text]) -> str:
    """The composer above a page's replies and links (`replies`: the page's canned replies, maybe none)."""
    names = placeholder_names(replies)
    warranty = None
    if WARRANTY_END in names and page.view.warranties:
        warranty = _warranty_end_field(page)
    return page.render(
        "composer",
        title=page.ui("composer_title") if replies else "",  # a page of links only: just the buyer's language
        privacy=page.ui("composer_privacy"),
        language_label=page.ui("buyer_language"),
        languages=buyer_languages(page),
        fields=[name for name in names if not (warranty and name == WARRANTY_END)],
        warranty=warranty,
        clear=page.ui("composer_clear"),
        # Filled in by the script: its {placeholders} stay in.
        empty=page.words.template(page.language, "placeholders_empty"),
    )


def _warranty_end_field(page: HandbookPage) -> dict:
    """`{warranty_end}`: a policy (its months, the event it counts from) and a date, computed in the browser."""
    policies = []
    for policy_id, policy in page.view.warranties.items():
        duration = page.ui("months", n=policy.duration_months)
        starts = page.ui(f"starts_on_{policy.starts_on}")
        policies.append(
            {"id": policy_id, "months": policy.duration_months, "label": f"{page.plain(policy.title)} · {duration} · {starts}"}
        )
    return {
        "name": WARRANTY_END,
        "legend": page.ui("warranty_end_legend"),
        "policy_label": page.ui("warranty_policy"),
        "date_label": page.ui("warranty_start_date"),
        "policies": policies,
    }
