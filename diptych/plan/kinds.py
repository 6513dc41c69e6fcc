"""The pages of each kind in one language (home, articles, issues, authors, keywords, free-standing pages),
with the context each is rendered from, made only when rendered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial

from markupsafe import Markup

from ..models import Article, Author, Issue
from ..urls import name_slug
from ..views import (
    Link,
    author_view,
    issue_view,
)
from .contexts import article_context, home_context, issue_context, page_context
from .language import Language
from .order import lastmod, newest, searchable
from .pages import HOME_ARTICLES, Draft


def home_drafts(plan: Language) -> list[Draft]:
    site, urls, lang = plan.site, plan.urls, plan.lang
    latest = max(site.issues.values(), key=lambda i: (i.date, i.id), default=None)

    home = partial(home_context, plan, latest)

    newest_issue = latest.date if latest else None
    changed = max((d for d in (newest(plan.by_date), newest_issue) if d), default=None)
    shown = (*plan.contents.get(latest.id, ()), latest) if latest else ()
    deps = (plan.issues, *shown, *plan.by_date[:HOME_ARTICLES])
    drafts = [Draft(("home",), None, urls.home(lang), lang, "home.html", home, lastmod=changed, deps=deps)]
    if searchable(site):
        drafts.append(Draft(("search",), ("home",), urls.search(lang), lang, "search.html", dict))
    return drafts


def article_drafts(plan: Language) -> list[Draft]:
    """Each article version's page, its aliases' redirects, and the list of all articles."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    drafts = []
    for article in site.articles:
        if lang not in article.versions:
            continue
        version = article.versions[lang]
        href = urls.article(lang, version.slug)
        context = partial(article_context, article, lang, site, urls, plan.translations, plan.typography, plan.edition)
        deps = (article, plan.issues)
        drafts.append(
            Draft(
                ("article", article.key),
                ("home",),
                href,
                lang,
                "article.html",
                context,
                version.at("slug"),
                lastmod(article),
                deps,
                volume(site.issues.get(article.issue) if article.issue else None),
            )
        )
        for alias in version.aliases:
            redirect = partial(dict, target=href, canonical=urls.absolute(href))
            drafts.append(
                Draft(
                    ("alias", alias),
                    None,
                    urls.base_path + alias,
                    lang,
                    "redirect.html",
                    redirect,
                    version.at("aliases"),
                    deps=(href,),
                )
            )
    return drafts + plan.paginated(
        ("articles",), urls.articles, "articles.html", plan.items(plan.by_date), plan.by_date, lastmod=newest(plan.by_date)
    )


def volume(issue: Issue | None) -> int | None:
    """The volume an article's page is filed under in the search index: its issue's volume, or the year of an issue
    without one (a journal numbering its issues within years); None outside any issue."""
    if issue is None:
        return None
    return issue.volume if issue.volume is not None else issue.date.year


def issue_drafts(plan: Language) -> list[Draft]:
    """The list of issues, and each issue's table of contents."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    ordered = sorted(site.issues.values(), key=lambda i: (i.date, i.id), reverse=True)
    changed = {i.id: max(i.date, newest(plan.contents.get(i.id, ())) or i.date) for i in ordered}
    views = [partial(issue_view, i, urls, lang, plan.translations[lang]) for i in ordered]
    drafts = plan.paginated(("issues",), urls.issues, "issues.html", views, ordered, lastmod=max(changed.values(), default=None))
    for issue in ordered:
        context = partial(issue_context, plan, issue)
        href = urls.issue(lang, issue.id)
        deps = (plan.issues, issue, *plan.contents.get(issue.id, ()))
        drafts.append(
            Draft(("issue", issue.id), ("issues", 1), href, lang, "issue.html", context, lastmod=changed[issue.id], deps=deps)
        )
    return drafts


def author_drafts(plan: Language) -> list[Draft]:
    """The index of authors (sorted by last name), and each author's articles. An author is their name."""
    urls, lang = plan.urls, plan.lang
    articles: dict[str, list[Article]] = defaultdict(list)
    people: dict[str, Author] = {}
    for article in plan.by_date:
        for author in article.authors:
            slug = name_slug(author.name)
            articles[slug].append(article)
            people.setdefault(slug, author)
    slugs = sorted(articles, key=lambda s: (name_slug(people[s].name.split()[-1]), s))
    entries = [partial(lambda s: (author_view(people[s], urls, lang), len(articles[s])), s) for s in slugs]
    shown = [(people[s], len(articles[s])) for s in slugs]
    drafts = plan.paginated(("authors",), urls.authors, "authors.html", entries, shown, lastmod=newest(plan.by_date))
    for slug in slugs:
        extra = {"author": author_view(people[slug], urls, lang)}
        drafts += plan.paginated(
            ("author", slug),
            partial(_in_lang, urls.author, slug),
            "author.html",
            plan.items(articles[slug]),
            articles[slug],
            extra=extra,
            deps=(people[slug],),
            lastmod=newest(articles[slug]),
        )
    return drafts


def keyword_drafts(plan: Language) -> list[Draft]:
    """The index of this language's keywords, and each keyword's articles (keywords have no translation)."""
    urls, lang = plan.urls, plan.lang
    articles: dict[str, list[Article]] = defaultdict(list)
    labels: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for article in plan.by_date:
        for keyword in article.versions[lang].keywords if lang in article.versions else ():
            slug = name_slug(keyword)
            labels.setdefault(slug, keyword)
            if (slug, article.key) not in seen:  # a set: an article listed once however often it repeats a keyword
                seen.add((slug, article.key))
                articles[slug].append(article)
    slugs = sorted(articles)
    entries = [partial(lambda s: (Link(Markup.escape(labels[s]), urls.keyword(lang, s)), len(articles[s])), s) for s in slugs]
    every = [a for slug in slugs for a in articles[slug]]
    shown = [(labels[s], len(articles[s])) for s in slugs]
    drafts = plan.paginated(("keywords",), urls.keywords, "keywords.html", entries, shown, lastmod=newest(every))
    for slug in slugs:
        drafts += plan.paginated(
            ("keyword", lang, slug),
            partial(_in_lang, urls.keyword, slug),
            "keyword.html",
            plan.items(articles[slug]),
            articles[slug],
            deps=(labels[slug],),
            extra={"keyword": labels[slug]},
            fallback=("keywords", 1),
            lastmod=newest(articles[slug]),
        )
    return drafts


def page_drafts(plan: Language) -> list[Draft]:
    """The free-standing pages of this language."""
    urls, lang = plan.urls, plan.lang
    drafts = []
    for page in plan.site.pages:
        if lang in page.versions:
            version = page.versions[lang]
            context = partial(page_context, plan, version)
            href = urls.page(lang, version.slug)
            drafts.append(
                Draft(
                    ("page", page.key),
                    ("home",),
                    href,
                    lang,
                    "page.html",
                    context,
                    version.at("slug"),
                    version.updated,
                    (version,),
                )
            )
    return drafts


def _in_lang(href: Callable[..., str], slug: str, lang: str, page: int = 1) -> str:
    """An href function of (lang, slug, page) called as (lang, page), for pagination."""
    return href(lang, slug, page)
