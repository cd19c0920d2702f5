"""The buyers' site, read as files: every page in every language, what it says, and what it links to.

Three shops are built: the sample (zh-Hans first, deliberately untranslated texts),
ru-shop (Russian first, plain-string texts) and, here, "polyglot": every supported
language (German first), a published `url` under a sub-folder, hand-written pages
in docs/ and texts that look like Markdown and HTML. Browser behaviour (the
checker, the switcher, requests) is in test_public_browser.py.
"""

from __future__ import annotations

import gzip
import html.parser
import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import RU_SHOP, SAMPLE_SOURCE, write_tree
from generator.build import PUBLIC, build_site
from generator.languages import BUILT_IN_LANGUAGES
from generator.model.values import Duration
from generator.render.shared.formatting import format_price, tel_link
from generator.render.shared.markup import markdown_to_text
from generator.interface_text import InterfaceText
from generator.render.shared.formatting import months_text as _months_text, within_text as _within_text
from generator.validate import load_knowledge_base
from generator.view import Localizer, PublicView

# --- a shop in every supported language, with hand-written pages and a published URL -------------

POLYGLOT_URL = "https://help.example.com/kb/"
POLYGLOT_LANGUAGES = ["de", "zh-Hans", "zh-Hant", "en", "ru", "ko", "ja", "uk", "fr", "es"]
POLYGLOT = {
    "kb/site.yml": f"""
        shop:
          name: {{de: Polyglott-Laden, ja: ポリグロット商店}}
          tagline: {{de: Hilfe in zehn Sprachen}}
        url: {POLYGLOT_URL}
        languages: [{", ".join(POLYGLOT_LANGUAGES)}]
        categories:
          - id: versand
            title: {{de: Versand, en: Shipping, ru: Доставка}}
            description: {{de: Alles rund um die Lieferung}}
          - id: geraete
            title: Geräte
        contact:
          - id: telefon
            channel: phone
            label: {{de: Telefon}}
            address: "+49 (30) 1234-567"
            response_time: 1m
          - id: mail
            channel: email
            label: {{de: E-Mail, en: E-mail}}
            address: hilfe@polyglott.example
            hours: {{de: Mo–Fr 9–17 Uhr}}
            response_time: 21d
          - id: formular
            channel: form
            label: {{de: Kontaktformular}}
            address: https://polyglott.example/formular
    """,
    "kb/faq/versand.yml": """
        entries:
          - id: lieferzeit
            question: {de: "Wie lange dauert der Versand?", en: "How long does shipping take?", ru: "Сколько идёт доставка?"}
            answer: {de: "Meist **2–4 Tage**.", en: "Usually **2–4 days**.", ru: "Обычно **2–4 дня**."}
            related: [kaputt, akku]
          - id: kaputt
            question: "Mein Paket ist beschädigt <wirklich> & *kaputt* [1]: was tun?"
            answer: "Schreiben Sie uns mit Fotos.\\n\\n1. Foto\\n2. Bestellnummer"
            warranty: geraete-24m
            related: [lieferzeit]
    """,
    "kb/faq/geraete.yml": """
        entries:
          - id: akku
            question: {de: "Hält der Akku lange?", ja: "バッテリーは長持ちしますか？"}
            answer: {de: "Ja, rund **500 Ladezyklen**.", ja: "はい、約**500回**の充電に耐えます。"}
            warranty: geraete-24m
    """,
    "kb/warranty/geraete-24m.yml": """
        title: {de: Zwei Jahre Garantie, en: Two-year warranty}
        applies_to: {de: Alle Geräte}
        duration_months: 24
        starts_on: purchase
        covers: [{de: Herstellungsfehler, en: Manufacturing defects}]
        excludes: []
        claim_steps:
          - {de: "Schreiben Sie uns.", en: "Write to us."}
          - "Senden Sie das Gerät ein."
        extensions:
          - id: plus-12
            extra_months: 12
            price: {amount: 1290.5, currency: EUR}
    """,
    "docs/README.md": "About this folder (not published).\n",
    "docs/de/intro.md": "Willkommen! Hier finden Sie **Antworten**.\n",
    "docs/fr/intro.md": "Bienvenue ! Voici les **réponses**.\n",
    "docs/de/versandarten.md": "---\ntitle: Versandarten\n---\n\n# Versandarten\n\nWir versenden mit DHL. Siehe [Kontakt](contact.md).\n",
    "docs/ja/versandarten.md": "# 配送方法\n\nDHLで発送します。\n",
}

#: kbgen's own strings of the buyers' site (no shop overrides), to compare pages with.
ui = InterfaceText().site


def shown(text, language: str, default_language: str, fallback=None) -> tuple[str, bool]:
    """The string a page in `language` shows for `text`, and whether it is another language's instead."""
    localized = Localizer(language, default_language, fallback)(text)
    return localized.text, localized.is_fallback


def shown_in(text, language: str, shop: "Shop") -> str:
    """The language a page in `language` shows `text` in: its own, or the first of the shop's fallback order."""
    return Localizer(language, shop.default, shop.view.fallback)(text).language


def months_text(language: str, months: int) -> str:
    return _months_text(ui, language, months)


def within_text(language: str, duration: Duration) -> str:
    return _within_text(ui, language, duration)


@pytest.fixture(scope="module")
def polyglot_out(tmp_path_factory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("polyglot"), POLYGLOT)
    out = root / "site"
    build_site(root / "kb", out)
    return out


