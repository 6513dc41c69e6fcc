"""The command line: arguments, build(), errors on stderr, one summary line."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NoReturn, TextIO

from . import starter
from .check import check_site
from .crossref.deposit import deposit, timestamp_now, valid_timestamp
from .crossref.destination import refused_destination
from .edition import Edition
from .errors import BuildFailed, ContentError
from .jats_import import SITE_FILE, import_files, read_sources, write, written
from .pipeline import build
from .prepare import prepare
from .report import Tally
from .serve import port_number, serve_command
from .summary import summary
from .version import __version__
from .write import output_folder, write_whole


def main(argv: list[str] | None = None, prog: str = "diptych") -> int:
    """The command line: `diptych [build] | serve | check | crossref | import-jats | init`, with its exit code."""
    args = parser(prog).parse_args(sys.argv[1:] if argv is None else argv)
    return args.run(args)


def parser(prog: str = "diptych") -> argparse.ArgumentParser:
    """The commands, each a subparser; the build's options are the top level's too, since build is the default."""
    top = _Parser(prog=prog, description="Build a bilingual journal site.", epilog="diptych COMMAND --help tells more.")
    top.add_argument("--version", action="version", version=f"diptych {__version__}")
    _build_options(top, keep_default=True)
    top.set_defaults(run=_build, command="build", prog=prog)
    top.commands = {}
    commands = top.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        sub.set_defaults(run=run, command=name)
        top.commands[name] = sub
        return sub

    _build_options(command("build", _build, "build the site (the default command)"), keep_default=False)
    serve = command("serve", _serve, "build, serve on 127.0.0.1, rebuild and reload on each change")
    _site_options(serve, output=True, edition=True, cache=True)
    serve.add_argument("--port", type=port_number, default=8000, help="the port on 127.0.0.1 (default: 8000; 0: any free port)")
    serve.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS, help="print errors and warnings only")

    check = command("check", _check, "check the site without writing anything: every error, every broken link")
    _site_options(check)
    check.add_argument("--format", choices=["text", "json"], default="text", help="the report: text (default) or json")

    crossref = command("crossref", _crossref, "write a Crossref deposit (schema 5.3.1) of the journal's DOIs")
    _site_options(crossref, output=True)
    scope = crossref.add_mutually_exclusive_group()
    scope.add_argument("--issue", metavar="ID", help="deposit one issue (default: the whole journal)")
    scope.add_argument("--article", metavar="KEY", help="deposit one article alone, e.g. after a correction")
    crossref.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the deposit there (default: standard output)")
    crossref.add_argument(
        "--timestamp",
        type=_timestamp,
        metavar="YYYYMMDDhhmmss",
        help="the deposit's version number (default: now, UTC); must grow between deposits",
    )

    jats = command("import-jats", _import_jats, "turn JATS articles (OJS, Érudit, SciELO, PubMed Central) into content")
    jats.add_argument("files", nargs="+", type=Path, metavar="FILE", help="JATS XML files, one article each")
    jats.add_argument(
        "--into",
        type=Path,
        required=True,
        metavar="DIR",
        help="the site folder: writes DIR/content/articles/ and DIR/content/issues/",
    )
    jats.add_argument("--force", action="store_true", help="overwrite files that exist already")

    init = command("init", _init, "start a new journal's folder: settings, an issue, an article, pages, a README")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new journal's folder (made if missing; must be empty)")
    init.add_argument(
        "--languages",
        type=_argument(starter.languages),
        default=("fr", "en"),
        metavar="fr,en",
        help="the journal's languages (default: fr,en)",
    )
    init.add_argument("--title", type=_argument(starter.title), help="the journal's title (default: a placeholder to replace)")
    init.add_argument(
        "--base-url",
        type=_argument(starter.base_url),
        default="https://revue.example.org",
        metavar="URL",
        help="where the site will be hosted",
    )
    init.add_argument("--force", action="store_true", help="write into a folder that is not empty (never over a file)")
    return top


class _Parser(argparse.ArgumentParser):
    """argparse's parser, which also refuses a build option given before another command (that command would not
    read it), and whose refusals say which commands have an option given to one that has not."""

    words: tuple[str, ...] = ()
    commands: Mapping[str, argparse.ArgumentParser] = MappingProxyType({})  # the top level's: each command's parser

    def takes(self, command: str) -> set[str]:
        """The option strings a command takes (build's are the top level's too)."""
        return set(self.commands[command]._option_string_actions)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        self.words = tuple(sys.argv[1:] if args is None else args)
        parsed = super().parse_args(args, namespace)
        if parsed.command != "build":  # the top level's options are the build's: refused before another command
            before = self.words[: self.words.index(parsed.command)]
            for word in (w.split("=")[0] for w in before if w.startswith("-")):
                if word not in self.takes(parsed.command):
                    self.error(f"{word} before {parsed.command}: it is not an option of the {parsed.command} command")
        return parsed

    def error(self, message: str) -> NoReturn:
        command = next((word for word in self.words if word in self.commands), "build")
        known = (self.takes(command) if self.commands else set()) | {"-h", "--help", "--version"}
        unknown = dict.fromkeys(w.split("=")[0] for w in self.words if w.startswith("-") and w.split("=")[0] not in known)
        hints = []
        for option in unknown:
            owners = [name for name in self.commands if option in self.takes(name)]
            if owners:
                hints.append(f"{option} is an option of {', '.join(owners)} ({self.prog} {owners[0]} {option} …)")
        super().error("; ".join([message, *hints]))


def _site_options(
    parser: argparse.ArgumentParser,
    *,
    output: bool = False,
    edition: bool = False,
    cache: bool = False,
    keep_default: bool = False,
) -> None:
    """The options a command shares with the build. Below the top level they default to nothing (SUPPRESS), so that
    `diptych --site DIR serve` and `diptych serve --site DIR` say the same."""

    def default(value: object) -> object:
        return value if keep_default else argparse.SUPPRESS

    parser.add_argument("--site", type=Path, default=default(Path(".")), help="the site folder: site.yaml, content/ (default: .)")
    if output:
        parser.add_argument(
            "--out", type=Path, default=default(None), help="the output folder (default: SITE/output, SITE/output-full)"
        )
    if edition:
        parser.add_argument(
            "--edition",
            choices=[str(e) for e in Edition],
            default=default(str(Edition.PUBLIC)),
            help="public: teasers of paywalled articles (default); full: the subscriber edition, full texts included",
        )
    if cache:
        parser.add_argument(
            "--no-cache",
            action="store_true",
            default=default(False),
            help="neither read nor write the build cache (SITE/.diptych-cache/): render everything",
        )
        parser.add_argument("--jobs", "-j", type=_jobs, default=default(None), help="worker processes (default: one per core)")


def _build_options(parser: argparse.ArgumentParser, *, keep_default: bool) -> None:
    _site_options(parser, output=True, edition=True, cache=True, keep_default=keep_default)
    talk = parser.add_mutually_exclusive_group()
    flag = False if keep_default else argparse.SUPPRESS
    talk.add_argument("--quiet", "-q", action="store_true", default=flag, help="print errors and warnings only")
    talk.add_argument(
        "--verbose", "-v", action="store_true", default=flag, help="also list every page rendered, and the cache's part"
    )


def _build(args: argparse.Namespace) -> int:
    """`diptych` / `diptych build`: the site into its output folder, all at once or nothing; exit 1 on errors."""
    edition = Edition(args.edition)
    out = output_folder(args.site, edition, args.out)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        report = build(args.site, out, edition=edition, progress=bar, cache=not args.no_cache, jobs=args.jobs)
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"build failed: {len(failed.errors)} error(s); {out} is left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"build interrupted; {out} is left as it was", file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
    _warn(report.warnings)
    if args.verbose:
        for href in report.rendered:
            print(f"rendered {href}")
        for step, seconds in report.phases:
            print(f"{seconds:8.2f} s  {step}")
    if not args.quiet:
        print(summary(report, out))
    return 0


def _serve(args: argparse.Namespace) -> int:
    return serve_command(
        args.site,
        args.out,
        edition=Edition(args.edition),
        port=args.port,
        cache=not args.no_cache,
        jobs=args.jobs,
        quiet=args.quiet,
    )


class ProgressBar:
    """A bar on a terminal, redrawn in place at most ten times a second, shown once a build has run for a second:
    pages done per language, and how many came from the cache."""

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, tally: Tally) -> None:
        now = time.monotonic()
        if now - self.started < 1 or (now - self.drawn < 0.1 and not tally.finished):
            return
        self.drawn = now
        done, total = sum(tally.done.values()), sum(tally.total.values())
        filled = self.WIDTH * done // max(total, 1)
        langs = " · ".join(f"{lang} {tally.done.get(lang, 0)}/{n}" for lang, n in sorted(tally.total.items()) if lang)
        cached = f" · {tally.reused} from the cache" if tally.reused else ""
        line = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} pages: {langs}{cached}"
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _check(args: argparse.Namespace) -> int:
    """`check`: every problem, a summary line; exit 1 on errors, 0 with warnings only."""
    report = check_site(args.site)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(error, file=sys.stderr)
        _warn(report.warnings)
        print(
            f"check: {len(report.errors)} error(s), {len(report.warnings)} warning(s), {report.pages} pages, in {report.seconds:.2f} s"
        )
    return 1 if report.errors else 0


def _crossref(args: argparse.Namespace) -> int:
    """`crossref`: the deposit on standard output or in -o FILE; warnings on stderr; exit 1 on errors."""
    if args.output is not None:
        refused = refused_destination(args.output, args.site, args.out)
        if refused:
            print(f"crossref: {refused}", file=sys.stderr)
            return 1
    try:
        prepared = prepare(args.site)
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"crossref: {len(failed.errors)} error(s); no deposit written", file=sys.stderr)
        return 1
    timestamp = args.timestamp or timestamp_now()
    result, errors = deposit(prepared.site, prepared.urls, timestamp=timestamp, issue=args.issue, article=args.article)
    if result is None:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"crossref: {len(errors)} error(s); no deposit written", file=sys.stderr)
        return 1
    _warn(result.warnings)
    if args.output is None:
        sys.stdout.buffer.write(result.xml)
        sys.stdout.flush()
    else:
        try:
            _write_private(args.output, result.xml)
        except OSError as exc:
            print(f"crossref: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
    where = f" into {args.output}" if args.output is not None else ""
    print(
        f"crossref: {len(result.dois)} DOI(s){where}, timestamp {timestamp}, {len(result.warnings)} warning(s)", file=sys.stderr
    )
    return 0


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (it holds an e-mail), whole or not at all."""
    write_whole(path, data, mode=0o600)


