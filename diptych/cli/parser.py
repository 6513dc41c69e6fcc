"""The command line's grammar: the commands as argparse subparsers (build the default), their options and types."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NoReturn

from ..edition import Edition
from ..version import __version__
from .commands import run_build, run_check, run_crossref, run_import_jats, run_init, run_serve


def main(argv: list[str] | None = None, prog: str = "diptych") -> int:
    """The command line: `diptych [build] | serve | check | crossref | import-jats | init`, with its exit code."""
    args = parser(prog).parse_args(sys.argv[1:] if argv is None else argv)
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set a signal's handler
        return args.run(args)
    # a SIGTERM (a service stopped, a CI's timeout) ends a command as Ctrl-C does: its scratch folders removed, the
    # output and the cache as they were, rather than Python's sudden end, which runs no cleanup at all
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return args.run(args)
    except KeyboardInterrupt:  # a command that writes nothing it could leave half-done: check, init's questions…
        print(f"{args.command} interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def parser(prog: str = "diptych") -> argparse.ArgumentParser:
    """The commands, each a subparser; the build's options are the top level's too, since build is the default."""
    top = _Parser(prog=prog, description="Build a bilingual journal site.", epilog="diptych COMMAND --help tells more.")
    top.add_argument("--version", action="version", version=f"diptych {__version__}")
    _build_options(top, keep_default=True)
    top.set_defaults(run=run_build, command="build", prog=prog)
    top.commands = {}
    commands = top.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        sub.set_defaults(run=run, command=name)
        top.commands[name] = sub
        return sub

    _build_options(command("build", run_build, "build the site (the default command)"), keep_default=False)
    serve = command("serve", run_serve, "build, serve on 127.0.0.1, rebuild and reload on each change")
    _site_options(serve, output=True, edition=True, cache=True)
    serve.add_argument("--port", type=port_number, default=8000, help="the port on 127.0.0.1 (default: 8000; 0: any free port)")
    serve.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS, help="print errors and warnings only")

    check = command("check", run_check, "check the site without writing anything: every error, every broken link")
    _site_options(check)
    check.add_argument("--format", choices=["text", "json"], default="text", help="the report: text (default) or json")

    crossref = command("crossref", run_crossref, "write a Crossref deposit (schema 5.3.1) of the journal's DOIs")
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

    jats = command("import-jats", run_import_jats, "turn JATS articles (OJS, Érudit, SciELO, PubMed Central) into content")
    jats.add_argument("files", nargs="+", type=Path, metavar="FILE", help="JATS XML files, one article each")
    jats.add_argument(
        "--into",
        type=Path,
        required=True,
        metavar="DIR",
        help="the site folder: writes DIR/content/articles/ and DIR/content/issues/",
    )
    jats.add_argument("--force", action="store_true", help="overwrite files that exist already")

    init = command("init", run_init, "start a new journal's folder: settings, an issue, an article, pages, a README")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new journal's folder (made if missing; must be empty)")
    init.add_argument(
        "--languages",
        type=_argument(_init_value("languages")),
        default=("fr", "en"),
        metavar="fr,en",
        help="the journal's languages (default: fr,en)",
    )
    init.add_argument(
        "--title", type=_argument(_init_value("title")), help="the journal's title (default: a placeholder to replace)"
    )
    init.add_argument(
        "--base-url",
        type=_argument(_init_value("base_url")),
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


def _jobs(text: str) -> int:
    if not text.isascii() or not text.strip().isdigit():  # int() takes any script's digits, and a sign
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes")
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return value


def port_number(text: str) -> int:
    """serve's --port (serve.port_number), its module imported when the option is read: not by a build."""
    from ..serve import port_number as parse

    return parse(text)


def _init_value(name: str) -> Callable[[str], object]:
    """One of init's parsers (starter.languages, .title, .base_url), its module imported when the option is read."""

    def parse(text: str) -> object:
        from .. import starter

        return getattr(starter, name)(text)

    return parse


def _timestamp(text: str) -> str:
    from ..crossref.deposit import valid_timestamp

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
