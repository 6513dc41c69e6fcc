"""Shared by the fault tests: tiny and slow sites, a build with a hard time limit, and the checks every fault ends with."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
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


def command(site: Path, out: Path | str, script: Path = BUILD, cache: bool = False, python: str = sys.executable) -> list[str]:
    """The build's command line; without the build cache unless asked, so that every build renders and writes every
    page (tests/site/test_cache.py kills builds that fill the cache)."""
    return [python, str(script), "--site", str(site), "--out", str(out), *(() if cache else ("--no-cache",))]


def run(
    site: Path, out: Path | str, *, timeout: float = 60, script: Path = BUILD, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The build as a publisher runs it; a hang is a test failure, not a frozen test run (the child is killed).

    With the prefix AS_NOBODY, the build is this checkout's staged where nobody can read it (nobody_build)."""
    cmd, cwd, env = [*(prefix or []), *command(site, out, script)], ROOT, None
    if prefix == AS_NOBODY:
        staged = nobody_build()
        cmd, cwd, env = [*prefix, *command(site, out, staged.script(script), python=staged.python)], staged.root, staged.env
    try:
        return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
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
    """The prefix that runs the build as `nobody`, so that a chmod binds it (root ignores permissions): `run` then
    runs this checkout's build staged where nobody can read it (nobody_build), wherever the checkout is. Skips only
    when no user can be switched to (no setpriv); fails, saying why, when nobody can run no staged build."""
    if shutil.which("setpriv") is None or subprocess.run([*AS_NOBODY, "true"]).returncode != 0:
        pytest.skip("running as root without setpriv: chmod cannot bind this build")
    staged = nobody_build()
    probe = subprocess.run(
        [*AS_NOBODY, staged.python, str(staged.script(BUILD)), "--help"],
        cwd=staged.root,
        env=staged.env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, f"nobody cannot run the build staged in {staged.root} with {staged.python}: {probe.stderr}"
    return AS_NOBODY


@dataclass(frozen=True)
class Staged:
    """This checkout's build, copied where nobody can read it, and the interpreter nobody runs it with."""

    root: Path  # build.py, diptych/, templates/, locales/, and site-packages/: what the build imports
    python: str
    env: dict[str, str]

    def script(self, script: Path) -> Path:
        """A script of the checkout (build.py, tests/faults/_fallback_build.py) as staged, staged on first use."""
        staged = self.root / script.resolve().relative_to(ROOT)
        if not staged.exists():
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.parent.chmod(0o755)
            _link_or_copy(str(script), str(staged))
        return staged


@functools.cache
def nobody_build() -> Staged:
    """Stage the build for nobody, once a session: a clone in a folder other users cannot enter (under /root) has its
    code, its theme and its virtualenv out of nobody's reach.

    Staged in a fresh folder of /tmp, by hard links where it can (instant; a file's mode is its inode's) and copies
    where it cannot: build.py, the diptych package, templates/ and locales/ (the default theme, beside the package as
    in a checkout), and the virtualenv's site-packages. The interpreter: this one if nobody can run it, else the
    system's python3 if it is the same minor version (the same ABI for the compiled packages); else none can be.
    """
    _remove_stale_stagings()
    root = Path(tempfile.mkdtemp(prefix=f"diptych-nobody-{os.getpid()}-", dir="/tmp"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for name in ("diptych", "templates", "locales"):
        shutil.copytree(ROOT / name, root / name, copy_function=_link_or_copy, symlinks=True)
    _link_or_copy(str(BUILD), str(root / "build.py"))
    packages = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    for number, folder in enumerate(sorted(packages)):
        shutil.copytree(folder, root / f"site-packages-{number}", copy_function=_link_or_copy, symlinks=True)
    for path in [root, *root.rglob("*")]:  # the folders made here, enterable by every user (files: _link_or_copy)
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(root / f"site-packages-{n}") for n in range(len(packages))),
        "PYTHONDONTWRITEBYTECODE": "1",  # nobody cannot write beside the staged sources
        "PYTHONNOUSERSITE": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    return Staged(root, _nobodys_python(env), env)


def _remove_stale_stagings() -> None:
    """What a killed session staged (atexit never ran): every user can read it, a private clone's code included, so
    it goes as soon as the next session stages. A staging is named for the process that made it; it is stale once no
    such process lives (or one of another user's)."""
    for folder in Path("/tmp").glob("diptych-nobody-*-*"):
        pid = folder.name.split("-")[2]
        if not pid.isdigit() or folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # a live process of another user's


def _nobodys_python(env: dict[str, str]) -> str:
    """The interpreter nobody runs the staged build with: this one, or the system's of the same minor version."""
    wanted = f"{sys.version_info.major}.{sys.version_info.minor}"
    tried = []
    for python in dict.fromkeys([sys.executable, "/usr/bin/python3", f"/usr/bin/python{wanted}"]):
        probe = subprocess.run(
            [*AS_NOBODY, python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            cwd="/",
            env=env,
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0 and probe.stdout.strip() == wanted:
            return python
        tried.append(f"{python}: {probe.stdout.strip() or probe.stderr.strip() or probe.returncode}")
    pytest.fail(f"no Python {wanted} that nobody can run, to run the build as nobody ({'; '.join(tried)})")


def _link_or_copy(source: str, target: str) -> str:
    """A file every user can read: a hard link to one they can already (a link shares its mode with the checkout's
    file, which is never changed), else a copy made readable."""
    mode = os.stat(source).st_mode
    if mode & 0o004:
        try:
            os.link(source, target)
            return target
        except OSError:  # another file system, or links refused
            pass
    shutil.copy2(source, target)
    os.chmod(target, 0o755 if mode & 0o100 else 0o644)
    return target
