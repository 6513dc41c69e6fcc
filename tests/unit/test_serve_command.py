"""`serve` as the command line calls it: plain values in, a summary line per build saying what it did (as the build
command's does), and no child process left defunct by the rebuilds."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import diptych
from diptych import Report
from diptych.serve import serve_command
from diptych.summary import summary
from tests.conftest import ROOT, copy_sample, interruptible

ARTICLE = "content/articles/phares.fr.md"
SENTENCE = "se dressent aujourd’hui six phares."

# serve_command called with plain values, as the command line calls it (SITE OUT|'' then its keyword arguments).
LAUNCH = """\
import json, sys
from pathlib import Path
from diptych.serve import serve_command
site, out, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
raise SystemExit(serve_command(Path(site), Path(out) if out else None, **options))
"""


class Serving:
    """A running serve and everything it has printed so far (stdout and stderr, interleaved)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.lock = threading.Lock()
        self.readers = [threading.Thread(target=self._read, args=(s,), daemon=True) for s in (process.stdout, process.stderr)]
        for reader in self.readers:
            reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def printed(self) -> list[str]:
        with self.lock:
            return list(self.lines)

    def wait_for(self, found: Callable[[list[str]], object], timeout: float = 60) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found(self.printed())
            if result:
                return result
            if self.process.poll() is not None:
                time.sleep(0.2)  # the readers take the last lines
                pytest.fail(f"serve exited with {self.process.returncode}:\n" + "\n".join(self.printed()))
            time.sleep(0.05)
        pytest.fail(f"serve did not print what was expected within {timeout} s:\n" + "\n".join(self.printed()))

    def lines_matching(self, pattern: str) -> list[str]:
        return [line for line in self.printed() if re.search(pattern, line)]

    def stop(self) -> int:
        """Ctrl-C, as an editor stops it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        for reader in self.readers:
            reader.join(timeout=5)
        return code


def sample_site(root: Path) -> Path:
    return copy_sample(root / "site")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Serving]]:
    started: list[Serving] = []

    def run(site: Path, out: Path | None, **options: object) -> Serving:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(site), str(out or ""), json.dumps({"port": 0, **options})],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
            preexec_fn=interruptible,
        )
        serving = Serving(process)
        started.append(serving)
        serving.wait_for(lambda lines: any(" at http://127.0.0.1:" in line for line in lines))
        return serving

    try:
        yield run
    finally:
        for serving in started:
            serving.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuilds(serving: Serving) -> list[str]:
    """The summary lines of the builds after the first, which serve prints before saying where it serves."""
    lines = serving.printed()
    after = next(n for n, line in enumerate(lines) if " at http://127.0.0.1:" in line)
    return [line for line in lines[after:] if re.match(r"(rebuilt |nothing changed)", line)]


def wait_for_rebuild(serving: Serving, count: int) -> str:
    serving.wait_for(lambda _: len(rebuilds(serving)) >= count, timeout=30)
    return rebuilds(serving)[count - 1]


# Plain values


def test_serve_takes_plain_values_and_says_when_the_port_is_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = sample_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = serve_command(site, None, edition="public", port=port, cache=True, jobs=1, quiet=False)
    assert code == 1
    assert f"serve: cannot listen on 127.0.0.1:{port}: " in capsys.readouterr().err
    assert not (site / "output").exists()


def test_serve_builds_into_the_default_output_folder_and_stops_on_ctrl_c(tmp_path: Path, start: Callable[..., Serving]) -> None:
    site = sample_site(tmp_path)
    serving = start(site, None, jobs=1)
    assert (site / "output" / "fr" / "articles" / "phares-archipel-des-brumes" / "index.html").is_file()
    assert serving.stop() == 0
    assert serving.printed()[-1] == "stopped"


def test_serve_builds_the_edition_asked_for_into_its_default_folder(tmp_path: Path, start: Callable[..., Serving]) -> None:
    site = sample_site(tmp_path)
    start(site, None, edition="full", cache=False, jobs=1)
    assert (site / "output-full" / "index.html").is_file() and not (site / "output").exists()
    assert not (site / ".diptych-cache").exists()  # cache=False: neither read nor written


# What each build says


def test_a_summary_line_says_what_the_build_did() -> None:
    pages = {"fr": 47, "en": 42, "": 2}
    out = Path("output")
    fresh = Report(pages, (), 1.234, rendered=("/fr/",) * 91)
    cached = Report(pages, (), 0.4, rendered=("/fr/", "/en/", "/"), reused=88)
    same = Report(pages, (), 0.05, unchanged=True)
    assert summary(fresh, out) == (
        "built 91 pages (en 42, fr 47, 2 in every language) into output: 91 rendered, 0 warning(s), in 1.23 s"
    )
    assert summary(cached, out, again=True) == (
        "rebuilt 91 pages (en 42, fr 47, 2 in every language) into output: 3 rendered, 88 from the cache, 0 warning(s), in 0.40 s"
    )
    assert summary(same, out) == summary(same, out, again=True) == ("nothing changed: output is up to date (91 pages), in 0.05 s")


def age(folder: Path, seconds: float = 10) -> None:
    """Every file of a folder made `seconds` older: the build's stamp trusts only files not changed just before it."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def test_each_build_of_serve_says_what_it_did(tmp_path: Path, start: Callable[..., Serving]) -> None:
    site, out = sample_site(tmp_path), tmp_path / "out"
    age(site)
    diptych.build(site, out, jobs=1)  # built before: serve's first build finds nothing changed
    serving = start(site, out, jobs=1)
    first = serving.printed()[0]
    assert re.fullmatch(rf"nothing changed: {re.escape(str(out))} is up to date \(\d+ pages\), in \d+\.\d\d s", first), first

    draft = site / "content" / "articles" / "brouillon.txt"
    draft.write_text("x", encoding="utf-8")
    draft.unlink()  # a file come and gone: nothing the build reads has changed
    line = wait_for_rebuild(serving, 1)
    assert re.fullmatch(
        r"nothing changed: .* is up to date \(\d+ pages\), in \d+\.\d\d s \(content/articles/brouillon\.txt\)", line
    )

    source = site / ARTICLE
    source.write_bytes(source.read_bytes())  # saved without a change: every page from the cache
    line = wait_for_rebuild(serving, 2)
    assert re.fullmatch(
        rf"rebuilt \d+ pages .*: 0 rendered, \d+ from the cache, 0 warning\(s\), .* \({re.escape(ARTICLE)}\)", line
    )

    edit(source, SENTENCE, f"{SENTENCE} Un septième feu.")
    line = wait_for_rebuild(serving, 3)
    match = re.fullmatch(
        rf"rebuilt (\d+) pages \(en \d+, fr \d+, \d+ in every language\) into {re.escape(str(out))}: (\d+) rendered, "
        rf"(\d+) from the cache, 0 warning\(s\), in \d+\.\d\d s \({re.escape(ARTICLE)}\)",
        line,
    )
    assert match, line
    total, rendered, reused = map(int, match.groups())
    assert 0 < rendered < total and rendered + reused == total
    assert not serving.lines_matching("all rendered")