@dataclass
class Shop:
    name: str
    view: PublicView
    public: Path
    hand_written: list[str]  # page names from docs/

    @property
    def languages(self) -> list[str]:
        return self.view.languages

    @property
    def default(self) -> str:
        return self.view.default_language

    def prefix(self, language: str) -> str:
        return "" if language == self.default else f"{language}/"

    def page(self, language: str, url_path: str) -> "Html":
        """The page at `url_path` (`faq/orders/`, `` for home) in `language`."""
        return parse(self.public / self.prefix(language) / url_path / "index.html")

    def page_paths(self) -> list[str]:
        """Every page of one language as a URL path relative to the language root."""
        return [
            "",
            *(f"faq/{category.id}/" for category in self.view.categories),
            *(f"warranty/{policy_id}/" for policy_id in self.view.warranties),
            "contact/",
            *(f"{name}/" for name in self.hand_written),
        ]


@pytest.fixture(params=["sample", "ru-shop", "polyglot"])
def shop(request, built) -> Shop:
    if request.param == "polyglot":
        out = request.getfixturevalue("polyglot_out")
        source = out.parent / "kb"
        hand_written = ["versandarten"]
    else:
        out = built(request.param)
        source = SAMPLE_SOURCE if request.param == "sample" else RU_SHOP
        hand_written = []
    return Shop(request.param, PublicView(load_knowledge_base(source)), out / PUBLIC, hand_written)


# --- a small HTML tree, enough to ask pages questions ------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        return [
            node for node in self.iter()
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes())
            and all(node.attrs.get(key.replace("_", "-")) == value for key, value in attrs.items())
        ]

    def find(self, *args, **kwargs) -> "Node | None":
        found = self.find_all(*args, **kwargs)
        return found[0] if found else None

    def text(self, skip: set[str] = frozenset({"headerlink"})) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (child.classes() & skip) and child.tag not in ("script", "style"):
                parts.append(child.text(skip))
        return re.sub(r"[ \t\n\r\f]+", " ", "".join(parts)).strip(" ")

    def next_siblings(self) -> list["Node"]:
        siblings = [child for child in self.parent.children if isinstance(child, Node)]
        return siblings[siblings.index(self) + 1:]


class Html(Node):
    def __init__(self, path: Path):
        super().__init__("#document", {}, None)
        self.path = path

    @property
    def lang(self) -> str:
        return self.find("html").attrs["lang"]

    def article(self) -> Node:
        return self.find("article")

    def json_ld(self) -> list[dict]:
        return [json.loads(node.text()) for node in self.find_all("script", type="application/ld+json")]

    def hreflang(self) -> dict[str, str]:
        return {node.attrs["hreflang"]: node.attrs["href"] for node in self.find_all("link", rel="alternate") if node.attrs.get("hreflang")}

    def description(self) -> str | None:
        node = self.find("meta", name="description")
        return node.attrs["content"] if node else None


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self, document: Html):
        super().__init__(convert_charrefs=True)
        self.current: Node = document

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


@lru_cache(maxsize=None)
def parse(path: Path) -> Html:
    document = Html(path)
    builder = _TreeBuilder(document)
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return document


def html_pages(shop: "Shop") -> list[Path]:
    """Every page of the site in every language; checks that MkDocs wrote no page beyond them (404 aside).

    Other HTML files (the widget's demo) are not pages of the site and are left out.
    """
    pages = sorted(shop.public / shop.prefix(code) / path / "index.html" for code in shop.languages for path in shop.page_paths())
    material_pages = {
        path for path in shop.public.rglob("*.html")
        if path.name != "404.html" and 'data-md-component="header"' in path.read_text(encoding="utf-8")
    }
    assert material_pages == set(pages), sorted(material_pages ^ set(pages))[:10]
    return pages


def same_page_in(language_root_relative: str, shop: Shop) -> str:
    """`ru/faq/orders/` -> `faq/orders/`: a URL path without its language prefix."""
    first, _, rest = language_root_relative.partition("/")
    return rest if first in shop.languages and first != shop.default else language_root_relative


def url_path_of(page: Path, public: Path) -> str:
    relative = page.parent.relative_to(public).as_posix()
    return "" if relative == "." else relative + "/"


def resolve(href: str, page: Path, public: Path, site_url: str | None) -> str:
    """The site-root-relative URL path an href of `page` names (`ru/faq/orders/`)."""
    parts = urlsplit(href)
    if parts.scheme:
        assert site_url and href.startswith(site_url), f"{href} is not on the site"
        return parts.path[len(urlsplit(site_url).path):]
    base = "/" + url_path_of(page, public)
    joined = posixpath.normpath(posixpath.join(base, parts.path)) + "/"
    return joined.lstrip("/").replace("//", "/") if joined != "//" else ""


# --- every page, every language ------------------------------------------------------------------


def test_every_page_exists_in_every_language_with_its_real_html_lang(shop):
    for language in shop.languages:
        for path in shop.page_paths():
            page = shop.page(language, path)
            assert page.lang == language, f"{page.path}: <html lang={page.lang}>"


