"""Where a deposit may be written: it carries the depositor's e-mail, so never where the build reads or publishes,
and never over the site's own settings or cache."""

from __future__ import annotations

from pathlib import Path

from ..write import CACHE


def refused_destination(path: Path, site_dir: Path, out: Path | None = None) -> str | None:
    """Why the deposit may not be written at `path` (it carries an e-mail: never where the build publishes or reads)."""
    target, site = path.resolve(), site_dir.resolve()
    if target.is_dir():
        return f"{path} is a folder; name the deposit file, e.g. -o deposit.xml"
    folders = [out.resolve()] if out is not None else []
    if target == site / "site.yaml":
        return f"{path} is the site's own settings file; write the deposit elsewhere, e.g. -o deposit.xml"
    if site in target.parents:
        top = target.relative_to(site).parts[0]
        if top == CACHE:
            return f"{path} is the site's own build cache, which holds full texts; write the deposit elsewhere"
        if top.lstrip(".").startswith("output"):  # output/, output-full/, and their staging folders
            folders.append(site / top)
        if top in ("content", "templates", "locales"):
            return f"{path} is inside the site's {top}/, which the build reads and publishes from; write the deposit elsewhere"
    for folder in folders:
        if folder in target.parents:
            return f"{path} is inside the published output {folder}; the deposit carries an e-mail: write it elsewhere"
    return None
