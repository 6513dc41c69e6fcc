"""The static search index: Pagefind, run over the public pages just rendered.

Pagefind reads the HTML it is given and nothing else, so it indexes exactly what a reader sees: the teaser of a
paywalled article, never its withheld part. Only elements marked `data-pagefind-body` are indexed (article and
free-standing pages); each page goes to the index of its `<html lang>`, a large language's index in parts (parts.py).

The pages to index are linked into a scratch folder per language, at their URL's path (base path included, so
results link inside a site published in a subfolder), then Pagefind's binary indexes each language's folder. Its
Python service is not used: it answers one request per 0.1 s poll, which a thousand pages cannot wait.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

import pagefind_bin

from ..errors import BuildFailed, ContentError, Position
from ..parallel import jobs_for
from ..write import link_or_copy
from .parts import WORDS, folder, part_number

FOLDER = "pagefind"  # where the index is published, beside the site's pages
PAGEFIND = "pagefind[bin]==1.5.2"  # the package that brings the binary, as pyproject.toml and requirements.txt pin it
MARK = b"data-pagefind-body"
MARKED = re.compile(rb"<[A-Za-z][^<>]*\sdata-pagefind-body[\s>=/]")
TIMEOUT = 1800  # seconds: Pagefind indexes 100 to 300 article pages a second; a hung binary must not hang the build
ENTRY = "pagefind-entry.json"
HTML_LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"")
BUNDLE = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")  # among the files Pagefind always writes, those pages link
READER = "pagefind/diptych/pagefind.js"  # the search page's Pagefind: the whole index, and a delta where there is one
MAGIC_BYTES = b"pagefind_dcd"  # inside each gzipped index file, before its JSON or CBOR
WORD = re.compile(r"\w+")
READER_SCRIPT = (Path(__file__).parent / "reader.js").read_text(encoding="utf-8")


def indexable(href: str, html: bytes) -> bool:
    """Whether Pagefind takes a page: an element of it marks what to index (the attribute in a tag, not the words in
    a title that says them: text is escaped, so no `<` precedes them there), and it is a folder's page (not a
    redirect file)."""
    return MARK in html and MARKED.search(html) is not None and href.endswith("/")


class SearchIndex:
    """The pages to index, gathered one by one under their language (and their part, parts.py); `files()` runs
    Pagefind and gives its files.

    Each language (each part of one) is indexed by a Pagefind of its own, as many at once as the build has jobs, so
    that Pagefind's memory is bounded by a part's pages times the jobs: Pagefind writes one index per language anyway, and the files of
    separate runs are byte for byte those of a single run (the entry file listing the languages aside, merged here).
    So a language whose pages did not change keeps its index.
    """

    def __init__(self, folder: str = FOLDER, jobs: int | None = None) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="diptych-search-"))
        self.jobs = jobs_for(jobs)  # Pagefinds at once: the build's --jobs, else the cores this process may use
        self.folder = folder  # where its files are published: pagefind/, or pagefind-delta/ for a delta (delta.py)
        self.units: set[tuple[str, int]] = set()  # (language, part) of each page kept: each a Pagefind run
        self.words: dict[str, tuple[str, ...]] = {}  # a language in parts: the ids of its parts' pages of words

    def add(self, href: str, html: bytes, lang: str | None = None, part: int = 0) -> None:
        """Keep a rendered page for the index, if it marks what to index."""
        if not indexable(href, html):
            return
        lang = lang or page_lang(html)
        path = self._place(href, lang, part)
        path.write_bytes(html)

    def add_file(self, href: str, source: Path, lang: str, part: int = 0) -> None:
        """Keep a page already written (a hard link to it where possible: nothing is copied)."""
        link_or_copy(source, self._place(href, lang, part))

    def _site(self, unit: tuple[str, int]) -> Path:
        return self._scratch / unit[0] / str(unit[1]) / "site"

    def _place(self, href: str, lang: str, part: int) -> Path:
        path = self._site((lang, part)) / href.strip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.units.add((lang, part))
        return path

    def run(self, langs: list[str]) -> dict[str, list[tuple[PurePosixPath, bytes]]]:
        """Each language's index (Pagefind's files, under pagefind/ and its parts' folders), made by concurrent
        Pagefinds; a language in parts is indexed again with each part's page of the words it lacks (parts.py)."""
        units = sorted(unit for unit in self.units if unit[0] in langs)  # Pagefind refuses an empty site
        made = self._run_all(units)
        parted = sorted({lang for lang, part in units if part > 0})
        if parted:
            own = {unit: _pieces(fragments(made[unit]).values()) for unit in units if unit[0] in parted}
            again = []
            for lang in parted:
                mine = [unit for unit in units if unit[0] == lang]
                every = set().union(*(own[unit] for unit in mine))
                html_lang = page_lang(next(self._site(mine[0]).rglob("index.html")).read_bytes())
                lacking = [unit for unit in mine if every - own[unit]]  # a part with every word needs no page of them
                for unit in lacking:
                    self.add(WORDS.format(lang=lang, part=unit[1] + 1), words_page(html_lang, every - own[unit]), lang, unit[1])
                again += lacking
            first = {unit: {rel for rel, _ in made[unit]} for unit in again}
            made.update(self._run_all(again))
            for lang in parted:
                # a page's id is its fragment's hash: the one fragment the second run added is the page of words (none
                # where Pagefind left that page out, its pieces all punctuation, without a word)
                added = [(rel, data) for unit in again if unit[0] == lang for rel, data in made[unit] if rel not in first[unit]]
                self.words[lang] = tuple(sorted(page.id for page in fragments(added).values()))
        return {lang: [file for unit in units if unit[0] == lang for file in made[unit]] for lang in langs if (lang, 0) in made}

    def _run_all(self, units: list[tuple[str, int]]) -> dict[tuple[str, int], list[tuple[PurePosixPath, bytes]]]:
        with ThreadPoolExecutor(max_workers=max(1, min(len(units), self.jobs))) as pool:
            return dict(zip(units, pool.map(self._run_one, units), strict=True))

    def _run_one(self, unit: tuple[str, int]) -> list[tuple[PurePosixPath, bytes]]:
        site, bundle = self._site(unit), self._site(unit).parent / "bundle"
        shutil.rmtree(bundle, ignore_errors=True)  # a part indexed again starts from nothing
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
        if run.returncode < 0:  # ended by a signal: the kernel's out-of-memory killer, or someone's kill
            name = signal.Signals(-run.returncode).name if -run.returncode in signal.valid_signals() else "?"
            message = f"Pagefind was killed by signal {-run.returncode} ({name}) indexing the {unit[0]} pages, part {unit[1] + 1}"
            fix = "if the system ran out of memory, lower search_index_pages in site.yaml: ~280 KB per page"
            raise BuildFailed([_error(message, fix)])
        if run.returncode != 0:
            raise BuildFailed([_error("Pagefind failed: " + " ".join((run.stderr or run.stdout).split())[:500])])
        top = folder(self.folder, unit[1])
        program = top != FOLDER  # a delta or a part is read by the program of the whole index: its data only
        return [
            (PurePosixPath(top) / path.relative_to(bundle).as_posix(), path.read_bytes())
            for path in sorted(p for p in bundle.rglob("*") if p.is_file())
            if not (program and path.suffix in (".js", ".css"))
        ]

    def files(self) -> list[tuple[PurePosixPath, bytes]]:
        """The whole index under pagefind/ (and its parts' folders), in a stable order and with stable bytes."""
        langs = sorted({lang for lang, _ in self.units})
        made = self.run(langs)
        return merge(made, {lang: Reading(words) for lang, words in self.words.items()})

    def close(self) -> None:
        """Remove the scratch folder; safe to call twice, and on a build abandoned half-way."""
        shutil.rmtree(self._scratch, ignore_errors=True)


