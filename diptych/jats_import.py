"""JATS articles (as OJS, Érudit, SciELO or PubMed Central export them) turned into diptych content.

`import_article` is pure: XML bytes in, the text of each file out (one Markdown file per language version, and the
issue's YAML when volume or number are known), with warnings and errors as `ContentError`s at the XML line. Nothing
is dropped silently: an element this module does not convert keeps its text and gets a warning naming its line.

The article's own language (`article/@xml:lang`) gets the front matter's shared fields and the body; every other
language met in `trans-title-group`, `trans-abstract`, `abstract[@xml:lang]`, `kwd-group[@xml:lang]` or a
`sub-article[@article-type="translation"]` (SciELO) becomes a version of its own: title, subtitle, abstract,
keywords, and the sub-article's body when it has one.

Decisions (see `write` and the README's "Migrating from OJS"):

- `access` is written only when the JATS says the article is free to read (`ali:free_to_read`, or a licence with
  `license-type="open-access"`): then `access: free`; otherwise it is left out, so site.yaml's default applies.
- `license` is the licence's URL (`xlink:href`, else `ali:license_ref`), or the licence's own one-word name when it
  names that URL (diptych's export writes `CC-BY-4.0` linked to its deed); a licence without URL keeps its text.
- The key is the DOI's suffix, else the publisher's article-id, else the file name, slugified. `slug` is left out
  (the key), `self-uri` is ignored, and a paywall marker cannot come back: JATS has none.
- A regional `xml:lang` (`pt-BR`, `fr_CA`) is imported as its base language (`pt`) with a warning at its line, as
  long as diptych's languages are base codes; beside another code of that base in the same file (`fr-CA` and `fr`)
  it is an error, as is a language Babel does not know: the import never writes a site the build would refuse.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from lxml import etree

from .cite import split_name
from .config import language_problem, valid_issn
from .errors import ContentError, Position
from .metadata import license_url
from .models import Author
from .outline import slugify
from .write import write_whole

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALI = "{http://www.niso.org/schemas/ali/1.0/}"
ORCID = re.compile(r"([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])")  # ASCII digits, as load checks them
SPACE = re.compile(r"\s+")
MONTHS = {m: n for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# Elements whose whole content is the article's metadata, read field by field: not body text to warn about.
INLINE_MD = {"italic": "*", "bold": "**"}
INLINE_HTML = {"sup": "sup", "sub": "sub"}
TRANSPARENT = {"named-content", "styled-content"}  # in references, the citation's parts: their text is the citation
ESCAPE = re.compile(r"([\\`*_\[\]<])")
LINE_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")
PUB_DATE_ORDER = (
    lambda d: d.get("date-type") == "pub" and d.get("publication-format") == "electronic",
    lambda d: d.get("date-type") == "pub",
    lambda d: d.get("pub-type") == "epub",
    lambda d: d.get("pub-type") == "ppub",
    lambda d: d.get("pub-type") == "epub-ppub",
    lambda d: d.get("date-type") not in ("collection",) and d.get("pub-type") not in ("collection",),
)


@dataclass(frozen=True, slots=True)
class Journal:
    """What a file's journal-meta says of its journal, for the site.yaml an import writes."""

    where: Position  # the journal-meta
    title: str | None = None  # the first journal-title
    titles: tuple[tuple[str, str], ...] = ()  # (language, title): journal-titles and trans-titles with an xml:lang
    issn: tuple[str, Position] | None = None  # print, or of no stated format
    eissn: tuple[str, Position] | None = None  # electronic
    publisher: str | None = None


@dataclass(slots=True)
class Imported:
    """One JATS file converted: {relative path: text}, the issue (id, fields), warnings and errors, its journal."""

    files: dict[str, str]
    issue: tuple[str, dict] | None
    warnings: list[ContentError]
    errors: list[ContentError]
    journal: Journal | None = None


@dataclass(slots=True)
class _Version:
    lang: str
    title: str | None = None
    subtitle: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    body: str = ""


