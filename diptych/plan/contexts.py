"""What each page shows: its context, the views its template renders from, made only when the page is rendered
(in a worker, for most); the pages themselves (their URLs, keys and what they depend on) are listed in kinds.py."""

from __future__ import annotations

from typing import Any

from ..edition import Edition
from ..jats.article import exportable, jats_article
from ..metadata import article_head, citation, home_head, issue_head, reference
from ..models import Article, Issue, PageVersion
from ..views import (
    article_view,
    exported,
    issue_view,
    main_version,
    page_view,
    published_pdf,
    shown_version,
)
from .language import Language
from .order import searchable
from .pages import HOME_ARTICLES


def home_context(plan: Language, latest: Issue | None) -> dict[str, Any]:
    """A language's home: its latest issue and its contents, the latest articles."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    return {
        "latest_issue": issue_view(latest, urls, lang, plan.translations[lang]) if latest else None,
        "latest_issue_articles": plan.toc(latest.id) if latest else (),
        "articles": tuple(plan.item(a) for a in plan.by_date[:HOME_ARTICLES]),
        "head": home_head(lang, site.config, urls, urls.search(lang) if searchable(site) else None),
    }


def issue_context(plan: Language, issue: Issue) -> dict[str, Any]:
    """An issue's table of contents, by section, and its articles' references."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    articles = plan.contents.get(issue.id, ())
    refs = [
        reference(a, shown_version(a, lang).lang, site.config, urls, site.issues, pdf_in(a, plan.edition), plan.typography)
        for a in articles
    ]
    cite = citation(refs, urls.issue(lang, issue.id), issue.id, None)
    return {
        "issue": issue_view(issue, urls, lang, plan.translations[lang]),
        "sections": plan.toc(issue.id),
        "head": issue_head(issue, articles, lang, site.config, urls, plan.translations[lang], plan.typography),
        "citation": cite,
        "downloads": cite.files if refs else (),
    }


def page_context(plan: Language, version: PageVersion) -> dict[str, Any]:
    """A free-standing page."""
    return {"page_view": page_view(version, plan.translations[plan.lang])}


def article_context(article, lang, site, urls, translations, typography, edition) -> dict[str, Any]:
    """An article version's page: its view, head, citation and the files beside it (citations, its JATS file)."""
    config, issues = site.config, site.issues
    view = article_view(article, lang, config, urls, issues, translations, site.root, edition)
    head = article_head(article, lang, config, urls, issues, translations, view.pdf, typography, edition)
    slug = article.versions[lang].slug
    cite = citation([reference(article, lang, config, urls, issues, view.pdf, typography)], urls.article(lang, slug), slug, lang)
    downloads, jats_href = list(cite.files), None
    if exportable(config):  # one JATS file per article, beside the page of its full text
        main = main_version(article)
        jats_href = urls.article(main.lang, main.slug) + f"{main.slug}.xml"
        if main.lang == lang:  # the body only in the subscriber edition; the public one gets the front matter
            downloads.append((f"{main.slug}.xml", jats_article(exported(article, edition, site.root), config, issues, urls)))
    return {"article": view, "files": view.files, "head": head, "citation": cite, "downloads": downloads, "jats": jats_href}


def pdf_in(article: Article, edition: Edition) -> str | None:
    """The PDF an article's pages link to in this edition (for an issue's references)."""
    source = next((v for v in article.versions.values() if v.has_body), None)
    return published_pdf(article, edition.withholds(article, source))
