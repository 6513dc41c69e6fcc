"""A build killed (SIGKILL) at any moment leaves the previous output intact, and the next build clean.

The previous output is always a *different* site's build than the one killed, so that "the previous output or a
complete new one" can be told apart from a mix of the two. After each kill:
  - out/ is byte for byte the previous output, or byte for byte the complete new build (the kill came after the swap);
  - then a normal build succeeds, and leaves nothing beside out/ (no `.out.diptych-staging-*`, no `.out.diptych-old`).
There is no hook inside the build to stop it at a chosen step, so the moments are reached from outside: a sweep of
delays over the whole build, random delays near its end, and, on a slow site, polling the file system for the
staging folder (mid-render) and for the `.diptych-output` mark written into it just before the swap.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

import diptych.write
import diptych.write.staging
from tests.conftest import ROOT, snapshot
from tests.faults._helpers import build_ok, command, describe, leftovers, run, slow_site, tiny_site

FALLBACK = Path(__file__).with_name("_fallback_build.py")
MARK = ".diptych-output"


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """(tiny site, its output, the sample site's output): the previous state and the killed build's complete result."""
    scratch = tmp_path_factory.mktemp("kill-states")
    tiny = tiny_site(scratch / "tiny")
    old = build_ok(tiny, scratch / "tiny-out")
    new = build_ok(ROOT, scratch / "sample-out")
    assert old != new and "index.html" in new and MARK in new and MARK in old
    return tiny, old, new


def state(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    if not out.exists():
        return "missing"
    now = snapshot(out)
    return "previous" if now == old else "new" if now == new else "MIXED: " + describe(now, old, new)


def staging_of(out: Path) -> Path | None:
    return next(out.parent.glob(f".{out.name}.{diptych.write.WORKING}-*"), None)


def kill(process: subprocess.Popen) -> bool:
    """SIGKILL; True if the build was still running (a kill, not the reaping of a finished build)."""
    running = process.poll() is None
    process.kill()
    process.wait(timeout=30)
    return running


def start(site: Path, out: Path, script: Path | None = None) -> subprocess.Popen:
    cmd = command(site, out, script) if script else command(site, out)
    return subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(condition, process: subprocess.Popen, timeout: float = 60) -> bool:
    """Poll (every 0.2 ms) until `condition()`; False if the build exited first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the build made no progress in {timeout} s")
        time.sleep(0.0002)
    return True


def recover(site: Path, out: Path, expected: dict[str, bytes], after: str) -> None:
    """The next normal build: succeeds, gives exactly its output, leaves nothing beside it."""
    result = run(site, out)
    assert result.returncode == 0 and "Traceback" not in result.stderr, f"{after}: the next build failed:\n{result.stderr}"
    assert leftovers(out) == [], f"{after}: the next build left {leftovers(out)} beside {out.name}/"
    assert snapshot(out) == expected, f"{after}: the next build's output is not a clean build"


def timed_build(site: Path, out: Path) -> float:
    began = time.monotonic()
    process = start(site, out)
    assert process.wait(timeout=120) == 0
    return time.monotonic() - began


# ---- the sample site, killed at a sweep of moments --------------------------------------------------------------------


def test_a_build_killed_at_a_sweep_of_moments_leaves_the_previous_output_or_the_new_one(tmp_path: Path, states) -> None:
    tiny, old, new = states
    out = tmp_path / "parent" / "out"
    assert build_ok(tiny, out) == old
    duration = timed_build(ROOT, tmp_path / "measure" / "out")  # python's start-up, load, render, swap
    step = max(0.02, duration * 1.15 / 13)  # ~14 kills from the very start to just past the end
    seen = Counter()
    for i in range(14):
        delay = i * step
        process = start(ROOT, out)
        time.sleep(delay)
        running = kill(process)
        now = state(out, old, new)
        after = f"killed at {delay:.3f} s of a {duration:.2f} s build (still running: {running})"
        assert now in ("previous", "new"), f"{after}: {now}"
        seen[now, bool(leftovers(out))] += 1
        recover(tiny, out, old, after)
    print(f"sweep over a {duration:.2f} s build, (state, staging left) -> kills: {dict(seen)}")
    assert seen["previous", True] + seen["new", True] > 0, f"no kill landed while the staging folder existed: {seen}"


def test_a_build_killed_at_random_moments_near_its_end_never_mixes_two_outputs(tmp_path: Path, states) -> None:
    tiny, old, new = states
    out = tmp_path / "parent" / "out"
    assert build_ok(tiny, out) == old
    duration = statistics.median(timed_build(ROOT, tmp_path / f"measure{i}" / "out") for i in range(3))
    draw = random.Random(4)  # reproducible moments
    seen = Counter()
    for _ in range(8):
        delay = max(0.0, duration + draw.uniform(-0.12, 0.01))
        process = start(ROOT, out)
        time.sleep(delay)
        running = kill(process)
        now = state(out, old, new)
        after = f"killed at {delay:.3f} s of a {duration:.2f} s build (still running: {running})"
        assert now in ("previous", "new"), f"{after}: {now}"
        seen[now, bool(leftovers(out))] += 1
        recover(tiny, out, old, after)
    print(f"near the end of a {duration:.2f} s build, (state, staging left) -> kills: {dict(seen)}")


# ---- a slow site: kills placed mid-render and at the swap by watching the staging folder --------------------------------


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory, states):
    """A 60-article site, its output, and how long its build takes from the staging folder's creation to the end."""
    scratch = tmp_path_factory.mktemp("slow")
    site = slow_site(scratch / "site", 60)
    out = scratch / "out"
    process = start(site, out)
    assert wait_until(lambda: staging_of(out) is not None, process)
    began = time.monotonic()
    assert process.wait(timeout=120) == 0
    render = time.monotonic() - began  # rendering and writing every page, then the swap
    return site, snapshot(out), render