def words_page(html_lang: str, words: Iterable[str]) -> bytes:
    """A hidden page holding these written forms, in a language's index (a part's, parts.py, or a delta's)."""
    text = escape(" ".join(sorted(words)))
    page = f'<html lang="{html_lang}"><head><meta charset="utf-8"></head><body data-pagefind-body><p>{text}</p>'
    return f"{page}</body></html>".encode()


@dataclass(frozen=True)
class Reading:
    """How the search page reads a language's index: the ids of its parts' pages of words (hidden, parts.py) and,
    after an edit, of its delta (delta.py): the whole index's stale copies it hides, and its own pages, its page of
    words first."""

    words: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    delta: tuple[str, ...] = ()


def merge(
    indexes: Mapping[str, Iterable[tuple[PurePosixPath, bytes | Path]]], readings: Mapping[str, Reading] | None = None
) -> list[tuple[PurePosixPath, bytes | Path]]:
    """The languages' indexes as one: their files side by side (those they share are the same program files), one
    entry file per folder listing every language, sorted so that rebuilds are identical, and the module the search
    page reads them through (`reader`), told of each language's parts and delta. A file is given as its bytes,
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
        parts: dict[str, list[int]] = {}
        for rel, entry in entries.items():
            number = part_number(FOLDER, rel)
            if number:  # a part after the first: merged in by the search page
                for lang in entry["languages"]:
                    parts.setdefault(lang, []).append(number)
        files[PurePosixPath(READER)] = reader(readings or {}, parts)
    return sorted(files.items())


def reader(readings: Mapping[str, Reading], parts: Mapping[str, Iterable[int]]) -> bytes:
    """The module the search page imports in place of Pagefind's own (the same functions): for each language in
    parts, the folders of its parts after the first (merged in) and the ids of their pages of words (hidden); for
    each language with a delta (pages changed or added since its whole index was built, in pagefind-delta/), the ids
    of the whole index's stale copies it hides and the ids of the delta's own pages, its page of words first."""
    about: dict[str, dict] = {}
    for lang in sorted(set(readings) | set(parts)):
        reading = readings.get(lang, Reading())
        shown: dict = {"parts": [folder(FOLDER, n) for n in sorted(parts.get(lang, ()))], "words": sorted(reading.words)}
        if reading.delta:
            words, *pages = reading.delta
            shown["delta"] = {"own": sorted(pages), "stale": sorted(reading.stale), "words": words}
        if shown["parts"] or reading.delta:
            about[lang] = shown
    return READER_SCRIPT.replace("{site}", json.dumps(about, sort_keys=True, separators=(",", ":"))).encode("utf-8")


@dataclass(frozen=True)
class Fragment:
    """What an index holds of one page, read from its fragment file (gzip, a magic, then JSON): its Pagefind id and
    the texts Pagefind indexed (its text, title and headings)."""

    id: str
    texts: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        """The words of its texts, in their order, casefolded: made when asked (for the few pages an edit changed),
        never kept for a whole index, whose free full texts are 100 million words a language at N = 100,000."""
        return tuple(WORD.findall(" ".join(self.texts).casefold()))


def fragments(files: Iterable[tuple[PurePosixPath, bytes | Path]]) -> dict[str, Fragment]:
    """Each page of an index, by its URL."""
    found: dict[str, Fragment] = {}
    for rel, data in files:
        if rel.parent.name == "fragment" and rel.suffix == ".pf_fragment":
            raw = gzip.decompress(_bytes(data))
            page = json.loads(raw[len(MAGIC_BYTES) :] if raw.startswith(MAGIC_BYTES) else raw)
            texts = [page.get("content", ""), *map(str, (page.get("meta") or {}).values())]
            texts += [anchor.get("text", "") for anchor in page.get("anchors") or ()]
            found[page["url"]] = Fragment(rel.stem, tuple(texts))
    return found


def vocabulary(pages: Iterable[Fragment]) -> str:
    """Every written form of the pages' texts once (their whitespace-separated pieces, as Pagefind cuts them into
    words), sorted: the text of a page that gives a delta its whole index's words (search/delta.py)."""
    return " ".join(sorted(_pieces(pages)))


def _pieces(pages: Iterable[Fragment]) -> set[str]:
    return {piece for page in pages for text in page.texts for piece in text.split()}


def _bytes(data: bytes | Path) -> bytes:
    return data.read_bytes() if isinstance(data, Path) else data


def page_lang(html: bytes) -> str:
    found = HTML_LANG.search(html)
    return found[1].decode("ascii", "replace") if found else "unknown"


def _error(message: str, fix: str = f'reinstall Pagefind where diptych is installed: pip install "{PAGEFIND}"') -> ContentError:
    """Pagefind's failures are the installation's (or the machine's), not the content's: reported against site.yaml,
    with the fix (by default the package itself: an installed diptych has no requirements.txt beside it)."""
    return ContentError(Position(PurePosixPath("site.yaml")), f"search index: {message} ({fix})")
