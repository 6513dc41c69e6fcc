"""BibTeX files for reference managers, one @article each, their values escaped for LaTeX here.

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

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from html.parser import HTMLParser

from babel import Locale, UnknownLocaleError

from ..models import Author
from .names import split_name
from .reference import BREAKS, CACHED_FILES, CONTROLS, Reference, clean, page_range
from .titles import title_joint

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
    return _latex(clean(text))


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
        self.out.append(_latex(CONTROLS.sub("", BREAKS.sub(" ", data))))


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
    return f"{title}{_latex(title_joint(ref.title, ref.typography))}{subtitle}"


def _verbatim(text: str) -> str:
    """A URL or DOI as a verbatim field: what a URL never holds raw is percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in '{}\\ "' else c for c in clean(text))


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
        latex_escape(k) if "," not in k else f"{{{latex_escape(k)}}}" for k in ref.keywords if clean(k)
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
        ("language", clean(ref.lang)),  # the code: Zotero keeps `language` as written, and writes codes itself
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