class _Converter:
    """The state of one file's conversion: where warnings go, and the footnotes met so far."""

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
        self.warnings.append(ContentError(self.at(element), message))

    def error(self, element: etree._Element | None, message: str) -> None:
        self.errors.append(ContentError(self.at(element), message))

    def not_converted(self, element: etree._Element) -> None:
        self.warn(element, f"<{_name(element)}> not converted, its text kept")

    # ---- inline ------------------------------------------------------------------------------------

    def inline(self, element: etree._Element, *, title: bool = False, refs: bool = False) -> str:
        """The content of an element as one line of inline Markdown; `title`: emphasis only (a diptych title)."""
        out = [_escape(element.text or "")]
        for child in element:
            out.append(self.inline_node(child, title=title, refs=refs))
            out.append(_escape(child.tail or ""))
        return "".join(out)

    def inline_node(self, node: etree._Element, *, title: bool = False, refs: bool = False) -> str:
        if not isinstance(node.tag, str):
            return ""
        tag = _name(node)
        inner = lambda: self.inline(node, title=title, refs=refs)  # noqa: E731
        if tag in INLINE_MD:
            return _wrap(INLINE_MD[tag], inner())
        if tag == "monospace" and not title:
            return _code(_text(node))
        if tag == "sup" and self._lone_note_call(node) is not None:
            return self.inline_node(self._lone_note_call(node), title=title, refs=refs)
        if tag in INLINE_HTML and not title:
            return f"<{tag}>{inner()}</{tag}>" if inner().strip() else ""
        if tag in ("ext-link", "uri") and not title:
            href = node.get(XLINK_HREF) or _text(node)
            text = inner().strip()
            return f"[{text}]({_href(href)})" if text and text != _escape(href) else f"<{href}>"
        if tag == "email" and not title:
            return f"<{_text(node)}>"
        if tag == "xref":
            return self.xref(node, title=title, refs=refs)
        if tag == "fn" and not title:
            return self.note_call(node.get("id") or f"inline{id(node)}", node)
        if tag == "inline-graphic" and not title and node.get(XLINK_HREF):
            alt = node.find("alt-text")
            return f"![{_escape(_text(alt)) if alt is not None else ''}]({_href(node.get(XLINK_HREF))})"
        if tag == "break":
            return " " if title else "<br>"
        if refs and tag in ("name", "string-name"):
            return _person(node)
        if refs or tag in TRANSPARENT:
            return inner()
        self.not_converted(node)
        return self.inline(node, title=title, refs=True)  # warned once, for the outermost element only

    def _lone_note_call(self, sup: etree._Element) -> etree._Element | None:
        """The footnote call a `sup` holds alone (`<sup><xref ref-type="fn"/></sup>`), if it does."""
        children = [c for c in sup if isinstance(c.tag, str)]
        lone = len(children) == 1 and not (sup.text or "").strip() and not (children[0].tail or "").strip()
        if lone and _name(children[0]) == "xref" and children[0].get("ref-type") == "fn":
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

    # ---- blocks ------------------------------------------------------------------------------------

    def blocks(self, container: etree._Element, depth: int) -> list[str]:
        """The Markdown blocks of an element with block content (body, sec, list-item, disp-quote, fn...)."""
        out: list[str] = []
        run: list[str] = []  # loose inline content, as in a `p` that holds a list

        def flush() -> None:
            text = _paragraph("".join(run))
            if text:
                out.append(text)
            run.clear()

        if (container.text or "").strip():
            run.append(_escape(container.text))
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
                run.append(_escape(child.tail))
        flush()
        return out

    def block(self, node: etree._Element, depth: int) -> list[str] | None:
        """A block element as Markdown blocks; None for an inline element."""
        tag = _name(node)
        if tag == "p":
            return self.blocks(node, depth)
        if tag in ("sec", "ack", "app", "notes", "glossary", "bio"):
            return self.section(node, depth)
        if tag in ("title", "label") and node.getparent() is not None and _name(node.getparent()) in ("sec", "ack", "app"):
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
                items.append(_paragraph(f"**{term_md.strip()}** — {def_md}" if term_md.strip() else def_md))
            return items
        if tag in ("boxed-text", "disp-formula", "statement", "verse-group", "speech", "supplementary-material", "media"):
            self.not_converted(node)
            return self.blocks(node, depth)
        if tag in ("graphic",):
            href = node.get(XLINK_HREF)
            return [f"![]({_href(href)})"] if href else []
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
                self.warn(node, f"<{_name(node)}> nested deeper than six levels: its heading made a level 6 heading")
        elif _name(node) in ("ack", "notes", "glossary", "bio", "app"):
            default = {"ack": "Acknowledgements", "notes": "Notes", "glossary": "Glossary", "bio": "About the author"}
            out.append(f"{'#' * min(depth + 1, 6)} {default.get(_name(node), 'Appendix')}")
        return out + self.blocks(node, depth + 1 if heading or _name(node) != "sec" else depth)

    def listing(self, node: etree._Element, depth: int) -> str:
        kind = node.get("list-type") or "bullet"
        ordered = kind in ("order", "alpha-lower", "alpha-upper", "roman-lower", "roman-upper")
        if kind not in ("order", "bullet", "simple"):
            self.warn(node, f"list-type {kind!r} made a numbered list")
        items = []
        for n, item in enumerate((c for c in node if isinstance(c.tag, str) and _name(c) == "list-item"), 1):
            parts = [b for b in self.blocks(item, depth) if b]
            label = item.find("label")
            if label is not None and kind == "simple":
                parts[:1] = [f"{self.inline(label).strip()} {parts[0] if parts else ''}".strip()]
            marker = f"{n}. " if ordered else "- "
            text = "\n\n".join(parts) or ""
            lines = text.split("\n")
            items.append(marker + "\n".join([lines[0], *(("    " + line) if line else "" for line in lines[1:])]))
        for child in node:
            if isinstance(child.tag, str) and _name(child) not in ("list-item", "label", "title"):
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
        out = [f"**{_strip_emphasis(' '.join(lead))}**"] if lead else []
        if caption is not None:
            out.extend(b for child in caption if _name(child) == "p" for b in self.blocks(child, 1))
        return out

    def table(self, table: etree._Element) -> str:
        rows = []  # (is_header, [cells])
        for part in ("thead", "tbody", "tfoot"):
            for tr in table.iter("tr"):
                parent = _name(tr.getparent())
                if (parent == part) or (part == "tbody" and parent == "table"):
                    rows.append((part == "thead", [c for c in tr if _name(c) in ("th", "td")]))
        cells = [c for _, row in rows for c in row]
        spans = any((_number(c.get(a)) or 1) > 1 for c in cells for a in ("colspan", "rowspan"))
        blocky = any(_name(d) in ("p", "list", "table", "disp-quote", "fig") for c in cells for d in c.iter())
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
                attrs = "".join(f' {a}="{cell.get(a)}"' for a in ("colspan", "rowspan") if _number(cell.get(a)) is not None)
                text = " ".join(_html_text(b) for b in (self.blocks(cell, 1) or [""]))
                tds.append(f"<{_name(cell)}{attrs}>{text}</{_name(cell)}>")
            lines.append("<tr>" + "".join(tds) + "</tr>")
        lines.extend([f"</{part}>", "</table>"] if part else ["</table>"])
        return "\n".join(lines)

    def figure(self, node: etree._Element) -> list[str]:
        label, caption = node.find("label"), node.find("caption")
        graphics = [g for g in node.iter("graphic") if g.get(XLINK_HREF)]
        title = caption.find("title") if caption is not None else None
        title_text = _plain(title) if title is not None else ""
        out = []
        for graphic in graphics:
            alt = graphic.find("alt-text")
            alt_text = _text(alt) if alt is not None else title_text or (_plain(label) if label is not None else "")
            out.append(f"![{_escape(SPACE.sub(' ', alt_text).strip())}]({_href(graphic.get(XLINK_HREF))})")
            if not re.match(r"^[a-z][a-z0-9+.-]*:", graphic.get(XLINK_HREF), re.I):
                self.figures.append((graphic, graphic.get(XLINK_HREF)))
        if not graphics:
            self.warn(node, "<fig> without a graphic: its caption kept as text")
        only_alt = graphics and label is None and caption is not None and len(caption) == 1 and title is not None
        if only_alt and all(_text(g.find("alt-text")) in ("", title_text) for g in graphics if g.find("alt-text") is not None):
            return out  # diptych's own export: the caption is the image's alt text
        return out + self.caption(label, caption)

    def references(self, node: etree._Element, depth: int) -> list[str]:
        title = node.find("title")
        out = [f"{'#' * min(depth + 1, 6)} {self.inline(title).strip() if title is not None else 'References'}"]
        for child in node:
            if not isinstance(child.tag, str) or _name(child) in ("title", "label"):
                continue
            if _name(child) == "ref-list":
                out.extend(self.references(child, depth + 1))
            elif _name(child) == "ref":
                out.append(self.reference(child))
            elif _name(child) == "p":
                out.extend(self.blocks(child, depth))
            else:
                self.not_converted(child)
                out.append(_paragraph(self.inline(child)))
        return out

    def reference(self, ref: etree._Element) -> str:
        label = ref.find("label")
        lead = f"{_plain(label)} " if label is not None else ""
        parts = []
        for citation in ref:
            name = _name(citation) if isinstance(citation.tag, str) else ""
            if name in ("mixed-citation", "citation"):
                parts.append(self.inline(citation, refs=True))
            elif name == "element-citation" and ref.find("mixed-citation") is not None:
                continue  # SciELO gives both: the mixed one is the reference as printed
            elif name == "element-citation":
                self.warn(citation, "<element-citation> made plain text: check its punctuation")
                parts.append(", ".join(_ref_part(c) for c in citation if isinstance(c.tag, str) and _plain(c)))
            elif name and name != "label":
                self.not_converted(citation)
                parts.append(self.inline(citation, refs=True))
        return _paragraph(_escape(lead) + " ".join(p.strip() for p in parts))

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
                if _name(child) != "label"
                for b in (self.block(child, 1) or [self.inline_node(child)])
                if b
            ]
            if (element.text or "").strip():
                body.insert(0, _paragraph(_escape(element.text)))
            text = "\n\n".join(body) or "…"
            lines = text.split("\n")
            out.append(f"[^{n}]: " + "\n".join([lines[0], *(("    " + line) if line else "" for line in lines[1:])]))
        return out


