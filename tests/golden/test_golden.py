"""The sample site's key pages, byte for byte against tests/golden/expected/ (same relative paths).

A difference fails with a unified diff. When it is intended, regenerate on purpose and review:
`python -m pytest tests/golden --update-golden && git diff tests/golden/expected/`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

EXPECTED = Path(__file__).resolve().parent / "expected"

KEY_PAGES = [
    "fr/articles/relations-militaires-russie-belarus/index.html",
    "en/articles/russia-belarus-military-relationships/index.html",
    "fr/articles/cartographier-archipel-des-brumes/index.html",  # content/articles/2019/cartes/cartographie.fr.md
    "fr/numeros/2019-2/index.html",
    "fr/index.html",
    "en/index.html",
    "index.html",
    "404.html",
]


def _diff(expected: bytes, actual: bytes, rel: str) -> str:
    """A readable unified diff; the bytes themselves when the difference is invisible as text."""
    old = expected.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = actual.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, f"expected/{rel}", f"built/{rel}", n=3))
    if not lines:  # line endings, a BOM, invalid UTF-8: show where the bytes part
        at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b), min(len(expected), len(actual)))
        return f"bytes differ at offset {at}: expected {expected[at : at + 40]!r}, built {actual[at : at + 40]!r}"
    shown = "".join(lines[:400])
    return shown + (f"\n… {len(lines) - 400} more diff lines" if len(lines) > 400 else "")


@pytest.mark.parametrize("rel", KEY_PAGES)
def test_key_page_matches_its_golden_file(rel: str, sample_output: Path, update_golden: bool) -> None:
    built = sample_output / rel
    assert built.is_file(), f"the build wrote no {rel}"
    actual = built.read_bytes()
    golden = EXPECTED / rel
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        return
    assert golden.is_file(), f"no golden file {golden}: run `python -m pytest tests/golden --update-golden` and review it"
    expected = golden.read_bytes()
    if actual != expected:
        pytest.fail(
            f"{rel} differs from its golden file (if intended: --update-golden, then review):\n{_diff(expected, actual, rel)}",
            pytrace=False,
        )


def test_no_stale_golden_files() -> None:
    """Every expected file is one of the key pages: a renamed page cannot leave a golden file nobody compares."""
    present = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert present <= set(KEY_PAGES), f"golden files for no key page: {sorted(present - set(KEY_PAGES))}"
