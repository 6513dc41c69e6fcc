"""Render pages over every core: forked workers write each page (and the files it makes) into the staging folder.

The workers are forked (parallel.py) once the site is loaded and planned, so each starts with the site, its plan
and its Jinja and Markdown environments already in memory (shared with the parent until written to) and loads
nothing again. A worker is given page numbers, renders each page, writes its files where the page's path says,
files them in the build cache when there is one, and sends back only their names and hashes: page bytes never
cross a pipe. A worker dies with the build that started it (no worker writes into a killed build's staging).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import PageRecord, store
from .errors import BuildFailed, ContentError
from .hashing import digest
from .parallel import fork_map
from .plan import PlannedPage
from .render import Renderer, template_error
from .search import indexable
from .write import put, unwritable


@dataclass(frozen=True, slots=True)
class Work:
    """What every worker needs, inherited at the fork."""

    site_dir: Path
    pages: Sequence[PlannedPage]
    renderer: Renderer
    staging: Path
    out: Path  # the output folder the staging folder will replace, for messages
    objects: Path | None  # the build cache's objects, or None without a cache


def render_all(work: Work, numbers: Sequence[int], jobs: int) -> Iterator[tuple[int, PageRecord | None, list[ContentError]]]:
    """(page number, what it made, its errors) for each page, in the order they finish."""
    yield from fork_map(_render_one, numbers, jobs, shared=work, ordered=False)


def _render_one(work: Work, number: int) -> tuple[int, PageRecord | None, list[ContentError]]:
    """One page rendered, and its files written and filed."""
    page = work.pages[number]
    try:
        context = page.context()
        data = work.renderer.render(page, context)
    except BuildFailed as failed:
        return number, None, failed.errors
    except Exception as exc:  # a publisher's template may fail in any way: name it, with its line
        return number, None, [template_error(exc, work.site_dir, page.href)]
    made = [(page.path, data), *((page.path.parent / name, content) for name, content in context.get("downloads", ()))]
    files = []
    for rel, content in made:
        try:
            target = put(work.staging, rel, content)
        except OSError as exc:
            return number, None, [unwritable(exc, work.out)]
        files.append((str(rel), _filed(work.objects, target, content)))
    return number, PageRecord(tuple(files), tuple(context.get("files", ())), indexable(page.href, data)), []


def _filed(objects: Path | None, target: Path, content: bytes) -> str:
    """The hash of a file just written, filed in the cache when there is one (a cache that cannot be written is
    only a slower next build)."""
    if objects is not None:
        try:
            return store(objects, target, content)
        except OSError:
            pass
    return digest(content)


def ordered(numbers: Iterable[int], pages: Sequence[PlannedPage]) -> list[int]:
    """Article pages first (the long ones), so that the last pages to finish are short ones; an article's pages in
    its languages side by side, so that one worker renders both and computes what they share once (its citation
    files, the other version's abstract)."""

    def order(number: int) -> tuple:
        page = pages[number]
        if page.template == "article.html" and page.deps:
            return (0, getattr(page.deps[0], "key", ""), number)
        return (1, "", number)

    return sorted(numbers, key=order)