# ---- the article ----------------------------------------------------------------------------------


def import_article(xml: bytes, source: str) -> Imported:
    """One JATS file as diptych content: files by relative path (`content/articles/KEY.LANG.md`), and its issue."""
    conv = _Converter(source)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
        conv.errors.append(ContentError(Position(PurePosixPath(source), line), f"not well-formed XML: {message}"))
        return Imported({}, None, [], conv.errors)
    if _name(root) != "article":
        conv.error(root, f"not a JATS article: the root element is <{_name(root)}>, not <article>")
        return Imported({}, None, [], conv.errors)
    meta = root.find("front/article-meta")
    if meta is None:
        conv.error(root, "not a JATS article: no <front>/<article-meta>")
        return Imported({}, None, [], conv.errors)
    if not _base_languages(conv, root):
        return Imported({}, None, conv.warnings, conv.errors)
    lang = (root.get(LANG) or "").lower()
    if not lang:
        lang = "en"
        conv.warn(root, "the article has no xml:lang: English assumed")
    versions: dict[str, _Version] = {lang: _Version(lang)}

    def version(code: str | None) -> _Version:
        code = (code or lang).lower()
        return versions.setdefault(code, _Version(code))

    _titles(conv, meta, lang, version)
    _abstracts(conv, meta, lang, version)
    for group in meta.findall("kwd-group"):
        version(group.get(LANG)).keywords.extend(_plain(k) for k in group.iter("kwd") if _plain(k))
    shared = _shared(conv, meta)
    _collect_notes(conv, root, exclude_sub=True)
    versions[lang].body = _body(conv, root)
    for sub in root.findall("sub-article"):
        _sub_article(conv, sub, version, shared)
    for name in ("contrib-group", "kwd-group", "title-group"):  # metadata outside article-meta: not read
        for element in root.iterfind(f"front/{name}"):
            conv.not_converted(element)
    for element in meta:
        if isinstance(element.tag, str) and _name(element) not in READ_IN_META:
            conv.warn(element, f"<{_name(element)}> not converted")
    for element in root:
        if isinstance(element.tag, str) and _name(element) not in ("front", "body", "back", "sub-article", "floats-group"):
            conv.not_converted(element)
    if root.find("floats-group") is not None:
        floats = root.find("floats-group")
        conv.warn(floats, "<floats-group> made blocks at the end of the body")
        versions[lang].body = "\n\n".join(filter(None, [versions[lang].body, *conv.blocks(floats, 1)]))
    key = _key(shared.get("doi"), meta, source)
    if versions[lang].title is None:
        conv.error(meta, "the article has no title (<article-title> in <title-group>)")
    if "date" not in shared:
        conv.error(meta, "the article has no publication date (<pub-date>)")
    files: dict[str, str] = {}
    for code, v in versions.items():
        if v.title is None:
            conv.warn(meta, f"the {code} abstract or keywords have no title in {code}: that version is not written")
            continue
        if not v.abstract:
            if code == lang:
                conv.error(meta, "the article has no abstract (<abstract>): diptych requires one per version")
            else:
                conv.warn(meta, f"the {code} title has no abstract in {code}: that version is not written")
            continue
        files[f"content/articles/{key}.{code}.md"] = _markdown_file(v, shared if code == lang else {})
    for graphic, href in conv.figures:
        conv.warn(graphic, f"figure {href!r}: put the file beside the article in content/articles/ before building")
    issue = shared.pop("_issue", None)
    if conv.errors:
        return Imported({}, None, conv.warnings, conv.errors)
    return Imported(files, issue, conv.warnings, [], _journal(conv, root.find("front/journal-meta")))


READ_IN_META = {  # what the import maps, or (counts, self-uri) leaves out knowingly: the rest is named in a warning
    *("article-id", "article-categories", "title-group", "contrib-group", "aff", "aff-alternatives"),
    *("pub-date", "pub-date-not-available", "volume", "issue", "issue-title", "fpage", "lpage", "page-range"),
    *("elocation-id", "pub-history", "history", "permissions", "abstract", "trans-abstract", "kwd-group"),
    *("trans-title-group",),
    "counts",  # page and word counts: diptych counts its own
    "self-uri",  # the old platform's addresses
}


