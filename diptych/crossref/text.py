"""Titles in Crossref's face markup and abstracts as JATS paragraphs, from their Markdown."""

from __future__ import annotations

import re

from lxml import etree

from .. import markup
from ..jats.inline import INLINE, inline, inline_node
from ..jats.tree import add_text, parse
from ..models import Version
from .schema import CR, JATS, XML, sub

FACES = {"em": "i", "i": "i", "strong": "b", "b": "b", "sup": "sup", "sub": "sub", "code": "tt"}  # Crossref's face markup
TITLE_FACES = {tag: f"{{{CR}}}{face}" for tag, face in FACES.items()}
# An abstract keeps the titles' faces, in JATS's names, and no link nor image: a deposit's words and emphasis only,
# though the JATS the schema imports would take more (underline, strike, ext-link, inline-graphic).
ABSTRACT_FACES = {tag: f"{{{JATS}}}{INLINE[tag]}" for tag in FACES}
BLOCKS = {
    *("p", "div", "blockquote", "pre", "hr", "figure", "figcaption"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"),
    *(f"h{n}" for n in range(1, 7)),
}
SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: no-break and thin spaces are the text's own


def title(parent: etree._Element, name: str, text: str) -> None:
    """A title or subtitle: inline Markdown, its emphasis kept as face markup."""
    element = sub(parent, name)
    inline(element, parse(markup.inline(text)), faces=TITLE_FACES, links=False)
    _tidy(element)


def abstract(version: Version) -> etree._Element:
    """A version's abstract as `jats:abstract` with its `xml:lang`: one `jats:p` per paragraph (or list item, cell…)."""
    element = etree.Element(etree.QName(JATS, "abstract"))
    element.set(etree.QName(XML, "lang"), version.lang)
    for paragraph in _paragraphs(parse(markup.block(version.abstract))):
        element.append(paragraph)
    return element


def _paragraphs(container: etree._Element) -> list[etree._Element]:
    """One `jats:p` per run of inline content; block elements (lists, quotes, tables) taken apart into their runs."""
    out: list[etree._Element] = []
    run = etree.Element(etree.QName(JATS, "p"))

    def flush() -> None:
        nonlocal run
        _tidy(run)
        if "".join(run.itertext()).strip():
            out.append(run)
        run = etree.Element(etree.QName(JATS, "p"))

    add_text(run, container.text)
    for child in container:
        if isinstance(child.tag, str) and child.tag in BLOCKS:
            flush()
            out += _paragraphs(child)
        else:
            inline_node(run, child, faces=ABSTRACT_FACES, links=False)
        add_text(run, child.tail)
    flush()
    return out


def _tidy(element: etree._Element) -> None:
    """Runs of spaces and line breaks made one space, none at either end."""
    nodes = list(element.iter())
    for node in nodes:
        if node.text:
            node.text = SPACES.sub(" ", node.text)
        if node.tail and node is not element:
            node.tail = SPACES.sub(" ", node.tail)
    if element.text:
        element.text = element.text.lstrip(" ")
    last = element[-1] if len(element) else None
    if last is not None and last.tail:
        last.tail = last.tail.rstrip(" ")
    elif last is None and element.text:
        element.text = element.text.rstrip(" ")
