"""The paywall's word count: the fast pattern it runs (`FAST_WORD`, over a text whose "_" are spaces) counts what
the word pattern (`WORD`) counts, for any text. The count gives « Il reste 93 % de l'article à lire »."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diptych.paywall.teaser import FAST_WORD, NOT_PROSE, WORD


@settings(max_examples=300, deadline=None, derandomize=True)  # the same examples in every CI run
@given(st.text(st.sampled_from(list("ab _-'’[]()<>!^:\n é1")) | st.characters(), max_size=80))
def test_fast_word_count_is_the_word_pattern_count(text: str) -> None:
    prose = NOT_PROSE.sub(" ", text)
    assert len(FAST_WORD.findall(prose.replace("_", " "))) == len(WORD.findall(prose))
