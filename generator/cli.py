"""The `kbgen` command line: validate, build, serve, schema, report, new.

Every command that reads the source prints problems as `FILE:LINE:COLUMN:
message` (FILE relative to the source folder) and exits 1; none of them ends
in a traceback for anything a seller can write. Messages are in the seller's
language: `--lang` (before or after the command), else `KBGEN_LANG`, else the
locale (`LANG`...); see messages.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .messages import MESSAGE_LANGUAGES, Message, message_language, messages_in, say
from .problems import InvalidSource, Problem

DEFAULT_SOURCE = "faq_source"
DEFAULT_OUT = "site"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "lang", None) and message_language(args.lang) is None:
        parser.error(f"--lang {args.lang}: kbgen's messages are in {', '.join(MESSAGE_LANGUAGES)}")
    with messages_in(getattr(args, "lang", None)):
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args) -> int:
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except InvalidSource as invalid:
        _print_problems(invalid.problems, getattr(args, "format", "text"), _source_arg(args))
        return 1
    except KeyboardInterrupt:
        print(say("cli.interrupted"), file=sys.stderr)
        return 130


def _source_arg(args) -> str:
    return str(getattr(args, "source", None) or DEFAULT_SOURCE)


def _print_problems(problems: list[Problem], output_format: str, source: str) -> None:
    for problem in problems:
        if output_format == "github":
            print(problem.github_annotation(_repository_path(source)))
        else:
            print(problem)
    print(say("cli.problems_found", n=len(problems), source=source), file=sys.stderr)


def _repository_path(source: str) -> str:
    """The source folder as GitHub annotations want it: relative to the checkout (the working folder)."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            pass
    return path.as_posix().removeprefix("./")


def _validate(args) -> int:
    from .advice import source_warnings
    from .validate import validate_source

    kb, problems = validate_source(Path(args.source))
    if problems:
        _print_problems(problems, args.format, args.source)
        return 1
    for warning in source_warnings(kb):  # never an error: the source builds
        if args.format == "github":
            print(warning.github_annotation(_repository_path(args.source), level="warning"))
        else:
            print(say("cli.warning", position=str(warning.position), message=warning.message))
    entries = sum(1 for _ in kb.entries())
    print(say(
        "cli.valid", source=args.source, entries=Message("count.entries", n=entries),
        categories=Message("count.categories", n=len(kb.categories)), policies=Message("count.policies", n=len(kb.warranties)),
        procedures=Message("count.procedures", n=len(kb.procedures)), languages=", ".join(kb.languages),
    ))
    return 0


def _build(args) -> int:
    from .build import BuildFailed, BuildInterrupted, build_site

    config = Path(args.config) if args.config else None
    try:
        result = build_site(Path(args.source), Path(args.out), project_config=config)
    except BuildInterrupted as interrupted:
        print(say("cli.build_interrupted", reason=str(interrupted), out=args.out), file=sys.stderr)
        return 130
    except (BuildFailed, OSError) as error:
        print(say("cli.build_failed", out=args.out, error=str(error)), file=sys.stderr)
        return 1
    for name, path in result.sites.items():
        print(f"{name}: {path / 'index.html'}")
    return 0


def _serve(args) -> int:
    from .serve import ServeFailed, serve

    config = Path(args.config) if args.config else None
    try:
        return serve(Path(args.source), port=args.port, handbook=args.handbook, project_config=config,
                     allowed_hosts=tuple(args.allow_host))
    except ServeFailed as error:
        print(say("serve.failed", error=str(error)), file=sys.stderr)
        return 1


def _schema(args) -> int:
    from .schema import field_reference_markdown, json_schema_text

    if args.reference:
        sys.stdout.write(field_reference_markdown())
        return 0
    if not args.kind:
        print(say("cli.schema_kind"), file=sys.stderr)
        return 2
    sys.stdout.write(json_schema_text(args.kind))
    return 0


