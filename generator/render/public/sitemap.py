"""`sitemap.xml`: every page in every language, each with its translations (`hreflang`) and an `x-default`.

Written by kbgen rather than by mkdocs-static-i18n, whose sitemap has no
`x-default` and, without a `site_url`, says `<loc>None./</loc>`. A sitemap
needs absolute URLs, which only the published address gives (`site.yml`
`url`): without it the sitemap is an empty, valid `<urlset>` that says why.
"""

from __future__ import annotations

import gzip
from xml.sax.saxutils import escape, quoteattr

from ..shared.urls import page_url

_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap_xml(site_url: str | None, page_paths: list[str], languages: list[str]) -> str:
    if not site_url:
        return _HEADER + "<!-- No pages listed: set `url` in site.yml to the site's address to get a sitemap. -->\n</urlset>\n"
    base = site_url.rstrip("/") + "/"
    default = languages[0]
    lines = [_HEADER]
    for path in page_paths:
        alternates = [(code, base + page_url(path, code, default)) for code in languages]
        alternates.append(("x-default", base + page_url(path, default, default)))
        links = "".join(
            f"    <xhtml:link rel=\"alternate\" hreflang={quoteattr(code)} href={quoteattr(url)}/>\n" for code, url in alternates
        )
        for code in languages:
            lines.append(f"  <url>\n    <loc>{escape(base + page_url(path, code, default))}</loc>\n{links}  </url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def sitemap_files(site_url: str | None, page_paths: list[str], languages: list[str]) -> dict[str, bytes]:
    """`sitemap.xml` and the `sitemap.xml.gz` MkDocs also writes (replaced, so the two always agree)."""
    xml = sitemap_xml(site_url, page_paths, languages).encode("utf-8")
    return {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, mtime=0)}
