"""The static search index: Pagefind, run over the public pages just rendered.

Pagefind reads the HTML it is given and nothing else, so it indexes exactly what a reader sees: the teaser of a
paywalled article, never its withheld part. Only elements marked `data-pagefind-body` are indexed (article and
free-standing pages); each page goes to the index of its `<html lang>`.

The pages to index are linked into a scratch folder per language, at their URL's path (base path included, so
results link inside a site published in a subfolder), then Pagefind's binary indexes each language's folder. Its
Python service is not used: it answers one request per 0.1 s poll, which a thousand pages cannot wait.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pagefind_bin

from ..errors import BuildFailed, ContentError, Position
from ..write import link_or_copy

FOLDER = "pagefind"  # where the index is published, beside the site's pages
PAGEFIND = "pagefind[bin]==1.5.2"  # the package that brings the binary, as pyproject.toml and requirements.txt pin it
MARK = b"data-pagefind-body"
TIMEOUT = 1800  # seconds: Pagefind indexes 100 to 300 article pages a second; a hung binary must not hang the build
ENTRY = "pagefind-entry.json"
HTML_LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"")
BUNDLE = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")  # among the files Pagefind always writes, those pages link
READER = "pagefind/diptych/pagefind.js"  # the search page's Pagefind: the whole index, and a delta where there is one
MAGIC_BYTES = b"pagefind_dcd"  # inside each gzipped index file, before its JSON or CBOR
WORD = re.compile(r"\w+")
READER_SCRIPT = (Path(__file__).parent / "reader.js").read_text(encoding="utf-8")


def indexable(href: str, html: bytes) -> bool:
    """Whether Pagefind takes a page: it marks what to index, and is a folder's page (not a redirect file)."""
    return MARK in html and href.endswith("/")