def test_every_question_is_on_its_category_page_in_every_language_or_falls_back_with_a_notice(shop):
    fallbacks = 0
    for language in shop.languages:
        for category in shop.view.categories:
            article = shop.page(language, f"faq/{category.id}/").article()
            for entry in category.entries:
                heading = article.find("h2", id=entry.id)
                assert heading is not None, f"{language}/{category.id}: no #{entry.id}"
                question, fell_back = shown(entry.question, language, shop.default, shop.view.fallback)
                if fell_back:
                    fallbacks += 1
                    span = heading.find("span", cls="kb-fallback")
                    assert span is not None and span.attrs["lang"] == shown_in(entry.question, language, shop) and span.text() == question
                    badge = heading.find("span", cls="kb-fallback-badge")
                    assert badge is not None and badge.text() == ui(language, "not_translated_badge")
                else:
                    assert heading.text() == question
                    assert heading.find("span", cls="kb-fallback-badge") is None
                # Under the question, one block holds everything of the entry (the browser draws it only near the screen).
                entry_block = heading.next_siblings()[0]
                assert "kb-entry" in entry_block.classes()
                answer_block = next(child for child in entry_block.children if isinstance(child, Node))
                answer, answer_fell_back = shown(entry.answer, language, shop.default, shop.view.fallback)
                notice = answer_block.find("p", cls="kb-fallback__notice")
                if answer_fell_back:
                    fallbacks += 1
                    # The notice names the language the answer is shown in (site.yml `fallback:`, else the default).
                    answer_language = shown_in(entry.answer, language, shop)
                    assert answer_block.attrs.get("lang") == answer_language and "kb-fallback" in answer_block.classes()
                    # Named as the page's language names it: "shown in Chinese (Simplified)", «английский».
                    name = BUILT_IN_LANGUAGES[answer_language].name_in(BUILT_IN_LANGUAGES[language])
                    assert notice is not None and notice.attrs["lang"] == language
                    assert notice.text() == ui(language, "not_translated", language=name)
                    assert markdown_to_text(answer)[:15] in answer_block.text()
                else:
                    assert notice is None
                    assert answer_block.text()[:15] in markdown_to_text(answer)
    if shop.name in ("sample", "polyglot"):
        assert fallbacks, f"{shop.name} has untranslated texts, yet no page fell back"


def test_a_category_page_s_table_of_contents_lists_its_questions_in_order_each_with_its_permalink(shop):
    """The questions' headings are ready-made HTML (not Markdown for MkDocs): the table of contents still lists
    them all, as their headings read, badge included; once, in the navigation (Material's toc.integrate: under
    the page's item in the sidebar on a wide screen, in the drawer on a phone), not a second time on the right."""
    for language in shop.languages:
        for category in shop.view.categories:
            if not category.entries:
                continue
            page = shop.page(language, f"faq/{category.id}/")
            headings = page.article().find_all("h2")
            assert [heading.attrs["id"] for heading in headings] == [entry.id for entry in category.entries]
            for heading in headings:
                permalink = heading.find("a", cls="headerlink")
                assert permalink is not None and permalink.attrs["href"] == f"#{heading.attrs['id']}"
            (table,) = page.find_all("nav", cls="md-nav--secondary")
            assert table in page.find("nav", cls="md-nav--primary").find_all("nav", cls="md-nav--secondary")
            links = table.find_all("a", cls="md-nav__link")
            assert [link.attrs["href"] for link in links] == [f"#{entry.id}" for entry in category.entries]
            assert [link.text() for link in links] == [heading.text() for heading in headings]


def test_every_answer_is_followed_by_its_next_questions_its_warranty_and_a_way_to_reach_us(shop):
    for language in shop.languages:
        for category in shop.view.categories:
            page = shop.page(language, f"faq/{category.id}/")
            headings = [node for node in page.article().find_all("h2") if node.attrs.get("id")]
            for entry in category.entries:
                heading = page.article().find("h2", id=entry.id)
                section = []
                for sibling in heading.next_siblings():
                    if sibling in headings:
                        break
                    section.append(sibling)
                links = [(node.attrs["href"], node.text()) for part in section for node in part.find_all("a")]
                for related_id in entry.related or []:
                    related_category, _ = next((c.id, e) for c in shop.view.categories for e in c.entries if e.id == related_id)
                    target = f"#{related_id}" if related_category == category.id else f"../{related_category}/#{related_id}"
                    assert any(href == target for href, _ in links), f"{page.path}: #{entry.id} lacks {target}"
                if entry.warranty:
                    assert any(href == f"../../warranty/{entry.warranty}/" for href, _ in links)
                help_lines = [node for part in section for node in part.find_all("p", cls="kb-help")]
                assert len(help_lines) == 1, f"{page.path}: #{entry.id} has no 'still need help?'"
                assert help_lines[0].find("a").attrs["href"] == "../../contact/"
                assert help_lines[0].text().startswith(ui(language, "still_need_help"))


def test_the_home_page_shows_the_shop_its_topics_warranty_and_contacts(shop):
    for language in shop.languages:
        page = shop.page(language, "")
        article = page.article()
        name, _ = shown(shop.view.site.shop.name, language, shop.default, shop.view.fallback)
        assert name in article.find("h1").text()
        if shop.view.site.shop.tagline:
            tagline, _ = shown(shop.view.site.shop.tagline, language, shop.default, shop.view.fallback)
            assert tagline in article.find("p", cls="kb-lead").text()
        hrefs = [node.attrs.get("href") for node in article.find_all("a")]
        for category in shop.view.categories:
            assert f"faq/{category.id}/" in hrefs
            count = article.find("h3", id=f"topic-{category.id}").next_siblings()[0]
            assert count.text() == ui(language, "questions_count", n=len(category.entries))
            for entry in category.entries[:5]:
                assert f"faq/{category.id}/#{entry.id}" in hrefs
        for policy_id in shop.view.warranties:
            assert f"warranty/{policy_id}/" in hrefs
        assert "contact/" in hrefs
        assert page.find("title").text() == name
        # No Material search: our own search takes the hero slot (partials/kb-search.html).
        assert page.find("div", cls="md-search") is None
    assert not (shop.public / "search" / "search_index.json").exists()


