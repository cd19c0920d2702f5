"""kbgen's MkDocs plugin: what kbgen adds to every MkDocs run of a build or a preview.

One instance per site build (`build.run_mkdocs`), or one for a whole preview
(`serve.PreviewSession`), made by kbgen and added to the loaded MkDocs config
(`load_mkdocs_config`): it holds the rendered site (`RenderedSite`) in memory,
so nothing passes between kbgen and MkDocs through module-level state, and it
is not named in mkdocs.yml (MkDocs would make a fresh instance, without the
site, every time it loads the config).

Its jobs, by event:

- `on_files`: leave out Material's files no page uses (its search, source maps);
- `on_env`: compile templates once (below); draw each navigation link once
  (`MaterialNavItems`, `cached_nav_links`);
- `on_page_content`: pass the HTML MkDocs makes of every page's Markdown through
  the sanitizer (render/shared/sanitize.py: the page's seller text is escaped
  already, this is the second line), then put each ready-made HTML block where
  its placeholder is (render/shared/html_blocks.py);
- `on_post_page`, `on_post_template`: every page's line breaks and indentation
  collapsed (render/shared/html_whitespace.py); a build's pages get their
  Content-Security-Policy (render/shared/content_security.py); a preview's do
  not, because MkDocs' live-reload server adds an inline script of its own to
  every page it serves, which the policy would stop (the preview adds the
  source's problems as it serves a page: serve.py); every language gets its
  own 404 page;
- `on_post_build`: the files kbgen adds beside MkDocs' (search indexes, the
  widget, scripts: `RenderedSite.extra_files`), once every language is built.

Page sources stay files in a docs folder, not virtual `File.generated` pages:
mkdocs-static-i18n (1.3) rebuilds the file list of each language in its
`on_files` (`reconfigure_files`) and keeps as pages only files whose
`abs_src_path` lies inside `docs_dir`, making a new `File` from `docs_dir` and
`src_path` for each, that is re-read from disk. A virtual page with in-memory
content has no `abs_src_path` (its path check raises TypeError), and one backed
by a file elsewhere is dropped ("Unhandled file case"); adding pages after its
`on_files` would mean redoing its choice of each language's page, their
destinations and alternates here. Only the pages' Markdown is on disk; their
ready-made HTML is held here.

mkdocs-static-i18n builds every further language by calling MkDocs' `build`
again from its own `on_post_build`, with the same config, so the same plugin
instance sees every language of a site.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import jinja2
import material
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from .render.shared.content_security import with_content_security_policy
from .render.shared.html_blocks import BlockHeading, fill_placeholders, placeholder_position
from .render.shared.html_whitespace import collapse_whitespace
from .render.shared.sanitize import clean_html
from .render.shared.site_files import RenderedSite, write_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .serve import PreviewSession

PLUGIN_NAME = "kbgen"
MATERIAL_TEMPLATES_DIR = Path(material.__file__).parent / "templates"
# Material's search: its worker and lunr's language files (kbgen's search has its own, in search/).
UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates, in memory, for every MkDocs run of one plugin instance.

    MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n
    runs one build per language: Material's templates (about 35 of them) were
    compiled again for every language of every site, several seconds of a large
    build. Jinja keys this cache on the template's name, file and a checksum of
    its source, so an edited template is compiled afresh. It holds compiled code
    only, never a rendered page.
    """

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class MaterialNavItems(jinja2.BaseLoader):
    """The theme's templates as `loader` finds them, with Material's navigation items drawn through
    kbgen's cache of navigation links (`KbgenPlugin.cached_nav_links`).

    Material's partials/nav-item.html draws every item of a page's navigation with its macro `render`,
    which calls itself for the children of a section. Here that macro is renamed and `render` becomes the
    same macro wrapped by the cache, so that every call, from nav.html and from the macro itself, passes
    through it. Nothing else of Material's file changes. Should a new Material write the macro otherwise,
    its file is served as it is (test_build_plugin.py fails then, so that the cache is not lost unseen).
    """

    TEMPLATE = "partials/nav-item.html"
    MACRO = "{% macro render(nav_item, path, level, parent) %}"
    RENAMED = "{% macro material_render(nav_item, path, level, parent) %}"
    WRAPPED = "{% set render = cached_nav_links(material_render) %}\n"

    def __init__(self, loader: jinja2.BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template == self.TEMPLATE and Path(filename) == MATERIAL_TEMPLATES_DIR / self.TEMPLATE:
            source = self.wrapped(source)
        return source, filename, uptodate

    @classmethod
    def wrapped(cls, source: str) -> str:
        """Material's nav-item.html with `render` going through the cache (unchanged if it has no such macro)."""
        if source.count(cls.MACRO) != 1:
            return source
        return source.replace(cls.MACRO, cls.RENAMED) + cls.WRAPPED

    def list_templates(self):
        return self.loader.list_templates()


class KbgenPlugin(BasePlugin):
    """kbgen's part of a MkDocs run: `site` is the rendered site MkDocs builds; `preview`, the preview
    session when `kbgen serve` runs it (None in a build)."""

    def __init__(self, site: RenderedSite, preview: PreviewSession | None = None):
        super().__init__()
        self.site = site
        self.preview = preview
        self.templates = CompiledTemplates()
        # (id of a navigation link, what its href on the page depends on) -> (the link, Material's HTML of it):
        # `cached_nav_links`, emptied for every build.
        self.nav_links: dict[tuple[int, object], tuple[object, str]] = {}

    def add_to(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run this instance in the builds of `config` (a config MkDocs loaded: `load_mkdocs_config`)."""
        config.plugins[PLUGIN_NAME] = self  # registers each of its event methods
        return config

    @event_priority(-150)  # after mkdocs-static-i18n's (-100), which makes each language's list of files again
    def on_files(self, files, /, *, config):
        """Leave out the files of Material no page uses: its search's (kbgen's search is its own) and the
        source maps of its scripts and stylesheets (for debugging Material itself): 2.5 MB per site."""
        for file in list(files):
            if _unused_theme_file(file.src_uri) and Path(file.abs_src_path).is_relative_to(MATERIAL_TEMPLATES_DIR):
                files.remove(file)
        return files

    def on_env(self, env, /, *, config, files):
        env.bytecode_cache = self.templates
        env.loader = MaterialNavItems(env.loader)
        # A new build (a further language, a preview's rebuild) has new navigation items, titles and config.
        self.nav_links.clear()
        env.globals["cached_nav_links"] = self.cached_nav_links
        return env

    @jinja2.pass_context
    def cached_nav_links(self, context: jinja2.runtime.Context, render: jinja2.runtime.Macro) -> Callable[..., str]:
        """Material's navigation macro `render` (partials/nav-item.html) for the page of `context`, drawing
        each navigation link that is not this page once per build and href (`MaterialNavItems`).

        Every page's navigation lists the same links: the buyers' site, each category and policy (about
        142 links on each of its 710 pages at 10,000 entries: about 4 s of its 13 s MkDocs build went into
        drawing them again and again); the handbook, every page of the page's own part (about 100 on
        most of its 492). Measured at 10,000 entries, CPU of MkDocs: buyers' site 13.6 -> 10.5 s,
        handbook 6.8 -> 6.2 s (its own page and its table of contents, drawn for each page, remain).

        Such a link shows only its own title, metadata and href (Material's nav-item.html), so the same
        link with the same href (MkDocs' `url` filter, relative to the page) is the same HTML on every
        page of the build. The rest is drawn by Material for each page: this page's own item (with its table
        of contents), a section (its links come here in turn), an item with Material's blog `pages`.
        """
        page = context.get("page")
        url = context.environment.filters["url"]
        folder = _url_parts(page.url, folder=True) if page is not None else ()

        def href_key(nav_item) -> object:
            """What `nav_item`'s href on this page depends on: the href itself, or for a page of the site
            outside this page's folder, the folder this page's folder is in (`_url_parts`)."""
            if folder and isinstance(nav_item, Page):
                parts = _url_parts(nav_item.url)
                if parts[: len(folder)] != folder:
                    return folder[:-1]
            return url(context, nav_item.url)

        def render_item(nav_item, *arguments) -> str:
            if nav_item.children or getattr(nav_item, "pages", None) or nav_item.active or nav_item == page:
                return render(nav_item, *arguments)
            key = (id(nav_item), href_key(nav_item))
            cached = self.nav_links.get(key)
            if cached is None:
                # The item is kept with its HTML, so that its id names it while the entry lives.
                cached = self.nav_links[key] = (nav_item, render(nav_item, *arguments))
            return cached[1]

        return render_item

    def on_page_content(self, html, /, *, page, config, files):
        """Sanitize what MkDocs made of the page's Markdown, then put each ready-made block in place;
        give the page its JSON-LD (`MarkdownPage.json_ld`), read by the theme's head like its front matter.

        A build needs each page's blocks once: they are let go here (a preview keeps
        them for its next rebuild), so that a large site's HTML is not held twice.
        """
        if self.preview is None:
            source = self.site.pages.pop(page.file.src_uri, None)
        else:
            source = self.site.pages.get(page.file.src_uri)
        if source is None:
            return clean_html(html)
        if source.json_ld:
            page.meta["kb_json_ld"] = source.json_ld
        html = clean_html(html)
        if source.headings:
            page.toc = table_of_contents(page.toc, html, source.headings)
        return fill_placeholders(html, source.html_blocks)

    def on_post_page(self, output, /, *, page, config):
        output = collapse_whitespace(output)
        if self.preview is not None:
            return output
        output = with_content_security_policy(output, page.content or "")
        # Written next, and read by nothing else: MkDocs would keep every page's HTML
        # until the language's build ends (mkdocs-static-i18n's languages one after the other).
        page.content = None
        return output

    @event_priority(-50)  # after other plugins' changes, so that every copy is the finished page
    def on_post_template(self, output_content, /, *, template_name, config):
        """Theme pages that are not pages of the site (404.html) get the policy too (not in a preview);
        each language's 404 page goes into its own folder (`/ru/404.html`), the root keeps the default language's.

        mkdocs-static-i18n runs one MkDocs build per language, the default first, into the same
        folder, and MkDocs writes 404.html at its root every time: the last language built won.
        """
        if not template_name.endswith(".html"):
            return output_content
        output_content = collapse_whitespace(output_content)
        if self.preview is None:
            output_content = with_content_security_policy(output_content)
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

    @event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100) has built the other languages
    def on_post_build(self, *, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.building:
            return  # a further language's build, run from inside the first one's on_post_build
        write_files(Path(config.site_dir), self.site.extra_files.items())


def _url_parts(url: str, *, folder: bool = False) -> tuple[str, ...]:
    """The parts of a page's URL as MkDocs' `url` filter compares them (`mkdocs.utils.get_relative_url`:
    MkDocs makes a page's URL from its file's path, so it has no `.`, `..` or empty parts to normalize);
    with `folder`, of the folder a link on that page is relative to (a last part holding a dot is a file).

    Why a link's href is the same from two pages whose folders are in one folder, at one depth, unless
    it points inside either: MkDocs writes `..` for each part of the page's folder after the parts it
    shares with the target, then the target's remaining parts. A target outside the page's folder shares
    fewer parts with it than the folder has, so only parts of the folder's parent count: the same for
    both pages (sibling categories `ru/faq/a/` and `ru/faq/b/` both link `ru/faq/c/` as `../c/`).
    Splitting the link's URL instead of running MkDocs' `url` filter on it saves about 0.4 s of the
    buyers' site's build at 10,000 entries (its 710 pages list ~142 links each).
    """
    if folder:
        head, _, last = url.rpartition("/")
        url = head if "." in last else url
    return tuple(part for part in url.split("/") if part)


def _unused_theme_file(path: str) -> bool:
    return path.endswith(".map") or path.startswith(UNUSED_THEME_FOLDERS)


def table_of_contents(markdown_toc: TableOfContents, html: str, headings: tuple[BlockHeading, ...]) -> TableOfContents:
    """The page's table of contents: MkDocs' own (of the headings in its Markdown) with the headings of its
    ready-made blocks (render/shared/html_blocks.py), each where it stands on the page, nested by level
    as Python-Markdown's `toc` extension nests them.

    `html` is what MkDocs made of the Markdown, placeholders still in: a Markdown heading stands where
    its `id` is, a block's heading where the block's placeholder is.
    """
    tokens = []
    pending = list(markdown_toc)
    while pending:
        item = pending.pop(0)
        pending[:0] = item.children
        tokens.append((html.find(f' id="{item.id}"'), {"level": item.level, "id": item.id, "name": item.title}))
    for heading in headings:
        tokens.append((placeholder_position(html, heading.block), {"level": heading.level, "id": heading.anchor, "name": heading.name}))
    tokens.sort(key=lambda token: token[0])  # stable: the headings of one block keep their order
    return get_toc(nest_toc_tokens([token for _, token in tokens]))


def load_mkdocs_config(config_file: Path, plugin: KbgenPlugin) -> MkDocsConfig:
    """The MkDocs config of `config_file`, with `plugin` added to it."""
    from mkdocs.config import load_config

    return plugin.add_to(load_config(config_file=str(config_file)))
