"""The sample site's whole output, byte for byte against the golden tree tests/golden/expected/ (same relative paths).

Every file the build writes has its golden copy and every golden copy is a file the build writes: a file missing
from either side fails with its name; a difference fails with a unified diff, or, for a file that is not text (the
icons, Pagefind's WebAssembly), with the sizes and the first offset where the bytes part. When a difference is
intended, regenerate on purpose and review: `python -m pytest tests/golden --update-golden`, then
`git status tests/golden/expected/` and `git diff tests/golden/expected/`. The whole tree is rewritten: golden
files the build no longer writes are removed.

Pagefind's files are compared as bytes too, like every other file, because they are reproducible: Pagefind is
pinned (requirements.txt) and writes the same bytes for the same pages (its gzip with mtime 0), whether the build
runs again, on one core or many, in another zone, locale or folder (site/test_search_index.py's
`test_rebuilds_give_the_same_pagefind_files`, site/test_determinism.py); the one file Pagefind writes in a random
order, pagefind-entry.json (its languages), diptych rewrites in one sorted form
(`test_the_entry_file_is_written_in_its_one_sorted_form`). Nothing is left out. A diff of compressed bytes says
nothing, though: when a fragment, an index or a metadata file differs, the failure shows the diff of what it holds,
decompressed (a fragment's JSON: the page's URL and indexed text; an index's or metadata's CBOR, decoded). Their
names carry a hash of their content, so an edited page shows here as a golden file missing and an extra one built;
an upgraded Pagefind rewrites them all. What the index finds is proven elsewhere (site/test_search_index.py: the
teasers in, no withheld word; e2e/test_search.py: searches in Chromium).
"""

from __future__ import annotations

import difflib
import gzip
import json
import pprint
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.pagefind_files import MAGIC, cbor

EXPECTED = Path(__file__).resolve().parent / "expected"

GOLDEN = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file())

PAGEFIND_DATA = (".pf_fragment", ".pf_meta", ".pf_index")  # gzip, then JSON (fragments) or CBOR (the others)


def _parting(expected: bytes, actual: bytes) -> int:
    """The first offset where two byte strings differ (the shorter one's length when one begins the other)."""
    return next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b), min(len(expected), len(actual)))


def _diff(expected: bytes, actual: bytes, rel: str) -> str:
    """A readable unified diff; the bytes themselves when the difference is invisible as text."""
    old = expected.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = actual.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, f"expected/{rel}", f"built/{rel}", n=3))
    if not lines:  # line endings, a BOM, invalid UTF-8: show where the bytes part
        at = _parting(expected, actual)
        return f"bytes differ at offset {at}: expected {expected[at : at + 40]!r}, built {actual[at : at + 40]!r}"
    shown = "".join(lines[:400])
    return shown + (f"\n… {len(lines) - 400} more diff lines" if len(lines) > 400 else "")


def _text(data: bytes) -> bool:
    """Whether a file reads as text: UTF-8, no NUL byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in data


def _held(rel: str, data: bytes) -> bytes | None:
    """What one of Pagefind's data files holds, as text to diff: gunzipped, its magic dropped, decoded; None if unreadable."""
    try:
        inner = gzip.decompress(data).removeprefix(MAGIC)
        if rel.endswith(".pf_fragment"):
            return json.dumps(json.loads(inner), ensure_ascii=False, indent=1, sort_keys=True).encode()
        value, end = cbor(inner)
    except (OSError, EOFError, ValueError, IndexError, TypeError):
        return None
    return pprint.pformat(value, width=110).encode() if end == len(inner) else None


def _difference(rel: str, expected: bytes, actual: bytes) -> str:
    """How a built file differs from its golden copy, said as readably as the file allows."""
    if rel.endswith(PAGEFIND_DATA):
        old, new = _held(rel, expected), _held(rel, actual)
        if old is not None and new is not None:
            if old == new:
                return "the same content decompressed, in other compressed bytes (another Pagefind, another zlib?)"
            return "decompressed and decoded:\n" + _diff(old, new, rel)
    if _text(expected) and _text(actual):
        return _diff(expected, actual, rel)
    at = _parting(expected, actual)
    return f"binary files differ: expected {len(expected)} bytes, built {len(actual)}, first difference at offset {at}"


def _rewrite(tree: Path, built: dict[str, bytes]) -> None:
    """The golden tree made the built tree: stale files and the folders they leave empty removed, the rest written."""
    tree.mkdir(parents=True, exist_ok=True)
    for path in sorted(tree.rglob("*"), reverse=True):  # a folder's files before the folder
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(tree).as_posix() not in built:
            path.unlink()
    for rel, data in built.items():
        path = tree / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


@pytest.fixture(scope="session")
def golden(sample_output: Path, update_golden: bool) -> Path:
    """The golden tree; with --update-golden, rewritten from the sample's build first."""
    if update_golden:
        _rewrite(EXPECTED, snapshot(sample_output))
    return EXPECTED


def test_the_build_writes_exactly_the_golden_files(golden: Path, sample_output: Path) -> None:
    expected = {p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file()}
    built = {p.relative_to(sample_output).as_posix() for p in sample_output.rglob("*") if p.is_file()}
    assert len(built) > 100  # the whole tree, not a handful of key pages
    missing, extra = sorted(expected - built), sorted(built - expected)
    if missing or extra:
        pytest.fail(
            f"golden files the build no longer writes: {missing}\nfiles the build writes with no golden copy: {extra}\n"
            "(if intended: --update-golden, then review)",
            pytrace=False,
        )


@pytest.mark.parametrize("rel", GOLDEN)
def test_a_built_file_matches_its_golden_copy(rel: str, golden: Path, sample_output: Path, update_golden: bool) -> None:
    copy = golden / rel
    if update_golden and not copy.is_file():
        pytest.skip(f"{rel}: a stale golden file, removed by --update-golden")
    built = sample_output / rel
    if not built.is_file():
        pytest.fail(f"the build wrote no {rel}: its golden copy is stale (if intended: --update-golden)", pytrace=False)
    actual, expected = built.read_bytes(), copy.read_bytes()
    if actual != expected:
        pytest.fail(
            f"{rel} differs from its golden copy (if intended: --update-golden, then review):\n"
            f"{_difference(rel, expected, actual)}",
            pytrace=False,
        )
