"""The output folder: where a build writes, what it may replace (a folder diptych made, of the same edition), and
the names of diptych's own folders and marks beside it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..edition import Edition
from ..errors import ContentError, Position

CACHE = ".diptych-cache"  # the build cache's folder in the site (cache.py): full texts in it, never published
MARK = ".diptych-output"  # marks a folder diptych made, which a build may replace
WORKING = "diptych-staging"  # in the names of a build's own folders beside OUT: .OUT.diptych-staging-*, .OUT.diptych-old
STAGING_MARK = ".diptych-staging"  # marks a staging folder from its creation; MARK takes its place at the swap
MARKS = (MARK, STAGING_MARK)  # a folder of those names with neither in it is not diptych's, and is left alone


def output_folder(site_dir: Path, edition: Edition, given: Path | None = None) -> Path:
    """Where a build writes: `--out` when given, else SITE/output (SITE/output-full for the subscriber edition)."""
    return given if given is not None else site_dir / edition.folder


def check_output_folder(out: Path, site_dir: Path, edition: Edition) -> list[ContentError]:
    """Refuse to replace the site itself, or a folder diptych did not make, or another edition."""
    out, site = out.resolve(), site_dir.resolve()
    where = Position(PurePosixPath(str(out)))
    if out == site or out in site.parents:
        return [ContentError(where, "the output folder would contain the site's own files; choose another --out")]
    for source in ("content", "templates", "locales", CACHE):  # what the build reads, and its cache (withheld text)
        if out == site / source or site / source in out.parents:
            return [
                ContentError(
                    where, f"the output folder is inside the site's {source}/, which the build reads; choose another --out"
                )
            ]
    if out.exists() and not out.is_dir():
        return [ContentError(where, "the output path exists and is not a folder")]
    if out.is_dir() and any(out.iterdir()):
        mark = out / MARK
        if not mark.is_file():
            return [
                ContentError(
                    where,
                    f"refusing to replace a folder diptych did not make (no {MARK} in it); empty it or choose another --out",
                )
            ]
        made = mark.read_text(encoding="utf-8", errors="replace").strip()
        if made != edition.value:
            return [
                ContentError(
                    where, f"this folder holds the {made!r} edition; refusing to write the {edition.value!r} edition over it"
                )
            ]
    return []


def retired_folder(out: Path) -> Path:
    """Where the two-rename swap sets the previous output aside."""
    return out.with_name(f".{out.name}.diptych-old")


def marked(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and any((folder / mark).is_file() for mark in MARKS)
