"""An article's JATS front matter from its public fields: the journal, titles, authors, dates, licence, abstracts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from lxml import etree

from .. import markup
from ..cite import page_range, split_name
from ..config import SiteConfig
from ..metadata import license_url
from ..models import Article, Author, Issue, Version
from ..urls import Urls, name_slug
from .blocks import Context, flow, nest
from .inline import inline
from .tree import ALI, HREF, LANG, clean, parse, sub

ORCID = "https://orcid.org/"


def front(
    element: etree._Element,
    article: Article,
    main: Version,
    others: list[Version],
    config: SiteConfig,
    issue: Issue | None,
    urls: Urls,
) -> None:
    """`journal-meta` and `article-meta` into the `front` element; no look at any version's body."""
    _journal_meta(sub(element, "journal-meta"), config)
    _article_meta(sub(element, "article-meta"), article, main, others, issue, urls)


def _journal_meta(meta: etree._Element, config: SiteConfig) -> None:
    first, *rest = config.languages
    sub(meta, "journal-id", name_slug(config.title[first]), {"journal-id-type": "publisher-id"})
    titles = sub(meta, "journal-title-group")
    sub(titles, "journal-title", config.title[first], {LANG: first})
    for lang in rest:
        if config.title.get(lang):
            sub(sub(titles, "trans-title-group", attrs={LANG: lang}), "trans-title", config.title[lang])
    if config.abbreviation:
        sub(titles, "abbrev-journal-title", config.abbreviation, {"abbrev-type": "publisher"})
    if config.issn:
        sub(meta, "issn", config.issn, {"publication-format": "print"})
    if config.eissn:
        sub(meta, "issn", config.eissn, {"publication-format": "electronic"})
    if config.publisher:
        sub(sub(meta, "publisher"), "publisher-name", config.publisher)


def _article_meta(
    meta: etree._Element, article: Article, main: Version, others: list[Version], issue: Issue | None, urls: Urls
) -> None:
    if article.doi:
        sub(meta, "article-id", article.doi, {"pub-id-type": "doi"})
    sections = [(v.lang, article.section[v.lang]) for v in (main, *others) if article.section and article.section.get(v.lang)]
    if sections:
        categories = sub(meta, "article-categories")
        for lang, section in sections:
            group = sub(categories, "subj-group", attrs={"subj-group-type": "heading", LANG: lang})
            sub(group, "subject", section)
    _title_group(sub(meta, "title-group"), main, others)
    if article.authors:
        _contributors(sub(meta, "contrib-group"), article.authors)
    _date(meta, "pub-date", article.date, {"publication-format": "electronic", "date-type": "pub"})
    if issue is not None:
        _date(meta, "pub-date", issue.date, {"publication-format": "electronic", "date-type": "collection"})
        if issue.volume is not None:
            sub(meta, "volume", str(issue.volume))
        if issue.number is not None:
            sub(meta, "issue", str(issue.number))
        for v in (main, *others):
            if issue.title.get(v.lang):
                sub(meta, "issue-title", issue.title[v.lang], {LANG: v.lang})
    first, last = page_range(article.pages)
    if first:
        sub(meta, "fpage", first)
        if last:
            sub(meta, "lpage", last)
    if article.updated:  # a correction: an event of the article's publication history, not a second publication
        event = sub(sub(meta, "pub-history"), "event", attrs={"event-type": "corrected"})
        _date(event, "date", article.updated, {"date-type": "corrected"})
    if article.license:
        _license(sub(meta, "permissions"), article.license)
    for v in (main, *others):
        sub(meta, "self-uri", attrs={HREF: urls.absolute(urls.article(v.lang, v.slug)), LANG: v.lang})
    _abstract(sub(meta, "abstract"), main.abstract)
    for v in others:
        _abstract(sub(meta, "trans-abstract", attrs={LANG: v.lang}), v.abstract)
    for v in (main, *others):
        if v.keywords:
            group = sub(meta, "kwd-group", attrs={"kwd-group-type": "author", LANG: v.lang})
            for keyword in v.keywords:
                sub(group, "kwd", keyword)


def _title_group(group: etree._Element, main: Version, others: list[Version]) -> None:
    inline(sub(group, "article-title"), parse(markup.inline(main.title)))
    if main.subtitle:
        inline(sub(group, "subtitle"), parse(markup.inline(main.subtitle)))
    for v in others:
        trans = sub(group, "trans-title-group", attrs={LANG: v.lang})
        inline(sub(trans, "trans-title"), parse(markup.inline(v.title)))
        if v.subtitle:
            inline(sub(trans, "trans-subtitle"), parse(markup.inline(v.subtitle)))


def _abstract(element: etree._Element, text: str) -> None:
    """An abstract's blocks: paragraphs first (other blocks inside one), then any sections its headings open."""
    nest(flow(parse(markup.block(text)), Context()), element, Context(), paras_first=True)


def _contributors(group: etree._Element, authors: Iterable[Author]) -> None:
    """Each author in order (ORCID, name, affiliation), then the affiliations, each given once."""
    affiliations: dict[str, str] = {}
    for author in authors:
        contrib = sub(group, "contrib", attrs={"contrib-type": "author"})
        if author.orcid:
            sub(contrib, "contrib-id", ORCID + author.orcid, {"contrib-id-type": "orcid"})
        family, given, suffix = split_name(author)
        name = sub(contrib, "name")
        sub(name, "surname", family)  # a one-word name ("Plato") is a surname, as cite.py and Scholar read it
        if given:
            sub(name, "given-names", given)
        if suffix:
            sub(name, "suffix", suffix)
        if author.affiliation:
            rid = affiliations.setdefault(author.affiliation, f"aff{len(affiliations) + 1}")
            sub(contrib, "xref", attrs={"ref-type": "aff", "rid": rid})
    for affiliation, rid in affiliations.items():
        sub(sub(group, "aff", attrs={"id": rid}), "institution", affiliation)


def _date(parent: etree._Element, tag: str, day: date, attrs: Mapping[str, str]) -> None:
    element = sub(parent, tag, attrs={**attrs, "iso-8601-date": day.isoformat()})
    sub(element, "day", f"{day.day:02d}")
    sub(element, "month", f"{day.month:02d}")
    sub(element, "year", f"{day.year:04d}")


def _license(permissions: etree._Element, license: str) -> None:
    """The licence as written, and its URL where there is one (ALI's license_ref, as JATS4R recommends)."""
    url = license_url(license)
    element = sub(permissions, "license", attrs={HREF: url} if url else None)
    if url:
        sub(element, f"{{{ALI}}}license_ref", url)
    paragraph = sub(element, "license-p")
    if url:
        sub(paragraph, "ext-link", license, {"ext-link-type": "uri", HREF: url})
    else:
        paragraph.text = clean(license)
