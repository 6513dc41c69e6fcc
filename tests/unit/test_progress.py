"""What a build says while it runs and when it ends: a progress bar on a terminal, one summary line otherwise."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

from diptych import Report, Tally
from diptych.cli.commands import ProgressBar
from diptych.summary import summary
from tests.conftest import ROOT
from tests.faults._helpers import slow_site


def test_the_bar_counts_pages_per_language_and_cache_hits(monkeypatch) -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    monkeypatch.setattr(bar, "started", time.monotonic() - 5)  # a long build: the bar shows
    bar(Tally({"fr": 3, "en": 1}, {"fr": 10, "en": 10, "": 2}, reused=2))
    bar.drawn = 0.0
    bar(Tally({"fr": 10, "en": 10, "": 2}, {"fr": 10, "en": 10, "": 2}, reused=2))
    bar.close()
    text = stream.getvalue()
    assert "\r[###" in text and "4/22 pages: en 1/10 · fr 3/10 · 2 from the cache" in text
    assert "22/22 pages: en 10/10 · fr 10/10" in text and text.endswith("\n")


def test_a_short_build_shows_no_bar() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(Tally({"fr": 1}, {"fr": 1}, reused=0))
    bar.close()
    assert stream.getvalue() == ""


def test_the_summary_line_says_what_the_cache_did() -> None:
    pages = {"fr": 47, "en": 42, "": 2}
    fresh = Report(pages, (), 1.234, rendered=("/fr/",) * 91)
    cached = Report(pages, (), 0.4, rendered=("/fr/", "/en/", "/"), reused=88)
    same = Report(pages, (), 0.05, unchanged=True)
    out = Path("output")
    assert summary(fresh, out) == (
        "built 91 pages (en 42, fr 47, 2 in every language) into output: 91 rendered, 0 warning(s), in 1.23 s"
    )
    assert ": 3 rendered, 88 from the cache, 0 warning(s), in 0.40 s" in summary(cached, out)
    assert summary(same, out) == "nothing changed: output is up to date (91 pages), in 0.05 s"


def test_on_a_terminal_a_long_build_draws_its_bar(tmp_path: Path) -> None:
    site = slow_site(tmp_path / "site", 60)
    leader, follower = os.openpty()  # the build's stderr is a terminal
    try:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(tmp_path / "out"), "-j", "1"],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        said = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the build ended
                break
            if not chunk:
                break
            said += chunk
        stdout, _ = process.communicate(timeout=120)
    finally:
        os.close(leader)
    assert process.returncode == 0
    text = said.decode("utf-8", "replace")
    assert "pages: en " in text and " · fr " in text and "\r[" in text, text[-500:]
    assert stdout.startswith("built ") and stdout.count("\n") == 1  # the summary alone on stdout
