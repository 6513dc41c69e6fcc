"""The article's contributors as diptych's authors: names, affiliations, ORCID iDs."""

from __future__ import annotations

import re

from lxml import etree

from ..cite import split_name
from ..models import Author
from .inline import InlineConverter
from .text import SPACE, local_name, plain, text_of

ORCID = re.compile(r"([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])")  # ASCII digits, as load checks them


def read_authors(conv: InlineConverter, meta: etree._Element) -> list:
    affs = {a.get("id"): a for a in meta.iter("aff") if a.get("id")}
    authors = []
    for contrib in meta.iter("contrib"):
        kind = contrib.get("contrib-type") or "author"
        if kind not in ("author", "person"):
            conv.warn(contrib, f"<contrib contrib-type={kind!r}> not converted: only authors are")
            continue
        name, family = _contrib_name(conv, contrib)
        if not name:
            conv.warn(contrib, "<contrib> without a name: not converted")
            continue
        entry: dict = {"name": name}
        places = [*contrib.findall("aff")]
        for xref in contrib.findall("xref"):
            if xref.get("ref-type") == "aff":
                places.extend(affs[rid] for rid in (xref.get("rid") or "").split() if rid in affs)
        affiliations = list(dict.fromkeys(a for a in map(_affiliation, places) if a))
        if affiliations:
            entry["affiliation"] = "; ".join(affiliations)
        for cid in contrib.findall("contrib-id"):
            if (cid.get("contrib-id-type") or "").lower() == "orcid" and ORCID.search(text_of(cid)):
                entry["orcid"] = ORCID.search(text_of(cid))[1]
        uri = next((u for u in contrib.findall("uri") if "orcid.org" in text_of(u)), None)
        if "orcid" not in entry and uri is not None and ORCID.search(text_of(uri)):
            entry["orcid"] = ORCID.search(text_of(uri))[1]
        if family:
            entry["family"] = family
        authors.append(entry["name"] if len(entry) == 1 else entry)
    return authors


def _contrib_name(conv: InlineConverter, contrib: etree._Element) -> tuple[str | None, str | None]:
    """The name as written ("Given Surname"), and the family name when the last word alone is not it."""
    name = contrib.find("name")
    if name is None:
        name = next(iter(contrib.iterfind("name-alternatives/name")), None)
    if name is not None:
        surname, given = plain(name.find("surname")), plain(name.find("given-names"))
        prefix, suffix = plain(name.find("prefix")), plain(name.find("suffix"))
        eastern = name.get("name-style") == "eastern"
        parts = [surname, given] if eastern else [given, surname]
        full = " ".join(p for p in [prefix, *parts, suffix] if p)
        if not surname:
            return full or None, None
        family = split_name(Author(full))[0]
        return full, (None if family == surname else surname)
    string = contrib.find("string-name")
    if string is not None:
        surname = plain(string.find("surname"))
        full = plain(string)
        family = split_name(Author(full))[0] if surname else None
        return full or None, (surname if surname and surname in full and family != surname else None)
    collab = contrib.find("collab")
    if collab is not None:
        return plain(collab) or None, None
    return None, None


def _affiliation(aff: etree._Element) -> str:
    """An affiliation as one line: its mixed text, or its parts joined by commas when it has only elements."""
    original = next((i for i in aff.iter("institution") if i.get("content-type") == "original"), None)
    if original is not None:  # SciELO: the affiliation as the author wrote it
        return plain(original)
    parts = [c for c in aff if isinstance(c.tag, str) and local_name(c) not in ("label", "sup")]
    children = [c for c in aff if isinstance(c.tag, str)]
    mixed = (aff.text or "").strip() or any((c.tail or "").strip() not in ("", ",") for c in children)
    if mixed:
        text = (aff.text or "") + "".join(
            (plain(c) if local_name(c) not in ("label", "sup") else "") + (c.tail or "") for c in aff if isinstance(c.tag, str)
        )
        return SPACE.sub(" ", text).strip(" ,;")
    return ", ".join(plain(c) for c in parts if plain(c) and local_name(c) not in ("email", "ext-link", "uri"))