def _import_jats(args: argparse.Namespace) -> int:
    """`import-jats FILE... --into DIR`: JATS articles as content; every error of every file, and nothing written."""
    sources, unreadable = read_sources(args.files)
    files, warnings, errors = import_files(sources)
    _warn(sorted(warnings, key=lambda w: w.sort_key()))
    new = written(files, args.into)  # before write(): a site.yaml already there is kept, and not counted
    if not errors and not unreadable:
        errors = write(files, args.into, force=args.force)
    for line in unreadable:
        print(line, file=sys.stderr)
    for error in sorted(errors, key=lambda e: e.sort_key()):
        print(error, file=sys.stderr)
    if errors or unreadable:
        print(f"import-jats: {len(errors) + len(unreadable)} error(s); nothing written", file=sys.stderr)
        return 1
    articles = sum(1 for rel in new if rel.startswith("content/articles/"))
    issues = sum(1 for rel in new if rel.startswith("content/issues/"))
    site_yaml = " and a site.yaml" if SITE_FILE in new else ""
    print(
        f"import-jats: {len(sources)} file(s), {articles} article version(s), {issues} issue(s){site_yaml} "
        f"into {args.into}, {len(warnings)} warning(s)",
        file=sys.stderr,
    )
    return 0


def _init(args: argparse.Namespace) -> int:
    """`init DIR`: a new journal's folder that builds and checks clean; nothing written if any file is refused."""
    try:
        written = starter.create(
            args.folder, languages=args.languages, title=args.title, base_url=args.base_url, force=args.force
        )
    except starter.StarterRefused as refused:
        print(f"init: {refused}; nothing written", file=sys.stderr)
        return 1
    print(
        f"init: {len(written)} files into {args.folder}; build it with: {args.prog} --site {shlex.quote(str(args.folder))}",
        file=sys.stderr,
    )
    return 0


def _warn(warnings: Iterable[ContentError]) -> None:
    for warning in warnings:
        print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)


def _jobs(text: str) -> int:
    if not text.isascii() or not text.strip().isdigit():  # int() takes any script's digits, and a sign
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes")
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return value


def _timestamp(text: str) -> str:
    if not valid_timestamp(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time written YYYYMMDDhhmmss")
    return text


def _argument(parse: Callable[[str], object]) -> Callable[[str], object]:
    """A library's parser (ValueError in the publisher's words) as an argparse type."""

    def argument(text: str) -> object:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return argument
