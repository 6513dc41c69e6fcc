"""diptych: a bilingual static site generator for journals."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from . import markup, paywall, stamp
from .cache import Cache, Fingerprints, PageRecord, digest, tree_digest
from .config import SiteConfig, read_config
from .errors import BuildFailed, ContentError, Position
from .feeds import feeds
from .i18n import DEFAULTS, catalog_paths, load_translations, load_typography
from .load import Memo, load_content, odd_files
from .models import Site, Version
from .parallel import SERIAL_BELOW, jobs_for
from .plan import PlannedPage, plan_site, searchable
from .pool import Work, ordered, render_all
from .render import Renderer, static_files
from .search import SearchIndex, merge
from .sitemap import robots, sitemaps
from .typography import Typography
from .urls import Urls, section_names, valid_segment
from .views import Beside, Link
from .write import WRITE_FAILED, Staging, check_output_folder, remove_later

__version__ = "0.2.0"
EDITIONS = ("public", "full")  # the public site; the subscriber edition, full texts included, for a host behind a login


@dataclass(frozen=True, slots=True)
class Report:
    pages: dict[str, int]  # pages written per language
    warnings: tuple[ContentError, ...]
    seconds: float
    rendered: tuple[str, ...] = ()  # the pages this build rendered (their URLs); the others came from the cache
    reused: int = 0
    jobs: int = 1  # worker processes
    phases: tuple[tuple[str, float], ...] = ()  # (step, seconds): where the time went
    unchanged: bool = False  # nothing the build reads had changed: output/ was left as it was


@dataclass(frozen=True, slots=True)
class Tally:
    """How far a build is: pages done and to do, per language ('' for the pages in every language)."""

    done: Mapping[str, int]
    total: Mapping[str, int]
    reused: int  # of the done, those taken from the cache

    @property
    def finished(self) -> bool:
        return sum(self.done.values()) == sum(self.total.values())


Progress = Callable[[Tally], None]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A site loaded, checked and planned, ready to render: everything before the first page."""

    site: Site
    pages: list[PlannedPage]
    renderer: Renderer
    static: list[tuple[PurePosixPath, bytes]]
    warnings: list[ContentError]


def prepare(site_dir: Path, edition: str = "public", memo: Memo | None = None, jobs: int = 1) -> Prepared:
    """Load and check the content, the catalogs and every template, and plan every page; BuildFailed lists every error.

    `memo`: the build cache, for files parsed before; `jobs`: processes that parse and check the article files."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
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
        pages, problems = plan_site(site, urls, translations, edition)
        errors += problems
    if errors or site is None:
        raise BuildFailed(errors)
    return Prepared(site, pages, renderer, static, warnings + _nothing_withheld(site))


def build(
    site_dir: Path,
    out_dir: Path,
    *,
    edition: str = "public",
    progress: Progress | None = None,
    cache: bool = True,
    jobs: int | None = None,
) -> Report:
    """Load, check, plan, render and swap in the whole site; raises BuildFailed with every error.

    With `cache` (the default), pages whose inputs are unchanged since an earlier build are taken from the site's
    .diptych-cache/ instead of rendered, and a build with no input changed at all leaves `out_dir` as it is.
    `jobs` worker processes render the pages (default: one per core).
    """
    started = time.perf_counter()
    folder_errors = check_output_folder(out_dir, site_dir, edition)
    store = Cache.open(site_dir, edition, enabled=cache)
    if not folder_errors:
        unchanged = stamp.unchanged(store, site_dir, out_dir)
        if unchanged is not None:
            pages, warnings = unchanged
            return Report(pages, warnings, time.perf_counter() - started, unchanged=True)
    inputs = stamp.inputs(store, site_dir)
    clock = _Clock(started)
    workers = jobs_for(jobs)
    try:
        prepared = prepare(site_dir, edition, store if store.enabled else None, workers)
    except BuildFailed as failed:  # the output folder's problems are reported with the content's
        raise BuildFailed(failed.errors + folder_errors) from None
    if folder_errors:
        raise BuildFailed(folder_errors)
    if store.enabled:
        store.write_sources()
    clock.lap("load and plan")
    with Staging(out_dir, edition) as staging:
        rendered, reused = write_site(site_dir, prepared, staging, store, workers, progress, clock)
        staging.swap(remove_later if store.enabled else None)  # the quick path leaves no one waiting for rmdir
        manifest = stamp.manifest(staging, store)
    counts = Counter("" if page.every_language else page.lang for page in prepared.pages)
    stamp.remember(store, out_dir, inputs, manifest, dict(counts), prepared.warnings)
    store.save()
    clock.lap("swap and cache")
    seconds = time.perf_counter() - started
    warnings = (*prepared.warnings, *staging.warnings)  # the content's (remembered), then what stays beside out/
    return Report(dict(counts), warnings, seconds, rendered, reused, workers, tuple(clock.laps))


class _Clock:
    """Where a build's time goes, step by step (--verbose prints it)."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.laps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps.append((step, now - self.last))
        self.last = now


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
    teaser_paragraphs = site.config.paywall.teaser_paragraphs
    return [
        ContentError(version.where, "paywalled, but the teaser is the whole body: nothing is withheld")
        for article in site.articles
        if article.paywalled
        for version in article.versions.values()
        if version.has_body and version.remaining_percent is None and _share(version, teaser_paragraphs) is None
    ]


