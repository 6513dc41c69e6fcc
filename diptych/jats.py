"""One article as a JATS 1.3 XML document (Journal Publishing tag set): its front matter, and its full text on demand.

The front matter comes from public fields only: titles, abstracts, keywords, authors, dates, identifiers. The body
is read only when the caller asks for it (`body=True`, the subscriber edition); with `body=False` nothing here
looks into `Version.body` beyond `has_body`, so a front-matter-only file cannot carry a withheld word.

Titles, abstracts and bodies go through `markup` (Markdown to sanitised HTML) and the HTML is mapped to JATS:
emphasis, links, lists, quotations, tables (JATS's XHTML table model), figures, footnotes (an `xref` in the text,
an `fn` in `back/fn-group`), headings nested as `sec` by level. Any other tag keeps its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from . import markup
from .cite import page_range, split_name
from .config import SiteConfig
from .metadata import license_url
from .models import Article, Author, Issue, Site, Version
from .outline import Anchors
from .urls import Urls, name_slug
from .views import main_version

XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
NSMAP = {"xlink": XLINK, "ali": ALI}
HREF = f"{{{XLINK}}}href"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold
ORCID = "https://orcid.org/"

INLINE = {
    "em": "italic",
    "i": "italic",
    "strong": "bold",
    "b": "bold",
    "sup": "sup",
    "sub": "sub",
    "code": "monospace",
    "kbd": "monospace",
    "samp": "monospace",
    "u": "underline",
    "s": "strike",
    "del": "strike",
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = frozenset(
    {*HEADINGS, "p", "ul", "ol", "blockquote", "table", "pre", "figure", "dl", "hr", "div", "li", "dt", "dd"}
    | {"figcaption", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col"}
)
# Element-only content: whitespace between children means nothing there, so these are indented.
STRUCTURE = frozenset(
    {
        *("article", "front", "body", "back", "sec", "journal-meta", "journal-title-group", "trans-title-group"),
        *("publisher", "article-meta", "article-categories", "subj-group", "title-group", "contrib-group", "contrib"),
        *("name", "pub-date", "date", "pub-history", "event", "permissions", "license", "abstract", "trans-abstract"),
        *("kwd-group", "fn-group", "fn", "list", "list-item", "disp-quote", "table-wrap", "table", "thead", "tbody"),
        *("tfoot", "tr", "fig", "caption", "graphic", "def-list", "def-item", "def"),
    }
)


def exportable(config: SiteConfig) -> bool:
    """Whether the site can have JATS files: the Journal Publishing tag set requires the journal's ISSN."""
    return bool(config.issn or config.eissn)


def jats_article(article: Article, site: Site, urls: Urls, *, body: bool) -> bytes:
    """One article as a JATS 1.3 (Journal Publishing) XML document, UTF-8, with an XML declaration.

    In the language of its full text, the other versions as translations. With `body=True` the whole text goes
    in, withheld part included (the subscriber edition); with `body=False` the front matter only. A teaser-only
    version (`remaining_percent`) has no full text to give: its file has no body either way.
    """
    config = site.config
    if not exportable(config):
        raise ValueError("a JATS file (Journal Publishing) needs the journal's ISSN: site.yaml has no issn nor eissn")
    lang = main_version(article).lang
    main = article.versions[lang]
    others = [v for v in article.versions.values() if v.lang != lang]
    root = etree.Element("article", {"article-type": "research-article", "dtd-version": "1.3", LANG: lang}, nsmap=NSMAP)
    front = _sub(root, "front")
    _journal_meta(_sub(front, "journal-meta"), config)
    issue = site.issues[article.issue] if article.issue else None
    _article_meta(_sub(front, "article-meta"), article, main, others, issue, urls)
    if body and main.remaining_percent is None and main.has_body:  # `body` first: without it, no look at the text
        text, back = _body(main.body)
        if len(text):
            root.append(text)
        if back is not None:
            root.append(back)
    _unlink_dangling(root)
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"


# ---- front matter ---------------------------------------------------------------------------------


