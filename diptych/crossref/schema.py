"""Crossref's schema 5.3.1: its version, its namespaces, and its elements made with text XML can hold."""

from __future__ import annotations

from lxml import etree

from ..jats.tree import clean

VERSION = "5.3.1"
CR = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
AI = "http://www.crossref.org/AccessIndicators.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{CR} https://www.crossref.org/schemas/crossref{VERSION}.xsd"
NSMAP = {None: CR, "jats": JATS, "ai": AI, "xsi": XSI}


def sub(parent: etree._Element, tag: str, text: str | None = None, ns: str = CR, **attributes: str) -> etree._Element:
    """A child element of `parent` in Crossref's namespace (or `ns`), its text cleaned."""
    element = etree.SubElement(parent, etree.QName(ns, tag), attributes)
    if text is not None:
        element.text = clean(text)
    return element