LANG_READ = {  # the elements whose xml:lang the import reads: the versions' languages, and the journal's titles
    *("article", "sub-article", "trans-title-group", "trans-title", "abstract", "trans-abstract", "kwd-group"),
    *("subj-group", "issue-title", "journal-title"),
}
BASE_ONLY = "diptych's languages are base language codes for now"


def _base_languages(conv: _Converter, root: etree._Element) -> bool:
    """Every xml:lang the import reads made a language the build accepts, in place: a regional code (pt-BR, fr_CA) is
    its base language (pt) with a warning, unless the file has another code of that base (fr-CA beside fr would make
    two versions one), an error; so is a language Babel does not know. False on an error. BCP 47 codes in the
    content are a later issue; until then the import writes no site the build would refuse."""
    read = [e for e in root.iter() if isinstance(e.tag, str) and e.get(LANG) is not None and _name(e) in LANG_READ]
    first: dict[str, etree._Element] = {}  # each code (lowercase, '-'), the first element giving it
    for element in read:
        first.setdefault(_lang_code(element), element)
    in_journal = {code for code, e in first.items() if any(_name(a) == "journal-meta" for a in e.iterancestors())}
    by_base: dict[str, list[str]] = {}
    for code in first:
        by_base.setdefault(code.split("-")[0], []).append(code)
    ok = True
    for base, codes in by_base.items():
        versions = [code for code in codes if code not in in_journal]  # the journal's titles never make a version
        if len(versions) > 1:
            regional = next(code for code in versions if code != base)
            others = [
                f"{first[code].get(LANG).strip()!r} (line {first[code].sourceline})" for code in versions if code != regional
            ]
            message = f"xml:lang {first[regional].get(LANG).strip()!r} and {', '.join(others)} would "
            message += f"{'both' if len(others) == 1 else 'all'} be diptych's {base!r}: {BASE_ONLY}; give each version"
            conv.error(first[regional], message + " a language of its own")
            ok = False
            continue
        problem = language_problem(base) if versions else None
        if problem:
            conv.error(first[versions[0]], f"xml:lang {first[versions[0]].get(LANG).strip()!r}: {problem}")
            ok = False
            continue
        for code in codes:
            if code != base:
                conv.warn(first[code], f"xml:lang {first[code].get(LANG).strip()!r} imported as {base!r}: {BASE_ONLY}")
    if ok:
        for element in read:
            element.set(LANG, _lang_code(element).split("-")[0])
    return ok


def _lang_code(element: etree._Element) -> str:
    """An element's xml:lang as the import compares codes: lowercase, '-' between subtags (fr_CA is fr-ca)."""
    return element.get(LANG).strip().lower().replace("_", "-")


def _titles(conv: _Converter, meta: etree._Element, lang: str, version) -> None:
    group = meta.find("title-group")
    if group is None:
        return
    title, subtitle = group.find("article-title"), group.find("subtitle")
    main = version(None)
    if title is not None and _plain(title):
        main.title = _one_line(conv.inline(title, title=True))
    if subtitle is not None and _plain(subtitle):
        main.subtitle = _one_line(conv.inline(subtitle, title=True))
    for trans in [*group.findall("trans-title-group"), *meta.findall("trans-title-group")]:
        other = version(trans.get(LANG) or _child_lang(trans, "trans-title"))
        if other.lang == lang:
            conv.warn(trans, "a trans-title-group in the article's own language: not converted")
            continue
        t, s = trans.find("trans-title"), trans.find("trans-subtitle")
        if t is not None and _plain(t):
            other.title = _one_line(conv.inline(t, title=True))
        if s is not None and _plain(s):
            other.subtitle = _one_line(conv.inline(s, title=True))


def _child_lang(element: etree._Element, tag: str) -> str | None:
    child = element.find(tag)
    return child.get(LANG) if child is not None else None


def _abstracts(conv: _Converter, meta: etree._Element, lang: str, version) -> None:
    for element in [*meta.findall("abstract"), *meta.findall("trans-abstract")]:
        kind = element.get("abstract-type")
        if kind and kind not in ("abstract", "summary", "author", "structured", "normal"):
            conv.warn(element, f"<{_name(element)} abstract-type={kind!r}> not converted (only the abstract itself is)")
            continue
        target = version(element.get(LANG))
        if target.abstract is not None:
            conv.warn(element, f"a second abstract in {target.lang}: not converted")
            continue
        blocks = []
        for child in element:
            if not isinstance(child.tag, str) or _name(child) == "title":
                continue
            if _name(child) == "sec":  # a structured abstract: each part's title in bold before its text
                title = child.find("title")
                inner = conv.blocks(child, 6)
                if title is not None and inner:
                    inner[0] = f"**{_strip_emphasis(conv.inline(title).strip())}** {inner[0]}"
                blocks.extend(inner)
            else:
                blocks.extend(conv.block(child, 6) or [_paragraph(conv.inline_node(child))])
        if (element.text or "").strip():
            blocks.insert(0, _paragraph(_escape(element.text)))
        target.abstract = "\n\n".join(b for b in blocks if b)


