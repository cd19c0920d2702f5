"""MkDocs hook of every kbgen build (named in the generated mkdocs.yml's `hooks:`).

Two jobs: pass the HTML MkDocs makes of every page's Markdown through the
sanitizer (render/shared/sanitize.py) before kbgen's ready-made HTML goes into it
(render/shared/html_blocks.py), and compile templates once (below). A build, not the
preview, also runs `policy_hook.py`.

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

import jinja2

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