def test_a_quiet_serve_prints_no_summary(tmp_path: Path, start: Callable[..., Serving]) -> None:
    site = sample_site(tmp_path)
    serving = start(site, None, jobs=1, quiet=True)
    edit(site / ARTICLE, SENTENCE, f"{SENTENCE} Un septième feu.")
    serving.wait_for(lambda _: (site / "output" / "fr" / "articles").is_dir())
    time.sleep(2)
    assert not serving.lines_matching(r"^(re)?built |^nothing changed"), serving.printed()
    assert serving.lines_matching(" at http://127.0.0.1:")  # where to look is no chatter


# No defunct child


def children(pid: int) -> dict[str, str]:
    """The processes whose parent is `pid`, as /proc says: {"pid (name)": state}."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        name, _, rest = text.partition(" (")[2].rpartition(")")
        state, parent = rest.split()[:2]
        if int(parent) == pid:
            found[f"{stat.parent.name} ({name})"] = state
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("jobs", [1, 2])
def test_rebuilds_leave_no_defunct_child(tmp_path: Path, start: Callable[..., Serving], jobs: int) -> None:
    site = sample_site(tmp_path)
    serving = start(site, None, jobs=jobs)
    source = site / ARTICLE
    for n in range(1, 4):
        edit(source, SENTENCE, f"{SENTENCE} Feu {n}.")
        wait_for_rebuild(serving, n)
    (site / "site.yaml").write_bytes((site / "site.yaml").read_bytes() + b"\n")  # every page again, over the workers
    wait_for_rebuild(serving, 4)
    pid = serving.process.pid
    deadline = time.monotonic() + 20  # the previous outputs' removers may still be at work: wait until all have ended
    while any(state != "Z" for state in children(pid).values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(state == "Z" for state in children(pid).values()), children(pid)
    deadline = time.monotonic() + 3  # ...then leave serve a moment to reap them
    while children(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert children(pid) == {}
