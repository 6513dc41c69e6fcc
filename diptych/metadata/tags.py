"""The meta tag families of an article's page: Highwire's `citation_*` (Google Scholar, Zotero), Dublin Core, Open
Graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..cite import page_range, scholar_date
from ..config import SiteConfig
from ..models import Article, Issue, Version
from ..typography import Typography
from ..urls import Urls, is_web_url, name_slug
from .text import Tag, abstract_text, citation_author, described, journal_title, pdf_url, title_text


def scholar_tags(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issue: Issue | None,
    pdf: str | None,
    typography: Mapping[str, Typography | None],
) -> list[Tag]:
    """Highwire's `citation_*` tags: the version `described` names (the full text's), with its own page's URL."""
    main, main_url = described(article, lang, urls)
    first, last = page_range(article.pages)
    tags: list[Tag] = [Tag("citation_title", title_text(main, typography))]
    for author in article.authors:
        tags.append(Tag("citation_author", citation_author(author)))
        if author.affiliation:
            tags.append(Tag("citation_author_institution", author.affiliation))
        if author.orcid:
            tags.append(Tag("citation_author_orcid", f"https://orcid.org/{author.orcid}"))
    tags.append(Tag("citation_publication_date", scholar_date(article.date)))
    tags.append(Tag("citation_journal_title", journal_title(config)))
    if config.abbreviation:
        tags.append(Tag("citation_journal_abbrev", config.abbreviation))
    tags += [Tag("citation_issn", issn) for issn in (config.issn, config.eissn) if issn]
    if issue and issue.volume is not None:
        tags.append(Tag("citation_volume", str(issue.volume)))
    if issue and issue.number is not None:
        tags.append(Tag("citation_issue", str(issue.number)))
    if first:
        tags.append(Tag("citation_firstpage", first))
    if last:
        tags.append(Tag("citation_lastpage", last))
    if article.doi:
        tags.append(Tag("citation_doi", article.doi))
    tags.append(Tag("citation_language", main.lang))
    tags += [Tag("citation_keywords", keyword) for keyword in main.keywords]
    tags.append(Tag("citation_abstract", abstract_text(main)))
    tags.append(Tag("citation_abstract_html_url", main_url))
    tags.append(Tag("citation_public_url", main_url))  # Zotero's item URL: otherwise the page's, whatever its language
    if not article.paywalled and main.has_body:
        tags.append(Tag("citation_fulltext_html_url", main_url))
    absolute_pdf = pdf_url(article, lang, urls, pdf)
    if absolute_pdf and pdf and not is_web_url(pdf):  # Scholar wants it beside the abstract page
        tags.append(Tag("citation_pdf_url", absolute_pdf))
    if config.publisher:
        tags.append(Tag("citation_publisher", config.publisher))
    return tags


def dublin_core_tags(
    article: Article,
    version: Version,
    others: Sequence[Version],
    config: SiteConfig,
    typography: Mapping[str, Typography | None],
) -> list[Tag]:
    """Dublin Core: the page's language first, the others marked."""
    lang = version.lang
    tags: list[Tag] = []
    tags.append(Tag("DC.title", title_text(version, typography), lang))
    tags += [Tag("DC.title.alternative", title_text(v, typography), v.lang) for v in others]
    tags += [Tag("DC.creator", author.name) for author in article.authors]
    tags.append(Tag("DC.date", article.date.isoformat()))
    tags += [Tag("DC.description", abstract_text(v), v.lang) for v in (version, *others)]
    tags += [Tag("DC.subject", keyword, v.lang) for v in (version, *others) for keyword in v.keywords]
    tags.append(Tag("DC.language", lang))
    if article.doi:
        tags.append(Tag("DC.identifier", f"https://doi.org/{article.doi}"))
    tags.append(Tag("DC.source", journal_title(config)))
    if config.publisher:
        tags.append(Tag("DC.publisher", config.publisher))
    if article.license:
        tags.append(Tag("DC.rights", article.license))
    return tags


def open_graph_tags(article: Article, version: Version, urls: Urls) -> list[Tag]:
    """Open Graph's article tags, for link previews (og:title, og:url… are on every page)."""
    lang = version.lang
    tags: list[Tag] = []
    tags.append(Tag("article:published_time", article.date.isoformat()))
    if article.updated:
        tags.append(Tag("article:modified_time", article.updated.isoformat()))
    tags += [Tag("article:author", urls.absolute(urls.author(lang, name_slug(a.name)))) for a in article.authors]
    if article.section and lang in article.section:
        tags.append(Tag("article:section", article.section[lang]))
    tags += [Tag("article:tag", keyword) for keyword in version.keywords]
    return tags