def _shared(conv: _Converter, meta: etree._Element) -> dict:
    out: dict = {}
    doi = next((_text(e) for e in meta.findall("article-id") if e.get("pub-id-type") == "doi" and _text(e)), None)
    if doi:
        out["doi"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    authors = _authors(conv, meta)
    if authors:
        out["authors"] = authors
    day = _pub_date(conv, meta)
    if day:
        out["date"] = day
    updated = _updated(conv, meta)
    if updated:
        out["updated"] = updated
    first, last = meta.find("fpage"), meta.find("lpage")
    if first is not None and _text(first):
        out["pages"] = (
            f"{_text(first)}-{_text(last)}" if last is not None and _text(last) and _text(last) != _text(first) else _text(first)
        )
    elif meta.find("elocation-id") is not None:
        conv.warn(meta.find("elocation-id"), "<elocation-id> not converted: diptych's `pages` are a page range")
    license, free = _license(conv, meta)
    if license:
        out["license"] = license
    section = _section(conv, meta)
    if section:
        out["section"] = section
    if free:
        out["access"] = "free"
    issue = _issue(conv, meta, out.get("date"))
    if issue:
        out["issue"] = issue[0]
        out["_issue"] = issue
    return out


def _authors(conv: _Converter, meta: etree._Element) -> list:
    affs = {a.get("id"): a for a in meta.iter("aff") if a.get("id")}
    authors = []
    for contrib in meta.iter("contrib"):
        kind = contrib.get("contrib-type") or "author"
        if kind not in ("author", "person"):
            conv.warn(contrib, f"<contrib contrib-type={kind!r}> not converted: only authors are")
            continue
        name, family = _contrib_name(conv, contrib)
        if not name:
            conv.warn(contrib, "<contrib> without a name: not converted")
            continue
        entry: dict = {"name": name}
        places = [*contrib.findall("aff")]
        for xref in contrib.findall("xref"):
            if xref.get("ref-type") == "aff":
                places.extend(affs[rid] for rid in (xref.get("rid") or "").split() if rid in affs)
        affiliations = list(dict.fromkeys(a for a in map(_affiliation, places) if a))
        if affiliations:
            entry["affiliation"] = "; ".join(affiliations)
        for cid in contrib.findall("contrib-id"):
            if (cid.get("contrib-id-type") or "").lower() == "orcid" and ORCID.search(_text(cid)):
                entry["orcid"] = ORCID.search(_text(cid))[1]
        uri = next((u for u in contrib.findall("uri") if "orcid.org" in _text(u)), None)
        if "orcid" not in entry and uri is not None and ORCID.search(_text(uri)):
            entry["orcid"] = ORCID.search(_text(uri))[1]
        if family:
            entry["family"] = family
        authors.append(entry["name"] if len(entry) == 1 else entry)
    return authors


def _contrib_name(conv: _Converter, contrib: etree._Element) -> tuple[str | None, str | None]:
    """The name as written ("Given Surname"), and the family name when the last word alone is not it."""
    name = contrib.find("name")
    if name is None:
        name = next(iter(contrib.iterfind("name-alternatives/name")), None)
    if name is not None:
        surname, given = _plain(name.find("surname")), _plain(name.find("given-names"))
        prefix, suffix = _plain(name.find("prefix")), _plain(name.find("suffix"))
        eastern = name.get("name-style") == "eastern"
        parts = [surname, given] if eastern else [given, surname]
        full = " ".join(p for p in [prefix, *parts, suffix] if p)
        if not surname:
            return full or None, None
        family = split_name(Author(full))[0]
        return full, (None if family == surname else surname)
    string = contrib.find("string-name")
    if string is not None:
        surname = _plain(string.find("surname"))
        full = _plain(string)
        family = split_name(Author(full))[0] if surname else None
        return full or None, (surname if surname and surname in full and family != surname else None)
    collab = contrib.find("collab")
    if collab is not None:
        return _plain(collab) or None, None
    return None, None


def _person(name: etree._Element) -> str:
    """A name in a reference: "Surname Given" as references print it, or its text."""
    surname, given = _plain(name.find("surname")), _plain(name.find("given-names"))
    return _escape(f"{surname} {given}".strip()) if surname else _escape(_plain(name))


def _ref_part(element: etree._Element) -> str:
    if _name(element) == "person-group":
        return "; ".join(_person(n) for n in element if _name(n) in ("name", "string-name")) or _escape(_plain(element))
    return _escape(_plain(element))


def _affiliation(aff: etree._Element) -> str:
    """An affiliation as one line: its mixed text, or its parts joined by commas when it has only elements."""
    original = next((i for i in aff.iter("institution") if i.get("content-type") == "original"), None)
    if original is not None:  # SciELO: the affiliation as the author wrote it
        return _plain(original)
    parts = [c for c in aff if isinstance(c.tag, str) and _name(c) not in ("label", "sup")]
    children = [c for c in aff if isinstance(c.tag, str)]
    mixed = (aff.text or "").strip() or any((c.tail or "").strip() not in ("", ",") for c in children)
    if mixed:
        text = (aff.text or "") + "".join(
            (_plain(c) if _name(c) not in ("label", "sup") else "") + (c.tail or "") for c in aff if isinstance(c.tag, str)
        )
        return SPACE.sub(" ", text).strip(" ,;")
    return ", ".join(_plain(c) for c in parts if _plain(c) and _name(c) not in ("email", "ext-link", "uri"))


def _date_of(conv: _Converter, element: etree._Element) -> datetime.date | None:
    iso = element.get("iso-8601-date")
    if iso and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", iso):
        try:
            return datetime.date.fromisoformat(iso)
        except ValueError:
            pass
    year, month, day = (_text(element.find(t)) for t in ("year", "month", "day"))
    if _number(year) is None:
        conv.warn(element, f"<{_name(element)}> without a year: not converted")
        return None
    month_n, day_n = _number(month) or MONTHS.get(month[:3].lower(), 0), _number(day)
    if not (month_n and day_n is not None):
        conv.warn(element, f"<{_name(element)}> without {'a month' if not month_n else 'a day'}: the first is assumed")
    try:
        return datetime.date(int(year), month_n or 1, day_n if month_n and day_n is not None else 1)
    except (ValueError, OverflowError):
        conv.warn(element, f"<{_name(element)}> is not a date: not converted")
        return None


def _pub_date(conv: _Converter, meta: etree._Element) -> datetime.date | None:
    dates = meta.findall("pub-date")
    for choose in PUB_DATE_ORDER:
        chosen = next((d for d in dates if choose(d)), None)
        if chosen is not None:
            return _date_of(conv, chosen)
    return _date_of(conv, dates[0]) if dates else None


def _updated(conv: _Converter, meta: etree._Element) -> datetime.date | None:
    days = []
    for event in meta.iterfind("pub-history/event"):
        if (event.get("event-type") or "").lower() in ("corrected", "correction", "revised-publication", "updated"):
            date = next(iter(event.iter("date")), None)
            if date is not None:
                days.append(_date_of(conv, date))
    for date in meta.iterfind("history/date"):
        if (date.get("date-type") or "") in ("corrected", "rev-recd-corrected", "updated"):
            days.append(_date_of(conv, date))
    days = [d for d in days if d]
    return max(days) if days else None


def _license(conv: _Converter, meta: etree._Element) -> tuple[str | None, bool]:
    permissions = meta.find("permissions")
    if permissions is None:
        return None, False
    free = permissions.find(f"{ALI}free_to_read") is not None
    license = permissions.find("license")
    if license is None:
        ref = permissions.find(f"{ALI}license_ref")
        return (_text(ref) or None if ref is not None else None), free
    free = free or license.get("license-type") in ("open-access", "open")
    ref = license.find(f"{ALI}license_ref")
    url = license.get(XLINK_HREF) or (_text(ref) if ref is not None else "")
    text = _plain(license)
    if url:
        words = [_plain(link) for link in license.iter("ext-link")] + [text]
        short = next((w for w in words if w and " " not in w and license_url(w) == url), None)
        return short or url, free
    return (text or None), free


def _section(conv: _Converter, meta: etree._Element) -> str | dict | None:
    groups = meta.findall("article-categories/subj-group")
    headings = [g for g in groups if g.get("subj-group-type") in ("heading", "toc-heading", "section", None)]
    if not headings:
        return None
    per_lang = {}
    for group in headings:
        subject = group.find("subject")
        if subject is not None and _plain(subject):
            per_lang.setdefault(group.get(LANG), _plain(subject))
    for group in groups:
        if group not in headings:
            conv.warn(group, f"<subj-group subj-group-type={group.get('subj-group-type')!r}> not converted")
    if list(per_lang) == [None]:
        return per_lang[None]
    if None in per_lang:
        base = (meta.getroottree().getroot().get(LANG) or "en").lower()
        per_lang.setdefault(base, per_lang[None])
        del per_lang[None]
    return {k.lower(): v for k, v in per_lang.items()} or None


def _issue(conv: _Converter, meta: etree._Element, day: datetime.date | None) -> tuple[str, dict] | None:
    volume, number = _text(meta.find("volume")), _text(meta.find("issue"))
    if not volume and not number:
        return None
    collection = next((d for d in meta.findall("pub-date") if "collection" in (d.get("date-type"), d.get("pub-type"))), None)
    issue_day = (_date_of(conv, collection) if collection is not None else None) or day
    fields: dict = {}
    for name, value in (("volume", volume), ("number", number)):
        if _number(value) is not None:
            fields[name] = _number(value)
        elif value:
            conv.warn(
                meta.find(name if name == "volume" else "issue"), f"{name} {value!r} is not a number: left out of the issue file"
            )
    if issue_day:
        fields["date"] = issue_day
    titles = {
        (t.get(LANG) or meta.getroottree().getroot().get(LANG) or "en").lower(): _plain(t) for t in meta.findall("issue-title")
    }
    if titles:
        fields["title"] = titles
    year = issue_day.year if issue_day else None
    ident = "-".join(str(p) for p in (year, number or f"v{volume}") if p)
    return slugify(ident) or "issue", fields


def _journal(conv: _Converter, meta: etree._Element | None) -> Journal | None:
    """The journal's titles, ISSNs and publisher from <journal-meta> (JATS 1.x, or 2.3's titles without a group)."""
    if meta is None:
        return None
    group = meta.find("journal-title-group")
    holder = group if group is not None else meta
    titles = [t for t in holder.findall("journal-title") if _plain(t)]
    given = [(t.get(LANG), _plain(t)) for t in titles]
    given += [(g.get(LANG), _plain(g.find("trans-title"))) for g in holder.findall("trans-title-group")]
    issns: dict[str, tuple[str, Position]] = {}
    for element in meta.findall("issn"):
        kind = (element.get("publication-format") or element.get("pub-type") or "").lower()
        if _text(element):
            issns.setdefault("eissn" if kind in ("electronic", "epub", "online") else "issn", (_text(element), conv.at(element)))
    return Journal(
        conv.at(meta),
        _plain(titles[0]) if titles else None,
        tuple((lang.lower(), title) for lang, title in given if lang and title),
        issns.get("issn"),
        issns.get("eissn"),
        _plain(meta.find("publisher/publisher-name")) or None,
    )


def _key(doi: str | None, meta: etree._Element, source: str) -> str:
    if doi and "/" in doi:
        key = slugify(doi.split("/", 1)[1])
        if key:
            return key
    for kind in ("publisher-id", "pii", "other", "pmcid", "pmid"):
        ident = next((_text(e) for e in meta.findall("article-id") if e.get("pub-id-type") == kind and _text(e)), None)
        if ident and slugify(ident):
            return slugify(ident)
    return slugify(Path(source).stem) or "article"


def _collect_notes(conv: _Converter, root: etree._Element, *, exclude_sub: bool) -> None:
    """Every `fn` with an id in the text's back matter, so calls can find them."""
    conv.notes, conv.note_elements, conv.cited = {}, {}, set()
    for fn in root.iter("fn"):
        if exclude_sub and any(_name(a) == "sub-article" for a in fn.iterancestors()):
            continue
        if fn.get("id") and not any(_name(a) in ("author-notes", "table-wrap-foot") for a in fn.iterancestors()):
            conv.note_elements[fn.get("id")] = fn


def _body(conv: _Converter, root: etree._Element) -> str:
    """The body, its back matter (acknowledgements, appendices, references) and footnotes, as Markdown."""
    known = dict(conv.note_elements)
    blocks: list[str] = []
    body = root.find("body")
    if body is not None:
        blocks.extend(conv.blocks(body, 1))
    back = root.find("back")
    if back is not None:
        for child in back:
            if not isinstance(child.tag, str) or _name(child) in ("fn-group", "label", "title"):
                continue
            if _name(child) == "app-group":
                blocks.extend(b for app in child for b in (conv.block(app, 1) or []))
            else:
                converted = conv.block(child, 1)
                if converted is None:
                    conv.not_converted(child)
                    converted = [_paragraph(conv.inline(child))]
                blocks.extend(converted)
    uncited = [fid for fid in known if fid not in conv.cited]
    if uncited:
        conv.warn(known[uncited[0]], f"{len(uncited)} note(s) never called in the text: kept in a Notes section")
        blocks.append("## Notes")
        for fid in uncited:
            element = known[fid]
            blocks.extend(b for child in element if _name(child) != "label" for b in (conv.block(child, 1) or []))
    notes = conv.footnotes()
    return "\n\n".join(b for b in [*blocks, *notes] if b.strip())


def _sub_article(conv: _Converter, sub: etree._Element, version, shared: dict) -> None:
    """A SciELO translation: its title, abstract, keywords and body make the version in its language."""
    if sub.get("article-type") != "translation":
        conv.warn(sub, f"<sub-article article-type={sub.get('article-type')!r}> not converted, only translations are")
        return
    v = version(sub.get(LANG))
    stub = sub.find("front-stub")
    if stub is None:
        stub = sub.find("front/article-meta")
    if stub is not None:
        title = stub.find("title-group/article-title")
        if title is not None and _plain(title):
            v.title = _one_line(conv.inline(title, title=True))
        subtitle = stub.find("title-group/subtitle")
        if subtitle is not None and _plain(subtitle):
            v.subtitle = _one_line(conv.inline(subtitle, title=True))
        abstract = stub.find("abstract")
        if abstract is not None:
            saved, v.abstract = v.abstract, None
            _abstracts(conv, _only(stub, "abstract"), v.lang, lambda code: v)
            if v.abstract is None:
                v.abstract = saved
        subject = stub.find("article-categories/subj-group/subject")
        if subject is not None and _plain(subject) and isinstance(shared.get("section", {}), (dict, str)):
            section = shared.get("section")
            if isinstance(section, str):
                section = {(sub.getparent().get(LANG) or "en").lower(): section}
            shared["section"] = {**(section or {}), v.lang: _plain(subject)}
        groups = stub.findall("kwd-group")
        if groups:
            v.keywords = [_plain(k) for g in groups for k in g.iter("kwd") if _plain(k)]
    _collect_notes(conv, sub, exclude_sub=False)
    v.body = _body(conv, sub)


def _only(parent: etree._Element, tag: str) -> etree._Element:
    """A detached copy of `parent` holding only its `tag` children (line numbers kept)."""
    holder = etree.Element("holder")
    for child in parent.findall(tag):
        holder.append(_copy(child))
    return holder


def _copy(element: etree._Element) -> etree._Element:
    twin = copy.deepcopy(element)
    for a, b in zip(element.iter(), twin.iter(), strict=True):
        b.sourceline = a.sourceline
    return twin


# ---- text helpers ---------------------------------------------------------------------------------


def _number(text: str | None) -> int | None:
    """A whole number written in ASCII digits ('12'), else None: '²' and '１２' are digits to str.isdigit()."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element | None) -> str:
    return SPACE.sub(" ", element.xpath("string()")).strip() if element is not None else ""


def _plain(element: etree._Element | None) -> str:
    return _text(element)


def _escape(text: str) -> str:
    """Text safe in Markdown: emphasis, code, link and HTML characters escaped, whitespace made single spaces."""
    return ESCAPE.sub(r"\\\1", SPACE.sub(" ", text))


def _href(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def _wrap(mark: str, inner: str) -> str:
    """Emphasis around inner text, its spaces moved outside (Markdown ignores `* word*`)."""
    if not inner.strip():
        return inner
    lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", inner, re.S).groups()
    return f"{lead}{mark}{core}{mark}{trail}"


def _strip_emphasis(text: str) -> str:
    return text.replace("**", "")


def _one_line(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def _paragraph(text: str) -> str:
    """Inline Markdown as a paragraph: one line, a block marker at its start escaped."""
    text = SPACE.sub(" ", text).strip()
    text = text.replace("<br> ", "<br>\n").replace("<br>", "  \n") if "<br>" in text else text
    start = LINE_START.match(text)
    if start and text[0].isdigit():  # "1999. A year" is not a list: the dot escaped
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return ("\\" + text) if start else text


def _html_text(markdown: str) -> str:
    """A Markdown block as the text of an HTML cell: emphasis kept as tags, the rest as written."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", markdown)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return text.replace("\n", " ")


