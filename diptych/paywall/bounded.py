"""Bounded work: the bodies Python-Markdown could not read in bounded time, refused before any reading."""

from __future__ import annotations

import re

from .. import markup

# the lines fenced_code's pattern may open a block at (its fence, then what may follow it), or close one;
# possessive, so that a fence followed by a long run of spaces costs one pass
FENCE_OPENER = re.compile(r"^(`{3,}|~{3,})([ ]*+(?:\{[^\n]*\}|\.?[\w#.+-]*+[ ]*+(?:hl_lines=([\"']).*?\3[ ]*+)?))$", re.M)
FENCE_SPACES = re.compile(r"^(?:`{3,}|~{3,})( {2,})", re.M)  # fenced_code's own pattern backtracks over these: n² each
FENCE_WORK = 40_000_000  # characters fenced_code scans for unclosed fences (~25 ns each): ~1 s a reading


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
