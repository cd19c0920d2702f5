"""The pages of the buyers' site: their source paths inside a language folder, and their URLs.

Every page exists in every language at the same path: the default language at
the site's root, the others under `/<code>/`. So an entry's address is
`/<lang>/faq/<category>/#<entry-id>` (`/faq/<category>/#<entry-id>` in the
default language), whatever the language: an agent can paste it, and the
language switcher and `hreflang` links can map any page to its translations.
The URL scheme itself is defined once, in `urls.py` (the handbook links here too).
"""

from __future__ import annotations

from .urls import category_page_source, public_page_url

HOME_PAGE = "index.md"
CONTACT_PAGE = "contact.md"


def category_page_path(category_id: str) -> str:
    return category_page_source(category_id)


def warranty_page_path(policy_id: str) -> str:
    return f"warranty/{policy_id}.md"


def page_url(path: str, language: str, default_language: str) -> str:
    """The page's URL relative to the site's root, as MkDocs writes it: `ru/faq/orders/`, `` for the home page."""
    return public_page_url(path, language=language, default_language=default_language, site_url=None)
