"""Every internal link and anchor of both builds resolves, in every language.

The crawl reads every HTML file under OUT/public and OUT/handbook (the sample
and ru-shop), takes every `href` and `src` that stays on the site, and checks
that the file it names exists and that its `#fragment` is an `id` (or a
`name`) on that page. External means another host: `mailto:`, `tel:`, or
`http(s)` to a host other than the site's own `url` (a link to the site's own
URL is checked as the local file it names). `javascript:` and `data:` URLs are
never allowed in a link one follows (`<a>`, `<area>`, `<iframe>`); a `data:` URL of an
inline resource (an icon) is content, not a link.
"""

from __future__ import annotations

import html.parser
import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import RU_SHOP, SAMPLE_SOURCE
from generator.build import HANDBOOK, PUBLIC
from generator.validate import load_knowledge_base

SOURCES = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}
EXTERNAL_SCHEMES = {"mailto", "tel", "http", "https"}
FORBIDDEN_SCHEMES = {"javascript", "data", "vbscript"}
NAVIGATING_TAGS = {"a", "area", "iframe", "form"}  # where a data: URL would be a page of its own (phishing)


class PageLinks(html.parser.HTMLParser):
    """The links (href, src, srcset) of one HTML page, and the ids and names that a fragment can target."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.anchors.add(values[name])
        if tag == "meta":
            return  # og:url and friends are metadata, not links
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append((tag, values[name]))
        if values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.links.append((tag, candidate.split()[0]))


@lru_cache(maxsize=None)
def parse_page(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(root: Path, url_path: str) -> Path:
    """The file a site path names, the way a static server (and `use_directory_urls`) maps it."""
    candidate = root / url_path.lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def broken_links(out: Path, audience: str, site_url: str | None) -> list[str]:
    root = out / audience
    roots = {audience: root, PUBLIC: out / PUBLIC}
    own = urlsplit(site_url) if site_url else None
    problems = []
    for page in sorted(root.rglob("*.html")):
        page_path = "/" + page.relative_to(root).as_posix()
        for tag, url in parse_page(page).links:
            where = f"{audience}/{page.relative_to(root).as_posix()}: <{tag}> {url!r}"
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data" and tag not in NAVIGATING_TAGS:
                continue  # inline content (`<link rel=icon href="data:,">` asks for no favicon): nothing to resolve
            if scheme in FORBIDDEN_SCHEMES:
                problems.append(f"{where}: {scheme}: URL")
                continue
            site_root = root
            if scheme or parts.netloc:
                if own is not None and scheme in ("http", "https") and parts.netloc == own.netloc \
                        and parts.path.startswith(own.path or "/"):
                    # A link to the buyers' site's own published URL: check the file it names there.
                    site_root = roots[PUBLIC]
                    path = "/" + parts.path[len(own.path or "/"):].lstrip("/")
                elif scheme in EXTERNAL_SCHEMES or (not scheme and parts.netloc):
                    continue
                else:
                    problems.append(f"{where}: unknown scheme")
                    continue
            elif parts.path:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
                if parts.path.endswith("/") and not path.endswith("/"):
                    path += "/"
                if path.startswith("/.."):
                    problems.append(f"{where}: leaves the site")
                    continue
            else:
                path = page_path  # "#fragment" or "?query" on the same page
            target = target_file(site_root, path)
            if not target.is_file():
                problems.append(f"{where}: no file {target.relative_to(out)}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse_page(target).anchors:
                problems.append(f"{where}: no id {fragment!r} in {target.relative_to(out)}")
    return problems


@pytest.mark.parametrize("audience", [PUBLIC, HANDBOOK])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_internal_link_and_anchor_resolves(name, audience, built):
    out = built(name)
    if audience == HANDBOOK and not (out / HANDBOOK).is_dir():
        pytest.fail(f"{name}: the build wrote no {HANDBOOK}/ folder")
    site_url = load_knowledge_base(SOURCES[name]).site.url
    pages = list((out / audience).rglob("*.html"))
    assert pages, f"no HTML page under {audience}/"

    problems = broken_links(out, audience, site_url)

    assert not problems, f"{len(problems)} broken link(s) in {name}:\n" + "\n".join(problems[:60])


def test_the_crawl_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    """The checker itself: a page with a dead link and a dead anchor is reported, an external one is not."""
    site = tmp_path / PUBLIC
    (site / "faq" / "orders").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="faq/orders/#track">ok</a> <a href="faq/orders/#nope">dead anchor</a>'
        '<a href="faq/returns/">dead page</a> <a href="https://elsewhere.example/x">external</a>'
        '<a href="mailto:help@example.com">mail</a> <img src="logo.png">',
        encoding="utf-8",
    )
    (site / "faq" / "orders" / "index.html").write_text('<h2 id="track">Track</h2><a href="../../">home</a>', encoding="utf-8")

    problems = broken_links(tmp_path, PUBLIC, None)

    assert len(problems) == 3, problems
    assert any("'nope'" in p for p in problems)
    assert any("faq/returns" in p for p in problems)
    assert any("logo.png" in p for p in problems)
