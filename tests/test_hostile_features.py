"""A hostile contributor against the features of the agents' handbook and the seller's tools.

The story. The same pull request as tests/test_hostile_content.py, aimed at what kbgen added
since: the reply composer and the Start here self-checks keep what the agent does in the
browser's storage, keyed by names and ids the seller wrote (`{constructor}` is a valid
placeholder, `constructor` a valid procedure or step id); `kbgen report --format markdown`
goes into a GitHub job summary, where Markdown and HTML render; kbgen's messages quote the
seller's values in a terminal and in GitHub annotations. Each test builds or runs the real
thing (MkDocs, headless Chromium from `file://` as an agent opens the unzipped handbook).
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import RU_SHOP, SEARCH_LINKS, search_with_box, write_tree
from generator.build import build_site
from generator.render.shared.urls import step_anchor

PWN = "window.__pwned=(window.__pwned||0)+1"

# A procedure whose id, step ids and reply placeholders are names every JavaScript object inherits.
PROTOTYPE_NAMES_PROCEDURE = """
title: Проверка имён
when: Всегда.
steps:
  - id: keys
    title: Шаг ключей
    do: Сделайте.
    say: "Здравствуйте, {constructor}! Заказ {__proto__}, {toString}."
    branches:
      - if: Условие
        goto: constructor
  - id: constructor
    title: Шаг конструктора
    do: Сделайте.
escalate: Передайте старшему.
"""


# An FAQ entry whose texts would end the search index's script or start a comment in it, were the index
# (shipped as scripts, `search/<lang>/*.js`, which a handbook opened from disk loads) not encoded for a script.
SCRIPT_BREAKING_ENTRY = f"""
  - id: zzqx-entry
    question: "zzqx </script><script>{PWN}</script> <!-- \u2028 \u2029 --> \\u0022 end"
    answer: "zzqx answer"
    keywords: {{ru: ["zzqx\u2028 --> </script>"]}}
"""


@pytest.fixture(scope="module")
def prototype_handbook(tmp_path_factory):
    """ru-shop with a procedure called `constructor` and an FAQ entry that would break a script, built;
    the handbook's folder."""
    work = tmp_path_factory.mktemp("prototype-names")
    shutil.copytree(RU_SHOP, work / "kb")
    write_tree(work / "kb", {"handbook/constructor.yml": PROTOTYPE_NAMES_PROCEDURE})
    faq = work / "kb" / "faq" / "dostavka.yml"
    faq.write_text(faq.read_text(encoding="utf-8").rstrip("\n") + "\n" + SCRIPT_BREAKING_ENTRY.lstrip("\n"), encoding="utf-8")
    return build_site(work / "kb", work / "out").out / "handbook"


@pytest.fixture
def agent_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def test_placeholders_named_like_javascript_members_start_empty_and_fill_the_reply(prototype_handbook, agent_page):
    """`{constructor}` in a reply is the seller's name for a value: its field starts empty (not the text of a
    function), what the agent types fills the reply literally, and it is still there after a reload."""
    page = agent_page
    page.goto((prototype_handbook / "procedures" / "constructor" / "index.html").as_uri())
    fields = page.eval_on_selector_all("[data-hb-field]", "els => els.map(e => [e.dataset.hbField, e.value])")
    assert fields == [["constructor", ""], ["__proto__", ""], ["toString", ""]]

    typed = {"constructor": f"<img src=x onerror={PWN}>", "__proto__": "A-1001", "toString": "Ирина"}
    for name, text in typed.items():
        page.locator(f"[data-hb-field='{name}']").fill(text)
    reply = page.locator(f"#{step_anchor('keys')} ~ div.hb-step").first.locator("[data-hb-reply]")
    shown = reply.locator(".hb-reply__text:not([hidden])")
    for name, text in typed.items():
        assert shown.locator(f"mark[data-hb-name='{name}']").text_content() == text
    assert shown.locator("img").count() == 0
    assert reply.locator("button.hb-copy").get_attribute("data-copy") == (
        f"Здравствуйте, {typed['constructor']}! Заказ A-1001, Ирина."
    )
    page.reload()
    assert page.eval_on_selector_all("[data-hb-field]", "els => els.map(e => e.value)") == list(typed.values())
    assert page.evaluate("window.__pwned") is None and page.errors == []


def test_a_self_check_of_a_procedure_called_constructor_keeps_its_answers(prototype_handbook, agent_page):
    """The answers of a procedure whose id is `constructor` are kept and counted like any other's, and
    answering touches nothing of the page's JavaScript (`Object.keys` stays a function)."""
    page = agent_page
    page.goto((prototype_handbook / "start-here" / "index.html").as_uri())
    badge = page.locator("[data-hb-progress='constructor']")
    not_started = badge.text_content()
    question = page.locator("[data-hb-check='constructor'] [data-hb-question='keys/1']")
    question.locator("input[value='constructor']").check()
    after_one = badge.text_content()
    assert after_one != not_started
    assert page.evaluate("typeof Object.keys === 'function' && !('keys/1' in Object)")
    page.reload()
    assert page.locator("[data-hb-progress='constructor']").text_content() == after_one
    assert page.locator("[data-hb-check='constructor'] [data-hb-question='keys/1'] input[value='constructor']").is_checked()
    assert page.errors == []


# --- the Markdown report in a GitHub job summary ------------------------------------------------------------

HOSTILE_FOLDER = "shop ![p](https:__evil.example_p.png) <img src=x onerror=alert(1)> [x](javascript:alert(1)) | a | b & `c` *d*"


