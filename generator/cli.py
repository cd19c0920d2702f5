"""The `kbgen` command line: validate, build, serve, schema, report, new.

Every command that reads the source prints problems as `FILE:LINE:COLUMN:
message` (FILE relative to the source folder) and exits 1; none of them ends
in a traceback for anything a seller can write. Messages are in the seller's
language: `--lang` (before or after the command), else `KBGEN_LANG`, else the
locale (`LANG`...); see messages.py. So is `--help`: the parser is made once
the language is known (argparse's own error messages stay English).
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
    argv = sys.argv[1:] if argv is None else argv
    with messages_in(_lang_option(argv)):
        parser = _parser()
        args = parser.parse_args(argv)
        if getattr(args, "lang", None) and message_language(args.lang) is None:
            parser.error(f"--lang {args.lang}: kbgen's messages are in {', '.join(MESSAGE_LANGUAGES)}")
        return _run(parser, args)


def _lang_option(argv: list[str]) -> str | None:
    """The `--lang` of the command line, wherever it stands, before the parser (whose help it translates) exists."""
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang")
    return lang.parse_known_args(argv)[0].lang


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's layout with "usage: " in the seller's language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=say("help.usage") if prefix is None else prefix)


def _new_parser(parent, *args, **kwargs) -> argparse.ArgumentParser:
    """A parser (or a command's, from `parent.add_parser`) whose own words are in the seller's language."""
    make = parent.add_parser if parent is not None else argparse.ArgumentParser
    parser = make(*args, add_help=False, formatter_class=_HelpFormatter, **kwargs)
    parser._positionals.title = say("help.arguments")  # argparse offers no public way to name its two groups
    parser._optionals.title = say("help.options")
    parser.add_argument("-h", "--help", action="help", help=say("help.help"))
    return parser


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
    """The command line, its help in the chosen language (`messages_in`)."""
    from .report import REVIEW_MAX_AGE_DAYS
    from .schema import SCHEMA_KINDS

    parser = _new_parser(None, prog="kbgen", description=say("help.description"))
    language_help = say("help.lang", languages=", ".join(MESSAGE_LANGUAGES))
    parser.add_argument("--lang", help=language_help)
    commands = parser.add_subparsers(title=say("help.commands"), metavar="COMMAND")
    source_help = say("help.source", default=DEFAULT_SOURCE)
    project_config = "mkdocs.yml" if Path("mkdocs.yml").is_file() else None

    validate = _new_parser(commands, "validate", help=say("help.validate"))
    validate.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help=source_help)
    validate.add_argument("--format", choices=("text", "github"), default="text", help=say("help.validate_format"))
    validate.set_defaults(run=_validate)

    build = _new_parser(commands, "build", help=say("help.build"))
    build.add_argument("--source", default=DEFAULT_SOURCE, help=source_help)
    build.add_argument("--out", default=DEFAULT_OUT, help=say("help.out", default=DEFAULT_OUT))
    build.add_argument("--config", default=project_config, help=say("help.build_config"))
    build.set_defaults(run=_build)

    serve = _new_parser(commands, "serve", help=say("help.serve"))
    serve.add_argument("--source", default=DEFAULT_SOURCE, help=source_help)
    serve.add_argument("--port", type=int, default=8000, help=say("help.port", default=8000))
    serve.add_argument("--handbook", action="store_true", help=say("help.handbook"))
    serve.add_argument("--config", default=project_config, help=say("help.serve_config"))
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME", help=say("help.allow_host"))
    serve.set_defaults(run=_serve)

    report = _new_parser(commands, "report", help=say("help.report"))
    report.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help=source_help)
    report.add_argument("--format", choices=("text", "markdown"), default="text", help=say("help.report_format"))
    report.add_argument("--language", action="append", metavar="LANG", help=say("help.report_language"))
    report.add_argument("--today", help=say("help.report_today"))
    report.add_argument("--max-review-age", type=int, default=None, metavar="DAYS",
                        help=say("help.max_review_age", default=REVIEW_MAX_AGE_DAYS))
    report.set_defaults(run=_report)

    new = _new_parser(commands, "new", help=say("help.new"))
    new.add_argument("kind", choices=("faq", "warranty", "procedure"), help=say("help.new_kind"))
    new.add_argument("--id", required=True, help=say("help.new_id"))
    new.add_argument("--category", help=say("help.new_category"))
    new.add_argument("--source", default=DEFAULT_SOURCE, help=source_help)
    new.set_defaults(run=_new)

    schema = _new_parser(commands, "schema", help=say("help.schema"))
    schema.add_argument("kind", nargs="?", choices=SCHEMA_KINDS, help=say("help.schema_kind"))
    schema.add_argument("--reference", action="store_true", help=say("help.schema_reference"))
    schema.set_defaults(run=_schema)

    for command in commands.choices.values():
        # Also after the command (`kbgen validate --lang ru`); unset there, it leaves the one before it.
        command.add_argument("--lang", default=argparse.SUPPRESS, help=language_help)
    return parser

if __name__ == "__main__":
    sys.exit(main())
