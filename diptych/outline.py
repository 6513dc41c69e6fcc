"""Headings -> a nested outline with stable, readable, unique anchors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

# ids the default theme gives to parts of an article page: a heading never takes one of them
THEME_IDS = frozenset(
    {
        "main",
        "top",
        "content",
        "header",
        "footer",
        "article",
        "abstract",
        "abstracts",
        "teaser",
        "body",
        "notice",
        "outline",
        "keywords",
        "citation",
        "footnotes",
        "languages",
        "search",
        "navigation",
    }
)


def page_ids(languages: Iterable[str]) -> frozenset[str]:
    """The ids of an article page around its text: a heading of the text takes none of them."""
    return THEME_IDS | {f"abstract-{lang}" for lang in languages}


def slugify(text: str) -> str:
    """A readable URL segment: accents folded (é -> e), other scripts kept, words joined by '-'."""
    folded = "".join(_fold(c) for c in unicodedata.normalize("NFKC", text)).lower()
    return re.sub(r"[\W_]+", "-", folded).strip("-")


def _fold(char: str) -> str:
    """A Latin letter without its accent (é -> e, œ stays); other scripts' letters unchanged (й stays й)."""
    base = unicodedata.normalize("NFKD", char)
    return base[0] if base[0].isascii() and base[0].isalnum() else char


class Anchors:
    """Unique ids on one page, in document order: 'methode', then 'methode-2'."""

    def __init__(self, taken: Iterable[str] = THEME_IDS) -> None:
        self._taken = set(taken)

    def add(self, text: str) -> str:
        base = slugify(text) or "section"
        anchor, n = base, 1
        while anchor in self._taken:
            n += 1
            anchor = f"{base}-{n}"
        self._taken.add(anchor)
        return anchor


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One heading of the outline: linked when its section is on the page."""

    title: Markup  # inline HTML
    anchor: str | None  # None for a withheld heading: shown, not linked
    children: tuple[OutlineEntry, ...] = ()


def nest(flat: Iterable[tuple[int, Markup, str | None]]) -> tuple[OutlineEntry, ...]:
    """Nest (level, title, anchor) headings by level: a ### goes under the ## before it."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for level, title, anchor in flat:
        while stack[-1][0] >= level:
            stack.pop()
        children: list = []
        stack[-1][1].append((title, anchor, children))
        stack.append((level, children))

    def freeze(items: list) -> tuple[OutlineEntry, ...]:
        return tuple(OutlineEntry(title, anchor, freeze(children)) for title, anchor, children in items)

    return freeze(root)
