"""The teaser / withheld split of a body, and the share of the article left to read.

The withheld text exists only inside `split()`: what comes out is the teaser's Markdown, the
withheld part's headings (for the outline) and its share of the words. Nothing downstream can
render, index or leak what it never receives.

Block boundaries are found in the source the way Python-Markdown finds them, and where the two
could disagree the splitter sees *more* blocks than the renderer: the teaser may come out shorter
than `teaser_paragraphs`, never longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

MARKER = re.compile(r"^\s*<!--\s*paywall\s*-->\s*$", re.I)
NEAR_MARKER = re.compile(r"<!-*\s*pay\s*-?\s*wal", re.I)  # a marker mistyped: an error, never a silent fallback
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
QUOTE = re.compile(r"^ {0,3}>")
HTML_START = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9-]*)")
FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
LINK_DEF = re.compile(r"^ {0,3}\[([^\]^\n][^\]\n]*)\]:[ \t]*\S")  # [label]: https://… "title", not a footnote
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK_TARGET = re.compile(r"\]\([^)\n]*\)|<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>")
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
FAST_WORD = re.compile(r"\w+(?:['’\-]\w+)*")  # WORD in a text without "_"
NOT_PROSE = re.compile(r"<!--.*?-->|<[^>\n]+>|\]\([^)\n]*\)|\[\^[^\]\n]+\]|^ {0,3}\[[^\]\n]+\]:.*$", re.S | re.M)
# NOT_PROSE in a text where no line opens with "[label]:": its alternatives all start with a character, which
# lets the regular expression engine skip ahead to the next "<", "]" or "[" (twice as fast on a body)
NOT_PROSE_INLINE = re.compile(r"<!--.*?-->|<[^>\n]+>|\]\([^)\n]*\)|\[\^[^\]\n]+\]", re.S)
DEFINITION_LINE = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)  # where NOT_PROSE's last alternative may start
OUTLINE_DEPTH = 4  # headings down to #### make the outline (a # heading, unusual in a body, is its top level)

TEXT, FENCED, COMMENT, HTML, HTML_OPEN = "text", "fenced", "comment", "html", "html-open"


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
    """Indexes of the `<!-- paywall -->` lines outside fenced code and HTML comments (an indented one still cuts)."""
    lines = body.split("\n")
    kinds = _kinds(lines)
    return [i for i, line in enumerate(lines) if kinds[i] not in (FENCED, COMMENT) and MARKER.match(line)]


def near_markers(body: str) -> list[int]:
    """Indexes of lines that look like a paywall marker but are not one."""
    lines = body.split("\n")
    kinds = _kinds(lines)
    return [i for i, line in enumerate(lines) if kinds[i] != FENCED and NEAR_MARKER.search(line) and not MARKER.match(line)]


def split(body: str, *, paywalled: bool, teaser_paragraphs: int, declared_percent: int | None = None) -> Split:
    """Split a body into its teaser and what is withheld, keeping only the withheld headings and word count."""
    return _split(body, paywalled, teaser_paragraphs, declared_percent)  # positional: one cache key per split


@lru_cache(maxsize=4096)  # a build splits each body twice: to warn when nothing is withheld, then to render it
def _split(body: str, paywalled: bool, teaser_paragraphs: int, declared_percent: int | None) -> Split:
    lines = body.split("\n")
    kinds = _kinds(lines)
    prose, notes = _take_definitions(lines, kinds)
    if not paywalled or declared_percent is not None:
        public = [line for i, line in prose if kinds[i] in (FENCED, COMMENT) or not MARKER.match(line)]
        return Split(_with_notes(public, notes), (), declared_percent if paywalled else None)
    marker = next((n for n, (i, line) in enumerate(prose) if kinds[i] not in (FENCED, COMMENT) and MARKER.match(line)), None)
    start, end = (marker, marker + 1) if marker is not None else (_after_paragraphs(prose, kinds, teaser_paragraphs),) * 2
    teaser = [line for _, line in prose[:start]]
    withheld = prose[end:]
    headings = tuple(_headings(withheld, kinds))
    shown, hidden = _words(teaser), _words(line for _, line in withheld)
    return Split(_with_notes(teaser, notes), headings, _percent(hidden, shown + hidden))


def _percent(hidden: int, total: int) -> int | None:
    if hidden == 0:
        return None
    share = (Decimal(100) * hidden / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, min(int(share), 99 if hidden < total else 100))  # never "0 %" left, never "100 %" with a teaser


def _words(lines: Iterable[str]) -> int:
    text = "\n".join(lines)
    prose = (NOT_PROSE if DEFINITION_LINE.search(text) else NOT_PROSE_INLINE).sub(" ", text)
    return len(FAST_WORD.findall(prose.replace("_", " ")))  # "_" is no word's either: \w is twice as fast as [^\W_]


def _kinds(lines: list[str]) -> list[str]:
    """What each line is: inside a closed code fence, an HTML comment, a raw HTML block, or text."""
    kinds = [TEXT] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            mark = fence[1]
            close = next(
                (
                    j
                    for j in range(i + 1, len(lines))
                    if lines[j].strip().startswith(mark[0] * len(mark)) and not lines[j].strip().strip(mark[0])
                ),
                None,
            )
            if close is not None:  # an unclosed fence is text, as Python-Markdown reads it
                kinds[i : close + 1] = [FENCED] * (close + 1 - i)
                i = close + 1
                continue
        elif line.lstrip().startswith("<!--") and not MARKER.match(line):
            end = next((j for j in range(i, len(lines)) if "-->" in lines[j]), len(lines) - 1)
            kinds[i : end + 1] = [COMMENT] * (end + 1 - i)
            i = end + 1
            continue
        elif html := HTML_START.match(
            line
        ):  # a block of its own, blank line before or not (Python-Markdown agrees for block tags)
            closing = f"</{html[1].lower()}"
            end = next((j for j in range(i, len(lines)) if closing in lines[j].lower()), None)
            if end is None:
                end = next((j - 1 for j in range(i, len(lines)) if not lines[j].strip()), len(lines) - 1)
            kinds[i : end + 1] = [HTML_OPEN] + [HTML] * (end - i)
            i = end + 1
            continue
        i += 1
    return kinds


def _take_definitions(lines: list[str], kinds: list[str]) -> tuple[list[tuple[int, str]], dict[str, list[str]]]:
    """Separate footnote definitions (with their indented continuations) and link definitions from the prose.

    Footnotes are keyed `^label`, links `label` in lowercase: a teaser keeps those it uses, wherever they stand.
    """
    prose: list[tuple[int, str]] = []
    notes: dict[str, list[str]] = {}
    i = 0

    def continues(j: int) -> bool:
        return j < len(lines) and lines[j].startswith(("    ", "\t")) and not MARKER.match(lines[j])

    while i < len(lines):
        link = LINK_DEF.match(lines[i]) if kinds[i] == TEXT else None
        if link:  # one line, and a title on the next one when it starts with a quote
            block, i = [lines[i]], i + 1
            if i < len(lines) and re.match(r"^\s+[\"'(]", lines[i]):
                block.append(lines[i])
                i += 1
            notes.setdefault(link[1].strip().lower(), block)
            continue
        found = FOOTNOTE_DEF.match(lines[i]) if kinds[i] == TEXT else None
        if not found:
            prose.append((i, lines[i]))
            i += 1
            continue
        block, i = [lines[i]], i + 1
        while i < len(lines) and (continues(i) or (not lines[i].strip() and continues(i + 1))):
            block.append(lines[i])
            i += 1
        notes.setdefault("^" + found[1], block)
    return prose, notes


def _after_paragraphs(prose: list[tuple[int, str]], kinds: list[str], count: int) -> int:
    """The position in `prose` just after the `count`-th paragraph-like block (paragraph, list, quotation, code, HTML)."""
    seen, previous, in_fence = 0, "", False
    for n, (i, line) in enumerate(prose):
        opens_fence = False
        if kinds[i] == FENCED:
            opens_fence = bool(FENCE.match(line)) and not in_fence
            in_fence = in_fence != bool(FENCE.match(line))
            block = "code"
        elif not line.strip() and kinds[i] == TEXT:
            block = ""
        elif kinds[i] in (COMMENT, HTML, HTML_OPEN):
            block = HTML if kinds[i] == HTML_OPEN else kinds[i]
        elif HEADING.match(line) or (UNDERLINE.match(line) and previous == "para"):
            block = "heading"  # for a setext heading, the line above is counted as a paragraph: safe
        elif HR.match(line):
            block = "hr"
        elif QUOTE.match(line) and previous != "quote":
            block = "quote"
        elif line.startswith(("    ", "\t")) and previous not in ("para", "quote"):
            block = "indented"  # indented code: the first line not indented starts a new paragraph
        else:
            block = previous if previous in ("para", "quote") else "para"  # a paragraph or a list goes on
        ends_previous = block != previous or block in ("heading", "hr") or opens_fence or kinds[i] == HTML_OPEN
        if ends_previous and previous in ("para", "quote", "code", "indented", HTML):
            seen += 1
            if seen == count:
                return n
        previous = block
    return len(prose)


def _headings(withheld: list[tuple[int, str]], kinds: list[str]) -> Iterable[Heading]:
    """The ATX headings (# to ####) of the withheld part, outside code, comments and raw HTML."""
    for i, line in withheld:
        found = HEADING.match(line) if kinds[i] == TEXT else None
        if found and len(found[1]) <= OUTLINE_DEPTH and (text := _heading_text(found[2] or "")):
            yield Heading(len(found[1]), text)


def _heading_text(raw: str) -> str:
    """A heading's text without its closing #s (linear time, whatever the spaces)."""
    text = raw.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def _cited(teaser: str, labels: Iterable[str]) -> list[str]:
    """The footnotes and link definitions the teaser really uses: not in code, a comment or a link's address."""
    text = HTML_COMMENT.sub(" ", CODE_SPAN.sub(" ", teaser))
    text = LINK_TARGET.sub(" ", text).replace("\\[", " ")  # \[ is a bracket, not a reference
    notes = ["^" + label for label in dict.fromkeys(FOOTNOTE_REF.findall(text))]
    lowered = text.lower()
    links = [label for label in labels if not label.startswith("^") and f"[{label}]" in lowered]
    return notes + links


def _with_notes(teaser: list[str], notes: dict[str, list[str]]) -> str:
    """The teaser with the definitions of the footnotes and links it uses, and no others."""
    text = "\n".join(teaser).strip("\n")
    kept = ["\n".join(notes[label]) for label in _cited(_without_code(teaser), notes) if label in notes]
    return "\n\n".join([text, *kept]) + "\n" if kept else text + "\n"


def _without_code(lines: list[str]) -> str:
    """The teaser's lines where a reference can cite: not code (fenced or indented), raw HTML or comments."""
    kinds = _kinds(lines)
    kept, previous_blank_or_code = [], True
    for line, kind in zip(lines, kinds, strict=True):
        indented = line.startswith(("    ", "\t")) and previous_blank_or_code  # erring on the side of code
        if kind == TEXT and not indented:
            kept.append(line)
        previous_blank_or_code = not line.strip() or indented
    return "\n".join(kept)