def test_the_markdown_report_shows_a_hostile_folder_name_literally(kbgen, tmp_path):
    """A shop checked out in a folder whose name is Markdown and HTML (the report's title quotes it): in the job
    summary the name is text, not an image, a link, code or a tag (the report's cells go through the same escaping)."""
    from markdown_it import MarkdownIt

    source = write_tree(tmp_path / HOSTILE_FOLDER, {
        "site.yml": """
            shop: {name: Shop}
            languages: [en, ru]
            categories: [{id: orders, title: Orders}]
            contact: [{id: mail, channel: email, label: Mail, address: help@example.com}]
        """,
        "faq/orders.yml": """
            entries:
              - {id: cancel, question: Can I cancel?, answer: Yes.}
        """,
    })
    code, out, _ = kbgen("report", str(source), "--format", "markdown", "--today", "2026-09-01")
    assert code == 0
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    inline = [child for token in tokens if token.children for child in token.children]
    ours = re.compile(r"<details>\n<summary><b>[^<>]*</b></summary>\n|</details>\n")  # the report's own folds
    assert not [t.content for t in tokens + inline if t.type in ("html_inline", "html_block", "image", "link_open", "code_inline")
                and not (t.type == "html_block" and ours.fullmatch(t.content))]
    title = next(tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    rendered_title = MarkdownIt("commonmark").renderInline(title)
    assert rendered_title.endswith(HOSTILE_FOLDER.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


# --- messages that quote the seller's values and file names ----------------------------------------------------

def hostile_checkout(root):
    """ru-shop in a checkout whose docs/ holds pages named to forge a second GitHub workflow command and to
    reverse what follows on a terminal, and whose site.yml quotes a 100 000-character value and a format string."""
    shutil.copytree(RU_SHOP, root / "faq_source")
    site_yml = root / "faq_source" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    assert "channel: email" in text
    site_yml.write_text(text.replace("channel: email", "channel: '{0.__class__}{channel!r:>9}'", 1) + "\nurl: " + "x" * 100_000 + "\n",
                        encoding="utf-8")
    write_tree(root / "docs" / "ru", {
        "a\n::warning file=site.yml::forged,b.md": "# T\n\nx\n",
        "b\u202egnp.md": "# T\n\nx\n",
    })
    return root / "faq_source"


def test_a_hostile_file_name_or_value_stays_inside_one_line_of_its_own_problem(kbgen, tmp_path, monkeypatch):
    source = hostile_checkout(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = kbgen("validate", "faq_source", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    # One workflow command per problem, none forged: every line is one of kbgen's `::error`s.
    assert len(lines) >= 4 and all(line.startswith("::error file=") and ",title=kbgen::" in line for line in lines)
    forged = next(line for line in lines if "forged" in line)
    assert forged.startswith("::error file=faq_source/../docs/ru/a%0A%3A%3Awarning file=site.yml%3A%3Aforged%2Cb.md,line=1,col=1,")

    code, out, _ = kbgen("validate", str(source))
    lines = out.splitlines()
    assert len(lines) >= 4 and all(re.match(r"\S.*:\d+:\d+: ", line) for line in lines)
    assert "\u202e" not in out and "b\\u202egnp" in out  # the override is shown, not obeyed
    assert "'{0.__class__}{channel!r:>9}'" in out  # the seller's value is quoted, never used as a format string
    assert max(map(len, lines)) < 1_000  # the 100 000-character url is quoted cut short


# --- categories as folders: links out of the project ---------------------------------------------------------

def test_a_linked_category_folder_or_a_link_inside_one_is_refused_as_a_link(kbgen, tmp_path):
    """A category folder that is a link, or a link inside one (to a folder or a file of any name), would bring
    files of the building machine into the site: each is refused as what it is, a link, and nothing is built."""
    outside = write_tree(tmp_path / "outside", {"secret.yml": "entries:\n  - {id: leak, question: OUTSIDEQZX?, answer: OUTSIDEQZX}\n"})
    source = tmp_path / "faq_source"
    shutil.copytree(RU_SHOP, source)
    (source / "faq" / "dostavka").mkdir()
    (source / "faq" / "dostavka.yml").rename(source / "faq" / "dostavka" / "main.yml")
    (source / "faq" / "dostavka" / "more").symlink_to(outside, target_is_directory=True)
    (source / "faq" / "dostavka" / "notes.txt").symlink_to(outside / "secret.yml")
    (source / "faq" / "vozvrat.yml").rename(outside / "vozvrat.yml")
    (source / "faq" / "vozvrat").symlink_to(outside, target_is_directory=True)
    code, out, _ = kbgen("validate", str(source))
    assert code == 1
    linked = ("faq/dostavka/more", "faq/dostavka/notes.txt", "faq/vozvrat")
    assert [line for line in out.splitlines() if line.split(":")[0] in linked] == [
        f"{name}:1:1: links are not followed: put the file or folder itself here" for name in sorted(linked)]
    code, _, _ = kbgen("build", "--source", str(source), "--out", str(tmp_path / "site"))
    assert code == 1 and not (tmp_path / "site").exists()


def test_the_handbooks_search_index_script_carries_script_breaking_text_as_text(prototype_handbook, agent_page):
    """Opened from disk, the handbook loads its index as a script: a question holding `</script>`, `<!--`,
    `-->` and the line separators U+2028/U+2029 is found and shown as written, and runs nothing."""
    page = agent_page
    page.goto((prototype_handbook / "index.html").as_uri())
    results = search_with_box(page, "zzqx")
    assert [result["id"] for result in results][:1] == ["zzqx-entry"]
    shown = page.locator(SEARCH_LINKS).first.text_content()
    assert f"</script><script>{PWN}</script> <!--" in shown and "\u2028" in shown and "-->" in shown
    assert page.evaluate("window.__pwned") is None and page.errors == []
