"""An article's page: its titles and abstracts, its text as the edition gives it, its outline, its PDF."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from babel.support import NullTranslations
from markupsafe import Markup

from .. import figures, markup, paywall
from ..config import SiteConfig
from ..edition import Edition
from ..i18n import formats
from ..load.body import read_body
from ..models import Article, Issue, OutlineItem, Version
from ..outline import Anchors, OutlineEntry, nest, page_ids
from ..urls import Urls
from .beside import Beside, files_beside
from .common import AuthorView, IssueView, Link, author_view, issue_view, text_lang
from .items import keyword_links


@dataclass(frozen=True, slots=True)
class Translation:
    """The other language's title and abstract, shown beside the page's own."""

    lang: str
    language: str  # its name in the page's language
    href: str
    title: Markup
    subtitle: Markup | None
    abstract: Markup
    keywords: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What a template may know about one language version of an article."""

    lang: str
    key: str
    title: Markup
    subtitle: Markup | None
    abstract: Markup
    keywords: tuple[Link, ...]
    authors: tuple[AuthorView, ...]
    date: str
    date_iso: str
    updated: str | None
    updated_iso: str | None
    issue: IssueView | None
    section: str | None
    pages: str | None
    doi: str | None
    license: str | None
    free: bool
    complete: bool  # `text` is the whole article: a free one, or any in the subscriber edition
    translations: tuple[Translation, ...]
    text: Markup | None  # the teaser of a paywalled article, the whole text of a free one
    text_lang: str | None  # the language of `text` (another language's when this version has no body)
    text_language: str | None  # its name in the page's language, when it is not the page's
    remaining: str | None  # "93 %": the share left to read, formatted; None when the text is complete
    outline: tuple[OutlineEntry, ...]
    purchase_url: str | None
    access_url: str | None
    pdf: str | None  # an href: a URL, or a file published beside the page (free articles only)
    files: tuple[Beside, ...]  # the files the page's public text and PDF link refer to


def article_view(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issues: Mapping[str, Issue],
    translations: Mapping[str, NullTranslations],
    root: Path,
    edition: Edition = Edition.PUBLIC,
) -> ArticleView:
    """The page of one version: its texts, the others' titles and abstracts, and its text for the edition.

    The public edition gets the teaser of a paywalled article; the subscriber edition ("full") its whole body, read
    from its file under the site folder `root` (a body is not kept in memory: models.Body).
    """
    version = article.versions[lang]
    fmt = formats(lang)
    source = article.versions[text_lang(article, lang)]
    source = source if source.has_body else None
    withheld = edition.withholds(article, source)
    text, outline, remaining = None, (), None
    if source is not None:
        body = None if withheld and source.public is not None else read_body(root, source.body)  # public: from load
        text, outline, share = edition_text(source, body, withheld, config, translations[source.lang])
        remaining = fmt.percent(share) if share is not None else None
    files = files_beside(text, source, root, body) if text is not None and source is not None else ()
    pdf = published_pdf(article, withheld)
    if pdf and article.pdf and article.pdf_file is not None:
        files += (Beside(article.pdf_file.path.parent / article.pdf, pdf, article.pdf_file),)
    others = [v for v in article.versions.values() if v.lang != lang]
    fill = {
        name: quote(value, safe="/")
        for name, value in (("doi", article.doi or ""), ("slug", version.slug), ("lang", lang), ("key", article.key))
    }
    purchase = config.paywall.purchase_url
    return ArticleView(
        lang=lang,
        key=article.key,
        title=markup.inline(version.title),
        subtitle=markup.inline(version.subtitle) if version.subtitle else None,
        abstract=markup.block(version.abstract),
        keywords=keyword_links(version, urls),
        authors=tuple(author_view(a, urls, lang) for a in article.authors),
        date=fmt.date(article.date),
        date_iso=article.date.isoformat(),
        updated=fmt.date(article.updated) if article.updated else None,
        updated_iso=article.updated.isoformat() if article.updated else None,
        issue=issue_view(issues[article.issue], urls, lang, translations[lang]) if article.issue else None,
        section=article.section.get(lang) if article.section else None,
        pages=article.pages,
        doi=article.doi,
        license=article.license,
        free=not article.paywalled,
        complete=not withheld and source is not None,
        translations=tuple(
            Translation(
                v.lang,
                fmt.language(v.lang),
                urls.article(v.lang, v.slug),
                markup.inline(v.title),
                markup.inline(v.subtitle) if v.subtitle else None,
                markup.block(v.abstract),
                keyword_links(v, urls),
            )
            for v in others
        ),
        text=text,
        text_lang=source.lang if source else None,
        text_language=fmt.language(source.lang) if source and source.lang != lang else None,
        remaining=remaining,
        outline=outline,
        purchase_url=purchase.format_map(fill)
        if purchase and article.paywalled and ("{doi}" not in purchase or article.doi)
        else None,
        access_url=config.paywall.access_url if article.paywalled else None,
        pdf=pdf,
        files=tuple(dict.fromkeys(files)),
    )


def published_pdf(article: Article, withheld: bool) -> str | None:
    """The PDF an article's pages link to: a URL as written; a local file (the full text) by its name, published
    beside the page, unless the text is withheld."""
    if article.pdf and article.pdf_file is not None:
        return PurePosixPath(article.pdf).name if not withheld else None
    return article.pdf


def backlink_title(translations: NullTranslations) -> str:
    """The title of a footnote's link back to the text, in the text's language."""
    return translations.gettext("Back to the text of note %d")


def edition_text(
    source: Version, body: str | None, withheld: bool, config: SiteConfig, translations: NullTranslations
) -> tuple[Markup, tuple[OutlineEntry, ...], int | None]:
    """The HTML of a body (its teaser when part is withheld), the outline of the whole article, the percent left.
    `body`: the version's Markdown, read for this page; None where load rendered its public text already."""
    backlink = backlink_title(translations)
    if body is None:  # read and rendered at load, from the same one reading
        assert withheld and source.public is not None, "a body is read for the page that renders it"
        text = dataclasses.replace(source.public, html=markup.localize(source.public.html, backlink))
    else:
        text = paywall.text(
            body,
            paywalled=withheld,
            teaser_paragraphs=config.paywall.teaser_paragraphs,
            declared_percent=source.remaining_percent,
            anchors=Anchors(page_ids(config.languages)),
            backlink_title=backlink,
            shift=1,
        )
    html = Markup(figures.sized(text.html, source.figures))
    if source.outline:
        linked = {markup.plain(title): anchor for _, title, anchor in text.headings}
        flat = list(_declared(source.outline, 2, linked))
    else:
        shown = [heading for heading in text.headings if heading[0] <= paywall.OUTLINE_DEPTH]
        flat = [*shown, *((level, title, None) for level, title in text.withheld)]
    return html, nest(flat), text.remaining_percent


def _declared(items: tuple[OutlineItem, ...], level: int, linked: dict[str, str]):
    """A declared outline as flat headings; those also in the teaser link to them."""
    for item in items:
        title = markup.inline(item.title)
        yield level, title, linked.get(markup.plain(title))
        yield from _declared(item.sections, level + 1, linked)
