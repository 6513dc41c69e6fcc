"""Authors' names as the formats split them: family, given, suffix."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from ..models import Author
from .reference import clean


class Name(NamedTuple):
    """A name as the formats split it."""

    family: str  # its von part included: "de La Fontaine"
    given: str  # "" for a one-word name ("Plato")
    suffix: str  # "Jr.", "III", "fils"; "" for none


# The generational suffixes a name may end with, after a space or a comma: "Martin Luther King Jr.", "Howell, III".
# Numerals in capitals only, and not X ("Malcolm X"); any other suffix is declared (`suffix: fils`).
# Jr. and the like in any case ("jr."), kept as written.
_SUFFIX = re.compile(r"(?:,\s*|\s+)((?i:Jr|Sr|Jnr|Snr)\.?|II|III|IV|V|VI|VII|VIII|IX)$")


def _words(family: str) -> re.Pattern[str]:
    """`family` as whole words: between the name's start or end, spaces and commas, never inside a word."""
    return re.compile(rf"(?<![^\s,]){re.escape(family)}(?![^\s,])")


def whole_words(family: str, name: str) -> bool:
    """`family` is whole words of `name` ("Mao" of "Mao Zedong"; not "li" of "Alice Smith", "Curie" of "Curie-Skłodowska")."""
    return _words(clean(family)).search(clean(name)) is not None


@cache
def split_name(author: Author) -> Name:
    """(family, given, suffix): the suffix kept apart (declared, or a generational one ending the name), then the
    declared family name, else BibTeX's rules (a von part belongs to the family)."""
    name = clean(author.name)
    suffix = clean(author.suffix or "")
    declared = clean(author.family or "")
    found = _SUFFIX.search(name) if not suffix else re.search(rf"(?:,\s*|\s+){re.escape(suffix)}$", name)
    if found and found.start() and not (declared and (name == declared or name.endswith(" " + declared))):
        name, suffix = name[: found.start()], suffix or found[1]  # a declared family name ending the name holds it
    else:
        suffix = ""
    family, given, lineage = _split(author, name)
    return Name(family, given, suffix or lineage)


def _split(author: Author, name: str) -> tuple[str, str, str]:
    """(family, given, suffix) of a name without a suffix at its end; the suffix of BibTeX's "King, Jr., Martin"."""
    if author.family:
        family = clean(author.family)
        if name.startswith(family + " ") or name.endswith(" " + family) or name == family:
            given = name.removeprefix(family) if name.startswith(family + " ") else name.removesuffix(family)
        else:  # written inside the name ("Gabriel García Márquez y Pardo"), or not at all (load refuses that)
            given = _words(family).sub(" ", name, count=1)
        return family, clean(given), ""
    try:
        person = Person(name)
    except PybtexError:  # braces that do not pair up, and the like: the last word is the family name
        given, _, family = name.rpartition(" ")
        return family, given, ""
    family = " ".join([*person.prelast_names, *person.last_names])
    given = " ".join([*person.first_names, *person.middle_names])
    return family, given, " ".join(person.lineage_names)
