"""`serve`'s edit-first pages: the pages an edit of article files shows, rendered from the site serve holds before
the whole build that follows (which redoes the search index, the feeds and every list, and replaces them).

serve keeps the last good build's prepared site (prepare.Prepared: metadata, plan, renderer, no bodies). When the
files changed are versions of articles it knows, those articles' files are read again (and only those), the site
is planned again with them, and the pages whose content includes them are rendered by the same renderer as a build:
the article's pages in each language, its issue, the lists and the author and keyword pages that show it, with the
files beside them (citation files, figures, a PDF). They are
served from memory, never written (preview.Preview.show); the whole build then swaps in the output and they are
dropped. Anything else (a new or removed file, an issue, a page, site.yaml, a template, a catalog, a figure) and any
error in the files read gives no pages here: the whole build alone answers it, with its errors.

A paywalled article's pages are rendered by the renderer of the edition built, as in the build: its withheld text is
no more in these pages than in the output.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Position
from .load.articles import load_articles
from .load.beside import read_beside
from .plan import plan_site
from .prepare import Prepared


@dataclass(frozen=True, slots=True)
class Shown:
    """What an edit shows before the whole build: the files of its pages (output-relative path -> bytes)."""

    files: dict[str, bytes]
    pages: tuple[str, ...]  # their URLs
    seconds: float


def edited_pages(prepared: Prepared, changed: Iterable[Path]) -> Shown | None:
    """The pages showing the articles whose files are `changed` (absolute paths), rendered from `prepared` with those
    files read again; None when a change is not an edit of a known article version or anything read fails."""
    started = time.perf_counter()
    site = prepared.site
    root = site.root.resolve()
    known = {version.where.path: article.key for article in site.articles for version in article.versions.values()}
    keys = set()
    for path in changed:
        try:
            rel = PurePosixPath(Path(path).resolve().relative_to(root).as_posix())
        except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python 3.11's resolve)
            return None
        if rel not in known or not (root / rel).is_file():
            return None
        keys.add(known[rel])
    if not keys:
        return None
    articles = {article.key: article for article in site.articles}
    files = sorted(
        (site.root / version.where.path, Position(version.where.path, 1))
        for key in keys
        for version in articles[key].versions.values()
    )
    read, errors = load_articles(site.root, site.config, dict(site.issues), set(site.issues), None, 1, files)
    if errors or {article.key for article in read} != keys:
        return None
    new = {article.key: article for article in read}
    site = dataclasses.replace(site, articles=tuple(new.get(article.key, article) for article in site.articles))
    pages, errors = plan_site(site, prepared.urls, prepared.translations, prepared.typography, prepared.edition)
    if errors:
        return None
    ids = {id(article) for article in new.values()}
    edited = [page for page in pages if any(id(dep) in ids for dep in page.deps)]  # the models its plan says it shows
    shown: dict[str, bytes] = {}
    for page in edited:
        try:
            context = page.context()
            shown[str(page.path)] = prepared.renderer.render(page, context)
            for file in context.get("files", ()):  # its figures and PDF, from content/ as produce.write_site does
                shown[str(page.path.parent / file.name)] = read_beside(site.root, file.source, file.where)
        except Exception:  # BuildFailed (a figure missing), or a template's mistake: the whole build names it
            return None
        for name, content in context.get("downloads", ()):
            shown[str(page.path.parent / name)] = content
    return Shown(shown, tuple(page.href for page in edited), time.perf_counter() - started)


def warm(prepared: Prepared) -> None:
    """Render one page of each template in each language and drop it: what a renderer does once (Jinja compiles a
    template at its first use, Babel reads a locale's data, the citation style is loaded) is then done while serve
    waits for an edit, not in the second the editor waits for it. A page that fails is the next build's to say."""
    seen = set()
    for page in prepared.pages:
        if (page.template, page.lang) not in seen:
            seen.add((page.template, page.lang))
            try:
                prepared.renderer.render(page, page.context())
            except Exception:  # the build that made it rendered it; a file changed since is the next build's
                continue
