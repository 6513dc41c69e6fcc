"""paywall.text: where the teaser ends, which footnotes it keeps, what it says of the rest."""

from __future__ import annotations

import re
import textwrap

import pytest

from diptych import markup, paywall
from diptych.models import PublicText
from diptych.outline import THEME_IDS, Anchors

SECRET = "Sentinelle withheld sentence never public."


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def paywalled(body: str, n: int = 3, declared: int | None = None) -> PublicText:
    return paywall.text(body, paywalled=True, teaser_paragraphs=n, declared_percent=declared, backlink_title="note %d")


def free(body: str) -> PublicText:
    return paywall.text(body, paywalled=False, teaser_paragraphs=1, backlink_title="note %d")


def every_field(result: PublicText) -> str:
    """Everything a Text carries, as one string: a leak anywhere in it shows here."""
    return repr((str(result.html), result.headings, result.withheld, result.remaining_percent))


def paragraphs(result: PublicText) -> list[str]:
    """The text of each paragraph of the public HTML."""
    return [markup.plain(p) for p in re.findall(r"<p>(.*?)</p>", str(result.html), re.S)]


def withheld(result: PublicText) -> list[tuple[int, str]]:
    return [(level, str(title)) for level, title in result.withheld]


def words(n: int, word: str = "mot") -> str:
    return " ".join([word] * n)


# --- the marker --------------------------------------------------------------------------------


def test_the_marker_line_splits_the_body() -> None:
    body = md(f"""
        Premier paragraphe public.

        Deuxième paragraphe public.

        <!-- paywall -->

        {SECRET}
        """)
    result = paywalled(body, n=1)  # the marker wins over teaser_paragraphs
    assert paragraphs(result) == ["Premier paragraphe public.", "Deuxième paragraphe public."]
    assert SECRET not in every_field(result)
    assert "paywall" not in str(result.html)
    assert result.remaining_percent is not None


def test_the_marker_tolerates_spaces_inside_and_around() -> None:
    body = f"Public.\n\n   <!--   paywall   -->  \n\n{SECRET}\n"
    result = paywalled(body, n=5)
    assert paragraphs(result) == ["Public."]
    assert SECRET not in every_field(result)


# --- no marker: paragraphs ---------------------------------------------------------------------


def test_without_marker_the_teaser_is_the_first_n_paragraphs() -> None:
    body = md("""
        Un.

        Deux.

        Trois.

        Quatre, retenu.

        Cinq, retenu.
        """)
    result = paywalled(body, n=3)
    assert paragraphs(result) == ["Un.", "Deux.", "Trois."]
    assert "Quatre" not in every_field(result)
    assert "Cinq" not in every_field(result)


def test_a_paragraph_on_several_lines_counts_once() -> None:
    body = md("""
        Un, ligne une
        et ligne deux.

        Deux.

        Trois, retenu.
        """)
    result = paywalled(body, n=2)
    assert paragraphs(result) == ["Un, ligne une\net ligne deux.", "Deux."]
    assert "Trois" not in every_field(result)


def test_headings_are_not_counted_as_paragraphs() -> None:
    body = md("""
        ## Introduction

        Un.

        ### Méthode

        Deux.

        ## Suite

        Trois, retenu.
        """)
    result = paywalled(body, n=2)
    assert [(level, str(title)) for level, title, _ in result.headings] == [(2, "Introduction"), (3, "Méthode")]
    assert paragraphs(result) == ["Un.", "Deux."]
    assert "Trois" not in every_field(result)
    assert withheld(result) == [(2, "Suite")]


def test_a_fence_with_blank_lines_and_a_fake_marker_does_not_split() -> None:
    body = md("""
        Un.

        ```
        ligne de code

        <!-- paywall -->

        autre ligne
        ```

        Deux.

        Trois.

        Quatre, retenu.
        """)
    result = paywalled(body, n=3)  # the code block is one of the three
    html = str(result.html)
    assert "autre ligne" in html and "&lt;!-- paywall --&gt;" in html  # the fence stays whole, as code
    assert paragraphs(result) == ["Un.", "Deux."]
    assert "Trois" not in every_field(result)
    assert "Quatre" not in every_field(result)


