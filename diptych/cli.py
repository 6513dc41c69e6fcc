"""The command line: arguments, build(), errors on stderr, one summary line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import EDITIONS, build
from .check import check_site
from .errors import BuildFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py", description="Build a bilingual journal site.")
    parser.add_argument(
        "command",
        nargs="?",
        choices=["build", "check"],
        default="build",
        help="build the site (default), or check it without writing",
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
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.site, args.format)
    out = args.out if args.out is not None else args.site / ("output" if args.edition == "public" else "output-full")
    try:
        report = build(args.site, out, edition=args.edition, progress=_progress() if sys.stderr.isatty() else None)
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"build failed: {len(failed.errors)} error(s); {out} is left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"build interrupted; {out} is left as it was", file=sys.stderr)
        return 130
    for warning in report.warnings:
        print(f"{warning.where}: warning: {warning.message}", file=sys.stderr)
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(report.pages.items()) if lang)
    total = sum(report.pages.values())
    print(
        f"built {total} pages ({per_lang}, {report.pages.get('', 0)} in every language) into {out}, "
        f"{len(report.warnings)} warning(s), in {report.seconds:.2f} s"
    )
    return 0


def _progress():
    """A progress line on a terminal, shown only once a build has run for a second."""
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started > 1 or done == total and time.monotonic() - started > 1:
            end = "\n" if done == total else ""
            print(f"\rrendering {done}/{total} pages", end=end, file=sys.stderr, flush=True)

    return show


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
