"""The teaser / withheld split of a body, and the share of the article left to read.

The withheld text exists only inside `split()`: what comes out is the teaser's Markdown, the
withheld part's headings (for the outline) and its share of the words. Nothing downstream can
render, index or leak what it never receives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MARKER = re.compile(r"^\s*<!--\s*paywall\s*-->\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
NOT_PROSE = re.compile(r"<!--.*?-->|<[^>]+>|\]\([^)]*\)|\[\^[^\]]+\]|^ {0,3}\[[^\]]+\]:.*$", re.S | re.M)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 2 for ##
    text: str  # inline Markdown


@dataclass(frozen=True, slots=True)
class Split:
    """The public part of a body, and all the public edition may know of the rest."""

    teaser: str  # Markdown: the public text, with the footnote definitions it cites
    withheld_headings: tuple[Heading, ...]
    remaining_percent: int | None  # None when nothing is withheld


def marker_lines(body: str) -> list[int]:
    """Indexes of the `<!-- paywall -->` lines outside code fences."""
    lines = body.split("\n")
    return [i for i, fenced in _fenced(lines) if not fenced and MARKER.match(lines[i])]


def split(body: str, *, paywalled: bool, teaser_paragraphs: int, declared_percent: int | None = None) -> Split:
    """Split a body into its teaser and what is withheld, keeping only the withheld headings and word count."""
    lines = body.split("\n")
    fenced = dict(_fenced(lines))
    prose, notes = _take_footnotes(lines, fenced)
    if not paywalled or declared_percent is not None:
        public = [line for i, line in prose if not MARKER.match(line) or fenced[i]]
        return Split(_with_notes(public, notes), (), declared_percent if paywalled else None)
    cut = _cut(prose, fenced, teaser_paragraphs)
    teaser = [line for _, line in prose[: cut[0]]]
    withheld = [(i, line) for i, line in prose[cut[1] :]]
    headings = tuple(Heading(len(m[1]), m[2]) for i, line in withheld if not fenced[i] and (m := HEADING.match(line)) and m[2])
    shown, hidden = _words(teaser), _words(line for _, line in withheld)
    return Split(_with_notes(teaser, notes), headings, _percent(hidden, shown + hidden))


def percent_of_words(shown: str, hidden: str) -> int | None:
    """The whole percentage of words in `hidden`, for tests and teaser-only checks."""
    h, s = _words([hidden]), _words([shown])
    return _percent(h, h + s)


def _percent(hidden: int, total: int) -> int | None:
    if hidden == 0:
        return None
    share = (Decimal(100) * hidden / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, min(int(share), 99 if hidden < total else 100))  # never "0 %" left, never "100 %" with a teaser


def _words(lines) -> int:
    return len(WORD.findall(NOT_PROSE.sub(" ", "\n".join(lines))))


def _fenced(lines: list[str]) -> list[tuple[int, bool]]:
    """For each line index, whether it is inside (or delimits) a fenced code block."""
    out, fence = [], None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m[1][0] * len(m[1])
            out.append((i, True))
        elif fence is not None:
            out.append((i, True))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        else:
            out.append((i, False))
    return out


def _take_footnotes(lines: list[str], fenced: dict[int, bool]) -> tuple[list[tuple[int, str]], dict[str, list[str]]]:
    """Separate footnote definitions (with their indented continuations) from the prose."""
    prose: list[tuple[int, str]] = []
    notes: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        m = None if fenced[i] else FOOTNOTE_DEF.match(lines[i])
        if not m:
            prose.append((i, lines[i]))
            i += 1
            continue
        block, i = [lines[i]], i + 1
        while i < len(lines):
            if (
                lines[i].startswith(("    ", "\t"))
                or not lines[i].strip()
                and i + 1 < len(lines)
                and lines[i + 1].startswith(("    ", "\t"))
            ):
                block.append(lines[i])
            else:
                break
            i += 1
        notes.setdefault(m[1], block)
    return prose, notes


def _cut(prose: list[tuple[int, str]], fenced: dict[int, bool], teaser_paragraphs: int) -> tuple[int, int]:
    """Where the teaser ends and the withheld part starts, as positions in `prose`."""
    for n, (i, line) in enumerate(prose):
        if not fenced[i] and MARKER.match(line):
            return n, n + 1
    count, in_block, heading_block = 0, False, False
    for n, (i, line) in enumerate(prose):
        blank = not line.strip() and not fenced[i]
        if in_block and blank:
            in_block = False
            if not heading_block:
                count += 1
                if count == teaser_paragraphs:
                    return n, n
        elif not in_block and not blank:
            in_block, heading_block = True, bool(HEADING.match(line)) and not fenced[i]
        elif in_block and HEADING.match(line) and not fenced[i]:
            # a heading right under a paragraph ends that paragraph
            if not heading_block:
                count += 1
                if count == teaser_paragraphs:
                    return n, n
            heading_block = True
    return len(prose), len(prose)


def _with_notes(teaser: list[str], notes: dict[str, list[str]]) -> str:
    """The teaser with the definitions of the footnotes it cites, and no others."""
    text = "\n".join(teaser).strip("\n")
    cited = dict.fromkeys(FOOTNOTE_REF.findall(text))
    kept = ["\n".join(notes[label]) for label in cited if label in notes]
    return "\n\n".join([text, *kept]) + "\n" if kept else text + "\n"
