"""What the browser tests and scripts/screenshots.py share: Debian's Chromium and a local server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never `playwright install` (its download cannot work here)
# The closed network refuses Chromium's own calls: keep the background-networking flags (DEPENDENCIES.md, section 1).
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ServerError(RuntimeError):
    """The local server did not start."""


@contextmanager
def serve(folder: Path, timeout: float = 10) -> Iterator[str]:
    """`python -m http.server` for a folder on a free port of 127.0.0.1, polled until it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise ServerError(f"http.server exited with {server.returncode} before answering on {url}")
            try:
                with urllib.request.urlopen(f"{url}/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerError(f"http.server did not answer on {url} within {timeout} s") from None
                time.sleep(0.05)
        yield url
    finally:
        stop(server)


def stop(process: subprocess.Popen) -> None:
    """End a server started by a test: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
