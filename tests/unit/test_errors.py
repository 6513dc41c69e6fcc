"""errors: a position shown as `path:line`, on one line whatever the file's name."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from diptych.errors import ContentError, Position


@pytest.mark.parametrize(
    "name",
    ["content/articles/a.fr.md", "content/articles/l’été 2019.fr.md", 'content/a "b" c\\d.md', "/tmp/out", "Ω/日本.md"],
)
def test_an_ordinary_name_is_shown_as_it_is(name: str) -> None:
    assert str(Position(PurePosixPath(name), 3)) == f"{name}:3"
    assert str(Position(PurePosixPath(name))) == name
    assert str(ContentError(Position(PurePosixPath(name), 3), "a message")) == f"{name}:3: a message"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("content/b\nc.md", '"content/b\\nc.md"'),
        ("content/b\r\tc.md", '"content/b\\r\\tc.md"'),
        ("content/b\x1b[31mc.md", '"content/b\\x1b[31mc.md"'),
        ("content/b\x7f\x85c.md", '"content/b\\x7f\\x85c.md"'),
        ("content/b\u2028c.md", '"content/b\\u2028c.md"'),  # a line separator to str.splitlines
        ('content/b\nc "d" \\e.md', '"content/b\\nc \\"d\\" \\\\e.md"'),  # quoted: its quotes and backslashes escaped
        ('"content.md', '"\\"content.md"'),  # begins with a quote: quoted, so that no plain name looks quoted
    ],
)
def test_a_name_holding_a_control_character_is_quoted_and_escaped(name: str, shown: str) -> None:
    assert str(Position(PurePosixPath(name), 3)) == f"{shown}:3"
    assert str(Position(PurePosixPath(name))) == shown
    error = ContentError(Position(PurePosixPath(name), 3), "a message", (Position(PurePosixPath(name), 5),))
    assert str(error).splitlines() == [f"{shown}:3: a message", f"{shown}:5: see also"]