def _journal_meta(meta: etree._Element, config: SiteConfig) -> None:
    first, *rest = config.languages
    _sub(meta, "journal-id", name_slug(config.title[first]), {"journal-id-type": "publisher-id"})
    titles = _sub(meta, "journal-title-group")
    _sub(titles, "journal-title", config.title[first], {LANG: first})
    for lang in rest:
        if config.title.get(lang):
            _sub(_sub(titles, "trans-title-group", attrs={LANG: lang}), "trans-title", config.title[lang])
    if config.abbreviation:
        _sub(titles, "abbrev-journal-title", config.abbreviation, {"abbrev-type": "publisher"})
    if config.issn:
        _sub(meta, "issn", config.issn, {"publication-format": "print"})
    if config.eissn:
        _sub(meta, "issn", config.eissn, {"publication-format": "electronic"})
    if config.publisher:
        _sub(_sub(meta, "publisher"), "publisher-name", config.publisher)


def _article_meta(
    meta: etree._Element, article: Article, main: Version, others: list[Version], issue: Issue | None, urls: Urls
) -> None:
    if article.doi:
        _sub(meta, "article-id", article.doi, {"pub-id-type": "doi"})
    sections = [(v.lang, article.section[v.lang]) for v in (main, *others) if article.section and article.section.get(v.lang)]
    if sections:
        categories = _sub(meta, "article-categories")
        for lang, section in sections:
            group = _sub(categories, "subj-group", attrs={"subj-group-type": "heading", LANG: lang})
            _sub(group, "subject", section)
    _title_group(_sub(meta, "title-group"), main, others)
    if article.authors:
        _contributors(_sub(meta, "contrib-group"), article.authors)
    _date(meta, "pub-date", article.date, {"publication-format": "electronic", "date-type": "pub"})
    if issue is not None:
        _date(meta, "pub-date", issue.date, {"publication-format": "electronic", "date-type": "collection"})
        if issue.volume is not None:
            _sub(meta, "volume", str(issue.volume))
        if issue.number is not None:
            _sub(meta, "issue", str(issue.number))
        for v in (main, *others):
            if issue.title.get(v.lang):
                _sub(meta, "issue-title", issue.title[v.lang], {LANG: v.lang})
    first, last = page_range(article.pages)
    if first:
        _sub(meta, "fpage", first)
        if last:
            _sub(meta, "lpage", last)
    if article.updated:  # a correction: an event of the article's publication history, not a second publication
        event = _sub(_sub(meta, "pub-history"), "event", attrs={"event-type": "corrected"})
        _date(event, "date", article.updated, {"date-type": "corrected"})
    if article.license:
        _license(_sub(meta, "permissions"), article.license)
    for v in (main, *others):
        _sub(meta, "self-uri", attrs={HREF: urls.absolute(urls.article(v.lang, v.slug)), LANG: v.lang})
    _nest(_flow(_parse(markup.block(main.abstract)), _Context()), _sub(meta, "abstract"), _Context(), paras_first=True)
    for v in others:
        abstract = _sub(meta, "trans-abstract", attrs={LANG: v.lang})
        _nest(_flow(_parse(markup.block(v.abstract)), _Context()), abstract, _Context(), paras_first=True)
    for v in (main, *others):
        if v.keywords:
            group = _sub(meta, "kwd-group", attrs={"kwd-group-type": "author", LANG: v.lang})
            for keyword in v.keywords:
                _sub(group, "kwd", keyword)


def _title_group(group: etree._Element, main: Version, others: list[Version]) -> None:
    _inline(_sub(group, "article-title"), _parse(markup.inline(main.title)), _Context())
    if main.subtitle:
        _inline(_sub(group, "subtitle"), _parse(markup.inline(main.subtitle)), _Context())
    for v in others:
        trans = _sub(group, "trans-title-group", attrs={LANG: v.lang})
        _inline(_sub(trans, "trans-title"), _parse(markup.inline(v.title)), _Context())
        if v.subtitle:
            _inline(_sub(trans, "trans-subtitle"), _parse(markup.inline(v.subtitle)), _Context())


def _contributors(group: etree._Element, authors: Iterable[Author]) -> None:
    """Each author in order (ORCID, name, affiliation), then the affiliations, each given once."""
    affiliations: dict[str, str] = {}
    for author in authors:
        contrib = _sub(group, "contrib", attrs={"contrib-type": "author"})
        if author.orcid:
            _sub(contrib, "contrib-id", ORCID + author.orcid, {"contrib-id-type": "orcid"})
        family, given, suffix = split_name(author)
        name = _sub(contrib, "name")
        _sub(name, "surname", family)  # a one-word name ("Plato") is a surname, as cite.py and Scholar read it
        if given:
            _sub(name, "given-names", given)
        if suffix:
            _sub(name, "suffix", suffix)
        if author.affiliation:
            rid = affiliations.setdefault(author.affiliation, f"aff{len(affiliations) + 1}")
            _sub(contrib, "xref", attrs={"ref-type": "aff", "rid": rid})
    for affiliation, rid in affiliations.items():
        _sub(_sub(group, "aff", attrs={"id": rid}), "institution", affiliation)


