"""The shortcuts taken to render faster give what the work they spare would have given."""

from __future__ import annotations

import dataclasses
import re
from io import BytesIO

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from diptych import cite, markup
from diptych.cite import bibtex_file, csl, ris_file
from diptych.outline import slugify
from diptych.theme import load_typography
from diptych.typography import NOT_PROSE, Rule, Typography, apply, compile_rules, may_keep, needs
from diptych.urls import name_slug
from tests.conftest import ROOT
from tests.unit.test_cite import BARE, HOSTILE, REF

FR, _ = load_typography(ROOT, "fr")
assert FR is not None
EVERY_RULE = Typography("fr", tuple(dataclasses.replace(rule, needs=()) for rule in FR.rules))  # each rule always run

TEXTS = [
    "Qui ? Quoi! Oui ; non.",
    "Note: voir plus bas",
    "« la dissuasion »",
    "«la dissuasion»",
    "Il reste 93 % ; 10 000 soldats",
    "le 1 juin 2019, le 11 juin, le 21 mars, le 1 janv. 2020",
    "à 10:30, en 2019",
    "Voir https://doi.org/10.1/x?y=1 ; ou www.example.org/a?b ou WWW.EXAMPLE.ORG/c?d",
    "Écrire à redaction@revue.example.org ; ou mailto:x@y.fr !",
    "sans rien à changer",
    "",
    " »",
    "1\u00a0juin",
]
PIECES = [*"ab1 23:;!?«»%@.w/\u00a0\u202f\u2009\n(", "juin", "www.", "://", "000"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("before", ["", " ", "x", "1", "«"])
def test_rules_skipped_for_want_of_a_character_change_nothing(text: str, before: str) -> None:
    assert FR.text_uncached(text, before) == EVERY_RULE.text_uncached(text, before)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.sampled_from(["", " ", "x", "1", "«", ":"]))
def test_rules_skipped_for_want_of_a_character_change_nothing_property(text: str, before: str) -> None:
    assert FR.text_uncached(text, before) == EVERY_RULE.text_uncached(text, before)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_text_may_keep_reads_nothing_has_no_url_or_address(text: str) -> None:
    if not may_keep(text):
        assert NOT_PROSE.search(text) is None
    for address in ("http://x.org", "mailto:a@b", "a@b.fr", "www.x.org", "WwW.x.org"):
        assert may_keep(text + address)


@pytest.mark.parametrize(
    ("pattern", "present", "absent"),
    [
        (r"(?<=[^\s;!?«(\[])[ \u00a0]?([;!?])", ["a ;", "x!"], ["a b", ""]),
        (r"(?<=\d)[ \u00a0\u2009](?=\d{3}(?!\d))", ["10 000"], ["dix ans", "10000"]),
        (r"(?:(?<=\S)|^)[ \u00a0]?»", ["a »"], ["a «"]),
        (r"x+y{2,}", ["xyy"], ["yy", "x"]),
        (r"(?=ab)a", ["ab"], ["b", "a"]),
    ],
)
def test_what_a_pattern_needs_is_in_every_text_it_matches(pattern: str, present: list[str], absent: list[str]) -> None:
    compiled = re.compile(pattern)
    classes = needs(compiled)
    assert classes
    for text in present:
        assert compiled.search(text) and all(c.search(text) for c in classes)
    for text in absent:
        assert compiled.search(text) is None and not all(c.search(text) for c in classes)


@pytest.mark.parametrize(
    "pattern",
    [r"(?i)x", r"(?i:x)y*", r"a|b", r"(?!x)", r"x?", r"x*", r"(a)?\1?", r"[^\W\d]?", r"."],
)
def test_a_pattern_read_no_further_needs_nothing_it_might_not(pattern: str) -> None:
    compiled = re.compile(pattern)
    rule = compile_rules("fr", [("r", pattern, "z")]).rules[0]
    assert rule.needs == needs(compiled)
    if pattern.startswith("(?i"):
        assert needs(compiled) == ()
    fresh = Typography("fr", (Rule("r", compiled, "z"),))
    for text in ["", "x", "X", "ab", "y", "zzz"]:
        assert Typography("fr", (rule,)).text_uncached(text) == fresh.text_uncached(text)


@pytest.mark.parametrize("name", ["Élise Müller", "Jean de La Fontaine", "毛泽东", "", "!!", "XVIe siècle"])
def test_a_remembered_name_slug_is_the_computed_one(name: str) -> None:
    assert name_slug(name) == (slugify(name) or "-")
    assert name_slug(name) == name_slug.__wrapped__(name)


@pytest.mark.parametrize("refs", [[REF], [REF, BARE], [BARE, REF, dataclasses.replace(REF, title=HOSTILE)], []])
def test_remembered_reference_files_are_the_computed_ones(refs: list[cite.Reference]) -> None:
    assert cite.ris(refs) == ris_file._ris.__wrapped__(tuple(refs))
    assert cite.bibtex(refs) == bibtex_file._bibtex.__wrapped__(tuple(refs))
    assert cite.ris(refs) == cite.ris(list(refs))  # a list and a tuple of the same references are one key


@pytest.mark.parametrize("ref", [REF, BARE, dataclasses.replace(REF, title=HOSTILE, authors=())])
@pytest.mark.parametrize("lang", ["fr", "en", "de", "en-GB"])
def test_remembered_terms_cite_as_citeproc_alone(ref: cite.Reference, lang: str) -> None:
    style = CitationStylesStyle(BytesIO(csl._style_xml()), locale=cite.csl_locale(lang), validate=True)
    item = csl._csl_item(ref)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), csl._FORMATTER)
    bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = str(bibliography.bibliography()[0])
    alone = Markup(csl._SENTINEL_CHARS.sub(lambda m: csl._SENTINELS[m.group()], str(escape(rendered))))
    assert cite.how_to_cite(ref, lang) == alone
    assert cite.how_to_cite(ref, lang) == alone  # and again, with every term already looked up


def test_a_remembered_abstract_is_the_computed_one() -> None:
    text = "Un *résumé*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>"
    assert markup.block(text) == markup.block.__wrapped__(text)


@pytest.mark.parametrize(
    ("page", "expected"),
    [  # what apply gave before it copied unchanged stretches whole, quirks included (a tag inside a script's text
        # is written twice: to be fixed on its own, not here)
        (
            "<p>Qui ? <script>if (a<b) {}</script> Quoi ! <em>« oui »</em></p>",
            "<p>Qui\u202f? <script>if (a<b) {}<b) {}</script> Quoi ! <em>« oui »</em></p>",
        ),
        (
            '<html lang="fr"><head><meta name="description" content="Note: voir"><style>p<i>{}</style></head>'
            "<body><p>a ; b</p><script>x<y>z ;</script> c ; d</body></html>",
            '<html lang="fr"><head><meta name="description" content="Note\xa0: voir"><style>p<i>{}<i>{}</style></head>'
            "<body><p>a\u202f; b</p><script>x<y>z ;<y>z ;</script> c\u202f; d</body></html>",
        ),
        (
            '<p>10 000 &amp; 93 % ; <code>a ; b</code> <span lang="en">a ; b</span> ; fin</p>',
            '<p>10\u202f000 &amp; 93\u202f%\u202f; <code>a ; b</code> <span lang="en">a ; b</span>\u202f; fin</p>',
        ),
    ],
)
def test_a_page_set_in_stretches_is_the_page_set_tag_by_tag(page: str, expected: str) -> None:
    assert apply(page, "fr", {"fr": FR}.get) == expected
