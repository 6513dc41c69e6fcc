"""Inline JATS as one line of Markdown (emphasis, links, footnote calls, names in references), and where warnings go."""

from __future__ import annotations

from pathlib import PurePosixPath

from lxml import etree

from ..errors import ContentError, Position, warning
from .text import XLINK_HREF, code_span, escape, link_href, local_name, plain, text_of, wrap

INLINE_MD = {"italic": "*", "bold": "**"}
INLINE_HTML = {"sup": "sup", "sub": "sub"}
TRANSPARENT = {"named-content", "styled-content"}  # in references, the citation's parts: their text is the citation


class InlineConverter:
    """The state of one file's conversion: where warnings go, and the footnotes met so far; its inline content."""

    def __init__(self, source: str) -> None:
        self.source = PurePosixPath(source)
        self.warnings: list[ContentError] = []
        self.errors: list[ContentError] = []
        self.notes: dict[str, int] = {}  # fn id -> its number in the Markdown
        self.note_elements: dict[str, etree._Element] = {}
        self.cited: set[str] = set()
        self.figures: list[tuple[etree._Element, str]] = []  # graphics the body names by a relative path

    def at(self, element: etree._Element | None) -> Position:
        return Position(self.source, element.sourceline if element is not None else None)

    def warn(self, element: etree._Element | None, message: str) -> None:
        self.warnings.append(warning(self.at(element), message))

    def error(self, element: etree._Element | None, message: str) -> None:
        self.errors.append(ContentError(self.at(element), message))

    def not_converted(self, element: etree._Element) -> None:
        self.warn(element, f"<{local_name(element)}> not converted, its text kept")

    def inline(self, element: etree._Element, *, title: bool = False, refs: bool = False) -> str:
        """The content of an element as one line of inline Markdown; `title`: emphasis only (a diptych title)."""
        out = [escape(element.text or "")]
        for child in element:
            out.append(self.inline_node(child, title=title, refs=refs))
            out.append(escape(child.tail or ""))
        return "".join(out)

    def inline_node(self, node: etree._Element, *, title: bool = False, refs: bool = False) -> str:
        if not isinstance(node.tag, str):
            return ""
        tag = local_name(node)
        inner = lambda: self.inline(node, title=title, refs=refs)  # noqa: E731
        if tag in INLINE_MD:
            return wrap(INLINE_MD[tag], inner())
        if tag == "monospace" and not title:
            return code_span(text_of(node))
        if tag == "sup" and self._lone_note_call(node) is not None:
            return self.inline_node(self._lone_note_call(node), title=title, refs=refs)
        if tag in INLINE_HTML and not title:
            return f"<{tag}>{inner()}</{tag}>" if inner().strip() else ""
        if tag in ("ext-link", "uri") and not title:
            href = node.get(XLINK_HREF) or text_of(node)
            text = inner().strip()
            return f"[{text}]({link_href(href)})" if text and text != escape(href) else f"<{href}>"
        if tag == "email" and not title:
            return f"<{text_of(node)}>"
        if tag == "xref":
            return self.xref(node, title=title, refs=refs)
        if tag == "fn" and not title:
            return self.note_call(node.get("id") or f"inline{id(node)}", node)
        if tag == "inline-graphic" and not title and node.get(XLINK_HREF):
            alt = node.find("alt-text")
            return f"![{escape(text_of(alt)) if alt is not None else ''}]({link_href(node.get(XLINK_HREF))})"
        if tag == "break":
            return " " if title else "<br>"
        if refs and tag in ("name", "string-name"):
            return person(node)
        if refs or tag in TRANSPARENT:
            return inner()
        self.not_converted(node)
        return self.inline(node, title=title, refs=True)  # warned once, for the outermost element only

    def _lone_note_call(self, sup: etree._Element) -> etree._Element | None:
        """The footnote call a `sup` holds alone (`<sup><xref ref-type="fn"/></sup>`), if it does."""
        children = [c for c in sup if isinstance(c.tag, str)]
        lone = len(children) == 1 and not (sup.text or "").strip() and not (children[0].tail or "").strip()
        if lone and local_name(children[0]) == "xref" and children[0].get("ref-type") == "fn":
            return children[0]
        return None

    def xref(self, node: etree._Element, *, title: bool, refs: bool) -> str:
        kind = node.get("ref-type")
        rid = (node.get("rid") or "").split()
        if kind == "fn" and not title and rid and rid[0] in self.note_elements:
            return self.note_call(rid[0], self.note_elements[rid[0]])
        if kind == "fn" and not title:
            self.warn(node, f"footnote call to {node.get('rid')!r}, which has no note: its text kept")
        return self.inline(node, title=title, refs=refs)  # a citation, a figure or table number: its text

    def note_call(self, fn_id: str, element: etree._Element) -> str:
        if fn_id not in self.notes:
            self.notes[fn_id] = len(self.notes) + 1
            self.note_elements[fn_id] = element
        self.cited.add(fn_id)
        return f"[^{self.notes[fn_id]}]"


def person(name: etree._Element) -> str:
    """A name in a reference: "Surname Given" as references print it, or its text."""
    surname, given = plain(name.find("surname")), plain(name.find("given-names"))
    return escape(f"{surname} {given}".strip()) if surname else escape(plain(name))