class SearchIndex:
    """The pages to index, gathered one by one under their language; `files()` runs Pagefind and gives its files.

    Each language is indexed by a Pagefind of its own, all at once on as many cores: Pagefind writes one index per
    language anyway, and the files of separate runs are byte for byte those of a single run (the entry file
    listing the languages aside, merged here). So a language whose pages did not change keeps its index.
    """

    def __init__(self, folder: str = FOLDER) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="diptych-search-"))
        self.folder = folder  # where its files are published: pagefind/, or pagefind-delta/ for a delta (delta.py)
        self.pages: dict[str, int] = {}

    def add(self, href: str, html: bytes, lang: str | None = None) -> None:
        """Keep a rendered page for the index, if it marks what to index."""
        if not indexable(href, html):
            return
        lang = lang or page_lang(html)
        path = self._place(href, lang)
        path.write_bytes(html)

    def add_file(self, href: str, source: Path, lang: str) -> None:
        """Keep a page already written (a hard link to it where possible: nothing is copied)."""
        link_or_copy(source, self._place(href, lang))

    def _place(self, href: str, lang: str) -> Path:
        path = self._scratch / lang / "site" / href.strip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pages[lang] = self.pages.get(lang, 0) + 1
        return path

    def run(self, langs: list[str]) -> dict[str, list[tuple[PurePosixPath, bytes]]]:
        """Each language's index (Pagefind's files, under pagefind/), made by concurrent Pagefinds."""
        langs = [lang for lang in langs if self.pages.get(lang)]  # Pagefind refuses an empty site
        with ThreadPoolExecutor(max_workers=max(1, min(len(langs), os.cpu_count() or 1))) as pool:
            return dict(zip(langs, pool.map(self._run_one, langs), strict=True))

    def _run_one(self, lang: str) -> list[tuple[PurePosixPath, bytes]]:
        site, bundle = self._scratch / lang / "site", self._scratch / lang / "bundle"
        try:  # the pinned wheel's binary, not one found on the PATH or named in the environment
            binary = pagefind_bin.get_executable()
            run = subprocess.run(
                [str(binary), "--site", str(site), "--output-path", str(bundle), "--silent"],
                capture_output=True,
                text=True,
                check=False,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildFailed([_error(f"Pagefind could not run: {exc}")]) from None
        if run.returncode != 0:
            raise BuildFailed([_error("Pagefind failed: " + " ".join((run.stderr or run.stdout).split())[:500])])
        program = self.folder != FOLDER  # a delta is read by the program of the whole index beside it: its data only
        return [
            (PurePosixPath(self.folder) / path.relative_to(bundle).as_posix(), path.read_bytes())
            for path in sorted(p for p in bundle.rglob("*") if p.is_file())
            if not (program and path.suffix in (".js", ".css"))
        ]

    def files(self) -> list[tuple[PurePosixPath, bytes]]:
        """The whole index under pagefind/, in a stable order and with stable bytes."""
        return merge(self.run(sorted(self.pages)))

    def close(self) -> None:
        """Remove the scratch folder; safe to call twice, and on a build abandoned half-way."""
        shutil.rmtree(self._scratch, ignore_errors=True)


def merge(
    indexes: Mapping[str, Iterable[tuple[PurePosixPath, bytes | Path]]],
    deltas: Mapping[str, tuple[Iterable[str], Iterable[str]]] | None = None,
) -> list[tuple[PurePosixPath, bytes | Path]]:
    """The languages' indexes as one: their files side by side (those they share are the same program files), one
    entry file per folder listing every language, sorted so that rebuilds are identical, and the module the search
    page reads them through (`reader`), told of each language's delta. A file is given as its bytes,
    or as a path to a file holding them (one of the build cache's)."""
    files: dict[PurePosixPath, bytes | Path] = {}
    entries: dict[PurePosixPath, dict] = {}
    for lang in sorted(indexes):
        for rel, data in indexes[lang]:
            if rel.name == ENTRY:
                part = json.loads(_bytes(data))
                if rel in entries:
                    entries[rel]["languages"].update(part["languages"])
                else:
                    entries[rel] = part
            elif rel not in files:
                files[rel] = data
            elif _bytes(files[rel]) != _bytes(data):
                raise BuildFailed([_error(f"two languages' indexes disagree on {rel}")])
    for rel, entry in entries.items():
        files[rel] = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if entries:
        files[PurePosixPath(READER)] = reader(deltas or {})
    return sorted(files.items())


def reader(deltas: Mapping[str, tuple[Iterable[str], Iterable[str]]]) -> bytes:
    """The module the search page imports in place of Pagefind's own (the same functions): for each language with a
    delta (pages changed or added since its whole index was built, in pagefind-delta/), the ids of the whole index's
    stale copies it hides and the ids of the delta's own pages, its page of words first (search/delta.py)."""
    about = {}
    for lang, (stale, own) in sorted(deltas.items()):
        words, *pages = own
        about[lang] = {"own": sorted(pages), "stale": sorted(stale), "words": words}
    return READER_SCRIPT.replace("{deltas}", json.dumps(about, sort_keys=True, separators=(",", ":"))).encode("utf-8")


@dataclass(frozen=True)
class Fragment:
    """What an index holds of one page, read from its fragment file (gzip, a magic, then JSON): its Pagefind id and
    the texts Pagefind indexed (its text, title and headings)."""

    id: str
    texts: tuple[str, ...]
    words: tuple[str, ...]  # the words of its texts, in their order, casefolded


def fragments(files: Iterable[tuple[PurePosixPath, bytes | Path]]) -> dict[str, Fragment]:
    """Each page of an index, by its URL."""
    found: dict[str, Fragment] = {}
    for rel, data in files:
        if rel.parent.name == "fragment" and rel.suffix == ".pf_fragment":
            raw = gzip.decompress(_bytes(data))
            page = json.loads(raw[len(MAGIC_BYTES) :] if raw.startswith(MAGIC_BYTES) else raw)
            texts = [page.get("content", ""), *map(str, (page.get("meta") or {}).values())]
            texts += [anchor.get("text", "") for anchor in page.get("anchors") or ()]
            words = WORD.findall(" ".join(texts).casefold())
            found[page["url"]] = Fragment(rel.stem, tuple(texts), tuple(words))
    return found


def vocabulary(pages: Iterable[Fragment]) -> str:
    """Every written form of the pages' texts once (their whitespace-separated pieces, as Pagefind cuts them into
    words), sorted: the text of a page that gives a delta its whole index's words (search/delta.py)."""
    return " ".join(sorted({piece for page in pages for text in page.texts for piece in text.split()}))


def _bytes(data: bytes | Path) -> bytes:
    return data.read_bytes() if isinstance(data, Path) else data


def page_lang(html: bytes) -> str:
    found = HTML_LANG.search(html)
    return found[1].decode("ascii", "replace") if found else "unknown"


def _error(message: str) -> ContentError:
    """Pagefind's failures are the installation's, not the content's: reported against site.yaml, with the fix (the
    package itself: an installed diptych has no requirements.txt beside it)."""
    fix = f'reinstall Pagefind where diptych is installed: pip install "{PAGEFIND}"'
    return ContentError(Position(PurePosixPath("site.yaml")), f"search index: {message} ({fix})")
