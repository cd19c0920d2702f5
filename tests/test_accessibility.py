"""Every kind of page, in every language, has no serious or critical accessibility violation (axe-core).

axe-core (the copy `axe-playwright-python` ships, so it works offline) runs in
headless Chromium over the home page, a category page, a warranty page (again
after its checker has answered), the contact page and a handbook procedure, in
each language of the sample and of ru-shop. The pages are found in the built
sites, so a kind of page that a build stops producing fails here too.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import RU_SHOP, SAMPLE_SOURCE
from generator.build import HANDBOOK, PUBLIC
from generator.validate import load_knowledge_base

SOURCES = {"sample": SAMPLE_SOURCE, "ru-shop": RU_SHOP}
BLOCKING_IMPACTS = {"serious", "critical"}

# Kind of page -> (site, where it is in a language's folder).
PAGE_KINDS = {
    "home": (PUBLIC, "index.html"),
    "category": (PUBLIC, "faq/*/index.html"),
    "warranty": (PUBLIC, "warranty/*/index.html"),
    "contact": (PUBLIC, "contact/index.html"),
    "procedure": (HANDBOOK, "procedures/*/index.html"),
}


def language_folders(site_root: Path, languages: list[str]) -> dict[str, Path]:
    """Each built language's folder: the default language at the site's root, the others under /<code>/."""
    folders = {languages[0]: site_root}
    for code in languages[1:]:
        if (site_root / code / "index.html").is_file():
            folders[code] = site_root / code
    return folders


def pages_of_kind(out: Path, kind: str, languages: list[str]) -> dict[str, Path]:
    """The first page of `kind` in every language (relative to its site's root)."""
    site, pattern = PAGE_KINDS[kind]
    root = out / site
    found = {}
    for code, folder in language_folders(root, languages).items():
        matches = sorted(folder.glob(pattern))
        if matches:
            found[code] = matches[0].relative_to(root)
    return found


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def blocking_violations(axe, page) -> list[str]:
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def answer_the_checkers(page) -> bool:
    """Fill and submit each date form in the page's content (the warranty checker); True when there was one."""
    forms = page.locator(".md-content form:has(input[type=date])")
    for index in range(forms.count()):
        form = forms.nth(index)
        form.locator("input[type=date]").fill((date.today() - timedelta(days=40)).isoformat())
        form.locator("[type=submit]").click()
    if forms.count():
        page.wait_for_timeout(300)  # the answer is written by a script
    return forms.count() > 0


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_no_serious_accessibility_violation(name, kind, built, serve_folder, page, axe):
    out = built(name)
    site = PAGE_KINDS[kind][0]
    kb = load_knowledge_base(SOURCES[name])
    pages = pages_of_kind(out, kind, kb.languages)
    assert pages, f"{name}: the build has no {kind} page ({site}/{PAGE_KINDS[kind][1]})"
    if site == PUBLIC:
        missing = [code for code in kb.languages if code not in pages]
        assert not missing, f"{name}: no {kind} page in {', '.join(missing)}"
    base = serve_folder(out / site)

    problems = []
    for code, relative in pages.items():
        url = base + relative.as_posix().removesuffix("index.html")
        page.goto(url)
        page.wait_for_load_state("load")
        problems += [f"{site}/{relative} [{code}]: {v}" for v in blocking_violations(axe, page)]
        if kind == "warranty":
            assert answer_the_checkers(page), f"{site}/{relative}: no warranty checker (a form with a date) found"
            problems += [f"{site}/{relative} [{code}] after the checker answered: {v}" for v in blocking_violations(axe, page)]

    assert not problems, "\n".join(problems)


def test_the_fixes_load_beside_a_sellers_own_stylesheets(tmp_path, kbgen):
    """MkDocs' INHERIT would replace the project's `extra_css` with kbgen's: both must reach every page."""
    project = tmp_path / "mkdocs.yml"
    project.write_text(
        "site_name: Shop\ntheme:\n  name: material\nextra_css: [seller.css]\nextra_javascript: [seller.js]\n",
        encoding="utf-8",
    )

    code, _, stderr = kbgen("build", "--source", RU_SHOP, "--out", tmp_path / "site", "--config", project)

    assert code == 0, stderr
    for site in (PUBLIC, HANDBOOK):
        home = (tmp_path / "site" / site / "index.html").read_text(encoding="utf-8")
        for seller, ours in (("seller.css", "kb-a11y.css"), ("seller.js", "kb-a11y.js")):
            assert f'"{seller}"' in home and ours in home, f"{site}: {seller} and {ours} should both load"
            assert home.index(ours) < home.index(f'"{seller}"'), f"{site}: the seller's files load last (theirs win)"
