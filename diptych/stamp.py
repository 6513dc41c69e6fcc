"""A rebuild with nothing changed does nothing: the last build's inputs and output, as the file system sees them.

Like git's index, the stamp trusts a file's size, times and inode to say that it has not changed, except for a
file changed within two seconds of the stamp (a change within one tick of the clock could hide). Whatever the
stamp cannot vouch for goes through the build, whose cache is keyed by content.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from .cache import Cache, _read_json, file_state
from .errors import ContentError, Position, warning
from .hashing import digest
from .theme import DEFAULTS
from .write import MARK, Staging, write_whole

RACY_NS = 2_000_000_000
SOURCES = ("content", "templates", "locales")


def inputs(store: Cache, site_dir: Path) -> dict | None:
    """Every file a build reads, with its state; taken before the build reads them."""
    if not store.enabled:
        return None
    started = time.time_ns()
    site = site_dir.resolve()
    folders = [(site / name, f"site/{name}") for name in SOURCES]
    if site != DEFAULTS:  # the default theme and catalogs, unless the site is the repository itself
        folders += [(DEFAULTS / name, f"defaults/{name}") for name in SOURCES[1:]]
    states = {"site/site.yaml": _state(site / "site.yaml")}
    for folder, label in folders:
        for path in _files(folder):
            states[f"{label}/{path.relative_to(folder).as_posix()}"] = _state(path)
    return {"started": started, "files": states}


def unchanged(store: Cache, site_dir: Path, out_dir: Path) -> tuple[dict[str, int], tuple[ContentError, ...]] | None:
    """The last build's (pages, warnings), when none of its inputs changed and its output is still as it made it."""
    if not store.enabled:
        return None
    record = _read_json(_stamp_path(store, out_dir))
    if not isinstance(record, dict) or record.get("code") != store.code:
        return None
    try:
        then = record["inputs"]
        now = inputs(store, site_dir)
        if now is None or now["files"] != then["files"]:
            return None
        racy = then["started"] - RACY_NS
        if any(state and state[1] >= racy for state in then["files"].values()):
            return None
        out = out_dir.resolve()
        for rel, (size, inode) in record["manifest"].items():
            st = os.stat(out / rel)
            if st.st_size != size or st.st_ino != inode:
                return None
        warnings = tuple(warning(Position(PurePosixPath(path), line), message) for path, line, message in record["warnings"])
        return {str(k): int(v) for k, v in record["pages"].items()}, warnings
    except (OSError, KeyError, TypeError, ValueError):
        return None


def manifest(staging: Staging, store: Cache) -> dict[str, list[int]]:
    """What the output folder holds once swapped in: each file's size and inode."""
    if not store.enabled:
        return {}
    listing = {}
    for rel in [*staging.written, PurePosixPath(MARK)]:
        st = os.stat(staging.out / rel)
        listing[str(rel)] = [st.st_size, st.st_ino]
    return listing


def remember(
    store: Cache,
    out_dir: Path,
    taken: dict | None,
    listing: Mapping[str, list[int]],
    pages: Mapping[str, int],
    warnings: Iterable[ContentError],
) -> None:
    """Stamp the build just swapped in, for the next one to compare with."""
    if not store.enabled or taken is None:
        return
    record = {
        "code": store.code,
        "out": str(out_dir.resolve()),
        "inputs": taken,
        "manifest": dict(listing),
        "pages": dict(pages),
        "warnings": [[str(w.where.path), w.where.line, w.message] for w in warnings],
    }
    with contextlib.suppress(OSError):  # no stamp: the next build goes through the cache instead
        write_whole(_stamp_path(store, out_dir), json.dumps(record, separators=(",", ":")).encode())


def _state(path: Path) -> list[int] | None:
    state = file_state(path)
    return list(state) if state else None


def _stamp_path(store: Cache, out_dir: Path) -> Path:
    assert store.root is not None
    return store.root / f"stamp-{store.edition.value}-{digest(str(out_dir.resolve()))}.json"


def _files(folder: Path) -> list[Path]:
    found = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        found += [Path(top) / name for name in sorted(names)]
    return found
