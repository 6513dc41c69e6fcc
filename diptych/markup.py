"""Markdown to safe HTML: inline titles, abstracts, and bodies with footnotes, tables and heading ids."""

from __future__ import annotations

import copy
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections import OrderedDict
from functools import lru_cache

import markdown
import nh3
from markdown.extensions.footnotes import FootnoteExtension, FootnoteTreeprocessor
from markdown.treeprocessors import InlineProcessor
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


def _new_parser(kind: str, backlink_title: str) -> markdown.Markdown:
    """A Markdown converter for one kind of text: "inline", "block" or "body" (whose footnotes link back with that
    title; "body-aside" is a second one, for a text read while a body's reading is held)."""
    if kind == "inline":
        md = markdown.Markdown()
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        return md
    if kind == "block":
        return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"])
    # Python-Markdown writes the title with str.format ("%d" made "{}"): a brace of a translation's is a brace
    as_format = backlink_title.replace("{", "{{").replace("}", "}}")
    return markdown.Markdown(
        extensions=["footnotes", "tables", "sane_lists", "fenced_code"],
        extension_configs={
            "footnotes": {"BACKLINK_TITLE": as_format, "USE_DEFINITION_ORDER": False},
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
    """A whole body: its HTML and its headings as (level, inline HTML, anchor), in order.

    `shift` lowers every heading by that many levels in the HTML (## -> h3 under the page's own h2);
    the levels returned stay those of the source.
    """
    reading = read(text, backlink_title)
    html, headings, _ = reading.render(reading.blocks, anchors, shift)
    return html, headings


# a note's backlink title rendered at load, each language's put in later: STX and ETX, which Python-Markdown
# removes from every source, so that no text of an author's can hold it
BACKLINK = "\x02diptych-backlink %d\x03"
BACKLINK_SET = re.compile("\x02diptych-backlink (\\d+)\x03")


def localize(fragment: Markup, backlink_title: str) -> Markup:
    """A text rendered with BACKLINK as its notes' backlink title, with `backlink_title` in its place (%d: the
    note's number), escaped as the sanitiser writes an attribute."""
    if "\x02diptych-backlink " not in fragment:
        return fragment
    return Markup(BACKLINK_SET.sub(lambda m: _attribute(backlink_title.replace("%d", m[1])), fragment))


@lru_cache(maxsize=1024)
def _attribute(value: str) -> str:
    """`value` as nh3 writes it in an attribute (as it would have in the page rendered with it)."""
    written = nh3.clean(f'<abbr title="{html.escape(value)}">x</abbr>', tags={"abbr"}, attributes={"abbr": {"title"}})
    return written[len('<abbr title="') : -len('">x</abbr>')]


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MARK = "data-diptych-heading"  # set on the headings Markdown makes, so that raw HTML cannot pose as one
MARKED_HEADING = re.compile(rf'<h([1-6]) {MARK}="">(.*?)</h\1>', re.S)
FOOTNOTE_SUP = re.compile(r'<sup id="fnref[^"]*"><a class="footnote-ref" href="[^"]*">[^<]*</a></sup>')
CODE_STASH = re.compile(r"^<pre[ >]")  # what fenced_code sets aside: a code block, not raw HTML


def read(text: str, backlink_title: str = "", *, aside: bool = False) -> Reading:
    """Python-Markdown's block reading of a body: its preprocessors and its block parser, no inline Markdown.

    The reading holds the thread's converter: use it (render it) before reading another text, or read that
    other text `aside`, with a converter of its own (the same settings), leaving the first reading as it was.
    """
    md = _parser("body-aside" if aside else "body", backlink_title)
    md.lines = text.removeprefix("\ufeff").split("\n")  # a byte-order mark, as Python-Markdown's convertFile drops it
    for preprocessor in md.preprocessors:
        md.lines = preprocessor.run(md.lines)
    root = md.parser.parseDocument(md.lines).getroot()
    for element in root.iter():
        if element.tag in HEADINGS:
            element.set(MARK, "")
    return Reading(md, root)


class Reading:
    """A body as the blocks Python-Markdown's block parser found: the one reading the split, the teaser, the
    outline and the word count all come from."""

    def __init__(self, md: markdown.Markdown, root: etree.Element) -> None:
        self._md = md
        self.blocks: list[etree.Element] = list(root)
        self._notes = _footnotes(md)
        self._labels = tuple(self._notes.footnotes) if self._notes is not None else ()  # every note defined

    def raw(self, block: etree.Element) -> str | None:
        """The raw HTML block or fenced code a top-level placeholder paragraph stands for; None for other blocks."""
        if block.tag != "p" or len(block) or not block.text or "\x02" not in block.text:
            return None
        found = markdown.util.HTML_PLACEHOLDER_RE.fullmatch(block.text.strip())
        stash = self._md.htmlStash.rawHtmlBlocks
        if found is None or int(found[1]) >= len(stash):
            return None
        raw = stash[int(found[1])]
        return raw if isinstance(raw, str) else None

    def inline_html(self, element: etree.Element) -> str:
        """An element's HTML once inline Markdown is applied, unsanitised, from a copy: what a text would show."""
        holder = etree.Element(self._md.doc_tag)
        holder.append(copy.deepcopy(element))
        _inline_processor(self._md).run(holder)
        return _serialize(self._md, holder)

    def footnotes(self) -> list[str]:
        """The texts of the footnotes defined, as Markdown (read when a call shows them)."""
        return list(self._notes.footnotes.values()) if self._notes is not None else []

    def chunk(self, text: str) -> etree.Element:
        """A piece of Markdown read into blocks, as Python-Markdown reads a footnote's text."""
        holder = etree.Element("div")
        self._md.parser.parseChunk(holder, text)
        return holder

    def is_code(self, block: etree.Element) -> bool:
        """A code block: indented, or fenced (set aside by the preprocessor)."""
        raw = self.raw(block)
        return block.tag == "pre" or (raw is not None and bool(CODE_STASH.match(raw)))

    def source(self, block: etree.Element) -> str:
        """A block's text as Markdown read it (inline Markdown not yet applied; raw HTML and code as written)."""
        if not len(block) and block.text and "\x02" not in block.text and block.tag != "pre":
            return block.text  # most blocks: a paragraph's or a heading's text, nothing set aside
        raw = self.raw(block)
        if raw is not None:
            return html.unescape(raw) if CODE_STASH.match(raw) else raw
        text = " ".join(block.itertext())
        if block.tag == "pre":  # the code block processor has escaped it already
            return html.unescape(text)
        return markdown.util.HTML_PLACEHOLDER_RE.sub(lambda m: self._stashed(int(m[1])), text)

    def _stashed(self, key: int) -> str:
        stash = self._md.htmlStash.rawHtmlBlocks
        raw = stash[key] if key < len(stash) else ""
        return f" {raw} " if isinstance(raw, str) else " "

    def render(
        self, blocks: list[etree.Element], anchors: Anchors, shift: int = 0, withheld: tuple[etree.Element, ...] = ()
    ) -> tuple[Markup, list[tuple[int, Markup, str]], list[tuple[int, Markup]]]:
        """The HTML of `blocks` (the body's leading blocks, or all of them) with the footnotes they cite, and
        their headings; then the titles of the `withheld` headings, whose sections are not rendered."""
        md = self._md
        root = etree.Element(md.doc_tag)
        root.extend(blocks)
        parts = _finish(md, root, self._notes)
        headings: list[tuple[int, Markup, str]] = []

        def heading(match: re.Match[str]) -> str:
            level, inner = int(match[1]), match[2]
            anchor = anchors.add(plain(FOOTNOTE_SUP.sub("", inner)))
            headings.append((level, _title(inner), anchor))
            tag = min(max(level + shift, 2), 6)  # the page's title is its only h1
            return f'<h{tag} id="{anchor}">{inner}</h{tag}>'

        rendered = [MARKED_HEADING.sub(heading, part) for part in parts]
        ids = frozenset(anchor for _, _, anchor in headings)
        # each block sanitised on its own: a tag one leaves open closes with it, as Markdown's blocks are closed
        safe = _unique_ids(Markup("\n".join(sanitize(part, ids=ids) for part in rendered)))
        return safe, headings, self._titles(withheld)

    def _titles(self, withheld: tuple[etree.Element, ...]) -> list[tuple[int, Markup]]:
        """The titles of headings whose sections are withheld: their inline Markdown only, read as the body reads it."""
        if not withheld:
            return []
        md = self._md
        holder = etree.Element(md.doc_tag)
        holder.extend(copy.deepcopy(heading) for heading in withheld)
        if self._notes is not None:  # a note cited in a heading is a number, dropped from the title in every edition
            self._notes.footnotes = OrderedDict((label, "") for label in self._labels)
        _inline_processor(md).run(holder)
        html_text = _serialize(md, holder)
        return [(int(m[1]), _title(m[2])) for m in MARKED_HEADING.finditer(html_text)]


def _title(inner: str) -> Markup:
    """A heading's inner HTML as an outline title: inline tags only (no link inside an outline link), no note
    call, and no attribute but `lang` (a title's, a quotation's source: text the outline's reader would not see)."""
    kept = nh3.clean(
        FOOTNOTE_SUP.sub("", inner),
        tags=INLINE_TAGS,
        attributes={},
        attribute_filter=lambda _tag, name, value: value if name == "lang" else None,
        link_rel=None,
    )
    return Markup(kept)


def _inline_processor(md: markdown.Markdown) -> InlineProcessor:
    return md.treeprocessors["inline"]  # type: ignore[return-value]


def _footnotes(md: markdown.Markdown) -> FootnoteExtension | None:
    return next((ext for ext in md.registeredExtensions if isinstance(ext, FootnoteExtension)), None)


def _finish(md: markdown.Markdown, root: etree.Element, notes: FootnoteExtension | None) -> list[str]:
    """What `Markdown.convert` does after its block parser (tree processors, serializer, postprocessors), each
    top-level block's HTML apart; the footnotes those blocks call are rendered, and no others."""
    inline = _inline_processor(md)
    _inline(md, inline, root)
    if notes is not None and notes.footnotes:
        div = _called_notes(md, root, notes, inline)
        if div is not None:
            root.append(div)
    for treeprocessor in md.treeprocessors:
        if isinstance(treeprocessor, (InlineProcessor, FootnoteTreeprocessor)):  # done above, in their order
            continue
        new_root = treeprocessor.run(root)
        if new_root is not None:
            root = new_root
    for block in root:
        block.tail = BLOCK_END
    return [part.strip() for part in _serialize(md, root).split(BLOCK_END) if part.strip()]


BLOCK_END = "\x02diptych:block\x03"  # between top-level blocks; NormalizeWhitespace removed STX and ETX from the source


def _called_notes(
    md: markdown.Markdown, root: etree.Element, notes: FootnoteExtension, inline: InlineProcessor
) -> etree.Element | None:
    """The footnotes' div with the notes the blocks call, and those these notes call in turn.

    Python-Markdown's footnote tree processor renders every definition, called or not (the leak to avoid): the
    div is made here after the blocks' inline reading, from the notes it found called, each note read once;
    the notes those call are added after them, read in their turn.
    """
    everything = notes.footnotes
    called = list(notes.footnote_order)
    done: set[str] = set()
    div = None
    while pending := {label for label in called if label not in done}:
        notes.footnotes = OrderedDict((label, text) for label, text in everything.items() if label in pending)
        part = notes.makeFootnotesDiv(root)
        notes.footnotes = everything  # a note may call any note defined
        if part is None:
            break
        holder = etree.Element(md.doc_tag)
        holder.append(part)
        inline.run(holder)
        done |= pending
        if div is None:
            div = part
        else:
            div.find("ol").extend(list(part.find("ol")))  # type: ignore[union-attr]
        known = set(called)
        called += [label for label in notes.footnote_order if label not in known]
    notes.footnotes = OrderedDict((label, text) for label, text in everything.items() if label in done)
    if div is not None:  # numbered as a whole, as Python-Markdown's reordering would
        for number, item in enumerate(div.find("ol"), start=1):  # type: ignore[arg-type]
            backlink = item.find('.//a[@class="footnote-backref"]')
            if backlink is not None:
                backlink.set("title", notes.getConfig("BACKLINK_TITLE").format(number))
    return div


def _inline(md: markdown.Markdown, inline: InlineProcessor, root: etree.Element) -> None:
    """Inline Markdown, one top-level block after the other.

    Python-Markdown reads a tree breadth first: a note called in a quotation would be numbered after one called
    in any later paragraph, and the numbers of a teaser's calls would depend on the withheld text. Block by block,
    notes are numbered in reading order, and a text's beginning reads the same alone or followed by the rest.
    """
    blocks: list[etree.Element] = []
    for block in list(root):
        holder = etree.Element(md.doc_tag)
        holder.append(block)
        inline.run(holder)
        blocks += list(holder)
    root[:] = blocks


def _serialize(md: markdown.Markdown, root: etree.Element) -> str:
    output = md.serializer(root)
    start, end = output.find(f"<{md.doc_tag}>"), output.rfind(f"</{md.doc_tag}>")
    output = output[start + len(md.doc_tag) + 2 : end].strip() if 0 <= start < end else ""  # an empty root: <div />
    for postprocessor in md.postprocessors:
        output = postprocessor.run(output)
    return output.strip()


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
