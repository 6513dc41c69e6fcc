"""The deposit's elements in the XSD's order: head, journal, journal_issue, journal_article and its parts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from lxml import etree

from ..cite import page_range, split_name
from ..config import CrossrefSettings, SiteConfig
from ..metadata import license_url
from ..models import Article, Author, Issue
from ..urls import Urls
from ..views import main_version
from .schema import AI, CR, sub
from .text import abstract, title


def head(settings: CrossrefSettings, batch_id: str, timestamp: str) -> etree._Element:
    element = etree.Element(etree.QName(CR, "head"))
    sub(element, "doi_batch_id", batch_id)
    sub(element, "timestamp", timestamp)
    depositor = sub(element, "depositor")
    sub(depositor, "depositor_name", settings.depositor)
    sub(depositor, "email_address", settings.email)
    sub(element, "registrant", settings.registrant)
    return element


def language(lang: str) -> str | None:
    """The ISO 639-1 code Crossref's `language` attribute takes: 'pt' of 'pt-br'; None for a longer code."""
    primary = re.split(r"[-_]", lang)[0].lower()
    return primary if len(primary) == 2 else None


def journal(config: SiteConfig, issue: Issue | None, articles: Sequence[Article], urls: Urls) -> etree._Element:
    """One journal element: the journal, the issue (if any), its articles."""
    element = etree.Element(etree.QName(CR, "journal"))
    metadata = sub(element, "journal_metadata")
    if language(config.default_language):
        metadata.set("language", language(config.default_language))  # type: ignore[arg-type]
    first = config.title[config.default_language]
    sub(metadata, "full_title", first)  # Crossref matches the journal by its first title: always the same
    for other in dict.fromkeys(config.title[lang] for lang in config.languages[1:10]):
        if other != first:
            sub(metadata, "full_title", other)
    if config.abbreviation:
        sub(metadata, "abbrev_title", config.abbreviation)
    if config.issn:
        sub(metadata, "issn", config.issn, media_type="print")
    if config.eissn:
        sub(metadata, "issn", config.eissn, media_type="electronic")
    if issue is not None:
        element.append(journal_issue(issue, config))
    for article in articles:
        element.append(journal_article(article, urls))
    return element


def journal_issue(issue: Issue, config: SiteConfig) -> etree._Element:
    element = etree.Element(etree.QName(CR, "journal_issue"))
    theme = issue.title.get(config.default_language)
    if theme:
        title(sub(element, "titles"), "title", theme)
    element.append(publication_date(issue.date))
    if issue.volume is not None:
        sub(sub(element, "journal_volume"), "volume", str(issue.volume))
    if issue.number is not None:
        sub(element, "issue", str(issue.number))
    return element


def publication_date(day: date) -> etree._Element:
    element = etree.Element(etree.QName(CR, "publication_date"), media_type="online")
    sub(element, "month", f"{day.month:02d}")
    sub(element, "day", f"{day.day:02d}")
    sub(element, "year", f"{day.year:04d}")
    return element


def journal_article(article: Article, urls: Urls) -> etree._Element:
    main = main_version(article)
    versions = [main, *(v for v in article.versions.values() if v is not main)]
    element = etree.Element(etree.QName(CR, "journal_article"), publication_type="full_text")
    if language(main.lang):
        element.set("language", language(main.lang))  # type: ignore[arg-type]
    for version in versions:  # the full text's title first; the others as further titles (see the package's doc)
        titles = sub(element, "titles")
        title(titles, "title", version.title)
        if version.subtitle:
            title(titles, "subtitle", version.subtitle)
    if article.authors:
        contributors = sub(element, "contributors")
        for n, author in enumerate(article.authors):
            contributors.append(person(author, "first" if n == 0 else "additional"))
    for version in versions:
        element.append(abstract(version))
    element.append(publication_date(article.date))
    first, last = page_range(article.pages)
    if first:
        pages = sub(element, "pages")
        sub(pages, "first_page", first)
        if last:
            sub(pages, "last_page", last)
    licence = license_url(article.license)
    if licence or not article.paywalled:
        program = sub(element, "program", ns=AI, name="AccessIndicators")
        if not article.paywalled:
            sub(program, "free_to_read", ns=AI)
        if licence:
            sub(program, "license_ref", licence, ns=AI, applies_to="vor", start_date=article.date.isoformat())
    doi_data = sub(element, "doi_data")
    sub(doi_data, "doi", article.doi)
    sub(doi_data, "resource", urls.absolute(urls.article(main.lang, main.slug)))
    return element


def person(author: Author, sequence: str) -> etree._Element:
    element = etree.Element(etree.QName(CR, "person_name"), sequence=sequence, contributor_role="author")
    family, given, suffix = split_name(author)
    if given:
        sub(element, "given_name", given)
    sub(element, "surname", family)
    if suffix:
        sub(element, "suffix", suffix)
    if author.affiliation:
        sub(sub(sub(element, "affiliations"), "institution"), "institution_name", author.affiliation)
    if author.orcid:
        sub(element, "ORCID", f"https://orcid.org/{author.orcid}")
    return element
