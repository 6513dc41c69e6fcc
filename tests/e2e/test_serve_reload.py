"""`python build.py serve` in Chromium: an edit shows within a second or two, a broken front matter shows its
`path:line: message` in the page and in the terminal while the last good site stays served, a fix brings the page
back; the reload script is in the responses only, never in the files built; a page of another site whose name points at
127.0.0.1 (DNS rebinding) reads nothing of the preview."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserType, Page, expect

from tests.browser import ARGS, stop
from tests.conftest import ROOT

ARTICLE = "content/articles/phares.fr.md"  # a free article: its whole body is on its page
ARTICLE_URL = "fr/articles/phares-archipel-des-brumes/"
SENTENCE = "se dressent aujourd’hui six phares."
NEW_TEXT = "Un septième feu, allumé hier soir à la Pointe-Grise, change déjà la carte."
BOUND_SECONDS = 3.0  # the requirement is one second; CI machines are slower than a desk
BROKEN_AT = f"{ARTICLE}:15: malformed YAML"  # `date: [2019-09-12` on line 14: the parser stops on line 15


@dataclass
class Served:
    """A running `python build.py serve` and everything it has printed so far."""

    process: subprocess.Popen[str]
    site: Path
    out: Path
    url: str = ""
    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def printed(self) -> str:
        with self.lock:
            return "".join(self.lines)

    def wait_for(self, found: Callable[[str], object], timeout: float) -> object:
        """What `found` returns from the terminal output once it is truthy; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found(self.printed())
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.printed()}")
            time.sleep(0.05)
        pytest.fail(f"serve did not print what was expected within {timeout} s:\n{self.printed()}")


