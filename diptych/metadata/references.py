"""The article as citations give it: the reference, the how-to-cite text and the RIS and BibTeX files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import markup
from ..cite import Reference, bibtex, how_to_cite, ris
from ..config import SiteConfig
from ..models import Article, Issue
from ..typography import Typography
from ..urls import Urls
from .text import abstract_text, described, journal_title, pdf_url, plain, title_text


def reference(
    article: Article,
    lang: str,
    config: SiteConfig,
    urls: Urls,
    issues: Mapping[str, Issue],
    pdf: str | None,
    typography: Mapping[str, Typography | None],
) -> Reference:
    """The article as citations give it, the same from each of its pages: the version `described` names, its URL."""
    main, main_url = described(article, lang, urls)
    issue = issues[article.issue] if article.issue else None
    return Reference(
        key=article.key,
        lang=main.lang,
        title=plain(markup.inline(main.title)),
        subtitle=plain(markup.inline(main.subtitle)) if main.subtitle else None,
        translated_titles=tuple((v.lang, title_text(v, typography)) for v in article.versions.values() if v.lang != main.lang),
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
        typography=typography.get(main.lang),
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
