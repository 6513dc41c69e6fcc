"""The sample site built once per session (tests/conftest.py's `sample_output`), its pages parsed once, and the
content read independently of diptych (tests/discovery/oracle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.discovery.oracle import Page, Site, html_pages, parse_page, read_site


@pytest.fixture(scope="session")
def site() -> Site:
    """What the sample's files say, read with PyYAML alone."""
    return read_site(ROOT)


@pytest.fixture(scope="session")
def pages(sample_output: Path) -> dict[str, Page]:
    """Every HTML page of the built sample, parsed, by path relative to the output."""
    return {rel: parse_page(sample_output, rel) for rel in html_pages(sample_output)}
