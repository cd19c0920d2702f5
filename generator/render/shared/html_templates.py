"""The HTML kbgen writes around seller content, from Jinja2 templates a shop can override.

Every box kbgen adds to a page (the answer under a question, related questions,
the warranty checker, the handbook's deadlines, reply and link boxes, branches,
agent notes...) is a template, one file per box, in the `templates/` folder of
its audience's package: `public/<box>.html` is `render/public/templates/<box>.html`,
`handbook/<box>.html` is `render/handbook/templates/<box>.html`, and a box both
sites show (a contact link) is `shared/<box>.html` in `render/shared/templates/`. The
flowchart's geometry stays in Python (render/handbook/flowchart.py): it is
computed, not written.

A shop overrides any of them as it overrides Material's templates with an
`overrides/` folder: a file at the same path in `templates/` beside its source
folder (for a checkout, `faq_source/` and `templates/` side by side), e.g.
`templates/handbook/reply-box.html`, wins over kbgen's. Its variables are the
ones kbgen's template uses (each template says what they are).

Templates are autoescaped: a value is escaped unless it is ready HTML, which
kbgen hands over as `Markup` (a converted answer, another template's output).
The escaping is MarkupSafe's, Jinja's own (quotes as `&#34;` and `&#39;`): written
in C, where the standard library's `html.escape` with a `finalize` hook took
about 3 s of a 10,000-entry build's rendering. The `text` filter escapes without
quotes, for text between tags where kbgen always wrote them so. Template source is
trimmed of one trailing newline; a `{# ... #}` comment across a line break joins
two lines into one, for boxes written on one line.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
from markupsafe import Markup

# Template name prefix -> kbgen's folder of that audience's templates.
BUILT_IN_FOLDERS = {
    "public": Path(__file__).parent.parent / "public" / "templates",
    "handbook": Path(__file__).parent.parent / "handbook" / "templates",
    "shared": Path(__file__).parent / "templates",
}
SHOP_FOLDER = "templates"


def shop_templates_folder_for(source: Path) -> Path:
    """Where a shop's own templates live: `templates/` beside the source folder."""
    return Path(source).absolute().parent / SHOP_FOLDER


def _text(value) -> Markup:
    """`{{ value | text }}`: escaped for text between tags (quotes left as they are)."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=False))


def _one_line(value) -> Markup:
    """`{{ value | one_line }}`: escaped, its line breaks as character references, for a box written on one line."""
    return Markup(html.escape(str(value), quote=True).replace("\n", "&#10;"))


class _ProjectFilesLoader(jinja2.FileSystemLoader):
    """A shop's template folder, its own files only: a template that is a link (which could put any
    file of the machine that builds the site on a page) is not read, and kbgen's own is used."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if Path(filename).is_symlink() or not Path(filename).resolve().is_relative_to(Path(self.searchpath[0]).resolve()):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, reading `{{ entry.question }}` of a dict as fast as `{{ entry["question"] }}`.

    Jinja looks an attribute up first and takes the item when that fails, by raising and catching an
    exception: kbgen hands its templates dicts, and a large shop's pages read millions of their values
    (at 10,000 entries the handbook's link boxes alone a million). A name that is not one of dict's own
    attributes is looked up as an item first: what Jinja finds is the same.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class HtmlTemplates:
    """kbgen's templates, with a shop's folder (when it has one) searched first."""

    def __init__(self, shop_folder: Path | None = None):
        built_in = jinja2.PrefixLoader({prefix: jinja2.FileSystemLoader(str(folder)) for prefix, folder in BUILT_IN_FOLDERS.items()})
        usable = shop_folder is not None and Path(shop_folder).is_dir() and not Path(shop_folder).is_symlink()
        shop = [_ProjectFilesLoader(str(shop_folder))] if usable else []
        self.environment = _Environment(
            loader=jinja2.ChoiceLoader([*shop, built_in]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,
        )
        self.environment.filters["text"] = _text
        self.environment.filters["one_line"] = _one_line
        self._loaded: dict[str, jinja2.Template] = {}  # by name: Jinja's own lookup costs more than a small box's rendering

    def render(self, name: str, /, **values) -> str:
        """Template `name` (`handbook/reply-box.html`) filled with `values`: ready HTML, as a plain `str`.

        A plain `str`, not `Markup`: joined to other strings it must stay as it is
        (adding a `str` to a `Markup` would escape the `str`). Hand HTML back into a
        template as `ready_html(...)`.
        """
        template = self._loaded.get(name)
        if template is None:
            template = self._loaded[name] = self.environment.get_template(name)
            # Jinja holds a template's globals as a ChainMap over the environment's and flattens it into a
            # new dict at every render: 12 of the 20 µs a small box took. kbgen adds no global once set up.
            template.globals = dict(template.globals)
        return str(template.render(**values))


def ready_html(ready: str) -> Markup:
    """Ready HTML (a converted answer, a template's output) for a template: put in as it is."""
    return Markup(ready)
