"""Everything before the first page: load and check the content, the catalogs and the templates, and plan every page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .edition import Edition
from .errors import BuildFailed, ContentError, Position, warning
from .theme import catalog_paths, load_translations, load_typography, static_files

if TYPE_CHECKING:  # the stages are imported where prepare() runs them: importing diptych (whose face this module's
    from babel.support import NullTranslations

    from .config import SiteConfig  # prepare is) loads no library that reads or renders, so that a build that
    from .load import Memo  # finds nothing changed answers before any of them is imported
    from .models import Site, Version
    from .plan import PlannedPage
    from .render import Renderer
    from .typography import Typography
    from .urls import Urls
    from .views import Link


@dataclass(frozen=True, slots=True)
class Prepared:
    """A site loaded, checked and planned, ready to render: everything before the first page."""

    site: Site
    pages: list[PlannedPage]
    renderer: Renderer
    static: list[tuple[PurePosixPath, bytes]]
    warnings: list[ContentError]
    urls: Urls  # every href of the site
    edition: Edition
    typography: Mapping[str, Typography | None]  # each language's rules, the site's or the default ones
    translations: Mapping[str, NullTranslations]  # each language's catalog, for planning again (serve's edit-first pages)


def prepare(site_dir: Path, edition: Edition | str = Edition.PUBLIC, memo: Memo | None = None, jobs: int = 1) -> Prepared:
    """Load and check the content, the catalogs and every template, and plan every page; BuildFailed lists every error.

    `memo`: the build cache, for files parsed before; `jobs`: processes that parse and check the article files."""
    edition = Edition(edition)  # a name ("full") from a caller outside the package; ValueError for an unknown one
    from .config import read_config
    from .load import load_content, odd_files
    from .plan import plan_site, searchable
    from .render import Renderer

    config, settings_errors = read_config(site_dir)  # settings in error still check the content, in the same run
    if config is None:
        raise BuildFailed(settings_errors)
    site, errors = load_content(site_dir, config, memo, jobs)
    errors += settings_errors
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
        pages, problems = plan_site(site, urls, translations, typography, edition)
        errors += problems
    if errors or site is None:
        raise BuildFailed(errors, warnings + (_nothing_withheld(site) if site is not None else []))
    return Prepared(site, pages, renderer, static, warnings + _nothing_withheld(site), urls, edition, typography, translations)


def _languages(site_dir: Path, config: SiteConfig) -> tuple[dict, Urls, list[ContentError], list[ContentError]]:
    """Each language's catalog and URL segments."""
    from .urls import Urls, section_names, valid_segment

    translations, sections, errors, warnings = {}, {}, [], []
    for lang in config.languages:
        translations[lang], problems = load_translations(site_dir, lang)
        errors += problems
        where = Position(PurePosixPath(f"locales/{lang}/LC_MESSAGES/messages.po"))
        if not catalog_paths(site_dir, lang):
            warnings.append(warning(where, f"no catalog for {lang!r}: its interface strings stay in English"))
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
    from . import markup
    from .views import Link

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
    teaser_paragraphs = site.config.paywall.teaser_paragraphs
    return [
        warning(version.where, "paywalled, but the teaser is the whole body: nothing is withheld")
        for article in site.articles
        if article.paywalled
        for version in article.versions.values()
        if version.has_body and version.remaining_percent is None and _share(site, version, teaser_paragraphs) is None
    ]


def _share(site: Site, version: Version, teaser_paragraphs: int) -> int | None:
    """The share of a version's body left to read: as load's reading found it, or read now (free by default)."""
    from . import paywall
    from .load.body import read_body

    if version.public is not None:
        return version.public.remaining_percent
    return paywall.remaining_percent(read_body(site.root, version.body), teaser_paragraphs)
