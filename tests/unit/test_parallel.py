"""parallel.fork_map, the fork helper: every result or an error, never fewer results in silence; a worker's error
with the worker's own traceback; workers that work when the build is process 1 (a container without an init)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from pathlib import PurePosixPath

import pytest

from diptych.errors import BuildFailed, ContentError, Position, warning
from diptych.parallel import SERIAL_BELOW, WorkerError, fork_map
from tests.conftest import ROOT

ITEMS = list(range(4 * SERIAL_BELOW))


def _double(shared: int, item: int) -> int:
    return shared * item


def _leaves(shared: int, item: int) -> int:
    if item == 30:
        raise SystemExit(0)  # a worker that ends cleanly before it has sent its chunk
    return item


def _divides(shared: int, item: int) -> float:
    return shared / (item - 30)  # the worker's own line, to be found in the traceback


class _Unreadable(Exception):
    """An error that pickles but cannot be unpickled (its __init__ wants what its args do not hold)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(errors)} error(s)")


def _fails_unreadably(shared: int, item: int) -> int:
    if item == 30:
        raise _Unreadable(["a.md:3: bad"])
    return item


class _Holding(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.callback = lambda: None  # cannot be pickled


def _fails_holding_a_lambda(shared: int, item: int) -> int:
    if item == 30:
        raise _Holding("boom")
    return item


class _Unspeakable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no words")


def _fails_unspeakably(shared: int, item: int) -> int:
    if item == 30:
        raise _Unspeakable()
    return item


def _fails_with_a_build_failure(shared: int, item: int) -> int:
    if item == 30:
        raise BuildFailed(
            [ContentError(Position(PurePosixPath("a.md"), 3), "bad")], [warning(Position(PurePosixPath("b.md")), "odd")]
        )
    return item


@pytest.mark.parametrize("ordered", [True, False])
def test_every_result_comes_back(ordered: bool) -> None:
    results = list(fork_map(_double, ITEMS, 2, shared=3, ordered=ordered))
    assert (results if ordered else sorted(results)) == [3 * i for i in ITEMS]


@pytest.mark.parametrize("ordered", [True, False])
def test_a_worker_ending_before_its_work_is_done_is_an_error_not_fewer_results(ordered: bool) -> None:
    with pytest.raises(ChildProcessError, match="ended before its work was done"):
        list(fork_map(_leaves, ITEMS, 2, shared=0, ordered=ordered))


def test_a_workers_error_keeps_the_workers_traceback() -> None:
    with pytest.raises(ZeroDivisionError) as raised:
        list(fork_map(_divides, ITEMS, 2, shared=1))
    told = "".join(traceback.format_exception(raised.value))
    assert "return shared / (item - 30)" in told and "_divides" in told


def test_a_workers_build_failure_comes_back_whole() -> None:
    """BuildFailed crosses the pipe with its errors and warnings, not as its message."""
    with pytest.raises(BuildFailed) as raised:
        list(fork_map(_fails_with_a_build_failure, ITEMS, 2, shared=1))
    assert [str(e) for e in raised.value.errors] == ["a.md:3: bad"]
    assert [str(w) for w in raised.value.warnings] == ["b.md: warning: odd"]


@pytest.mark.parametrize("failing", [_fails_unreadably, _fails_holding_a_lambda, _fails_unspeakably])
def test_a_workers_error_the_parent_cannot_read_back_is_said_not_an_unpickling_crash(failing) -> None:
    """Said in words, with the worker's traceback, and not as a ChildProcessError: the build reads that as a worker
    killed (the machine's fault) and would hide the bug's traceback."""
    with pytest.raises(WorkerError) as raised:
        list(fork_map(failing, ITEMS, 2, shared=1))
    assert not isinstance(raised.value, ChildProcessError)
    assert str(raised.value) in ("_Unreadable: 1 error(s)", "_Holding: boom", "_Unspeakable")
    assert "raise _" in "".join(traceback.format_exception(raised.value))  # the worker's traceback kept


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="a PID namespace needs root and unshare")
def test_a_build_run_as_process_1_renders_with_its_workers(tmp_path) -> None:
    """In a container started without an init, the build is process 1: its workers' parent is 1, which must not
    read as "the parent has died"."""
    out = tmp_path / "out"
    command = ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(ROOT / "build.py")]
    result = subprocess.run(
        [*command, "--site", str(ROOT), "--out", str(out), "--no-cache", "--jobs", "2", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "fr" / "index.html").is_file()


def test_a_render_worker_killed_fails_the_build_with_an_error_and_keeps_the_output(tmp_path, monkeypatch) -> None:
    """A worker killed (the out-of-memory killer, a signal) is the machine's fault, not the content's: the build
    fails with an error at the output folder, which stays as it was; no traceback."""
    import diptych.pool
    from diptych import BuildFailed, build

    out = tmp_path / "out"
    build(ROOT, out, cache=False, jobs=1)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    render_one = diptych.pool._render_one

    def dies(work, number):
        if number == 40:
            os._exit(9)  # as SIGKILL leaves it: no cleanup, no word to the parent
        return render_one(work, number)

    monkeypatch.setattr(diptych.pool, "_render_one", dies)
    with pytest.raises(BuildFailed) as failed:
        build(ROOT, out, cache=False, jobs=2)
    [error] = failed.value.errors
    assert str(error) == f"{out}: a worker process ended before its work was done (exit code 9); {out} is left as it was"
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
