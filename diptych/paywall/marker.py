"""The paywall marker, checked at load: where a body's markers are, and the lines that only look like one."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import disarm

from .. import markup

MARKER = re.compile(r"^\s*<!--\s*paywall\s*-->\s*$", re.I)
# a marker mistyped: an error, never a silent fallback (possessive: no backtracking over a run of spaces)
NEAR_MARKER = re.compile(r"<!-*+\s*+pay\s*+-?\s*+wal", re.I)
FOLDED_LINE_MAX = 200  # a line folded for look-alike characters: a marker, even dressed up, is short
INVISIBLE = frozenset({"Cf", "Cc", "Mn", "Me"})  # format, control and combining characters: removed before folding


def is_marker(reading: markup.Reading, block: etree.Element) -> bool:
    """A block of its own that is the marker comment and nothing else (not code, not inside an HTML block)."""
    raw = reading.raw(block)
    return raw is not None and "\n" not in raw.strip() and bool(MARKER.match(raw))


@dataclass(frozen=True, slots=True)
class Markers:
    """The marker lines of a body (indexes from 0) and the lines that only look like one, with what is wrong."""

    lines: tuple[int, ...]
    problems: tuple[tuple[int, str], ...]


def markers(body: str, reading: markup.Reading | None = None) -> Markers:
    """Where the body's markers are, as Python-Markdown reads them, and the lines that look like one but are not.

    `reading`, Markdown's reading of the body when the caller has one, spares a second reading when every
    line that looks like a marker is one. A line is compared after Unicode's confusable folding (UTS #39 skeleton: invisible and format characters
    removed, look-alike letters of other scripts folded), so `<!-- pay\u200bwall -->` or a Cyrillic « а » is an
    error, not a paragraph. A marker in code is code; one inside an HTML block, a list or a quotation cuts
    nothing, and is an error.
    """
    lines = body.split("\n")
    split = [(i, "a paywall marker split over several lines: write <!-- paywall --> on one line") for i in _split_markers(body)]
    candidates = [i for i, line in enumerate(lines) if _looks_like_marker(line)]
    if not candidates:
        return Markers((), tuple(split))
    exact = [i for i in candidates if MARKER.match(lines[i])]
    # every marker block Markdown sets aside comes from a line of its own that is the marker: as many such
    # blocks as such lines, and they are those lines
    if reading is not None and len(exact) == len(candidates) == sum(is_marker(reading, b) for b in reading.blocks):
        return Markers(tuple(exact), tuple(split))
    spans = {i: _span(lines[i]) for i in candidates}
    where = _where(lines, spans)
    found, problems = [], []
    for i in candidates:
        line, place = lines[i], where[i]
        start, end = spans[i]
        if place == "as text":  # code, an escape: an article may show the marker
            continue
        if place == "between blocks" and MARKER.match(line):
            found.append(i)
        elif place != "between blocks" and MARKER.match(line[start:end]) and line.isascii():
            problems.append(
                (i, f"a paywall marker {place} cuts nothing: put <!-- paywall --> on a line of its own between paragraphs")
            )
        else:
            problems.append((i, _near_miss(line)))
    return Markers(tuple(found), tuple(sorted(problems + split)))


CONTAINER_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d+[.)])[ \t]+)?")  # a quotation's or list's opening


def _span(line: str) -> tuple[int, int]:
    """Where in its line the thing that looks like a marker is: the comment, or all after a quotation's or a
    list's opening when only its folded form reads as one."""
    found = NEAR_MARKER.search(line)
    if found is None:
        return CONTAINER_PREFIX.match(line).end(), len(line.rstrip())  # type: ignore[union-attr]
    close = line.find(">", found.end())
    return found.start(), close + 1 if close >= 0 else len(line.rstrip())


