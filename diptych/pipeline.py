"""The build, top to bottom: check the output folder, ask the stamp whether anything changed, prepare (load, check,
plan), render every page into a staging folder, swap it in for the output, remember what was built."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import stamp
from .cache import Cache
from .edition import Edition
from .errors import BuildFailed, ContentError, Position
from .parallel import jobs_for
from .report import Clock, Progress, Report
from .write import Staging, check_output_folder, remove_later

if TYPE_CHECKING:
    from .prepare import Prepared


def build(
    site_dir: Path,
    out_dir: Path,
    *,
    edition: Edition | str = Edition.PUBLIC,
    progress: Progress | None = None,
    cache: bool = True,
    jobs: int | None = None,
    hold: Callable[[Prepared], None] | None = None,
) -> Report:
    """Load, check, plan, render and swap in the whole site; raises BuildFailed with every error.

    With `cache` (the default), pages whose inputs are unchanged since an earlier build are taken from the site's
    .diptych-cache/ instead of rendered, and a build with no input changed at all leaves `out_dir` as it is.
    `jobs` worker processes render the pages (default: one per core). `hold` is given the prepared site once a
    build that prepared one has succeeded (serve renders an edit's pages from it; see prepared_site).
    """
    started = time.perf_counter()
    edition = Edition(edition)  # a name ("full") from a caller outside the package
    folder_errors = check_output_folder(out_dir, site_dir, edition)
    store = Cache.open(site_dir, edition, enabled=cache)
    if not folder_errors:
        unchanged = stamp.unchanged(store, site_dir, out_dir)
        if unchanged is not None:
            pages, warnings = unchanged
            return Report(pages, warnings, time.perf_counter() - started, unchanged=True)
    from .prepare import prepare  # only now: a build with nothing changed never loads what reads and renders
    from .produce import write_site

    inputs = stamp.inputs(store, site_dir)
    clock = Clock(started)
    workers = jobs_for(jobs)
    try:
        try:
            prepared = prepare(site_dir, edition, store if store.enabled else None, workers)
        except BuildFailed as failed:  # the output folder's problems are reported with the content's
            raise BuildFailed(failed.errors + folder_errors, failed.warnings) from None
        if folder_errors:
            raise BuildFailed(folder_errors)
        if store.enabled:
            store.write_sources()
        clock.lap("load and plan")
        with Staging(out_dir, edition) as staging:
            rendered, reused = write_site(site_dir, prepared, staging, store, workers, progress, clock)
            staging.swap(remove_later if store.enabled else None)  # the quick path leaves no one waiting for rmdir
            manifest = stamp.manifest(staging, store)
    except ChildProcessError as lost:  # a worker killed: the machine's fault, said once, before any swap
        raise BuildFailed([ContentError(Position(PurePosixPath(str(out_dir))), f"{lost}; {out_dir} is left as it was")]) from None
    counts = Counter("" if page.every_language else page.lang for page in prepared.pages)
    stamp.remember(store, out_dir, inputs, manifest, dict(counts), prepared.warnings)
    store.save()
    clock.lap("swap and cache")
    if hold is not None:
        hold(prepared)
    seconds = time.perf_counter() - started
    warnings = (*prepared.warnings, *staging.warnings)  # the content's (remembered), then what stays beside out/
    return Report(dict(counts), warnings, seconds, rendered, reused, workers, tuple(clock.laps))


def prepared_site(
    site_dir: Path, *, edition: Edition | str = Edition.PUBLIC, cache: bool = True, jobs: int | None = None
) -> Prepared:
    """The site loaded, checked and planned as build() would, from the build cache's parsed files, nothing written:
    for serve, whose first build may find nothing changed and so prepare nothing. BuildFailed as prepare's."""
    from .prepare import prepare

    edition = Edition(edition)
    store = Cache.open(site_dir, edition, enabled=cache)
    return prepare(site_dir, edition, store if store.enabled else None, jobs_for(jobs))
