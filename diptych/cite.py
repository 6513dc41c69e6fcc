"""Citations of one article: a formatted reference in HTML, and RIS and BibTeX records for reference managers.

`how_to_cite` renders with citeproc-py and the Cite Them Right (Harvard) style it ships, in the CSL
locale of the page's language, less the style's "[Preprint]" (an English literal it prints for an
article without volume or pages: ours are published). citeproc-py's own HTML formatter pastes field
values into its output unescaped (only locale terms go through `html.escape`), so a title holding
`<script>` would come out live. Here the formatter wraps formatted runs in private-use sentinel
characters instead of tags; the whole rendered string is then escaped once, and the sentinels become
`<i>`, `<b>`... A `<` in a value is swapped for a sentinel of its own before citeproc sees it, so
citeproc never reads its `<span class="nocase">` markup there either. Nothing is escaped twice.

`ris` writes with rispy, under the names of its tag map (`title` is TI, `number` is IS, `issn` is SN,
`secondary_title` is T2, `alternate_title1` is J2, `primary_title` would be T1). Its writer puts a line `1.`,
`2.`... before each record, which is not RIS: that header is turned off. TT is written once per value, as a list tag.
What Zotero's RIS translator reads decides the tags: T2 is a journal article's publicationTitle, while JO and J2 are
its journalAbbreviation, so the journal's full title goes in T2 alone and J2 holds the abbreviation site.yaml gives;
a second SN becomes a note, so both ISSNs share one SN, "print, electronic", as Zotero's own exporter writes them.

`bibtex` formats the entries itself rather than with pybtex, whose writer encodes through latexcodec:
that leaves `\\`, `$`, `^`, `{` and `}` as they are (a title with `$x$` turns to mathematics, one with a
stray `{` is refused). Values are written as UTF-8 (accents as they are, which biblatex with biber,
Zotero, JabRef and bibtexparser all read); LaTeX's specials are escaped (`\\%`, `\\&`, `\\textbackslash{}`,
`\\textasciitilde{}`...), a no-break space is `~`, TeX's ligatures (`--`, `''`, `<<`, `?``...) are broken
with `{}` so that they keep their letters, and braces are `\\{` `\\}` when they pair up,
`\\textbraceleft{}` `\\textbraceright{}` when they do not, since BibTeX counts escaped braces too.
`url` and `doi` are verbatim fields: written raw, with what a URL never holds raw (braces, backslash,
spaces, quotes) percent-encoded. The day is in biblatex's `date`, after BibTeX's `year` and `month`: Zotero's BibTeX
translator reads fields in order and takes `date` over the pair. `language` is the language's code, which Zotero
keeps as written (its own exports write codes), and `langid` babel's name of it, which biblatex hyphenates by.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from html.parser import HTMLParser
from io import BytesIO
from types import SimpleNamespace
from typing import Any, NamedTuple

import rispy
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from citeproc import (
    LOCALES_PATH,
    PRIMARY_DIALECTS,
    STYLES_PATH,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
)
from citeproc.source.json import CiteProcJSON
from lxml import etree
from markupsafe import Markup, escape
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from .i18n import DEFAULTS, load_typography
from .models import Author
from .typography import Typography

STYLE = os.path.join(STYLES_PATH, "harvard-cite-them-right.csl")
CSL = "http://purl.org/net/xbiblio/csl"
FALLBACK_LOCALE = "en-US"
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


# ---- shared ---------------------------------------------------------------------------------------

# Line breaks by any definition (str.splitlines breaks on \x1c-\x1e, \x85, \u2028...), tabs and spaces;
# no-break and thin spaces are left alone: French typography puts them where they belong.
# A lone space is left in place rather than replaced by itself: the same text, a tenth of the matches.
_BREAKS = re.compile(r"[ \t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]{2,}|[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
# Unicode's stability policy fixes the control characters (category Cc) for good: U+0000-U+001F, U+007F-U+009F.
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x100) if unicodedata.category(chr(c)) == "Cc") + "]+")


def _clean(text: str) -> str:
    """One line: whitespace runs made one space, control characters dropped."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", text)).strip()


