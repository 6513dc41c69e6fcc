"""diptych: a bilingual static site generator for journals."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import markup, paywall
from .config import SiteConfig, load_config
from .errors import BuildFailed, ContentError, Position
from .feeds import feeds
from .i18n import catalog_paths, load_translations, load_typography
from .load import load_content, odd_files
from .models import Site
from .plan import PlannedPage, plan_site, searchable
from .render import Renderer, static_files, template_error
from .search import SearchIndex
from .sitemap import robots, sitemaps
from .typography import Typography
from .urls import Urls, section_names, valid_segment
from .views import Beside, Link
from .write import check_output_folder, replace_output

__version__ = "0.1.0"

Progress = Callable[[int, int], None]
EDITIONS = ("public", "full")  # the public site; the subscriber edition, full texts included, for a host behind a login


@dataclass(frozen=True, slots=True)
class Report:
    pages: dict[str, int]  # pages written per language
    warnings: tuple[ContentError, ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class Prepared:
    """A site loaded, checked and planned, ready to render: everything before the first page."""

    site: Site
    pages: list[PlannedPage]
    renderer: Renderer
    static: list[tuple[PurePosixPath, bytes]]
    warnings: list[ContentError]


def prepare(site_dir: Path, edition: str = "public") -> Prepared:
    """Load and check the content, the catalogs and every template, and plan every page; BuildFailed lists every error."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    config, errors = load_config(site_dir)
    if config is None:
        raise BuildFailed(errors)
    site, errors = load_content(site_dir, config)
    odd_errors, odd_warnings = odd_files(site_dir)
    translations, urls, problems, warnings = _languages(site_dir, config)
    errors += problems + odd_errors
    warnings += odd_warnings
    css_name, static = static_files(site_dir)
    links = _page_links(site, urls) if site else {}
    typography, problems = _typography(site_dir, config)
    errors += problems
    renderer = Renderer(
        site_dir, config, urls, translations, css_name, links, edition, searchable(site) if site else False, typography
    )
    errors += renderer.check()
    pages: list[PlannedPage] = []
    if site is not None:
        pages, problems = plan_site(site, urls, translations, edition)
        errors += problems
    if errors or site is None:
        raise BuildFailed(errors)
    return Prepared(site, pages, renderer, static, warnings + _nothing_withheld(site))


def build(site_dir: Path, out_dir: Path, *, edition: str = "public", progress: Progress | None = None) -> Report:
    """Load, check, plan, render and swap in the whole site; raises BuildFailed with every error."""
    started = time.perf_counter()
    folder_errors = check_output_folder(out_dir, site_dir, edition)
    try:
        prepared = prepare(site_dir, edition)
    except BuildFailed as failed:  # the output folder's problems are reported with the content's
        raise BuildFailed(failed.errors + folder_errors) from None
    if folder_errors:
        raise BuildFailed(folder_errors)
    replace_output(render_pages(site_dir, prepared, progress), out_dir, edition)
    counts = Counter("" if page.every_language else page.lang for page in prepared.pages)
    return Report(dict(counts), tuple(prepared.warnings), time.perf_counter() - started)


def _languages(site_dir: Path, config: SiteConfig) -> tuple[dict, Urls, list[ContentError], list[ContentError]]:
    """Each language's catalog and URL segments."""
    translations, sections, errors, warnings = {}, {}, [], []
    for lang in config.languages:
        translations[lang], problems = load_translations(site_dir, lang)
        errors += problems
        where = Position(PurePosixPath(f"locales/{lang}/LC_MESSAGES/messages.po"))
        if not catalog_paths(site_dir, lang):
            warnings.append(ContentError(where, f"no catalog for {lang!r}: its interface strings stay in English"))
        sections[lang] = section_names(config, lang, translations[lang])
        for section, segment in sections[lang].items():
            if not valid_segment(segment):
                errors.append(ContentError(where, f"the URL segment of {section!r} is {segment!r}, not a plain URL segment"))
    return translations, Urls(config, sections), errors, warnings


def _typography(site_dir: Path, config: SiteConfig) -> tuple[dict[str, Typography | None], list[ContentError]]:
    """Each language's typography rules (None for a language without)."""
    rules, errors = {}, []
    for lang in config.languages:
        rules[lang], problems = load_typography(site_dir, lang)
        errors += problems
    return rules, errors


def _page_links(site: Site, urls: Urls) -> dict[str, tuple[Link, ...]]:
    """The free-standing pages of each language, for the footer."""
    return {
        lang: tuple(
            Link(markup.inline(p.versions[lang].title), urls.page(lang, p.versions[lang].slug))
            for p in site.pages
            if lang in p.versions
        )
        for lang in site.config.languages
    }


def _nothing_withheld(site: Site) -> list[ContentError]:
    """A paywalled article whose teaser is its whole body gives everything away: say so."""
    warnings = []
    for article in site.articles:
        for version in article.versions.values():
            if article.paywalled and version.has_body and version.remaining_percent is None:
                split = paywall.split(version.body, paywalled=True, teaser_paragraphs=site.config.paywall.teaser_paragraphs)
                if split.remaining_percent is None:
                    warnings.append(
                        ContentError(version.where, "paywalled, but the teaser is the whole body: nothing is withheld")
                    )
    return warnings


def render_pages(site_dir: Path, prepared: Prepared, progress: Progress | None = None) -> Iterator[tuple[PurePosixPath, bytes]]:
    """Every output file, one page at a time: the theme's static files, each page and the files beside it, the
    feeds, the sitemap and robots.txt, and last the search index of the pages just rendered."""
    yield from prepared.static
    pages, renderer = prepared.pages, prepared.renderer
    index = SearchIndex()
    try:
        for done, page in enumerate(pages, 1):
            context = page.context()
            try:
                data = renderer.render(page, context)
            except Exception as exc:  # a publisher's template may fail in any way: name it, with its line
                raise BuildFailed([template_error(exc, site_dir, page.href)]) from None
            yield page.path, data
            index.add(page.href, data)
            for file in context.get("files", ()):
                yield page.path.parent / file.name, read_beside(site_dir, file)
            for name, content in context.get("downloads", ()):
                yield page.path.parent / name, content
            if progress:
                progress(done, len(pages))
        yield from site_files(prepared)
        yield from index.files()
    finally:
        index.close()


def site_files(prepared: Prepared) -> list[tuple[PurePosixPath, bytes]]:
    """The files about the whole site: the feeds, the sitemap (public edition) and robots.txt."""
    urls, edition = prepared.renderer.urls, prepared.renderer.edition
    files = feeds(prepared.site, urls, prepared.site.config.languages)
    if edition == "public":
        files += sitemaps(prepared.pages, urls)
    return [*files, robots(urls, edition)]


def read_beside(site_dir: Path, file: Beside) -> bytes:
    """A file published beside an article's page (a figure, a PDF): a real file inside content/, not a link to elsewhere."""
    path = site_dir / file.source
    content = (site_dir / "content").resolve()
    if path.is_symlink() or content not in path.resolve().parents:
        raise BuildFailed(
            [ContentError(file.where, f"{file.source.name!r} is a symbolic link or lies outside content/: not published")]
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BuildFailed(
            [ContentError(file.where, f"cannot publish {file.source.name!r} beside this article: {exc.strerror}")]
        ) from None
