"""The command line on argparse subparsers: build is the default, a command's options go before or after it, and
each command is a few lines over the library."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from diptych import cli
from diptych.cli import commands
from diptych.serve import serve_command


def parse(*words: str):
    return cli.parser().parse_args(list(words))


def test_build_is_the_default_command() -> None:
    for args in (parse(), parse("build")):
        assert args.run is commands.run_build
        assert (args.site, args.out, args.edition, args.no_cache, args.jobs) == (Path("."), None, "public", False, None)


@pytest.mark.parametrize("command", ["build", "serve", "check", "crossref"])
def test_the_site_is_named_before_or_after_the_command(command: str) -> None:
    before, after = parse("--site", "revue", command), parse(command, "--site", "revue")
    assert before.site == after.site == Path("revue")
    assert before.run is after.run


def test_the_build_options_before_and_after_the_command_say_the_same() -> None:
    words = ["--out", "public", "--edition", "full", "--no-cache", "--jobs", "3", "--quiet"]
    before, after = parse(*words), parse("build", *words)
    for name in ("out", "edition", "no_cache", "jobs", "quiet", "verbose"):
        assert getattr(before, name) == getattr(after, name), name
    assert parse("--out", "a", "build", "--out", "b").out == Path("b")  # the command's own wins


def test_an_option_is_blamed_only_when_it_is_the_one_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("crossref", "-o", "f.xml", "--format", "json")
    err = capsys.readouterr().err
    assert "--format is an option of check" in err and "-o is an option" not in err


def test_serve_takes_the_build_options_and_its_port() -> None:
    args = parse("serve", "--port", "0", "--edition", "full", "-j", "2")
    assert (args.run, args.port, args.edition, args.jobs, args.no_cache) == (commands.run_serve, 0, "full", 2, False)


def test_serve_takes_plain_values_not_a_namespace() -> None:
    parameters = inspect.signature(serve_command).parameters
    assert list(parameters)[:2] == ["site", "out"]
    assert "args" not in parameters


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--jobs", "0"], "argument --jobs/-j: at least 1 process"),
        (["--jobs", "２"], "argument --jobs/-j: '２' is not a number of processes"),
        (["--jobs=-1"], "argument --jobs/-j: '-1' is not a number of processes"),
        (["crossref", "--timestamp", "2024"], "argument --timestamp: '2024' is not a time written YYYYMMDDhhmmss"),
        (["crossref", "--issue", "1", "--article", "a"], "argument --article: not allowed with argument --issue"),
        (["check", "--issue", "1"], "--issue is an option of crossref (diptych crossref --issue …)"),
        (["serve", "--format", "json"], "--format is an option of check (diptych check --format …)"),
        (["--port", "9000"], "--port is an option of serve (diptych serve --port …)"),
        (["check", "--edition", "full"], "unrecognized arguments: --edition full; --edition is an option of build, serve"),
        (["serve", "--port", "0", "--verbose"], "unrecognized arguments: --verbose; --verbose is an option of build ("),
        (["--edition", "full", "check"], "--edition before check: it is not an option of the check command"),
        (["-q", "check"], "-q before check: it is not an option of the check command"),
        (["--site", ".", "init", "revue"], "--site before init: it is not an option of the init command"),
        (["--jobs", "2", "crossref"], "--jobs before crossref: it is not an option of the crossref command"),
        (["import-jats", "a.xml"], "the following arguments are required: --into"),
        (["publish"], "argument COMMAND: invalid choice: 'publish'"),
    ],
)
def test_a_wrong_command_line_is_refused_by_the_parser(
    words: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse(*words)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
