"""The texts diptych renders: a title, an abstract, a body; and a body's notes given their backlink title in each language."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markupsafe import Markup

from ..outline import Anchors
from .converters import parser
from .reading import read
from .safe import INLINE_TAGS, sanitize


@lru_cache(maxsize=4096)
def inline(text: str) -> Markup:
    """One line of inline Markdown (a title, a heading): words and emphasis only, no link, no image; raw HTML shown as text."""
    rendered = parser("inline").convert(text.strip())
    return sanitize(rendered.removeprefix("<p>").removesuffix("</p>"), tags=INLINE_TAGS)  # no link: titles are often links


@lru_cache(maxsize=4096)  # an abstract shows on its page and, far off in page order, on its translation's
def block(text: str) -> Markup:
    """Markdown paragraphs without footnotes or heading ids: an abstract."""
    return sanitize(parser("block").convert(text))


def body(text: str, anchors: Anchors, backlink_title: str, shift: int = 0) -> tuple[Markup, list[tuple[int, Markup, str]]]:
    """A whole body: its HTML and its headings as (level, inline HTML, anchor), in order.

    `shift` lowers every heading by that many levels in the HTML (## -> h3 under the page's own h2);
    the levels returned stay those of the source.
    """
    reading = read(text, backlink_title)
    html, headings, _ = reading.render(reading.blocks, anchors, shift)
    return html, headings


# a note's backlink title rendered at load, each language's put in later: STX and ETX, which Python-Markdown
# removes from every source, so that no text of an author's can hold it
BACKLINK = "\x02diptych-backlink %d\x03"
BACKLINK_SET = re.compile("\x02diptych-backlink (\\d+)\x03")


def localize(fragment: Markup, backlink_title: str) -> Markup:
    """A text rendered with BACKLINK as its notes' backlink title, with `backlink_title` in its place (%d: the
    note's number), escaped as the sanitiser writes an attribute."""
    if "\x02diptych-backlink " not in fragment:
        return fragment
    return Markup(BACKLINK_SET.sub(lambda m: _attribute(backlink_title.replace("%d", m[1])), fragment))


@lru_cache(maxsize=1024)
def _attribute(value: str) -> str:
    """`value` as nh3 writes it in an attribute (as it would have in the page rendered with it)."""
    written = nh3.clean(f'<abbr title="{html.escape(value)}">x</abbr>', tags={"abbr"}, attributes={"abbr": {"title"}})
    return written[len('<abbr title="') : -len('">x</abbr>')]
