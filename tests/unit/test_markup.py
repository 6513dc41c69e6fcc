"""markup: inline titles, abstracts, bodies; raw HTML escaped or sanitised, ids and notes right."""

from __future__ import annotations

import re

import pytest

from diptych.markup import block, body, inline
from diptych.outline import Anchors

# --- inline -----------------------------------------------------------------------------------


def test_inline_keeps_emphasis_without_a_paragraph() -> None:
    assert inline("*Les Sentinelles du Nord*, une note") == "<em>Les Sentinelles du Nord</em>, une note"


def test_inline_shows_raw_html_as_text() -> None:
    html = inline('Titre <b>gras</b> <script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<b>" not in html and "<script" not in html and "<img" not in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html


def test_inline_drops_javascript_links() -> None:
    assert "javascript:" not in inline("[clic](javascript:alert(1))")


# --- block ------------------------------------------------------------------------------------


def test_block_makes_paragraphs() -> None:
    html = block("Premier *paragraphe*.\n\nSecond.")
    assert html.count("<p>") == 2
    assert "<em>paragraphe</em>" in html


def test_block_sanitises_raw_html() -> None:
    html = block('Texte <span onclick="x()">a</span> <script>alert(1)</script> [l](javascript:alert(1)) <sub>2</sub>')
    assert "onclick" not in html
    assert "<script" not in html and "alert(1)</script" not in html
    assert "javascript:" not in html
    assert "<sub>2</sub>" in html  # what scholarly text needs survives


# --- body -------------------------------------------------------------------------------------

BACK_FR = "Retour au texte de la note %d"


def test_body_heading_ids_are_unique_and_returned_in_order() -> None:
    html, headings = body("## Méthode\n\nUn.\n\n### Méthode\n\nDeux.\n\n## Outline\n", Anchors(), BACK_FR)
    assert [(level, anchor) for level, _, anchor in headings] == [(2, "methode"), (3, "methode-2"), (2, "outline-2")]
    assert '<h2 id="methode">Méthode</h2>' in html
    assert '<h3 id="methode-2">Méthode</h3>' in html
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_body_is_stable() -> None:
    text = "## Une géographie contestée\n\nTexte[^1].\n\n## Une géographie contestée\n\n[^1]: Note.\n"
    assert body(text, Anchors(), BACK_FR) == body(text, Anchors(), BACK_FR)


def test_body_heading_keeps_its_inline_markup() -> None:
    html, headings = body("## Le *Mistral* et la mer\n", Anchors(), BACK_FR)
    assert headings[0][1] == "Le <em>Mistral</em> et la mer"
    assert headings[0][2] == "le-mistral-et-la-mer"
    assert '<h2 id="le-mistral-et-la-mer">Le <em>Mistral</em> et la mer</h2>' in html


@pytest.mark.parametrize(
    ("back", "expected"),
    [(BACK_FR, 'title="Retour au texte de la note 1"'), ("Back to the text of note %d", 'title="Back to the text of note 1"')],
)
def test_footnote_backlink_title_is_in_the_given_language(back: str, expected: str) -> None:
    html, _ = body("Texte[^a].\n\n[^a]: La note.\n", Anchors(), back)
    assert expected in html
    assert "Jump back" not in html
    assert 'class="footnote-backref"' in html and 'class="footnote-ref"' in html


def test_body_removes_what_could_run() -> None:
    text = (
        "Texte <script>alert('s')</script>.\n\n"
        '<img src="figure.png" alt="Carte" onerror="alert(1)">\n\n'
        '[lien](javascript:alert(2)) <a href="javascript:alert(3)">a</a>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n'
        '<p style="background:url(https://evil.example/x)">style</p>\n'
    )
    html, _ = body(text, Anchors(), BACK_FR)
    for bad in ("<script", "alert('s')", "onerror", "javascript:", "<iframe", "evil.example"):
        assert bad not in html, bad
    assert '<img src="figure.png" alt="Carte">' in html


def test_table_alignment_survives_the_sanitiser() -> None:
    html, _ = body("| Édition | Îlots |\n| :--- | ---: |\n| 1864 | 12 |\n", Anchors(), BACK_FR)
    assert '<th style="text-align: left;">Édition</th>' in html
    assert '<td style="text-align: right;">12</td>' in html


def test_body_shares_the_page_anchors() -> None:
    anchors = Anchors()
    anchors.add("Résumé")
    _, headings = body("## Résumé\n", anchors, BACK_FR)
    assert headings[0][2] == "resume-2"


def test_removing_a_repeated_id_never_touches_the_text() -> None:
    source = '## La revue\n\n```\ny = \' id="la-revue"\'\n```\n\n<h3 id="la-revue">Copie</h3>\n'
    html, _ = body(source, Anchors(), "note %d")
    assert "y = &#39; id=&quot;la-revue&quot;&#39;" in html or "y = ' id=\"la-revue\"'" in html
    assert len(re.findall(r'<h\d id="la-revue"', html)) == 1


# --- converters are reused: reset between documents, as Python-Markdown asks ---------------------------

DOCUMENTS = [
    "## Un\n\nTexte[^a] et encore[^b], puis[^a].\n\n| x | y |\n|:--|--:|\n| 1 | 2 |\n\n[^a]: Note A.\n[^b]: Note B.\n",
    "Un [lien][l] et une note[^a].\n\n```\ncode [^a]\n```\n\n[l]: https://example.org\n[^a]: Une autre note A.\n",
    "1. un\n2. deux\n\n* trois\n\n<div>brut</div>\n\nFin sans note.\n",
]


def test_a_reused_converter_gives_what_a_new_one_gives() -> None:
    from diptych.markup import converters

    for text in DOCUMENTS * 2:  # each after each other: no footnote, reference or stash carried over
        assert converters.parser("body", BACK_FR).convert(text) == converters._new_parser("body", BACK_FR).convert(text)
    for text in ["*Titre* [^a] <b>x</b>", "Titre `code` __gras__"] * 2:
        assert converters.parser("inline").convert(text) == converters._new_parser("inline", "").convert(text)
        assert converters.parser("block").convert(text) == converters._new_parser("block", "").convert(text)


def test_converters_are_per_thread_and_bounded() -> None:
    import threading

    from diptych.markup import converters

    here = converters.parser("block")
    there = []
    thread = threading.Thread(target=lambda: there.append(converters.parser("block")))
    thread.start()
    thread.join()
    assert there[0] is not here
    for n in range(converters.PARSERS_KEPT + 5):
        converters.parser("body", f"title {n}")
    assert len(converters._PARSERS.parsers) <= converters.PARSERS_KEPT


@pytest.mark.parametrize(
    "raw",
    ['<img src="javascript:alert(1)">', '<IMG SRC="data:image/png;base64,AAAA">', "<img>", '<img alt="x" src="vbscript:x">'],
)
def test_an_image_the_sanitiser_leaves_without_a_source_goes(raw: str) -> None:
    """Its address removed as unsafe, an image shows nothing and is invalid HTML (<img alt=""> without src)."""
    html = block(f"Avant {raw} après.")
    assert "<img" not in html.lower(), html
    assert "Avant" in html and "après" in html


def test_an_image_with_a_source_keeps_it_and_gets_an_alt() -> None:
    assert '<img src="carte.png" alt="">' in block('Une carte <img src="carte.png">.')
