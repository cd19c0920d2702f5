"""A site's search: its `search/` folder (per-language indexes and engines, the search box) and the box's words.

Both sites ship the same folder (`search_files`), each from its own documents
(public/search_documents.py, handbook/search_documents.py) and with its own words in
the box:

    search/<lang>/meta.js and shards    the language's index (generator/search/index.py): data
                                        scripts the engine loads when a query needs them
    search/kb-search.<lang>.bundle.js   the language's stemmer + kb-search.js (one script)
    search/kb-search-ui.js, .css        the search box (the files of this folder)

Every data file is a script that hands its JSON over with an event (no global):
the site's box, the widget on a shop's page (another host: a script needs no
CORS) and the handbook opened from disk (no fetch() there) load the same files.
The buyers' index also holds the answers' HTML in shards of its own, which only
the widget loads (it shows answers inline; the site links to them).

The buyers' search box and the widget share their words (`search_text`).

Two boxes share one behaviour (`kb-search-box.js`: typing, loading the index
on first use, keyboard navigation, the spoken result count):

- the site's box in the hero slot of every page (`theme/partials/kb-search.html`
  writes the markup; `kb-search-site.js` + `kb-search-ui.css` here);
- the shop-page widget (`render/widget/`).

The scripts are assembled at build time (`site_search_script`): the site's
languages and their words travel as JSON at the top of the file, so a page
needs no extra request for them. The label of the site's box is Material's own
word for "Search" (`lang.t`), written into the page by the partial.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from collections.abc import Callable, Generator, Iterable, Iterator

from ....interface_text import InterfaceText
from ....search import SearchDocument, build_search_index, bundle_script, index_scripts
from ..sanitize import script_json

SEARCH_FOLDER = "search"
HERE = Path(__file__).parent
SEARCH_BOX_JS = HERE / "kb-search-box.js"
SEARCH_SITE_JS = HERE / "kb-search-site.js"
SEARCH_UI_CSS = HERE / "kb-search-ui.css"

#: Words the box shows that the rest of the site already has (the `site` section of the
#: language files): the label of a warranty or contact result (also the heading of the channels
#: a search without result offers), the link to all questions, and the one to the contact page.
SHARED_UI_KEYS = {"kind_warranty": "warranty_policies", "kind_contact": "contact_page", "all_questions": "all_questions",
                  "all_contacts": "all_contacts"}


def search_text(interface: InterfaceText, language: str) -> dict:
    """Every word the search box and the widget show in `language` (`search` section, and SHARED_UI_KEYS).

    `results` stays a mapping by CLDR plural category, with `{n}`: the browser picks
    the form with `Intl.PluralRules` (a missing category falls back to `other`).
    """
    own = interface.search.table(language)
    return {**own, **{key: interface.site(language, source) for key, source in SHARED_UI_KEYS.items()}}


def content_version(texts: list[str]) -> str:
    """A short hash of files' contents, put in their URLs (`?v=`) so that no browser pairs a stale one with new ones."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def site_search_script(
    versions: dict[str, str], text_for: Callable[[str], dict], *,
    contacts_for: Callable[[str], dict] | None = None, first_kinds: tuple[str, ...] = (),
) -> str:
    """`search/kb-search-ui.js`: the site's languages with their words and file versions, the shared box, the site's glue.

    `versions`: per language, the `LanguageSearch.version` of its index and engine;
    `text_for(language)`: the box's words (`search_text` for the buyers'; the handbook has its own);
    `contacts_for(language)`: the channels a search without result offers (the buyers' site:
    `public.search_documents.no_result_contacts`; the handbook offers none);
    `first_kinds`: results of these kinds come before the others that match (the handbook: procedures).
    """
    config = {
        language: {"text": text_for(language), "version": version, "firstKinds": list(first_kinds)}
        for language, version in versions.items()
    }
    if contacts_for is not None:
        for language in config:
            config[language]["contacts"] = contacts_for(language)
    return scoped_script(
        "kbgen: the help center's search box. Sources: generator/render/shared/site_search/",
        "KB_SEARCH_CONFIG", config, SEARCH_BOX_JS, SEARCH_SITE_JS,
    )


