"""Full-page screenshots of the sample site at phone and desktop widths.

    .venv/bin/python scripts/screenshots.py           the README's two: docs/screenshots/article-{fr-1280,en-390}.png
    .venv/bin/python scripts/screenshots.py FOLDER    every key page at 320, 390, 768 and 1280 px, into FOLDER

Builds the sample (the repository itself) into a temporary folder, serves it on 127.0.0.1 and
opens it in Debian's Chromium (/usr/bin/chromium; never `playwright install`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import ARGS, CHROMIUM, serve  # noqa: E402

PAGES = {
    "article-fr": "/fr/articles/relations-militaires-russie-belarus/",
    "article-en": "/en/articles/russia-belarus-military-relationships/",
    "cartographie-fr": "/fr/articles/cartographier-archipel-des-brumes/",
    "home-fr": "/fr/",
    "issue-fr": "/fr/numeros/2019-2/",
    "search-fr": "/fr/recherche/?q=bouclier",
}
VIEWPORTS = [
    {"width": 320, "height": 640},
    {"width": 390, "height": 844},
    {"width": 768, "height": 1024},
    {"width": 1280, "height": 900},
]
README = {("article-fr", 1280), ("article-en", 390)}  # what the README shows


def build(out: Path) -> None:
    """`python build.py --site ROOT --out OUT`, as a publisher runs it."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--site", str(ROOT), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    chosen: Path | None = parser.parse_args().folder
    folder = chosen or ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="diptych-shots-") as tmp:
        out = Path(tmp) / "output"
        build(out)
        with serve(out) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for viewport in VIEWPORTS:
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                for name, path in PAGES.items():
                    if chosen is None and (name, viewport["width"]) not in README:
                        continue
                    response = page.goto(url + path)
                    if response is None or not response.ok:
                        raise SystemExit(f"{path}: HTTP {response.status if response else '?'}")
                    if "?q=" in path:  # the search page: wait for Pagefind's results
                        page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
                    shot = folder / f"{name}-{viewport['width']}.png"
                    page.screenshot(path=shot, full_page=True)
                    print(shot)
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
