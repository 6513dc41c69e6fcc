"""One PlannedPage per URL and language, listed before anything renders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from babel.support import NullTranslations
from markupsafe import Markup

from .errors import ContentError, Position
from .i18n import Formats
from .jats.article import exportable, jats_article
from .metadata import article_head, citation, home_head, issue_head, reference
from .models import Article, Author, Issue, Site
from .urls import Urls, name_slug
from .views import (
    Link,
    article_item,
    article_view,
    author_view,
    is_withheld,
    issue_view,
    main_version,
    page_view,
    published_pdf,
    shown_version,
)

HOME_ARTICLES = 10  # the latest articles on a language home
PAGES_AROUND = 2  # a list's page links the first and last pages, and this many on either side of its own
UNLISTED = ("404", "alias", "search")  # pages left out of the sitemap: no content of their own


@dataclass(frozen=True, slots=True)
class Alternate:
    lang: str
    href: str  # absolute URL


@dataclass(frozen=True, slots=True)
class SwitchLink:
    lang: str
    name: str  # the language's name in itself
    href: str
    translation: bool  # False when it goes to that language's home or index instead


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a template may know about the page it renders: its address and its translations."""

    href: str
    lang: str
    canonical: str
    alternates: tuple[Alternate, ...]
    x_default: str | None
    switch: tuple[SwitchLink, ...]


@dataclass(frozen=True, slots=True)
class PlannedPage:
    href: str
    path: PurePosixPath
    lang: str
    template: str
    context: Callable[[], Mapping[str, Any]] = field(compare=False)  # the page's views, built when it renders
    canonical: str = ""
    alternates: tuple[Alternate, ...] = ()  # its translations, itself included (hreflang)
    x_default: str | None = None
    switch: tuple[SwitchLink, ...] = ()  # the language switcher
    every_language: bool = False  # the landing and 404 pages speak all the site's languages at once
    source: Position | None = None  # the content file behind the page, for messages
    lastmod: date | None = None  # the newest date of what the page shows (sitemap)
    listed: bool = True  # in the sitemap: not redirects, nor the 404 page
    deps: tuple = field(default=(), compare=False)  # the content its context shows (models, values): the cache's key

    @property
    def meta(self) -> PageMeta:
        """The page for its template: never the context builder, which holds the content models."""
        return PageMeta(self.href, self.lang, self.canonical, self.alternates, self.x_default, self.switch)


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    count: int
    previous: str | None
    next: str | None
    pages: tuple[Link | None, ...]  # the pages linked (see page_numbers); None where some are left out (…)


@dataclass(frozen=True, slots=True)
class _Draft:
    key: tuple  # pages with the same key in several languages are translations of each other
    fallback: tuple | None  # where the switcher goes when a language has no translation
    href: str
    lang: str
    template: str
    context: Callable[[], Mapping[str, Any]]
    where: Position | None = None  # the source of an article or page, for error messages
    lastmod: date | None = None
    deps: tuple = ()  # every model and value its context reads, besides the settings, templates and catalogs


def plan_site(
    site: Site, urls: Urls, translations: Mapping[str, NullTranslations], edition: str = "public"
) -> tuple[list[PlannedPage], list[ContentError]]:
    """Every page of the site, sorted by URL, with alternates and switcher links."""
    config = site.config
    by_date = sorted(site.articles, key=lambda a: (a.date, a.key), reverse=True)
    changed = max((d for d in (newest(by_date), *(i.date for i in site.issues.values())) if d), default=None)
    drafts = [_Draft(("landing",), None, urls.landing(), config.default_language, "landing.html", dict, lastmod=changed)]
    drafts.append(_Draft(("404",), None, urls.asset("404.html"), config.default_language, "404.html", dict))
    contents = issue_contents(site)
    for lang in config.languages:
        drafts += _language_drafts(site, urls, translations, lang, by_date, contents, edition)
    return _finish(drafts, urls, config.languages)


