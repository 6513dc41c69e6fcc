"""The one line a build ends with, for `build` and for each build of `serve`."""

from __future__ import annotations

from pathlib import Path

from .report import Report


def summary(report: Report, out: Path, *, again: bool = False) -> str:
    """What the build did: nothing (nothing it reads had changed), or its pages per language, how many were rendered
    and how many came from the cache, its warnings and its time. `again`: a rebuild (serve's after a change)."""
    total = sum(report.pages.values())
    if report.unchanged:
        return f"nothing changed: {out} is up to date ({total} pages), in {report.seconds:.2f} s"
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(report.pages.items()) if lang)
    cached = f", {report.reused} from the cache" if report.reused else ""
    return (
        f"{'re' if again else ''}built {total} pages ({per_lang}, {report.pages.get('', 0)} in every language) into {out}: "
        f"{len(report.rendered)} rendered{cached}, {len(report.warnings)} warning(s), in {report.seconds:.2f} s"
    )
