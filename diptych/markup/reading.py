"""One block reading of a body (`read`, `Reading`): the split, the teaser, the outline and the word count come from it."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from collections import OrderedDict

import markdown
import nh3
from markdown.extensions.footnotes import FootnoteExtension
from markupsafe import Markup

from ..outline import Anchors
from .converters import parser
from .finishing import finish, inline_processor, serialize
from .safe import INLINE_TAGS, plain, sanitize, unique_ids

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
    md = parser("body-aside" if aside else "body", backlink_title)
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
        inline_processor(self._md).run(holder)
        return serialize(self._md, holder)

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
        parts = finish(md, root, self._notes)
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
        safe = unique_ids(Markup("\n".join(sanitize(part, ids=ids) for part in rendered)))
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
        inline_processor(md).run(holder)
        html_text = serialize(md, holder)
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


def _footnotes(md: markdown.Markdown) -> FootnoteExtension | None:
    return next((ext for ext in md.registeredExtensions if isinstance(ext, FootnoteExtension)), None)
