"""Python-Markdown's converters, one for each kind of text, built once for each thread and reset between texts."""

from __future__ import annotations

import threading

import markdown


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


def parser(kind: str, backlink_title: str = "") -> markdown.Markdown:
    """A converter for `kind`, built once and reset between documents, as Python-Markdown asks (building one costs
    more than converting a title)."""
    parsers: dict[tuple[str, str], markdown.Markdown] = _PARSERS.__dict__.setdefault("parsers", {})
    md = parsers.get((kind, backlink_title))
    if md is None:
        if len(parsers) >= PARSERS_KEPT:
            parsers.clear()
        md = parsers[kind, backlink_title] = _new_parser(kind, backlink_title)
    return md.reset()