def _report(args) -> int:
    import datetime

    from .model.options import language_hint
    from .report import REVIEW_MAX_AGE_DAYS, build_report, render
    from .validate import validate_source

    try:
        today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    except ValueError:
        print(say("report.bad_today", value=args.today), file=sys.stderr)
        return 2
    kb, problems = validate_source(Path(args.source))
    if problems:
        _print_problems(problems, "text", args.source)
        print(say("report.invalid_source"), file=sys.stderr)
        return 1
    translations = kb.languages[1:]
    asked = [code.strip() for value in args.language or [] for code in value.split(",") if code.strip()]
    for code in asked:
        if code not in translations:
            print(say("report.unknown_language", code=code, hint=language_hint(code, translations),
                      languages=", ".join(translations) or "-"), file=sys.stderr)
            return 2
    max_age = REVIEW_MAX_AGE_DAYS if args.max_review_age is None else args.max_review_age
    report = build_report(kb, today, max_review_age=max_age, languages=asked or None)
    sys.stdout.write(render(report, args.format))
    return 0


def _new(args) -> int:
    from .scaffold import ScaffoldRefused, scaffold

    try:
        created = scaffold(Path(args.source), args.kind, args.id, category=args.category)
    except ScaffoldRefused as refused:
        print(say("new.refused", reason=refused.args[0]), file=sys.stderr)
        return 1
    print(say("new.created", position=str(created.position), what=created.what, id=args.id))
    return 0


def _parser() -> argparse.ArgumentParser:
    from .schema import SCHEMA_KINDS

    parser = argparse.ArgumentParser(
        prog="kbgen",
        description="Build a shop's multilingual help center and agent handbook from YAML.",
    )
    language_help = (f"the language of kbgen's messages: {', '.join(MESSAGE_LANGUAGES)} "
                     "(default: $KBGEN_LANG, else the locale, e.g. LANG=zh_CN.UTF-8; else en)")
    parser.add_argument("--lang", help=language_help)
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

    serve = commands.add_parser("serve", help="preview the buyers' site; rebuilds and reloads the browser when the source changes")
    serve.add_argument("--source", default=DEFAULT_SOURCE, help="the source folder (default: faq_source)")
    serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    serve.add_argument("--handbook", action="store_true", help="preview the agent handbook instead of the buyers' site")
    serve.add_argument(
        "--config", default="mkdocs.yml" if Path("mkdocs.yml").is_file() else None,
        help="a MkDocs config whose theme settings the preview inherits (default: ./mkdocs.yml when present)",
    )
    serve.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME",
        help="also answer requests for this host name (default: only localhost and 127.0.0.1)",
    )
    serve.set_defaults(run=_serve)

    report = commands.add_parser("report", help="per language: what to translate and how much, stale translations; review ages")
    report.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help="the source folder (default: faq_source)")
    report.add_argument(
        "--format", choices=("text", "markdown"), default="text",
        help="markdown: for a pull request's summary ($GITHUB_STEP_SUMMARY), each language folded",
    )
    report.add_argument(
        "--language", action="append", metavar="LANG",
        help="only this translation language (repeat it, or LANG,LANG, for several; default: all)",
    )
    report.add_argument("--today", help="the date review ages count to, YYYY-MM-DD (default: today)")
    report.add_argument(
        "--max-review-age", type=int, default=None, metavar="DAYS",
        help="list entries not reviewed for more than DAYS days (default: 180)",
    )
    report.set_defaults(run=_report)

    new = commands.add_parser("new", help="scaffold a new FAQ entry, warranty policy or procedure")
    new.add_argument("kind", choices=("faq", "warranty", "procedure"), help="what to create")
    new.add_argument("--id", required=True, help="the new item's id, lowercase-kebab-case")
    new.add_argument("--category", help="for faq: the category (its file faq/<category>.yml, or the last file of its folder faq/<category>/)")
    new.add_argument("--source", default=DEFAULT_SOURCE, help="the source folder (default: faq_source)")
    new.set_defaults(run=_new)

    schema = commands.add_parser("schema", help="print the JSON Schema of one kind of source file, for editors")
    schema.add_argument("kind", nargs="?", choices=SCHEMA_KINDS)
    schema.add_argument("--reference", action="store_true", help="print the field reference (Markdown) instead")
    schema.set_defaults(run=_schema)

    for command in commands.choices.values():
        # Also after the command (`kbgen validate --lang ru`); unset there, it leaves the one before it.
        command.add_argument("--lang", default=argparse.SUPPRESS, help=language_help)
    return parser


if __name__ == "__main__":
    sys.exit(main())
