"""The small rules of diptych/metadata.py, each with the case that made it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePosixPath
from types import MappingProxyType

from diptych.errors import Position
from diptych.load.body import body_of
from diptych.metadata import citation_author, json_ld, license_url, page_range, text_lang
from diptych.models import Article, Author, Version


def version(lang: str, body: str = "") -> Version:
    where = Position(PurePosixPath(f"content/articles/a.{lang}.md"))
    return Version("a", lang, where, "Titre", "Résumé", "a", body_of(where, body, 5), 5)


def article(*versions: Version) -> Article:
    return Article("a", MappingProxyType({v.lang: v for v in versions}), date(2020, 1, 1), "paywalled")


def test_the_full_text_language_is_the_pages_own_when_it_has_a_body() -> None:
    both = article(version("fr", "Texte."), version("en", "Text."))
    assert (text_lang(both, "fr"), text_lang(both, "en")) == ("fr", "en")


def test_a_version_without_body_is_described_in_the_language_of_the_text() -> None:
    one = article(version("fr"), version("en", "Text."))
    assert (text_lang(one, "fr"), text_lang(one, "en")) == ("en", "en")
    none = article(version("fr"), version("en"))
    assert (text_lang(none, "fr"), text_lang(none, "en")) == ("fr", "en")


def test_page_ranges() -> None:
    assert page_range("61-78") == ("61", "78")
    assert page_range("61–78") == ("61", "78")  # an en dash, as typesetters write it
    assert page_range("xii - xx") == ("xii", "xx")
    assert page_range("12") == ("12", None)
    assert page_range(None) == (None, None)


def test_creative_commons_identifiers_become_their_deeds() -> None:
    assert license_url("CC-BY-4.0") == "https://creativecommons.org/licenses/by/4.0/"
    assert license_url("CC-BY-NC-SA-4.0") == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert license_url("CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert license_url("https://example.org/licence") == "https://example.org/licence"
    assert license_url("Tous droits réservés") is None


def test_json_ld_cannot_close_its_script_element() -> None:
    text = json_ld({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_citation_author_is_family_comma_given() -> None:
    assert citation_author(Author("Élise Müller")) == "Müller, Élise"
    assert citation_author(Author("Jean de La Fontaine")) == "de La Fontaine, Jean"
    assert citation_author(Author("Platon")) == "Platon"


def test_a_name_with_spaces_on_both_sides_of_the_comma_stays_one_author_for_zotero() -> None:
    """Zotero splits "A B, C D" at the comma into two authors unless the family name has no plain space."""
    name = citation_author(Author("Gabriel José García Márquez", family="García Márquez"))
    assert name == "García\u00a0Márquez, Gabriel José"
    family, given = name.split(", ")
    assert not (" " in family and " " in given)  # Zotero's test for splitting into two authors


def test_a_suffix_comes_after_a_second_comma_in_citation_author() -> None:
    """Zotero's cleanAuthor keeps what comes before the first comma as the family name, the given name after it."""
    assert citation_author(Author("Martin Luther King Jr.")) == "King, Martin Luther, Jr."
    name = citation_author(Author("Gabriel José García Márquez III", family="García Márquez"))
    assert name == "García\u00a0Márquez, Gabriel José, III"
