"""The teaser / withheld split of a body, and the share of the article left to read.

One reading decides everything: the blocks Python-Markdown's own block parser finds in the body (markup.read).
The split point, the teaser's blocks, the withheld headings and the word count are all taken from those blocks,
so no Markdown can be a teaser to the splitter and something else to the renderer. The withheld blocks are
never rendered: their headings' inline text is all of them that becomes HTML (for the outline), and their
words are counted from the block reading.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .. import markup
from ..models import PublicText
from ..outline import Anchors
from .bounded import slow_inline
from .marker import Markers, is_marker, markers

NOT_PROSE = re.compile(r"<[^>\n]++>|\]\([^)\n]*+\)|\[\^[^\]\n]++\]")  # tags, link targets, note calls
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
FAST_WORD = re.compile(r"\w+(?:['’\-]\w+)*")  # WORD in a text without "_"
OUTLINE_DEPTH = 4  # headings down to #### make the outline (a # heading, unusual in a body, is its top level)
NOT_PARAGRAPHS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hr"})  # blocks teaser_paragraphs does not count


@dataclass(frozen=True, slots=True)
class Split:
    """Which of a body's blocks are public, and all the public edition may know of the rest."""

    public: tuple[etree.Element, ...]  # the teaser's top-level blocks, in order (markers left out)
    withheld_headings: tuple[etree.Element, ...]  # the withheld part's headings (# to ####), in order
    remaining_percent: int | None  # None when nothing is withheld


def text(
    body: str,
    *,
    paywalled: bool,
    teaser_paragraphs: int,
    declared_percent: int | None = None,
    anchors: Anchors | None = None,
    backlink_title: str = "",
    shift: int = 0,
) -> PublicText:
    """The public text of a body (its teaser when paywalled, else the whole of it), from one block reading."""
    return _text(markup.read(body, backlink_title), paywalled, teaser_paragraphs, declared_percent, anchors, shift)


def _text(
    reading: markup.Reading,
    paywalled: bool,
    teaser_paragraphs: int,
    declared_percent: int | None,
    anchors: Anchors | None,
    shift: int,
) -> PublicText:
    cut = split(reading, paywalled=paywalled, teaser_paragraphs=teaser_paragraphs, declared_percent=declared_percent)
    html, headings, withheld = reading.render(list(cut.public), anchors or Anchors(), shift, cut.withheld_headings)
    return PublicText(html, tuple(headings), tuple(withheld), cut.remaining_percent)


@dataclass(frozen=True, slots=True)
class Survey:
    """What load's one reading of a body finds: its markers (and the lines that only look like one), and its
    public text were it paywalled (None when not asked for)."""

    markers: Markers
    public: PublicText | None


def survey(
    body: str, teaser_paragraphs: int, *, declared_percent: int | None = None, taken: frozenset[str] | None = None
) -> Survey:
    """One reading of a body at load: its markers and, when `taken` (the page's own ids) is given, its public text
    as a paywalled article's page shows it, notes' backlink titles left as markup.BACKLINK for each language."""
    reading = markup.read(body, markup.BACKLINK)
    found = markers(body, reading)
    if slow := slow_inline(body, reading):  # before its inline Markdown is read, for the teaser or later
        found = Markers(found.lines, (*found.problems, slow))
        return Survey(found, None)
    if taken is None:
        return Survey(found, None)
    return Survey(found, _text(reading, True, teaser_paragraphs, declared_percent, Anchors(taken), shift=1))


def remaining_percent(body: str, teaser_paragraphs: int) -> int | None:
    """The share of a paywalled body (without a declared percent) left to read; None when nothing is withheld."""
    return split(markup.read(body), paywalled=True, teaser_paragraphs=teaser_paragraphs).remaining_percent


def split(
    reading: markup.Reading,
    *,
    paywalled: bool,
    teaser_paragraphs: int,
    declared_percent: int | None = None,
) -> Split:
    """Where the teaser ends among the blocks Python-Markdown found: at the first marker, else after the
    `teaser_paragraphs`-th paragraph-like block (a paragraph, list, quotation, table, code or HTML block)."""
    blocks = reading.blocks
    markers = {n for n, block in enumerate(blocks) if is_marker(reading, block)}
    if not paywalled or declared_percent is not None:
        kept = tuple(block for n, block in enumerate(blocks) if n not in markers)
        return Split(kept, (), declared_percent if paywalled else None)
    if markers:
        start = min(markers)
        end = start + 1
    else:
        start = end = _after_paragraphs(reading, teaser_paragraphs)
    public = blocks[:start]
    withheld = [block for n, block in enumerate(blocks[end:], end) if n not in markers]
    headings = tuple(h for block in withheld for h in _headings(block))
    shown, hidden = _words(reading, public), _words(reading, withheld)
    return Split(tuple(public), headings, _percent(hidden, shown + hidden))


def _after_paragraphs(reading: markup.Reading, count: int) -> int:
    """The index among the blocks just after the `count`-th one that counts as a paragraph."""
    seen = 0
    for n, block in enumerate(reading.blocks):
        if _is_paragraph(reading, block):
            seen += 1
            if seen == count:
                return n + 1
    return len(reading.blocks)


def _is_paragraph(reading: markup.Reading, block: etree.Element) -> bool:
    """What teaser_paragraphs counts: every block but headings, rules and raw HTML that is only comments."""
    if block.tag in NOT_PARAGRAPHS:
        return False
    raw = reading.raw(block)
    return raw is None or bool(_without_comments(raw).strip())


def _headings(block: etree.Element) -> list[etree.Element]:
    """The headings Markdown made in a block, at any depth (a quotation may hold one), down to ####."""
    levels = markup.HEADINGS[:OUTLINE_DEPTH]
    if not len(block):  # a block without children (most are, before inline Markdown): itself or nothing
        return [block] if block.tag in levels and block.get(markup.MARK) is not None else []
    return [element for element in block.iter() if element.tag in levels and element.get(markup.MARK) is not None]


def _percent(hidden: int, total: int) -> int | None:
    if hidden == 0:
        return None
    share = (Decimal(100) * hidden / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, min(int(share), 99 if hidden < total else 100))  # never "0 %" left, never "100 %" with a teaser


def _words(reading: markup.Reading, blocks: list[etree.Element]) -> int:
    """The words of these blocks as a reader reads them: not tags, comments, link addresses or note calls."""
    text = _without_comments("\n".join(reading.source(block) for block in blocks))
    return len(FAST_WORD.findall(NOT_PROSE.sub(" ", text).replace("_", " ")))  # "_" is no word's: \w is faster


def _without_comments(text: str) -> str:
    """The text with its HTML comments blanked; an unclosed one runs to the end (in one pass: a regular
    expression would look for the end of each unclosed comment again)."""
    if "<!--" not in text:
        return text
    kept, start = [], 0
    while (opening := text.find("<!--", start)) >= 0:
        kept.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        if closing < 0:
            return " ".join(kept)
        start = closing + 3
    kept.append(text[start:])
    return " ".join(kept)
