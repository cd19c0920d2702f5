#!/usr/bin/env python3
"""The peer the search benchmark compares with: stock mkdocs-material + mkdocs-static-i18n on the same content.

`write_stock_project(source, folder)` writes, from the same YAML as kbgen reads,
the set-up a shop would start from:

- one Markdown page per category per language (`docs/<lang>/faq/<category>.md`),
  every FAQ entry a `## question {#entry-id}` section with its answer (attr_list
  gives the anchor, so a result maps to its entry), plus a home page per language;
- a text missing in a language is the default language's, as on kbgen's pages;
- Material's search plugin on with its default settings, mkdocs-static-i18n with
  its default settings (`docs_structure: folder`, every language built); the only
  change is the one every such site needs: Material has no `zh-Hans` theme
  language (the build crashes), so each language names its theme language and
  zh-Hans's is `zh`;
- `theme.font: false`, so that pages do not wait for Google's font host (no
  effect on search).

`build_stock_site(source, out)` writes the project into `out/project` and builds
it into `out/site`; returns the site folder.

Run alone: `.venv/bin/python benchmarks/search_stock_site.py [SOURCE] OUT`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from generator.validate import load_knowledge_base  # noqa: E402
from generator.view import Localizer, PublicView  # noqa: E402
from generator.languages import BUILT_IN_LANGUAGES  # noqa: E402

#: Material's `theme.language` where it differs from the locale (it crashes on `zh-Hans`).
MATERIAL_LANGUAGE = {"zh-Hans": "zh"}


def category_page(view: PublicView, category, language: str) -> str:
    """One category's page in one language: its title, then each entry as a `##` section."""
    text = Localizer(language, view.default_language)
    lines = [f"# {text(category.category.title).text}", ""]
    for entry in category.entries:
        question = text(entry.question).text.replace("{", "(").replace("}", ")")
        lines += [f"## {question} {{#{entry.id}}}", "", text(entry.answer).text, ""]
    return "\n".join(lines)


def write_stock_project(source: Path, folder: Path) -> Path:
    """Write the stock project for `source` into `folder`; returns its mkdocs.yml."""
    view = PublicView(load_knowledge_base(Path(source)))
    docs = folder / "docs"
    for language in view.languages:
        text = Localizer(language, view.default_language)
        root = docs / language
        (root / "faq").mkdir(parents=True, exist_ok=True)
        (root / "index.md").write_text(f"# {text(view.site.shop.name).text}\n", encoding="utf-8")
        for category in view.categories:
            (root / "faq" / f"{category.id}.md").write_text(category_page(view, category, language), encoding="utf-8")
    config = {
        "site_name": Localizer(view.default_language, view.default_language)(view.site.shop.name).text,
        "docs_dir": str(docs),
        "site_dir": str(folder.parent / "site"),
        "theme": {"name": "material", "language": MATERIAL_LANGUAGE.get(view.default_language, view.default_language),
                  "font": False},
        "markdown_extensions": ["attr_list"],
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "languages": [
                {
                    "locale": language,
                    "name": BUILT_IN_LANGUAGES[language].native_name,
                    "default": language == view.default_language,
                    "build": True,
                    "theme": {"language": MATERIAL_LANGUAGE.get(language, language)},
                }
                for language in view.languages
            ]}},
        ],
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def build_stock_site(source: Path, out: Path) -> Path:
    """Write and build the stock site of `source` under `out`; returns the built site folder."""
    project = out / "project"
    project.mkdir(parents=True, exist_ok=True)
    config_file = write_stock_project(source, project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "--quiet", "-f", str(config_file)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"stock build failed:\n{result.stdout}\n{result.stderr}")
    return out / "site"


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if len(arguments) == 1:
        arguments = [str(PROJECT / "faq_source"), arguments[0]]
    if len(arguments) != 2:
        sys.exit("usage: search_stock_site.py [SOURCE] OUT")
    print(build_stock_site(Path(arguments[0]), Path(arguments[1])))
