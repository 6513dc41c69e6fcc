"""Each command, a few lines over the library: build, serve, check, crossref, import-jats, init; errors on
stderr, one summary line, the exit code."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..edition import Edition
from ..errors import BuildFailed, ContentError
from ..pipeline import build
from ..report import Tally
from ..summary import summary
from ..write import output_folder, write_whole
from .destination import refused_destination

# Each command imports what only it needs where it runs (check, the deposit, the import, serve, init): a build that
# finds nothing changed loads no library that reads or renders (Jinja, Markdown, Babel, lxml…).


def run_build(args: argparse.Namespace) -> int:
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
    warn(report.warnings)
    if args.verbose:
        for href in report.rendered:
            print(f"rendered {href}")
        for step, seconds in report.phases:
            print(f"{seconds:8.2f} s  {step}")
    if not args.quiet:
        print(summary(report, out))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """`serve`: build, then serve the output on 127.0.0.1 and rebuild on every change, until Ctrl-C."""
    from ..serve import serve_command

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


def run_check(args: argparse.Namespace) -> int:
    """`check`: every problem, a summary line; exit 1 on errors, 0 with warnings only."""
    from ..check import check_site

    report = check_site(args.site)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(error, file=sys.stderr)
        warn(report.warnings)
        print(
            f"check: {len(report.errors)} error(s), {len(report.warnings)} warning(s), {report.pages} pages, in {report.seconds:.2f} s"
        )
    return 1 if report.errors else 0


def run_crossref(args: argparse.Namespace) -> int:
    """`crossref`: the deposit on standard output or in -o FILE; warnings on stderr; exit 1 on errors."""
    from ..crossref.deposit import deposit, timestamp_now
    from ..prepare import prepare

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
    warn(result.warnings)
    if args.output is None:
        sys.stdout.buffer.write(result.xml)
        sys.stdout.flush()
    else:
        try:
            write_private(args.output, result.xml)
        except OSError as exc:
            print(f"crossref: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
    where = f" into {args.output}" if args.output is not None else ""
    print(
        f"crossref: {len(result.dois)} DOI(s){where}, timestamp {timestamp}, {len(result.warnings)} warning(s)", file=sys.stderr
    )
    return 0


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (it holds an e-mail), whole or not at all."""
    write_whole(path, data, mode=0o600)


def run_import_jats(args: argparse.Namespace) -> int:
    """`import-jats FILE... --into DIR`: JATS articles as content; every error of every file, and nothing written."""
    from ..jats_import import SITE_FILE, import_files, read_sources, write, written

    sources, unreadable = read_sources(args.files)
    files, warnings, errors = import_files(sources)
    warn(sorted(warnings, key=lambda w: w.sort_key()))
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


def run_init(args: argparse.Namespace) -> int:
    """`init DIR`: a new journal's folder that builds and checks clean; nothing written if any file is refused."""
    from .. import starter

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


def warn(warnings: Iterable[ContentError]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)
