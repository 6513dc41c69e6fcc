"""What a planned page is: its address, language, template and context, its translations and switcher links."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from ..errors import ContentError, Position
from ..i18n import Formats
from ..urls import Urls
from ..views import (
    Link,
)

HOME_ARTICLES = 10  # the latest articles on a language home
PAGES_AROUND = 2  # a list's page links the first and last pages, and this many on either side of its own
UNLISTED = ("404", "alias", "search")  # pages left out of the sitemap: no content of their own


@dataclass(frozen=True, slots=True)
class Alternate:
    lang: str
    href: str  # absolute URL


@dataclass(frozen=True, slots=True)
class SwitchLink:
    lang: str
    name: str  # the language's name in itself
    href: str
    translation: bool  # False when it goes to that language's home or index instead


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a template may know about the page it renders: its address and its translations."""

    href: str
    lang: str
    canonical: str
    alternates: tuple[Alternate, ...]
    x_default: str | None
    switch: tuple[SwitchLink, ...]


@dataclass(frozen=True, slots=True)
class PlannedPage:
    href: str
    path: PurePosixPath
    lang: str
    template: str
    context: Callable[[], Mapping[str, Any]] = field(compare=False)  # the page's views, built when it renders
    canonical: str = ""
    alternates: tuple[Alternate, ...] = ()  # its translations, itself included (hreflang)
    x_default: str | None = None
    switch: tuple[SwitchLink, ...] = ()  # the language switcher
    every_language: bool = False  # the landing and 404 pages speak all the site's languages at once
    source: Position | None = None  # the content file behind the page, for messages
    lastmod: date | None = None  # the newest date of what the page shows (sitemap)
    listed: bool = True  # in the sitemap: not redirects, nor the 404 page
    deps: tuple = field(default=(), compare=False)  # the content its context shows (models, values): the cache's key
    volume: int | None = None  # an article page's volume: the search index is split by spans of volumes (search/parts.py)

    @property
    def meta(self) -> PageMeta:
        """The page for its template: never the context builder, which holds the content models."""
        return PageMeta(self.href, self.lang, self.canonical, self.alternates, self.x_default, self.switch)


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    count: int
    previous: str | None
    next: str | None
    pages: tuple[Link | None, ...]  # the pages linked (see page_numbers); None where some are left out (…)


@dataclass(frozen=True, slots=True)
class Draft:
    key: tuple  # pages with the same key in several languages are translations of each other
    fallback: tuple | None  # where the switcher goes when a language has no translation
    href: str
    lang: str
    template: str
    context: Callable[[], Mapping[str, Any]]
    where: Position | None = None  # the source of an article or page, for error messages
    lastmod: date | None = None
    deps: tuple = ()  # every model and value its context reads, besides the settings, templates and catalogs
    volume: int | None = None


def finish(drafts: list[Draft], urls: Urls, languages: tuple[str, ...]) -> tuple[list[PlannedPage], list[ContentError]]:
    """Alternates, x-default and switcher links from the translation keys; two pages on one URL is an error."""
    by_key: dict[tuple, dict[str, str]] = defaultdict(dict)
    for draft in drafts:
        by_key[draft.key][draft.lang] = draft.href
    pages, errors, seen = [], [], {}
    for draft in drafts:
        path = urls.output_path(draft.href)
        if path in seen:
            errors.append(_collision(draft, seen[path]))
            continue
        seen[path] = draft
        # the landing page is the homes' x-default: it declares them in return
        versions = by_key[("home",) if draft.key[0] == "landing" else draft.key]
        multilingual = draft.key[0] not in ("landing", "404", "alias")
        alternates = (
            tuple(Alternate(lang, urls.absolute(versions[lang])) for lang in languages if lang in versions)
            if multilingual or draft.key[0] == "landing"
            else ()
        )
        if draft.key[0] in ("home", "landing"):
            x_default = urls.absolute(urls.landing())
        else:
            x_default = alternates[0].href if alternates else None
        switch = ()
        if multilingual:
            switch = tuple(_switch_link(draft, lang, versions, by_key) for lang in languages)
        pages.append(
            PlannedPage(
                draft.href,
                path,
                draft.lang,
                draft.template,
                draft.context,
                _canonical(draft, urls),
                alternates,
                x_default,
                switch,
                draft.key[0] in ("landing", "404"),
                draft.where.at(1) if draft.where else None,
                draft.lastmod,
                draft.key[0] not in UNLISTED,
                draft.deps,
                draft.volume,
            )
        )
    return sorted(pages, key=lambda p: p.href), errors


def _canonical(draft: Draft, urls: Urls) -> str:
    """A page's own URL; a redirect's target; none for the 404 page, which is served at any address."""
    if draft.key[0] == "alias":
        return draft.context()["canonical"]
    return urls.absolute(draft.href) if draft.key[0] != "404" else ""


def _switch_link(draft: Draft, lang: str, versions: dict[str, str], by_key: dict[tuple, dict[str, str]]) -> SwitchLink:
    name = Formats.autonym(lang)
    if lang in versions:
        return SwitchLink(lang, name, versions[lang], True)
    fallback = by_key.get(draft.fallback or ("home",), {}).get(lang) or by_key[("home",)][lang]
    return SwitchLink(lang, name, fallback, False)


def _collision(draft: Draft, first: Draft) -> ContentError:
    where = draft.where or first.where or Position(PurePosixPath("site.yaml"))
    also = tuple(p for p in (first.where,) if p and p != where)
    return ContentError(where, f"two pages would be written at {draft.href}; change a slug or a URL segment", also=also)
