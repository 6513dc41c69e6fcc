"""A property of the split: the teaser never holds more than the first N blocks Python-Markdown renders.

Random bodies are built from the blocks a journal article uses, glued by blank lines or not; each
block carries a word of its own. The whole body is rendered by Python-Markdown here, in the test,
to learn which words the first N rendered blocks hold: every word of the teaser must be one of them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diptych.paywall import split

WORD = re.compile(r"W\d+Z")

BLOCKS = [
    "Paragraph {w} with some words.",
    "A paragraph {w}\nthat runs over two lines.",
    "## Heading {w}",
    "### Heading {w} ###",
    "> Quotation {w}.",
    "- item {w}\n- another item",
    "1. first {w}\n2. second",
    "```\ncode {w}\n\nmore code\n```",
    "    indented code {w}",
    "<div>Raw block {w}</div>",
    "<!-- a comment, never shown -->",
    "***",
    "Setext {w}\n--------",
    "| a | b |\n|---|---|\n| cell {w} | x |",
    "Paragraph with a note{w}[^n{w}].",
]


@st.composite
def bodies(draw: st.DrawFn) -> str:
    count = draw(st.integers(min_value=1, max_value=9))
    parts = []
    for n in range(count):
        template = draw(st.sampled_from(BLOCKS))
        parts.append(template.format(w=f"W{n}Z"))
        parts.append(draw(st.sampled_from(["\n", "\n\n", "\n\n\n"])))
    return "".join(parts)


def allowed_words(body: str, n: int) -> set[str]:
    """The words of the rendered body up to its n-th paragraph-like block (headings and rules on the way included)."""
    html = markdown.Markdown(extensions=["footnotes", "tables", "sane_lists", "fenced_code"]).convert(body)
    root = ET.fromstring(f"<root>{html}</root>".replace("&nbsp;", " "))
    words: set[str] = set()
    seen = 0
    for element in root:
        if element.get("class") == "footnote":
            continue
        words |= set(WORD.findall(ET.tostring(element, encoding="unicode")))
        if element.tag != "hr" and not re.fullmatch(r"h[1-6]", element.tag):
            seen += 1
            if seen == n:
                break
    return words


@settings(
    max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)  # the same examples in every CI run
@given(body=bodies(), n=st.integers(min_value=1, max_value=4))
def test_the_teaser_never_reaches_past_the_first_n_rendered_blocks(body: str, n: int) -> None:
    allowed = allowed_words(body, n)
    teaser_words = set(WORD.findall(split(body, paywalled=True, teaser_paragraphs=n).teaser))
    assert teaser_words <= allowed, f"words past block {n} in the teaser: {sorted(teaser_words - allowed)}"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab _-'’[]()<>!^:\n é1")) | st.characters(), max_size=80))
def test_fast_word_count_is_the_word_pattern_count(text: str) -> None:
    from diptych.paywall import NOT_PROSE, _words
    from diptych.paywall import WORD as PROSE_WORD

    assert _words(text.split("\n")) == len(PROSE_WORD.findall(NOT_PROSE.sub(" ", text)))
