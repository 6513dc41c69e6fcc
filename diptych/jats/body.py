"""The full text as JATS: `body`, its headings nested as `sec`, and its footnotes as `back/fn-group`."""

from __future__ import annotations

from lxml import etree

from .. import markup
from ..outline import Anchors
from .blocks import HEADINGS, Context, flat, flow, just_paras, nest
from .tree import parse, sub


def full_text(text: str) -> tuple[etree._Element, etree._Element | None]:
    """The whole text as `body`, and its footnotes as `back/fn-group` (None without footnotes)."""
    rendered, headings = markup.body(text, Anchors(), "")
    root = parse(rendered)
    ctx = Context(levels={anchor: level for level, _, anchor in headings})
    notes = [
        li
        for div in root.iter("div")
        if "footnote" in div.get("class", "").split()
        for ol in div
        if ol.tag == "ol"
        for li in ol
        if li.tag == "li"
    ]
    for n, li in enumerate(notes, 1):
        if li.get("id"):
            ctx.targets[li.get("id")] = (f"fn{n}", "fn")
    for n, heading in enumerate(h for h in root.iter(*HEADINGS) if h.get("id")):
        ctx.targets.setdefault(heading.get("id"), (f"sec{n + 1}", "sec"))
    body = etree.Element("body")
    nest(flow(root, ctx), body, ctx)
    if not notes:
        return body, None
    back = etree.Element("back")
    group = sub(back, "fn-group")
    for n, li in enumerate(notes, 1):
        fn = sub(group, "fn", attrs={"id": f"fn{n}"})
        sub(fn, "label", str(n))
        fn.extend(just_paras(flat(flow(li, ctx))) or [etree.Element("p")])
    return body, back
