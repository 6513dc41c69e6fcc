"""The build cache in the site's `.diptych-cache/`: what an earlier build rendered, found again by content.

Three things are kept, each under a key made of everything it depends on (`digest`):
  - rendered files, content-addressed in `objects/` (a page's bytes under their own hash; output folders take
    hard links to them, so nothing is copied): a file there is never changed in place, only added or removed;
  - for each page, the files it made, under a key of its template, its translations, the content it shows, the
    settings, the catalogs and diptych's own code (`pages-EDITION.json`); likewise each language's search index;
  - each source file's parsed and checked form, under its content's hash (`sources-CODE/`), and the last
    build's inputs as the file system describes them, so that a rebuild with nothing changed does nothing.

Safe at any moment: every file is written whole under a temporary name and renamed; a record that names a missing
object, a file from another format or another diptych, or one that cannot be read is a miss, never an error. The
folder may be deleted at any time; `--no-cache` neither reads nor writes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .edition import Edition
from .errors import Position
from .hashing import digest
from .models import Beside
from .theme import tree_digest
from .write import CACHE, write_whole

FOLDER = CACHE
FORMAT = 1  # the layout of this folder; a change starts a new one beside it
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# diptych's build cache: safe to delete; see README\n"
CODE_FILES = ("*.py", "*.js")  # diptych's code, and the search page's module it writes (search/reader.js)
STAMPS = 8  # past this many output folders stamped, those no longer there are forgotten


def code_digest() -> str:
    """diptych's own code and the versions of the libraries that shape its output."""
    from importlib import metadata

    from .version import __version__

    here = Path(__file__).resolve().parent
    versions = []
    for name in (
        "Jinja2",
        "MarkupSafe",
        "Markdown",
        "PyYAML",
        "Babel",
        "nh3",
        "citeproc-py",
        "lxml",
        "pybtex",
        "rispy",
        "pagefind-bin",
        "imagesize",
        "disarm",  # its confusable folding decides which lines are marker errors
    ):
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return digest(__version__, str(FORMAT), *versions, *(tree_digest([here], files) for files in CODE_FILES))


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What rendering one page made: its files (the page first) as (output path, object hash), the files beside it
    and whether the search index takes it."""

    files: tuple[tuple[str, str], ...]
    beside: tuple[Beside, ...] = ()  # copied from content/ at each build, never from the cache
    indexed: bool = False

    def as_json(self) -> list[Any]:
        beside = [[str(b.source), b.name, str(b.where.path), b.where.line] for b in self.beside]
        return [[list(f) for f in self.files], beside, self.indexed]

    @classmethod
    def from_json(cls, value: Any) -> PageRecord:
        files, beside, indexed = value
        return cls(
            _pairs(files),
            tuple(
                Beside(PurePosixPath(source), str(name), Position(PurePosixPath(where), line if isinstance(line, int) else None))
                for source, name, where, line in beside
            ),
            bool(indexed),
        )


@dataclass(frozen=True)
class SearchRecord:
    """One language's search files for a set of pages, as (output path, object hash); for a whole index also its
    pages (URL, page hash), their Pagefind ids and its vocabulary (an object); for a delta the key of the whole
    index it completes, the ids of that index's stale copies, and the ids of its own pages, its page of words first
    (search/delta.py); for an index in parts, the ids of its parts' pages of words (search/parts.py)."""

    files: tuple[tuple[str, str], ...]
    pages: tuple[tuple[str, str], ...] = ()
    ids: tuple[tuple[str, str], ...] = ()
    vocabulary: str = ""
    base: str = ""
    stale: tuple[str, ...] = ()
    delta: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def objects(self) -> set[str]:
        """The objects it names: its files, and a whole index's vocabulary."""
        return {h for _, h in self.files} | ({self.vocabulary} if self.vocabulary else set())

    def as_json(self) -> list[Any]:
        pairs = [[list(pair) for pair in items] for items in (self.files, self.pages, self.ids)]
        return [*pairs, self.vocabulary, self.base, list(self.stale), list(self.delta), list(self.words)]

    @classmethod
    def from_json(cls, value: Any) -> SearchRecord:
        files, pages, ids, vocabulary, base, stale, delta, words = value
        strings = (tuple(map(str, stale)), tuple(map(str, delta)), tuple(map(str, words)))
        return cls(_pairs(files), _pairs(pages), _pairs(ids), str(vocabulary), str(base), *strings)


def _pairs(items: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in items)


