"""What may be cited of an article (`Reference`), its text as one clean line, and its date and pages as the formats write them."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from ..models import Author
from ..typography import Typography

# RIS and BibTeX files remembered, keyed by their references: an article's pages in each language cite the same
# reference (its full text's), an issue's pages in each language the same list
CACHED_FILES = 2048


@dataclass(frozen=True, slots=True)
class Reference:
    """What may be cited of one language version of an article: public data only, plain text."""

    key: str  # the article's key: BibTeX key, RIS ID
    lang: str  # the language of title, subtitle, abstract and keywords
    title: str
    subtitle: str | None
    translated_titles: tuple[tuple[str, str], ...]  # ((lang, title), ...) of the other versions
    abstract: str
    keywords: tuple[str, ...]
    authors: tuple[Author, ...]
    journal: str
    issn: str | None
    eissn: str | None
    publisher: str | None
    volume: int | None
    issue: int | None  # the issue's number
    pages: str | None  # "61-78", or "12"
    date: datetime.date  # of publication
    doi: str | None  # 10.9999/res.752.0061
    url: str  # the article's page, absolute
    pdf_url: str | None
    license: str | None
    abbreviation: str | None = None  # the journal's abbreviated title, when site.yaml gives one
    # title and subtitle as inline HTML (markup.inline), for the formats that keep emphasis (BibTeX: \emph{…})
    title_html: str | None = None
    subtitle_html: str | None = None
    # the typography rules of `lang` (the site's), which space the joint of title and subtitle (" : " in French)
    typography: Typography | None = None


# Line breaks by any definition (str.splitlines breaks on \x1c-\x1e, \x85, \u2028...), tabs and spaces;
# no-break and thin spaces are left alone: French typography puts them where they belong.
# A lone space is left in place rather than replaced by itself: the same text, a tenth of the matches.
BREAKS = re.compile(r"[ \t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]{2,}|[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
# Unicode's stability policy fixes the control characters (category Cc) for good: U+0000-U+001F, U+007F-U+009F.
CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x100) if unicodedata.category(chr(c)) == "Cc") + "]+")


def clean(text: str) -> str:
    """One line: whitespace runs made one space, control characters dropped."""
    return CONTROLS.sub("", BREAKS.sub(" ", text)).strip()


def scholar_date(day: datetime.date) -> str:
    """YYYY/MM/DD, as Highwire tags and RIS write dates (zero-padded: year 999 is 0999)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """("61", "78") from "61-78" (or "61--78", or any dash); ("12", None) from "12"."""
    if not pages:
        return None, None
    first, *rest = re.split(r"\s*[-\u2010-\u2014]+\s*", clean(pages), maxsplit=1)
    return first or None, (rest[0] if rest and rest[0] else None)