def _date(parent: etree._Element, tag: str, day: date, attrs: Mapping[str, str]) -> None:
    element = _sub(parent, tag, attrs={**attrs, "iso-8601-date": day.isoformat()})
    _sub(element, "day", f"{day.day:02d}")
    _sub(element, "month", f"{day.month:02d}")
    _sub(element, "year", f"{day.year:04d}")


def _license(permissions: etree._Element, license: str) -> None:
    """The licence as written, and its URL where there is one (ALI's license_ref, as JATS4R recommends)."""
    url = license_url(license)
    element = _sub(permissions, "license", attrs={HREF: url} if url else None)
    if url:
        _sub(element, f"{{{ALI}}}license_ref", url)
    paragraph = _sub(element, "license-p")
    if url:
        _sub(paragraph, "ext-link", license, {"ext-link-type": "uri", HREF: url})
    else:
        paragraph.text = _clean(license)


# ---- the body -------------------------------------------------------------------------------------


def _body(text: str) -> tuple[etree._Element, etree._Element | None]:
    """The whole text as `body`, and its footnotes as `back/fn-group` (None without footnotes)."""
    rendered, headings = markup.body(text, Anchors(), "")
    root = _parse(rendered)
    ctx = _Context(levels={anchor: level for level, _, anchor in headings})
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
    _nest(_flow(root, ctx), body, ctx)
    if not notes:
        return body, None
    back = etree.Element("back")
    group = _sub(back, "fn-group")
    for n, li in enumerate(notes, 1):
        fn = _sub(group, "fn", attrs={"id": f"fn{n}"})
        _sub(fn, "label", str(n))
        fn.extend(_just_paras(_flat(_flow(li, ctx))) or [etree.Element("p")])
    return body, back


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    node: lxml_html.HtmlElement


@dataclass(slots=True)
class _Context:
    levels: dict[str, int] = field(default_factory=dict)  # a heading's anchor -> its level in the Markdown
    targets: dict[str, tuple[str, str]] = field(default_factory=dict)  # an HTML id -> (JATS id, xref ref-type)


