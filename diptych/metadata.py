"""What machines read in a page's head: Highwire `citation_*` tags, Dublin Core, Open Graph, schema.org JSON-LD.

Built from an article's public fields only (titles, abstracts, keywords, authors, dates, identifiers): no body
text, teaser or withheld, ever reaches this module.

One rule for every description (`described`): each names one language version of the article, and the URL it gives
is that version's page. Google Scholar indexes one language per article and reference managers keep the first tag
they meet, so the `citation_*` tags and the reference files (RIS, BibTeX, the CSL item of "How to cite") describe
the version that holds the full text (`text_lang`): on a page whose version has no body, the other language's, with
its title, abstract, keywords, language and page (`citation_abstract_html_url`, `citation_public_url` for Zotero,
which otherwise gives the item the URL of the page it reads). Dublin Core, JSON-LD and Open Graph describe the page
itself: its language and its own URL, the other versions' titles and abstracts marked with their languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.support import NullTranslations
from markupsafe import Markup

from . import markup
from .cite import Reference, bibtex, how_to_cite, join_title, page_range, ris, scholar_date, split_name
from .config import SiteConfig
from .edition import Edition
from .i18n import formats
from .models import Article, Author, Issue, Version
from .urls import Urls, is_web_url, name_slug
from .views import issue_label, shown_version, text_lang


@dataclass(frozen=True, slots=True)
class Tag:
    """One `<meta>` tag."""

    name: str
    content: str
    lang: str | None = None  # set on a tag whose text is in one language (Dublin Core titles, abstracts, subjects)

    @property
    def attribute(self) -> str:
        """Open Graph's properties use `property=`, everything else `name=`."""
        return "property" if self.name.startswith(("og:", "article:")) else "name"


@dataclass(frozen=True, slots=True)
class Head:
    """The machine-readable part of a page's head, on top of what every page has."""

    tags: tuple[Tag, ...] = ()
    json_ld: tuple[Markup, ...] = ()  # each a <script type="application/ld+json"> body, safe to inline
    robots: str | None = None
    og_type: str = "website"


def title_text(version: Version) -> str:
    """A version's title and subtitle as plain text, joined as its language joins them (`cite.join_title`)."""
    subtitle = plain(markup.inline(version.subtitle)) if version.subtitle else None
    return join_title(plain(markup.inline(version.title)), subtitle, version.lang)


def plain(fragment: str) -> str:
    """The text of an HTML fragment on one line."""
    return " ".join(markup.plain(fragment).split())


def abstract_text(version: Version) -> str:
    return plain(markup.block(version.abstract))


def license_url(license: str | None) -> str | None:
    """A licence as a URL: itself when it is one; a Creative Commons SPDX identifier (CC-BY-4.0, CC0-1.0) as its deed."""
    if not license:
        return None
    if is_web_url(license):
        return license
    cc = re.match(r"^CC-(BY(?:-NC)?(?:-ND|-SA)?)-(\d\.\d)$", license.strip(), re.IGNORECASE)
    if cc:
        return f"https://creativecommons.org/licenses/{cc[1].lower()}/{cc[2]}/"
    if re.match(r"^CC0-1\.0$", license.strip(), re.IGNORECASE):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    return None


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped, so no value can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def journal_title(config: SiteConfig) -> str:
    """The journal's title as Scholar must see it: the same on every page, in the site's first language."""
    return config.title[config.default_language]


def citation_author(author: Author) -> str:
    """'Family, Given', as Scholar and Zotero read it without guessing where the family name starts; 'Family, Given,
    Suffix' with a suffix ("King, Martin Luther, Jr.").

    Zotero reads "A B, C D" (a space on both sides of the comma) as two authors, "A B" and "C D": when both
    names have spaces, the family name's are no-break spaces, which it reads as one name and prints as spaces.
    A suffix comes last, after a comma: Zotero's cleanAuthor takes the family name before the first comma and the
    given name after it, and drops what follows; the name as written ("Martin Luther King Jr.") it would split at
    its last space, making "Jr" the family name.
    """
    family, given, suffix = split_name(author)
    if " " in family and " " in given:
        family = family.replace(" ", "\u00a0")
    if suffix:
        return f"{family}, {given}, {suffix}"
    return f"{family}, {given}" if given else family