def test_a_fake_marker_inside_a_tilde_fence_is_kept_as_code() -> None:
    body = md("""
        Un.

        ~~~~
        <!-- paywall -->
        ~~~~

        Deux.
        """)
    result = free(body)
    assert "<code>&lt;!-- paywall --&gt;\n</code>" in str(result.html)  # it is code to show, not a marker
    assert paywall.markers(body) == paywall.Markers((), ())


def test_a_body_shorter_than_the_teaser_withholds_nothing() -> None:
    result = paywalled("Un.\n\nDeux.\n", n=3)
    assert paragraphs(result) == ["Un.", "Deux."]
    assert result.remaining_percent is None
    assert result.withheld == ()
    assert paywall.remaining_percent("Un.\n\nDeux.\n", 3) is None


# --- footnotes ---------------------------------------------------------------------------------


def test_a_note_cited_in_the_teaser_keeps_its_definition_even_when_defined_after_the_split() -> None:
    body = md(f"""
        Public, avec une note[^a].

        <!-- paywall -->

        {SECRET}

        [^a]: Définition publique de la note a.
        """)
    result = paywalled(body)
    html = str(result.html)
    assert 'Public, avec une note<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>.' in html
    assert '<li id="fn:a">\n<p>Définition publique de la note a.' in html
    assert SECRET not in every_field(result)


def test_a_note_cited_only_after_the_split_is_dropped_entirely() -> None:
    body = md("""
        [^z]: Note définie avant la coupure, citée seulement après : RETENUE.

        Public.

        <!-- paywall -->

        Retenu[^z] et[^y].

        [^y]: Autre note retenue : CACHÉE.
        """)
    result = paywalled(body)
    assert "RETENUE" not in every_field(result)
    assert "CACHÉE" not in every_field(result)
    assert "footnote" not in str(result.html)


def test_a_note_cited_twice_is_defined_once() -> None:
    body = md("""
        Première citation[^n] et seconde citation[^n].

        <!-- paywall -->

        Retenu, qui cite aussi[^n].

        [^n]: La note n.
        """)
    html = str(paywalled(body).html)
    assert html.count('<li id="fn:n">') == 1
    assert html.count("La note n.") == 1
    assert 'href="#fnref2:n"' in html  # both calls in the teaser link back


def test_definitions_out_of_order_are_all_kept_and_uncited_ones_dropped() -> None:
    body = md("""
        Voir[^2] puis[^1].

        <!-- paywall -->

        Retenu[^3].

        [^3]: Trois, retenue.
        [^1]: Un.
        [^2]: Deux.
        """)
    result = paywalled(body)
    html = str(result.html)
    assert html.index('<li id="fn:2">') < html.index('<li id="fn:1">')  # numbered as cited
    assert "Trois" not in every_field(result)


def test_a_multi_line_indented_definition_is_kept_whole() -> None:
    body = md("""
        Public[^long].

        <!-- paywall -->

        Retenu.

        [^long]: Première ligne de la note,
            suite indentée de la note.

            Second paragraphe de la note.
        [^other]: Note retenue, AUTRE.
        """)
    result = paywalled(body)
    html = str(result.html)
    assert "Première ligne de la note,\nsuite indentée de la note." in html
    assert "Second paragraphe de la note." in html
    assert "AUTRE" not in every_field(result)


def test_a_note_cited_by_a_cited_note_comes_along() -> None:
    body = "Public[^a].\n\n<!-- paywall -->\n\nRetenu[^c].\n\n[^a]: Voir[^b].\n\n[^b]: Suite publique.\n\n[^c]: CACHÉE.\n"
    result = paywalled(body)
    assert "Suite publique." in str(result.html)
    assert "CACHÉE" not in every_field(result)


def test_a_footnote_definition_in_a_fence_is_code_not_a_note() -> None:
    body = md("""
        ```
        [^x]: du code
        ```

        Public.

        <!-- paywall -->

        Retenu.
        """)
    assert "[^x]: du code" in str(paywalled(body).html)


# --- withheld headings -------------------------------------------------------------------------


