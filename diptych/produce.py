"""Every output file into the staging folder: the theme's static files, each page (from the cache or rendered by
the workers) and the files beside it, the feeds, the sitemap and robots.txt, and last the search index."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .cache import Cache, Fingerprints, PageRecord
from .errors import BuildFailed, ContentError, OutputUnwritable, Position
from .feeds import feeds
from .hashing import digest
from .load.beside import read_beside
from .parallel import SERIAL_BELOW
from .pool import Work, ordered, render_all
from .prepare import Prepared
from .report import Clock, Counting, Progress
from .search import search_files
from .sitemap import robots, sitemaps
from .theme import settings_digest
from .write import Staging


def write_site(
    site_dir: Path,
    prepared: Prepared,
    staging: Staging,
    store: Cache,
    jobs: int,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> tuple[tuple[str, ...], int]:
    """Every output file into the staging folder: the theme's static files; each page and the files beside it,
    from the cache or rendered by the workers; the feeds, the sitemap and robots.txt; and last the search index of
    the pages. Returns (the URLs of the pages rendered, the number taken from the cache)."""
    for rel, data in prepared.static:
        staging.write(rel, data)
    pages = prepared.pages
    keys = page_keys(site_dir, prepared, store.code)
    records: list[PageRecord | None] = [store.page(key) if store.enabled else None for key in keys]
    misses = [n for n, record in enumerate(records) if record is None]
    tally = Counting(pages, progress)
    for number, record in enumerate(records):
        if record is not None:
            for rel, hashed in record.files:
                staging.link(PurePosixPath(rel), store.object_path(hashed))
            tally.add(number, reused=True)
    errors: list[ContentError] = []
    work = Work(site_dir, pages, prepared.renderer, staging.root, staging.out, store.objects)
    for number, record, problems in render_all(work, ordered(misses, pages), jobs):
        errors += problems
        if record is not None:
            records[number] = record
            for rel, _ in record.files:
                staging.claim(PurePosixPath(rel))
        tally.add(number, reused=False)
    unwritten = [error for error in errors if isinstance(error, OutputUnwritable)]  # a full disk fails every page alike
    if errors:
        raise BuildFailed(unwritten[:1] or _once_per_place(errors))
    unpublished: list[ContentError] = []  # every missing figure of the build, said together, as check says them
    for page, key, record in zip(pages, keys, records, strict=True):
        assert record is not None
        store.keep_page(key, record)
        for file in record.beside:  # from content/ each time: the cache holds what was rendered, not the sources
            try:
                data = read_beside(site_dir, file.source, file.where)
            except BuildFailed as failed:
                unpublished += failed.errors
                continue
            if not unpublished:  # nothing more to write once the build has failed
                staging.write(page.path.parent / file.name, data)
    if unpublished:  # before the swap: the output stays as it was
        raise BuildFailed(sorted(dict.fromkeys(unpublished), key=ContentError.sort_key))
    for rel, data in site_files(prepared):
        staging.write(rel, data)
    if clock:
        clock.lap(f"pages ({len(misses)} rendered by {jobs if len(misses) >= SERIAL_BELOW else 1} process(es)), feeds, sitemap")
    for rel, data in search_files(pages, records, staging, store, prepared.site.config.search_index_pages, jobs):
        if isinstance(data, Path):
            staging.link(rel, data)
        else:
            staging.write(rel, data)
    if clock:
        clock.lap("search index")
    return tuple(pages[n].href for n in misses), len(pages) - len(misses)


def page_keys(site_dir: Path, prepared: Prepared, code: str) -> list[str]:
    """Each page's cache key: everything its bytes depend on (see cache.py). Without a cache, nothing is keyed."""
    if not code:
        return ["" for _ in prepared.pages]
    renderer = prepared.renderer
    settings = digest(
        code,
        prepared.edition.value,
        settings_digest(site_dir),
        repr(prepared.site.config),
        renderer.fingerprint(),
    )
    templates = renderer.template_digests()
    fingerprint = Fingerprints()
    return [
        digest(settings, templates[page.template], str(page.path), page.lang, repr(page.meta), fingerprint.of(page.deps))
        for page in prepared.pages
    ]


def _once_per_place(errors: list[ContentError]) -> list[ContentError]:
    """A template failing on many pages is one mistake: said once, with the first page and how many others."""
    first: dict[Position, ContentError] = {}
    others: Counter[Position] = Counter()
    for error in sorted(errors, key=ContentError.sort_key):
        if error.where in first:
            others[error.where] += 1
        else:
            first[error.where] = error
    said = []
    for where, error in first.items():
        count = others[where]
        if count:
            also = f" and {count} other page{'s' if count > 1 else ''}"
            message = error.message[:-1] + also + ")" if error.message.endswith(")") else error.message + also
            error = replace(error, message=message)
        said.append(error)
    return said


def site_files(prepared: Prepared) -> list[tuple[PurePosixPath, bytes]]:
    """The files about the whole site: the feeds, the sitemap (public edition) and robots.txt."""
    urls, edition = prepared.urls, prepared.edition
    files = feeds(prepared.site, urls, prepared.site.config.languages, prepared.typography)
    if edition.indexed:
        files += sitemaps(prepared.pages, urls)
    return [*files, robots(urls, edition)]