# ---- files ----------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

FIELD_ORDER = ("title", "subtitle", "abstract", "keywords", "authors", "date", "updated", "issue", "pages", "doi")
FIELD_ORDER += ("license", "section", "access")


def _markdown_file(v: _Version, shared: dict) -> str:
    fields = {"title": v.title, "subtitle": v.subtitle, "abstract": v.abstract, "keywords": v.keywords or None}
    fields |= {k: val for k, val in shared.items() if not k.startswith("_")}
    ordered = {k: fields[k] for k in FIELD_ORDER if fields.get(k) not in (None, "", [])}
    front = _yaml(ordered)
    body = v.body.strip()
    return f"---\n{front}---\n" + (f"\n{body}\n" if body else "")


def _yaml(fields: dict) -> str:
    """A mapping as block YAML, one key a line; lists and small mappings inside it in flow style."""
    return "".join(
        yaml.dump(
            {key: value},
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100000,
            default_flow_style=None if isinstance(value, (list, dict)) else False,
        )
        for key, value in fields.items()
    )


def issue_file(fields: dict) -> str:
    return _yaml(fields)


def import_files(sources: Iterable[tuple[str, bytes]]) -> tuple[dict[str, str], list[ContentError], list[ContentError]]:
    """Many JATS files: every file to write, warnings, and every error (two articles with the same key included)."""
    files: dict[str, str] = {}
    origin: dict[str, str] = {}
    issues: dict[str, tuple[dict, str]] = {}
    warnings: list[ContentError] = []
    errors: list[ContentError] = []
    journals: list[tuple[str, Journal | None]] = []
    for name, data in sources:
        result = import_article(data, name)
        warnings += result.warnings
        errors += result.errors
        journals.append((name, result.journal))
        for rel, text in result.files.items():
            if rel in files:
                errors.append(
                    ContentError(
                        Position(PurePosixPath(name)), f"{rel} would also come from {origin[rel]}: two articles with one key"
                    )
                )
            files[rel], origin[rel] = text, name
        if result.issue:
            ident, fields = result.issue
            if ident in issues:
                kept, first = issues[ident]
                titles = {**fields.get("title", {}), **kept.get("title", {})}
                clash = [k for k in ("volume", "number", "date") if k in kept and k in fields and kept[k] != fields[k]]
                clash += [lang for lang in fields.get("title", {}) if titles[lang] != fields["title"][lang]]
                if clash:
                    where = Position(PurePosixPath(name))
                    warnings.append(
                        ContentError(where, f"issue {ident}: {', '.join(clash)} differ from {first}'s, which are kept")
                    )
                if titles:
                    kept["title"] = titles
            else:
                issues[ident] = (dict(fields), name)
    for ident, (fields, _) in issues.items():
        files[f"content/issues/{ident}.yaml"] = issue_file(fields)
    if files and not errors:
        text, problems = site_file(_languages(files), journals)
        files[SITE_FILE] = text
        warnings += problems
    return files, warnings, errors