class Name(NamedTuple):
    """A name as the formats split it."""

    family: str  # its von part included: "de La Fontaine"
    given: str  # "" for a one-word name ("Plato")
    suffix: str  # "Jr.", "III", "fils"; "" for none


# The generational suffixes a name may end with, after a space or a comma: "Martin Luther King Jr.", "Howell, III".
# Numerals in capitals only, and not X ("Malcolm X"); any other suffix is declared (`suffix: fils`).
# Jr. and the like in any case ("jr."), kept as written.
_SUFFIX = re.compile(r"(?:,\s*|\s+)((?i:Jr|Sr|Jnr|Snr)\.?|II|III|IV|V|VI|VII|VIII|IX)$")


def _words(family: str) -> re.Pattern[str]:
    """`family` as whole words: between the name's start or end, spaces and commas, never inside a word."""
    return re.compile(rf"(?<![^\s,]){re.escape(family)}(?![^\s,])")


def whole_words(family: str, name: str) -> bool:
    """`family` is whole words of `name` ("Mao" of "Mao Zedong"; not "li" of "Alice Smith", "Curie" of "Curie-Skłodowska")."""
    return _words(_clean(family)).search(_clean(name)) is not None


@cache
def split_name(author: Author) -> Name:
    """(family, given, suffix): the suffix kept apart (declared, or a generational one ending the name), then the
    declared family name, else BibTeX's rules (a von part belongs to the family)."""
    name = _clean(author.name)
    suffix = _clean(author.suffix or "")
    declared = _clean(author.family or "")
    found = _SUFFIX.search(name) if not suffix else re.search(rf"(?:,\s*|\s+){re.escape(suffix)}$", name)
    if found and found.start() and not (declared and (name == declared or name.endswith(" " + declared))):
        name, suffix = name[: found.start()], suffix or found[1]  # a declared family name ending the name holds it
    else:
        suffix = ""
    family, given, lineage = _split(author, name)
    return Name(family, given, suffix or lineage)


def _split(author: Author, name: str) -> tuple[str, str, str]:
    """(family, given, suffix) of a name without a suffix at its end; the suffix of BibTeX's "King, Jr., Martin"."""
    if author.family:
        family = _clean(author.family)
        if name.startswith(family + " ") or name.endswith(" " + family) or name == family:
            given = name.removeprefix(family) if name.startswith(family + " ") else name.removesuffix(family)
        else:  # written inside the name ("Gabriel García Márquez y Pardo"), or not at all (load refuses that)
            given = _words(family).sub(" ", name, count=1)
        return family, _clean(given), ""
    try:
        person = Person(name)
    except PybtexError:  # braces that do not pair up, and the like: the last word is the family name
        given, _, family = name.rpartition(" ")
        return family, given, ""
    family = " ".join([*person.prelast_names, *person.last_names])
    given = " ".join([*person.first_names, *person.middle_names])
    return family, given, " ".join(person.lineage_names)


def full_title(ref: Reference) -> str:
    """Title and subtitle as one, joined as the reference's language joins them (`join_title`)."""
    return join_title(ref.title, ref.subtitle, ref.lang)


def join_title(title: str, subtitle: str | None, lang: str) -> str:
    """A title and its subtitle as one line of plain text, the form citations and indexers take ("Title: Subtitle")."""
    title = _clean(title)
    if not subtitle:
        return title
    return f"{title}{title_joint(title, lang)}{_clean(subtitle)}"


# A colon that separates (followed by a space or ending the text), not one inside a word or a number ("3:2").
_SEPARATING_COLON = re.compile(r":(?=\s|$)")
# A sentence's end, then maybe closing quotes, guillemets and brackets, spaced or not: 'ends?”', '« Pourquoi ? »'.
_SENTENCE_END = re.compile(r"[.?!…:](?:\s*[”’\"'»›)\]}])*$")