def test_seller_text_that_looks_like_markup_stays_text(polyglot_out):
    page = parse(polyglot_out / PUBLIC / "faq" / "versand" / "index.html")
    heading = page.find("h2", id="kaputt")
    assert heading.text() == "Mein Paket ist beschädigt <wirklich> & *kaputt* [1]: was tun?"
    assert page.find("wirklich") is None and heading.find("em") is None
    assert page.find("title").text() == "Versand - Polyglott-Laden"
    (data,) = page.json_ld()
    assert data["mainEntity"][1]["name"] == heading.text()


def built_one_category_shop(tmp_path: Path, entries: str, files: dict[str, str] | None = None) -> Path:
    """An English shop whose one category, `help`, holds `entries` (its YAML), with `files` (file under the
    source folder -> YAML) beside them, built: its buyers' site."""
    root = write_tree(tmp_path, {
        "kb/site.yml": """
            shop: {name: Small Shop}
            languages: [en]
            categories: [{id: help, title: Help}]
            contact: [{id: mail, channel: email, label: Mail, address: help@small.example}]
        """,
        "kb/faq/help.yml": entries,
        **{f"kb/{name}": text for name, text in (files or {}).items()},
    })
    build_site(root / "kb", root / "site")
    return root / "site" / PUBLIC


def test_an_answer_that_quotes_kbgens_own_markers_shows_them_as_text(tmp_path):
    """Pages carry ready-made HTML apart from their Markdown (render/shared/html_blocks.py), each block
    standing in the Markdown as a placeholder word (and, before, behind HTML comment markers): a seller
    who writes those very strings sees them as text."""
    public = built_one_category_shop(tmp_path, """
        entries:
          - id: first
            question: What is kbgenhtmlblock0x?
            answer: "kbgenhtmlblock0x\\n\\nA comment: `<!-- kbgen:html-blocks -->` and `<!-- kbgen:html-block -->`."
          - id: second
            question: Second
            answer: "Two paragraphs.\\n\\nThe second one."
    """)
    page = parse(public / "faq" / "help" / "index.html")
    answers = page.find_all("div", cls="kb-answer")
    assert [answer.text().split() for answer in answers] == [
        ["kbgenhtmlblock0x", "A", "comment:", "<!--", "kbgen:html-blocks", "-->", "and", "<!--", "kbgen:html-block", "-->."],
        ["Two", "paragraphs.", "The", "second", "one."],
    ]
    assert page.find("h2", id="first").text() == "What is kbgenhtmlblock0x?"
    assert [h2.attrs["id"] for h2 in page.find_all("h2")] == ["first", "second"]


def test_a_code_block_in_an_answer_keeps_its_lines_while_the_page_loses_the_templates_indentation(tmp_path):
    """Built pages are written without the indentation of Material's templates (a third of a page's bytes went
    to it): a run of whitespace holding a line break becomes that line break. What shows whitespace as written
    keeps it: a seller's code block, line by line and indented, and a code span's double spaces; and nothing
    inside a tag changes (a link's title written over two lines)."""
    public = built_one_category_shop(tmp_path, """
        entries:
          - id: config
            question: How do I set the router's name?
            answer: "Type `name  =  home` (two spaces each side), [or](https://router.example/manual \\"see\\n    the manual\\"), paste:\\n\\n```\\n[wifi]\\n    name = home\\n\\n    band = 5\\n```"
    """)
    source = (public / "faq" / "help" / "index.html").read_text(encoding="utf-8")
    assert "<pre><code>[wifi]\n    name = home\n\n    band = 5\n</code></pre>" in source
    assert "<code>name  =  home</code>" in source
    assert 'title="see\n    the manual"' in source
    texts = re.findall(r">([^<]*)<", re.sub(r"<(pre|code|script|style)\b.*?</\1>", "<x>", source, flags=re.S))
    assert not [text for text in texts if re.search(r"\n[ \t\n]", text)], "indentation or blank lines left between tags"
    page = parse(public / "faq" / "help" / "index.html")
    assert page.find("h2", id="config").text() == "How do I set the router's name?"


def test_a_sellers_image_from_another_host_loads_lazily_and_without_a_referrer(tmp_path):
    """The one request a page may send to another host: the image host must not learn which page
    (and which question) the buyer was reading, and an image nobody scrolls to is never fetched."""
    image = "![Serial number label](https://cdn.example/label.png)"
    public = built_one_category_shop(tmp_path, f"""
        entries:
          - id: serial
            question: Where is the serial number?
            answer: "On the label under the device: {image}"
            warranty: basic
    """, {"warranty/basic.yml": f"""
        title: Basic warranty
        applies_to: Everything
        duration_months: 12
        starts_on: delivery
        covers: [Defects]
        excludes: []
        claim_steps: ["Send a photo of the label: {image}"]
    """})
    for page_path in ("faq/help", "warranty/basic"):
        images = parse(public / page_path / "index.html").find_all("img")
        assert [(i.attrs.get("src"), i.attrs.get("loading"), i.attrs.get("referrerpolicy")) for i in images] == [
            ("https://cdn.example/label.png", "lazy", "no-referrer")
        ], page_path


