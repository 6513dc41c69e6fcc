"""A build that finds nothing changed answers from the stamp before any heavy library is imported (issue 16, item 4):
Jinja, Markdown, Babel, PyYAML, lxml, citeproc-py, nh3 are loaded only when something must be read or rendered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HEAVY = ("jinja2", "markdown", "babel", "yaml", "lxml", "citeproc", "nh3", "pybtex", "rispy", "watchfiles")

RUN = """\
import json, sys
from diptych.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)}))
""".replace("HEAVY", repr(HEAVY))


def _build(out: Path) -> tuple[int, list[str], str]:
    """A build run as `diptych --site ROOT --out OUT`: its exit code, the heavy modules it loaded, what it said."""
    run = subprocess.run(
        [sys.executable, "-c", RUN, "--site", str(ROOT), "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    *told, last = run.stdout.strip().splitlines()
    said = json.loads(last)
    return said["code"], said["loaded"], "\n".join([*told, run.stderr])


def test_a_build_with_nothing_changed_imports_no_heavy_library(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, loaded, _ = _build(out)  # the first build renders: it needs them all
    assert code == 0 and {"jinja2", "markdown", "babel"} <= {m.split(".")[0] for m in loaded}
    code, loaded, stderr = _build(out)
    assert code == 0, stderr
    assert f"nothing changed: {out} is up to date" in stderr, stderr
    assert loaded == [], f"a build with nothing to do imported {sorted({m.split('.')[0] for m in loaded})}"
