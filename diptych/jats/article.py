"""One article as a JATS 1.3 (Journal Publishing) document: its front matter, its full text when asked, indented."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from ..config import SiteConfig
from ..models import Issue
from ..urls import Urls
from ..views import Exported
from .body import full_text
from .front import front
from .tree import LANG, NSMAP, sub

# Element-only content: whitespace between children means nothing there, so these are indented.
STRUCTURE = frozenset(
    {
        *("article", "front", "body", "back", "sec", "journal-meta", "journal-title-group", "trans-title-group"),
        *("publisher", "article-meta", "article-categories", "subj-group", "title-group", "contrib-group", "contrib"),
        *("name", "pub-date", "date", "pub-history", "event", "permissions", "license", "abstract", "trans-abstract"),
        *("kwd-group", "fn-group", "fn", "list", "list-item", "disp-quote", "table-wrap", "table", "thead", "tbody"),
        *("tfoot", "tr", "fig", "caption", "graphic", "def-list", "def-item", "def"),
    }
)


def exportable(config: SiteConfig) -> bool:
    """Whether the site can have JATS files: the Journal Publishing tag set requires the journal's ISSN."""
    return bool(config.issn or config.eissn)


def jats_article(export: Exported, config: SiteConfig, issues: Mapping[str, Issue], urls: Urls) -> bytes:
    """One article as a JATS 1.3 (Journal Publishing) XML document, UTF-8, with an XML declaration.

    In the language of its full text, the other versions as translations. The whole text goes in when the export
    holds it (views.exported: the subscriber edition, withheld part included), else the front matter only. A
    teaser-only version (`remaining_percent`) has no full text to give: its file has no body either way.
    """
    if not exportable(config):
        raise ValueError("a JATS file (Journal Publishing) needs the journal's ISSN: site.yaml has no issn nor eissn")
    article, lang = export.article, export.lang
    main = article.versions[lang]
    others = [v for v in article.versions.values() if v.lang != lang]
    root = etree.Element("article", {"article-type": "research-article", "dtd-version": "1.3", LANG: lang}, nsmap=NSMAP)
    front(sub(root, "front"), article, main, others, config, issues[article.issue] if article.issue else None, urls)
    if export.full_text is not None:
        text, back = full_text(export.full_text)
        if len(text):
            root.append(text)
        if back is not None:
            root.append(back)
    _unlink_dangling(root)
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"


def _unlink_dangling(root: etree._Element) -> None:
    """An `xref` whose target is not in the document (a link to a heading inside a quotation) becomes its text."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for xref in [x for x in root.iter("xref") if x.get("rid") not in ids]:
        _unwrap(xref)


def _unwrap(element: etree._Element) -> None:
    """An element replaced by its content, text and children, in place."""
    parent = element.getparent()
    index = parent.index(element)
    before = element.text or ""
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + before
    else:
        parent.text = (parent.text or "") + before
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    after = element.tail or ""
    parent.remove(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + after
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + after
    else:
        parent.text = (parent.text or "") + after


def _indent(element: etree._Element, depth: int = 0) -> None:
    """Each child of an element-only element on its own line; mixed content (p, titles) left exactly as it is."""
    if element.tag not in STRUCTURE or not len(element) or (element.text or "").strip():
        return
    pad = "\n" + "  " * (depth + 1)
    element.text = pad
    for child in element:
        _indent(child, depth + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * depth
