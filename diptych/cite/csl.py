"""How to cite: one bibliography entry in HTML, by citeproc-py in the Cite Them Right (Harvard) style.

`how_to_cite` renders with citeproc-py and the Cite Them Right (Harvard) style it ships, in the CSL
locale of the page's language, less the style's "[Preprint]" (an English literal it prints for an
article without volume or pages: ours are published). citeproc-py's own HTML formatter pastes field
values into its output unescaped (only locale terms go through `html.escape`), so a title holding
`<script>` would come out live. Here the formatter wraps formatted runs in private-use sentinel
characters instead of tags; the whole rendered string is then escaped once, and the sentinels become
`<i>`, `<b>`... A `<` in a value is swapped for a sentinel of its own before citeproc sees it, so
citeproc never reads its `<span class="nocase">` markup there either. Nothing is escaped twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache, partial
from io import BytesIO
from types import SimpleNamespace
from typing import Any

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

from .names import split_name
from .reference import Reference, clean, page_range
from .titles import full_title

STYLE = os.path.join(STYLES_PATH, "harvard-cite-them-right.csl")
CSL = "http://purl.org/net/xbiblio/csl"
FALLBACK_LOCALE = "en-US"

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
    return _SENTINEL_CHARS.sub("", clean(text)).replace("<", _LT)


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
