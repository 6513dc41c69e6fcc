"""The values every tag family shares: a tag, a page's head, an article's texts as plain text, the version described."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from .. import markup
from ..cite import join_title, split_name
from ..config import SiteConfig
from ..models import Article, Author, Version
from ..typography import Typography
from ..urls import Urls, is_web_url
from ..views import text_lang


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


def title_text(version: Version, typography: Mapping[str, Typography | None]) -> str:
    """A version's title and subtitle as plain text, joined as its language joins them (`cite.join_title`):
    `typography` holds each language's rules, the site's (None, or no entry, for a language without)."""
    subtitle = plain(markup.inline(version.subtitle)) if version.subtitle else None
    return join_title(plain(markup.inline(version.title)), subtitle, typography.get(version.lang))


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
