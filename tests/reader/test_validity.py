"""The Nu HTML Checker (npm `vnu-jar`, pinned in package.json, run with Java) over every page of the sample.

One run of the checker over the whole output folder: the landing page, both homes, every article page
(paywalled, free, teaser-only, in one language only), issue, index and list pages, free-standing pages, the
search pages, the aliases' redirects and the 404 page; then the subscriber edition's. No error, no warning.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build, write_site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def java() -> str:
    found = shutil.which("java")
    if not found:
        message = "java is missing: run scripts/test (it installs default-jre-headless)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    assert VNU.is_file(), f"{VNU} is missing: run scripts/test (npm ci)"
    return found


def check(folder: Path) -> list[dict]:
    """Every message of the checker about the HTML files under `folder`."""
    result = subprocess.run(
        [java(), "-jar", str(VNU), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def shown(messages: list[dict], root: Path) -> str:
    return "\n".join(
        f"{m.get('url', '').removeprefix('file:' + str(root))}:{m.get('lastLine')}: {m['type']}: {m['message']}" for m in messages
    )


def test_every_page_of_the_sample_is_valid_html(sample_output: Path) -> None:
    pages = list(sample_output.rglob("*.html"))
    assert len(pages) > 80
    messages = check(sample_output)
    assert not messages, shown(messages, sample_output)


def test_every_page_of_the_subscriber_edition_is_valid_html(tmp_path: Path) -> None:
    out = tmp_path / "full"
    result = run_build("--site", ROOT, "--edition", "full", "--out", out)
    assert result.returncode == 0, result.stderr
    messages = check(out)
    assert not messages, shown(messages, out)


def test_the_checker_finds_a_known_fault(tmp_path: Path, sample_output: Path) -> None:
    """The harness can fail: a page with a misnested element and a duplicate id is reported."""
    page = (sample_output / "fr" / "index.html").read_text(encoding="utf-8")
    broken = page.replace("<main", '<p id="x"><div id="x"></div></p><main', 1)
    (tmp_path / "index.html").write_text(broken, encoding="utf-8")
    errors = [m for m in check(tmp_path) if m["type"] == "error"]
    assert any("Duplicate ID" in m["message"] for m in errors), errors


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f80f00000101000518d84e0000000049454e44ae426082"
)


def test_a_raw_img_without_alt_is_valid_html_on_its_page(tmp_path: Path) -> None:
    """Issue 14: raw HTML images in a body or an abstract; one without alt gets alt="" (the text around it speaks for
    it, and a screen reader does not spell out its file name); one with alt keeps it."""
    body = (
        'Un paragraphe et une carte : <img src="carte.png">.\n\n'
        '<p><img src="carte.png" alt="La carte des détroits" title="Carte"></p>\n\n'
        "<figure>\n<img src='carte.png'>\n<figcaption>Les détroits</figcaption>\n</figure>\n"
    )
    front = "---\ntitle: Une carte\nabstract: 'Un résumé <img src=\"carte.png\">.'\ndate: 2020-01-01\naccess: free\n---\n"
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": front + body})
    (site / "content/articles/carte.png").write_bytes(PNG)
    out = tmp_path / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    page = (out / "fr/articles/a/index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) == 4, images
    assert all(" alt=" in image for image in images), images
    assert '<img src="carte.png" alt="La carte des détroits" title="Carte" width="1" height="1">' in images
    assert images.count('<img src="carte.png" alt="" width="1" height="1">') == 2
    messages = check(out / "fr/articles/a")
    assert not messages, shown(messages, out)
