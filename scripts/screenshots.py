"""Full-page screenshots of the sample site at phone and desktop widths.

    .venv/bin/python scripts/screenshots.py [FOLDER]     (default: docs/screenshots/)

Builds the sample (the repository itself) into a temporary folder, serves it on 127.0.0.1 and
opens it in Debian's Chromium (/usr/bin/chromium; never `playwright install`).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Same flags as tests/e2e/conftest.py: the closed network refuses Chromium's own calls.
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
PAGES = {
    "article-fr": "/fr/articles/relations-militaires-russie-belarus/",
    "article-en": "/en/articles/russia-belarus-military-relationships/",
    "cartographie-fr": "/fr/articles/cartographier-archipel-des-brumes/",
    "home-fr": "/fr/",
    "issue-fr": "/fr/numeros/2019-2/",
}
VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


def build(out: Path) -> None:
    """`python build.py --site ROOT --out OUT`, as a publisher runs it."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site", str(ROOT), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`python -m http.server` on a free port of 127.0.0.1, polled until it answers."""
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
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(f"{url}/", timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"http.server did not answer on {url}") from None
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    folder: Path = parser.parse_args().folder
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="diptych-shots-") as tmp:
        out = Path(tmp) / "output"
        build(out)
        with serve(out) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for viewport in VIEWPORTS:
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                for name, path in PAGES.items():
                    response = page.goto(url + path)
                    if response is None or not response.ok:
                        raise SystemExit(f"{path}: HTTP {response.status if response else '?'}")
                    shot = folder / f"{name}-{viewport['width']}.png"
                    page.screenshot(path=shot, full_page=True)
                    print(shot)
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