def test_intro_pages_from_docs_show_under_the_tagline_translated_or_with_the_notice(built, polyglot_out):
    sample = built("sample") / PUBLIC
    assert "您好" in parse(sample / "index.html").article().text()
    assert "Hello!" in parse(sample / "en" / "index.html").article().text()
    # The sample's `fallback: {ru: [en], ko: [en]}`: Russian and Korean buyers read the English intro,
    # zh-Hant the Simplified Chinese one (the built-in rule).
    for language, shown_language, words in (("ru", "en", "Hello!"), ("ko", "en", "Hello!"), ("zh-Hant", "zh-Hans", "您好")):
        intro = parse(sample / language / "index.html").article().find("div", cls="kb-fallback")
        assert intro.attrs["lang"] == shown_language and words in intro.text()
        notice = intro.find("p", cls="kb-fallback__notice")
        assert notice.attrs["lang"] == language
        assert notice.text() == ui(language, "not_translated", language=BUILT_IN_LANGUAGES[shown_language].name_in(BUILT_IN_LANGUAGES[language]))
    public = polyglot_out / PUBLIC
    assert "Bienvenue" in parse(public / "fr" / "index.html").article().text()
    ko_intro = parse(public / "ko" / "index.html").article().find("div", cls="kb-fallback")
    assert "Willkommen" in ko_intro.text() and ko_intro.find("p", cls="kb-fallback__notice")


def test_hand_written_pages_are_in_every_language_translated_or_with_the_notice(polyglot_out):
    public = polyglot_out / PUBLIC
    german = parse(public / "versandarten" / "index.html")
    assert german.find("title").text().startswith("Versandarten - ")
    assert german.article().find("a", href="../contact/") is not None  # contact.md, relative to the page
    japanese = parse(public / "ja" / "versandarten" / "index.html").article()
    assert "DHLで発送します" in japanese.text() and japanese.find("p", cls="kb-fallback__notice") is None
    for language in ("fr", "ko", "zh-Hant"):
        article = parse(public / language / "versandarten" / "index.html").article()
        block = article.find("div", cls="kb-fallback")
        assert block.attrs["lang"] == "de" and "DHL" in block.text()
        assert block.find("p", cls="kb-fallback__notice").attrs["lang"] == language
    assert not (public / "README").exists() and not (public / "intro").exists()


# --- search engines --------------------------------------------------------------------------------


def test_category_pages_carry_faq_page_json_ld_with_only_the_questions_written_in_the_page_language(shop):
    for language in shop.languages:
        for category in shop.view.categories:
            page = shop.page(language, f"faq/{category.id}/")
            written = [
                entry for entry in category.entries
                if not shown(entry.question, language, shop.default, shop.view.fallback)[1]
                and not shown(entry.answer, language, shop.default, shop.view.fallback)[1]
            ]
            if not written:
                assert page.json_ld() == []
                continue
            (data,) = page.json_ld()
            assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
            assert data["inLanguage"] == language
            questions = data["mainEntity"]
            assert [item["name"] for item in questions] == [e.question.strings[language] for e in written]
            for item, entry in zip(questions, written):
                assert item["@type"] == "Question" and item["acceptedAnswer"]["@type"] == "Answer"
                # The whole answer, and the anchor where the page shows it.
                assert item["acceptedAnswer"]["text"] == markdown_to_text(entry.answer.strings[language])
                assert item["acceptedAnswer"]["url"] == f"#{entry.id}" and page.find(id=entry.id).tag == "h2"
                assert "<" not in item["acceptedAnswer"]["text"].replace("<wirklich>", "")
                assert "inLanguage" not in item["acceptedAnswer"]
    for path in ("", "contact/"):
        assert shop.page(shop.default, path).json_ld() == []


def test_every_page_has_a_description_and_category_pages_take_it_from_their_answers(shop):
    for language in shop.languages:
        for path in shop.page_paths():
            description = shop.page(language, path).description()
            assert description and description.strip(), f"{language}/{path}: no description"
        for category in shop.view.categories:
            translated = [e for e in category.entries if e.answer.has(language)] or category.entries
            first = markdown_to_text(shown(translated[0].answer, language, shop.default, shop.view.fallback)[0])
            assert shop.page(language, f"faq/{category.id}/").description().startswith(first[:12])


def test_every_page_has_hreflang_for_every_language_and_x_default_pointing_at_the_same_page(shop):
    site_url = shop.view.site.url
    for page_file in html_pages(shop):
        page = parse(page_file)
        links = page.hreflang()
        assert set(links) == {*shop.languages, "x-default"}, f"{page_file}: {sorted(links)}"
        here = same_page_in(url_path_of(page_file, shop.public), shop)
        for code, href in links.items():
            if site_url:
                assert href.startswith(site_url), f"{page_file}: {href} is not absolute"
            target = resolve(href, page_file, shop.public, site_url)
            expected_language = shop.default if code == "x-default" else code
            assert target == shop.prefix(expected_language) + here, f"{page_file}: hreflang={code} -> {href}"
            assert (shop.public / target / "index.html").is_file()


def test_the_language_switcher_links_every_language_to_the_same_page(shop):
    for page_file in html_pages(shop):
        page = parse(page_file)
        here = same_page_in(url_path_of(page_file, shop.public), shop)
        switcher = {node.attrs["hreflang"]: node for node in page.find_all("a", cls="md-select__link")}
        assert sorted(switcher) == sorted(shop.languages)
        for code, link in switcher.items():
            assert not urlsplit(link.attrs["href"]).scheme, "a preview must not jump to the published site"
            assert resolve(link.attrs["href"], page_file, shop.public, None) == shop.prefix(code) + here
            assert link.attrs["lang"] == code and link.text() == BUILT_IN_LANGUAGES[code].native_name
            assert (link.attrs.get("aria-current") == "page") == (code == page.lang)


