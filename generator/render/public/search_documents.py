"""What the buyers' search finds, and the files that put it on the site and in the shop-page widget.

The search engine itself (tokenizer, prebuilt per-language sharded indexes with lunr's scoring, the
browser half) is `generator/search/`; this module decides what goes in.

Searchable documents, one set per language of `site.yml` (`search_documents`):

- every FAQ entry: title = its question, keywords = its `keywords`, body = the
  answer as plain text; it links to `faq/<category>/#<entry-id>` in that language;
- every warranty policy: title, body = what it applies to, covers and excludes,
  and how to claim; as keywords the interface's words for a warranty
  (`warranty_search_words`: "guarantee", 保修期, 보증 기간) and, when the policy offers
  extensions, the page's heading for them, so a buyer finds the page in the words of
  their language even where the policy is not translated into it; it links to its page;
- the contact page: the channels' names, hours and addresses, and as keywords
  the interface's own words for reaching the shop (`contact_search_words` of
  the language file: "phone number", 연락처, 联系客服), so a buyer finds it
  whatever the seller named the channels;
- every hand-written page of `docs/` (generator/hand_written.py): title = its
  `title:` or first heading, keywords = its `keywords:`, body = its text.

A text missing in a language is indexed in the default language, as the page
shows it: the buyer still finds the answer by the words the page shows (and the
widget shows it with the page's "not yet translated" notice). Nothing agents-only can get in: the input is
a `PublicView`.

Where the files go (`search_and_widget_files`, written beside the built site):

    search/...                          the search (shared/site_search/: indexes, engines, box), for the
                                        site's box and the widget alike
    widget/...                          the shop-page widget's own files (render/widget/)

The index holds the answers' HTML in shards of their own (generator/search/index.py):
the widget, which shows answers inline, loads the one holding an answer when a
buyer opens a result; the site's box, which links to the answer, never loads them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

from ...hand_written import HandWrittenDocs, HandWrittenPage
from ...search import SearchDocument, html_to_text
from ...view import Localizer, PublicView
from ..shared.formatting import contact_href, contact_link_text, months_text, plain_address
from ..shared.html_templates import ready_html
from ..shared.markup import Heading, markdown_sections, markdown_to_text
from .page import PublicPage, localized_page
from ..shared.site_search import SearchFolder, language_by_language, search_files, search_indexes, search_text
from ..shared.urls import CONTACT_PAGE, category_page_path, faq_entry_url, public_page_url, warranty_page_path

__all__ = ["search_documents", "search_and_widget_files", "no_result_contacts"]

#: `kind` of each searchable document (the result list shows warranty and contact results with a label).
FAQ, WARRANTY, CONTACT, PAGE = "faq", "warranty", "contact", "page"


def search_documents(view: PublicView, language: str, hand_written: HandWrittenDocs | None = None) -> list[SearchDocument]:
    """Every searchable document of the buyers' site in `language`, in page order.

    Each carries its answer as HTML (`answer_html`) for the widget; the site's
    box never loads it (see `search_and_widget_files`). URLs are relative to the site's
    root (`ru/faq/orders/#track-parcel`): the site resolves them against its own
    root, the widget against the address it was loaded from.
    """
    localize = view.localizer(language)
    documents: list[SearchDocument] = []
    for category_id, entry in view.entries():
        answer = view.answer(entry, language)
        documents.append(
            SearchDocument(
                ref=entry.id,
                url=faq_entry_url(category_id, entry.id, language=language,
                                  default_language=view.default_language, site_url=None),
                title=localize(entry.question).text,
                keywords=localize.keywords(entry.keywords),
                # The answer's own text, without the "not yet translated" notice of a fallback.
                body=answer.plain,
                kind=FAQ,
                # As its category page shows it (a fallback with its notice).
                answer_html=PublicPage(view, language, category_page_path(category_id)).with_fallback_notice(answer),
            )
        )
    for policy_id, policy in view.warranties.items():
        documents.append(_warranty_document(view, localize, policy_id, policy))
    documents.append(_contact_document(view, localize))
    for page in hand_written.pages if hand_written else []:
        documents.append(_hand_written_document(view, localize, page))
    return documents


def warranty_ref(policy_id: str) -> str:
    """The search ref of a warranty policy: `warranty/<id>` (FAQ ids cannot hold a `/`, so no clash)."""
    return f"warranty/{policy_id}"


def _warranty_document(view: PublicView, localize: Localizer, policy_id: str, policy) -> SearchDocument:
    language = localize.language
    words = view.interface.site
    page = PublicPage(view, language, warranty_page_path(policy_id))
    period = words(language, f"period_from_{policy.starts_on}", duration=months_text(words, language, policy.duration_months))
    covers = [localize(item).text for item in policy.covers]
    excludes = [localize(item).text for item in policy.excludes]
    steps = [localize(step) for step in policy.claim_steps]
    applies_to = localize(policy.applies_to).text
    body_parts = [applies_to, period, *covers, *excludes, *(markdown_to_text(step.text) for step in steps)]
    if policy.costs:
        body_parts.append(markdown_to_text(localize(policy.costs).text))
    # The widget's short version of the page: what it applies to, how long, what it covers.
    summary = view.templates.render(
        "public/widget-warranty.html",
        labels={key: words(language, key) for key in ("applies_to", "period", "covered")},
        applies_to=ready_html(page.inline_html(policy.applies_to)),
        period=period,
        covers=[ready_html(page.inline_html(item)) for item in policy.covers],
    )
    return SearchDocument(
        ref=warranty_ref(policy_id),
        url=public_page_url(warranty_page_path(policy_id), language=language,
                            default_language=view.default_language, site_url=None),
        title=localize(policy.title).text,
        keywords=[words(language, "warranty_search_words"), *([words(language, "extensions")] if policy.extensions else [])],
        body=" ".join(part for part in body_parts if part),
        kind=WARRANTY,
        answer_html=summary,
    )


def _contact_document(view: PublicView, localize: Localizer) -> SearchDocument:
    language = localize.language
    words = view.interface.site
    page = PublicPage(view, language, CONTACT_PAGE)
    labels = [localize(contact.label).text for contact in view.contacts]
    body_parts = [words(language, "contact_intro")]
    channels = []
    for contact, label in zip(view.contacts, labels):
        hours = localize(contact.hours).text if contact.hours else ""
        body_parts += [label, hours, plain_address(contact.address) if contact.channel in ("email", "phone") else ""]
        channels.append(
            {
                "label": ready_html(page.inline_html(contact.label)),
                "link": ready_html(page.contact_link(contact, html.escape(contact_link_text(contact), quote=False))),
                "hours": ready_html(page.inline_html(contact.hours)) if contact.hours else "",
            }
        )
    return SearchDocument(
        ref="contact",
        url=public_page_url(CONTACT_PAGE, language=language, default_language=view.default_language, site_url=None),
        title=words(language, "contact_page"),
        keywords=[*labels, words(language, "contact_search_words")],
        body=" ".join(part for part in body_parts if part),
        kind=CONTACT,
        answer_html=view.templates.render("public/widget-contacts.html", channels=channels),
    )


def _hand_written_document(view: PublicView, localize: Localizer, page: HandWrittenPage) -> SearchDocument:
    """A page of `docs/` in the language of `localize`, or in the default language as the page falls back."""
    source, shown = localized_page(page.sources, localize)
    sections = markdown_sections(shown.text, page.path)
    headings = [section.text for section in sections if isinstance(section, Heading)]
    title = source.title or (headings[0] if headings else page.name)
    # The body: the page's text without the heading that became its title.
    body = [section.text if isinstance(section, Heading) else html_to_text(section) for section in sections]
    if not source.title and headings:
        body.remove(headings[0])
    return SearchDocument(
        ref=f"page/{page.name}",
        url=public_page_url(page.path, language=localize.language, default_language=view.default_language, site_url=None),
        title=title,
        keywords=list(source.keywords),
        body=" ".join(part for part in body if part),
        kind=PAGE,
        # No answer for the widget to show inline: a page is long, and its links to other pages
        # (`contact.md`) mean something only on the site. The widget shows the snippet and a link.
        answer_html=None,
    )


def no_result_contacts(view: PublicView, language: str) -> dict:
    """What the site's search box and the widget offer when nothing matches: the shop's channels, as data.

    `{"page": the contact page's URL relative to the site's root, "channels": [{label, label_lang, href,
    text, hours, hours_lang, other_host}]}`, all plain text (`*_lang`: the language a label or hours are
    written in, a fallback's where not translated); `href` is built from the parsed address as the contact
    page builds it (`formatting.contact_href`), and the browser puts every value in place as text or
    as one attribute (`contactChannels` in shared/site_search/kb-search-box.js), never as markup.
    """
    localize = view.localizer(language)
    channels = []
    for contact in view.contacts:
        label = localize(contact.label)
        hours = localize(contact.hours) if contact.hours else None
        channels.append({
            "label": markdown_to_text(label.text),
            "label_lang": label.language,
            "href": contact_href(contact),
            "text": contact_link_text(contact),
            "hours": markdown_to_text(hours.text) if hours else "",
            "hours_lang": hours.language if hours else "",
            "other_host": contact.channel not in ("email", "phone"),
        })
    page = public_page_url(CONTACT_PAGE, language=language, default_language=view.default_language, site_url=None)
    return {"page": page, "channels": channels}


def buyers_search_indexes(view: PublicView, languages: Iterable[str], hand_written: HandWrittenDocs | None = None) -> SearchFolder:
    """The buyers' index and engine files of `languages` (`search_indexes`), kept (a preview's)."""
    return search_indexes({language: search_documents(view, language, hand_written) for language in languages})


def search_and_widget_files(
    view: PublicView, hand_written: HandWrittenDocs | None = None, indexes: SearchFolder | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every file the buyers' search needs beside the built site, one by one (path, bytes): `search/` and `widget/`.

    `indexes`: every language's, when already made (`buyers_search_indexes`: a preview makes again only
    the languages an edit changed); else made here, one language after the other (`language_by_language`).
    """
    from ..widget import widget_files

    made = indexes.each_language() if indexes is not None else language_by_language(
        view.languages, lambda language: search_documents(view, language, hand_written))
    versions = yield from search_files(
        made, lambda language: search_text(view.interface, language),
        contacts_for=lambda language: no_result_contacts(view, language),
    )
    yield from widget_files(view, versions).items()
