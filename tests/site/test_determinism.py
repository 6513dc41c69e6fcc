"""Two builds of the same input give byte-identical output, whatever the clock, zone, locale or folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_build, snapshot


def build_with(site: Path, out: Path, cwd: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def first_difference(a: dict[str, bytes], b: dict[str, bytes]) -> str:
    if a.keys() != b.keys():
        return f"files only in the first: {sorted(a.keys() - b.keys())}; only in the second: {sorted(b.keys() - a.keys())}"
    for name in a:
        if a[name] != b[name]:
            at = next(
                (i for i, (x, y) in enumerate(zip(a[name], b[name], strict=False)) if x != y), min(len(a[name]), len(b[name]))
            )
            return f"{name} differs at byte {at}: {a[name][at - 60 : at + 60]!r} vs {b[name][at - 60 : at + 60]!r}"
    return ""


def test_building_twice_gives_identical_bytes(tmp_path: Path, sample_output: Path) -> None:
    result = run_build("--site", ROOT, "--out", tmp_path / "again")
    assert result.returncode == 0, result.stderr
    first, second = snapshot(sample_output), snapshot(tmp_path / "again")
    assert len(first) > 50
    assert first == second, first_difference(first, second)


def test_zone_locale_folder_and_file_times_change_nothing(tmp_path: Path, sample_output: Path) -> None:
    # a copy of the sample with other file times, built from another folder, at the two ends of the
    # date line (UTC+14 and UTC-12: never the same calendar day) and in another locale
    copy = tmp_path / "copie du site"
    shutil.copytree(ROOT / "content", copy / "content")
    shutil.copy2(ROOT / "site.yaml", copy / "site.yaml")
    for path in [copy, *copy.rglob("*")]:
        os.utime(path, (946684800, 946684800))  # 2000-01-01
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    build_with(copy, tmp_path / "east", elsewhere, TZ="Pacific/Kiritimati", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8")
    build_with(copy, tmp_path / "west", tmp_path, TZ="Etc/GMT+12", LANG="C", LC_ALL="C.UTF-8", LANGUAGE="ru")
    reference, east, west = snapshot(sample_output), snapshot(tmp_path / "east"), snapshot(tmp_path / "west")
    assert east == reference, first_difference(reference, east)
    assert west == reference, first_difference(reference, west)
