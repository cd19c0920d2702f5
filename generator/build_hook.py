"""MkDocs hook of every kbgen build (named in the generated mkdocs.yml's `hooks:`).

Three jobs: pass the HTML MkDocs makes of every page's Markdown through the
sanitizer (render/shared/sanitize.py) before kbgen's ready-made HTML goes into it
(render/shared/html_blocks.py), compile templates once (below), and give every language its
own 404 page (`on_post_template`). A build, not the preview, also runs `policy_hook.py`.

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n
runs one build per language: Material's templates (about 35 of them) were
compiled again for every language of every site, several seconds of a large
build. Jinja can keep compiled templates in a bytecode cache; this one lives in
memory for the life of the process, keyed (by Jinja) on the template's name,
file and a checksum of its source, so an edited template is compiled afresh.

MkDocs imports a hook module once per process, so the cache outlives each
build; it holds compiled code only, never a rendered page.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

from generator.render.shared.html_blocks import fill_placeholders, split_page_source
from generator.render.shared.sanitize import clean_html


class SharedTemplateCache(jinja2.BytecodeCache):
    """Compiled Jinja templates, in memory, for every MkDocs run of this process."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplateCache()


def on_env(env, config, files, **kwargs):
    env.bytecode_cache = TEMPLATES
    return env


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Cut a page's ready-made HTML blocks off its Markdown before MkDocs converts it."""
    markdown, page.kbgen_html_blocks = split_page_source(markdown)
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    """Sanitize what MkDocs made of the page's Markdown (its seller text is escaped already: this is
    the second line), then put each ready-made block where its placeholder paragraph is."""
    return fill_placeholders(clean_html(html), getattr(page, "kbgen_html_blocks", []))


@event_priority(-50)  # after policy_hook.py's, so that every copy carries its Content-Security-Policy
def on_post_template(output_content, template_name, config, **kwargs):
    """Each language's 404 page in its own folder (`/ru/404.html`); the root one in the default language.

    mkdocs-static-i18n runs one MkDocs build per language, the default first, into the same
    folder, and MkDocs writes 404.html at its root every time: the last language built won.
    Each language's page goes into its folder here, and the root keeps the default language's.
    """
    if template_name != "404.html":
        return output_content
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language in (None, i18n.default_language):
        return output_content
    site_dir = Path(config.site_dir)
    folder = site_dir / i18n.current_language
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "404.html").write_text(output_content, encoding="utf-8")
    # The root keeps what the default language's build, which runs first, wrote there.
    root_page = site_dir / "404.html"
    return root_page.read_text(encoding="utf-8") if root_page.is_file() else output_content