def _share(version: Version, teaser_paragraphs: int) -> int | None:
    """The share of a version's body left to read: as load's reading found it, or read now (free by default)."""
    if version.public is not None:
        return version.public.remaining_percent
    return paywall.remaining_percent(version.body, teaser_paragraphs)


def write_site(
    site_dir: Path,
    prepared: Prepared,
    staging: Staging,
    store: Cache,
    jobs: int,
    progress: Progress | None = None,
    clock: _Clock | None = None,
) -> tuple[tuple[str, ...], int]:
    """Every output file into the staging folder: the theme's static files; each page and the files beside it,
    from the cache or rendered by the workers; the feeds, the sitemap and robots.txt; and last the search index of
    the pages. Returns (the URLs of the pages rendered, the number taken from the cache)."""
    for rel, data in prepared.static:
        staging.write(rel, data)
    pages = prepared.pages
    keys = page_keys(site_dir, prepared, store.code)
    records: list[PageRecord | None] = [store.page(key) if store.enabled else None for key in keys]
    misses = [n for n, record in enumerate(records) if record is None]
    tally = _Tally(pages, progress)
    for number, record in enumerate(records):
        if record is not None:
            for rel, hashed in record.files:
                staging.link(PurePosixPath(rel), store.object_path(hashed))
            tally.add(number, reused=True)
    errors: list[ContentError] = []
    work = Work(site_dir, pages, prepared.renderer, staging.root, staging.out, store.objects)
    for number, record, problems in render_all(work, ordered(misses, pages), jobs):
        errors += problems
        if record is not None:
            records[number] = record
            for rel, _ in record.files:
                staging.claim(PurePosixPath(rel))
        tally.add(number, reused=False)
    unwritten = [error for error in errors if error.message.startswith(WRITE_FAILED)]
    if errors:
        raise BuildFailed(unwritten[:1] or _once_per_place(errors))
    unpublished: list[ContentError] = []  # every missing figure of the build, said together, as check says them
    for page, key, record in zip(pages, keys, records, strict=True):
        assert record is not None
        store.keep_page(key, record)
        for file in record.beside:  # from content/ each time: the cache holds what was rendered, not the sources
            try:
                data = read_beside(site_dir, file)
            except BuildFailed as failed:
                unpublished += failed.errors
                continue
            if not unpublished:  # nothing more to write once the build has failed
                staging.write(page.path.parent / file.name, data)
    if unpublished:  # before the swap: the output stays as it was
        raise BuildFailed(sorted(dict.fromkeys(unpublished), key=ContentError.sort_key))
    for rel, data in site_files(prepared):
        staging.write(rel, data)
    if clock:
        clock.lap(f"pages ({len(misses)} rendered by {jobs if len(misses) >= SERIAL_BELOW else 1} process(es)), feeds, sitemap")
    for rel, data in search_files(pages, records, staging, store):
        if isinstance(data, Path):
            staging.link(rel, data)
        else:
            staging.write(rel, data)
    if clock:
        clock.lap("search index")
    return tuple(pages[n].href for n in misses), len(pages) - len(misses)


