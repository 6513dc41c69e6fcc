"""lxml helpers for writing XML: HTML fragments parsed, elements with clean text and attributes, text appended and trimmed."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree
from lxml import html as lxml_html

XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
NSMAP = {"xlink": XLINK, "ali": ALI}
HREF = f"{{{XLINK}}}href"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold


def parse(fragment: str) -> lxml_html.HtmlElement:
    """An HTML fragment as the content of a `div`."""
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def clean(text: str) -> str:
    """Text XML can hold: control characters and lone surrogates dropped."""
    return NOT_XML.sub("", text)


def sub(parent: etree._Element, tag: str, text: str | None = None, attrs: Mapping[str, str] | None = None) -> etree._Element:
    """A child element of `parent`, its text and attribute values cleaned."""
    element = etree.SubElement(parent, tag, {name: clean(value) for name, value in (attrs or {}).items()})
    if text is not None:
        element.text = clean(text)
    return element


def add_text(element: etree._Element, text: str | None) -> None:
    """Text appended at the end of an element's content."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + clean(text)
    else:
        element.text = (element.text or "") + clean(text)


def strip_end(element: etree._Element) -> None:
    """No space, line break or no-break space at the end of an element's content (before a dropped backlink)."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "").rstrip() or None
    else:
        element.text = (element.text or "").rstrip() or None
