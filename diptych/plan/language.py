"""What planning one language's pages needs: the site, its URLs and catalogs, the articles by date, the issues'
contents; and the list items, tables of contents and paginated lists every page kind makes of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from babel.support import NullTranslations

from ..edition import Edition
from ..models import Article, Issue, Site
from ..typography import Typography
from ..urls import Urls
from ..views import (
    article_item,
)
from .lists import paginated
from .pages import Draft


@dataclass(frozen=True, slots=True)
class Language:
    """What planning one language's pages needs."""

    site: Site
    urls: Urls
    translations: Mapping[str, NullTranslations]
    typography: Mapping[str, Typography | None]  # each language's rules, for the plain-text titles
    lang: str
    by_date: list[Article]  # newest first
    contents: Mapping[str, tuple[Article, ...]]  # each issue's articles, in order
    edition: Edition
    issues: tuple[Issue, ...] = ()  # every issue, one tuple for every page's key: list items name their issue

    def item(self, article: Article) -> Any:
        return article_item(article, self.lang, self.urls, self.site.issues, self.translations[self.lang])

    def toc(self, issue_id: str) -> tuple[tuple[str | None, tuple], ...]:
        """An issue's articles grouped by section (rubric) in order of first appearance."""
        groups: dict[str | None, list] = {}
        for article in self.contents.get(issue_id, ()):
            section = article.section.get(self.lang) if article.section else None
            groups.setdefault(section, []).append(self.item(article))
        return tuple((section, tuple(items)) for section, items in groups.items())

    def items(self, articles: Sequence[Article]) -> list[Callable[[], Any]]:
        return [partial(self.item, a) for a in articles]

    def paginated(
        self,
        key: tuple,
        href: Callable[..., str],
        template: str,
        entries: Sequence[Callable[[], Any]],
        shown: Sequence[Any],
        deps: tuple = (),
        **kw: Any,
    ) -> list[Draft]:
        """A paginated list; `shown[i]` is what entry i shows, for the cache's key of each list page."""
        return paginated(
            key,
            partial(href, self.lang),
            self.lang,
            template,
            entries,
            shown,
            self.site.config.per_page,
            (self.issues, *deps),
            **kw,
        )
