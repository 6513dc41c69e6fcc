"""Shared helpers: tiny sites written inline, and the build run as a publisher runs it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the repository: build.py, templates/, locales/, the sample site

SITE_YAML = """\
title: {fr: "Revue d'essai", en: "Test Journal"}
base_url: https://revue.example.org
languages: [fr, en]
paywall:
  access: paywalled
  teaser_paragraphs: 2
"""


def write_site(root: Path, files: dict[str, str], site_yaml: str | None = SITE_YAML) -> Path:
    """A site folder from {relative path: text}; texts are dedented, site.yaml added unless given or None."""
    root.mkdir(parents=True, exist_ok=True)
    if site_yaml is not None and "site.yaml" not in files:
        (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def copy_sample(into: Path) -> Path:
    """A copy of the sample site in `into` (site.yaml and content/; templates and catalogs are the defaults)."""
    into.mkdir(parents=True)
    shutil.copyfile(ROOT / "site.yaml", into / "site.yaml")
    shutil.copytree(ROOT / "content", into / "content")
    return into


def interruptible() -> None:
    """For a child process told to stop with SIGINT: Ctrl-C's default, whatever the suite inherited (a shell starts
    a background job with SIGINT ignored, and Python then never turns it into KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_build(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` in a subprocess, exactly as a publisher runs it."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path, to compare two states byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden tree tests/golden/expected/ (the sample's whole output) from the current build, stale files removed (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (the repository itself) built once into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_build("--site", ROOT, "--out", out)
    assert result.returncode == 0, result.stderr
    return out
