"""Where a built site's bytes are: per kind of file and page, and per block of the pages.

    .venv/bin/python benchmarks/page_bytes.py SITE [SITE ...]     # e.g. site/public site/handbook

For each built site (a `kbgen build` output folder: `public/` or `handbook/`) it prints the bytes of each kind
of file (the search files, assets, each kind of page: FAQ categories, warranty cards, procedures, ...), and
then, over every page, the bytes of each block: the JSON-LD, the rest of the head, the header, the
navigation sidebar, the table of contents (in the navigation, and on the right when Material prints it
twice), the footer, and every kind of element of the article (by tag and class: an answer, related
questions, the handbook's links to send, ...), and the bytes between blocks. A block is counted with
everything inside it (an answer with its paragraphs), so those rows add up to the pages' total; one more row,
"of which line breaks and indentation", counts the whitespace inside all of them (runs holding a line break).

It reads the files only: run it on a site built by `kbgen build` or left by `scale_benchmark.py --workdir`.
"""

from __future__ import annotations

import argparse
import html.parser
import re
import sys
from collections import Counter
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(-[A-Za-z]+)?$")


def file_kind(site: Path, path: Path) -> str:
    """search/, assets, or the kind of page (its first folder after the language's)."""
    parts = path.relative_to(site).parts
    if parts[0] in {"search", "assets", "widget"}:
        return parts[0] + "/" + (" (source maps)" if path.suffix == ".map" else "")
    if path.suffix != ".html":
        return "other files"
    if LANGUAGE_FOLDER.match(parts[0]) and len(parts) > 1 and parts[0] not in {"faq"}:
        parts = parts[1:]
    if len(parts) == 1:
        return "page: " + parts[0].removesuffix(".html")  # index, 404
    return "page: " + parts[0]


def block_name(tag: str, attributes: dict[str, str | None], inside: tuple[str, ...]) -> str | None:
    """The block an element is counted as, or None to look inside it."""
    classes = (attributes.get("class") or "").split()
    if tag == "script":
        return "head: JSON-LD" if attributes.get("type") == "application/ld+json" else "scripts"
    if tag == "head":
        return None
    if "head" in inside:
        return "head: the rest"
    if tag == "header" or tag == "footer":
        return tag
    if tag == "nav" and "md-nav--secondary" in classes:
        # In the navigation: the phone's drawer (and, with toc.integrate, the sidebar); else Material's right sidebar.
        return "table of contents (in the navigation)" if "md-nav--primary" in inside else "table of contents (right sidebar)"
    if tag == "nav" and "md-nav--primary" in classes:
        return None
    if "md-nav--primary" in inside:
        if tag == "li" and "md-nav__item--active" in classes:
            return None  # the current page's item: it holds the drawer's table of contents
        if tag in {"li", "label", "a"}:
            return "navigation"
        return None
    if "article" in inside:
        return "article: " + tag + "".join("." + name for name in classes[:1])
    return None


class _Blocks(html.parser.HTMLParser):
    """Adds each top-most block's bytes (start tag to end tag) to `sizes`; the rest goes to the innermost
    enclosing element's 'between blocks' row, whitespace apart."""

    def __init__(self, text: str, sizes: Counter) -> None:
        super().__init__(convert_charrefs=False)
        self.sizes = sizes
        self.line_offsets = [0]
        # Lines as the parser counts them: split at line feeds only.
        self.lines = [line + "\n" for line in text.split("\n")]
        for line in self.lines:
            self.line_offsets.append(self.line_offsets[-1] + len(line.encode()))
        self.open: list[tuple[str, str | None, int]] = []  # (tag, class attribute, byte offset)
        self.block: tuple[str, str, int, int] | None = None  # (name, tag, depth, start)
        self.counted_until = 0

    def byte_offset(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + len(self.lines[line - 1][:column].encode())

    def inside(self) -> tuple[str, ...]:
        names = []
        for tag, classes, _ in self.open:
            names.append(tag)
            names.extend((classes or "").split())
        return tuple(names)

    def handle_starttag(self, tag, attrs):
        start = self.byte_offset()
        if self.block is None:
            name = block_name(tag, dict(attrs), self.inside())
            if name is not None:
                self.between(start)
                if tag in VOID:
                    end = start + len(self.get_starttag_text().encode())
                    self.sizes[name] += end - start
                    self.counted_until = end
                    return
                self.block = (name, tag, len(self.open), start)
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("class"), start))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break
        else:
            return
        if self.block is not None and len(self.open) <= self.block[2]:
            name, _, _, start = self.block
            end = self.byte_offset() + len(tag) + 3
            self.sizes[name] += end - start
            self.counted_until = end
            self.block = None

    def between(self, until: int) -> None:
        """Bytes not in any block so far: the tags around blocks and the whitespace."""
        if until > self.counted_until:
            self.sizes["between blocks"] += until - self.counted_until
        self.counted_until = until

    def finish(self, total: int) -> None:
        self.between(total)


def whitespace_bytes(text: str) -> int:
    """Whitespace runs of two characters or more that hold a line break: what indentation costs."""
    return sum(len(run) - 1 for run in re.findall(r"\n\s+|\s+\n", text))


def page_blocks(path: Path, sizes: Counter) -> None:
    text = path.read_text(encoding="utf-8")
    parser = _Blocks(text, sizes)
    parser.feed(text)
    parser.close()
    parser.finish(len(text.encode()))
    sizes["(of which line breaks and indentation)"] += whitespace_bytes(text)


def report(site: Path, per: float) -> None:
    kinds: Counter = Counter()
    counts: Counter = Counter()
    blocks: dict[str, Counter] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        kind = file_kind(site, path)
        kinds[kind] += path.stat().st_size
        counts[kind] += 1
        if path.suffix == ".html":
            page_blocks(path, blocks.setdefault(kind, Counter()))
    total = sum(kinds.values())
    print(f"\n{site}: {total / 1e6:.1f} MB in {sum(counts.values())} files ({total / 1e6 / per:.2f} MB per 1,000 entries)")
    for kind, size in kinds.most_common():
        print(f"  {size / 1e6:9.2f} MB  {counts[kind]:6d} files  {kind}")
    for kind, sizes in sorted(blocks.items(), key=lambda item: -kinds[item[0]]):
        print(f"\n  {kind}: {kinds[kind] / 1e6:.2f} MB, {counts[kind]} pages, {kinds[kind] / counts[kind] / 1e3:.1f} kB a page")
        for name, size in sizes.most_common():
            if size * 200 >= kinds[kind]:  # rows of at least 0.5 %
                print(f"    {size / 1e6:9.2f} MB  {100 * size / kinds[kind]:5.1f} %  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--entries", type=int, default=0, help="the shop's FAQ entries (for the per 1,000 figure)")
    args = parser.parse_args(argv)
    per = args.entries / 1000 if args.entries else 1.0
    for site in args.sites:
        if not site.is_dir():
            print(f"{site}: not a folder", file=sys.stderr)
            return 1
        report(site, per)
    return 0


if __name__ == "__main__":
    sys.exit(main())
