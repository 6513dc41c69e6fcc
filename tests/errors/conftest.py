"""The valid site every error case breaks, built once per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build, snapshot, write_site
from tests.errors.test_content_errors import VALID


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The valid site, built once into out/; returns (site, out, snapshot of out)."""
    site = write_site(tmp_path / "site", VALID, site_yaml=None)
    out = tmp_path / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    before = snapshot(out)
    assert "fr/articles/a/index.html" in before
    return site, out, before
