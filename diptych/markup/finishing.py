"""Python-Markdown's conversion finished after its block reading, block by block, with the notes called and no others."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import OrderedDict

import markdown
from markdown.extensions.footnotes import FootnoteExtension, FootnoteTreeprocessor
from markdown.treeprocessors import InlineProcessor


def inline_processor(md: markdown.Markdown) -> InlineProcessor:
    """The converter's tree processor that reads inline Markdown."""
    return md.treeprocessors["inline"]  # type: ignore[return-value]


def finish(md: markdown.Markdown, root: etree.Element, notes: FootnoteExtension | None) -> list[str]:
    """What `Markdown.convert` does after its block parser (tree processors, serializer, postprocessors), each
    top-level block's HTML apart; the footnotes those blocks call are rendered, and no others."""
    inline = inline_processor(md)
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
    return [part.strip() for part in serialize(md, root).split(BLOCK_END) if part.strip()]


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


def serialize(md: markdown.Markdown, root: etree.Element) -> str:
    """The HTML of a tree's children, serialized and postprocessed as `Markdown.convert` writes it."""
    output = md.serializer(root)
    start, end = output.find(f"<{md.doc_tag}>"), output.rfind(f"</{md.doc_tag}>")
    output = output[start + len(md.doc_tag) + 2 : end].strip() if 0 <= start < end else ""  # an empty root: <div />
    for postprocessor in md.postprocessors:
        output = postprocessor.run(output)
    return output.strip()