def title_joint(title: str, lang: str) -> str:
    """What comes between a title and its subtitle: the one rule every format follows.

    Only a space after a title that ends its own sentence ("Why? An answer", "Pourquoi ? Une réponse", a closing quote
    or bracket after its end included: "« Pourquoi ? » Sous-titre"); a full stop
    after a title that holds a colon already ("Charts: a Survey. An Inquiry"); otherwise a colon, spaced as the
    language's typography rules space it (locales/LANG/typography.yaml): ": " in English, " : " with a no-break
    space before the colon in French. A language without rules takes ": ".
    """
    title = _clean(title)
    if _SENTENCE_END.search(title):
        return " "
    if _SEPARATING_COLON.search(title):
        return ". "
    rules = _typography(lang)
    return rules.text(": ", before=title) if rules else ": "


@cache
def _typography(lang: str) -> Typography | None:
    """The default typography rules of a language (the project's own locales/), None for a language without."""
    rules, _ = load_typography(DEFAULTS, lang)  # the project's own files, checked by every build that loads them
    return rules


def scholar_date(day: datetime.date) -> str:
    """YYYY/MM/DD, as Highwire tags and RIS write dates (zero-padded: year 999 is 0999)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """("61", "78") from "61-78" (or "61--78", or any dash); ("12", None) from "12"."""
    if not pages:
        return None, None
    first, *rest = re.split(r"\s*[-\u2010-\u2014]+\s*", _clean(pages), maxsplit=1)
    return first or None, (rest[0] if rest and rest[0] else None)


# ---- how to cite ----------------------------------------------------------------------------------

_TAGS = {  # citeproc's formatter classes -> HTML (citeproc's own "Light" is an <l>, not HTML)
    "Italic": ("<i>", "</i>"),
    "Oblique": ("<i>", "</i>"),
    "Bold": ("<b>", "</b>"),
    "Light": ('<span style="font-weight:lighter">', "</span>"),
    "Underline": ("<u>", "</u>"),
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "SmallCaps": ('<span style="font-variant:small-caps">', "</span>"),
}
_LT = "\ue000"  # stands for a "<" of a field value, hidden from citeproc


def _wrap(start: str, end: str, text: str) -> str:
    return f"{start}{text}{end}"


def _sentinel_formatter() -> tuple[SimpleNamespace, dict[str, str]]:
    """A formatter for citeproc marking formatted runs with private-use characters, and the HTML each stands for."""
    sentinels = {_LT: "&lt;"}
    wrappers = {}
    for number, (name, (open_tag, close_tag)) in enumerate(_TAGS.items()):
        start, end = chr(0xE001 + 2 * number), chr(0xE002 + 2 * number)
        sentinels |= {start: open_tag, end: close_tag}
        wrappers[name] = partial(_wrap, start, end)
    return SimpleNamespace(preformat=str, **wrappers), sentinels  # what citeproc asks of a formatter module


_FORMATTER, _SENTINELS = _sentinel_formatter()
_SENTINEL_CHARS = re.compile(f"[{''.join(_SENTINELS)}]")


def _csl_text(text: str) -> str:
    return _SENTINEL_CHARS.sub("", _clean(text)).replace("<", _LT)


@cache
def _available_locales() -> frozenset[str]:
    names = os.listdir(LOCALES_PATH)
    return frozenset(n[len("locales-") : -len(".xml")] for n in names if n.startswith("locales-") and n.endswith(".xml"))


@cache
def csl_locale(lang: str) -> str:
    """The CSL locale citeproc-py ships for a language: fr -> fr-FR, en -> en-US, en-GB -> en-GB; else en-US.

    The region and script a bare language implies come from CLDR's likely subtags (through Babel);
    when citeproc has no file for them, its own primary dialect of the language is taken.
    """
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return FALLBACK_LOCALE
    likely_subtags = get_global("likely_subtags")
    likely = likely_subtags.get(f"{locale.language}_{locale.script}") or likely_subtags.get(locale.language) or ""
    _, *parts = likely.split("_")
    script = locale.script or next((p for p in parts if len(p) == 4), None)
    territory = locale.territory or next((p for p in parts if len(p) != 4), None)
    candidates = [
        "-".join(p for p in (locale.language, script, territory) if p),
        "-".join(p for p in (locale.language, territory) if p),
        locale.language,
        PRIMARY_DIALECTS.get(locale.language, ""),
    ]
    return next((c for c in candidates if c in _available_locales()), FALLBACK_LOCALE)


@cache
def _style_xml() -> bytes:
    """The shipped style, less its "[Preprint]" for an article without volume or pages (ours are published), and
    without putting the journal in the author's place for an article without authors (an editorial, a note):
    its title leads the entry instead, and the journal is not printed twice."""
    tree = etree.parse(STYLE, etree.XMLParser(no_network=True, resolve_entities=False))
    for text in tree.iterfind(f".//{{{CSL}}}text[@value='Preprint']"):
        choose = text.getparent().getparent()
        choose.getparent().remove(choose)
    for substitute in tree.iterfind(f".//{{{CSL}}}substitute"):
        for journal in substitute.findall(f".//{{{CSL}}}text[@variable='container-title']"):
            journal.getparent().replace(journal, etree.Element(f"{{{CSL}}}text", macro="title"))
    for title in tree.iterfind(f".//{{{CSL}}}bibliography/{{{CSL}}}layout//{{{CSL}}}text[@macro='title']"):
        # printed in the author's place already when there is no author (citeproc-py does not suppress it)
        choose = etree.Element(f"{{{CSL}}}choose")
        condition = etree.SubElement(choose, f"{{{CSL}}}if", variable="author")
        title.getparent().replace(title, choose)
        condition.append(title)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


@cache
def _style(locale: str) -> CitationStylesStyle:
    # Parsing and validating the style and its locale costs ~20 ms, rendering an entry ~3 ms: once per locale.
    style = CitationStylesStyle(BytesIO(_style_xml()), locale=locale, validate=True)
    for terms in style.root.locales:  # the locales citeproc looks terms up in, in its order (kept alive by the list)
        terms.get_term = _remembered(terms.get_term)
    style.root.xpath_search = _searched_once(style.root.xpath_search)  # its macros, looked up by name for each entry
    return style


def _searched_once(search: Callable[[str], list[Any]]) -> Callable[[str], list[Any]]:
    """The style's `xpath_search`, running each expression once: the style's tree never changes once parsed."""
    found: dict[str, list[Any]] = {}

    def run(expression: str) -> list[Any]:
        if expression not in found:
            found[expression] = search(expression)
        return list(found[expression])  # a list of its own for each caller, as a search gives

    return run


def _remembered(get_term: Callable[..., Any]) -> Callable[..., Any]:
    """A CSL locale's `get_term`, answering each (name, form, zero_padded) once: citeproc-py runs an XPath query over
    the locale's terms for every term of every entry (a fifth of an entry's time), and the terms never change."""
    found: dict[tuple[str, str | None, bool], Any] = {}

    def get(name: str, form: str | None = None, zero_padded: bool = False) -> Any:
        key = (name, form, zero_padded)
        if key not in found:
            try:
                found[key] = get_term(name, form, zero_padded=zero_padded)
            except IndexError:  # no such term here: citeproc then asks the next locale
                found[key] = None
        term = found[key]
        if term is None:
            raise IndexError(name)
        return term

    return get


def _csl_item(ref: Reference) -> dict[str, object]:
    """The reference as CSL-JSON, every text made safe for `how_to_cite`."""
    item: dict[str, object] = {
        "id": ref.key.lower(),  # citeproc-py lowercases the ids of its source
        "type": "article-journal",
        "title": _csl_text(full_title(ref)),
        "container-title": _csl_text(ref.journal),
        **({"container-title-short": _csl_text(ref.abbreviation)} if ref.abbreviation else {}),
        "issued": {"date-parts": [[ref.date.year, ref.date.month, ref.date.day]]},
        "URL": _csl_text(ref.url),
        "language": ref.lang,
    }
    names = [
        {"family": _csl_text(f)} | ({"given": _csl_text(g)} if g else {}) | ({"suffix": _csl_text(s)} if s else {})
        for f, g, s in map(split_name, ref.authors)
        if f
    ]
    if names:  # a one-word name ("Plato") has no given name: citeproc would print "Plato, ."
        item["author"] = names
    first, last = page_range(ref.pages)
    optional = {
        "volume": ref.volume,
        "issue": ref.issue,
        "page": f"{first}-{last}" if first and last else first,
        "DOI": ref.doi,
        "ISSN": ref.issn or ref.eissn,
        "publisher": ref.publisher,
    }
    item |= {name: _csl_text(str(value)) for name, value in optional.items() if value not in (None, "")}
    return item


def how_to_cite(ref: Reference, locale: str) -> Markup:
    """The reference as one bibliography entry (Cite Them Right, Harvard) in HTML, in a page language's terms."""
    item = _csl_item(ref)
    bibliography = CitationStylesBibliography(_style(csl_locale(locale)), CiteProcJSON([item]), _FORMATTER)
    bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = str(bibliography.bibliography()[0])
    return Markup(_SENTINEL_CHARS.sub(lambda m: _SENTINELS[m.group()], str(escape(rendered))))


