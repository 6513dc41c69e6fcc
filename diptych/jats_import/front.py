"""The article's front matter as diptych's fields: titles, abstracts, DOI, dates, pages, licence, section, issue, key."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..metadata import license_url
from ..outline import slugify
from .authors import read_authors
from .body import Converter
from .content import Version
from .dates import date_of, last_update, pub_date
from .text import LANG, XLINK_HREF, escape, local_name, one_line, paragraph, plain, strip_emphasis, text_of, whole_number

ALI = "{http://www.niso.org/schemas/ali/1.0/}"
Versions = Callable[[str | None], Version]  # the version in a language (None: the article's), made when first asked


def read_titles(conv: Converter, meta: etree._Element, lang: str, version: Versions) -> None:
    """The article's title and subtitle, and each trans-title-group's in its language's version."""
    group = meta.find("title-group")
    if group is None:
        return
    title, subtitle = group.find("article-title"), group.find("subtitle")
    main = version(None)
    if title is not None and plain(title):
        main.title = one_line(conv.inline(title, title=True))
    if subtitle is not None and plain(subtitle):
        main.subtitle = one_line(conv.inline(subtitle, title=True))
    for trans in [*group.findall("trans-title-group"), *meta.findall("trans-title-group")]:
        other = version(trans.get(LANG) or _child_lang(trans, "trans-title"))
        if other.lang == lang:
            conv.warn(trans, "a trans-title-group in the article's own language: not converted")
            continue
        t, s = trans.find("trans-title"), trans.find("trans-subtitle")
        if t is not None and plain(t):
            other.title = one_line(conv.inline(t, title=True))
        if s is not None and plain(s):
            other.subtitle = one_line(conv.inline(s, title=True))


def _child_lang(element: etree._Element, tag: str) -> str | None:
    child = element.find(tag)
    return child.get(LANG) if child is not None else None


def read_abstracts(conv: Converter, meta: etree._Element, lang: str, version: Versions) -> None:
    """Each abstract and trans-abstract as Markdown, in its language's version (the first one only)."""
    for element in [*meta.findall("abstract"), *meta.findall("trans-abstract")]:
        kind = element.get("abstract-type")
        if kind and kind not in ("abstract", "summary", "author", "structured", "normal"):
            conv.warn(element, f"<{local_name(element)} abstract-type={kind!r}> not converted (only the abstract itself is)")
            continue
        target = version(element.get(LANG))
        if target.abstract is not None:
            conv.warn(element, f"a second abstract in {target.lang}: not converted")
            continue
        blocks = []
        for child in element:
            if not isinstance(child.tag, str) or local_name(child) == "title":
                continue
            if local_name(child) == "sec":  # a structured abstract: each part's title in bold before its text
                title = child.find("title")
                inner = conv.blocks(child, 6)
                if title is not None and inner:
                    inner[0] = f"**{strip_emphasis(conv.inline(title).strip())}** {inner[0]}"
                blocks.extend(inner)
            else:
                blocks.extend(conv.block(child, 6) or [paragraph(conv.inline_node(child))])
        if (element.text or "").strip():
            blocks.insert(0, paragraph(escape(element.text)))
        target.abstract = "\n\n".join(b for b in blocks if b)


