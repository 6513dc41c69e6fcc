"""Markdown to safe HTML: inline titles, abstracts, and bodies with footnotes, tables and heading ids."""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from .outline import Anchors

TAGS = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "reversed"},
    "li": {"id", "value"},
    "sup": {"id"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "bdo": {"dir"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}
CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
ALIGN = re.compile(r"^text-align: (left|right|center);$")
HEADING_TAG = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
TAG = re.compile(r"<[^>]+>")


FOOTNOTE_ID = re.compile(r"^fn(ref\d*)?:")
INLINE_TAGS = {"em", "strong", "i", "b", "code", "sub", "sup", "small", "span", "abbr", "q", "cite", "bdi"}


def sanitize(fragment: str, ids: frozenset[str] = frozenset(), tags: set[str] = TAGS) -> Markup:
    """Keep what scholarly text needs; drop anything that could run or load.

    Only the ids diptych gave (`ids`, and the footnotes') survive: raw HTML cannot take an id of the page's.
    """

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":  # only the text-align that Markdown tables write
            return value if ALIGN.match(value) else None
        if attribute == "id":
            return value if value in ids or FOOTNOTE_ID.match(value) else None
        if attribute == "cite":  # url_schemes does not cover it: only web addresses
            return value if re.match(r"^\s*https?://", value, re.I) else None
        return value

    return Markup(
        nh3.clean(
            fragment,
            tags=tags,
            attributes=ATTRIBUTES,
            allowed_classes=CLASSES,
            attribute_filter=keep,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
    )


def plain(fragment: str) -> str:
    """The text of an HTML fragment."""
    return html.unescape(TAG.sub("", fragment)).strip()


def _new_parser(kind: str, backlink_title: str) -> markdown.Markdown:
    """A Markdown converter for one kind of text: "inline", "block" or "body" (whose footnotes link back with that title)."""
    if kind == "inline":
        md = markdown.Markdown()
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        return md
    if kind == "block":
        return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"])
    return markdown.Markdown(
        extensions=["footnotes", "tables", "sane_lists", "fenced_code"],
        extension_configs={
            "footnotes": {"BACKLINK_TITLE": backlink_title, "USE_DEFINITION_ORDER": False},
            "tables": {"use_align_attribute": False},
        },
    )


_PARSERS = threading.local()  # a converter holds one document's state while it converts: one set per thread
PARSERS_KEPT = 32  # (kind, backlink title) pairs: a few per language


def _parser(kind: str, backlink_title: str = "") -> markdown.Markdown:
    """A converter for `kind`, built once and reset between documents, as Python-Markdown asks (building one costs
    more than converting a title)."""
    parsers: dict[tuple[str, str], markdown.Markdown] = _PARSERS.__dict__.setdefault("parsers", {})
    md = parsers.get((kind, backlink_title))
    if md is None:
        if len(parsers) >= PARSERS_KEPT:
            parsers.clear()
        md = parsers[kind, backlink_title] = _new_parser(kind, backlink_title)
    return md.reset()


@lru_cache(maxsize=4096)
def inline(text: str) -> Markup:
    """One line of inline Markdown (a title, a heading): words and emphasis only, no link, no image; raw HTML shown as text."""
    rendered = _parser("inline").convert(text.strip())
    return sanitize(rendered.removeprefix("<p>").removesuffix("</p>"), tags=INLINE_TAGS)  # no link: titles are often links


@lru_cache(maxsize=4096)  # an abstract shows on its page and, far off in page order, on its translation's
def block(text: str) -> Markup:
    """Markdown paragraphs without footnotes or heading ids: an abstract."""
    return sanitize(_parser("block").convert(text))


def body(text: str, anchors: Anchors, backlink_title: str, shift: int = 0) -> tuple[Markup, list[tuple[int, Markup, str]]]:
    """A body (or teaser): its HTML and its headings as (level, inline HTML, anchor), in order.

    `shift` lowers every heading by that many levels in the HTML (## -> h3 under the page's own h2);
    the levels returned stay those of the source.
    """
    md = _parser("body", backlink_title)
    headings: list[tuple[int, Markup, str]] = []

    def heading(match: re.Match[str]) -> str:
        level, inner = int(match[1]), match[2]
        anchor = anchors.add(plain(inner))
        headings.append((level, sanitize(inner, tags=INLINE_TAGS), anchor))  # no link inside an outline link
        tag = min(max(level + shift, 2), 6)  # the page's title is its only h1
        return f'<h{tag} id="{anchor}">{inner}</h{tag}>'

    rendered = HEADING_TAG.sub(heading, md.convert(text))
    return _unique_ids(sanitize(rendered, ids=frozenset(anchor for _, _, anchor in headings))), headings


ID_ATTRIBUTE = re.compile(r'(<(?:h[1-6]|li|sup)\b[^<>]*?) id="([^"]*)"')  # the only tags that may keep an id


def _unique_ids(fragment: Markup) -> Markup:
    """Drop an id already given earlier in the fragment (raw HTML copying a heading's or a note's)."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        if match[2] in seen:
            return match[1]
        seen.add(match[2])
        return match[0]

    return Markup(ID_ATTRIBUTE.sub(once, fragment))
