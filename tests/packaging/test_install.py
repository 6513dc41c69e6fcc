"""The installed command: a wheel built from the repository's tracked files, and `pip install .`, give `diptych` and
`python -m diptych`, which find the default theme inside the package and build a journal's folder outside the
repository. The dependencies come from the test virtualenv; only diptych itself is installed (into a target folder),
so that nothing of the checkout is importable by accident."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build, snapshot

COMMANDS = ("build", "serve", "check", "crossref", "import-jats", "init")


def tracked_copy(dest: Path) -> Path:
    """The repository as a fresh clone has it: tracked files only, no output, no cache, no egg-info."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, names):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def pip(*args: str | Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *map(str, args)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tracked_copy(tmp_path_factory.mktemp("source"))
    dist = tmp_path_factory.mktemp("dist")
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", dist, source)
    (built,) = dist.glob("diptych-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a folder of its own: its bin/diptych and its package."""
    target = tmp_path_factory.mktemp("installed")
    pip("install", "--no-deps", "--target", target, wheel)
    return target


def diptych(target: Path, *args: str | Path, cwd: Path, module: bool = False) -> subprocess.CompletedProcess[str]:
    """The installed command, run as a publisher runs it, from a folder outside the repository."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    command = [sys.executable, "-m", "diptych"] if module else [str(target / "bin" / "diptych")]
    return subprocess.run(
        [*command, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )


def test_the_wheel_carries_the_default_theme_as_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("templates/**/*"), *ROOT.glob("locales/**/*.po")] if p.is_file()}
    assert theme, "the repository has a theme"
    missing = sorted(rel for rel in theme if f"diptych/_theme/{rel}" not in names)
    assert missing == []
    assert "diptych/__main__.py" in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert re.search(r"^diptych = diptych\.cli:main$", entry_points, re.M), entry_points


def test_one_version_number_for_the_wheel_the_package_and_the_command(wheel: Path, installed: Path, tmp_path: Path) -> None:
    from diptych import __version__

    assert wheel.name.startswith(f"diptych-{__version__}-")
    assert "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("[")[0]
    for module in (False, True):
        result = diptych(installed, "--version", cwd=tmp_path, module=module)
        assert (result.returncode, result.stdout.strip()) == (0, f"diptych {__version__}"), result.stderr
    assert run_build("--version").stdout.strip() == f"diptych {__version__}"


def test_the_installed_command_has_every_subcommand(installed: Path, tmp_path: Path) -> None:
    result = diptych(installed, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", result.stdout, re.M), (name, result.stdout)
        sub = diptych(installed, name, "--help", cwd=tmp_path)
        assert sub.returncode == 0, (name, sub.stderr)
        assert sub.stdout.startswith(f"usage: diptych {name} "), sub.stdout


def test_the_installed_command_starts_builds_and_checks_a_journal_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    """`diptych init`, then `diptych` and `diptych check` in the new folder: the default theme comes from the package
    (the folder has no templates/ and no locales/), and the pages are the repository's build of the same folder."""
    journal = tmp_path / "journal"
    made = diptych(installed, "init", journal, "--title", "Revue : essai", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert not (journal / "templates").exists() and not (journal / "locales").exists()
    built = diptych(installed, cwd=journal)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    assert built.stdout.startswith("built "), built.stdout
    checked = diptych(installed, "check", cwd=journal, module=True)
    assert checked.returncode == 0, checked.stderr
    assert " 0 error(s)" in checked.stdout, checked.stdout
    page = (journal / "output" / "fr" / "articles" / "premier-article" / "index.html").read_text()
    assert "Plan de l’article" in page or "Plan de l'article" in page  # the French catalog, from the package
    stylesheets = list((journal / "output").glob("static/style*.css"))
    assert stylesheets, sorted(p.name for p in (journal / "output").iterdir())
    from_repository = run_build("--site", journal, "--out", tmp_path / "repo-output", "--no-cache")
    assert from_repository.returncode == 0, from_repository.stderr
    assert snapshot(journal / "output") == snapshot(tmp_path / "repo-output")


def test_pip_install_of_the_folder_not_only_editable(tmp_path: Path) -> None:
    source = tracked_copy(tmp_path / "source")
    target = tmp_path / "installed"
    pip("install", "--no-deps", "--no-build-isolation", "--target", target, source)
    assert (target / "diptych" / "_theme" / "templates" / "article.html").is_file()
    assert (target / "diptych" / "_theme" / "locales" / "fr" / "LC_MESSAGES" / "messages.po").is_file()
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copy(ROOT / "site.yaml", site / "site.yaml")
    result = diptych(target, "--site", site, "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert run_build("--site", site, "--out", tmp_path / "repo-output", "-q", "--no-cache").returncode == 0
    assert snapshot(site / "output") == snapshot(tmp_path / "repo-output")  # the sample site, built by either
