"""A build ended half-way, by Ctrl-C (SIGINT) or a SIGTERM (a service stopped, a CI's timeout), exits 130, says so,
leaves the output as it was, and leaves no scratch folder behind (the search index's, in the
temporary folder; the staging folder, beside the output). Python's default SIGTERM ends a process without running
any cleanup: the command line makes it an interrupt.

The signal is sent while the build's Pagefinds run: their scratch folder exists then, and the staging folder is full.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_sample, interruptible, run_build, snapshot


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_ended_by_a_signal_during_its_search_index_leaves_everything_as_it_was(
    tmp_path: Path, sent: signal.Signals
) -> None:
    site, out, scratch = copy_sample(tmp_path / "site"), tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    assert run_build("--site", site, "--out", out).returncode == 0
    article = site / "content/articles/phares.fr.md"
    for attempt in range(5):  # the sample's index takes a fraction of a second: a busy machine may finish it first
        before, beside = snapshot(out), listing(tmp_path)
        article.write_text(article.read_text(encoding="utf-8") + f"\nUne phrase de plus, {attempt}.\n", encoding="utf-8")
        build = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out), "--no-cache"],
            env={**os.environ, "TMPDIR": str(scratch)},
            preexec_fn=interruptible,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not any(p.name.startswith("diptych-search-") for p in scratch.iterdir()):
                assert build.poll() is None, "the build ended before its search index: nothing was interrupted"
                assert time.monotonic() < deadline, "no search index after a minute"
                time.sleep(0.002)
            build.send_signal(sent)
            _, stderr = build.communicate(timeout=60)
        finally:
            build.kill()
        if build.returncode != 0:  # 0: the build ended before the signal came (its output is the next `before`)
            break
    assert build.returncode == 130, stderr
    assert "build interrupted" in stderr and "Traceback" not in stderr
    assert listing(scratch) == [], "a scratch folder left behind"
    assert listing(tmp_path) == beside, "a staging folder left beside the output"
    assert snapshot(out) == before


def test_a_sigterm_to_the_process_group_while_workers_render_prints_no_traceback(tmp_path: Path) -> None:
    """As GNU timeout, systemd and CI runners send it: to the build and its forked workers at once."""
    site, out = copy_sample(tmp_path / "site"), tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out), "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(tmp_path.glob(".out.diptych-staging-*/fr/articles/*/index.html")):
            assert build.poll() is None, "the build ended before its pages: nothing was interrupted"
            assert time.monotonic() < deadline, "no page rendered after a minute"
            time.sleep(0.002)
        os.killpg(build.pid, signal.SIGTERM)
        _, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert not out.exists() and not list(tmp_path.glob(".out.diptych-staging-*"))


def test_check_ended_by_a_sigterm_says_so_without_a_traceback(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "site")
    check = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "check", "--site", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.6)  # into its reading and planning (it takes several seconds on the sample)
    assert check.poll() is None, "check ended before the signal"
    check.send_signal(signal.SIGTERM)
    _, stderr = check.communicate(timeout=60)
    assert check.returncode == 130, stderr
    assert "Traceback" not in stderr and "check interrupted" in stderr, stderr
