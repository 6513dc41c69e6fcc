"""`python build.py check`: the whole site validated and rendered in memory, nothing written.

Beyond the build's own errors: a translation report (missing language versions, versions without
keywords), internal links and #anchors that lead nowhere, figures and PDFs that are missing.

Which links are the site's own, and so checked: those on the site's host (base_url's, in any letter case, by http or
https, with its scheme's default port or without) whose path is the site's home or lies in a folder or file the
build writes at the top of the site, under base_url's path: a language folder (/fr/..., /en/...), static/,
pagefind/, sitemap.xml, robots.txt, 404.html, the first folder of an alias; and those whose first segment is one of
these in other letters (/FR/...) or empty (/revue//fr/...), mistyped pages of the site. Any other path under
base_url's path on that host (/login, /boutique/...) is taken as another program's on the same host, as the build
takes it: never an error, but a warning at its line when a body or an abstract holds the link (/articles/x/ with its
language forgotten is one). A paywall setting (access_url, purchase_url) that points into the site's own pages at a
page the build does not write is one error at its line in site.yaml, not one per article page.
"""

from __future__ import annotations

import dataclasses
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from . import markup
from .errors import BuildFailed, ContentError, Position, warning
from .i18n import formats
from .load.beside import read_beside
from .load.body import read_body
from .models import Site
from .plan import PlannedPage
from .prepare import Prepared, prepare
from .produce import site_files
from .render import template_error
from .search import BUNDLE, FOLDER, indexable

HREF = re.compile(r'\s(?:href|src)="([^"]*)"')
DEFAULT_PORTS = {"http": 80, "https": 443}
ELSEWHERE = "which is no page the site builds (fine if another program serves it there)"
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
        return CheckReport(tuple(failed.errors), tuple(failed.warnings), 0, time.perf_counter() - started)
    errors, links = _render_and_link(site_dir, prepared)
    warnings = sorted([*prepared.warnings, *translation_report(prepared.site), *links], key=ContentError.sort_key)
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
                report.append(warning(first.where, f"no {formats('en').language(lang)} version ({article.key}.{lang}.md)"))
        for version in article.versions.values():
            if not version.keywords:
                report.append(warning(version.where, "no keywords"))
    for page in site.pages:
        first = next(iter(page.versions.values()))
        for lang in languages:
            if lang not in page.versions:
                report.append(warning(first.where, f"no {formats('en').language(lang)} version ({page.key}.{lang}.md)"))
    return report