# ---- RIS ------------------------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # rispy writes "1." before each record otherwise


RIS_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "TT"]  # tags written once per value (readers: pass it to rispy.loads)


def _ris_record(ref: Reference) -> dict[str, object]:
    first, last = page_range(ref.pages)
    fields: dict[str, object] = {
        "type_of_reference": "JOUR",
        "id": _clean(ref.key),
        "title": full_title(ref),
        "translated_title": [_clean(title) for _, title in ref.translated_titles],
        "authors": [_ris_name(name) for name in map(split_name, ref.authors) if name.family],
        "year": f"{ref.date.year:04d}",
        "date": scholar_date(ref.date),
        "secondary_title": _clean(ref.journal),  # T2: a journal article's journal, in full
        "alternate_title1": _clean(ref.abbreviation or ""),  # J2: its abbreviation (JO is one too, to Zotero)
        "volume": "" if ref.volume is None else str(ref.volume),
        "number": "" if ref.issue is None else str(ref.issue),  # IS
        "start_page": first or "",
        "end_page": last or "",
        "issn": ", ".join(_clean(n) for n in (ref.issn, ref.eissn) if n),  # SN, once: Zotero keeps the first
        "publisher": _clean(ref.publisher or ""),
        "doi": _clean(ref.doi or ""),
        "urls": [_clean(ref.url)],
        "file_attachments1": _clean(ref.pdf_url or ""),  # L1
        "abstract": _clean(ref.abstract),
        "keywords": [_clean(k) for k in ref.keywords if _clean(k)],
        "language": ref.lang,
    }
    return {name: value for name, value in fields.items() if value}


