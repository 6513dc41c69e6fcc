"""The search index after an edit: the last whole index of each language (its base) and a small index of the pages
changed since (its delta), searched together by the search page; the whole index made again when that would be
wrong or too costly.

Pagefind cannot update an index, and indexing a language's pages whole costs a second per few hundred pages, so an
edit indexes only the pages it changed, into `pagefind-delta/`, and the search page's module (`reader.js`) merges
that index in and hides the base's stale copies of those pages. The base's copies stay in its files, so the delta
is allowed only while they hold no text the site no longer shows: the whole index is made again (compacted) when

- a page left the index (an article withdrawn, renamed, or no longer indexed);
- an edit removed text from a page (`loses_text`): a paywall marker moved up, an article turned paywalled, a
  sentence, a word or a passage deleted, even one whose words all stay elsewhere on the page; only words added and
  one word replaced by a word still on the page keep the delta;
- the delta would hold more than `delta_bound` pages: a page of the delta is ranked by the delta's own word
  statistics (Pagefind scores each index apart), so the bound also bounds how far its ranking can drift.

Pagefind looks a word it does not know up by its longest known prefix, so a small index alone would answer a word
of the whole index with pages of its own that merely share a prefix with it, and the whole index a word found only
in the delta's pages with pages of its own. Each delta therefore also indexes one hidden page holding every written
form of its whole index's texts (the base's vocabulary, kept with it): the delta then knows every word the whole
index knows and answers with the same words, and where that page is not among the delta's results, the whole index
did not know the words searched, so the search page's module drops the whole index's results (reader.js).

A cold build (or one without the cache) makes whole indexes only; compacting makes exactly a cold build's files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..cache import SearchRecord
from ..hashing import digest
from .pagefind import Reading, SearchIndex, fragments, merge, page_lang, vocabulary, words_page
from .parts import WORDS_FOLDER, spans

if TYPE_CHECKING:
    from ..cache import Cache, PageRecord
    from ..plan import PlannedPage
    from ..write import Staging

DELTA = "pagefind-delta"  # beside pagefind/: Pagefind's mergeIndex skips a folder inside the first index's
VOCABULARY = WORDS_FOLDER + "{lang}/"  # the hidden page of a delta's words: no page of a site has this address


def delta_bound(pages: int) -> int:
    """The most pages a language's delta may hold: 5 % of its pages, at least 10 and at most 200 (Pagefind indexes
    200 article pages in about half a second)."""
    return max(10, min(200, pages // 20))


def loses_text(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether a page's new copy (its words in order) lost text its old copy held. Two edits keep the old copy in
    the whole index: words added anywhere (the old words all kept, in their order), and one word replaced by another,
    the replaced word still on the page; anything else (a word or a passage gone, text moved below the paywall
    marker, words reordered, several words replaced) makes the index again. Linear: the words both copies begin and
    end with are set aside, then what is left of the old copy is looked for, in order, in what is left of the new."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    old, new = before[start : len(before) - end], after[start : len(after) - end]
    remaining = iter(new)
    if all(word in remaining for word in old):  # the old words in order among the new ones: words only added
        return False
    return len(old) != 1 or not new or old[0] not in after  # one word replaced, not deleted, and still on the page


def search_files(
    pages: list[PlannedPage],
    records: list[PageRecord | None],
    staging: Staging,
    store: Cache,
    limit: int,
    jobs: int | None = None,
) -> list[tuple[PurePosixPath, bytes | Path]]:
    """The search index of the pages just put in the staging folder, each language's from the cache when none of its
    pages changed, else a delta over its base, else made whole (the languages at once, each in parts of at most
    `limit` pages, parts.py). Files kept in the cache come as their path there, to be linked; the others as bytes."""
    shown: dict[str, dict[str, str]] = {}  # lang -> href -> the hash of the page's bytes
    where: dict[str, Path] = {}
    volumes: dict[str, int | None] = {}
    for page, record in zip(pages, records, strict=True):
        if record is not None and record.indexed:
            shown.setdefault(page.lang, {})[page.href] = record.files[0][1]
            where[page.href] = staging.root / page.path
            volumes[page.href] = page.volume
    keys = {
        lang: digest(store.code, "search", lang, str(limit), *(f"{h} {v} {volumes[h]}" for h, v in hrefs.items()))
        for lang, hrefs in shown.items()
    }
    made: dict[str, SearchRecord | list[tuple[PurePosixPath, bytes]]] = {}
    deltas: dict[str, tuple[str, SearchRecord, list[str]]] = {}
    for lang, key in keys.items():
        found = store.search_record(key)
        if found is not None:
            made[lang] = found
            _keep(store, lang, key, found)
            continue
        base = store.base(lang)
        changed = _changed(base[1], shown[lang]) if base is not None else None
        if changed is not None:
            deltas[lang] = (base[0], base[1], changed)
    if deltas:
        made.update(_deltas(deltas, where, store, keys, jobs))
    whole = [lang for lang in keys if lang not in made]
    words: dict[str, tuple[str, ...]] = {}  # a language in parts, made whole without the cache: its pages of words
    if whole:
        index = SearchIndex(jobs=jobs)
        try:
            for lang in whole:
                for part, hrefs in enumerate(spans(((href, volumes[href]) for href in shown[lang]), limit)):
                    for href in hrefs:
                        index.add_file(href, where[href], lang, part)
            for lang, files in index.run(whole).items():
                made[lang] = _kept_whole(store, lang, keys[lang], shown[lang], files, index.words.get(lang, ()))
            words = index.words
        finally:
            index.close()
    readings = {
        lang: Reading(found.words, found.stale, found.delta) if isinstance(found, SearchRecord) else Reading(words.get(lang, ()))
        for lang, found in made.items()
    }
    return merge({lang: _files(store, found) for lang, found in made.items()}, readings)


def _changed(base: SearchRecord, shown: dict[str, str]) -> list[str] | None:
    """The pages a delta over this base must hold, or None if the base must be made again."""
    before = dict(base.pages)
    if any(href not in shown for href in before):  # a page left: the base still holds its text
        return None
    if {url for url, _ in base.ids} != set(before):  # each of its pages must be known by its id, to be hidden
        return None
    changed = [href for href, hashed in shown.items() if before.get(href) != hashed]
    return changed if 0 < len(changed) <= delta_bound(len(shown)) else None


def _deltas(
    deltas: dict[str, tuple[str, SearchRecord, list[str]]],
    where: dict[str, Path],
    store: Cache,
    keys: dict[str, str],
    jobs: int | None = None,
) -> dict[str, SearchRecord]:
    """Each language's delta, made at once; a language whose edit removed text from a page is left out (made whole)."""
    index = SearchIndex(DELTA, jobs)
    try:
        for lang, (_, base, changed) in deltas.items():
            for href in changed:
                index.add_file(href, where[href], lang)
            words = store.object_path(base.vocabulary).read_text(encoding="utf-8").split()
            index.add(VOCABULARY.format(lang=lang), words_page(page_lang(where[changed[0]].read_bytes()), words), lang)
        ran = index.run(sorted(deltas))
    finally:
        index.close()
    done: dict[str, SearchRecord] = {}
    for lang, files in ran.items():
        base_key, base, changed = deltas[lang]
        new = fragments(files)
        words_href = VOCABULARY.format(lang=lang)
        if any(href not in new for href in [*changed, words_href]):
            continue
        ids = dict(base.ids)
        stale = [href for href in changed if href in ids and ids[href] != new[href].id]  # same id: the same text
        old = fragments(_base_fragments(store, base, [ids[href] for href in stale]))
        if any(href not in old or loses_text(old[href].words, new[href].words) for href in stale):
            continue
        with contextlib.suppress(OSError):  # a delta not kept: the language is made whole
            kept = tuple((str(rel), store.keep_object(data)) for rel, data in files)
            own = (new[words_href].id, *sorted(page.id for url, page in new.items() if url != words_href))
            hidden = tuple(sorted(ids[href] for href in stale))
            record = SearchRecord(base.files + kept, base=base_key, stale=hidden, delta=own, words=base.words)
            store.keep_search(keys[lang], record)
            store.keep_base(lang, base_key, base)
            done[lang] = record
    return done


