"""RIS files for reference managers, written with rispy under the tags Zotero reads.

`ris` writes with rispy, under the names of its tag map (`title` is TI, `number` is IS, `issn` is SN,
`secondary_title` is T2, `alternate_title1` is J2, `primary_title` would be T1). Its writer puts a line `1.`,
`2.`... before each record, which is not RIS: that header is turned off. TT is written once per value, as a list tag.
What Zotero's RIS translator reads decides the tags: T2 is a journal article's publicationTitle, while JO and J2 are
its journalAbbreviation, so the journal's full title goes in T2 alone and J2 holds the abbreviation site.yaml gives;
a second SN becomes a note, so both ISSNs share one SN, "print, electronic", as Zotero's own exporter writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import rispy

from .names import Name, split_name
from .reference import CACHED_FILES, Reference, clean, page_range, scholar_date
from .titles import full_title


class _RisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # rispy writes "1." before each record otherwise


RIS_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "TT"]  # tags written once per value (readers: pass it to rispy.loads)


def _ris_record(ref: Reference) -> dict[str, object]:
    first, last = page_range(ref.pages)
    fields: dict[str, object] = {
        "type_of_reference": "JOUR",
        "id": clean(ref.key),
        "title": full_title(ref),
        "translated_title": [clean(title) for _, title in ref.translated_titles],
        "authors": [_ris_name(name) for name in map(split_name, ref.authors) if name.family],
        "year": f"{ref.date.year:04d}",
        "date": scholar_date(ref.date),
        "secondary_title": clean(ref.journal),  # T2: a journal article's journal, in full
        "alternate_title1": clean(ref.abbreviation or ""),  # J2: its abbreviation (JO is one too, to Zotero)
        "volume": "" if ref.volume is None else str(ref.volume),
        "number": "" if ref.issue is None else str(ref.issue),  # IS
        "start_page": first or "",
        "end_page": last or "",
        "issn": ", ".join(clean(n) for n in (ref.issn, ref.eissn) if n),  # SN, once: Zotero keeps the first
        "publisher": clean(ref.publisher or ""),
        "doi": clean(ref.doi or ""),
        "urls": [clean(ref.url)],
        "file_attachments1": clean(ref.pdf_url or ""),  # L1
        "abstract": clean(ref.abstract),
        "keywords": [clean(k) for k in ref.keywords if clean(k)],
        "language": ref.lang,
    }
    return {name: value for name, value in fields.items() if value}


def _ris_name(name: Name) -> str:
    """RIS's "Family, Given, Suffix" (the given name left empty for a one-word name that has a suffix)."""
    if name.suffix:
        return f"{name.family}, {name.given}, {name.suffix}"
    return f"{name.family}, {name.given}" if name.given else name.family


def ris(refs: Sequence[Reference]) -> str:
    """An RIS file (UTF-8 text) of the references, in their order."""
    return _ris(tuple(refs))


@lru_cache(maxsize=CACHED_FILES)
def _ris(refs: tuple[Reference, ...]) -> str:
    return rispy.dumps([_ris_record(ref) for ref in refs], implementation=_RisWriter, list_tags=RIS_LIST_TAGS)
