"""The public views templates receive: no view has a field for withheld text."""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from babel.support import NullTranslations
from markupsafe import Markup

from . import figures, markup, paywall
from .config import SiteConfig
from .edition import Edition
from .errors import Position
from .i18n import formats
from .models import Article, Author, Issue, OutlineItem, PageVersion, Version
from .outline import Anchors, OutlineEntry, nest, page_ids
from .urls import Urls, name_slug


@dataclass(frozen=True, slots=True)
class JournalView:
    """What a template may know of the journal: what its pages show (names, languages, identifiers), never the
    settings they do not (the Crossref depositor's e-mail, the paywall's rules)."""

    title: Mapping[str, str]  # per language
    description: Mapping[str, str]
    languages: tuple[str, ...]  # the first is the default language
    publisher: str | None
    issn: str | None
    eissn: str | None


def journal_view(config: SiteConfig) -> JournalView:
    """The journal as its pages show it."""
    return JournalView(config.title, config.description, config.languages, config.publisher, config.issn, config.eissn)


@dataclass(frozen=True, slots=True)
class Link:
    label: Markup
    href: str
    lang: str | None = None  # set when the target is in another language than the page


@dataclass(frozen=True, slots=True)
class AuthorView:
    name: str
    href: str
    affiliation: str | None = None
    orcid: str | None = None


@dataclass(frozen=True, slots=True)
class IssueView:
    id: str
    href: str
    title: str | None
    volume: int | None
    number: int | None
    date: str  # formatted for the page's language
    label: str  # "Vol. 12, no. 2" in the page's language; its date when it has neither volume nor number


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """An article in a list: issue table of contents, author, keyword, home."""

    href: str
    lang: str  # the language of the version shown (the page's when it has one)
    title: Markup
    subtitle: Markup | None
    authors: tuple[AuthorView, ...]
    date: str
    issue: IssueView | None
    section: str | None
    pages: str | None
    free: bool
    more_authors: int = 0  # the authors left out of `authors` ("et al."); 0 when it names them all


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
class Beside:
    """A file next to an article's source, published next to its page."""

    source: PurePosixPath  # relative to the site folder
    name: str  # relative to the page's folder
    where: Position  # the line of the version that refers to it


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


LIST_AUTHORS = 6  # an article in a list names up to six authors; with more, the first three, then "et al."
LIST_AUTHORS_CUT = 3  # (AMA's rule), so that one article of N authors does not put N names on N authors' pages


def author_view(author: Author, urls: Urls, lang: str) -> AuthorView:
    return AuthorView(author.name, urls.author(lang, name_slug(author.name)), author.affiliation, author.orcid)


def listed_authors(authors: tuple[Author, ...]) -> tuple[Author, ...]:
    """The authors an article's entry in a list names: all up to LIST_AUTHORS, else the first LIST_AUTHORS_CUT."""
    return authors if len(authors) <= LIST_AUTHORS else authors[:LIST_AUTHORS_CUT]


def issue_view(issue: Issue, urls: Urls, lang: str, translations: NullTranslations) -> IssueView:
    day = formats(lang).date(issue.date)
    return IssueView(
        issue.id,
        urls.issue(lang, issue.id),
        issue.title.get(lang),
        issue.volume,
        issue.number,
        day,
        issue_label(issue, translations, day),
    )


def issue_label(issue: Issue, translations: NullTranslations, day: str) -> str:
    """How an issue is named in lists, titles, breadcrumbs and citations."""
    gettext = translations.gettext
    if issue.volume is not None and issue.number is not None:
        return gettext("Vol. %(volume)s, no. %(number)s") % {"volume": issue.volume, "number": issue.number}
    if issue.number is not None:
        return gettext("No. %(number)s") % {"number": issue.number}
    if issue.volume is not None:
        return gettext("Vol. %(volume)s") % {"volume": issue.volume}
    return day


def text_lang(article: Article, lang: str) -> str:
    """The language of the article's full text, as seen from the page in `lang`.

    The page's own language when its version has a body; otherwise the first version, in the site's language
    order, that has one; the page's language when none has.
    """
    if article.versions[lang].has_body:
        return lang
    return next((v.lang for v in article.versions.values() if v.has_body), lang)


def main_version(article: Article) -> Version:
    """The article's version of record: its full text's, as seen from site.yaml's first language (DOI, JATS)."""
    return article.versions[text_lang(article, next(iter(article.versions)))]


@dataclass(frozen=True, slots=True)
class Exported:
    """An article as an export (its JATS file) may know it: its fields, no version's body, and the full text of its
    version of record only where the edition gives it whole."""

    article: Article  # every version's body emptied: the front matter cannot look into one
    lang: str  # the language of the version of record, which the file is in (the others are its translations)
    full_text: str | None  # Markdown; None in the public edition, and for a teaser-only version in either


def exported(article: Article, edition: Edition) -> Exported:
    """What the article's JATS file in this edition may hold."""
    main = main_version(article)
    whole = edition.full_texts and main.remaining_percent is None and main.has_body  # the edition first: no look else
    bare = {lang: dataclasses.replace(v, body="", public=None) for lang, v in article.versions.items()}
    return Exported(dataclasses.replace(article, versions=bare), main.lang, main.body if whole else None)


def shown_version(article: Article, lang: str) -> Version:
    """The version a page in `lang` shows: its own, else the first in the site's language order."""
    return article.versions.get(lang) or next(iter(article.versions.values()))


