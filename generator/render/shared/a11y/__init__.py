"""Accessibility fixes both sites get on top of Material for MkDocs: one CSS file and one script.

What they fix, and why it cannot be fixed by settings alone, is written in the
two files (`kb-a11y.css`, `kb-a11y.js`). They are package files, shipped with
kbgen and copied into each built site; `tests/test_accessibility.py` runs
axe-core over the built pages in Chromium.
"""

from __future__ import annotations

from pathlib import Path

from ..site_files import RenderedSite

HERE = Path(__file__).parent
STYLESHEET = "assets/stylesheets/kb-a11y.css"
SCRIPT = "assets/javascripts/kb-a11y.js"


def add_accessibility_fixes(site: RenderedSite) -> None:
    """Add the fixes to a rendered site: its files, and the `extra_css` / `extra_javascript` that load them."""
    site.extra_files[STYLESHEET] = (HERE / "kb-a11y.css").read_bytes()
    site.extra_files[SCRIPT] = (HERE / "kb-a11y.js").read_bytes()
    for key, path in (("extra_css", STYLESHEET), ("extra_javascript", SCRIPT)):
        paths = list(site.mkdocs_config.get(key) or [])
        if path not in paths:
            paths.append(path)
        site.mkdocs_config[key] = paths
