"""Fixtures of the fault tests."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder every user can reach, nobody included (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="diptych-faults-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