def _ris_name(name: Name) -> str:
    """RIS's "Family, Given, Suffix" (the given name left empty for a one-word name that has a suffix)."""
    if name.suffix:
        return f"{name.family}, {name.given}, {name.suffix}"
    return f"{name.family}, {name.given}" if name.given else name.family


def ris(refs: Sequence[Reference]) -> str:
    """An RIS file (UTF-8 text) of the references, in their order."""
    return _ris(tuple(refs))


@lru_cache(maxsize=CACHED_FILES)
def _ris(refs: tuple[Reference, ...]) -> str:
    return rispy.dumps([_ris_record(ref) for ref in refs], implementation=_RisWriter, list_tags=RIS_LIST_TAGS)


# ---- BibTeX ---------------------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u00a0": "~",  # LaTeX's no-break space, which BibTeX readers keep (pybtex makes a UTF-8 one a space)
}
_SPECIALS = re.compile("[{}" + re.escape("".join(_LATEX)) + "]")
# Between the two characters of each of TeX's ligatures (--, ``, '', ?`, !`, <<, >>, ,,): the first one matched.
_LIGATURES = re.compile(r"([-`'<>,])(?=\1)|[?!](?=`)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _paired_braces(text: str) -> set[int]:
    """The positions of the braces of a text that pair up."""
    opened: list[int] = []
    paired: set[int] = set()
    for brace in re.finditer("[{}]", text):
        if brace[0] == "{":
            opened.append(brace.start())
        elif opened:
            paired |= {opened.pop(), brace.start()}
    return paired


def latex_escape(text: str) -> str:
    """Plain text as a BibTeX value: specials escaped, ligatures broken, braces balanced."""
    return _latex(_clean(text))


def _latex(text: str) -> str:
    """`latex_escape` of a text as it is, its spaces at either end kept (a run of text between two tags)."""
    paired = _paired_braces(text) if "{" in text or "}" in text else set()

    def escape(match: re.Match[str]) -> str:
        c = match[0]
        if c in "{}":
            return ("\\" + c) if match.start() in paired else (r"\textbraceleft{}" if c == "{" else r"\textbraceright{}")
        return _LATEX[c]

    return _LIGATURES.sub(r"\g<0>{}", _SPECIALS.sub(escape, text))


_COMMANDS = {  # inline HTML -> LaTeX; any other tag gives its text alone
    "em": "emph",
    "i": "emph",
    "cite": "emph",
    "strong": "textbf",
    "b": "textbf",
    "sup": "textsuperscript",
    "sub": "textsubscript",
    "code": "texttt",
}


class _LatexRuns(HTMLParser):
    """Inline HTML (a title from markup.inline, sanitised) as a BibTeX value: emphasis as LaTeX, text escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.closing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        command = _COMMANDS.get(tag)
        self.out.append(f"\\{command}{{" if command else "")
        self.closing.append("}" if command else "")

    def handle_endtag(self, tag: str) -> None:
        if self.closing:
            self.out.append(self.closing.pop())

    def handle_data(self, data: str) -> None:
        self.out.append(_latex(_CONTROLS.sub("", _BREAKS.sub(" ", data))))


def latex_inline(fragment: str) -> str:
    """An inline HTML fragment as a BibTeX value: <em> as \\emph{…}, <strong> as \\textbf{…}, the text escaped."""
    runs = _LatexRuns()
    runs.feed(fragment)
    runs.close()
    return "".join([*runs.out, *reversed(runs.closing)]).strip()


def _bibtex_title(ref: Reference) -> str:
    """The title and subtitle as BibTeX's title, their emphasis kept, joined by `title_joint`."""
    title = latex_inline(ref.title_html) if ref.title_html else latex_escape(ref.title)
    if not ref.subtitle:
        return title
    subtitle = latex_inline(ref.subtitle_html) if ref.subtitle_html else latex_escape(ref.subtitle)
    return f"{title}{_latex(title_joint(ref.title, ref.lang))}{subtitle}"


def _verbatim(text: str) -> str:
    """A URL or DOI as a verbatim field: what a URL never holds raw is percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in '{}\\ "' else c for c in _clean(text))


def _name_part(part: str) -> str:
    """A name part: "and" and commas would split the name list or the name, so they are braced.

    So is a word opening with a command: BibTeX reads `{\\...}` as one special letter, and bibtexparser
    (2.1) cuts the first two characters of a name that starts with a backslash after an "and".
    """
    words = [f"{{{w}}}" if w.lower() == "and" or w.startswith("\\") else w for w in latex_escape(part).split(" ")]
    return " ".join(words).replace(",", "{,}")


def _bibtex_name(author: Author) -> str:
    """BibTeX's "von Last, First", or "von Last, Jr, First" with a suffix; a one-word name braced whole ("{Smith Jr.}":
    "Smith, Jr.," with an empty first part is BibTeX, but bibtexparser refuses it)."""
    family, given, suffix = split_name(author)
    if suffix and given:
        return f"{_name_part(family)}, {_name_part(suffix)}, {_name_part(given)}"
    if suffix:
        return f"{{{_name_part(family)} {_name_part(suffix)}}}"
    if not given:
        return f"{{{_name_part(family)}}}" if " " in family else _name_part(family)
    return f"{_name_part(family)}, {_name_part(given)}"


def bibtex_key(key: str) -> str:
    """A citation key every BibTeX reads: ASCII letters, digits and `-_:./`."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_:./-]+", "-", ascii_key).strip("-") or "ref"


