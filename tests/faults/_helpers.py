"""Shared by the fault tests: tiny and slow sites, a build with a hard time limit, and the checks every fault ends with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SITE_YAML, snapshot, write_site

BUILD = ROOT / "build.py"

# A tiny valid site, unlike the sample site in every page: a build of one over the other's output is told apart.
TINY = {
    "site.yaml": SITE_YAML,
    "content/articles/a.fr.md": """\
        ---
        title: Une alliance
        abstract: Un résumé.
        date: 2019-06-01
        issue: 2019-2
        ---
        Premier paragraphe.

        Deuxième paragraphe.

        Troisième paragraphe.
        """,
    "content/articles/a.en.md": """\
        ---
        title: An alliance
        abstract: An abstract.
        date: 2019-06-01
        ---
        First paragraph.

        Second paragraph.

        Third paragraph.
        """,
    "content/issues/2019-2.yaml": """\
        volume: 75
        number: 2
        date: 2019-06-01
        """,
}


def tiny_site(folder: Path) -> Path:
    return write_site(folder, TINY, site_yaml=None)


def slow_site(folder: Path, articles: int, title: str = "Revue lente") -> Path:
    """A valid site of `articles` articles in two languages, free, with real bodies: rendering takes a while."""
    paragraph = "Un paragraphe *assez* long, avec un [lien](https://example.org/) et du **gras**, pour peser. " * 6
    files = {
        "site.yaml": SITE_YAML.replace("Revue d'essai", title).replace("access: paywalled", "access: free"),
        "content/issues/2019-2.yaml": "volume: 75\nnumber: 2\ndate: 2019-06-01\n",
    }
    for i in range(articles):
        day = f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}"
        for lang, word in (("fr", "Article"), ("en", "Paper")):
            front = f"---\ntitle: {word} {i}\nabstract: {word} {i}, abstract.\ndate: {day}\nissue: 2019-2\nslug: s-{i}\n---\n"
            body = "".join(f"## Partie {j}\n\n{paragraph}\n\n{paragraph}\n\n" for j in range(4))
            files[f"content/articles/{i:04d}.{lang}.md"] = front + body
    root = folder
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def command(site: Path, out: Path | str, script: Path = BUILD, cache: bool = False) -> list[str]:
    """The build's command line; without the build cache unless asked, so that every build renders and writes every
    page (tests/cache kills builds that fill the cache)."""
    return [sys.executable, str(script), "--site", str(site), "--out", str(out), *(() if cache else ("--no-cache",))]


def run(
    site: Path, out: Path | str, *, timeout: float = 60, script: Path = BUILD, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The build as a publisher runs it; a hang is a test failure, not a frozen test run (the child is killed)."""
    cmd = [*(prefix or []), *command(site, out, script)]
    try:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr
    pytest.fail(f"the build hung: no exit after {timeout} s, killed ({' '.join(cmd)}); stderr so far: {stderr!r}")


def build_ok(site: Path, out: Path, **kwargs) -> dict[str, bytes]:
    result = run(site, out, **kwargs)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return snapshot(out)


def leftovers(out: Path) -> list[str]:
    """What a killed or failed build may leave beside `out`: `.NAME.diptych-staging-*`, `.NAME.diptych-old`."""
    if not out.parent.is_dir():
        return []
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def describe(state: dict[str, bytes] | None, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Why a tree is neither the previous output nor the new one, in a line."""
    if state is None:
        return "the output folder is missing"
    parts = []
    for name, other in (("previous", old), ("new", new)):
        missing = sorted(set(other) - set(state))
        extra = sorted(set(state) - set(other))
        changed = sorted(k for k in set(state) & set(other) if state[k] != other[k])
        parts.append(
            f"vs the {name} output: {len(missing)} missing (e.g. {missing[:3]}), {len(extra)} extra (e.g. {extra[:3]}), "
            f"{len(changed)} changed (e.g. {changed[:3]})"
        )
    return "; ".join(parts)


def assert_clean_failure(result: subprocess.CompletedProcess[str], out: Path, before: dict[str, bytes] | None) -> None:
    """Exit 1, `... error(s)` summary, no traceback; the previous output (or its absence) exactly as it was."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "build failed: " in result.stderr.splitlines()[-1], result.stderr
    if before is None:
        assert not out.exists() or not any(out.iterdir()), sorted(out.iterdir())
    else:
        assert snapshot(out) == before
    assert leftovers(out) == [], leftovers(out)


def is_root() -> bool:
    return os.geteuid() == 0


NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def as_nobody() -> list[str]:
    """The prefix that runs the build as `nobody`, so that a chmod binds it (root ignores permissions); skips when
    nobody cannot run this clone's build: no setpriv, or a clone in a folder other users cannot enter."""
    if shutil.which("setpriv") is None or subprocess.run([*AS_NOBODY, "true"]).returncode != 0:
        pytest.skip("running as root without setpriv: chmod cannot bind this build")
    probe = subprocess.run([*AS_NOBODY, sys.executable, str(BUILD), "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"as root, chmod binds only another user, and nobody cannot run this clone's build: {probe.stderr.strip()}")
    return AS_NOBODY