@dataclass
class Cache:
    """The cache of one site and edition; `root` None for a build that neither reads nor writes one."""

    root: Path | None
    edition: Edition
    code: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)  # read from the last build
    search: dict[str, SearchRecord] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)  # each language's last whole search index, by its key
    used_pages: dict[str, PageRecord] = field(default_factory=dict)  # kept by this build
    used_search: dict[str, SearchRecord] = field(default_factory=dict)
    used_bases: dict[str, str] = field(default_factory=dict)
    notes: dict[str, bool] = field(default_factory=dict)  # small facts about a source, by its hash
    used_notes: dict[str, bool] = field(default_factory=dict)
    used_sources: set[str] = field(default_factory=set)  # the parsed sources this build read or wrote
    pending: dict[str, Any] = field(default_factory=dict)  # those parsed by this build, not yet written

    @classmethod
    def open(cls, site_dir: Path, edition: Edition, enabled: bool = True) -> Cache:
        if not enabled:
            return cls(None, edition)
        root = site_dir.resolve() / FOLDER / f"v{FORMAT}"
        cache = cls(root, edition, code_digest())
        index = _read_json(root / f"pages-{edition.value}.json")
        if isinstance(index, dict) and index.get("code") == cache.code:
            try:
                cache.pages = {k: PageRecord.from_json(v) for k, v in index["pages"].items()}
                cache.search = {k: SearchRecord.from_json(v) for k, v in index["search"].items()}
                cache.bases = {str(k): str(v) for k, v in index["bases"].items()}
            except (KeyError, TypeError, ValueError, AttributeError):
                cache.pages, cache.search, cache.bases = {}, {}, {}
        notes = _read_pickle(cache.sources_folder / "notes.pickle")
        cache.notes = {k: v for k, v in notes.items() if isinstance(k, str) and isinstance(v, bool)}
        return cache

    @property
    def enabled(self) -> bool:
        return self.root is not None

    @property
    def objects(self) -> Path | None:
        return self.root / "objects" if self.root is not None else None

    def object_path(self, hashed: str) -> Path:
        assert self.root is not None
        return self.root / "objects" / hashed[:2] / hashed[2:]

    def page(self, key: str) -> PageRecord | None:
        """The files of a page rendered before under this key, if every one of them is still there."""
        record = self.pages.get(key)
        if record is None or not all(self.object_path(h).is_file() for _, h in record.files):
            return None
        return record

    def keep_page(self, key: str, record: PageRecord) -> None:
        self.used_pages[key] = record

    def search_record(self, key: str) -> SearchRecord | None:
        """A language's search files made before for this key, if every one of them is still there."""
        record = self.search.get(key) if self.root is not None else None
        if record is None or not all(self.object_path(h).is_file() for _, h in record.files):
            return None
        return record

    def keep_search(self, key: str, record: SearchRecord) -> None:
        self.used_search[key] = record

    def base(self, lang: str) -> tuple[str, SearchRecord] | None:
        """The language's last whole search index (its key and record), if it is still there."""
        key = self.bases.get(lang, "")
        record = self.search_record(key) if key else None
        if record is None or not record.pages or not self.object_path(record.vocabulary).is_file():
            return None
        return key, record

    def keep_base(self, lang: str, key: str, record: SearchRecord) -> None:
        self.used_bases[lang] = key
        self.used_search[key] = record

    def keep_object(self, data: bytes) -> str:
        """File bytes made outside the staging folder (the search index) as an object; returns their hash."""
        hashed = digest(data)
        target = self.object_path(hashed)
        if not target.exists():
            write_whole(target, data)
        return hashed

    @property
    def sources_folder(self) -> Path:
        assert self.root is not None
        return self.root / f"sources-{self.code}"  # parsed by this very code: another diptych never reads them

    def source(self, hashed: str) -> Any:
        """A source file's parsed form (or a fact about it, a bool), kept by an earlier build; None if none was."""
        if hashed in self.notes:
            self.used_notes[hashed] = self.notes[hashed]
            return self.notes[hashed]
        found = _read_pickle(self.sources_folder / hashed[:2] / hashed[2:], dict_only=False)
        if found is not None:
            self.used_sources.add(hashed)
        return found

    def keep_source(self, hashed: str, value: Any) -> None:
        if isinstance(value, bool):
            self.used_notes[hashed] = value
            return
        self.used_sources.add(hashed)
        self.pending[hashed] = value

    def write_sources(self) -> None:
        """Keep the sources parsed by this build, once it is known to build (a refused build writes nothing)."""
        for hashed, value in self.pending.items():
            with contextlib.suppress(OSError, pickle.PicklingError):  # not kept: parsed again next time
                path = self.sources_folder / hashed[:2] / hashed[2:]
                if not path.exists():
                    write_whole(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        self.pending.clear()

    def save(self) -> None:
        """Write what this build used (and only that: the rest is forgotten), then drop unreferenced objects."""
        if self.root is None:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tag = self.root.parent / "CACHEDIR.TAG"
            if not tag.exists():
                write_whole(tag, TAG.encode())
            index = {
                "format": FORMAT,
                "code": self.code,
                "pages": {k: v.as_json() for k, v in sorted(self.used_pages.items())},
                "search": {k: v.as_json() for k, v in sorted(self.used_search.items())},
                "bases": dict(sorted(self.used_bases.items())),
            }
            write_whole(self.root / f"pages-{self.edition.value}.json", json.dumps(index, separators=(",", ":")).encode())
            if self.used_notes != self.notes:
                write_whole(self.sources_folder / "notes.pickle", pickle.dumps(self.used_notes, pickle.HIGHEST_PROTOCOL))
            self._collect()
        except OSError:
            pass  # a cache that cannot be written is a slower next build, never a failed one

    def _collect(self) -> None:
        """Remove objects no edition's index names, once they outnumber the named ones, and other diptychs' sources."""
        assert self.root is not None
        named: set[str] = set()
        for index_file in self.root.glob("pages-*.json"):
            index = _read_json(index_file)
            if isinstance(index, dict):
                named |= _named(index)
        _drop_unnamed(list(_objects(self.root / "objects")), named)
        sources = [p for p in _objects(self.sources_folder) if p.name != "notes.pickle"]
        _drop_unnamed(sources, self.used_sources)  # the other edition's sources are the same files: kept young
        for other in self.root.glob("sources-*"):
            if other != self.sources_folder:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
        stamps = list(self.root.glob("stamp-*.json"))
        if len(stamps) > STAMPS:  # one per output folder: forget those of folders gone
            for stamp in stamps:
                record = _read_json(stamp)
                if not isinstance(record, dict) or not Path(str(record.get("out"))).is_dir():
                    stamp.unlink(missing_ok=True)


def _drop_unnamed(stored: list[Path], named: set[str]) -> None:
    """Remove the files no index names, once they outnumber the named ones (and are an hour old: a file so new may
    belong to a build of the other edition, still running)."""
    if len(stored) <= 2 * len(named) + 1000:
        return
    young = time.time() - 3600
    for path in stored:
        if path.parent.name + path.name not in named:
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < young:
                    path.unlink()


def store(objects: Path, written: Path, data: bytes) -> str:
    """File a file just written (`written`, holding `data`) in the objects under its hash, by a hard link."""
    hashed = digest(data)
    target = objects / hashed[:2] / hashed[2:]
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(written, target)
        except FileExistsError:
            pass
        except OSError:  # another file system: a copy, written whole under a temporary name
            write_whole(target, data)
    return hashed


def _named(index: dict[str, Any]) -> set[str]:
    """The objects an edition's index names (each record's files, a search index's vocabulary); a record it cannot
    read, of another diptych's format, names none."""
    named: set[str] = set()
    for kind, read in (("pages", PageRecord.from_json), ("search", SearchRecord.from_json)):
        records = index.get(kind)
        for record in records.values() if isinstance(records, dict) else ():
            with contextlib.suppress(TypeError, ValueError, IndexError, KeyError, AttributeError):
                found = read(record)
                named |= found.objects if isinstance(found, SearchRecord) else {h for _, h in found.files}
    return named


def _objects(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        for sub in os.scandir(folder):
            if sub.is_dir():
                for entry in os.scandir(sub.path):
                    yield Path(entry.path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _read_pickle(path: Path, dict_only: bool = True) -> Any:
    """What an earlier build by this very code pickled (its digest names the folder); {} or None when unreadable."""
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is a miss, whatever it raises
        return {} if dict_only else None
    if dict_only:
        return value if isinstance(value, dict) else {}
    return value


def file_state(path: Path) -> tuple[int, int, int, int] | None:
    """What the file system says of a file: enough to see that it changed, not what it holds."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


class Fingerprints:
    """Digests of the models and values a page shows, each model's computed once per build (models are frozen)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}  # the object is kept, so that its id is never reused

    def of(self, value: object) -> str:
        if value is None or isinstance(value, str | int | float | bool):
            return digest(type(value).__name__, repr(value))
        found = self._memo.get(id(value))
        if found is None:
            if isinstance(value, tuple):
                found = (value, digest("tuple", *(self.of(v) for v in value)))
            else:  # a frozen dataclass: its repr has every field, in order
                found = (value, digest(type(value).__name__, repr(value)))
            self._memo[id(value)] = found
        return found[1]