def _read(stream, served: Served) -> None:
    for line in stream:
        with served.lock:
            served.lines.append(line)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A copy of the sample site (site.yaml and content/; templates and catalogs are the defaults), served on a free port."""
    site, out = tmp_path / "site", tmp_path / "out"
    site.mkdir()
    shutil.copy(ROOT / "site.yaml", site / "site.yaml")
    shutil.copytree(ROOT / "content", site / "content")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--out", str(out), "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    served = Served(process, site, out)
    readers = [threading.Thread(target=_read, args=(s, served), daemon=True) for s in (process.stdout, process.stderr)]
    for reader in readers:
        reader.start()
    try:
        match = served.wait_for(lambda text: re.search(r"at (http://127\.0\.0\.1:\d+/) ", text), timeout=60)
        served.url = match.group(1)
        yield served
    finally:
        stop(process)
        for reader in readers:
            reader.join(timeout=5)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_break_and_fix_an_article_while_it_is_open(served: Served, page: Page) -> None:
    source = served.site / ARTICLE
    page.goto(served.url + ARTICLE_URL)
    expect(page.locator("h1")).to_contain_text("Les phares de l’Archipel des Brumes")
    expect(page.get_by_text(NEW_TEXT)).to_have_count(0)
    assert "/__diptych/reload.js" in page.content()  # served pages carry the script...

    # An edit shows without touching the browser.
    started = time.monotonic()
    edit(source, SENTENCE, f"{SENTENCE} {NEW_TEXT}")
    expect(page.get_by_text(NEW_TEXT)).to_be_visible(timeout=BOUND_SECONDS * 1000 + 2000)
    seconds = time.monotonic() - started
    print(f"\nedit to reloaded page: {seconds:.2f} s")
    assert seconds < BOUND_SECONDS, f"the edit took {seconds:.2f} s to show"
    rebuilt = served.wait_for(
        lambda text: re.search(
            rf"^rebuilt \d+ pages \(.*\) into .*: \d+ rendered, \d+ from the cache, 0 warning\(s\), in .* s \({re.escape(ARTICLE)}\)$",
            text,
            re.MULTILINE,
        ),
        timeout=5,
    )
    print(f"serve printed: {rebuilt.group(0)}")
    first = re.search(rf"^shown first: \d+ pages in \d+\.\d\d s \({re.escape(ARTICLE)}\)$", served.printed(), re.MULTILINE)
    assert first is not None and first.start() < rebuilt.start()  # the edit's pages, then the whole build

    # A broken front matter: the error in the page and in the terminal; the last good site still served.
    page.evaluate("window.scrollTo(0, 600)")  # the editor was reading further down: the reload keeps the place
    edit(source, "date: 2019-09-12", "date: [2019-09-12")
    panel = page.locator("aside.diptych-failed[role=alert]")
    expect(panel).to_be_visible(timeout=BOUND_SECONDS * 1000 + 2000)
    expect(panel).to_be_in_viewport()  # the panel is where the editor is looking, not above the fold
    expect(panel.locator("pre")).to_contain_text(BROKEN_AT)
    served.wait_for(lambda text: re.search(rf"^{re.escape(BROKEN_AT)}", text, re.MULTILINE), timeout=5)
    assert "build failed:" in served.printed()
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()  # the last good page, below the panel
    other = page.context.new_page()
    other.goto(served.url + "en/")
    expect(other.locator("aside.diptych-failed pre")).to_contain_text(BROKEN_AT)  # every page says so
    expect(other.locator("main")).to_be_visible()
    other.close()
    assert NEW_TEXT in (served.out / ARTICLE_URL / "index.html").read_text(encoding="utf-8")
    assert served.process.poll() is None

    # Fixed: the page comes back, without the panel.
    edit(source, "date: [2019-09-12", "date: 2019-09-12")
    expect(panel).to_have_count(0, timeout=BOUND_SECONDS * 1000 + 2000)
    expect(page.locator("h1")).to_contain_text("Les phares de l’Archipel des Brumes")
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()

    # ...and the files built never do.
    built = [path for path in served.out.rglob("*") if path.is_file()]
    assert any(path.suffix == ".html" for path in built)
    for path in built:
        data = path.read_bytes()
        assert b"__diptych" not in data and b"diptych-failed" not in data, path


@pytest.mark.parametrize(
    "path", ["/../site.yaml", "/%2e%2e/site.yaml", "/%2E%2E/site.yaml", "/fr/..%2f..%2fsite.yaml", "/..%5csite.yaml"]
)
def test_the_server_refuses_paths_out_of_the_output(served: Served, path: str) -> None:
    host, port = served.url.removeprefix("http://").rstrip("/").split(":")
    assert host == "127.0.0.1"
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("GET", path)  # sent as written: no client-side clean-up of `..`
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 400
    assert b"base_url" not in body  # nothing of site.yaml


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.evil.example:{port}", "127.0.0.1:{other}"])
def test_the_server_refuses_another_host(served: Served, host: str) -> None:
    port = int(served.url.removeprefix("http://").rstrip("/").split(":")[1])
    for path in ("/" + ARTICLE_URL, "/__diptych/events?since=0", "/fr/nowhere/"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path, headers={"Host": host.format(port=port, other=port + 1)})
            response = connection.getresponse()
            assert response.status == 421, (path, response.status)  # before the body: an event stream would not end
            body = response.read()
        finally:
            connection.close()
        assert body.startswith(b"refused:"), body
        for served_text in (SENTENCE.encode(), b"__diptych", b"retry:", b"<html"):
            assert served_text not in body, (path, body)


def test_a_rebound_name_reads_nothing_in_chromium(
    served: Served, browser_type: BrowserType, browser_type_launch_args: dict
) -> None:
    """DNS rebinding as the browser sees it: a name of another site resolved to 127.0.0.1 (Chromium's resolver rules
    stand in for the attacker's DNS); its page and its scripts get the refusal, while localhost is served."""
    port = int(served.url.removeprefix("http://").rstrip("/").split(":")[1])
    rules = "MAP rebound.example 127.0.0.1"
    browser = browser_type.launch(
        **{**browser_type_launch_args, "args": [*ARGS, "--no-proxy-server", f"--host-resolver-rules={rules}"]}
    )
    try:
        page = browser.new_page()
        response = page.goto(f"http://rebound.example:{port}/{ARTICLE_URL}")
        assert response is not None and response.status == 421
        assert SENTENCE not in page.content()
        read = page.evaluate(
            """async (paths) => Promise.all(paths.map(async (path) => {
                const response = await fetch(path);
                return [response.status, await response.text()];
            }))""",
            [f"/{ARTICLE_URL}", "/__diptych/events?since=0", "/__diptych/reload.js", "/fr/nowhere/"],
        )
        for status, text in read:
            assert status == 421 and text.startswith("refused:") and SENTENCE not in text and "EventSource" not in text
        response = page.goto(f"http://localhost:{port}/{ARTICLE_URL}")
        assert response is not None and response.status == 200
        expect(page.locator("h1")).to_contain_text("Les phares de l’Archipel des Brumes")
        assert SENTENCE in page.content()  # as written in the page: the checks above could have seen it
    finally:
        browser.close()
