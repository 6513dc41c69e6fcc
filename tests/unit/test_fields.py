"""Small checks of YAML values: the closest known field of a misspelt one."""

from __future__ import annotations

from diptych.fields import closest, unknown_field


def test_the_closest_known_field_of_a_misspelt_one():
    assert closest("keywrods", ["keywords", "title", "date"]) == "keywords"
    assert closest("dat", ["date", "updated", "title"]) == "date"
    assert closest("Keywords", ["keywords", "title"]) == "keywords"
    assert closest("colour", ["description", "slug", "title", "updated"]) is None


def test_a_dotted_name_is_compared_by_its_own_part():
    known = ["crossref.depositor", "crossref.email", "crossref.registrant"]
    assert closest("crossref.emial", known) == "crossref.email"
    assert closest("crossref.password", known) is None  # the shared prefix makes no match


def test_the_message_names_the_closest_then_every_known_field():
    assert unknown_field("slgu", ["title", "slug"]) == "unknown field 'slgu': did you mean 'slug'? (known fields: slug, title)"
    assert unknown_field("colour", ["title", "slug"]) == "unknown field 'colour' (known fields: slug, title)"
