"""What no page nor XML file can hold (fields.unholdable): its quick way past an ordinary text finds what the
pattern alone finds, in any text (C0 and C1 controls, surrogates,
noncharacters, character references, ordinary prose)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diptych.fields import UNHOLDABLE, unholdable

PIECES = st.sampled_from(
    ["é", "a", " ", "\n", "\t", "&#", "&#1;", "&#x1F;", "&#65;", "&#0;", "x;", "\ufffe", "\ud800", "\x0b"]
    + ["\x7f", "\x85", "\x9f", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "&#127;", "&#x9F;", "&#xFDD0;", "\xa0"]
)


def pattern_only(text: str) -> int | None:
    """Where the first unholdable thing starts, by the pattern alone (what `unholdable` did before its quick way)."""
    for found in UNHOLDABLE.finditer(text):
        mark = found[0]
        if not mark.startswith("&#"):
            return found.start()
        code = int(mark[3:-1], 16) if mark[2] in "xX" else int(mark[2:-1])
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and UNHOLDABLE.fullmatch(chr(code)):
            return found.start()
    return None


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(PIECES | st.characters(), max_size=30).map("".join))
def test_the_quick_way_finds_what_the_pattern_finds(text: str) -> None:
    found = unholdable(text)
    assert (found[0] if found else None) == pattern_only(text)
