"""The pages of the agents' handbook: their source paths inside a language folder, and step anchors.

The handbook has the buyers' site's layout (mkdocs-static-i18n folders: the
default language at the root, the others under `/<code>/`), under its own root.
"""

from __future__ import annotations

HOME = "index.md"
QUICK_REFERENCE = "quick-reference.md"


def procedure_page_source(procedure_id: str) -> str:
    return f"procedures/{procedure_id}.md"


def faq_page_source(category_id: str) -> str:
    return f"faq/{category_id}.md"


def warranty_page_source(policy_id: str) -> str:
    return f"warranty/{policy_id}.md"


def step_anchor(step_id: str) -> str:
    """The anchor of a step on its procedure page (prefixed so it never meets a heading's own id)."""
    return f"step-{step_id}"
