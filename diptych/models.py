"""The validated site, as frozen dataclasses built once by `load`."""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING

from markupsafe import Markup

from .errors import Position

if TYPE_CHECKING:  # a type only: importing the settings' reader (PyYAML, Babel) is the load side's
    from .config import SiteConfig


def _read_only(fields: dict) -> MappingProxyType:
    return MappingProxyType(fields)


# models keep their mappings read-only, pickled too: in the build cache, and on their way back from a forked worker
copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))


@dataclass(frozen=True, slots=True)
class Author:
    name: str  # plain text
    affiliation: str | None = None
    orcid: str | None = None  # 0000-0002-1825-0097
    family: str | None = None  # the family name as written in `name`, when the last word alone is not it ("García Márquez")
    suffix: str | None = None  # "fils", as written at the end of `name`, when not one cite.split_name knows ("Jr.", "III")


@dataclass(frozen=True, slots=True)
class OutlineItem:
    """One heading of a teaser-only version's declared outline."""

    title: str  # inline Markdown
    sections: tuple[OutlineItem, ...] = ()


@dataclass(frozen=True, slots=True)
class PublicText:
    """A body as the public edition shows it: the teaser's HTML, its headings, the withheld headings' titles and
    the share left to read; nothing else of the withheld part."""

    html: Markup
    headings: tuple[tuple[int, Markup, str], ...]  # (level, title, anchor) of the headings in `html`
    withheld: tuple[tuple[int, Markup], ...]  # (level, title) of the headings of the withheld part
    remaining_percent: int | None  # None when nothing is withheld


@dataclass(frozen=True, slots=True)
class Body:
    """A version's Markdown body by where it is, not its text: the text is read from its file when a page renders it
    (load.body.read_body), so a site in memory holds its articles' front matter and not their words."""

    path: PurePosixPath  # the version's file, under the site folder
    line: int  # the line where the body starts
    digest: str  # the hash of the text load read and checked: a file changed since is an error, never read unchecked
    blank: bool  # nothing but white space


@dataclass(frozen=True, slots=True)
class Version:
    """One language version of an article: KEY.LANG.md."""

    key: str
    lang: str
    where: Position  # the file, line 1
    title: str  # inline Markdown
    abstract: str  # Markdown
    slug: str
    body: Body  # Markdown, teaser and withheld part alike, read when rendered: only paywall/ looks inside
    body_line: int
    subtitle: str | None = None
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    outline: tuple[OutlineItem, ...] = ()  # declared, for a teaser-only version
    remaining_percent: int | None = None  # declared, for a teaser-only version
    # were it paywalled, its public text, read and rendered at load (its notes' backlink titles still to fill in
    # per language, markup.BACKLINK); None when load did not render it
    public: PublicText | None = None
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # the line of each front matter field
    figures: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))  # beside it: width, height

    def at(self, name: str) -> Position:
        """Where a field of this version is written (line 1 when it is not)."""
        return self.where.at(self.lines.get(name, 1))

    @property
    def has_body(self) -> bool:
        return not self.body.blank


@dataclass(frozen=True, slots=True)
class Article:
    """An article: its language versions and the fields they share."""

    key: str
    versions: Mapping[str, Version]  # in site.yaml's language order
    date: date
    access: str  # free | paywalled
    authors: tuple[Author, ...] = ()
    updated: date | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pdf: str | None = None  # a URL, or a file name beside `pdf_file`'s version
    pdf_file: Position | None = None  # where a local `pdf` is written: its folder holds the file
    license: str | None = None
    section: Mapping[str, str] | None = None  # the rubric, per language
    order: int | None = None

    @property
    def paywalled(self) -> bool:
        return self.access == "paywalled"


@dataclass(frozen=True, slots=True)
class Issue:
    id: str
    where: Position
    volume: int | None
    number: int | None
    date: date
    title: Mapping[str, str]  # per language; may lack some


@dataclass(frozen=True, slots=True)
class PageVersion:
    key: str
    lang: str
    where: Position
    title: str
    slug: str
    body: str
    description: str | None = None
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # the line of each front matter field
    body_line: int = 1  # the line where the body starts
    updated: date | None = None  # its last change, for the sitemap

    def at(self, name: str) -> Position:
        return self.where.at(self.lines.get(name, 1))


@dataclass(frozen=True, slots=True)
class Page:
    """A free-standing page (about, subscriptions) in its languages."""

    key: str
    versions: Mapping[str, PageVersion]


@dataclass(frozen=True, slots=True)
class Site:
    root: Path  # the site folder, for files beside the articles
    config: SiteConfig
    articles: tuple[Article, ...]  # sorted by key
    issues: Mapping[str, Issue]  # sorted by id
    pages: tuple[Page, ...]  # sorted by key


@dataclass(frozen=True, slots=True)
class Beside:
    """A file next to an article's source, published next to its page."""

    source: PurePosixPath  # relative to the site folder
    name: str  # relative to the page's folder
    where: Position  # the line of the version that refers to it
