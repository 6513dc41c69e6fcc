"""Text read from JATS elements, and text made safe as Markdown: the small functions every part uses."""

from __future__ import annotations

import re

from lxml import etree

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPACE = re.compile(r"\s+")
ESCAPE = re.compile(r"([\\`*_\[\]<])")
LINE_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")


def whole_number(text: str | None) -> int | None:
    """A whole number written in ASCII digits ('12'), else None: '²' and '１２' are digits to str.isdigit()."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def local_name(element: etree._Element) -> str:
    """An element's name without its namespace; '' for a comment or processing instruction."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def text_of(element: etree._Element | None) -> str:
    """An element's text, its whitespace made single spaces ('' for no element)."""
    return SPACE.sub(" ", element.xpath("string()")).strip() if element is not None else ""


def plain(element: etree._Element | None) -> str:
    """An element's text as plain text, its markup dropped."""
    return text_of(element)


def escape(text: str) -> str:
    """Text safe in Markdown: emphasis, code, link and HTML characters escaped, whitespace made single spaces."""
    return ESCAPE.sub(r"\\\1", SPACE.sub(" ", text))


def link_href(href: str) -> str:
    """An address as a Markdown link's destination: spaces and parentheses percent-encoded."""
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def code_span(text: str) -> str:
    """Text as a Markdown code span, with a longer fence when it holds a backtick."""
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def wrap(mark: str, inner: str) -> str:
    """Emphasis around inner text, its spaces moved outside (Markdown ignores `* word*`)."""
    if not inner.strip():
        return inner
    lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", inner, re.S).groups()
    return f"{lead}{mark}{core}{mark}{trail}"


def strip_emphasis(text: str) -> str:
    """Text without its bold marks, to be set in bold as a whole."""
    return text.replace("**", "")


def one_line(text: str) -> str:
    """Text on one line, its whitespace made single spaces."""
    return SPACE.sub(" ", text).strip()


def paragraph(text: str) -> str:
    """Inline Markdown as a paragraph: one line, a block marker at its start escaped."""
    text = SPACE.sub(" ", text).strip()
    text = text.replace("<br> ", "<br>\n").replace("<br>", "  \n") if "<br>" in text else text
    start = LINE_START.match(text)
    if start and text[0].isdigit():  # "1999. A year" is not a list: the dot escaped
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return ("\\" + text) if start else text


def html_text(markdown: str) -> str:
    """A Markdown block as the text of an HTML cell: emphasis kept as tags, the rest as written."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", markdown)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return text.replace("\n", " ")
