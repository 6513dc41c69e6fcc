"""The command line: arguments, build(), errors on stderr, one summary line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from . import EDITIONS, Report, Tally, build, prepare
from .check import check_site
from .crossref import deposit, refused_destination, timestamp_now, valid_timestamp
from .errors import BuildFailed
from .jats_import import import_files, write
from .serve import port_number, serve_command
from .write import output_folder, write_whole


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import-jats"]:
        return _import_jats(argv[1:])
    parser = argparse.ArgumentParser(prog="python build.py", description="Build a bilingual journal site.")
    parser.add_argument(
        "command",
        nargs="?",
        choices=["build", "serve", "check", "crossref", "import-jats"],
        default="build",
        help="build the site (default), serve it while you edit, check it without writing, write a Crossref deposit of its DOIs, "
        "or import JATS articles (python build.py import-jats --help)",
    )
    parser.add_argument("--site", type=Path, default=Path("."), help="the site folder: site.yaml, content/ (default: .)")
    parser.add_argument("--out", type=Path, default=None, help="the output folder (default: SITE/output, SITE/output-full)")
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="public",
        help="public: teasers of paywalled articles (default); full: the subscriber edition, full texts included",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", help="check's report: text (default) or json")
    parser.add_argument(
        "--port", type=port_number, default=8000, help="serve's port on 127.0.0.1 (default: 8000; 0: any free port)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the build cache (SITE/.diptych-cache/): render everything"
    )
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, help="worker processes (default: one per core)")
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("--quiet", "-q", action="store_true", help="print errors and warnings only")
    talk.add_argument("--verbose", "-v", action="store_true", help="also list every page rendered, and the cache's part")
    deposit_options = parser.add_argument_group("crossref", "the deposit (Crossref schema 5.3.1) of the journal's DOIs")
    scope = deposit_options.add_mutually_exclusive_group()
    scope.add_argument("--issue", metavar="ID", help="deposit one issue (default: the whole journal)")
    scope.add_argument("--article", metavar="KEY", help="deposit one article alone, e.g. after a correction")
    deposit_options.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the deposit there (default: standard output)"
    )
    deposit_options.add_argument(
        "--timestamp",
        metavar="YYYYMMDDhhmmss",
        help="the deposit's version number (default: now, UTC); must grow between deposits",
    )
    args = parser.parse_args(argv)
    if args.command != "crossref":
        given = [name for name in ("issue", "article", "output", "timestamp") if getattr(args, name) is not None]
        if given:
            parser.error(f"--{given[0]} is an option of the crossref command")
    if args.command == "serve":
        return serve_command(args)
    if args.command == "check":
        return _check(args.site, args.format)
    if args.command == "crossref":
        if args.timestamp is not None and not valid_timestamp(args.timestamp):
            parser.error(f"--timestamp {args.timestamp!r} is not a time written YYYYMMDDhhmmss")
        return _crossref(args)
    out = output_folder(args.site, args.edition, args.out)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        report = build(args.site, out, edition=args.edition, progress=bar, cache=not args.no_cache, jobs=args.jobs)
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
    for warning in report.warnings:
        print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
    if args.verbose:
        for href in report.rendered:
            print(f"rendered {href}")
        for step, seconds in report.phases:
            print(f"{seconds:8.2f} s  {step}")
    if not args.quiet:
        print(summary(report, out))
    return 0


def summary(report: Report, out: Path) -> str:
    """The one line a build ends with."""
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(report.pages.items()) if lang)
    total = sum(report.pages.values())
    if report.unchanged:
        return f"nothing changed: {out} is up to date ({total} pages), in {report.seconds:.2f} s"
    cached = f", {report.reused} from the cache" if report.reused else ""
    return (
        f"built {total} pages ({per_lang}, {report.pages.get('', 0)} in every language) into {out}: "
        f"{len(report.rendered)} rendered{cached}, {len(report.warnings)} warning(s), in {report.seconds:.2f} s"
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


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return value


def _check(site: Path, form: str) -> int:
    """`check`: every problem, a summary line; exit 1 on errors, 0 with warnings only."""
    report = check_site(site)
    if form == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(error, file=sys.stderr)
        for warning in report.warnings:
            print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
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
    result, errors = deposit(prepared.site, prepared.renderer.urls, timestamp=timestamp, issue=args.issue, article=args.article)
    if result is None:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"crossref: {len(errors)} error(s); no deposit written", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
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


def _import_jats(argv: list[str]) -> int:
    """`import-jats FILE... --into DIR`: JATS articles as content; every error of every file, and nothing written."""
    parser = argparse.ArgumentParser(
        prog="python build.py import-jats",
        description="Turn JATS articles (OJS, Érudit, SciELO, PubMed Central) into diptych content.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="JATS XML files, one article each")
    parser.add_argument(
        "--into",
        type=Path,
        required=True,
        metavar="DIR",
        help="the site folder: writes DIR/content/articles/ and DIR/content/issues/",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist already")
    args = parser.parse_args(argv)
    sources, unreadable = [], []
    for path in args.files:
        try:
            sources.append((str(path), path.read_bytes()))
        except OSError as exc:
            unreadable.append(f"{path}: cannot read: {exc.strerror}")
    files, warnings, errors = import_files(sources)
    for warning in sorted(warnings, key=lambda w: w.sort_key()):
        print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
    if not errors and not unreadable:
        errors = write(files, args.into, force=args.force)
    for line in unreadable:
        print(line, file=sys.stderr)
    for error in sorted(errors, key=lambda e: e.sort_key()):
        print(error, file=sys.stderr)
    if errors or unreadable:
        print(f"import-jats: {len(errors) + len(unreadable)} error(s); nothing written", file=sys.stderr)
        return 1
    articles = sum(1 for rel in files if rel.startswith("content/articles/"))
    print(
        f"import-jats: {len(sources)} file(s), {articles} article version(s) and {len(files) - articles} issue(s) "
        f"into {args.into}, {len(warnings)} warning(s)",
        file=sys.stderr,
    )
    return 0
