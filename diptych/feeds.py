"""The Atom feeds (RFC 4287), one per language: the latest articles, newest first, each with its abstract.

Written with ElementTree, which escapes every value; only public fields go in (titles, abstracts, authors,
keywords, dates), never a body.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import markup
from .metadata import title_text
from .models import Article, Site
from .plan import lastmod, newest
from .typography import Typography
from .urls import Urls, name_slug
from .views import shown_version

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_ENTRIES = 50  # the latest articles a feed carries; older ones stay in the sitemap and the lists

ET.register_namespace("", ATOM)


def timestamp(day: date) -> str:
    """An Atom date-time for a day: content gives days only, so midnight UTC (RFC 3339)."""
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(urls: Urls, article: Article, lang: str) -> str:
    """A permanent id (RFC 4151 tag URI) that survives a change of slug or of domain path."""
    host = urlsplit(urls.origin).hostname or "localhost"
    return f"tag:{host},{article.date.isoformat()}:{article.key}.{lang}"


def feed(site: Site, urls: Urls, lang: str, typography: Mapping[str, Typography | None]) -> tuple[PurePosixPath, bytes]:
    """The feed of one language: its file's path in the output and its bytes (`typography`: each language's rules)."""
    config = site.config
    articles = sorted(site.articles, key=lambda a: (a.date, a.key), reverse=True)[:FEED_ENTRIES]
    home = urls.absolute(urls.home(lang))
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _text(root, "id", home)
    _text(root, "title", config.title[lang])
    if config.description.get(lang):
        _text(root, "subtitle", config.description[lang])
    changed = newest(articles)
    _text(root, "updated", timestamp(changed) if changed else "1970-01-01T00:00:00Z")
    ET.SubElement(
        root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": urls.absolute(urls.feed(lang))}
    )
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "hreflang": lang, "href": home})
    author = ET.SubElement(root, f"{{{ATOM}}}author")  # for entries without authors (RFC 4287 §4.1.1)
    _text(author, "name", config.publisher or config.title[lang])
    _text(root, "generator", "diptych")
    for article in articles:
        _entry(root, article, lang, urls, typography)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return urls.output_path(urls.feed(lang)), data


def _entry(root: ET.Element, article: Article, lang: str, urls: Urls, typography: Mapping[str, Typography | None]) -> None:
    version = shown_version(article, lang)
    href = urls.absolute(urls.article(version.lang, version.slug))
    attributes = {XML_BASE: href} | ({XML_LANG: version.lang} if version.lang != lang else {})
    entry = ET.SubElement(root, f"{{{ATOM}}}entry", attributes)  # xml:base: the abstract's relative links resolve
    _text(entry, "id", entry_id(urls, article, version.lang))
    _text(entry, "title", title_text(version, typography))
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "hreflang": version.lang, "href": href})
    _text(entry, "published", timestamp(article.date))
    _text(entry, "updated", timestamp(lastmod(article)))
    for person in article.authors:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", person.name)
        _text(author, "uri", urls.absolute(urls.author(lang, name_slug(person.name))))
    for keyword in version.keywords:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": NOT_XML.sub("", keyword)})
    summary = _text(entry, "summary", str(markup.block(version.abstract)).strip())
    summary.set("type", "html")


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters XML 1.0 cannot carry


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = NOT_XML.sub("", text)
    return element


def feeds(
    site: Site, urls: Urls, languages: Sequence[str], typography: Mapping[str, Typography | None]
) -> list[tuple[PurePosixPath, bytes]]:
    return [feed(site, urls, lang, typography) for lang in languages]
