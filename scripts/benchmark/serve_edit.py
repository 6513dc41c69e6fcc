"""`serve`, measured as an editor feels it: a word of a teaser saved, then how long until the open page's event
stream says `rebuilt` and the page served holds the word (the edit shown), and until serve's whole build has ended
(caught up: search index, lists, feeds). Used by run.py; alone:

    python scripts/benchmark/serve_edit.py SITE OUT ARTICLE.fr.md [--rounds 3]

SITE must have been built into OUT once (serve's first build is then short); ARTICLE is put back as it was.
"""

from __future__ import annotations

import argparse
import http.client
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SERVING = re.compile(r"at http://127\.0\.0\.1:(\d+)/ ")
TIMEOUT = 600.0


class Serve:
    """`python build.py serve` on a free port, its output read line by line."""

    def __init__(self, python: str, diptych_dir: Path, site: Path, out: Path) -> None:
        command = [python, str(diptych_dir / "build.py"), "serve", "--site", str(site), "--out", str(out), "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait(SERVING, 0).group(1))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.lines.append((time.monotonic(), line))

    def wait(self, pattern: re.Pattern[str], after: int) -> re.Match[str]:
        """The first line from number `after` on that matches; its time is in `self.at`."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with self.lock:
                for at, line in self.lines[after:]:
                    found = pattern.search(line)
                    if found:
                        self.at = at
                        return found
            if self.process.poll() is not None:
                raise SystemExit(f"serve exited: {''.join(line for _, line in self.lines)}")
            time.sleep(0.01)
        raise SystemExit(f"serve did not print {pattern.pattern!r} within {TIMEOUT} s")

    def count(self) -> int:
        with self.lock:
            return len(self.lines)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def page_url(article: Path) -> str:
    """The French page's URL path, from the article's slug (the corpus writes one)."""
    slug = re.search(r"^slug: (\S+)$", article.read_text(encoding="utf-8"), re.MULTILINE)
    assert slug, article
    return f"/fr/articles/{slug.group(1)}/"


def event_stream(port: int, page: str) -> socket.socket:
    """The open page's event stream, as its reload script opens it (since: now)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    status, body = get(port, page)
    generation = re.search(rb'data-generation="(\d+)"', body)
    run = re.search(rb'data-run="([0-9a-f]+)"', body)
    assert status == 200 and generation and run, status
    query = f"run={run.group(1).decode()}&since={generation.group(1).decode()}&page={page}"
    sock.sendall(f"GET /__diptych/events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"retry: 1000\n\n" not in received:
        received += sock.recv(4096)
    return sock


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def one_edit(serve: Serve, article: Path, text: str, word: str) -> tuple[float, float]:
    """(seconds to the edit shown in the open page, seconds to serve's whole build ended) for one save."""
    page = page_url(article)
    sock = event_stream(serve.port, page)
    before = serve.count()
    try:
        started = time.monotonic()
        article.write_text(text, encoding="utf-8")
        received = b""
        while b"event: rebuilt" not in received:
            received += sock.recv(4096)
        status, body = get(serve.port, page)
        shown = time.monotonic() - started
        assert status == 200 and word.encode() in body, "the page reloaded without the edit"
    finally:
        sock.close()
    first = serve.wait(re.compile(r"^shown first: .* in (\d+\.\d+) s"), before)
    changed = serve.at - started  # serve's line, printed once the pages were rendered and shown
    serve.wait(re.compile(r"^rebuilt "), before)
    print(f"    the edit's pages rendered in {first.group(1)} s, shown {changed:.3f} s after the save", flush=True)
    return shown, serve.at - started


def measure(python: str, diptych_dir: Path, site: Path, out: Path, article: Path, edited: str, word: str) -> dict:
    """One round: serve started (its first build, then the site prepared), one edit timed, the file put back."""
    original = article.read_bytes()
    serve = Serve(python, diptych_dir, site, out)
    try:
        shown, caught_up = one_edit(serve, article, edited, word)
    finally:
        article.write_bytes(original)
        serve.stop()
    return {"shown_seconds": round(shown, 3), "caught_up_seconds": round(caught_up, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("article", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from run import edit_word, edited  # the benchmark's own edit: one word of the teaser

    rounds = []
    for round_ in range(args.rounds):
        text = edited(args.article.read_text(encoding="utf-8"), round_)
        rounds.append(measure(sys.executable, REPO, args.site, args.out, args.article, text, edit_word(round_)))
        print(rounds[-1], flush=True)
    for name in ("shown_seconds", "caught_up_seconds"):
        print(f"median {name}: {statistics.median(r[name] for r in rounds):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