def page_keys(site_dir: Path, prepared: Prepared, code: str) -> list[str]:
    """Each page's cache key: everything its bytes depend on (see cache.py). Without a cache, nothing is keyed."""
    if not code:
        return ["" for _ in prepared.pages]
    renderer = prepared.renderer
    settings = digest(
        code,
        renderer.edition,
        (site_dir / "site.yaml").read_bytes(),
        repr(prepared.site.config),
        tree_digest([site_dir / "locales", DEFAULTS / "locales"]),
        renderer.fingerprint(),
    )
    templates = renderer.template_digests()
    fingerprint = Fingerprints()
    return [
        digest(settings, templates[page.template], str(page.path), page.lang, repr(page.meta), fingerprint.of(page.deps))
        for page in prepared.pages
    ]


def search_files(
    pages: list[PlannedPage], records: list[PageRecord | None], staging: Staging, store: Cache
) -> list[tuple[PurePosixPath, bytes | Path]]:
    """The search index of the pages just put in the staging folder: each language's from the cache when none of
    its pages changed, else made by Pagefind (the languages at once). Files kept in the cache come as their path
    there, to be linked; the others as bytes."""
    by_lang: dict[str, list[tuple[PlannedPage, str]]] = {}
    for page, record in zip(pages, records, strict=True):
        if record is not None and record.indexed:
            by_lang.setdefault(page.lang, []).append((page, record.files[0][1]))
    keys = {lang: digest(store.code, "search", lang, *(f"{p.href} {h}" for p, h in shown)) for lang, shown in by_lang.items()}
    indexes: dict[str, list[tuple[PurePosixPath, bytes | Path]]] = {}
    missing = []
    for lang, key in keys.items():
        found = store.search_files(key) if store.enabled else None
        if found is None:
            missing.append(lang)
        else:
            indexes[lang] = [(PurePosixPath(rel), store.object_path(h)) for rel, h in found]
            store.keep_search(key, found)
    if missing:
        index = SearchIndex()
        try:
            for lang in missing:
                for page, _ in by_lang[lang]:
                    index.add_file(page.href, staging.root / page.path, lang)
            made = index.run(missing)
        finally:
            index.close()
        for lang, files in made.items():
            indexes[lang] = list(files)
            if store.enabled:
                with contextlib.suppress(OSError):  # an index not kept is made again next time
                    kept = tuple((str(rel), store.keep_object(data)) for rel, data in files)
                    store.keep_search(keys[lang], kept)
                    indexes[lang] = [(PurePosixPath(rel), store.object_path(h)) for rel, h in kept]
    return merge(indexes)


def _once_per_place(errors: list[ContentError]) -> list[ContentError]:
    """A template failing on many pages is one mistake: said once, with the first page and how many others."""
    first: dict[Position, ContentError] = {}
    others: Counter[Position] = Counter()
    for error in sorted(errors, key=ContentError.sort_key):
        if error.where in first:
            others[error.where] += 1
        else:
            first[error.where] = error
    said = []
    for where, error in first.items():
        count = others[where]
        if count:
            also = f" and {count} other page{'s' if count > 1 else ''}"
            message = error.message[:-1] + also + ")" if error.message.endswith(")") else error.message + also
            error = replace(error, message=message)
        said.append(error)
    return said


class _Tally:
    def __init__(self, pages: list[PlannedPage], progress: Progress | None) -> None:
        self.langs = ["" if page.every_language else page.lang for page in pages]
        self.total = Counter(self.langs)
        self.done: Counter[str] = Counter()
        self.reused = 0
        self.progress = progress

    def add(self, number: int, reused: bool) -> None:
        self.done[self.langs[number]] += 1
        self.reused += reused
        if self.progress is not None:
            self.progress(Tally(dict(self.done), dict(self.total), self.reused))


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
