"""What every page kind's views share: links, the journal, authors, issues, which version a page shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel.support import NullTranslations
from markupsafe import Markup

from ..config import SiteConfig
from ..i18n import formats
from ..models import Article, Author, Issue, Version
from ..urls import Urls, name_slug


@dataclass(frozen=True, slots=True)
class Link:
    label: Markup
    href: str
    lang: str | None = None  # set when the target is in another language than the page


@dataclass(frozen=True, slots=True)
class JournalView:
    """What a template may know of the journal: what its pages show (names, languages, identifiers), never the
    settings they do not (the Crossref depositor's e-mail, the paywall's rules)."""

    title: Mapping[str, str]  # per language
    description: Mapping[str, str]
    languages: tuple[str, ...]  # the first is the default language
    publisher: str | None
    issn: str | None
    eissn: str | None


def journal_view(config: SiteConfig) -> JournalView:
    """The journal as its pages show it."""
    return JournalView(config.title, config.description, config.languages, config.publisher, config.issn, config.eissn)


@dataclass(frozen=True, slots=True)
class AuthorView:
    name: str
    href: str
    affiliation: str | None = None
    orcid: str | None = None


@dataclass(frozen=True, slots=True)
class IssueView:
    id: str
    href: str
    title: str | None
    volume: int | None
    number: int | None
    date: str  # formatted for the page's language
    label: str  # "Vol. 12, no. 2" in the page's language; its date when it has neither volume nor number


LIST_AUTHORS = 6  # an article in a list names up to six authors; with more, the first three, then "et al."
LIST_AUTHORS_CUT = 3  # (AMA's rule), so that one article of N authors does not put N names on N authors' pages


def author_view(author: Author, urls: Urls, lang: str) -> AuthorView:
    return AuthorView(author.name, urls.author(lang, name_slug(author.name)), author.affiliation, author.orcid)


def listed_authors(authors: tuple[Author, ...]) -> tuple[Author, ...]:
    """The authors an article's entry in a list names: all up to LIST_AUTHORS, else the first LIST_AUTHORS_CUT."""
    return authors if len(authors) <= LIST_AUTHORS else authors[:LIST_AUTHORS_CUT]


def issue_view(issue: Issue, urls: Urls, lang: str, translations: NullTranslations) -> IssueView:
    day = formats(lang).date(issue.date)
    return IssueView(
        issue.id,
        urls.issue(lang, issue.id),
        issue.title.get(lang),
        issue.volume,
        issue.number,
        day,
        issue_label(issue, translations, day),
    )


def issue_label(issue: Issue, translations: NullTranslations, day: str) -> str:
    """How an issue is named in lists, titles, breadcrumbs and citations."""
    gettext = translations.gettext
    if issue.volume is not None and issue.number is not None:
        return gettext("Vol. %(volume)s, no. %(number)s") % {"volume": issue.volume, "number": issue.number}
    if issue.number is not None:
        return gettext("No. %(number)s") % {"number": issue.number}
    if issue.volume is not None:
        return gettext("Vol. %(volume)s") % {"volume": issue.volume}
    return day


def text_lang(article: Article, lang: str) -> str:
    """The language of the article's full text, as seen from the page in `lang`.

    The page's own language when its version has a body; otherwise the first version, in the site's language
    order, that has one; the page's language when none has.
    """
    if article.versions[lang].has_body:
        return lang
    return next((v.lang for v in article.versions.values() if v.has_body), lang)


def main_version(article: Article) -> Version:
    """The article's version of record: its full text's, as seen from site.yaml's first language (DOI, JATS)."""
    return article.versions[text_lang(article, next(iter(article.versions)))]


def shown_version(article: Article, lang: str) -> Version:
    """The version a page in `lang` shows: its own, else the first in the site's language order."""
    return article.versions.get(lang) or next(iter(article.versions.values()))
