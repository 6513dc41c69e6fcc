"""Each page kind's head: an article's tags of every family and its JSON-LD, an issue's, a language home's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.support import NullTranslations

from ..config import SiteConfig
from ..edition import Edition
from ..i18n import formats
from ..models import Article, Issue
from ..typography import Typography
from ..urls import Urls
from ..views import issue_label, shown_version
from .json_ld import breadcrumbs, json_ld, periodical, publication_issue, scholarly_article
from .tags import dublin_core_tags, open_graph_tags, scholar_tags
from .text import Head, title_text


def article_head(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issues: Mapping[str, Issue],
    translations: Mapping[str, NullTranslations],
    pdf: str | None,
    typography: Mapping[str, Typography | None],
    edition: Edition = Edition.PUBLIC,
) -> Head:
    """Every tag and JSON-LD block of one article version's page."""
    version = article.versions[lang]
    issue = issues[article.issue] if article.issue else None
    canonical = urls.absolute(urls.article(lang, version.slug))
    others = [v for v in article.versions.values() if v.lang != lang]
    tags = [
        *scholar_tags(article, lang, config, urls, issue, pdf, typography),
        *dublin_core_tags(article, version, others, config, typography),
        *open_graph_tags(article, version, urls),
    ]
    blocks = [
        json_ld(scholarly_article(article, version, others, config, urls, issue, canonical, typography)),
        json_ld(breadcrumbs(lang, config, urls, translations[lang], issue, (title_text(version, typography), canonical))),
    ]
    robots = "noarchive" if article.paywalled and edition.indexed else None
    return Head(tuple(tags), tuple(blocks), robots, "article")


def issue_head(
    issue: Issue,
    articles: Sequence[Article],
    lang: str,
    config: SiteConfig,
    urls: Urls,
    translations: NullTranslations,
    typography: Mapping[str, Typography | None],
) -> Head:
    """An issue's table of contents: the issue, its volume and journal, its articles; and its breadcrumbs."""
    node = {"@context": "https://schema.org", **publication_issue(issue, config, lang, urls)}
    parts = []
    for article in articles:
        version = shown_version(article, lang)
        parts.append(
            {
                "@type": "ScholarlyArticle",
                "headline": title_text(version, typography),
                "inLanguage": version.lang,
                "url": urls.absolute(urls.article(version.lang, version.slug)),
            }
        )
    if parts:
        node["hasPart"] = parts
    label = issue_label(issue, translations, formats(lang).date(issue.date))
    here = (label, urls.absolute(urls.issue(lang, issue.id)))
    return Head((), (json_ld(node), json_ld(breadcrumbs(lang, config, urls, translations, issue, here))))


def home_head(lang: str, config: SiteConfig, urls: Urls, search: str | None) -> Head:
    """A language home: the web site, its journal, and where to search it."""
    site: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title[lang],
        "url": urls.absolute(urls.home(lang)),
        "inLanguage": lang,
    }
    if config.description.get(lang):
        site["description"] = config.description[lang]
    if config.publisher:
        site["publisher"] = {"@type": "Organization", "name": config.publisher}
    if search:
        site["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": urls.absolute(search) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    journal = {"@context": "https://schema.org", **periodical(config, lang, urls)}
    return Head((), (json_ld(site), json_ld(journal)))