def shared_fields(conv: Converter, meta: etree._Element) -> dict:
    """The fields the article's own version carries for all (DOI, authors, dates, pages, licence, section, access, issue);
    `_issue`, the issue's id and fields, for its file."""
    out: dict = {}
    doi = next((text_of(e) for e in meta.findall("article-id") if e.get("pub-id-type") == "doi" and text_of(e)), None)
    if doi:
        out["doi"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    authors = read_authors(conv, meta)
    if authors:
        out["authors"] = authors
    day = pub_date(conv, meta)
    if day:
        out["date"] = day
    updated = last_update(conv, meta)
    if updated:
        out["updated"] = updated
    first, last = meta.find("fpage"), meta.find("lpage")
    if first is not None and text_of(first):
        out["pages"] = (
            f"{text_of(first)}-{text_of(last)}"
            if last is not None and text_of(last) and text_of(last) != text_of(first)
            else text_of(first)
        )
    elif meta.find("elocation-id") is not None:
        conv.warn(meta.find("elocation-id"), "<elocation-id> not converted: diptych's `pages` are a page range")
    license, free = _license(conv, meta)
    if license:
        out["license"] = license
    section = _section(conv, meta)
    if section:
        out["section"] = section
    if free:
        out["access"] = "free"
    issue = _issue(conv, meta, out.get("date"))
    if issue:
        out["issue"] = issue[0]
        out["_issue"] = issue
    return out


def _license(conv: Converter, meta: etree._Element) -> tuple[str | None, bool]:
    permissions = meta.find("permissions")
    if permissions is None:
        return None, False
    free = permissions.find(f"{ALI}free_to_read") is not None
    license = permissions.find("license")
    if license is None:
        ref = permissions.find(f"{ALI}license_ref")
        return (text_of(ref) or None if ref is not None else None), free
    free = free or license.get("license-type") in ("open-access", "open")
    ref = license.find(f"{ALI}license_ref")
    url = license.get(XLINK_HREF) or (text_of(ref) if ref is not None else "")
    text = plain(license)
    if url:
        words = [plain(link) for link in license.iter("ext-link")] + [text]
        short = next((w for w in words if w and " " not in w and license_url(w) == url), None)
        return short or url, free
    return (text or None), free


def _section(conv: Converter, meta: etree._Element) -> str | dict | None:
    groups = meta.findall("article-categories/subj-group")
    headings = [g for g in groups if g.get("subj-group-type") in ("heading", "toc-heading", "section", None)]
    if not headings:
        return None
    per_lang = {}
    for group in headings:
        subject = group.find("subject")
        if subject is not None and plain(subject):
            per_lang.setdefault(group.get(LANG), plain(subject))
    for group in groups:
        if group not in headings:
            conv.warn(group, f"<subj-group subj-group-type={group.get('subj-group-type')!r}> not converted")
    if list(per_lang) == [None]:
        return per_lang[None]
    if None in per_lang:
        base = (meta.getroottree().getroot().get(LANG) or "en").lower()
        per_lang.setdefault(base, per_lang[None])
        del per_lang[None]
    return {k.lower(): v for k, v in per_lang.items()} or None


def _issue(conv: Converter, meta: etree._Element, day: datetime.date | None) -> tuple[str, dict] | None:
    volume, number = text_of(meta.find("volume")), text_of(meta.find("issue"))
    if not volume and not number:
        return None
    collection = next((d for d in meta.findall("pub-date") if "collection" in (d.get("date-type"), d.get("pub-type"))), None)
    issue_day = (date_of(conv, collection) if collection is not None else None) or day
    fields: dict = {}
    for name, value in (("volume", volume), ("number", number)):
        if whole_number(value) is not None:
            fields[name] = whole_number(value)
        elif value:
            conv.warn(
                meta.find(name if name == "volume" else "issue"), f"{name} {value!r} is not a number: left out of the issue file"
            )
    if issue_day:
        fields["date"] = issue_day
    titles = {
        (t.get(LANG) or meta.getroottree().getroot().get(LANG) or "en").lower(): plain(t) for t in meta.findall("issue-title")
    }
    if titles:
        fields["title"] = titles
    year = issue_day.year if issue_day else None
    ident = "-".join(str(p) for p in (year, number or f"v{volume}") if p)
    return slugify(ident) or "issue", fields


def article_key(doi: str | None, meta: etree._Element, source: str) -> str:
    """The article's key: its DOI's suffix, else the publisher's article-id, else the file name, slugified."""
    if doi and "/" in doi:
        key = slugify(doi.split("/", 1)[1])
        if key:
            return key
    for kind in ("publisher-id", "pii", "other", "pmcid", "pmid"):
        ident = next((text_of(e) for e in meta.findall("article-id") if e.get("pub-id-type") == kind and text_of(e)), None)
        if ident and slugify(ident):
            return slugify(ident)
    return slugify(Path(source).stem) or "article"
