"""paywall.split: the teaser never holds more than `teaser_paragraphs` blocks, a marker always cuts where it stands,
and a footnote cited only in code or in an address never brings its withheld definition along."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from diptych import markup, paywall
from diptych.outline import Anchors

SENTINEL = "ZORGLUB"
BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "table", "div"}
VOID = {"br", "hr", "img", "wbr", "col", "input", "meta", "link"}


class _TopLevel(HTMLParser):
    """The top-level paragraph-like elements of an HTML fragment, each with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks: list[list[str]] = []  # [tag, text]
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth == 0:
            footnotes = tag == "div" and "footnote" in (dict(attrs).get("class") or "").split()
            self._current = [tag, ""] if tag in BLOCKS and not footnotes else None
            if self._current is not None:
                self.blocks.append(self._current)
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data


def top_level_blocks(html: str) -> list[list[str]]:
    parser = _TopLevel()
    parser.feed(str(html))
    parser.close()
    return parser.blocks


def rendered(text: str) -> str:
    html, _ = markup.body(text, Anchors(), "note %d")
    return str(html)


# Each body: its first N paragraph-like blocks are public; the sentinel opens block N + 1.
# (name, N, body)
NO_MARKER_CASES = [
    ("heading-directly-followed-by-its-paragraph", 2, f"Un.\n\n## Titre\nDeux.\n\n{SENTINEL} trois.\n"),
    ("heading-then-paragraph-twice", 2, f"## Premier\nUn.\n## Second\nDeux.\n## Troisième\n{SENTINEL} trois.\n"),
    ("paragraph-directly-followed-by-a-quote", 2, f"Un.\n\nDeux.\n> {SENTINEL} cité.\n\nQuatre.\n"),
    ("paragraph-directly-followed-by-a-star-rule", 2, f"Un.\n\nDeux.\n***\n{SENTINEL} trois.\n"),
    ("paragraph-directly-followed-by-a-dash-rule", 2, f"Un.\n\nDeux.\n- - -\n{SENTINEL} trois.\n"),
    ("setext-heading-under-a-paragraph", 2, f"Un.\n\nDeux.\nTitre\n-------\n{SENTINEL} trois.\n"),
    ("setext-heading-with-equals", 2, f"Un.\n\nDeux.\n\nTitre\n=====\n{SENTINEL} trois.\n"),
    ("fenced-code-with-blank-lines", 2, f"Un.\n\n```\ncode\n\n\nmore code\n```\n{SENTINEL} trois.\n"),
    ("tilde-fence-with-blank-lines", 2, f"~~~~\na\n\nb\n\nc\n~~~~\n\nDeux.\n\n{SENTINEL} trois.\n"),
    ("unclosed-fence", 2, f"Un.\n\n```\ncode\n\n{SENTINEL} more\n\nencore\n"),
    ("html-block-with-blank-lines", 2, f"Un.\n\n<div>\nhtml\n\nmore\n</div>\n{SENTINEL} trois.\n"),
    ("html-block-directly-followed-by-a-paragraph", 2, f"Un.\n\n<div>x</div>\nDeux.\n\n{SENTINEL}.\n"),
    ("html-paragraph-with-blank-lines", 2, f"Un.\n\n<p>Deux\n\ntrois</p>\n\n{SENTINEL}.\n"),
    ("multi-line-comment-between-paragraphs", 2, f"Un.\n\n<!--\ncomment\n\nmore\n-->\nDeux.\n\n{SENTINEL} trois.\n"),
    ("multi-line-comment-glued-to-a-paragraph", 2, f"Un.\n<!-- a\n\nb -->\nDeux.\n\n{SENTINEL}.\n"),
    ("multi-line-comment-first", 2, f"<!-- a\n\nb -->\nUn.\n\nDeux.\n\n{SENTINEL}.\n"),
    ("list-directly-after-a-paragraph", 1, f"Un.\n- a\n- b\n\n{SENTINEL}.\n"),
    ("one-paragraph-then-quote", 1, f"Un.\n> {SENTINEL}\n"),
    ("one-paragraph-then-fence", 1, f"Un.\n```\n{SENTINEL}\n```\n"),
    ("paragraph-directly-followed-by-an-html-block", 1, f"Un.\n<div>{SENTINEL}</div>\n\nTrois.\n"),
    ("paragraph-directly-followed-by-a-raw-p", 1, f"Un.\n<p>{SENTINEL}</p>\n"),
    ("indented-code-directly-followed-by-a-paragraph", 2, f"Un.\n\n    code\n{SENTINEL} trois.\n"),
]


@pytest.mark.parametrize("n, body", [c[1:] for c in NO_MARKER_CASES], ids=[c[0] for c in NO_MARKER_CASES])
def test_without_a_marker_the_teaser_holds_at_most_n_blocks(n: int, body: str):
    # The case is what it claims: rendered whole, the sentinel is past the N-th block.
    whole = top_level_blocks(rendered(body))
    holding = [i for i, (_, text) in enumerate(whole) if SENTINEL in text]
    assert holding and holding[0] >= n, (whole, body)

    split = paywall.split(body, paywalled=True, teaser_paragraphs=n)
    assert SENTINEL not in split.teaser, split.teaser
    assert split.remaining_percent is not None
    blocks = top_level_blocks(rendered(split.teaser))
    assert len(blocks) <= n, (blocks, split.teaser)
    assert SENTINEL not in rendered(split.teaser)


def test_the_block_counter_counts_what_it_should():
    # A check of the helper itself: three paragraphs, a list, a quote, code, a table; footnotes not counted.
    html = rendered("A[^1].\n\nB.\n\nC.\n\n- x\n- y\n\n> q\n\n```\nc\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: n.\n")
    assert [tag for tag, _ in top_level_blocks(html)] == ["p", "p", "p", "ul", "blockquote", "pre", "table"]