def article_item(
    article: Article, lang: str, urls: Urls, issues: Mapping[str, Issue], translations: NullTranslations
) -> ArticleItem:
    version = shown_version(article, lang)
    named = listed_authors(article.authors)
    return ArticleItem(
        href=urls.article(version.lang, version.slug),
        lang=version.lang,
        title=markup.inline(version.title),
        subtitle=markup.inline(version.subtitle) if version.subtitle else None,
        authors=tuple(author_view(a, urls, lang) for a in named),
        date=formats(lang).date(article.date),
        issue=issue_view(issues[article.issue], urls, lang, translations) if article.issue else None,
        section=article.section.get(lang) if article.section else None,
        pages=article.pages,
        free=not article.paywalled,
        more_authors=len(article.authors) - len(named),
    )


def _keywords(version: Version, urls: Urls) -> tuple[Link, ...]:
    return tuple(Link(Markup.escape(k), urls.keyword(version.lang, name_slug(k))) for k in version.keywords)


def article_view(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issues: Mapping[str, Issue],
    translations: Mapping[str, NullTranslations],
    edition: Edition = Edition.PUBLIC,
) -> ArticleView:
    """The page of one version: its texts, the others' titles and abstracts, and its text for the edition.

    The public edition gets the teaser of a paywalled article; the subscriber edition ("full") its whole body.
    """
    version = article.versions[lang]
    fmt = formats(lang)
    source = article.versions[text_lang(article, lang)]
    source = source if source.has_body else None
    withheld = edition.withholds(article, source)
    text, outline, remaining = None, (), None
    if source is not None:
        text, outline, share = edition_text(source, withheld, config, translations[source.lang])
        remaining = fmt.percent(share) if share is not None else None
    files = _files_beside(text, source) if text is not None and source is not None else ()
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
        keywords=_keywords(version, urls),
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
                _keywords(v, urls),
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


def _files_beside(html: str, source: Version) -> tuple[Beside, ...]:
    """The files the public text links to by relative paths: figures only, and only those of the public part.

    Anything else (the article's own Markdown, a document, its full-text PDF) is never published from a link. Only
    tags are read: a code span showing `<img src="x.png">` holds its text, not a tag (its '<' is escaped).
    """
    refs = (html_lib.unescape(m) for tag in markup.OPEN_TAG.findall(html) for m in figures.REFERENCE.findall(tag))
    files = []
    for ref in refs:
        name = unquote(ref)  # ma%20carte.png is the file 'ma carte.png', as the server reads the browser's request
        if figures.is_figure(name) and name.isprintable():
            files.append(Beside(source.where.path.parent / name, name, _named_at(source, ref)))
    return tuple(files)


def _named_at(source: Version, ref: str) -> Position:
    """Where the body refers to a file (so the build and `check` say the same line): the first line whose Markdown
    or HTML gives it as an address, entities read (`](fig.png`, `]: fig.png`, `src="fig.png"`, `src='fig.png'`,
    `src=fig.png`, href alike), as Python-Markdown reads it (not code showing it); else the first that names it; else
    the version's first line."""
    name = re.escape(ref)
    end = r"(?=[\s)>#?]|$)"
    written = re.compile(
        rf"\]\(\s*<?{name}{end}|\]:\s*<?{name}{end}"
        rf"|(?i:(?<![\w-])(?:src|href))\s*=\s*(?:\"{name}[\"#?]|'{name}['#?]|{name}(?=[\s>#?]|/?>|$))"
    )
    lines = [html_lib.unescape(text) for text in source.body.split("\n")]
    candidates = [n for n, text in enumerate(lines) if written.search(text)]
    if len(candidates) > 1:  # one may be code showing the reference: Markdown tells which it reads as an address
        candidates = _read_as_addresses(lines, candidates, written, ref) or candidates
    found = candidates[0] if candidates else next((n for n, text in enumerate(lines) if ref in text), None)
    return source.where if found is None else source.where.at(source.body_line + found)


def _read_as_addresses(lines: list[str], candidates: list[int], written: re.Pattern[str], ref: str) -> list[int]:
    """The candidate lines whose reference Python-Markdown reads into a tag (not code, not text): each tagged with its
    line number, the body read aside. Only for a figure referred to on more than one line, so rarely."""
    tagged = list(lines)
    for n in candidates:
        tagged[n] = written.sub(lambda m, n=n: m[0].replace(ref, f"diptych-line-{n}-{ref}"), lines[n])
    reading = markup.read("\n".join(tagged), aside=True)
    blocks = [*reading.blocks, *(child for note in reading.footnotes() for child in reading.chunk(note))]
    rendered = "".join(reading.raw(block) or reading.inline_html(block) for block in blocks)
    read = {int(n) for tag in markup.OPEN_TAG.findall(rendered) for n in re.findall(r"diptych-line-(\d+)-", tag)}
    return [n for n in candidates if n in read]


def backlink_title(translations: NullTranslations) -> str:
    """The title of a footnote's link back to the text, in the text's language."""
    return translations.gettext("Back to the text of note %d")


def edition_text(
    source: Version, withheld: bool, config: SiteConfig, translations: NullTranslations
) -> tuple[Markup, tuple[OutlineEntry, ...], int | None]:
    """The HTML of a body (its teaser when part is withheld), the outline of the whole article, the percent left."""
    backlink = backlink_title(translations)
    if withheld and source.public is not None:  # read and rendered at load, from the same one reading
        text = source.public
        text = dataclasses.replace(text, html=markup.localize(text.html, backlink))
    else:
        text = paywall.text(
            source.body,
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


@dataclass(frozen=True, slots=True)
class PageView:
    """A free-standing page."""

    lang: str
    title: Markup
    body: Markup
    description: str | None


def page_view(version: PageVersion, translations: NullTranslations) -> PageView:
    html, _ = markup.body(version.body, Anchors(), backlink_title(translations))
    return PageView(version.lang, markup.inline(version.title), html, version.description)
