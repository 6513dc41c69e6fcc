"""Pagefind's files, read as a reader's browser reads them: gunzipped, their JSON and CBOR decoded; and what a reader
finds in a site's search, the whole index (in parts, diptych/search/parts.py) and its delta together
(diptych/search/delta.py)."""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
READER = Path("pagefind/diptych/pagefind.js")
SITE = re.compile(r"^const SITE = (\{.*\});$", re.MULTILINE)


def unpacked(path: Path) -> bytes:
    """A file's bytes as Pagefind reads them: gunzipped, without the magic; other files as they are."""
    data = path.read_bytes()
    if data[:2] != b"\x1f\x8b":
        return data
    data = gzip.decompress(data)
    return data[len(MAGIC) :] if data.startswith(MAGIC) else data


def cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item from `at` (integers, strings, arrays, maps, simple values: what Pagefind writes) and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        arg: int | None = info
    elif info < 28:
        size = 1 << (info - 24)
        arg, at = int.from_bytes(data[at : at + size], "big"), at + size
    elif info == 31:
        arg = None  # indefinite length
    else:
        raise ValueError(f"CBOR: reserved additional information {info}")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        raw = data[at : at + arg]
        return (raw.decode("utf-8") if major == 3 else raw), at + arg
    if major == 4:
        items = []
        while data[at] != 0xFF if arg is None else len(items) < arg:
            item, at = cbor(data, at)
            items.append(item)
        return items, at + 1 if arg is None else at
    if major == 5:
        pairs = {}
        for _ in range(arg):
            key, at = cbor(data, at)
            pairs[key], at = cbor(data, at)
        return pairs, at
    if major == 7:
        return {20: False, 21: True, 22: None}.get(info, arg), at
    raise ValueError(f"CBOR: major type {major} (tags) not expected from Pagefind")


def whole_cbor(path: Path) -> Any:
    data = unpacked(path)
    value, end = cbor(data)
    assert end == len(data), f"{path}: {len(data) - end} bytes after the CBOR item"
    return value


@dataclass(frozen=True)
class Bundle:
    """A Pagefind folder, read: its entry, each page's fragment by URL, and each language's words with their pages."""

    entry: dict[str, Any]
    fragments: dict[str, dict[str, Any]]  # url -> {"url", "content", "meta", ...}
    urls: dict[str, list[str]]  # lang -> the URLs of its pages, in the index's order
    words: dict[str, dict[str, set[str]]]  # lang -> word -> the URLs of the pages that hold it
    ids: dict[str, str]  # url -> the page's Pagefind id (its fragment's name)


def read_bundle(folder: Path) -> Bundle:
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    fragments, urls, words, ids = {}, {}, {}, {}
    for lang, about in entry["languages"].items():
        meta = whole_cbor(folder / f"pagefind.{about['hash']}.pf_meta")
        pages = [json.loads(unpacked(folder / "fragment" / f"{name}.pf_fragment")) for name, _ in meta[1]]
        ids.update((page["url"], name) for page, (name, _) in zip(pages, meta[1], strict=True))
        fragments.update((page["url"], page) for page in pages)
        urls[lang] = [page["url"] for page in pages]
        words[lang] = defaultdict(set)
        for _first, _last, chunk in meta[2]:  # the index chunks
            # each word: [folded stem, [[page, positions…], …], [[word as written, its pages like the stem's], …]]
            for stem, hits, accented in whole_cbor(folder / "index" / f"{chunk}.pf_index")[0]:
                for word, its_hits in [(stem, hits), *accented]:
                    page = 0
                    for hit in its_hits:  # page numbers are delta-encoded: each is the gap from the one before
                        page += hit[0]
                        words[lang][stem].add(urls[lang][page])
                        words[lang][word].add(urls[lang][page])
    return Bundle(entry, fragments, urls, words, ids)


def reading(out: Path) -> dict[str, dict[str, Any]]:
    """What the search page's module knows of each language whose index is not one folder: its parts after the first
    ("parts", folders) and their pages of words ("words", ids); its delta ("delta")."""
    found = SITE.search((out / READER).read_text(encoding="utf-8"))
    assert found, f"{out / READER} describes no index (not even an empty description)"
    return json.loads(found[1])


def deltas(out: Path) -> dict[str, dict[str, Any]]:
    """What the search page's module knows of each language's delta: the whole index's stale pages it hides
    ("stale"), the delta's page of words ("words") and its other pages ("own"), by their Pagefind ids."""
    return {lang: about["delta"] for lang, about in reading(out).items() if "delta" in about}


def parts(out: Path) -> dict[str, list[str]]:
    """The folders of each language's parts after the first (pagefind-2/…), for a language in parts."""
    return {lang: about["parts"] for lang, about in reading(out).items() if about["parts"]}