@dataclass(frozen=True, slots=True)
class _Language:
    """What planning one language's pages needs."""

    site: Site
    urls: Urls
    translations: Mapping[str, NullTranslations]
    lang: str
    by_date: list[Article]  # newest first
    contents: Mapping[str, tuple[Article, ...]]  # each issue's articles, in order
    edition: str  # public | full
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
    ) -> list[_Draft]:
        """A paginated list; `shown[i]` is what entry i shows, for the cache's key of each list page."""
        return _paginated(
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


def _language_drafts(
    site: Site,
    urls: Urls,
    translations: Mapping[str, NullTranslations],
    lang: str,
    by_date: list[Article],
    contents: Mapping[str, tuple[Article, ...]],
    edition: str,
) -> list[_Draft]:
    """Every page of one language."""
    plan = _Language(site, urls, translations, lang, by_date, contents, edition, tuple(site.issues.values()))
    return [
        *_home_drafts(plan),
        *_article_drafts(plan),
        *_issue_drafts(plan),
        *_author_drafts(plan),
        *_keyword_drafts(plan),
        *_page_drafts(plan),
    ]


def _home_drafts(plan: _Language) -> list[_Draft]:
    site, urls, lang = plan.site, plan.urls, plan.lang
    latest = max(site.issues.values(), key=lambda i: (i.date, i.id), default=None)

    def home() -> dict[str, Any]:
        return {
            "latest_issue": issue_view(latest, urls, lang, plan.translations[lang]) if latest else None,
            "latest_issue_articles": plan.toc(latest.id) if latest else (),
            "articles": tuple(plan.item(a) for a in plan.by_date[:HOME_ARTICLES]),
            "head": home_head(lang, site.config, urls, urls.search(lang) if searchable(site) else None),
        }

    newest_issue = latest.date if latest else None
    changed = max((d for d in (newest(plan.by_date), newest_issue) if d), default=None)
    shown = (*plan.contents.get(latest.id, ()), latest) if latest else ()
    deps = (plan.issues, *shown, *plan.by_date[:HOME_ARTICLES])
    drafts = [_Draft(("home",), None, urls.home(lang), lang, "home.html", home, lastmod=changed, deps=deps)]
    if searchable(site):
        drafts.append(_Draft(("search",), ("home",), urls.search(lang), lang, "search.html", dict))
    return drafts


def _article_drafts(plan: _Language) -> list[_Draft]:
    """Each article version's page, its aliases' redirects, and the list of all articles."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    drafts = []
    for article in site.articles:
        if lang not in article.versions:
            continue
        version = article.versions[lang]
        href = urls.article(lang, version.slug)
        context = partial(_article_context, article, lang, site, urls, plan.translations, plan.edition)
        deps = (article, plan.issues)
        drafts.append(
            _Draft(
                ("article", article.key),
                ("home",),
                href,
                lang,
                "article.html",
                context,
                version.at("slug"),
                lastmod(article),
                deps,
            )
        )
        for alias in version.aliases:
            redirect = partial(dict, target=href, canonical=urls.absolute(href))
            drafts.append(
                _Draft(
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


def _issue_drafts(plan: _Language) -> list[_Draft]:
    """The list of issues, and each issue's table of contents."""
    site, urls, lang = plan.site, plan.urls, plan.lang
    ordered = sorted(site.issues.values(), key=lambda i: (i.date, i.id), reverse=True)
    changed = {i.id: max(i.date, newest(plan.contents.get(i.id, ())) or i.date) for i in ordered}
    views = [partial(issue_view, i, urls, lang, plan.translations[lang]) for i in ordered]
    drafts = plan.paginated(("issues",), urls.issues, "issues.html", views, ordered, lastmod=max(changed.values(), default=None))
    for issue in ordered:

        def context(issue: Issue = issue) -> dict[str, Any]:
            articles = plan.contents.get(issue.id, ())
            refs = [
                reference(a, shown_version(a, lang).lang, site.config, urls, site.issues, _pdf(a, plan.edition)) for a in articles
            ]
            cite = citation(refs, urls.issue(lang, issue.id), issue.id, None)
            return {
                "issue": issue_view(issue, urls, lang, plan.translations[lang]),
                "sections": plan.toc(issue.id),
                "head": issue_head(issue, articles, lang, site.config, urls, plan.translations[lang]),
                "citation": cite,
                "downloads": cite.files if refs else (),
            }

        href = urls.issue(lang, issue.id)
        deps = (plan.issues, issue, *plan.contents.get(issue.id, ()))
        drafts.append(
            _Draft(("issue", issue.id), ("issues", 1), href, lang, "issue.html", context, lastmod=changed[issue.id], deps=deps)
        )
    return drafts


def _author_drafts(plan: _Language) -> list[_Draft]:
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


def _keyword_drafts(plan: _Language) -> list[_Draft]:
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


def _page_drafts(plan: _Language) -> list[_Draft]:
    """The free-standing pages of this language."""
    urls, lang = plan.urls, plan.lang
    drafts = []
    for page in plan.site.pages:
        if lang in page.versions:
            version = page.versions[lang]
            context = partial(lambda v: {"page_view": page_view(v, plan.translations[lang])}, version)
            href = urls.page(lang, version.slug)
            drafts.append(
                _Draft(
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


def _article_context(article, lang, site, urls, translations, edition) -> dict[str, Any]:
    config, issues = site.config, site.issues
    view = article_view(article, lang, config, urls, issues, translations, edition)
    head = article_head(article, lang, config, urls, issues, translations, view.pdf, edition)
    slug = article.versions[lang].slug
    cite = citation([reference(article, lang, config, urls, issues, view.pdf)], urls.article(lang, slug), slug, lang)
    downloads, jats_href = list(cite.files), None
    if exportable(config):  # one JATS file per article, beside the page of its full text
        main = main_version(article)
        jats_href = urls.article(main.lang, main.slug) + f"{main.slug}.xml"
        if main.lang == lang:  # the body only in the subscriber edition; the public one gets the front matter
            downloads.append((f"{main.slug}.xml", jats_article(article, site, urls, body=edition == "full")))
    return {"article": view, "files": view.files, "head": head, "citation": cite, "downloads": downloads, "jats": jats_href}


def _pdf(article: Article, edition: str) -> str | None:
    """The PDF an article's pages link to in this edition (for an issue's references)."""
    source = next((v for v in article.versions.values() if v.has_body), None)
    return published_pdf(article, is_withheld(article, source, edition))


def searchable(site: Site) -> bool:
    """Whether the site has pages to search (Pagefind indexes article and free-standing pages)."""
    return bool(site.articles or site.pages)


def lastmod(article: Article) -> date:
    """When an article last changed: its correction, else its publication."""
    return article.updated or article.date


def newest(articles: Sequence[Article]) -> date | None:
    return max((lastmod(a) for a in articles), default=None)


def issue_contents(site: Site) -> dict[str, tuple[Article, ...]]:
    """Each issue's articles in their order: `order`, then date, then key."""
    contents: dict[str, list[Article]] = defaultdict(list)
    for article in site.articles:
        if article.issue:
            contents[article.issue].append(article)
    return {
        issue: tuple(sorted(articles, key=lambda a: (a.order is None, a.order or 0, a.date, a.key)))
        for issue, articles in contents.items()
    }


def _paginated(
    key: tuple,
    href: Callable[[int], str],
    lang: str,
    template: str,
    entries: Sequence[Callable[[], Any]],
    shown: Sequence[Any],
    per_page: int,
    deps: tuple = (),
    extra: Mapping[str, Any] | None = None,
    fallback: tuple | None = ("home",),
    lastmod: date | None = None,
) -> list[_Draft]:
    """A long list cut into pages /x/, /x/page/2/ … (the 'page' segment is localised).

    Every page of a list changes when an entry is added (the entries shift), so all share the list's `lastmod`.
    """
    count = max(1, -(-len(entries) // per_page))
    drafts = []
    for number in range(1, count + 1):
        chunk = entries[(number - 1) * per_page : number * per_page]
        page_deps = (*deps, count, *shown[(number - 1) * per_page : number * per_page])

        def context(chunk=chunk, number=number) -> dict[str, Any]:
            pagination = Pagination(  # made when the page renders: the plan stays small for long lists
                number,
                count,
                href(number - 1) if number > 1 else None,
                href(number + 1) if number < count else None,
                tuple(Link(Markup(str(n)), href(n)) if n else None for n in page_numbers(number, count)),
            )
            return {"items": tuple(entry() for entry in chunk), "pagination": pagination, **(extra or {})}

        page_key = (*key, number)
        drafts.append(
            _Draft(
                page_key,
                fallback if number == 1 else (*key, 1),
                href(number),
                lang,
                template,
                context,
                lastmod=lastmod,
                deps=page_deps,
            )
        )
    return drafts


def page_numbers(number: int, count: int) -> list[int | None]:
    """The pages page `number` of `count` links to: the first, the last and PAGES_AROUND on either side; None for a gap.

    Linking every page would make a list of N pages N links long on each of its N pages (the index of 2,000 authors).
    """
    near = {1, count, *range(number - PAGES_AROUND, number + PAGES_AROUND + 1)}
    numbers: list[int | None] = []
    last = 0
    for n in sorted(n for n in near if 1 <= n <= count):
        if n - last == 2:  # one page left out: show it rather than "…"
            numbers.append(n - 1)
        elif n - last > 2:
            numbers.append(None)
        numbers.append(n)
        last = n
    return numbers


def _finish(drafts: list[_Draft], urls: Urls, languages: tuple[str, ...]) -> tuple[list[PlannedPage], list[ContentError]]:
    """Alternates, x-default and switcher links from the translation keys; two pages on one URL is an error."""
    by_key: dict[tuple, dict[str, str]] = defaultdict(dict)
    for draft in drafts:
        by_key[draft.key][draft.lang] = draft.href
    pages, errors, seen = [], [], {}
    for draft in drafts:
        path = urls.output_path(draft.href)
        if path in seen:
            errors.append(_collision(draft, seen[path]))
            continue
        seen[path] = draft
        # the landing page is the homes' x-default: it declares them in return
        versions = by_key[("home",) if draft.key[0] == "landing" else draft.key]
        multilingual = draft.key[0] not in ("landing", "404", "alias")
        alternates = (
            tuple(Alternate(lang, urls.absolute(versions[lang])) for lang in languages if lang in versions)
            if multilingual or draft.key[0] == "landing"
            else ()
        )
        if draft.key[0] in ("home", "landing"):
            x_default = urls.absolute(urls.landing())
        else:
            x_default = alternates[0].href if alternates else None
        switch = ()
        if multilingual:
            switch = tuple(_switch_link(draft, lang, versions, by_key) for lang in languages)
        pages.append(
            PlannedPage(
                draft.href,
                urls.output_path(draft.href),
                draft.lang,
                draft.template,
                draft.context,
                _canonical(draft, urls),
                alternates,
                x_default,
                switch,
                draft.key[0] in ("landing", "404"),
                draft.where.at(1) if draft.where else None,
                draft.lastmod,
                draft.key[0] not in UNLISTED,
                draft.deps,
            )
        )
    return sorted(pages, key=lambda p: p.href), errors


def _canonical(draft: _Draft, urls: Urls) -> str:
    """A page's own URL; a redirect's target; none for the 404 page, which is served at any address."""
    if draft.key[0] == "alias":
        return draft.context()["canonical"]
    return urls.absolute(draft.href) if draft.key[0] != "404" else ""


def _switch_link(draft: _Draft, lang: str, versions: dict[str, str], by_key: dict[tuple, dict[str, str]]) -> SwitchLink:
    name = Formats.autonym(lang)
    if lang in versions:
        return SwitchLink(lang, name, versions[lang], True)
    fallback = by_key.get(draft.fallback or ("home",), {}).get(lang) or by_key[("home",)][lang]
    return SwitchLink(lang, name, fallback, False)


def _collision(draft: _Draft, first: _Draft) -> ContentError:
    where = draft.where or first.where or Position(PurePosixPath("site.yaml"))
    also = tuple(p for p in (first.where,) if p and p != where)
    return ContentError(where, f"two pages would be written at {draft.href}; change a slug or a URL segment", also=also)
