"""An article as a list shows it (a home, an issue's contents, an author's or a keyword's page)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel.support import NullTranslations
from markupsafe import Markup

from .. import markup
from ..i18n import formats
from ..models import Article, Issue, Version
from ..urls import Urls, name_slug
from .common import AuthorView, IssueView, Link, author_view, issue_view, listed_authors, shown_version


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """An article in a list: issue table of contents, author, keyword, home."""

    href: str
    lang: str  # the language of the version shown (the page's when it has one)
    title: Markup
    subtitle: Markup | None
    authors: tuple[AuthorView, ...]
    date: str
    issue: IssueView | None
    section: str | None
    pages: str | None
    free: bool
    more_authors: int = 0  # the authors left out of `authors` ("et al."); 0 when it names them all


def article_item(
    article: Article, lang: str, urls: Urls, issues: Mapping[str, Issue], translations: NullTranslations
) -> ArticleItem:
    version = shown_version(article, lang)
    named = listed_authors(article.authors)
    return ArticleItem(
        href=urls.article(version.lang, version.slug),
        lang=version.lang,
        title=markup.inline(version.title),
        subtitle=markup.inline(version.subtitle) if version.subtitle else None,
        authors=tuple(author_view(a, urls, lang) for a in named),
        date=formats(lang).date(article.date),
        issue=issue_view(issues[article.issue], urls, lang, translations) if article.issue else None,
        section=article.section.get(lang) if article.section else None,
        pages=article.pages,
        free=not article.paywalled,
        more_authors=len(article.authors) - len(named),
    )


def keyword_links(version: Version, urls: Urls) -> tuple[Link, ...]:
    return tuple(Link(Markup.escape(k), urls.keyword(version.lang, name_slug(k))) for k in version.keywords)
