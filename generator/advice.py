"""Warnings: what a valid source builds fine with, but what agents or buyers will miss.

`kbgen validate` prints them after a valid source's summary (exit 0; on GitHub as warning
annotations); they never stop a build. Problems (validate.py) are what must be fixed.
"""

from __future__ import annotations

from .load import SITE_FILE
from .messages import Message
from .model.records import warranty_length_days
from .problems import Position, Problem
from .validate import KnowledgeBase


def source_warnings(kb: KnowledgeBase) -> list[Problem]:
    """Everything a valid source could do better for its readers, at the place to change."""
    warnings = []
    linked = [ref for procedure in kb.procedures.values() for step in procedure.steps for ref in step.faq or []]
    if linked and not kb.site.url:
        first = linked[0]
        warnings.append(
            Problem(Position(SITE_FILE), Message("advice.no_url", first=str(first.position)))
        )
    for policy in kb.warranties.values():
        shortest, longest = warranty_length_days(policy.duration_months)
        for extension in policy.extensions or []:
            # Never sold after the warranty's last day: a longer window is not what buyers are told.
            if extension.buy_within_days is not None and extension.buy_within_days > shortest:
                warnings.append(Problem(extension.key_positions["buy_within_days"], Message(
                    "advice.window_past_warranty", days=extension.buy_within_days, shortest=shortest, longest=longest,
                )))
    return warnings
