"""The premise of the fault tests that chmod: as root, the build runs as `nobody` (root ignores permissions), from
this very checkout wherever it lies, a folder other users cannot enter included (a clone under /root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.faults._helpers import AS_NOBODY, NOBODY, _remove_stale_stagings, is_root, run, tiny_site


def test_as_root_the_build_runs_as_nobody_from_this_checkout(world: Path) -> None:
    if not is_root():
        pytest.skip("not root: the fault tests run the build as this user, whom chmod binds")
    if shutil.which("setpriv") is None:
        pytest.skip("no setpriv: the build cannot be run as another user")
    site = tiny_site(world / "site")
    os.chown(world, NOBODY, NOBODY)
    out = world / "out"
    result = run(site, out, prefix=AS_NOBODY)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert out.stat().st_uid == NOBODY  # written by nobody, not by root
    assert "fr/articles/a/index.html" in snapshot(out)


def test_a_staging_a_killed_session_left_is_removed_by_the_next(tmp_path: Path) -> None:
    """A staged build is readable by every user (a private clone's code in it); a session killed before atexit leaves
    it behind: the next session's staging removes it, and never one whose process still lives."""
    dead = subprocess.Popen(["true"])  # a process that has ended: its pid names a stale staging
    dead.wait()
    stale = Path(tempfile.mkdtemp(prefix=f"diptych-nobody-{dead.pid}-", dir="/tmp"))
    (stale / "build.py").write_text("code")
    alive = Path(tempfile.mkdtemp(prefix=f"diptych-nobody-{os.getpid()}-", dir="/tmp"))
    try:
        _remove_stale_stagings()
        assert not stale.exists()
        assert alive.is_dir()
    finally:
        shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(alive, ignore_errors=True)
