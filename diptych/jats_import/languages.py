"""The languages of a file's xml:lang made diptych's: a regional code as its base language, or an error."""

from __future__ import annotations

from lxml import etree

from ..config import language_problem
from .inline import InlineConverter
from .text import LANG, local_name

LANG_READ = {  # the elements whose xml:lang the import reads: the versions' languages, and the journal's titles
    *("article", "sub-article", "trans-title-group", "trans-title", "abstract", "trans-abstract", "kwd-group"),
    *("subj-group", "issue-title", "journal-title"),
}
BASE_ONLY = "diptych's languages are base language codes for now"


def base_languages(conv: InlineConverter, root: etree._Element) -> bool:
    """Every xml:lang the import reads made a language the build accepts, in place: a regional code (pt-BR, fr_CA) is
    its base language (pt) with a warning, unless the file has another code of that base (fr-CA beside fr would make
    two versions one), an error; so is a language Babel does not know. False on an error. BCP 47 codes in the
    content are a later issue; until then the import writes no site the build would refuse."""
    read = [e for e in root.iter() if isinstance(e.tag, str) and e.get(LANG) is not None and local_name(e) in LANG_READ]
    first: dict[str, etree._Element] = {}  # each code (lowercase, '-'), the first element giving it
    for element in read:
        first.setdefault(_lang_code(element), element)
    in_journal = {code for code, e in first.items() if any(local_name(a) == "journal-meta" for a in e.iterancestors())}
    by_base: dict[str, list[str]] = {}
    for code in first:
        by_base.setdefault(code.split("-")[0], []).append(code)
    ok = True
    for base, codes in by_base.items():
        versions = [code for code in codes if code not in in_journal]  # the journal's titles never make a version
        if len(versions) > 1:
            regional = next(code for code in versions if code != base)
            others = [
                f"{first[code].get(LANG).strip()!r} (line {first[code].sourceline})" for code in versions if code != regional
            ]
            message = f"xml:lang {first[regional].get(LANG).strip()!r} and {', '.join(others)} would "
            message += f"{'both' if len(others) == 1 else 'all'} be diptych's {base!r}: {BASE_ONLY}; give each version"
            conv.error(first[regional], message + " a language of its own")
            ok = False
            continue
        problem = language_problem(base) if versions else None
        if problem:
            conv.error(first[versions[0]], f"xml:lang {first[versions[0]].get(LANG).strip()!r}: {problem}")
            ok = False
            continue
        for code in codes:
            if code != base:
                conv.warn(first[code], f"xml:lang {first[code].get(LANG).strip()!r} imported as {base!r}: {BASE_ONLY}")
    if ok:
        for element in read:
            element.set(LANG, _lang_code(element).split("-")[0])
    return ok


def _lang_code(element: etree._Element) -> str:
    """An element's xml:lang as the import compares codes: lowercase, '-' between subtags (fr_CA is fr-ca)."""
    return element.get(LANG).strip().lower().replace("_", "-")