def _language(lang: str) -> str:
    """The language's English name, as babel and biblatex's langid spell it: fr -> french; its code where Babel has no
    English name for it (skr, lld)."""
    try:
        name = Locale(Locale.parse(lang.replace("-", "_")).language).english_name
    except (ValueError, TypeError, UnknownLocaleError):
        return lang
    return name.lower() if name else lang


def _bibtex_entry(ref: Reference, key: str) -> str:
    first, last = page_range(ref.pages)
    authors = [_bibtex_name(a) for a in ref.authors if split_name(a)[0]]
    keywords = [
        latex_escape(k) if "," not in k else f"{{{latex_escape(k)}}}" for k in ref.keywords if _clean(k)
    ]  # a comma would split it
    fields = [
        ("author", " and ".join(authors)),
        ("title", f"{{{_bibtex_title(ref)}}}"),  # double braces: styles keep its capitals
        ("journal", latex_escape(ref.journal)),
        ("shortjournal", latex_escape(ref.abbreviation or "")),  # biblatex's; Zotero reads it as the abbreviation
        ("year", f"{ref.date.year:04d}"),
        ("month", _MONTHS[ref.date.month - 1]),  # a macro every style knows, written bare
        # biblatex's whole date, after year and month: Zotero reads fields in order and takes `date` over the pair
        ("date", ref.date.isoformat()),
        ("volume", "" if ref.volume is None else str(ref.volume)),
        ("number", "" if ref.issue is None else str(ref.issue)),
        ("pages", "--".join(latex_escape(p) for p in (first, last) if p)),
        ("doi", _verbatim(ref.doi or "")),
        ("issn", ", ".join(latex_escape(n) for n in (ref.issn, ref.eissn) if n)),
        ("publisher", latex_escape(ref.publisher or "")),
        ("url", _verbatim(ref.url)),
        ("abstract", latex_escape(ref.abstract)),
        ("keywords", ", ".join(keywords)),
        ("language", _clean(ref.lang)),  # the code: Zotero keeps `language` as written, and writes codes itself
        ("langid", _language(ref.lang)),  # biblatex's language (hyphenation, terms): babel's name
    ]
    lines = [f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields if value]
    return f"@article{{{key},\n" + ",\n".join(lines) + "\n}\n"


def bibtex(refs: Sequence[Reference]) -> str:
    """A BibTeX file (UTF-8 text) of the references, in their order, one @article each."""
    return _bibtex(tuple(refs))


@lru_cache(maxsize=CACHED_FILES)
def _bibtex(refs: tuple[Reference, ...]) -> str:
    entries, seen = [], set()
    for ref in refs:
        key = base = bibtex_key(ref.key)
        n = 1
        while key.lower() in seen:  # BibTeX keys are case-insensitive
            n += 1
            key = f"{base}-{n}"
        seen.add(key.lower())
        entries.append(_bibtex_entry(ref, key))
    return "\n".join(entries)
