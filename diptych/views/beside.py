"""The files published beside an article's page (its figures, a PDF), each with the line that names it."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from urllib.parse import unquote

from .. import figures, markup
from ..errors import Position
from ..load.body import read_body
from ..models import Beside, Version


def files_beside(html: str, source: Version, root: Path, body: str | None = None) -> tuple[Beside, ...]:
    """The files the public text links to by relative paths: figures only, and only those of the public part.

    Anything else (the article's own Markdown, a document, its full-text PDF) is never published from a link. Only
    tags are read: a code span showing `<img src="x.png">` holds its text, not a tag (its '<' is escaped). The line
    naming each is found in the body (`body`, or read from its file under `root` when a figure needs it).
    """
    refs = (html_lib.unescape(m) for tag in markup.OPEN_TAG.findall(html) for m in figures.REFERENCE.findall(tag))
    files = []
    for ref in refs:
        name = unquote(ref)  # ma%20carte.png is the file 'ma carte.png', as the server reads the browser's request
        if figures.is_figure(name) and name.isprintable():
            body = read_body(root, source.body) if body is None else body
            files.append(Beside(source.where.path.parent / name, name, _named_at(source, ref, body)))
    return tuple(files)


def _named_at(source: Version, ref: str, body: str) -> Position:
    """Where the body refers to a file (so the build and `check` say the same line): the first line whose Markdown
    or HTML gives it as an address, entities read (`](fig.png`, `]: fig.png`, `src="fig.png"`, `src='fig.png'`,
    `src=fig.png`, href alike), as Python-Markdown reads it (not code showing it); else the first that names it; else
    the version's first line."""
    name = re.escape(ref)
    end = r"(?=[\s)>#?]|$)"
    written = re.compile(
        rf"\]\(\s*<?{name}{end}|\]:\s*<?{name}{end}"
        rf"|(?i:(?<![\w-])(?:src|href))\s*=\s*(?:\"{name}[\"#?]|'{name}['#?]|{name}(?=[\s>#?]|/?>|$))"
    )
    lines = [html_lib.unescape(text) for text in body.split("\n")]
    candidates = [n for n, text in enumerate(lines) if written.search(text)]
    if len(candidates) > 1:  # one may be code showing the reference: Markdown tells which it reads as an address
        candidates = _read_as_addresses(lines, candidates, written, ref) or candidates
    found = candidates[0] if candidates else next((n for n, text in enumerate(lines) if ref in text), None)
    return source.where if found is None else source.where.at(source.body_line + found)


def _read_as_addresses(lines: list[str], candidates: list[int], written: re.Pattern[str], ref: str) -> list[int]:
    """The candidate lines whose reference Python-Markdown reads into a tag (not code, not text): each tagged with its
    line number, the body read aside. Only for a figure referred to on more than one line, so rarely."""
    tagged = list(lines)
    for n in candidates:
        tagged[n] = written.sub(lambda m, n=n: m[0].replace(ref, f"diptych-line-{n}-{ref}"), lines[n])
    reading = markup.read("\n".join(tagged), aside=True)
    blocks = [*reading.blocks, *(child for note in reading.footnotes() for child in reading.chunk(note))]
    rendered = "".join(reading.raw(block) or reading.inline_html(block) for block in blocks)
    read = {int(n) for tag in markup.OPEN_TAG.findall(rendered) for n in re.findall(r"diptych-line-(\d+)-", tag)}
    return [n for n in candidates if n in read]
