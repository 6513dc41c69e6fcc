"""schema.org in JSON-LD: the article, its issue, volume and journal, the authors, the breadcrumbs."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from babel.support import NullTranslations
from markupsafe import Markup

from ..cite import page_range, split_name
from ..config import SiteConfig
from ..i18n import formats
from ..models import Article, Author, Issue, Version
from ..typography import Typography
from ..urls import Urls
from ..views import issue_label
from .text import abstract_text, license_url, title_text


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped, so no value can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


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
    typography: Mapping[str, Typography | None],
) -> dict[str, Any]:
    """schema.org's ScholarlyArticle for one version's page. No `hasPart`: the withheld text is not on the page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": canonical,
        "url": canonical,
        "headline": title_text(version, typography),
        "name": title_text(version, typography),
    }
    if others:
        alternative = [title_text(v, typography) for v in others]
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