def _base_fragments(store: Cache, base: SearchRecord, ids: Iterable[str]) -> list[tuple[PurePosixPath, Path]]:
    """The base's fragment files of these pages (in whichever of its parts), in the cache."""
    wanted = {f"{page}.pf_fragment" for page in ids}
    paths = ((PurePosixPath(rel), hashed) for rel, hashed in base.files)
    return [(path, store.object_path(hashed)) for path, hashed in paths if path.name in wanted and path.parent.name == "fragment"]


def _kept_whole(
    store: Cache, lang: str, key: str, shown: dict[str, str], files: list[tuple[PurePosixPath, bytes]], words: tuple[str, ...]
) -> SearchRecord | list[tuple[PurePosixPath, bytes]]:
    """A whole index just made, kept in the cache as the language's new base (as bytes if it cannot be kept); its
    parts' pages of words (`words`, their ids) are neither its pages nor in its vocabulary."""
    if not store.enabled:
        return files
    try:
        pages = {url: page for url, page in fragments(files).items() if not url.startswith(WORDS_FOLDER)}
        vocab = store.keep_object(vocabulary(pages.values()).encode("utf-8"))
        kept = tuple((str(rel), store.keep_object(data)) for rel, data in files)
    except OSError:  # an index not kept is made again next time
        return files
    ids = tuple(sorted((url, page.id) for url, page in pages.items()))
    record = SearchRecord(kept, pages=tuple(sorted(shown.items())), ids=ids, vocabulary=vocab, words=words)
    store.keep_base(lang, key, record)
    return record


def _keep(store: Cache, lang: str, key: str, found: SearchRecord) -> None:
    """An index found in the cache, kept for the next build: a whole one as the language's base, a delta with its
    base (the next edit's delta is made over it)."""
    if found.pages:
        store.keep_base(lang, key, found)
        return
    store.keep_search(key, found)
    base = store.search_record(found.base)
    if base is not None and base.pages:
        store.keep_base(lang, found.base, base)


def _files(store: Cache, found: SearchRecord | list[tuple[PurePosixPath, bytes]]) -> list[tuple[PurePosixPath, bytes | Path]]:
    if isinstance(found, SearchRecord):
        return [(PurePosixPath(rel), store.object_path(h)) for rel, h in found.files]
    return list(found)
