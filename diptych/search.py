"""The static search index: Pagefind, run over the public pages just rendered.

Pagefind reads the HTML it is given and nothing else, so it indexes exactly what a reader sees: the teaser of a
paywalled article, never its withheld part. Only elements marked `data-pagefind-body` are indexed (article and
free-standing pages); each page goes to the index of its `<html lang>`.

The pages to index are copied to a scratch folder as they are rendered, at their URL's path (base path
included, so results link inside a site published in a subfolder), then Pagefind's binary indexes that folder
once. Its Python service is not used: it answers one request per 0.1 s poll, which a thousand pages cannot wait.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pagefind_bin

from .errors import BuildFailed, ContentError, Position

FOLDER = "pagefind"  # where the index is published, beside the site's pages
MARK = b"data-pagefind-body"
TIMEOUT = 600  # seconds: Pagefind indexes ~1,000 pages a second; a hung binary must not hang the build
BUNDLE = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")  # among the files Pagefind always writes, those pages link


class SearchIndex:
    """The pages to index, gathered one by one; `files()` runs Pagefind and gives its files."""

    def __init__(self) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="diptych-search-"))
        self.pages = 0

    def add(self, href: str, html: bytes) -> None:
        """Keep a rendered page for the index, if it marks what to index."""
        if MARK not in html or not href.endswith("/"):
            return
        path = self._scratch / "site" / href.strip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html)
        self.pages += 1

    def files(self) -> Iterator[tuple[PurePosixPath, bytes]]:
        """The index's files under pagefind/, in a stable order and with stable bytes."""
        site, bundle = self._scratch / "site", self._scratch / "bundle"
        if not self.pages:  # Pagefind refuses an empty site: a journal with no article yet has nothing to search
            return
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
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            rel = PurePosixPath(path.relative_to(bundle).as_posix())
            data = path.read_bytes()
            if rel.name == "pagefind-entry.json":
                data = _stable_entry(data)
            yield PurePosixPath(FOLDER) / rel, data

    def close(self) -> None:
        """Remove the scratch folder; safe to call twice, and on a build abandoned half-way."""
        shutil.rmtree(self._scratch, ignore_errors=True)


def _error(message: str) -> ContentError:
    """Pagefind's failures are the installation's, not the content's: reported against site.yaml, with the fix."""
    return ContentError(
        Position(PurePosixPath("site.yaml")), f"search index: {message} (reinstall: pip install -r requirements.txt)"
    )


def _stable_entry(data: bytes) -> bytes:
    """Pagefind lists the languages of pagefind-entry.json in a random order: sort them, so rebuilds are identical."""
    entry = json.loads(data)
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