def scoped_script(banner: str, config_name: str, config: dict, *sources: Path) -> str:
    """One script file: `config` as `var config_name`, then `sources`, all in one function scope.

    The scope keeps every name of ours off the page's globals: the widget runs on
    shop pages whose own scripts we do not know. The file is ASCII only (its config's
    words as `\\uXXXX`, the sources have none other): a shop page in GBK or windows-1251
    decodes a script whose server names no charset as its own encoding.
    """
    return "\n".join(
        [
            f"/* {banner} */",
            "(function () {",
            '"use strict";',
            f"var {config_name} = {script_json(config, ascii_only=True)};",
            *(source.read_text(encoding="utf-8") for source in sources),
            "})();",
            "",
        ]
    )


#: One language's search: the language, its index and engine files (path -> bytes), their version.
LanguageSearch = tuple[str, dict[str, bytes], str]


@dataclasses.dataclass
class SearchFolder:
    """A site's index and engine files under `search/`, per language (path -> bytes), and per language their
    version (`?v=` of the language's meta and engine bundle: a new build is never mixed with a cached old one)."""

    languages: dict[str, dict[str, bytes]]
    versions: dict[str, str]

    @property
    def files(self) -> dict[str, bytes]:
        """Every language's files (path -> bytes)."""
        return {path: data for files in self.languages.values() for path, data in files.items()}

    def each_language(self) -> Iterator[LanguageSearch]:
        """Every language's files and version, as `search_files` takes them."""
        for language, files in self.languages.items():
            yield language, files, self.versions[language]

    def with_languages_of(self, other: SearchFolder) -> SearchFolder:
        """This folder with the languages `other` holds in place of its own (their index and engine files, versions)."""
        return SearchFolder({**self.languages, **other.languages}, {**self.versions, **other.versions})


def language_by_language(languages: Iterable[str], documents_for: Callable[[str], list[SearchDocument]]) -> Iterator[LanguageSearch]:
    """Per language, the index (`search/<lang>/...`) and the engine bundle (`search/kb-search.<lang>.bundle.js`)
    of its documents (`documents_for(language)`), made when asked for: a build writes one language's files and
    lets them go, with its documents, before the next language's are made (every language's at once, in a
    large shop, was hundreds of megabytes)."""
    for language in languages:
        yield _language_search(language, documents_for(language))


def _language_search(language: str, documents: list[SearchDocument]) -> LanguageSearch:
    scripts, meta_version = index_scripts(build_search_index(documents, language))
    bundle = bundle_script(language)
    files = {f"{SEARCH_FOLDER}/{name}": text.encode("utf-8") for name, text in scripts.items()}
    files[f"{SEARCH_FOLDER}/kb-search.{language}.bundle.js"] = bundle.encode("utf-8")
    return language, files, content_version([meta_version, bundle])


def search_indexes(documents_by_language: dict[str, list[SearchDocument]]) -> SearchFolder:
    """Every language's index and engine files (`language_by_language`), kept (a preview replaces an edited language's)."""
    folder = SearchFolder({}, {})
    for language, files, version in language_by_language(documents_by_language, documents_by_language.__getitem__):
        folder.languages[language], folder.versions[language] = files, version
    return folder


def search_files(
    indexes: Iterable[LanguageSearch], text_for: Callable[[str], dict], *,
    contacts_for: Callable[[str], dict] | None = None, first_kinds: tuple[str, ...] = (),
) -> Generator[tuple[str, bytes], None, dict[str, str]]:
    """A site's `search/` folder, file by file (path, bytes): `indexes` (`language_by_language`, or a kept
    `SearchFolder.each_language()`), then the search box's script and style; returns every language's version.

    `text_for(language)` gives the box's words (`search_text` for the buyers' site; the
    handbook passes its own); `contacts_for(language)` the channels shown when nothing is found;
    `first_kinds`: see `site_search_script`.
    """
    versions: dict[str, str] = {}
    for language, files, version in indexes:
        yield from files.items()
        versions[language] = version
        del files  # written: let this language's files go before the next language's are made
    yield f"{SEARCH_FOLDER}/kb-search-ui.js", site_search_script(
        versions, text_for, contacts_for=contacts_for, first_kinds=first_kinds
    ).encode("utf-8")
    yield f"{SEARCH_FOLDER}/kb-search-ui.css", SEARCH_UI_CSS.read_bytes()
    return versions
