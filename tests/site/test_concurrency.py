"""Builds started at once into one output folder: all succeed, the result is one build's output, nothing left beside it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, snapshot

BUILDS = 4


def build_at_once(out: Path, count: int = BUILDS) -> list[tuple[int, str, str]]:
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--site", str(ROOT), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        try:
            stdout, stderr = process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            pytest.fail(f"a concurrent build did not finish:\n{stderr}")
        results.append((process.returncode, stdout, stderr))
    return results


def assert_all_succeeded(results: list[tuple[int, str, str]]) -> None:
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert stdout.startswith(("built ", "nothing changed: ")), stdout  # the cache may find the output made


def assert_nothing_beside(out: Path) -> None:
    """Nothing but `out` in its folder, once the background remover of the last build's previous output is done (it
    outlives the build by design: a few tens of milliseconds here)."""
    deadline = time.monotonic() + 10
    while sorted(p.name for p in out.parent.iterdir()) != [out.name] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], list(out.parent.iterdir())


@pytest.mark.parametrize("previous", [False, True], ids=["into-a-new-folder", "over-a-previous-output"])
def test_concurrent_builds_into_one_folder_give_one_builds_output(tmp_path: Path, sample_output: Path, previous: bool):
    expected = snapshot(sample_output)
    assert "index.html" in expected and ".diptych-output" in expected
    out = tmp_path / "parent" / "output"
    if previous:
        out.parent.mkdir()
        first = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--site", str(ROOT), "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert first.returncode == 0, first.stderr
    assert_all_succeeded(build_at_once(out))
    assert snapshot(out) == expected
    assert_nothing_beside(out)


def test_two_rounds_of_concurrent_builds(tmp_path: Path, sample_output: Path):
    expected = snapshot(sample_output)
    out = tmp_path / "parent" / "output"
    for _ in range(2):
        assert_all_succeeded(build_at_once(out, 3))
        assert snapshot(out) == expected
        assert_nothing_beside(out)
