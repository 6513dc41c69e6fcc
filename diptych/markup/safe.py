"""What HTML survives: nh3's sanitising, with the tags and attributes scholarly text needs, and the text of a fragment."""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup

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
TAG = re.compile(r"<[^>]+>")
OPEN_TAG = re.compile(r"<[a-zA-Z][^>]*>")  # a tag in rendered HTML; code showing one has its '<' escaped


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
        _with_alt(
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
    )


IMG_TAG = re.compile(r'<img((?:\s[^\s="<>/]+(?:="[^"]*")?)*)>')  # as nh3 writes a tag: values in "", " written &quot;
ATTRIBUTE_NAME = re.compile(r'\s([^\s="<>/]+)(?:="[^"]*")?')


def _with_alt(fragment: str) -> str:
    """Every image with an `alt`, which HTML requires: one the author gave none gets alt="", an image the text
    around it speaks for, rather than one a screen reader announces by its file name. An image the sanitiser left
    without a `src` (a javascript: or data: address, removed) shows nothing and is invalid HTML: it goes."""

    def add(match: re.Match[str]) -> str:
        names = ATTRIBUTE_NAME.findall(match[1])
        if "src" not in names:
            return ""
        if "alt" in names:
            return match[0]
        return f'<img{match[1]} alt="">'

    return IMG_TAG.sub(add, fragment) if "<img" in fragment else fragment


def plain(fragment: str) -> str:
    """The text of an HTML fragment."""
    return html.unescape(TAG.sub("", fragment)).strip()


ID_ATTRIBUTE = re.compile(r'(<(?:h[1-6]|li|sup)\b[^<>]*?) id="([^"]*)"')  # the only tags that may keep an id


def unique_ids(fragment: Markup) -> Markup:
    """Drop an id already given earlier in the fragment (raw HTML copying a heading's or a note's)."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        if match[2] in seen:
            return match[1]
        seen.add(match[2])
        return match[0]

    return Markup(ID_ATTRIBUTE.sub(once, fragment))