def test_a_build_killed_mid_render_leaves_the_previous_output_byte_for_byte(tmp_path: Path, states, slow) -> None:
    tiny, old, _ = states
    site, new, render = slow
    out = tmp_path / "parent" / "out"
    assert build_ok(tiny, out) == old
    written = []
    for fraction in (0.05, 0.35, 0.7):
        process = start(site, out)
        assert wait_until(lambda: staging_of(out) is not None, process), "the build ended before staging anything"
        time.sleep(fraction * render)
        running = kill(process)
        staging = staging_of(out)
        after = f"killed {fraction * render:.2f} s into a {render:.2f} s render"
        if running and staging is not None and not (staging / MARK).exists():  # mid-render for sure: before the mark
            written.append(sum(1 for p in staging.rglob("*") if p.is_file()))
            assert snapshot(out) == old, f"{after}: out/ changed before the swap: " + describe(snapshot(out), old, new)
        else:
            assert state(out, old, new) in ("previous", "new"), f"{after}: {state(out, old, new)}"
        recover(tiny, out, old, after)
    print(f"slow site: render {render:.2f} s; files in the staging folder at each mid-render kill: {written}")
    assert written, "no kill landed mid-render (the machine is too fast or too loaded for this site)"


def test_a_build_killed_at_the_swap_gives_one_whole_output(tmp_path: Path, states, slow) -> None:
    tiny, old, _ = states
    site, new, _ = slow
    out = tmp_path / "parent" / "out"
    assert build_ok(tiny, out) == old
    draw = random.Random(5)
    seen = Counter()
    for _ in range(5):
        process = start(site, out)
        assert wait_until(lambda: (s := staging_of(out)) is not None and (s / MARK).exists(), process), "no mark seen"
        time.sleep(draw.uniform(0, 0.003))  # the mark is written just before the swap
        kill(process)
        now = state(out, old, new)
        assert now in ("previous", "new"), f"killed at the swap: {now}"
        seen[now, bool(leftovers(out))] += 1
        recover(tiny, out, old, "killed at the swap")
    print(f"slow site, kills at the swap, (state, staging left) -> kills: {dict(seen)}")


