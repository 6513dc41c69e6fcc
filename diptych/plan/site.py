"""Every page of the site, planned before any renders: the landing page, the 404, each language's pages."""

from __future__ import annotations

from collections.abc import Mapping

from babel.support import NullTranslations

from ..edition import Edition
from ..errors import ContentError
from ..models import Article, Site
from ..typography import Typography
from ..urls import Urls
from .kinds import article_drafts, author_drafts, home_drafts, issue_drafts, keyword_drafts, page_drafts
from .language import Language
from .order import issue_contents, newest
from .pages import Draft, PlannedPage, finish


def plan_site(
    site: Site,
    urls: Urls,
    translations: Mapping[str, NullTranslations],
    typography: Mapping[str, Typography | None],
    edition: Edition = Edition.PUBLIC,
) -> tuple[list[PlannedPage], list[ContentError]]:
    """Every page of the site, sorted by URL, with alternates and switcher links; `typography`: each language's
    rules, which the plain-text titles of heads and citations follow (the renderer sets the pages' own text)."""
    config = site.config
    by_date = sorted(site.articles, key=lambda a: (a.date, a.key), reverse=True)
    changed = max((d for d in (newest(by_date), *(i.date for i in site.issues.values())) if d), default=None)
    drafts = [Draft(("landing",), None, urls.landing(), config.default_language, "landing.html", dict, lastmod=changed)]
    drafts.append(Draft(("404",), None, urls.asset("404.html"), config.default_language, "404.html", dict))
    contents = issue_contents(site)
    for lang in config.languages:
        drafts += language_drafts(site, urls, translations, typography, lang, by_date, contents, edition)
    return finish(drafts, urls, config.languages)


def language_drafts(
    site: Site,
    urls: Urls,
    translations: Mapping[str, NullTranslations],
    typography: Mapping[str, Typography | None],
    lang: str,
    by_date: list[Article],
    contents: Mapping[str, tuple[Article, ...]],
    edition: Edition,
) -> list[Draft]:
    """Every page of one language."""
    plan = Language(site, urls, translations, typography, lang, by_date, contents, edition, tuple(site.issues.values()))
    return [
        *home_drafts(plan),
        *article_drafts(plan),
        *issue_drafts(plan),
        *author_drafts(plan),
        *keyword_drafts(plan),
        *page_drafts(plan),
    ]