def hidden(out: Path) -> dict[str, set[str]]:
    """The ids the module hides, by language with a delta: the stale pages, and the delta's page of words."""
    return {lang: {*about["stale"], about["words"]} for lang, about in deltas(out).items()}


@dataclass(frozen=True)
class Findable:
    """What a reader of one language can find: each page's indexed text and title, and each word's pages."""

    pages: dict[str, dict[str, Any]]  # url -> its fragment (content, meta, anchors, word count)
    words: dict[str, frozenset[str]]  # word (stemmed and as written) -> the URLs of the pages that hold it


def whole_index(out: Path) -> dict[str, Bundle]:
    """Each language's whole index, its parts read together as one bundle; their pages of words left out (each part
    must have one, listed by the module)."""
    about = reading(out)
    folders = sorted({folder for lang in about for folder in about[lang]["parts"]})
    bundles = [read_bundle(out / "pagefind"), *(read_bundle(out / folder) for folder in folders)]
    whole = {}
    for lang in sorted({lang for bundle in bundles for lang in bundle.urls}):
        mine = [bundle for bundle in bundles if lang in bundle.urls]
        listed = about.get(lang, {"parts": [], "words": []})
        assert len(mine) == 1 + len(listed["parts"]), f"{lang}: the module merges each of its parts, and only them"
        words_pages = {url for bundle in mine for url in bundle.urls[lang] if bundle.ids[url] in listed["words"]}
        assert len(words_pages) == len(listed["words"]) <= (len(mine) if len(mine) > 1 else 0), "a page of words per part"
        assert all(url.startswith("/_diptych_vocabulary_/") for url in words_pages)
        urls = [url for bundle in mine for url in bundle.urls[lang] if url not in words_pages]
        assert len(urls) == len(set(urls)), f"{lang}: a page in two parts"
        words: dict[str, set[str]] = defaultdict(set)
        for bundle in mine:
            for word, found in bundle.words[lang].items():
                words[word] |= found - words_pages
        whole[lang] = Bundle(
            {},
            {url: page for bundle in mine for url, page in bundle.fragments.items() if url in urls},
            {lang: urls},
            {lang: {word: found for word, found in words.items() if found}},
            {url: bundle.ids[url] for bundle in mine for url in bundle.urls[lang] if url in urls},
        )
    return whole


def findable(out: Path) -> dict[str, Findable]:
    """What a reader finds in a built site's search, by language: the whole index's pages (its parts together) but
    those the module hides, and the delta's pages, as the search page merges them. Equal for two outputs, every query
    finds the same pages."""
    bases = whole_index(out)
    delta = read_bundle(out / "pagefind-delta") if (out / "pagefind-delta").is_dir() else None
    split = deltas(out)
    assert set(split) <= set(bases), "the module merges a delta of a language the index does not have"
    assert bool(split) == (delta is not None), "a delta is published exactly when the module merges one"
    assert delta is None or set(split) == set(delta.urls), "the module merges the delta of each language it has"
    found = {}
    for lang, base in bases.items():
        urls = base.urls[lang]
        about = split.get(lang, {"stale": [], "own": [], "words": None})
        gone = {url for url in urls if base.ids[url] in about["stale"]}  # hidden: newer copies in the delta
        assert len(gone) == len(about["stale"]), "each stale id is a page of the whole index"
        pages = {url: base.fragments[url] for url in urls if url not in gone}
        words = {word: frozenset(u - gone) for word, u in base.words[lang].items() if u - gone}
        if delta is not None and lang in delta.urls:
            assert gone <= set(delta.urls[lang]), "every hidden page has its newer copy in the delta"
            unseen = {url for url in delta.urls[lang] if delta.ids[url] == about["words"]}  # the page of the base's words
            assert len(unseen) == 1, "the delta has its page of words"
            assert {delta.ids[url] for url in delta.urls[lang]} - {about["words"]} == set(about["own"])
            pages.update((url, delta.fragments[url]) for url in delta.urls[lang] if url not in unseen)
            for word, u in delta.words[lang].items():
                if u - unseen:
                    words[word] = words.get(word, frozenset()) | frozenset(u - unseen)
        found[lang] = Findable(pages, words)
    return found


def outside_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """A snapshot's files but the search index's (pagefind/, its parts', pagefind-delta/), which may be split
    differently."""
    return {rel: data for rel, data in files.items() if not rel.startswith("pagefind")}


def assert_same_site(out: Path, cold: Path, why: str = "") -> None:
    """An incremental build equals a cold one: byte for byte but for how the search index is split, and there a
    reader finds the same pages for every word."""
    from tests.conftest import snapshot

    assert outside_search(snapshot(out)) == outside_search(snapshot(cold)), why
    assert findable(out) == findable(cold), why