def _looks_like_marker(line: str) -> bool:
    """A line that holds the marker, or something a reader would take for it: within a `<…>`, the letters of
    "paywall" and no others (`<!-- pay_wall -->`, `<?paywall?>`), once invisible characters are removed and
    look-alike ones folded (UTS #39's skeleton: ‹ reads as <, a Cyrillic а as a)."""
    if NEAR_MARKER.search(line):
        return True
    stripped = line.strip()
    if len(stripped) > FOLDED_LINE_MAX or (stripped.isascii() and "<" not in stripped):
        return False
    if not stripped.isascii():
        stripped = disarm.skeleton_key("".join(c for c in stripped if c == "\t" or unicodedata.category(c) not in INVISIBLE))
    return any(_letters(inside) in MARKER_LETTERS for inside in ANGLED.findall(stripped))


ANGLED = re.compile(r"<([^<>]*)")  # what a "<" opens, to the next ">" (or the line's end)
MARKER_LETTERS = frozenset({"paywall", "cdatapaywall"})  # <!-- pay wall -->, <![CDATA[paywall]]>


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if "a" <= c <= "z")


def _split_markers(body: str) -> list[int]:
    """The lines where a comment spread over several lines opens that holds the letters of "paywall" alone."""
    found, start = [], 0
    while (opening := body.find("<!--", start)) >= 0:
        closing = body.find("-->", opening + 4)
        end = len(body) if closing < 0 else closing
        if "\n" in body[opening:end] and _letters(body[opening + 4 : end]) == "paywall":
            found.append(body.count("\n", 0, opening))
        start = end + 3
    return found


def _near_miss(line: str) -> str:
    """What is wrong with a line that looks like the marker."""
    odd = [c for c in dict.fromkeys(line.strip()) if not (c.isascii() and c.isprintable())]
    if odd:
        named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in odd)
        return f"this looks like a paywall marker but is not one: it holds {named}; write <!-- paywall --> in plain ASCII on a line of its own"
    return "this looks like a paywall marker but is not one: write <!-- paywall --> on a line of its own"


def _where(lines: list[str], spans: dict[int, tuple[int, int]]) -> dict[int, str]:
    """Where Python-Markdown puts each candidate: "between blocks", "as text" (code, an escape), or inside what.

    Each candidate's marker-like text is replaced by a comment naming its line, which Markdown reads as it reads
    the marker (a comment is a comment), the rest of its line kept: this locates the lines for the messages;
    the split itself never reads it.
    """
    tagged = list(lines)
    for i, (start, end) in spans.items():
        tagged[i] = f"{lines[i][:start]}<!-- diptych-line-{i}-tag -->{lines[i][end:]}"
    reading = markup.read("\n".join(tagged), aside=True)  # the caller may hold a reading of the body itself
    where: dict[int, str] = {}

    def locate(text: str, place: str) -> None:
        for found in re.finditer(r"diptych-line-(\d+)-tag", text):
            where.setdefault(int(found[1]), place)

    def shown(element: etree.Element, place: str) -> None:  # a comment Markdown leaves as one, or text it shows
        rendered = reading.inline_html(element)
        for found in re.finditer(r"(<!--|&lt;!--) diptych-line-(\d+)-tag", rendered):
            where.setdefault(int(found[2]), place if found[1] == "<!--" else "as text")

    for block in reading.blocks:
        raw = reading.raw(block)
        if raw is not None and re.fullmatch(r"\s*<!-- diptych-line-\d+-tag -->\s*", raw):
            locate(raw, "between blocks")
        elif block.tag == "pre" and re.fullmatch(r"\s*<!-- diptych-line-\d+-tag -->\s*", reading.source(block)):
            locate(reading.source(block), "indented as code")  # a marker alone, indented: no one means it as code
        elif reading.is_code(block):
            locate(reading.source(block), "as text")
        elif raw is not None:
            locate(raw, "inside an HTML block")
        elif "diptych-line-" in reading.source(block):
            shown(block, _inside(block))
    for text in reading.footnotes():  # a note's text, as its call would show it
        if "diptych-line-" in text:
            shown(reading.chunk(text), "inside a footnote")
    for i in spans:  # a line the reading dropped (a link definition's title: an attribute's text)
        where.setdefault(i, "as text")
    return where


def _inside(block: etree.Element) -> str:
    return {"ul": "inside a list", "ol": "inside a list", "blockquote": "inside a quotation", "table": "inside a table"}.get(
        block.tag, "inside a paragraph"
    )
