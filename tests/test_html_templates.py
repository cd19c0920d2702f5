"""The HTML kbgen writes comes from autoescaped Jinja2 templates, which a shop overrides with a
`templates/` folder beside its source (like Material's `overrides/`)."""

from __future__ import annotations

import shutil

from conftest import RU_SHOP
from generator.build import build_site
from generator.render.shared.html_templates import BUILT_IN_FOLDERS, HtmlTemplates, ready_html

# The shop's reply box: its own markup around kbgen's variables (templates/handbook/reply-box.html lists them).
REPLY_BOX = """\
{% from "handbook/copy-button.html" import copy_button -%}
<aside class="shop-reply" data-title="{{ title }}">{{ copy_button(raw, copy.label, copy.copied, copy.failed) }}{#
#}{% for part in parts %}{{ part.text }}{% endfor %}</aside>
"""


def test_a_shop_template_replaces_kbgen_s_and_the_rest_stay(tmp_path):
    shutil.copytree(RU_SHOP, tmp_path / "kb")
    (tmp_path / "templates" / "handbook").mkdir(parents=True)
    (tmp_path / "templates" / "handbook" / "reply-box.html").write_text(REPLY_BOX, encoding="utf-8")
    out = build_site(tmp_path / "kb", tmp_path / "out").out
    procedures = [path.read_text(encoding="utf-8") for path in (out / "handbook" / "procedures").glob("*/index.html")]
    with_replies = [page for page in procedures if "hb-copy" in page]
    assert with_replies and all('<aside class="shop-reply" data-title="' in page for page in with_replies)
    assert not any('class="hb-reply"' in page for page in procedures)
    assert all('class="hb-deadlines"' in page for page in procedures)  # kbgen's own, not overridden


def test_templates_escape_what_is_not_ready_html():
    templates = HtmlTemplates()
    values = {"href": "#x", "title": "<b>\"A\" & 'B'</b>"}
    assert templates.render("public/warranty-link.html", **values) == (
        '<a href="#x">&lt;b&gt;&#34;A&#34; &amp; &#39;B&#39;&lt;/b&gt;</a>'
    )
    ready = {**values, "title": ready_html("<em>ready</em>")}
    assert templates.render("public/warranty-link.html", **ready) == '<a href="#x"><em>ready</em></a>'


def test_every_template_says_what_its_variables_are():
    for path in (path for folder in BUILT_IN_FOLDERS.values() for path in folder.rglob("*.html")):
        assert path.read_text(encoding="utf-8").startswith("{#-"), path