def _parse(fragment: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def _nest(items: list, container: etree._Element, ctx: _Context, *, paras_first: bool = False) -> None:
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
            sec = _sub(stack[-1][1], "sec", attrs={"id": target[0]} if target and target[1] == "sec" else None)
            _inline(_sub(sec, "title"), item.node, ctx)
            stack.append((item.level, sec))
        elif paras_first and stack[-1][1] is container:
            container.extend(_just_paras([item]))
        else:
            stack[-1][1].append(item)


def _flow(container: lxml_html.HtmlElement, ctx: _Context) -> list:
    """The blocks inside an HTML element, as JATS blocks and `_Heading`s; loose text and inline tags make a `p`."""
    out: list = []
    run: etree._Element | None = None

    def paragraph() -> etree._Element:
        nonlocal run
        if run is None:
            run = etree.Element("p")
            out.append(run)
        return run

    if container.text and container.text.strip():
        _add_text(paragraph(), container.text.lstrip())
    for node in container:
        if isinstance(node.tag, str) and node.tag in BLOCKS:
            run = None
            out.extend(_block(node, ctx))
        elif isinstance(node.tag, str):
            _inline_node(paragraph(), node, ctx)
        if node.tail and (node.tail.strip() or run is not None):
            tail = node.tail if run is not None else node.tail.lstrip()
            _add_text(paragraph(), tail)
    for p in out:
        if isinstance(p, etree._Element) and p.tag == "p":
            _strip_end(p)
    return [p for p in out if not (isinstance(p, etree._Element) and p.tag == "p" and not len(p) and not p.text)]


def _block(node: lxml_html.HtmlElement, ctx: _Context) -> list:
    tag = node.tag
    if tag in HEADINGS:
        return [_Heading(ctx.levels.get(node.get("id", ""), int(tag[1])), node)]
    if tag == "p":
        image = _lone_image(node)
        if image is not None:
            return _figure([image], None, ctx)
        p = etree.Element("p")
        _inline(p, node, ctx)
        _strip_end(p)
        return [p]
    if tag in ("ul", "ol"):
        return _list(node, ctx)
    if tag == "blockquote":
        quote = etree.Element("disp-quote")
        quote.extend(_flat(_flow(node, ctx)))
        return [quote]
    if tag == "table":
        return _table(node, ctx)
    if tag == "pre":
        pre = etree.Element("preformat", {"preformat-type": "code"})
        pre.text = _clean(node.text_content())
        return [pre]
    if tag == "figure":
        images = list(node.iter("img"))
        caption = next(node.iter("figcaption"), None)
        return _figure(images, caption, ctx) if images else _flow(node, ctx)
    if tag == "dl":
        return _definitions(node, ctx)
    if tag == "hr" or (tag == "div" and "footnote" in node.get("class", "").split()):
        return []  # a rule means nothing in JATS; the footnotes go to back/fn-group
    return _flow(node, ctx)  # div and stray parts of lists and tables: their content


def _lone_image(p: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The image a paragraph holds alone (a Markdown figure), if it does."""
    children = [c for c in p if isinstance(c.tag, str)]
    if len(children) == 1 and children[0].tag == "img" and not (p.text or "").strip() and not (children[0].tail or "").strip():
        return children[0]
    return None


def _figure(images: list, caption: lxml_html.HtmlElement | None, ctx: _Context) -> list:
    """A `fig`: its caption (the figcaption, else the image's alt text as title) and a `graphic` per image."""
    fig = etree.Element("fig")
    alt = (images[0].get("alt") or "").strip()
    if caption is not None:
        paragraph = _sub(_sub(fig, "caption"), "p")
        _inline(paragraph, caption, ctx)
        _strip_end(paragraph)
    elif alt:
        _sub(_sub(fig, "caption"), "title", alt)
    for image in images:
        if image.get("src"):
            graphic = _sub(fig, "graphic", attrs={HREF: image.get("src")})
            if (image.get("alt") or "").strip():
                _sub(graphic, "alt-text", image.get("alt").strip())
    return [fig] if len(fig) else []


def _list(node: lxml_html.HtmlElement, ctx: _Context) -> list:
    element = etree.Element("list", {"list-type": "order" if node.tag == "ol" else "bullet"})
    for child in node:
        if isinstance(child.tag, str):
            item = _sub(element, "list-item")
            item.extend(_just_paras(_flat(_flow(child, ctx)), keep=("p", "list")) or [etree.Element("p")])
    return [element] if len(element) else []


def _definitions(node: lxml_html.HtmlElement, ctx: _Context) -> list:
    element = etree.Element("def-list")
    item = None
    for child in node:
        if child.tag == "dt" or (child.tag == "dd" and item is None):
            item = _sub(element, "def-item")
            term = _sub(item, "term")
            if child.tag == "dt":
                _inline(term, child, ctx)
                continue
        if child.tag == "dd" and item is not None:
            _sub(item, "def").extend(_just_paras(_flat(_flow(child, ctx))) or [etree.Element("p")])
    return [element] if len(element) else []


def _table(node: lxml_html.HtmlElement, ctx: _Context) -> list:
    """A `table-wrap` around JATS's XHTML table: thead, tfoot then tbody (JATS's order), cells' text and spans."""
    wrap = etree.Element("table-wrap")
    caption = next((c for c in node if c.tag == "caption"), None)
    if caption is not None:
        _inline(_sub(_sub(wrap, "caption"), "title"), caption, ctx)
    table = _sub(wrap, "table")
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
        return _flow(node, ctx)
    return [wrap]


def _rows(table: etree._Element, tag: str, rows: list, ctx: _Context) -> None:
    cells = [[c for c in row if c.tag in ("th", "td")] for row in rows]
    cells = [row for row in cells if row]
    if not cells:
        return
    part = _sub(table, tag)
    for row in cells:
        tr = _sub(part, "tr")
        for cell in row:
            attrs = {name: cell.get(name) for name in ("colspan", "rowspan") if (cell.get(name) or "").isdigit()}
            if cell.get("scope") in ("col", "colgroup", "row", "rowgroup"):
                attrs["scope"] = cell.get("scope")
            align = re.match(r"^text-align: (left|right|center);$", cell.get("style") or "")
            if align:
                attrs["align"] = align[1]
            element = _sub(tr, cell.tag, attrs=attrs)
            _inline(element, cell, ctx)
            _strip_end(element)


def _flat(items: list) -> list[etree._Element]:
    """Blocks where sections cannot open (a quotation, a list item, a note): a heading becomes a bold paragraph."""
    out = []
    for item in items:
        if isinstance(item, _Heading):
            p = etree.Element("p")
            _inline(_sub(p, "bold"), item.node, _Context())
            out.append(p)
        else:
            out.append(item)
    return out


def _just_paras(items: list[etree._Element], keep: tuple[str, ...] = ("p",)) -> list[etree._Element]:
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


# ---- inline text ----------------------------------------------------------------------------------


def _inline(dst: etree._Element, src: lxml_html.HtmlElement, ctx: _Context) -> None:
    """The content of an HTML element (text and inline tags) appended to a JATS element."""
    _add_text(dst, src.text)
    for node in src:
        _inline_node(dst, node, ctx)
        _add_text(dst, node.tail)


def _inline_node(dst: etree._Element, node: lxml_html.HtmlElement, ctx: _Context) -> None:
    tag = node.tag
    if not isinstance(tag, str):  # a comment or a processing instruction: no text
        return
    if tag in INLINE:
        _inline(_sub(dst, INLINE[tag]), node, ctx)
    elif tag == "a":
        _link(dst, node, ctx)
    elif tag == "img":
        if node.get("src"):
            graphic = _sub(dst, "inline-graphic", attrs={HREF: node.get("src")})
            if (node.get("alt") or "").strip():
                _sub(graphic, "alt-text", node.get("alt").strip())
    elif tag == "br":
        _add_text(dst, "\n")
    else:  # span, abbr, cite, q, small, time, a block inside a cell...: their text
        _inline(dst, node, ctx)


def _link(dst: etree._Element, node: lxml_html.HtmlElement, ctx: _Context) -> None:
    """A footnote call or a link to a heading as an `xref`; a web link as an `ext-link`; a note's backlink dropped."""
    href = node.get("href") or ""
    if "footnote-backref" in (node.get("class") or "").split():
        _strip_end(dst)
        return
    if href.startswith("#"):
        target = ctx.targets.get(href[1:])
        if target is None:
            _inline(dst, node, ctx)
            return
        _inline(_sub(dst, "xref", attrs={"ref-type": target[1], "rid": target[0]}), node, ctx)
        return
    if href:
        _inline(_sub(dst, "ext-link", attrs={"ext-link-type": "uri", HREF: href}), node, ctx)
        return
    _inline(dst, node, ctx)


# ---- lxml helpers ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text XML can hold: control characters and lone surrogates dropped."""
    return NOT_XML.sub("", text)


def _sub(parent: etree._Element, tag: str, text: str | None = None, attrs: Mapping[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag, {name: _clean(value) for name, value in (attrs or {}).items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _add_text(element: etree._Element, text: str | None) -> None:
    """Text appended at the end of an element's content."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + _clean(text)
    else:
        element.text = (element.text or "") + _clean(text)


def _strip_end(element: etree._Element) -> None:
    """No space, line break or no-break space at the end of an element's content (before a dropped backlink)."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "").rstrip() or None
    else:
        element.text = (element.text or "").rstrip() or None


def _unlink_dangling(root: etree._Element) -> None:
    """An `xref` whose target is not in the document (a link to a heading inside a quotation) becomes its text."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for xref in [x for x in root.iter("xref") if x.get("rid") not in ids]:
        _unwrap(xref)


def _unwrap(element: etree._Element) -> None:
    """An element replaced by its content, text and children, in place."""
    parent = element.getparent()
    index = parent.index(element)
    before = element.text or ""
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + before
    else:
        parent.text = (parent.text or "") + before
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    after = element.tail or ""
    parent.remove(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + after
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + after
    else:
        parent.text = (parent.text or "") + after


def _indent(element: etree._Element, depth: int = 0) -> None:
    """Each child of an element-only element on its own line; mixed content (p, titles) left exactly as it is."""
    if element.tag not in STRUCTURE or not len(element) or (element.text or "").strip():
        return
    pad = "\n" + "  " * (depth + 1)
    element.text = pad
    for child in element:
        _indent(child, depth + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * depth
