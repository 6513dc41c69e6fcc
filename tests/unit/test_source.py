"""read_text, parse_yaml, parse_document: text, fields with their file lines, front matter split."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from diptych.errors import ContentError, Position
from diptych.source import Document, Field, parse_document, parse_yaml, read_text

WHERE = Position(PurePosixPath("content/articles/a.fr.md"), 1)


def messages(errors: list[ContentError]) -> list[str]:
    return [str(error) for error in errors]


# ---- read_text ------------------------------------------------------------------------------


def test_read_text_returns_utf8_text(tmp_path: Path):
    path = tmp_path / "a.fr.md"
    path.write_bytes("---\ntitle: Déjà « vu »\n---\n".encode())
    assert read_text(path, WHERE) == ("---\ntitle: Déjà « vu »\n---\n", [])


def test_read_text_drops_a_byte_order_mark(tmp_path: Path):
    path = tmp_path / "a.fr.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: x\n---\n")
    text, errors = read_text(path, WHERE)
    assert errors == []
    assert text == "---\ntitle: x\n---\n"


def test_read_text_turns_crlf_into_lf(tmp_path: Path):
    path = tmp_path / "a.fr.md"
    path.write_bytes(b"---\r\ntitle: x\r\n---\r\nBody.\r\n")
    assert read_text(path, WHERE) == ("---\ntitle: x\n---\nBody.\n", [])


def test_read_text_names_the_line_of_the_first_byte_that_is_not_utf8(tmp_path: Path):
    path = tmp_path / "a.fr.md"
    path.write_bytes("---\ntitle: x\nabstract: y\ndate: été\n---\n".encode("latin-1"))
    text, errors = read_text(path, WHERE)
    assert text is None
    assert messages(errors) == ["content/articles/a.fr.md:4: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_read_text_of_a_missing_file_is_an_error_not_an_exception(tmp_path: Path):
    text, errors = read_text(tmp_path / "gone.fr.md", WHERE)
    assert text is None
    assert len(errors) == 1 and errors[0].where == WHERE
    assert errors[0].message.startswith("cannot read the file")


# ---- parse_yaml -----------------------------------------------------------------------------


def test_parse_yaml_gives_each_top_level_value_with_the_line_of_its_key():
    fields, errors = parse_yaml("title: A\n\nkeywords:\n  - x\n  - y\norder: 3\n", WHERE)
    assert errors == []
    assert fields == {"title": Field("A", 1), "keywords": Field(["x", "y"], 3), "order": Field(3, 6)}


def test_parse_yaml_adds_the_line_where_the_text_starts_in_its_file():
    fields, errors = parse_yaml("title: A\nabstract: B\n", WHERE, first_line=2)
    assert errors == []
    assert fields["title"].line == 2 and fields["abstract"].line == 3


def test_parse_yaml_keeps_dates_as_strings():
    fields, errors = parse_yaml("date: 2019-06-01\nupdated: 2019-02-30\nwhen: 2019-06-01 10:00:00\n", WHERE)
    assert errors == []
    assert fields["date"].value == "2019-06-01"
    assert fields["updated"].value == "2019-02-30"
    assert isinstance(fields["when"].value, str)


def test_parse_yaml_of_an_empty_text_is_no_fields():
    assert parse_yaml("", WHERE) == ({}, [])
    assert parse_yaml("# only a comment\n", WHERE) == ({}, [])


def test_parse_yaml_wants_a_mapping():
    fields, errors = parse_yaml("- a\n- b\n", WHERE, first_line=2)
    assert fields is None
    assert messages(errors) == ["content/articles/a.fr.md:2: expected a mapping of 'key: value' lines"]


def test_parse_yaml_names_the_line_of_malformed_yaml_in_the_file():
    fields, errors = parse_yaml("title: A\nabstract: un: deux\n", WHERE, first_line=2)
    assert fields is None
    assert messages(errors) == [
        "content/articles/a.fr.md:3: the value of 'abstract' holds ': ', which YAML takes for the start of another field: "
        'put the whole value in double quotes, like abstract: "un: deux"'
    ]


def test_parse_yaml_keeps_pyyamls_words_for_the_mistakes_it_does_not_phrase():
    fields, errors = parse_yaml("title: [a, b\n", WHERE, first_line=2)
    assert fields is None
    assert messages(errors) == [
        "content/articles/a.fr.md:3: malformed YAML: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence on line 2)"
    ]


def test_parse_yaml_reports_a_duplicate_key_on_the_line_of_the_second():
    fields, errors = parse_yaml("title: A\nabstract: B\ntitle: C\n", WHERE, first_line=2)
    assert messages(errors) == ["content/articles/a.fr.md:4: duplicate key 'title' (first given on line 2)"]
    assert fields is not None and fields["abstract"] == Field("B", 3)


def test_parse_yaml_reports_duplicate_keys_at_any_depth():
    text = "authors:\n  - name: A\n    name: B\noutline:\n  - title: X\n    title: Y\n"
    _, errors = parse_yaml(text, WHERE, first_line=2)
    assert messages(errors) == [
        "content/articles/a.fr.md:4: duplicate key 'name' (first given on line 3)",
        "content/articles/a.fr.md:7: duplicate key 'title' (first given on line 6)",
    ]


def test_parse_yaml_refuses_a_key_that_is_not_text():
    fields, errors = parse_yaml("title: A\n12: twelve\n", WHERE)
    assert messages(errors) == ["content/articles/a.fr.md:2: a key must be text, not 12"]
    assert fields == {"title": Field("A", 1)}


def test_parse_yaml_is_safe():
    fields, errors = parse_yaml("title: !!python/object/apply:os.system ['true']\n", WHERE)
    assert fields is None or "title" not in fields
    assert errors and errors[0].where.line == 1


# ---- parse_document -------------------------------------------------------------------------


def test_parse_document_splits_front_matter_and_body_with_file_lines():
    text = "---\ntitle: Une alliance\nabstract: Un résumé.\n---\nPremier paragraphe.\n\nDeuxième.\n"
    document, errors = parse_document(text, WHERE)
    assert errors == []
    assert document == Document(
        WHERE,
        {"title": Field("Une alliance", 2), "abstract": Field("Un résumé.", 3)},
        "Premier paragraphe.\n\nDeuxième.\n",
        5,
    )


def test_parse_document_lines_count_from_the_top_of_the_file_whatever_the_blank_lines():
    text = "---\n\n# a comment\ntitle: A\n\n\ndate: 2019-06-01\n---\n\nBody.\n"
    document, errors = parse_document(text, WHERE)
    assert errors == []
    assert document.fields["title"].line == 4
    assert document.fields["date"] == Field("2019-06-01", 7)
    assert document.body_line == 9
    assert document.body.split("\n")[1] == "Body."  # line body_line + 1 of the file


def test_parse_document_takes_the_first_closing_marker_and_leaves_later_rules_in_the_body():
    document, errors = parse_document("---\ntitle: A\n---\nOne.\n\n---\n\nTwo.\n", WHERE)
    assert errors == []
    assert document.body == "One.\n\n---\n\nTwo.\n"
    assert list(document.fields) == ["title"]


def test_parse_document_accepts_markers_with_trailing_spaces():
    document, errors = parse_document("---  \ntitle: A\n--- \nBody.\n", WHERE)
    assert errors == []
    assert document.fields == {"title": Field("A", 2)} and document.body == "Body.\n"


def test_parse_document_with_empty_front_matter_and_no_body():
    document, errors = parse_document("---\n---\n", WHERE)
    assert errors == []
    assert document.fields == {} and document.body == ""


def test_parse_document_after_read_text_handles_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "a.fr.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2019-06-01\r\n---\r\nBody.\r\n")
    text, errors = read_text(path, WHERE)
    document, more = parse_document(text, WHERE)
    assert errors == [] and more == []
    assert document.fields == {"title": Field("A", 2), "date": Field("2019-06-01", 3)}
    assert document.body == "Body.\n" and document.body_line == 5


def test_parse_document_wants_an_opening_marker():
    document, errors = parse_document("title: A\n---\nBody.\n", WHERE)
    assert document is None
    assert messages(errors) == [
        "content/articles/a.fr.md:1: the file must begin with front matter: a '---' line, YAML, then '---'"
    ]


def test_parse_document_wants_a_closing_marker():
    document, errors = parse_document("---\ntitle: A\n\nBody.\n", WHERE)
    assert document is None
    assert messages(errors) == ["content/articles/a.fr.md:1: the front matter has no closing '---' line"]


def test_parse_document_reports_malformed_front_matter_at_its_file_line():
    document, errors = parse_document("---\ntitle: A\nabstract: [un, deux\ndate: 2019-06-01\n---\nBody.\n", WHERE)
    assert document is None
    assert len(errors) == 1
    assert errors[0].where == WHERE.at(4)  # where PyYAML notices the list was never closed
    assert errors[0].message.startswith("malformed YAML: ")
    assert "line 3" in errors[0].message  # and where that list opened


def test_parse_document_keeps_the_fields_beside_a_duplicate_key_error():
    document, errors = parse_document("---\ntitle: A\ntitle: B\n---\nBody.\n", WHERE)
    assert messages(errors) == ["content/articles/a.fr.md:3: duplicate key 'title' (first given on line 2)"]
    assert document is not None and document.body == "Body.\n"


@pytest.mark.parametrize("line", [None, 0])
def test_position_without_a_line_is_just_the_path(line):
    assert str(Position(PurePosixPath("site.yaml"), line)) == "site.yaml"


def test_content_error_text_names_every_position():
    error = ContentError(WHERE.at(4), "'date' disagrees", also=(Position(PurePosixPath("content/articles/a.en.md"), 3),))
    assert str(error) == "content/articles/a.fr.md:4: 'date' disagrees\ncontent/articles/a.en.md:3: see also"
