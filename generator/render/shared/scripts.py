"""Script files built from more than one source: functions two scripts need, written once.

The warranty's date rule (`warranty-dates.js`: the last day of a warranty, an ISO date typed
in a form, a date written in a language) is computed in the buyers' warranty checker and in the
handbook's reply composer;
the handbook's composer and self-checks share a map keyed by the seller's names
(handbook/assets/seller-keys.js). Each script ships with the shared functions in its own
scope, so each function has one copy in the source and no global on the page.
"""

from __future__ import annotations

from pathlib import Path

WARRANTY_DATES_JS = Path(__file__).with_name("warranty-dates.js")


def in_one_scope(script: Path, *shared: Path) -> bytes:
    """`script` (a file whose code is one function scope) inside an outer scope that holds the functions of
    the `shared` files: they reach it, and nothing reaches the page's globals."""
    sources = [path.read_text(encoding="utf-8") for path in (*shared, script)]
    return "\n".join(["(function () {", '"use strict";', *sources, "})();", ""]).encode("utf-8")
