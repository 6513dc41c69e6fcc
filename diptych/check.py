"""`python build.py check`: the whole site validated and rendered in memory, nothing written.

Beyond the build's own errors: a translation report (missing language versions, versions without
keywords), internal links and #anchors that lead nowhere, figures and PDFs that are missing.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from . import Prepared, prepare, read_beside, site_files
from .errors import BuildFailed, ContentError, Position
from .i18n import formats
from .models import Site
from .plan import PlannedPage
from .render import template_error
from .search import BUNDLE, FOLDER, MARK

HREF = re.compile(r'\s(?:href|src)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True, slots=True)
class CheckReport:
    errors: tuple[ContentError, ...]
    warnings: tuple[ContentError, ...]
    pages: int  # pages rendered and checked (0 when the content did not load)
    seconds: float

    def as_json(self) -> dict[str, Any]:
        """For editorial tooling: every problem with its file and line."""

        def entry(problem: ContentError) -> dict[str, Any]:
            return {
                "path": str(problem.where.path),
                "line": problem.where.line,
                "message": problem.message,
                "also": [{"path": str(p.path), "line": p.line} for p in problem.also],
            }

        return {
            "errors": [entry(e) for e in self.errors],
            "warnings": [entry(w) for w in self.warnings],
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
        }


def check_site(site_dir) -> CheckReport:
    """Every error a build would meet, and more, without writing anything."""
    started = time.perf_counter()
    try:
        prepared = prepare(site_dir)
    except BuildFailed as failed:
        return CheckReport(tuple(failed.errors), (), 0, time.perf_counter() - started)
    errors = _render_and_link(site_dir, prepared)
    warnings = sorted([*prepared.warnings, *translation_report(prepared.site)], key=ContentError.sort_key)
    errors.sort(key=ContentError.sort_key)
    return CheckReport(tuple(errors), tuple(warnings), len(prepared.pages), time.perf_counter() - started)


def translation_report(site: Site) -> list[ContentError]:
    """Which articles and pages lack which language, which versions lack keywords."""
    languages = site.config.languages
    report = []
    for article in site.articles:
        first = next(iter(article.versions.values()))
        for lang in languages:
            if lang not in article.versions:
                report.append(ContentError(first.where, f"no {formats('en').language(lang)} version ({article.key}.{lang}.md)"))
        for version in article.versions.values():
            if not version.keywords:
                report.append(ContentError(version.where, "no keywords"))
    for page in site.pages:
        first = next(iter(page.versions.values()))
        for lang in languages:
            if lang not in page.versions:
                report.append(ContentError(first.where, f"no {formats('en').language(lang)} version ({page.key}.{lang}.md)"))
    return report


def _render_and_link(site_dir, prepared: Prepared) -> list[ContentError]:
    """Render every page in memory; then every internal link and #anchor must lead somewhere."""
    errors: list[ContentError] = []
    urls = prepared.renderer.urls
    files: set[PurePosixPath] = {path for path, _ in [*prepared.static, *site_files(prepared)]}
    ids: dict[PurePosixPath, set[str]] = {}
    links: list[tuple[PlannedPage, str]] = []
    missing: set[PurePosixPath] = set()  # figures already reported
    bodies = _bodies(prepared.site)
    for page in prepared.pages:
        context = page.context()
        try:
            rendered = prepared.renderer.render(page, context).decode("utf-8")
        except Exception as exc:  # as in a build: a template may fail in any way
            errors.append(template_error(exc, site_dir, page.href))
            continue
        files.add(page.path)
        files.update(page.path.parent / name for name, _ in context.get("downloads", ()))
        if MARK in rendered.encode():  # a page to search: Pagefind will write its bundle
            files.update(PurePosixPath(FOLDER, name) for name in BUNDLE)
        ids[page.path] = set(ID.findall(rendered))
        links += [(page, html.unescape(href)) for href in HREF.findall(rendered)]
        for file in context.get("files", ()):
            try:
                read_beside(site_dir, file)
            except BuildFailed as failed:
                errors += [_at_line(bodies, e.where, file.name, e.message) for e in failed.errors]
                missing.add(page.path.parent / file.name)
                continue
            files.add(page.path.parent / file.name)
    origin = urlsplit(urls.absolute("/"))
    for page, href in links:
        target = urlsplit(urljoin(urls.absolute(page.href), href))
        if (target.scheme, target.netloc) != (origin.scheme, origin.netloc) or not target.path.startswith(urls.base_path + "/"):
            continue  # another site, or this one's parent: not ours to check
        path = urls.output_path(unquote(target.path))
        where = page.source or Position(PurePosixPath(page.path))
        if path in missing:
            continue
        if path not in files:
            errors.append(_at_line(bodies, where, href, f"a link on {page.href} leads nowhere: {href}"))
        elif target.fragment and path in ids and unquote(target.fragment) not in ids[path]:
            message = f"a link on {page.href} goes to #{unquote(target.fragment)}, which {target.path} does not have"
            errors.append(_at_line(bodies, where, href, message))
    return list(dict.fromkeys(errors))


def _bodies(site: Site) -> dict[PurePosixPath, tuple[str, int]]:
    """Each source file's body and the line it starts on."""
    bodies = {v.where.path: (v.body, v.body_line) for a in site.articles for v in a.versions.values()}
    return bodies | {v.where.path: (v.body, v.body_line) for p in site.pages for v in p.versions.values()}


def _at_line(bodies: dict[PurePosixPath, tuple[str, int]], where: Position, needle: str, message: str) -> ContentError:
    """The error at the line of the source that holds `needle` (a link's address), when there is one."""
    body, first = bodies.get(where.path, ("", 0))
    line = next((first + n for n, text in enumerate(body.split("\n")) if needle in text), where.line)
    return ContentError(where.at(line), message)