def test_the_withheld_headings_are_listed_in_order_with_their_levels() -> None:
    body = md(f"""
        ## Public

        Public.

        <!-- paywall -->

        {SECRET}

        ## Première *partie*

        ### Une sous-partie ###

        #### Un détail

        ```
        ## Pas un titre, du code
        ```

        ~~~
        ### Pas un titre non plus
        ~~~

        <h2>Pas un titre : du HTML</h2>

        ## Conclusion[^n]

        [^n]: {SECRET}
        """)
    result = paywalled(body)
    assert withheld(result) == [
        (2, "Première <em>partie</em>"),
        (3, "Une sous-partie"),
        (4, "Un détail"),
        (2, "Conclusion"),  # a note's call is no part of an outline's title
    ]
    assert "Pas un titre" not in every_field(result)
    assert SECRET not in every_field(result)


# --- the percentage ----------------------------------------------------------------------------


def test_remaining_percent_is_the_share_of_words_withheld() -> None:
    body = f"{words(7)}\n\n<!-- paywall -->\n\n{words(93)}\n"
    result = paywalled(body)
    assert result.remaining_percent == 93
    assert type(result.remaining_percent) is int
    assert paywall.remaining_percent(body, 3) == 93


def test_remaining_percent_rounds_half_up() -> None:
    # 185 / 200 = 92.5 % -> 93 (Babel and round() would give 92, half-even)
    assert paywalled(f"{words(15)}\n\n<!-- paywall -->\n\n{words(185)}\n").remaining_percent == 93
    # 35 / 200 = 17.5 % -> 18
    assert paywalled(f"{words(165)}\n\n<!-- paywall -->\n\n{words(35)}\n").remaining_percent == 18


def test_remaining_percent_is_never_0_when_something_is_withheld() -> None:
    result = paywalled(f"{words(999)}\n\n<!-- paywall -->\n\nseul\n")
    assert result.remaining_percent == 1


def test_remaining_percent_is_never_100_when_there_is_a_teaser() -> None:
    result = paywalled(f"seul\n\n<!-- paywall -->\n\n{words(999)}\n")
    assert result.remaining_percent == 99


def test_markup_and_footnote_labels_are_not_words() -> None:
    # a link's URL, a footnote label and an HTML comment count for nothing
    teaser = "un deux [trois](https://example.org/quatre/cinq/six/sept/huit) neuf[^note-longue-de-mots] <!-- x y z -->"
    result = paywalled(f"{teaser}\n\n<!-- paywall -->\n\na b c d\n")
    assert result.remaining_percent == 50  # 4 words shown (un deux trois neuf), 4 hidden


def test_code_and_raw_html_count_their_text() -> None:
    body = "un deux\n\n<!-- paywall -->\n\n```\ntrois quatre\n```\n\n<div><b>cinq</b> six</div>\n"
    assert paywalled(body).remaining_percent == 67  # 4 of 6


# --- free and teaser-only articles -------------------------------------------------------------


def test_a_free_article_keeps_its_whole_body_and_has_no_percentage() -> None:
    body = md("""
        Un[^1].

        Deux.

        <!-- paywall -->

        ## Suite

        Trois.

        [^1]: La note.
        """)
    result = free(body)
    html = str(result.html)
    for text in ("Un<sup", "Deux.", ">Suite</h2>", "Trois.", "La note."):
        assert text in html
    assert "paywall" not in html  # the marker itself is never shown
    assert result.remaining_percent is None
    assert result.withheld == ()


def test_a_teaser_only_version_is_all_teaser_with_the_declared_percent() -> None:
    body = md("""
        Un.

        Deux.

        Trois.

        Quatre.
        """)
    result = paywalled(body, n=1, declared=93)
    assert paragraphs(result) == ["Un.", "Deux.", "Trois.", "Quatre."]
    assert result.remaining_percent == 93
    assert result.withheld == ()


def test_a_teaser_only_version_ignores_the_marker() -> None:
    result = paywalled("Un.\n\n<!-- paywall -->\n\nDeux.\n", n=1, declared=80)
    assert paragraphs(result) == ["Un.", "Deux."]
    assert result.remaining_percent == 80