def test_n_paragraphs_are_kept_when_there_are_more():
    body = "Un.\n\nDeux.\n\nTrois.\n\nQuatre.\n"
    split = paywall.split(body, paywalled=True, teaser_paragraphs=3)
    assert [t for _, t in top_level_blocks(rendered(split.teaser))] == ["Un.", "Deux.", "Trois."]
    assert "Quatre" not in split.teaser


# ---- the marker ------------------------------------------------------------------------------------------------


MARKER_CASES = [
    ("after-a-footnote-definition", f"Un[^1].\n\n[^1]: Une note.\n\n<!-- paywall -->\n{SENTINEL} secret.\n\nSuite.\n"),
    ("indented-after-a-footnote-definition", f"Un[^1].\n\n[^1]: Une note.\n\n    <!-- paywall -->\n\n{SENTINEL} secret.\n"),
    ("indented-by-four-spaces", f"Un.\n\n    <!-- paywall -->\n\n{SENTINEL} secret.\n"),
    ("upper-case", f"Un.\n\n<!-- PAYWALL -->\n\n{SENTINEL} secret.\n"),
    ("mixed-case-no-spaces", f"Un.\n\n<!--PayWall-->\n{SENTINEL} secret.\n"),
    ("glued-to-the-paragraph-above", f"Un.\n<!-- paywall -->\n{SENTINEL} secret.\n"),
]


@pytest.mark.parametrize("body", [c[1] for c in MARKER_CASES], ids=[c[0] for c in MARKER_CASES])
def test_the_marker_cuts_exactly_where_it_stands(body: str):
    # With teaser_paragraphs large, only the marker can keep the sentinel out.
    split = paywall.split(body, paywalled=True, teaser_paragraphs=50)
    assert SENTINEL not in split.teaser, split.teaser
    assert "paywall" not in split.teaser.lower()
    assert split.teaser.startswith("Un")
    assert split.remaining_percent is not None and split.remaining_percent > 0
    assert paywall.marker_lines(body) and not paywall.near_markers(body)


def test_the_marker_cuts_before_n_paragraphs():
    body = f"Un.\n\n<!-- paywall -->\n\nDeux.\n\n{SENTINEL}.\n"
    split = paywall.split(body, paywalled=True, teaser_paragraphs=3)
    assert split.teaser == "Un.\n"


def test_a_footnote_definition_before_the_marker_cited_in_the_teaser_is_kept():
    body = f"Un[^1].\n\n[^1]: Une note.\n\n<!-- paywall -->\n{SENTINEL} secret.\n"
    split = paywall.split(body, paywalled=True, teaser_paragraphs=50)
    assert "[^1]: Une note." in split.teaser


NEAR_MISSES = [
    "<!-- pay wall -->",
    "<!-- pay-wall -->",
    "<!-- PAY WALL -->",
    "<!- paywall -->",
    "<!--paywall->",
    "<!-- paywall -- >",
    "<!-- paywall --> suite",
]


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_a_near_miss_is_found_at_its_line_and_is_no_marker(line: str):
    body = f"Un.\n\nDeux.\n{line}\n\n{SENTINEL}.\n"
    assert paywall.near_markers(body) == [3]
    assert paywall.marker_lines(body) == []


def test_a_marker_inside_fenced_code_does_not_cut():
    body = "Un.\n\n```\n<!-- paywall -->\n```\n\nDeux.\n\n<!-- paywall -->\n\nTrois.\n"
    assert paywall.marker_lines(body) == [8]
    split = paywall.split(body, paywalled=True, teaser_paragraphs=50)
    assert "Deux." in split.teaser and "Trois." not in split.teaser


# ---- footnotes ------------------------------------------------------------------------------------------------


FOOTNOTE_CASES = [
    ("code-span", "Un `[^2]` ici.\n\n<!-- paywall -->\n\nDeux[^2].\n\n[^2]: SECRET2 note.\n"),
    ("double-backtick-code-span", "Un ``a [^2] b`` ici.\n\n<!-- paywall -->\n\nDeux[^2].\n\n[^2]: SECRET2 note.\n"),
    ("link-address", "Un [lien](https://e.org/[^2]) ici.\n\n<!-- paywall -->\n\nDeux[^2].\n\n[^2]: SECRET2 note.\n"),
    ("autolink-address", "Un <https://e.org/[^2]> ici.\n\n<!-- paywall -->\n\nDeux[^2].\n\n[^2]: SECRET2 note.\n"),
    ("fenced-code", "Un.\n\n```\n[^2]\n```\n\n<!-- paywall -->\n\nDeux[^2].\n\n[^2]: SECRET2 note.\n"),
    ("code-span-no-marker", "Un `[^2]`.\n\nDeux [x](http://e.org/[^2]).\n\nTrois[^2].\n\n[^2]: SECRET2 note.\n"),
]


@pytest.mark.parametrize("body", [c[1] for c in FOOTNOTE_CASES], ids=[c[0] for c in FOOTNOTE_CASES])
def test_a_reference_in_code_or_an_address_does_not_pull_a_withheld_note(body: str):
    split = paywall.split(body, paywalled=True, teaser_paragraphs=2)
    assert "SECRET2" not in split.teaser, split.teaser
    assert "[^2]:" not in split.teaser
    assert "SECRET2" not in rendered(split.teaser)


def test_a_real_reference_still_brings_its_note():
    body = "Un[^2] et `[^3]`.\n\n<!-- paywall -->\n\nDeux[^3].\n\n[^2]: NOTE2.\n\n[^3]: SECRET3.\n"
    split = paywall.split(body, paywalled=True, teaser_paragraphs=2)
    assert "NOTE2" in split.teaser and "SECRET3" not in split.teaser
