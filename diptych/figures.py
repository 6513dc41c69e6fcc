"""Figures beside an article: which references are local figure files, and the size each one will show at.

A page's `<img>` carries its figure's `width` and `height`, so the browser reserves its place before the image
arrives and nothing below it moves (no layout shift). The sizes are read from the files' headers when the
content loads (load/beside.py, with imagesize: no image is decoded); the theme's `img { max-width: 100%; height: auto }` keeps them
from stretching a figure on a small screen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote

FIGURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})  # what the public text may publish beside a page
REFERENCE = re.compile(r'(?:src|href)="([^"#?]+)"')
IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\ssrc="([^"]+)"')


def is_url(ref: str) -> bool:
    """An address (with a scheme, or from the site's root), as opposed to a path beside the article."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", ref))


def plain_path(ref: str) -> bool:
    """A file under the article's folder: no '..', not a folder, with an extension."""
    parts = ref.split("/")
    return ".." not in parts and "" not in parts and "." in parts[-1]


def is_figure(ref: str) -> bool:
    return not is_url(ref) and plain_path(ref) and PurePosixPath(ref).suffix.lower() in FIGURES


def sized(fragment: str, known: Mapping[str, tuple[int, int]]) -> str:
    """An HTML fragment whose local figures carry their width and height (those that do not already)."""

    def add(match: re.Match[str]) -> str:
        tag = match[0]
        src = SRC.search(tag)
        if src is None or " width=" in tag or " height=" in tag:
            return tag
        size = known.get(unquote(html.unescape(src[1])))  # the file a server reads: ma%20carte.png is "ma carte.png"
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return IMG.sub(add, fragment) if known else fragment
