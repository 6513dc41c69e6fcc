"""The facts pages are ordered and dated by: when an article last changed, each issue's articles in order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from ..models import Article, Site


def searchable(site: Site) -> bool:
    """Whether the site has pages to search (Pagefind indexes article and free-standing pages)."""
    return bool(site.articles or site.pages)


def lastmod(article: Article) -> date:
    """When an article last changed: its correction, else its publication."""
    return article.updated or article.date


def newest(articles: Sequence[Article]) -> date | None:
    return max((lastmod(a) for a in articles), default=None)


def issue_contents(site: Site) -> dict[str, tuple[Article, ...]]:
    """Each issue's articles in their order: `order`, then date, then key."""
    contents: dict[str, list[Article]] = defaultdict(list)
    for article in site.articles:
        if article.issue:
            contents[article.issue].append(article)
    return {
        issue: tuple(sorted(articles, key=lambda a: (a.order is None, a.order or 0, a.date, a.key)))
        for issue, articles in contents.items()
    }
