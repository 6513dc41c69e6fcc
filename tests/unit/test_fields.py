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


def test_a_blank_localized_text_is_an_error_never_a_silent_none():
    from pathlib import PurePosixPath

    from diptych.errors import Position
    from diptych.fields import localized
    from diptych.source import Field

    check = localized(["fr", "en"])
    for blank in ("", "  "):
        value, errors = check(Field(blank, 1), Position(PurePosixPath("site.yaml"), 1), "title")
        assert value is None and [str(e) for e in errors] == ["site.yaml:1: 'title' is empty"]


def test_a_date_is_written_in_ascii_digits():
    from pathlib import PurePosixPath

    from diptych.errors import Position
    from diptych.fields import day
    from diptych.source import Field

    value, errors = day(Field("２０１９-06-01", 3), Position(PurePosixPath("a.md"), 1), "date")
    assert value is None and [str(e) for e in errors] == [
        "a.md:3: 'date' must be a real date written YYYY-MM-DD, not '２０１９-06-01'"
    ]
