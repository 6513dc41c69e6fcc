"""HTML blocks as JATS blocks: paragraphs, lists, quotations, tables (JATS's XHTML model), figures, headings as `sec`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from .inline import inline, inline_node
from .tree import HREF, add_text, clean, strip_end, sub

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = frozenset(
    {*HEADINGS, "p", "ul", "ol", "blockquote", "table", "pre", "figure", "dl", "hr", "div", "li", "dt", "dd"}
    | {"figcaption", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col"}
)


@dataclass(frozen=True, slots=True)
class _Heading:
    """A heading met in the flow, to open a `sec` (or, where none can open, to become a bold paragraph)."""

    level: int
    node: lxml_html.HtmlElement


@dataclass(slots=True)
class Context:
    """What a text's blocks refer to: its headings' levels and its links' targets."""

    levels: dict[str, int] = field(default_factory=dict)  # a heading's anchor -> its level in the Markdown
    targets: dict[str, tuple[str, str]] = field(default_factory=dict)  # an HTML id -> (JATS id, xref ref-type)


def nest(items: list, container: etree._Element, ctx: Context, *, paras_first: bool = False) -> None:
    """Blocks into `container`, each heading opening a `sec` nested by level (a ### in the ## before it).

    `paras_first`: the container takes only `p` before its sections (an abstract), so other blocks go in a `p`.
    """
    stack: list[tuple[int, etree._Element]] = [(0, container)]
    for item in items:
        if isinstance(item, _Heading):
            while stack[-1][0] >= item.level:
                stack.pop()
            anchor = item.node.get("id")
            target = ctx.targets.get(anchor) if anchor else None
            sec = sub(stack[-1][1], "sec", attrs={"id": target[0]} if target and target[1] == "sec" else None)
            inline(sub(sec, "title"), item.node, ctx.targets)
            stack.append((item.level, sec))
        elif paras_first and stack[-1][1] is container:
            container.extend(just_paras([item]))
        else:
            stack[-1][1].append(item)


def flow(container: lxml_html.HtmlElement, ctx: Context) -> list:
    """The blocks inside an HTML element, as JATS blocks and headings; loose text and inline tags make a `p`."""
    out: list = []
    run: etree._Element | None = None

    def paragraph() -> etree._Element:
        nonlocal run
        if run is None:
            run = etree.Element("p")
            out.append(run)
        return run

    if container.text and container.text.strip():
        add_text(paragraph(), container.text.lstrip())
    for node in container:
        if isinstance(node.tag, str) and node.tag in BLOCKS:
            run = None
            out.extend(_block(node, ctx))
        elif isinstance(node.tag, str):
            inline_node(paragraph(), node, ctx.targets)
        if node.tail and (node.tail.strip() or run is not None):
            tail = node.tail if run is not None else node.tail.lstrip()
            add_text(paragraph(), tail)
    for p in out:
        if isinstance(p, etree._Element) and p.tag == "p":
            strip_end(p)
    return [p for p in out if not (isinstance(p, etree._Element) and p.tag == "p" and not len(p) and not p.text)]


def _block(node: lxml_html.HtmlElement, ctx: Context) -> list:
    tag = node.tag
    if tag in HEADINGS:
        return [_Heading(ctx.levels.get(node.get("id", ""), int(tag[1])), node)]
    if tag == "p":
        image = _lone_image(node)
        if image is not None:
            return _figure([image], None, ctx)
        p = etree.Element("p")
        inline(p, node, ctx.targets)
        strip_end(p)
        return [p]
    if tag in ("ul", "ol"):
        return _list(node, ctx)
    if tag == "blockquote":
        quote = etree.Element("disp-quote")
        quote.extend(flat(flow(node, ctx)))
        return [quote]
    if tag == "table":
        return _table(node, ctx)
    if tag == "pre":
        pre = etree.Element("preformat", {"preformat-type": "code"})
        pre.text = clean(node.text_content())
        return [pre]
    if tag == "figure":
        images = list(node.iter("img"))
        caption = next(node.iter("figcaption"), None)
        return _figure(images, caption, ctx) if images else flow(node, ctx)
    if tag == "dl":
        return _definitions(node, ctx)
    if tag == "hr" or (tag == "div" and "footnote" in node.get("class", "").split()):
        return []  # a rule means nothing in JATS; the footnotes go to back/fn-group
    return flow(node, ctx)  # div and stray parts of lists and tables: their content


