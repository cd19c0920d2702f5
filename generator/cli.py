"""The `kbgen` command line: validate, build, serve, schema, report, new.

Every command that reads the source prints problems as `FILE:LINE:COLUMN:
message` (FILE relative to the source folder) and exits 1; none of them ends
in a traceback for anything a seller can write.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import InvalidSource, Problem

DEFAULT_SOURCE = "faq_source"
DEFAULT_OUT = "site"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except InvalidSource as invalid:
        _print_problems(invalid.problems, getattr(args, "format", "text"), _source_arg(args))
        return 1
    except KeyboardInterrupt:
        print("kbgen: interrupted", file=sys.stderr)
        return 130


def _source_arg(args) -> str:
    return str(getattr(args, "source", None) or DEFAULT_SOURCE)


def _print_problems(problems: list[Problem], output_format: str, source: str) -> None:
    for problem in problems:
        if output_format == "github":
            print(problem.github_annotation(source))
        else:
            print(problem)
    print(f"kbgen: {len(problems)} problem(s) found in {source}", file=sys.stderr)


def _validate(args) -> int:
    from .validate import validate_source

    kb, problems = validate_source(Path(args.source))
    if problems:
        _print_problems(problems, args.format, args.source)
        return 1
    entries = sum(1 for _ in kb.entries())
    print(
        f"{args.source}: valid — {entries} FAQ entries in {len(kb.categories)} categories, "
        f"{len(kb.warranties)} warranty policies, {len(kb.procedures)} procedures, "
        f"languages {', '.join(kb.languages)}"
    )
    return 0


def _build(args) -> int:
    from .build import BuildInterrupted, build_site

    config = Path(args.config) if args.config else None
    try:
        result = build_site(Path(args.source), Path(args.out), project_config=config)
    except BuildInterrupted as interrupted:
        print(f"kbgen: {interrupted}; {args.out} is unchanged", file=sys.stderr)
        return 130
    except OSError as error:
        print(f"kbgen: build failed, {args.out} is unchanged: {error}", file=sys.stderr)
        return 1
    for name, path in result.sites.items():
        print(f"{name}: {path / 'index.html'}")
    return 0


def _schema(args) -> int:
    from .schema import field_reference_markdown, json_schema_text

    if args.reference:
        sys.stdout.write(field_reference_markdown())
        return 0
    if not args.kind:
        print("kbgen schema: name a kind (site, faq, warranty, handbook) or pass --reference", file=sys.stderr)
        return 2
    sys.stdout.write(json_schema_text(args.kind))
    return 0


def _parser() -> argparse.ArgumentParser:
    from .schema import SCHEMA_KINDS

    parser = argparse.ArgumentParser(
        prog="kbgen",
        description="Build a shop's multilingual help center and agent handbook from YAML.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the source; every problem as FILE:LINE:COLUMN: message")
    validate.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help="the source folder (default: faq_source)")
    validate.add_argument(
        "--format", choices=("text", "github"), default="text",
        help="github: GitHub Actions annotations, shown on the pull request's changed lines",
    )
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="build the buyers' site (OUT/public) and the agent handbook (OUT/handbook)")
    build.add_argument("--source", default=DEFAULT_SOURCE, help="the source folder (default: faq_source)")
    build.add_argument("--out", default=DEFAULT_OUT, help="the output folder (default: site)")
    build.add_argument(
        "--config", default="mkdocs.yml" if Path("mkdocs.yml").is_file() else None,
        help="a MkDocs config whose theme settings the builds inherit (default: ./mkdocs.yml when present)",
    )
    build.set_defaults(run=_build)

    schema = commands.add_parser("schema", help="print the JSON Schema of one kind of source file, for editors")
    schema.add_argument("kind", nargs="?", choices=SCHEMA_KINDS)
    schema.add_argument("--reference", action="store_true", help="print the field reference (Markdown) instead")
    schema.set_defaults(run=_schema)

    return parser


if __name__ == "__main__":
    sys.exit(main())
