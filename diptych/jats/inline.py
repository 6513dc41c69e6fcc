"""HTML inline markup as XML inline elements: emphasis, links, images and line breaks, in JATS's names or a table's.

One converter for the JATS file (titles, abstracts, the full text) and the Crossref deposit (titles in Crossref's
face markup, abstracts as JATS paragraphs). Any tag it has no element for keeps its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree
from lxml import html as lxml_html

from .tree import HREF, add_text, strip_end, sub

INLINE = {
    "em": "italic",
    "i": "italic",
    "strong": "bold",
    "b": "bold",
    "sup": "sup",
    "sub": "sub",
    "code": "monospace",
    "kbd": "monospace",
    "samp": "monospace",
    "u": "underline",
    "s": "strike",
    "del": "strike",
}
Targets = Mapping[str, tuple[str, str]]  # an HTML id -> (JATS id, xref ref-type)
NO_TARGETS: Targets = MappingProxyType({})


def inline(
    dst: etree._Element,
    src: lxml_html.HtmlElement,
    targets: Targets = NO_TARGETS,
    *,
    faces: Mapping[str, str] = INLINE,
    links: bool = True,
) -> None:
    """The content of an HTML element (text and inline tags) appended to an XML element.

    `faces`: each emphasis tag and the element it becomes (a qualified name for a namespace), JATS's by default.
    `links`: links as `xref` (to one of `targets`) or `ext-link`, images as `inline-graphic`; without, a link keeps
    its text and an image goes, as in Crossref's face markup, which has neither.
    """
    add_text(dst, src.text)
    for node in src:
        inline_node(dst, node, targets, faces=faces, links=links)
        add_text(dst, node.tail)


def inline_node(
    dst: etree._Element,
    node: lxml_html.HtmlElement,
    targets: Targets = NO_TARGETS,
    *,
    faces: Mapping[str, str] = INLINE,
    links: bool = True,
) -> None:
    """One HTML inline element (not its tail) appended to an XML element, as `inline` does."""
    tag = node.tag
    if not isinstance(tag, str):  # a comment or a processing instruction: no text
        return
    if tag in faces:
        inline(sub(dst, faces[tag]), node, targets, faces=faces, links=links)
    elif tag == "a" and links:
        _link(dst, node, targets, faces)
    elif tag == "img" and links:
        if node.get("src"):
            graphic = sub(dst, "inline-graphic", attrs={HREF: node.get("src")})
            if (node.get("alt") or "").strip():
                sub(graphic, "alt-text", node.get("alt").strip())
    elif tag == "br":
        add_text(dst, "\n")
    else:  # span, abbr, cite, q, small, time, a block inside a cell...: their text
        inline(dst, node, targets, faces=faces, links=links)


def _link(dst: etree._Element, node: lxml_html.HtmlElement, targets: Targets, faces: Mapping[str, str]) -> None:
    """A footnote call or a link to a heading as an `xref`; a web link as an `ext-link`; a note's backlink dropped."""
    href = node.get("href") or ""
    if "footnote-backref" in (node.get("class") or "").split():
        strip_end(dst)
        return
    if href.startswith("#"):
        target = targets.get(href[1:])
        if target is None:
            inline(dst, node, targets, faces=faces)
            return
        inline(sub(dst, "xref", attrs={"ref-type": target[1], "rid": target[0]}), node, targets, faces=faces)
        return
    if href:
        inline(sub(dst, "ext-link", attrs={"ext-link-type": "uri", HREF: href}), node, targets, faces=faces)
        return
    inline(dst, node, targets, faces=faces)