def _render_and_link(site_dir, prepared: Prepared) -> tuple[list[ContentError], list[ContentError]]:
    """Render every page in memory; then every internal link and #anchor must lead somewhere. Returns (errors,
    warnings): a link in a text to the site's host, under its base path, but to none of its pages is a warning."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    urls = prepared.urls
    files: set[PurePosixPath] = {path for path, _ in [*prepared.static, *site_files(prepared)]}
    ids: dict[PurePosixPath, set[str]] = {}
    links: list[tuple[PlannedPage, str]] = []
    missing: set[PurePosixPath] = set()  # figures already reported
    texts = _texts(prepared.site)
    for page in prepared.pages:
        context = page.context()
        try:
            data = prepared.renderer.render(page, context)
        except Exception as exc:  # as in a build: a template may fail in any way
            errors.append(template_error(exc, site_dir, page.href))
            continue
        rendered = data.decode("utf-8")
        files.add(page.path)
        files.update(page.path.parent / name for name, _ in context.get("downloads", ()))
        if indexable(page.href, data):  # a page to search, as the build decides it: Pagefind will write its bundle
            files.update(PurePosixPath(FOLDER, name) for name in BUNDLE)
        tags = markup.OPEN_TAG.findall(rendered)  # a link shown as code is text, its '<' escaped: no tag
        ids[page.path] = {found for tag in tags for found in ID.findall(tag)}
        links += [(page, html.unescape(href)) for tag in tags for href in HREF.findall(tag)]
        for file in context.get("files", ()):
            try:
                read_beside(site_dir, file.source, file.where)
            except BuildFailed as failed:
                errors += failed.errors  # at the figure's line, as the build says it
                missing.add(page.path.parent / file.name)
                continue
            files.add(page.path.parent / file.name)
    site_host = _host(urlsplit(urls.absolute("/")))
    tops = {path.parts[0] for path in files if path.parts} | set(prepared.site.config.languages)
    settings = _paywall_settings(prepared.site)
    wrong_settings: dict[str, ContentError] = {}
    said: set[tuple[Position, str]] = set()  # a link written once, shown on several pages (an abstract): said once

    def report(problem: ContentError, written: Position | None, href: str) -> None:
        """A problem of a page's link, at the line of the text that holds it when one does (said once there)."""
        into = warnings if problem.is_warning else errors
        if written is None:
            into.append(problem)
        elif (written, href) not in said:
            said.add((written, href))
            into.append(dataclasses.replace(problem, where=written))

    for page, href, where, written in _by_writer(links, texts):
        target = urlsplit(urljoin(urls.absolute(page.href), href))
        same_host = site_host is not None and _host(target) == site_host
        place = _place(unquote(target.path), urls.base_path, tops) if same_host else "outside"
        if place == "outside":
            continue  # another site, or this one's parent: not ours to check
        if place == "elsewhere":  # perhaps another program's page on this host; said only when a text holds the link
            if written is not None:
                report(warning(where, f"a link on {page.href} goes to {href} on this site's host, {ELSEWHERE}"), written, href)
            continue
        path = urls.output_path(unquote(target.path))
        if path in missing:
            continue
        if path not in files:
            setting = next((s for s in settings if s.matches(href)), None)
            if setting is not None and written is None:  # once, whatever the pages
                wrong_settings.setdefault(setting.name, setting.error(site_dir, target.path, urls.base_path))
                continue
            report(ContentError(where, f"a link on {page.href} leads nowhere: {href}"), written, href)
        elif target.fragment and path in ids and unquote(target.fragment) not in ids[path]:
            message = f"a link on {page.href} goes to #{unquote(target.fragment)}, which {target.path} does not have"
            report(ContentError(where, message), written, href)
    return list(dict.fromkeys(errors)) + list(wrong_settings.values()), list(dict.fromkeys(warnings))


def _by_writer(
    links: list[tuple[PlannedPage, str]], texts: dict[PurePosixPath, tuple[_Text, ...]]
) -> list[tuple[PlannedPage, str, Position, Position | None]]:
    """Each link with the content file behind its page and where a text writes it (None: the theme or the settings
    put it there); those on the page of the file that writes them first, so that a link is said on its own page."""
    found = []
    for page, href in links:
        where = page.source or Position(PurePosixPath(page.path))
        found.append((page, href, where, _written(texts, where, href)))
    return sorted(found, key=lambda link: link[3] is not None and link[3].path != link[2].path)


def _host(address: SplitResult) -> tuple[str, int | None] | None:
    """The host and port of a web address, as a browser compares them: the host in any letter case, http and https
    alike (a site answers both, or sends one to the other), the scheme's default port as none; None if not on the web."""
    if address.scheme not in DEFAULT_PORTS or not address.hostname:
        return None
    try:
        port = address.port
    except ValueError:  # a port out of range or not a number: no page of this site
        return None
    return address.hostname.rstrip(".").lower(), None if port == DEFAULT_PORTS[address.scheme] else port


def _place(path: str, base_path: str, tops: set[str]) -> str:
    """Where a path on the site's host lies: "page" when it is one of the site's (its home, or under a top-level
    folder or file the build writes, `tops`: fr, en, static, sitemap.xml ...), or would be but for its letter case or
    an empty segment (/FR/, /revue//fr/: mistyped); "elsewhere" for another path under the base path (a login, a
    shop, or a language forgotten); "outside" for a path outside the base path (the parent's)."""
    if path in (base_path, base_path + "/"):
        return "page"
    if not path.startswith(base_path + "/"):
        return "outside"
    first = path[len(base_path) + 1 :].split("/", 1)[0]
    return "page" if not first or first.lower() in {top.lower() for top in tops} else "elsewhere"