def _lone_image(p: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The image a paragraph holds alone (a Markdown figure), if it does."""
    children = [c for c in p if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag == "img" and not (p.text or "").strip() and not (children[0].tail or "").strip():
        return children[0]
    return None


def _figure(images: list, caption: lxml_html.HtmlElement | None, ctx: Context) -> list:
    """A `fig`: its caption (the figcaption, else the image's alt text as title) and a `graphic` per image."""
    fig = etree.Element("fig")
    alt = (images[0].get("alt") or "").strip()
    if caption is not None:
        paragraph = sub(sub(fig, "caption"), "p")
        inline(paragraph, caption, ctx.targets)
        strip_end(paragraph)
    elif alt:
        sub(sub(fig, "caption"), "title", alt)
    for image in images:
        if image.get("src"):
            graphic = sub(fig, "graphic", attrs={HREF: image.get("src")})
            if (image.get("alt") or "").strip():
                sub(graphic, "alt-text", image.get("alt").strip())
    return [fig] if len(fig) else []


def _list(node: lxml_html.HtmlElement, ctx: Context) -> list:
    element = etree.Element("list", {"list-type": "order" if node.tag == "ol" else "bullet"})
    for child in node:
        if isinstance(child.tag, str):
            item = sub(element, "list-item")
            item.extend(just_paras(flat(flow(child, ctx)), keep=("p", "list")) or [etree.Element("p")])
    return [element] if len(element) else []


def _definitions(node: lxml_html.HtmlElement, ctx: Context) -> list:
    element = etree.Element("def-list")
    item = None
    for child in node:
        if child.tag == "dt" or (child.tag == "dd" and item is None):
            item = sub(element, "def-item")
            term = sub(item, "term")
            if child.tag == "dt":
                inline(term, child, ctx.targets)
                continue
        if child.tag == "dd" and item is not None:
            sub(item, "def").extend(just_paras(flat(flow(child, ctx))) or [etree.Element("p")])
    return [element] if len(element) else []


def _table(node: lxml_html.HtmlElement, ctx: Context) -> list:
    """A `table-wrap` around JATS's XHTML table: thead, tfoot then tbody (JATS's order), cells' text and spans."""
    wrap = etree.Element("table-wrap")
    caption = next((c for c in node if c.tag == "caption"), None)
    if caption is not None:
        inline(sub(sub(wrap, "caption"), "title"), caption, ctx.targets)
    table = sub(wrap, "table")
    parts = {"thead": [], "tfoot": [], "tbody": []}
    loose = []
    for child in node:
        if child.tag in parts:
            parts[child.tag].append(child)
        elif child.tag == "tr":
            loose.append(child)
    for tag in ("thead", "tfoot"):
        for part in parts[tag]:
            _rows(table, tag, [r for r in part if r.tag == "tr"], ctx)
    for part in parts["tbody"]:
        _rows(table, "tbody", [r for r in part if r.tag == "tr"], ctx)
    _rows(table, "tbody", loose, ctx)
    if table.find("tbody") is None:  # JATS wants body rows; a table without any keeps its text
        return flow(node, ctx)
    return [wrap]


def _rows(table: etree._Element, tag: str, rows: list, ctx: Context) -> None:
    cells = [[c for c in row if c.tag in ("th", "td")] for row in rows]
    cells = [row for row in cells if row]
    if not cells:
        return
    part = sub(table, tag)
    for row in cells:
        tr = sub(part, "tr")
        for cell in row:
            attrs = {name: cell.get(name) for name in ("colspan", "rowspan") if (cell.get(name) or "").isdigit()}
            if cell.get("scope") in ("col", "colgroup", "row", "rowgroup"):
                attrs["scope"] = cell.get("scope")
            align = re.match(r"^text-align: (left|right|center);$", cell.get("style") or "")
            if align:
                attrs["align"] = align[1]
            element = sub(tr, cell.tag, attrs=attrs)
            inline(element, cell, ctx.targets)
            strip_end(element)


def flat(items: list) -> list[etree._Element]:
    """Blocks where sections cannot open (a quotation, a list item, a note): a heading becomes a bold paragraph."""
    out = []
    for item in items:
        if isinstance(item, _Heading):
            p = etree.Element("p")
            inline(sub(p, "bold"), item.node)
            out.append(p)
        else:
            out.append(item)
    return out


def just_paras(items: list[etree._Element], keep: tuple[str, ...] = ("p",)) -> list[etree._Element]:
    """Blocks where only paragraphs may stand (a note, an abstract's opening): any other block inside a `p`."""
    out = []
    for item in items:
        if item.tag in keep:
            out.append(item)
        else:
            p = etree.Element("p")
            p.append(item)
            out.append(p)
    return out
