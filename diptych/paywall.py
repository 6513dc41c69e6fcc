"""The teaser / withheld split of a body, and the share of the article left to read.

One reading decides everything: the blocks Python-Markdown's own block parser finds in the body (markup.read).
The split point, the teaser's blocks, the withheld headings and the word count are all taken from those blocks,
so no Markdown can be a teaser to the splitter and something else to the renderer. The withheld blocks are
never rendered: their headings' inline text is all of them that becomes HTML (for the outline), and their
words are counted from the block reading.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import disarm

from . import markup
from .models import PublicText
from .outline import Anchors

MARKER = re.compile(r"^\s*<!--\s*paywall\s*-->\s*$", re.I)
# a marker mistyped: an error, never a silent fallback (possessive: no backtracking over a run of spaces)
NEAR_MARKER = re.compile(r"<!-*+\s*+pay\s*+-?\s*+wal", re.I)
FOLDED_LINE_MAX = 200  # a line folded for look-alike characters: a marker, even dressed up, is short
INVISIBLE = frozenset({"Cf", "Cc", "Mn", "Me"})  # format, control and combining characters: removed before folding
NOT_PROSE = re.compile(r"<[^>\n]++>|\]\([^)\n]*+\)|\[\^[^\]\n]++\]")  # tags, link targets, note calls
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
FAST_WORD = re.compile(r"\w+(?:['’\-]\w+)*")  # WORD in a text without "_"
OUTLINE_DEPTH = 4  # headings down to #### make the outline (a # heading, unusual in a body, is its top level)
NOT_PARAGRAPHS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hr"})  # blocks teaser_paragraphs does not count
# the lines fenced_code's pattern may open a block at (its fence, then what may follow it), or close one;
# possessive, so that a fence followed by a long run of spaces costs one pass
FENCE_OPENER = re.compile(r"^(`{3,}|~{3,})([ ]*+(?:\{[^\n]*\}|\.?[\w#.+-]*+[ ]*+(?:hl_lines=([\"']).*?\3[ ]*+)?))$", re.M)
FENCE_SPACES = re.compile(r"^(?:`{3,}|~{3,})( {2,})", re.M)  # fenced_code's own pattern backtracks over these: n² each
FENCE_WORK = 40_000_000  # characters fenced_code scans for unclosed fences (~25 ns each): ~1 s a reading


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
    markers = {n for n, block in enumerate(blocks) if _is_marker(reading, block)}
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


def _is_marker(reading: markup.Reading, block: etree.Element) -> bool:
    """A block of its own that is the marker comment and nothing else (not code, not inside an HTML block)."""
    raw = reading.raw(block)
    return raw is not None and "\n" not in raw.strip() and bool(MARKER.match(raw))


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


# ---- markers, checked at load -------------------------------------------------------------------------------


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
    if reading is not None and len(exact) == len(candidates) == sum(_is_marker(reading, b) for b in reading.blocks):
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


# ---- bounded work -------------------------------------------------------------------------------------------


def too_slow(body: str) -> tuple[int, str] | None:
    """A body Python-Markdown could not read in bounded time: the index of the line to fix and the message;
    None for any body it reads in a second or two at most.

    Estimated before any reading, from what makes Markdown's block reading quadratic (measured on this
    machine, ~25-60 ns a character scanned): code fences opened and never closed (`slow_fences`), a fence
    followed by a long run of spaces, tags that no ">" closes (its HTML reader scans again from each), blocks of
    thousands of lines without a blank one (its block processors test the rest of the block again for each
    line); and lists nested past Python's recursion limit. What is quadratic in its inline reading is
    estimated on the blocks it reads (`slow_inline`).
    """
    if slow := slow_fences(body):
        return slow
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if (found := _unclosed_tags(text)) is not None:
        return text.count("\n", 0, found), (
            "thousands of '<' that open a tag no '>' closes, the first here: Markdown would take minutes to read "
            "them; write '&lt;' for a '<' that opens no tag"
        )
    lines = text.split("\n")
    run = 0
    for index, line in enumerate(lines):
        run = run + 1 if line.strip() else 0
        if run > BLOCK_LINES:
            return index - run + 1, (
                f"more than {BLOCK_LINES} lines without a blank line, from here: Markdown reads such a block in a "
                "time that grows with the square of its lines; separate its paragraphs with blank lines"
            )
        if len(line) <= 2 * MAX_DEPTH:  # a level takes two characters at least ("- "), or four of indent
            continue
        opening = LIST_RUN.match(line)
        indent = len(line) - len(line.lstrip(" \t"))
        depth = (indent + 3 * line.count("\t", 0, indent)) // 4 + (len(LIST_MARK.findall(opening[0])) if opening else 0)
        if depth > MAX_DEPTH:
            return index, f"lists nested {depth} levels deep: Markdown cannot read more than {MAX_DEPTH}"
    return None


def slow_inline(body: str, reading: markup.Reading | None = None) -> tuple[int, str] | None:
    """A text whose inline Markdown would take minutes: Python-Markdown's link patterns look for a closing "]"
    or ")" again from each opening that has none, so a text of thousands of them costs their number times its
    length (brackets that close, "[1], [2]", cost nothing of the kind). Each text of a `reading`'s blocks apart,
    as Markdown reads them; without one, the whole text at once (an abstract, a page: a bound on them)."""
    texts = [body] if reading is None else [t for b in reading.blocks for e in b.iter() for t in (e.text, e.tail) if t]
    for text in texts:
        if len(text) < 64:
            continue
        unclosed = max(text.count("[") - text.count("]"), text.count("(") - text.count(")"))
        if unclosed > 64 and unclosed * len(text) > INLINE_WORK:
            start = body.find(text.strip()[:40]) if reading is not None else _first_unclosed_line(body)
            line = body.count("\n", 0, max(start, 0))
            return line, (
                f"a text of {len(text)} characters with {unclosed} '[' or '(' that nothing closes, from here: "
                "Markdown's link pattern would take minutes to read it; close them, or write '&#91;' and '&#40;'"
            )
    return None


def _first_unclosed_line(text: str) -> int:
    """Where the first line is that opens more "[" or "(" than it closes."""
    position = 0
    for line in text.split("\n"):
        if line.count("[") > line.count("]") or line.count("(") > line.count(")"):
            return position
        position += len(line) + 1
    return 0


LIST_RUN = re.compile(r"^(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)+")  # the list items a line opens, one in another
LIST_MARK = re.compile(r"[-*+]|\d{1,9}[.)]")
MAX_DEPTH = 100  # lists nested deeper make Python-Markdown's recursion pass Python's limit (~490 levels)
BLOCK_LINES = 5_000  # 5,000 lines without a blank one: ~4 s of block reading; 9,000 took 16 s
INLINE_WORK = 16_000_000  # unclosed "[" or "(" times the characters of their text: ~60 ns each, ~1 s
TAG_OPENING = re.compile(r"<[A-Za-z!/?]")  # what Python-Markdown's HTML reader takes for the start of a tag
CODE_SPAN = re.compile(r"`[^`\n]*`")  # its HTML reader leaves code spans alone


def _unclosed_tags(text: str) -> int | None:
    """Where the first tag opening is when, together, the distances from each to the next ">" (each a scan of
    Markdown's HTML reader) pass the bound; None under it."""
    text = CODE_SPAN.sub(lambda found: " " * len(found[0]), text)
    work, first, next_close = 0, None, -1
    for opening in TAG_OPENING.finditer(text):
        position = opening.start()
        if next_close < position:
            next_close = text.find(">", position)
            if next_close < 0:
                next_close = len(text)
        if next_close - position > 64:  # a long way to its closing: count it
            work += next_close - position
            first = position if first is None else first
            if work > FENCE_WORK:
                return first
    return None


def slow_fences(body: str) -> tuple[int, str] | None:
    """A body whose unclosed code fences would make Python-Markdown's fence search quadratic: the index of its
    first such line and the message; None for any body it reads in bounded time.

    fenced_code looks for each opening fence's closing line up to the end of the text: an opening fence with
    no closing line after it costs a scan of the rest of the body, and thousands of them cost minutes.
    """
    if "```" not in body and "~~~" not in body:
        return None
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    spaces = [found for found in FENCE_SPACES.finditer(text) if len(found[1]) ** 2 > FENCE_WORK]
    if spaces:  # fenced_code's pattern tries each split of the spaces between its two runs of them
        return text.count("\n", 0, spaces[0].start()), (
            f"a code fence followed by {len(spaces[0][1])} spaces: remove them (Markdown's fence pattern reads such "
            "a line in a time that grows with the square of its spaces)"
        )
    openers = list(FENCE_OPENER.finditer(text))
    last_close = {found[1]: found.start() for found in openers if not found[2].strip(" ")}
    unclosed = [found for found in openers if last_close.get(found[1], -1) <= found.start()]
    if sum(len(text) - found.end() for found in unclosed) <= FENCE_WORK:
        return None
    return text.count("\n", 0, unclosed[0].start()), (
        f"{len(unclosed)} code fences are opened and never closed, the first here: close each with the same fence "
        "on a line of its own (a body like this would take minutes to read)"
    )