# ---- the two-rename swap (file systems without RENAME_EXCHANGE) ------------------------------------------------------


def test_the_two_rename_swap_killed_near_its_end_loses_nothing(tmp_path: Path, states) -> None:
    assert hasattr(diptych.write.staging, "_exchange"), "_fallback_build.py forces the fallback by replacing write._exchange"
    tiny, old, new = states
    out = tmp_path / "parent" / "out"
    assert build_ok(tiny, out) == old
    measure = tmp_path / "fallback" / "out"
    process = start(ROOT, measure, FALLBACK)
    assert wait_until(lambda: staging_of(measure) is not None, process)
    began = time.monotonic()
    assert process.wait(timeout=120) == 0
    writing = time.monotonic() - began  # from the staging folder's creation to the end
    assert snapshot(measure) == new  # the fallback itself gives the same site
    draw = random.Random(6)
    seen = Counter()
    for _ in range(5):
        process = start(ROOT, out, FALLBACK)
        assert wait_until(lambda: staging_of(out) is not None, process), "the build ended before staging anything"
        time.sleep(writing * draw.uniform(0.7, 1.1))  # the renames are at the very end
        kill(process)
        now = state(out, old, new)
        retired = diptych.write.retired_folder(out)
        if now == "missing":  # killed between the two renames: the previous output waits whole, set aside
            assert retired.is_dir() and snapshot(retired) == old, f"out/ is gone and {retired.name} is not the previous output"
        else:
            assert now in ("previous", "new"), f"killed in the two-rename swap: {now}"
        seen[now, tuple(name.split("-")[0] for name in leftovers(out))] += 1
        recover(tiny, out, old, "killed in the two-rename swap")
    print(f"two-rename swap ({writing:.2f} s writing), (state, left beside) -> kills: {dict(seen)}")


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(tmp_path: Path, states) -> None:
    """The state left by a kill after `out -> .out.diptych-old` and before `staging -> out`, made by hand."""
    tiny, old, new = states
    parent = tmp_path / "parent"
    out = parent / "out"
    assert build_ok(tiny, out) == old
    out.rename(diptych.write.retired_folder(out))
    stale = parent / f".out.{diptych.write.WORKING}-k1ll3d"  # the complete staging folder that never took its place
    shutil.copytree(diptych.write.retired_folder(out), stale)
    (stale / "half-written.html").write_bytes(b"<html")
    recover(ROOT, out, new, "the next build after a kill between the two renames")


def test_the_previous_output_comes_back_from_old_when_the_next_build_writes(tmp_path: Path, states) -> None:
    """_remove_leftovers puts .out.diptych-old back as out/ before anything else: the old output is what the swap
    retires."""
    tiny, old, _ = states
    parent = tmp_path / "parent"
    out = parent / "out"
    assert build_ok(tiny, out) == old
    out.rename(diptych.write.retired_folder(out))
    diptych.write.staging._remove_leftovers(out)
    assert snapshot(out) == old and leftovers(out) == []


def test_a_failed_build_after_a_kill_between_the_two_renames_loses_nothing(tmp_path: Path, states) -> None:
    tiny, old, _ = states
    parent = tmp_path / "parent"
    out = parent / "out"
    assert build_ok(tiny, out) == old
    out.rename(diptych.write.retired_folder(out))
    broken = shutil.copytree(tiny, tmp_path / "broken")
    (broken / "content/articles/a.fr.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")  # a content error
    result = run(broken, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    where = out if out.exists() else diptych.write.retired_folder(out)  # not repaired by a failed build, but never lost
    assert snapshot(where) == old, f"the previous output is lost; beside out/: {leftovers(out)}"
