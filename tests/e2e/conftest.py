"""Browser tests: the built sample served on 127.0.0.1, read in Debian's Chromium through pytest-playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request

from tests.browser import ARGS, CHROMIUM, ServerError, serve

MISSING = f"{CHROMIUM} is missing: run scripts/test, or `apt-get install chromium` (never `playwright install`)"


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture: no Chromium fails the test in CI, skips it elsewhere with the reason."""
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"CI is set and {MISSING}", pytrace=False)
        pytest.skip(MISSING)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a browser test never skips, whatever skipped it: the skip is reported as a failure."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"browser tests must not skip in CI (CI={os.environ['CI']!r}): {reason}"


@pytest.fixture(scope="session")
def site_url(sample_output: Path) -> Iterator[str]:
    """The built sample served on 127.0.0.1."""
    try:
        with serve(sample_output) as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """pytest-playwright's base URL: `page.goto("/fr/")` opens the served sample."""
    return site_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ARGS}


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Every console error, uncaught exception and failed request of the test's page, with the page's URL."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: console error: {message.text} ({message.location.get('url')})")

    def on_request_failed(request: Request) -> None:
        errors.append(f"{page.url}: request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: uncaught {error.name}: {error.message}"))
    page.on("requestfailed", on_request_failed)
    return errors


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """$DIPTYCH_SCREENSHOTS when set (to look at them), else a temporary folder: tests never depend on it."""
    folder = os.environ.get("DIPTYCH_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