def _languages(files: dict[str, str]) -> list[str]:
    """The languages of the article versions imported: the most versions first, then as met."""
    met = [rel.rsplit(".", 2)[1] for rel in files if rel.startswith("content/articles/")]
    return sorted(dict.fromkeys(met), key=lambda lang: -met.count(lang))


SITE_FILE = "site.yaml"
BASE_URL = "https://journal.example.org"  # a placeholder the build accepts: example.org names no one's site
TITLE = "Journal title"  # when no file's journal-meta gives one


def site_file(languages: list[str], journals: list[tuple[str, Journal | None]]) -> tuple[str, list[ContentError]]:
    """A minimal, commented site.yaml for the articles imported: their `languages`, the journal's `title` and
    `issn`/`eissn` from the first file's journal-meta, a `base_url` to replace; every other setting left to its
    default. Warnings: what the JATS lacks or gets wrong, and files of another journal than the first's."""
    warnings: list[ContentError] = []
    name, journal = journals[0] if journals else ("", None)
    for _, other in journals[1:]:
        if journal is not None and other is not None and _identity(other) != _identity(journal):
            message = f"the journal-meta names another journal ({_named(other)!r}) than {name}'s ({_named(journal)!r})"
            warnings.append(ContentError(other.where, message + ", which site.yaml takes"))
    if journal is None or (journal.title is None and not journal.titles):
        where = journal.where if journal is not None else Position(PurePosixPath(name))
        what = "no <journal-title> in the journal-meta" if journal is not None else "no <journal-meta>"
        warnings.append(ContentError(where, f"{what}: site.yaml's title is a placeholder, to replace"))
    title = _site_title(journal, languages)
    lines = [
        "# site.yaml, written by `diptych import-jats` from the JATS journal-meta. Check it and replace base_url,",
        '# then build. The README\'s "site.yaml" describes every setting; those not written keep their defaults.',
        "",
        '# The journal\'s title: one for every language, or one per language, {fr: "…", en: "…"}.',
        *(["# A placeholder: no file's journal-meta gives one."] if title == TITLE else []),
        _yaml({"title": title}).rstrip("\n"),
        "# The site's address, for canonical URLs, the sitemap and the feeds: replace with the site's address.",
        _yaml({"base_url": BASE_URL}).rstrip("\n"),
        "# The languages of the articles imported, the most versions first; the first is the default language.",
        _yaml({"languages": languages}).rstrip("\n"),
    ]
    issns = [(key, given) for key, given in (("issn", journal and journal.issn), ("eissn", journal and journal.eissn)) if given]
    if issns:
        lines.append("# The journal's ISSNs: issn for print, eissn for the electronic edition.")
    for key, (value, where) in issns:
        valid = valid_issn(value)
        if valid:
            lines.append(_yaml({key: valid}).rstrip("\n"))
        else:
            lines.append(f"# {key}: {value}    (not a valid ISSN: check it)")
            warnings.append(ContentError(where, f"ISSN {value!r} is not a valid ISSN (its check digit): left out of site.yaml"))
    publisher = journal.publisher if journal is not None and journal.publisher else "…"
    lines += [
        "",
        '# To set as needed (the README\'s "site.yaml"):',
        f"# publisher: {publisher}",
        "# description: {" + ", ".join(f'{lang}: "…"' for lang in languages) + "}",
        "# paywall:",
        "#   access: paywalled        # the articles' default: paywalled or free",
        "#   teaser_paragraphs: 3     # the teaser's length where a body has no paywall marker",
    ]
    return "\n".join(lines) + "\n", warnings