@dataclass(frozen=True, slots=True)
class _Setting:
    """A link that site.yaml's paywall settings put on every paywalled page."""

    name: str  # paywall.access_url
    value: str  # as written: https://revue.example.org/fr/shop/{doi}
    pattern: re.Pattern[str]  # the links it gives, placeholders filled in

    def matches(self, href: str) -> bool:
        return bool(self.pattern.fullmatch(href))

    def error(self, site_dir: Path, path: str, base_path: str) -> ContentError:
        """The setting's mistake, at its line in site.yaml, naming the site's folder it points into (/revue/fr/)."""
        line = _line_of(site_dir, self.name.rsplit(".", 1)[-1])
        first = f"{base_path}/{path[len(base_path) + 1 :].split('/', 1)[0]}/"
        message = (
            f"'{self.name}' leads nowhere: {self.value} is in the site's own pages ({first}), where the build writes no such page"
        )
        return ContentError(Position(PurePosixPath("site.yaml"), line), message)


def _paywall_settings(site: Site) -> list[_Setting]:
    """The paywall's links, as site.yaml writes them."""
    found = []
    for name in ("access_url", "purchase_url"):
        value = getattr(site.config.paywall, name)
        if value:
            parts = re.split(r"\{[a-z]+\}", value)
            pattern = re.compile(".*?".join(re.escape(part) for part in parts), re.S)
            found.append(_Setting(f"paywall.{name}", value, pattern))
    return found


def _line_of(site_dir: Path, key: str) -> int | None:
    """The line of site.yaml where `key:` is written (a paywall setting), if it can be found."""
    try:
        text = (site_dir / "site.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(text.split("\n"), start=1) if pattern.match(line)), None)


@dataclass(frozen=True, slots=True)
class _Text:
    """A text of a content file that links are written in: a body, whose lines count from its first, or a front
    matter field (the abstract), whose links are all said at the field's line."""

    where: Position  # the file, at the text's first line
    text: str
    counted: bool  # a body: its lines count from where.line

    def line_of(self, href: str) -> int | None:
        """The line that writes this link's address whole (not inside a longer one), None when the text does not."""
        forms = {href, unquote(href)}
        if not any(form in self.text for form in forms):  # most links on a page are the theme's: no pattern to make
            return None
        written = re.compile(rf"(?<![\w/.~%-])(?:{'|'.join(map(re.escape, sorted(forms)))})(?![\w/~%#?&=+@$*-])")
        if not written.search(self.text):
            return None
        if not self.counted:
            return self.where.line
        return next(
            (self.where.line + n for n, text in enumerate(self.text.split("\n")) if written.search(text)), self.where.line
        )


def _texts(site: Site) -> dict[PurePosixPath, tuple[_Text, ...]]:
    """Each content file's texts that its pages' links may be written in, in the order to look: its body and its
    abstract, then those of the article's other versions (a page shows their abstracts, and another's body when its
    own version has none)."""
    texts: dict[PurePosixPath, tuple[_Text, ...]] = {}
    for article in site.articles:
        own = {
            v.where.path: (
                _Text(v.where.at(v.body_line), read_body(site.root, v.body), True),
                _Text(v.at("abstract"), v.abstract, False),
            )
            for v in article.versions.values()
        }
        for path, first in own.items():
            texts[path] = first + tuple(text for other, theirs in own.items() if other != path for text in theirs)
    for page in site.pages:
        for v in page.versions.values():
            texts[v.where.path] = (_Text(v.where.at(v.body_line), v.body, True),)
    return texts


def _written(texts: dict[PurePosixPath, tuple[_Text, ...]], where: Position, href: str) -> Position | None:
    """Where a text of the content file behind a page (or of its article's other versions) writes this link, None
    when none holds it (the theme or the settings put it on the page)."""
    for text in texts.get(where.path, ()):
        line = text.line_of(href)
        if line is not None:
            return text.where.at(line)
    return None
