"""Block JATS (sections, paragraphs, lists, quotes, tables, figures, references, footnotes) as Markdown blocks."""

from __future__ import annotations

import re

from lxml import etree

from .inline import InlineConverter, person
from .text import (
    SPACE,
    XLINK_HREF,
    escape,
    html_text,
    link_href,
    local_name,
    paragraph,
    plain,
    strip_emphasis,
    text_of,
    whole_number,
)


class Converter(InlineConverter):
    """One file's conversion: its inline content and its blocks."""

    def blocks(self, container: etree._Element, depth: int) -> list[str]:
        """The Markdown blocks of an element with block content (body, sec, list-item, disp-quote, fn...)."""
        out: list[str] = []
        run: list[str] = []  # loose inline content, as in a `p` that holds a list

        def flush() -> None:
            text = paragraph("".join(run))
            if text:
                out.append(text)
            run.clear()

        if (container.text or "").strip():
            run.append(escape(container.text))
        for child in container:
            inline = True
            if isinstance(child.tag, str):
                converted = self.block(child, depth)
                if converted is None:
                    run.append(self.inline_node(child))
                else:
                    inline = False
                    flush()
                    out.extend(converted)
            if (child.tail or "").strip() or (inline and child.tail and run):
                run.append(escape(child.tail))
        flush()
        return out

    def block(self, node: etree._Element, depth: int) -> list[str] | None:
        """A block element as Markdown blocks; None for an inline element."""
        tag = local_name(node)
        if tag == "p":
            return self.blocks(node, depth)
        if tag in ("sec", "ack", "app", "notes", "glossary", "bio"):
            return self.section(node, depth)
        if tag in ("title", "label") and node.getparent() is not None and local_name(node.getparent()) in ("sec", "ack", "app"):
            return []  # read by `section`
        if tag == "list":
            return [self.listing(node, depth)]
        if tag == "disp-quote":
            inner = self.blocks(node, depth)
            return ["\n".join(f"> {line}" if line else ">" for line in "\n\n".join(inner).split("\n"))] if inner else []
        if tag == "attrib":
            return [f"— {self.inline(node)}"]
        if tag in ("preformat", "code"):
            text = node.xpath("string()").strip("\n")
            fence = "~~~" if "```" in text else "```"
            return [f"{fence}\n{text}\n{fence}"]
        if tag == "table-wrap":
            return self.table_wrap(node)
        if tag == "fig":
            return self.figure(node)
        if tag == "fig-group":
            return self.blocks(node, depth)
        if tag == "ref-list":
            return self.references(node, depth)
        if tag == "fn-group":
            return []  # read beforehand: the notes become Markdown footnotes
        if tag == "def-list":
            self.not_converted(node)
            items = []
            for item in node.iter("def-item"):
                term, definition = item.find("term"), item.find("def")
                term_md = self.inline(term) if term is not None else ""
                def_md = " ".join(self.blocks(definition, depth)) if definition is not None else ""
                items.append(paragraph(f"**{term_md.strip()}** — {def_md}" if term_md.strip() else def_md))
            return items
        if tag in ("boxed-text", "disp-formula", "statement", "verse-group", "speech", "supplementary-material", "media"):
            self.not_converted(node)
            return self.blocks(node, depth)
        if tag in ("graphic",):
            href = node.get(XLINK_HREF)
            return [f"![]({link_href(href)})"] if href else []
        if tag in ("alternatives", "table-wrap-group"):
            return self.blocks(node, depth)
        if tag in ("caption", "table-wrap-foot", "sig-block", "address"):
            self.not_converted(node)
            return self.blocks(node, depth)
        return None

    def section(self, node: etree._Element, depth: int) -> list[str]:
        title = node.find("title")
        label = node.find("label")
        heading = " ".join(
            part
            for part in (
                self.inline(label).strip() if label is not None else "",
                self.inline(title).strip() if title is not None else "",
            )
            if part
        )
        out = []
        if heading:
            out.append(f"{'#' * min(depth + 1, 6)} {SPACE.sub(' ', heading)}")
            if depth + 1 > 6:
                self.warn(node, f"<{local_name(node)}> nested deeper than six levels: its heading made a level 6 heading")
        elif local_name(node) in ("ack", "notes", "glossary", "bio", "app"):
            default = {"ack": "Acknowledgements", "notes": "Notes", "glossary": "Glossary", "bio": "About the author"}
            out.append(f"{'#' * min(depth + 1, 6)} {default.get(local_name(node), 'Appendix')}")
        return out + self.blocks(node, depth + 1 if heading or local_name(node) != "sec" else depth)

    def listing(self, node: etree._Element, depth: int) -> str:
        kind = node.get("list-type") or "bullet"
        ordered = kind in ("order", "alpha-lower", "alpha-upper", "roman-lower", "roman-upper")
        if kind not in ("order", "bullet", "simple"):
            self.warn(node, f"list-type {kind!r} made a numbered list")
        items = []
        for n, item in enumerate((c for c in node if isinstance(c.tag, str) and local_name(c) == "list-item"), 1):
            parts = [b for b in self.blocks(item, depth) if b]
            label = item.find("label")
            if label is not None and kind == "simple":
                parts[:1] = [f"{self.inline(label).strip()} {parts[0] if parts else ''}".strip()]
            marker = f"{n}. " if ordered else "- "
            text = "\n\n".join(parts) or ""
            lines = text.split("\n")
            items.append(marker + "\n".join([lines[0], *(("    " + line) if line else "" for line in lines[1:])]))
        for child in node:
            if isinstance(child.tag, str) and local_name(child) not in ("list-item", "label", "title"):
                self.not_converted(child)
        separator = "\n\n" if items and any("\n\n" in i for i in items) else "\n"
        return separator.join(items)

    def table_wrap(self, node: etree._Element) -> list[str]:
        out = []
        label, caption = node.find("label"), node.find("caption")
        head = self.caption(label, caption)
        tables = [t for t in node.iter("table")]
        if not tables:
            self.not_converted(node)
            return head + self.blocks(node, 1)
        out.extend(head)
        for table in tables:
            out.append(self.table(table))
        for foot in node.findall("table-wrap-foot"):
            self.warn(foot, "<table-wrap-foot> made paragraphs after the table")
            out.extend(self.blocks(foot, 1))
        return out

    def caption(self, label: etree._Element | None, caption: etree._Element | None, *, skip_title: bool = False) -> list[str]:
        """A label and caption as paragraphs: `**Table 1. Title**`, then the caption's paragraphs."""
        lead = []
        if label is not None and self.inline(label).strip():
            lead.append(self.inline(label).strip())
        title = caption.find("title") if caption is not None else None
        if title is not None and not skip_title and self.inline(title).strip():
            lead.append(self.inline(title).strip())
        if len(lead) == 2 and lead[0][-1:].isalnum():
            lead[0] += "."
        out = [f"**{strip_emphasis(' '.join(lead))}**"] if lead else []
        if caption is not None:
            out.extend(b for child in caption if local_name(child) == "p" for b in self.blocks(child, 1))
        return out

    def table(self, table: etree._Element) -> str:
        rows = []  # (is_header, [cells])
        for part in ("thead", "tbody", "tfoot"):
            for tr in table.iter("tr"):
                parent = local_name(tr.getparent())
                if (parent == part) or (part == "tbody" and parent == "table"):
                    rows.append((part == "thead", [c for c in tr if local_name(c) in ("th", "td")]))
        cells = [c for _, row in rows for c in row]
        spans = any((whole_number(c.get(a)) or 1) > 1 for c in cells for a in ("colspan", "rowspan"))
        blocky = any(local_name(d) in ("p", "list", "table", "disp-quote", "fig") for c in cells for d in c.iter())
        headers = [row for is_head, row in rows if is_head]
        width = {len(row) for _, row in rows}
        simple = not spans and not blocky and len(headers) == 1 and rows[0][0] and len(width) == 1
        if not simple:
            if spans or blocky:
                self.warn(table, "<table> with merged cells or blocks in cells kept as an HTML table")
            return self.html_table(rows)
        align = []
        for column in range(len(rows[0][1])):
            value = next((row[column].get("align") for _, row in rows if row[column].get("align")), None)
            align.append({"left": ":---", "right": "---:", "center": ":---:"}.get(value or "", "---"))
        lines = ["| " + " | ".join(self.cell(c) for c in rows[0][1]) + " |", "| " + " | ".join(align) + " |"]
        for _, row in rows[1:]:
            lines.append("| " + " | ".join(self.cell(c) for c in row) + " |")
        return "\n".join(lines)

    def cell(self, cell: etree._Element) -> str:
        return SPACE.sub(" ", self.inline(cell)).strip().replace("|", "\\|")

    def html_table(self, rows: list[tuple[bool, list[etree._Element]]]) -> str:
        lines = ["<table>"]
        part = None
        for is_head, row in rows:
            if ("thead" if is_head else "tbody") != part:
                lines.append(f"</{part}>") if part else None
                part = "thead" if is_head else "tbody"
                lines.append(f"<{part}>")
            tds = []
            for cell in row:
                attrs = "".join(f' {a}="{cell.get(a)}"' for a in ("colspan", "rowspan") if whole_number(cell.get(a)) is not None)
                text = " ".join(html_text(b) for b in (self.blocks(cell, 1) or [""]))
                tds.append(f"<{local_name(cell)}{attrs}>{text}</{local_name(cell)}>")
            lines.append("<tr>" + "".join(tds) + "</tr>")
        lines.extend([f"</{part}>", "</table>"] if part else ["</table>"])
        return "\n".join(lines)

    def figure(self, node: etree._Element) -> list[str]:
        label, caption = node.find("label"), node.find("caption")
        graphics = [g for g in node.iter("graphic") if g.get(XLINK_HREF)]
        title = caption.find("title") if caption is not None else None
        title_text = plain(title) if title is not None else ""
        out = []
        for graphic in graphics:
            alt = graphic.find("alt-text")
            alt_text = text_of(alt) if alt is not None else title_text or (plain(label) if label is not None else "")
            out.append(f"![{escape(SPACE.sub(' ', alt_text).strip())}]({link_href(graphic.get(XLINK_HREF))})")
            if not re.match(r"^[a-z][a-z0-9+.-]*:", graphic.get(XLINK_HREF), re.I):
                self.figures.append((graphic, graphic.get(XLINK_HREF)))
        if not graphics:
            self.warn(node, "<fig> without a graphic: its caption kept as text")
        only_alt = graphics and label is None and caption is not None and len(caption) == 1 and title is not None
        if only_alt and all(text_of(g.find("alt-text")) in ("", title_text) for g in graphics if g.find("alt-text") is not None):
            return out  # diptych's own export: the caption is the image's alt text
        return out + self.caption(label, caption)

    def references(self, node: etree._Element, depth: int) -> list[str]:
        title = node.find("title")
        out = [f"{'#' * min(depth + 1, 6)} {self.inline(title).strip() if title is not None else 'References'}"]
        for child in node:
            if not isinstance(child.tag, str) or local_name(child) in ("title", "label"):
                continue
            if local_name(child) == "ref-list":
                out.extend(self.references(child, depth + 1))
            elif local_name(child) == "ref":
                out.append(self.reference(child))
            elif local_name(child) == "p":
                out.extend(self.blocks(child, depth))
            else:
                self.not_converted(child)
                out.append(paragraph(self.inline(child)))
        return out

    def reference(self, ref: etree._Element) -> str:
        label = ref.find("label")
        lead = f"{plain(label)} " if label is not None else ""
        parts = []
        for citation in ref:
            name = local_name(citation) if isinstance(citation.tag, str) else ""
            if name in ("mixed-citation", "citation"):
                parts.append(self.inline(citation, refs=True))
            elif name == "element-citation" and ref.find("mixed-citation") is not None:
                continue  # SciELO gives both: the mixed one is the reference as printed
            elif name == "element-citation":
                self.warn(citation, "<element-citation> made plain text: check its punctuation")
                parts.append(", ".join(_ref_part(c) for c in citation if isinstance(c.tag, str) and plain(c)))
            elif name and name != "label":
                self.not_converted(citation)
                parts.append(self.inline(citation, refs=True))
        return paragraph(escape(lead) + " ".join(p.strip() for p in parts))

    def footnotes(self) -> list[str]:
        """The definitions of the footnotes called in the text, in call order."""
        out = []
        done = 0
        while done < len(self.notes):  # a note may call another: it joins the end of the list
            fn_id, n = list(self.notes.items())[done]
            done += 1
            element = self.note_elements[fn_id]
            body = [
                b
                for child in element
                if local_name(child) != "label"
                for b in (self.block(child, 1) or [self.inline_node(child)])
                if b
            ]
            if (element.text or "").strip():
                body.insert(0, paragraph(escape(element.text)))
            text = "\n\n".join(body) or "…"
            lines = text.split("\n")
            out.append(f"[^{n}]: " + "\n".join([lines[0], *(("    " + line) if line else "" for line in lines[1:])]))
        return out


def _ref_part(element: etree._Element) -> str:
    if local_name(element) == "person-group":
        return "; ".join(person(n) for n in element if local_name(n) in ("name", "string-name")) or escape(plain(element))
    return escape(plain(element))