def test_the_sitemap_without_a_site_url_is_valid_and_lists_nothing(built):
    for name in ("sample", "ru-shop"):
        public = built(name) / PUBLIC
        text = (public / "sitemap.xml").read_text(encoding="utf-8")
        assert "None" not in text
        root = ElementTree.fromstring(text)
        assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(root) == 0
        assert gzip.decompress((public / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text


def test_the_sitemap_with_a_site_url_lists_every_page_in_every_language_with_its_alternates(polyglot_out):
    public = polyglot_out / PUBLIC
    view = PublicView(load_knowledge_base(polyglot_out.parent / "kb"))
    shop = Shop("polyglot", view, public, ["versandarten"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    text = (public / "sitemap.xml").read_text(encoding="utf-8")
    urls = ElementTree.fromstring(text).findall("s:url", ns)
    expected = {POLYGLOT_URL + shop.prefix(code) + path for path in shop.page_paths() for code in shop.languages}
    assert {url.find("s:loc", ns).text for url in urls} == expected
    for url in urls:
        loc = url.find("s:loc", ns).text
        page = same_page_in(loc[len(POLYGLOT_URL):], shop)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert alternates == {
            **{code: POLYGLOT_URL + shop.prefix(code) + page for code in shop.languages},
            "x-default": POLYGLOT_URL + page,
        }
    assert gzip.decompress((public / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    canonical = parse(public / "ru" / "faq" / "versand" / "index.html").find("link", rel="canonical")
    assert canonical.attrs["href"] == POLYGLOT_URL + "ru/faq/versand/"


# --- nothing from other hosts, and links that lead somewhere -------------------------------------------

LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


def from_another_host(url: str) -> bool:
    """True for a URL the browser fetches from a host (any host: the site's own files are relative)."""
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_no_page_or_stylesheet_loads_anything_from_another_host(shop):
    site_url = shop.view.site.url
    for page_file in sorted(shop.public.rglob("*.html")):
        for node in parse(page_file).iter():
            src = node.attrs.get("src")
            if src is not None:
                assert not from_another_host(src), f"{page_file}: <{node.tag} src={src}>"
            if node.tag == "link" and set((node.attrs.get("rel") or "").split()) & LOADING_RELS:
                href = node.attrs["href"]
                assert not from_another_host(href), f"{page_file}: <link href={href}>"
            if node.tag == "a" and node.attrs.get("href"):
                scheme = urlsplit(node.attrs["href"]).scheme
                assert scheme in ("", "http", "https", "mailto", "tel"), f"{page_file}: {node.attrs['href']}"
            if node.tag == "link" and "alternate" in (node.attrs.get("rel") or "") and site_url is None:
                assert not urlsplit(node.attrs["href"]).scheme
    for stylesheet in shop.public.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), stylesheet


def test_every_internal_link_and_anchor_of_the_polyglot_site_resolves(polyglot_out):
    from test_links import broken_links  # the crawler of tests/test_links.py, which covers sample and ru-shop

    # The widget's own files are the widget's tests' business (tests/test_links.py covers them in the other shops).
    public, base = polyglot_out / PUBLIC, urlsplit(POLYGLOT_URL).path
    not_found_pages = [public / "404.html", *sorted(public.glob("*/404.html"))]
    assert len(not_found_pages) == 10  # one per language
    others = tuple(page.relative_to(polyglot_out).as_posix() for page in not_found_pages) + ("public/widget/",)
    problems = [problem for problem in broken_links(polyglot_out, PUBLIC, POLYGLOT_URL) if not problem.startswith(others)]
    assert not problems, "\n".join(problems[:40])
    # A 404 page is served at any depth, so its links are absolute paths under the published URL's path.
    for node in (node for page in not_found_pages for node in parse(page).iter()):
        for name in ("href", "src"):
            link = node.attrs.get(name)
            if link and not urlsplit(link).scheme and not link.startswith("#") and node.tag != "meta":
                assert link.startswith(base), f"404.html: {link}"
                target = public / link[len(base):].split("#")[0]
                # `/kb/.` (the default language's home, as MkDocs writes its logo link) is the folder `/kb/`.
                folder = link.split("#")[0].endswith(("/", "/."))
                assert (target / "index.html").is_file() if folder else target.is_file(), f"404.html: {link}"


# --- warranty and contact pages ------------------------------------------------------------------------


def test_warranty_pages_state_the_policy_and_carry_the_checker_in_the_page_language(shop):
    for language in shop.languages:
        for policy_id, policy in shop.view.warranties.items():
            article = shop.page(language, f"warranty/{policy_id}/").article()
            card = article.find("div", cls="kb-warranty-card")
            assert card is not None
            title, _ = shown(policy.title, language, shop.default, shop.view.fallback)
            assert title in card.find("h1").text()
            period = ui(language, f"period_from_{policy.starts_on}", duration=months_text(language, policy.duration_months))
            assert card.find("p", cls="kb-period").text() == period
            for section in ("applies-to", "period", "covered", "claim"):
                assert card.find("h2", id=section) is not None, f"{language}/{policy_id}: no #{section}"
            assert (card.find("h2", id="not-covered") is not None) == bool(policy.excludes)
            items = [li for li in card.find("ol", cls="kb-claim-steps").children if isinstance(li, Node) and li.tag == "li"]
            assert len(items) == len(policy.claim_steps)
            checker = card.find("section", cls="kb-checker")
            assert "hidden" in checker.attrs, "the checker shows only when its script runs"
            label = ui(language, "checker_delivery_date" if policy.starts_on == "delivery" else "checker_purchase_date")
            assert checker.find("label").text() == label
            data = json.loads(checker.find("script", cls="kb-checker__data").text())
            assert data["months"] == policy.duration_months
            assert data["locale"] == BUILT_IN_LANGUAGES[language].date_locale
            # Every offer, in the page's order, named as the page names it, with the window the page states.
            assert [e["months"] for e in data["extensions"]] == [e.extra_months for e in policy.extensions or []]
            assert [e["within"] for e in data["extensions"]] == [policy.sale_window_days(e) for e in policy.extensions or []]
            for offer, extension in zip(data["extensions"], policy.extensions or []):
                price = format_price(extension.price.amount, extension.price.currency, BUILT_IN_LANGUAGES[language].date_locale)
                assert offer["offer"] == ui(language, "extension_offer", duration=months_text(language, extension.extra_months), price=price)
            assert "{date}" in data["text"]["checker_extension_closed"]
            assert "{offer}" in data["text"]["checker_offer_closed"] and "{date}" in data["text"]["checker_offer_until"]
            assert "{date}" in data["text"]["checker_covered"]
            if policy.extensions:
                offers = card.find("h2", id="extensions").next_siblings()[0].text()
                for extension in policy.extensions:
                    price = format_price(extension.price.amount, extension.price.currency, BUILT_IN_LANGUAGES[language].date_locale)
                    assert price in offers, f"{language}/{policy_id}: {price!r} not in {offers!r}"
                # The window the seller set, in days from the warranty's start, or "while it runs".
                (within,) = {policy.sale_window_days(e) for e in policy.extensions}
                rule = card.find("p", cls="kb-extensions-rule").text()
                if within is None:
                    assert rule == ui(language, "extensions_rule")
                else:
                    assert rule == ui(language, f"extensions_rule_{policy.starts_on}", days=ui(language, "window_days", n=within))


def test_prices_are_written_per_language():
    assert format_price("99", "CNY", "zh-Hans-CN") == "¥99"
    assert format_price("990", "RUB", "ru-RU") == "990\u00a0₽"
    assert format_price("1290.5", "EUR", "de-DE") == "1.290,50\u00a0€"
    assert format_price("1290", "RUB", "es-ES") == "1290\u00a0RUB"  # Spanish groups from 5 digits
    assert format_price("990", "RUB", "en-GB") == "RUB\u00a0990"  # a code is kept apart from the digits
    assert format_price("15000", "KRW", "ko-KR") == "₩15,000"


def test_contact_page_links_every_channel_the_way_a_phone_acts_on_it(shop):
    for language in shop.languages:
        article = shop.page(language, "contact/").article()
        for contact in shop.view.contacts:
            heading = article.find("h2", id=contact.id)
            label, _ = shown(contact.label, language, shop.default, shop.view.fallback)
            assert label in heading.text()
            section = []
            for sibling in heading.next_siblings():
                if sibling.tag == "h2":
                    break
                section.append(sibling)
            href = section[0].find("a").attrs["href"]
            expected = {"email": "mailto:" + contact.address, "phone": tel_link(contact.address)}.get(contact.channel, contact.address)
            assert href == expected
            text = " ".join(part.text() for part in section)
            if contact.response_time:
                assert ui(language, "reply_within", within=within_text(language, contact.response_time)) in text
            if contact.hours:
                assert shown(contact.hours, language, shop.default, shop.view.fallback)[0] in text


def test_phone_numbers_become_dialable_tel_links():
    assert tel_link("+7 495 123-45-67") == "tel:+74951234567"
    assert tel_link("+49 (30) 1234-567") == "tel:+49301234567"
    assert tel_link("tel:8 800 555-35-35") == "tel:88005553535"


@pytest.mark.parametrize(
    "language, duration, expected",
    [
        ("en", "2h", "within 2 hours"),
        ("en", "1h", "within 1 hour"),
        ("zh-Hans", "2h", "2 小时内"),
        ("zh-Hant", "30m", "30 分鐘內"),
        ("ru", "2h", "в течение 2 часов"),
        ("ru", "1h", "в течение 1 часа"),
        ("ru", "21d", "в течение 21 дня"),
        ("ru", "5d", "в течение 5 дней"),
        ("uk", "3h", "протягом 3 годин"),
        ("ja", "24h", "24時間以内"),
        ("ko", "30m", "30분 이내"),
        ("de", "1d", "innerhalb von 1 Tag"),
        ("de", "3d", "innerhalb von 3 Tagen"),
        ("fr", "2h", "sous 2 heures"),
        ("es", "1d", "en 1 día"),
    ],
)
def test_response_times_read_the_way_each_language_says_them(language, duration, expected):
    assert within_text(language, Duration.parse(duration)) == expected


def test_month_counts_agree_with_their_number():
    assert [months_text("ru", n) for n in (1, 2, 5, 12, 21, 24)] == [
        "1 месяц", "2 месяца", "5 месяцев", "12 месяцев", "21 месяц", "24 месяца"
    ]
    assert [months_text("en", n) for n in (1, 6)] == ["1 month", "6 months"]


# --- docs/ problems stop the build ---------------------------------------------------------------------


def test_problems_in_hand_written_pages_are_reported_with_their_place_and_nothing_is_written(kbgen, tmp_path):
    files = {key: value for key, value in POLYGLOT.items() if key.startswith("kb/")}
    files.update(
        {
            "docs/de/contact.md": "Kontakt\n",  # a generated page's name
            "docs/en/only-english.md": "# Hi\n",  # no German page
            "docs/de/roh.md": "Text\n\n<script>alert(1)</script>\n",  # raw HTML
            "docs/xx/seite.md": "x\n",  # not a language of the site
            "docs/verloren.md": "x\n",  # outside a language folder
            "docs/de/Gross.md": "x\n",  # not a URL-friendly name
        }
    )
    root = write_tree(tmp_path, files)
    code, out, err = kbgen("build", "--source", root / "kb", "--out", root / "site")
    assert code == 1
    assert "../docs/de/contact.md:1:1: 'contact' is the name of a generated page" in out
    assert "../docs/en/only-english.md:1:1: no docs/de/only-english.md" in out
    assert "../docs/de/roh.md:3:1: raw HTML is not allowed" in out
    assert "../docs/xx:1:1: 'xx' is not one of the site's languages" in out
    assert "../docs/verloren.md:1:1: hand-written pages go in docs/<language>/" in out
    assert "../docs/de/Gross.md:1:1: 'Gross' is not a page name" in out
    assert "Traceback" not in out + err
    assert not (root / "site").exists()


def test_a_hand_written_page_s_front_matter_and_characters_follow_the_source_s_rules(kbgen, tmp_path):
    """What the YAML source may not hold, a page may not either: over-long titles, control characters,
    front matter that is not key: value lines, a line of `kbgen new`'s placeholder. Nor a front matter whose
    closing `---` was forgotten (MkDocs would publish it as text, under a rule). `kbgen validate` says so, as
    the build does; a page whose front matter is broken is still there: its translation is no page without
    a German original."""
    files = {key: value for key, value in POLYGLOT.items() if key.startswith("kb/")}
    files.update(
        {
            "docs/de/lang.md": "---\ntitle: " + "T" * 1001 + "\n---\n\nText\n",
            "docs/de/nul.md": "Text\n\nmit \x00 darin\n",
            "docs/de/liste.md": "---\n- a\n- b\n---\n\nText\n",
            "docs/fr/liste.md": "Texte\n",
            "docs/de/offen.md": "---\ntitle: Nicht geschlossen\n# Überschrift\n\nText\n",
            "docs/de/tiefer.md": "\n---\ntitle: Zu tief\n---\n\nText\n".encode(),  # bytes: written as they are
            "docs/de/linie.md": "---\n\nEin Text unter einer Linie: ein Strich ist noch keine Front Matter.\n",
            "docs/de/entwurf.md": "# Rückgabe\n\nSo geht es.\n\n  todo: den zweiten Absatz schreiben\n",
            "docs/de/liste-entwurf.md": "# Versand\n\n- DHL\n- TODO: weitere Versender\n\n## ＴＯＤＯ：Titel\n",
        }
    )
    root = write_tree(tmp_path, files)
    for command in (["validate", root / "kb"], ["build", "--source", root / "kb", "--out", root / "site"]):
        code, out, err = kbgen(*command)
        assert code == 1
        assert "../docs/de/lang.md:2:8: title: this text is 1,001 characters long; it may have at most 1,000" in out
        assert "../docs/de/nul.md:3:5: invisible control character U+0000" in out
        assert "../docs/de/liste.md:2:1: expected a page's front matter written as key: value lines (title, description, keywords)" in out
        assert "docs/fr/liste.md" not in out
        assert "../docs/de/offen.md:1:1: the page starts with front matter (a line '---') that is never closed" in out
        assert "../docs/de/entwurf.md:5:3: this line still holds the placeholder of kbgen new ('todo: den zweiten Absatz schreiben')" in out
        assert "../docs/de/tiefer.md:2:1: front matter must be the page's very first line" in out
        assert "docs/de/linie.md" not in out
        assert "../docs/de/liste-entwurf.md:4:3: this line still holds the placeholder of kbgen new ('TODO: weitere Versender')" in out
        assert "../docs/de/liste-entwurf.md:6:4: this line still holds the placeholder of kbgen new ('ＴＯＤＯ：Titel')" in out
        assert "Traceback" not in out + err
    assert not (root / "site").exists()


def test_a_shop_name_with_quotes_and_angle_brackets_is_shown_as_written(tmp_path):
    """Material writes the site name into the page raw, even inside aria-label="...": kbgen escapes it first."""
    source = write_tree(tmp_path / "src", {
        "site.yml": """
            shop:
              name: 'Tom & "Jerry" <Shop>'
            languages: [en]
            categories:
              - id: orders
                title: Orders
            contact:
              - id: mail
                channel: email
                label: E-mail
                address: help@example.com
            """,
        "faq/orders.yml": """
            entries:
              - id: where
                question: Where is my parcel?
                answer: On its way.
            """,
    })
    build_site(source, tmp_path / "site")
    home = (tmp_path / "site" / PUBLIC / "index.html").read_text(encoding="utf-8")
    assert "<Shop>" not in home and "&lt;Shop&gt;" in home
    assert 'aria-label="Tom & "Jerry"' not in home
    parsed = parse(tmp_path / "site" / PUBLIC / "index.html")
    assert parsed.find("title").text().startswith('Tom & "Jerry" <Shop>')
