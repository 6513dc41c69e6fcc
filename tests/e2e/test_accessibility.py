"""axe-core (npm, pinned in package.json) over every page of the built sample, in Chromium, light and dark.

Every HTML file of the output is opened; axe runs with its WCAG 2.x A and AA rules and best practices, and
must find no violation. In the dark colour scheme only the contrast rule is run again: it is the one rule the
scheme can change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN = """async (options) => {
    const result = await axe.run(document, options);
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""


def pages(output: Path) -> list[str]:
    """The address of every HTML page of the output but the aliases' redirects, which nobody reads: they move on
    at once (and axe, injected after the move, would test the target, which is in the list anyway)."""
    hrefs = []
    for path in sorted(output.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        rel = path.relative_to(output).as_posix()
        hrefs.append("/" + rel.removesuffix("index.html"))
    return hrefs


def violations(browser: Browser, site_url: str, hrefs: list[str], scheme: str, options: dict) -> list[str]:
    assert AXE.is_file(), f"{AXE} is missing: run scripts/test (npm ci)"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    try:
        for href in hrefs:
            page.goto(site_url + href)
            page.add_script_tag(path=str(AXE))
            found += [f"{href} [{scheme}]: {v}" for v in page.evaluate(RUN, options)]
    finally:
        context.close()
    return found


def test_every_page_passes_axe_in_the_light_scheme(browser: Browser, site_url: str, sample_output: Path) -> None:
    hrefs = pages(sample_output)
    assert len(hrefs) > 80
    found = violations(browser, site_url, hrefs, "light", {"runOnly": {"type": "tag", "values": TAGS}})
    assert not found, "\n".join(found)


def test_every_page_keeps_its_contrast_in_the_dark_scheme(browser: Browser, site_url: str, sample_output: Path) -> None:
    found = violations(
        browser, site_url, pages(sample_output), "dark", {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    )
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_a_known_fault(browser: Browser, site_url: str, scheme: str) -> None:
    """The harness can fail: an image without text and a link without a name are reported."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url + "/fr/")
        page.evaluate("""() => { const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<img src="/static/icon.svg"><a href="/fr/"></a>'); }""")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(RUN, {"runOnly": {"type": "tag", "values": TAGS}})
    finally:
        context.close()
    assert any(v.startswith("image-alt") for v in found), found
    assert any(v.startswith("link-name") for v in found), found
