"""A large site's search index in parts: spans of volumes, each indexed by a Pagefind of its own, searched together.

Pagefind holds a whole index in memory while it writes it, about 280 KB per page: one index of a language's 100,000
pages would need some 28 GB. So a language with more pages than `search_index_pages` (site.yaml, 10,000 by default)
is indexed in parts of at most that many pages, each a span of whole volumes, the oldest first (so a new volume
changes only the last part), the pages outside any volume (free-standing pages, articles not in an issue) in the
last. A span never cuts a volume, unless one volume (or the pages outside any) alone holds more pages than a part
may: it is then cut by address. The first part is published in pagefind/, the next ones in pagefind-2/, pagefind-3/…

Each part alone would answer a word it does not have with its pages that share a prefix with it (Pagefind looks an
unknown word up by its longest known prefix), where one index would have found the pages that have the word. So,
as the delta does (delta.py), each part also indexes a hidden page of the words of its language's other parts that
it lacks: every part then knows every word of the language and answers each word with the same words as one index.
Those words are only known once every part is indexed: a language in several parts is indexed twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath

WORDS_FOLDER = "/_diptych_vocabulary_/"  # where the hidden pages of words are, in an index: no page of a site is there
WORDS = WORDS_FOLDER + "{lang}/{part}/"  # a part's page of words


def spans(pages: Iterable[tuple[str, int | None]], limit: int) -> list[list[str]]:
    """The pages (address, volume) cut into parts of at most `limit` pages, each a span of whole volumes, oldest
    first, the pages outside any volume last; a volume that alone exceeds the limit is cut by address."""
    by_volume: dict[int | None, list[str]] = defaultdict(list)
    for href, volume in pages:
        by_volume[volume].append(href)
    parts: list[list[str]] = [[]]
    for volume in sorted(by_volume, key=lambda v: (v is None, v or 0)):
        hrefs = sorted(by_volume[volume])
        if parts[-1] and len(parts[-1]) + len(hrefs) > limit:
            parts.append([])
        for start in range(0, len(hrefs), limit):  # a volume too large for any part: whole parts of it, then its rest
            if len(parts[-1]) >= limit:
                parts.append([])
            parts[-1].extend(hrefs[start : start + limit])
    return [part for part in parts if part]


def folder(base: str, part: int) -> str:
    """Where part `part` (from 0) of an index published in `base` goes: base itself, then base-2, base-3…"""
    return base if part == 0 else f"{base}-{part + 1}"


def part_number(base: str, path: PurePosixPath) -> int | None:
    """The part (from 0) of the index published in `base` whose folder holds this output path, or None."""
    top = path.parts[0] if path.parts else ""
    if top == base:
        return 0
    prefix = f"{base}-"
    if top.startswith(prefix) and top[len(prefix) :].isdigit():
        return int(top[len(prefix) :]) - 1
    return None