# --- the leak, at the source -------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_withheld_sentinel_never_reaches_any_field(n: int) -> None:
    body = md(f"""
        ## Ouverture

        Premier[^a].

        Deuxième.

        Troisième.

        {SECRET} Quatrième[^b].

        | a | b |
        | --- | --- |
        | {SECRET} | x |

        > {SECRET}

        ## Fin

        [^a]: Note publique.
        [^b]: {SECRET}
        """)
    result = paywalled(body, n=n)
    assert SECRET not in every_field(result)
    assert paragraphs(result)[0].startswith("Premier")
    assert withheld(result)[-1] == (2, "Fin")


def test_load_reads_the_body_once_and_renders_its_public_text() -> None:
    body = md(f"Un[^1].\n\n<!-- paywall -->\n\nDeux.\n\n{SECRET} unique to this test.\n\n[^1]: Note.\n")
    survey = paywall.survey(body, 1, taken=THEME_IDS)
    assert survey.markers == paywall.markers(body) == paywall.Markers((2,), ())
    page = paywalled(body, n=1)
    assert survey.public is not None and survey.public.remaining_percent == page.remaining_percent == 91  # 10 of 11
    assert SECRET not in repr(survey.public)
    # the notes' backlink titles are each language's, put in later: then it is the page's text exactly
    assert (
        markup.localize(survey.public.html, "note %d")
        == paywall.text(body, paywalled=True, teaser_paragraphs=1, backlink_title="note %d", shift=1).html
    )
    assert 'title="Retour à la note 1 &amp; « ici »"' in markup.localize(survey.public.html, "Retour à la note %d & « ici »")
    assert paywall.survey(body, 1).public is None  # a free text is not rendered at load


def test_a_localized_backlink_title_is_written_as_the_sanitiser_writes_it() -> None:
    body = "Un[^1].\n\n[^1]: Note.\n"
    for title in ("note %d", 'Retour « à » la note %d & "x" <y>', "Nota\u00a0%d"):
        direct = paywall.text(body, paywalled=False, teaser_paragraphs=1, backlink_title=title).html
        later = paywall.text(body, paywalled=False, teaser_paragraphs=1, backlink_title=markup.BACKLINK).html
        assert markup.localize(later, title) == direct


def test_a_chain_of_notes_each_calling_the_next_is_shown_whole_and_in_order() -> None:
    # found by the adversarial review: the div was made again for each note the chain added (600 notes: 26 s)
    body = "Public[^1].\n\n<!-- paywall -->\n\nRetenu.\n\n" + "".join(f"[^{i}]: Note {i}[^{i + 1}].\n\n" for i in range(1, 51))
    html = str(paywalled(body).html)
    assert [int(n) for n in re.findall(r'<li id="fn:(\d+)">', html)] == list(range(1, 51))
    assert [int(n) for n in re.findall(r'title="note (\d+)"', html)] == list(range(1, 51))


def test_an_outline_title_keeps_no_title_attribute() -> None:
    # found by the adversarial review: nh3 keeps `title` on every tag; an outline shows words, not tooltips
    body = '## Chapitre <abbr title="Tok2q caché">II</abbr>\n\nUn.\n\n<!-- paywall -->\n\n## Suite <span title="Tok3q">x</span>\n'
    result = paywalled(body)
    assert [str(title) for _, title, _ in result.headings] == ["Chapitre <abbr>II</abbr>"]
    assert [str(title) for _, title in result.withheld] == ["Suite <span>x</span>"]


def test_locating_the_marker_lines_leaves_the_reading_it_was_given_as_it_was() -> None:
    # the located (tagged) reading must not reuse the converter that holds the caller's reading: a note's text
    # would come out with the tag in it
    body = "Un[^1].\n\n<!-- paywall -->\n\nDeux.\n\n[^1]: Write `<!-- paywall -->` on its own line.\n"
    reading = markup.read(body)
    assert paywall.markers(body, reading) == paywall.Markers((2,), ())
    cut = paywall.split(reading, paywalled=True, teaser_paragraphs=3)
    html, _, _ = reading.render(list(cut.public), Anchors(), 0, cut.withheld_headings)
    assert "Write <code>&lt;!-- paywall --&gt;</code>" in str(html)
    assert html == paywall.text(body, paywalled=True, teaser_paragraphs=3).html
