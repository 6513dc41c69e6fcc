"""The premise of the fault tests that chmod: as root, the build runs as `nobody` (root ignores permissions), from
this very checkout wherever it lies, a folder other users cannot enter included (a clone under /root)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.faults._helpers import AS_NOBODY, NOBODY, is_root, run, tiny_site


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