def _identity(journal: Journal) -> tuple[str | None, str | None, str | None]:
    return journal.title, journal.issn and journal.issn[0], journal.eissn and journal.eissn[0]


def _named(journal: Journal) -> str:
    """A journal as a warning names it: its title, else its ISSN."""
    return next((part for part in _identity(journal) if part), "no title")


def _site_title(journal: Journal | None, languages: list[str]) -> str | dict[str, str]:
    """The title in every language (the first title where the journal-meta gives none in that language); one string
    when it is the same in all."""
    if journal is None or (journal.title is None and not journal.titles):
        return TITLE
    given = dict(reversed(journal.titles))  # the first title given in a language
    fallback = journal.title or journal.titles[0][1]
    titles = {lang: given.get(lang, fallback) for lang in languages}
    return fallback if len(set(titles.values())) == 1 else titles


def _there(path: Path) -> bool:
    """Something is at `path`: a file, or a symbolic link, even one leading nowhere (exists() follows links)."""
    return path.is_symlink() or path.exists()


def _differs(path: Path, text: str) -> bool:
    """The file at `path` is not `text` (one that cannot be read, or not as UTF-8, counts as different)."""
    try:
        return path.read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def written(files: dict[str, str], into: Path) -> list[str]:
    """The files `write` writes under `into`: all, but site.yaml where the folder has one already, or a link by that
    name, live or dangling (the publisher's, never replaced by an import, not even with --force)."""
    return [rel for rel in files if not (rel == SITE_FILE and _there(into / rel))]


def write(files: dict[str, str], into: Path, *, force: bool = False) -> list[ContentError]:
    """Write the files under `into`, each whole or not at all; an existing different file is an error (nothing
    written) unless `force`, a symbolic link always (never the import's to replace); an existing site.yaml is left as
    it is (see `written`)."""
    chosen = written(files, into)
    errors = []
    for rel in chosen:
        path = into / rel
        where = Position(PurePosixPath(str(path)))
        if path.is_symlink():
            errors.append(ContentError(where, "is a symbolic link: not replaced, even with --force"))
        elif path.exists() and not path.is_file():
            errors.append(ContentError(where, "exists already and is not a file: not replaced"))
        elif path.exists() and not force and _differs(path, files[rel]):
            errors.append(ContentError(where, "exists already: not overwritten (use --force)"))
    if errors:
        return errors
    for rel in chosen:
        write_whole(into / rel, files[rel].encode("utf-8"))
    return []