def described(article: Article, lang: str, urls: Urls) -> tuple[Version, str]:
    """The version the citation tags and reference files of the page in `lang` describe, and the URL they give.

    The version of the full text (its own where the page's version has a body), and always that version's own page:
    a language is never given with the URL of the page in another.
    """
    main = article.versions[text_lang(article, lang)]
    return main, urls.absolute(urls.article(main.lang, main.slug))


def pdf_url(article: Article, lang: str, urls: Urls, published: str | None) -> str | None:
    """The absolute URL of the PDF the pages link to (`published`: its href there), if any.

    A local PDF is published beside each page that links it: its URL is the one beside the page of the full text,
    the page `citation_abstract_html_url` names, as Scholar wants them in one folder.
    """
    if not published:
        return None
    if is_web_url(published):
        return published
    return described(article, lang, urls)[1] + published


def article_head(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issues: Mapping[str, Issue],
    translations: Mapping[str, NullTranslations],
    pdf: str | None,
    edition: Edition = Edition.PUBLIC,
) -> Head:
    """Every tag and JSON-LD block of one article version's page."""
    version = article.versions[lang]
    main, main_url = described(article, lang, urls)
    issue = issues[article.issue] if article.issue else None
    first, last = page_range(article.pages)
    canonical = urls.absolute(urls.article(lang, version.slug))
    others = [v for v in article.versions.values() if v.lang != lang]
    tags: list[Tag] = [Tag("citation_title", title_text(main))]
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

    # Dublin Core: the page's language first, the others marked
    tags.append(Tag("DC.title", title_text(version), lang))
    tags += [Tag("DC.title.alternative", title_text(v), v.lang) for v in others]
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

    # Open Graph, for link previews (og:title, og:url… are on every page)
    tags.append(Tag("article:published_time", article.date.isoformat()))
    if article.updated:
        tags.append(Tag("article:modified_time", article.updated.isoformat()))
    tags += [Tag("article:author", urls.absolute(urls.author(lang, name_slug(a.name)))) for a in article.authors]
    if article.section and lang in article.section:
        tags.append(Tag("article:section", article.section[lang]))
    tags += [Tag("article:tag", keyword) for keyword in version.keywords]

    blocks = [
        json_ld(scholarly_article(article, version, others, config, urls, issue, canonical)),
        json_ld(breadcrumbs(lang, config, urls, translations[lang], issue, (title_text(version), canonical))),
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
) -> Head:
    """An issue's table of contents: the issue, its volume and journal, its articles; and its breadcrumbs."""
    node = {"@context": "https://schema.org", **publication_issue(issue, config, lang, urls)}
    parts = []
    for article in articles:
        version = shown_version(article, lang)
        parts.append(
            {
                "@type": "ScholarlyArticle",
                "headline": title_text(version),
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


def _person(author: Author) -> dict[str, Any]:
    family, given, suffix = split_name(author)
    person: dict[str, Any] = {"@type": "Person", "name": author.name, "familyName": family}
    if given:
        person["givenName"] = given
    if suffix:
        person["honorificSuffix"] = suffix
    if author.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": author.affiliation}
    if author.orcid:
        person["sameAs"] = f"https://orcid.org/{author.orcid}"
    return person


def periodical(config: SiteConfig, lang: str, urls: Urls) -> dict[str, Any]:
    journal: dict[str, Any] = {"@type": "Periodical", "name": config.title[lang], "url": urls.absolute(urls.home(lang))}
    issns = [issn for issn in (config.issn, config.eissn) if issn]
    if issns:
        journal["issn"] = issns if len(issns) > 1 else issns[0]
    if config.publisher:
        journal["publisher"] = {"@type": "Organization", "name": config.publisher}
    return journal


def publication_issue(issue: Issue, config: SiteConfig, lang: str, urls: Urls) -> dict[str, Any]:
    """An issue inside its volume inside the journal; the journal alone holds an issue without volume."""
    journal = periodical(config, lang, urls)
    parent = journal
    if issue.volume is not None:
        parent = {"@type": "PublicationVolume", "volumeNumber": str(issue.volume), "isPartOf": journal}
    node: dict[str, Any] = {"@type": "PublicationIssue", "url": urls.absolute(urls.issue(lang, issue.id))}
    if issue.number is not None:
        node["issueNumber"] = str(issue.number)
    if issue.title.get(lang):
        node["name"] = issue.title[lang]
    node["datePublished"] = issue.date.isoformat()
    node["isPartOf"] = parent
    return node


def scholarly_article(
    article: Article,
    version: Version,
    others: Sequence[Version],
    config: SiteConfig,
    urls: Urls,
    issue: Issue | None,
    canonical: str,
) -> dict[str, Any]:
    """schema.org's ScholarlyArticle for one version's page. No `hasPart`: the withheld text is not on the page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": canonical,
        "url": canonical,
        "headline": title_text(version),
        "name": title_text(version),
    }
    if others:
        alternative = [title_text(v) for v in others]
        data["alternativeHeadline"] = alternative[0] if len(alternative) == 1 else alternative
    data["abstract"] = abstract_text(version)
    data["inLanguage"] = version.lang
    if article.authors:
        data["author"] = [_person(a) for a in article.authors]
    data["datePublished"] = article.date.isoformat()
    if article.updated:
        data["dateModified"] = article.updated.isoformat()
    if version.keywords:
        data["keywords"] = list(version.keywords)
    first, last = page_range(article.pages)
    if first:
        data["pageStart"] = first
    if last:
        data["pageEnd"] = last
    data["isPartOf"] = publication_issue(issue, config, version.lang, urls) if issue else periodical(config, version.lang, urls)
    if article.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": article.doi}
        data["sameAs"] = f"https://doi.org/{article.doi}"
    data["isAccessibleForFree"] = not article.paywalled
    if config.publisher:
        data["publisher"] = {"@type": "Organization", "name": config.publisher}
    if article.license:
        data["license"] = license_url(article.license) or article.license
    return data


def breadcrumbs(
    lang: str,
    config: SiteConfig,
    urls: Urls,
    translations: NullTranslations,
    issue: Issue | None,
    here: tuple[str, str],
) -> dict[str, Any]:
    """Home › (Issues ›) issue › the page; home › articles › the page for an article outside any issue."""
    trail = [(config.title[lang], urls.absolute(urls.home(lang)))]
    if issue is None:
        trail.append((translations.gettext("Articles"), urls.absolute(urls.articles(lang))))
    else:
        trail.append((translations.gettext("Issues"), urls.absolute(urls.issues(lang))))
        issue_url = urls.absolute(urls.issue(lang, issue.id))
        if here[1] != issue_url:  # an article's trail goes through its issue; an issue's ends with itself
            trail.append((issue_label(issue, translations, formats(lang).date(issue.date)), issue_url))
    trail.append(here)
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url} for n, (name, url) in enumerate(trail, 1)
        ],
    }


def reference(
    article: Article, lang: str, config: SiteConfig, urls: Urls, issues: Mapping[str, Issue], pdf: str | None
) -> Reference:
    """The article as citations give it, the same from each of its pages: the version `described` names, its URL."""
    main, main_url = described(article, lang, urls)
    issue = issues[article.issue] if article.issue else None
    return Reference(
        key=article.key,
        lang=main.lang,
        title=plain(markup.inline(main.title)),
        subtitle=plain(markup.inline(main.subtitle)) if main.subtitle else None,
        translated_titles=tuple((v.lang, title_text(v)) for v in article.versions.values() if v.lang != main.lang),
        abstract=abstract_text(main),
        keywords=main.keywords,
        authors=article.authors,
        journal=journal_title(config),
        issn=config.issn,
        eissn=config.eissn,
        publisher=config.publisher,
        volume=issue.volume if issue else None,
        issue=issue.number if issue else None,
        pages=article.pages,
        date=article.date,
        doi=article.doi,
        url=main_url,
        pdf_url=pdf_url(article, lang, urls, pdf),
        license=article.license,
        abbreviation=config.abbreviation,
        title_html=str(markup.inline(main.title)),
        subtitle_html=str(markup.inline(main.subtitle)) if main.subtitle else None,
    )


@dataclass(frozen=True, slots=True)
class Citation:
    """How to cite a page's article (or an issue's articles), and the reference files beside the page."""

    text: Markup | None  # formatted in the page's language; None on an issue page
    ris: str  # hrefs
    bibtex: str
    files: tuple[tuple[str, bytes], ...]  # (name, content), written beside the page


def citation(refs: Sequence[Reference], href: str, name: str, lang: str | None) -> Citation:
    """The citation block of the page at `href`: `lang` formats one article's entry; `name` names the files beside it."""
    text = how_to_cite(refs[0], lang) if lang and refs else None
    files = ((f"{name}.ris", ris(refs).encode("utf-8")), (f"{name}.bib", bibtex(refs).encode("utf-8")))
    return Citation(text, href + files[0][0], href + files[1][0], files)
