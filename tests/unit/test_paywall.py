"""paywall.split: where the teaser ends, which footnotes it keeps, what it says of the rest."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from diptych.paywall import Heading, Split, split

SECRET = "Sentinelle withheld sentence never public."


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def paywalled(body: str, n: int = 3, declared: int | None = None) -> Split:
    return split(body, paywalled=True, teaser_paragraphs=n, declared_percent=declared)


def every_field(result: Split) -> str:
    """Everything a Split carries, as one string: a leak anywhere in it shows here."""
    return repr(dataclasses.astuple(result))


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
    assert "Premier paragraphe public." in result.teaser
    assert "Deuxième paragraphe public." in result.teaser
    assert SECRET not in every_field(result)
    assert "paywall" not in result.teaser
    assert result.remaining_percent is not None


def test_the_marker_tolerates_spaces_inside_and_around() -> None:
    body = f"Public.\n\n   <!--   paywall   -->  \n\n{SECRET}\n"
    result = paywalled(body, n=5)
    assert result.teaser.strip() == "Public."


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
    assert result.teaser.split() == ["Un.", "Deux.", "Trois."]
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
    assert "et ligne deux." in result.teaser
    assert "Deux." in result.teaser
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
    assert "## Introduction" in result.teaser
    assert "### Méthode" in result.teaser
    assert "Deux." in result.teaser
    assert "Trois" not in every_field(result)
    assert result.withheld_headings == (Heading(2, "Suite"),)


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
    result = paywalled(body, n=3)
    # whether the code block counts as a paragraph or not, the fake marker must not cut there,
    # and the fence must stay whole
    assert "autre ligne" in result.teaser
    assert "Deux." in result.teaser
    assert result.teaser.count("```") == 2
    assert "Quatre" not in every_field(result)


def test_a_fake_marker_inside_a_tilde_fence_is_kept_as_code() -> None:
    body = md("""
        Un.

        ~~~~
        <!-- paywall -->
        ~~~~

        Deux.
        """)
    result = split(body, paywalled=False, teaser_paragraphs=1)
    assert "<!-- paywall -->" in result.teaser  # it is code to show, not a marker


def test_a_body_shorter_than_the_teaser_withholds_nothing() -> None:
    result = paywalled("Un.\n\nDeux.\n", n=3)
    assert result.teaser.split() == ["Un.", "Deux."]
    assert result.remaining_percent is None
    assert result.withheld_headings == ()


# --- footnotes ---------------------------------------------------------------------------------


def test_a_note_cited_in_the_teaser_keeps_its_definition_even_when_defined_after_the_split() -> None:
    body = md(f"""
        Public, avec une note[^a].

        <!-- paywall -->

        {SECRET}

        [^a]: Définition publique de la note a.
        """)
    result = paywalled(body)
    assert "Public, avec une note[^a]." in result.teaser
    assert "[^a]: Définition publique de la note a." in result.teaser
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
    assert "[^z]" not in result.teaser
    assert "[^y]" not in result.teaser


def test_a_note_cited_twice_is_defined_once() -> None:
    body = md("""
        Première citation[^n] et seconde citation[^n].

        <!-- paywall -->

        Retenu, qui cite aussi[^n].

        [^n]: La note n.
        """)
    result = paywalled(body)
    assert result.teaser.count("[^n]:") == 1
    assert "La note n." in result.teaser


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
    assert "[^1]: Un." in result.teaser
    assert "[^2]: Deux." in result.teaser
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
    assert "[^long]: Première ligne de la note," in result.teaser
    assert "    suite indentée de la note." in result.teaser
    assert "    Second paragraphe de la note." in result.teaser
    assert "AUTRE" not in every_field(result)


def test_a_footnote_definition_in_a_fence_is_code_not_a_note() -> None:
    body = md("""
        ```
        [^x]: du code
        ```

        Public.

        <!-- paywall -->

        Retenu.
        """)
    result = paywalled(body)
    assert "[^x]: du code" in result.teaser


# --- withheld headings -------------------------------------------------------------------------


def test_the_withheld_headings_are_listed_in_order_with_their_levels() -> None:
    body = md(f"""
        ## Public

        Public.

        <!-- paywall -->

        {SECRET}

        ## Première partie

        ### Une sous-partie ###

        #### Un détail

        ```
        ## Pas un titre, du code
        ```

        ~~~
        ### Pas un titre non plus
        ~~~

        ## Conclusion
        """)
    result = paywalled(body)
    assert result.withheld_headings == (
        Heading(2, "Première partie"),
        Heading(3, "Une sous-partie"),
        Heading(4, "Un détail"),
        Heading(2, "Conclusion"),
    )
    assert "Pas un titre" not in every_field(result)
    assert SECRET not in every_field(result)


# --- the percentage ----------------------------------------------------------------------------


def test_remaining_percent_is_the_share_of_words_withheld() -> None:
    body = f"{words(7)}\n\n<!-- paywall -->\n\n{words(93)}\n"
    result = paywalled(body)
    assert result.remaining_percent == 93
    assert type(result.remaining_percent) is int


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
    teaser = "un deux [trois](https://example.org/quatre/cinq/six/sept/huit) neuf[^note-longue-de-mots]"
    result = paywalled(f"{teaser}\n\n<!-- paywall -->\n\na b c d\n")
    assert result.remaining_percent == 50  # 4 words shown (un deux trois neuf), 4 hidden


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
    result = split(body, paywalled=False, teaser_paragraphs=1)
    for text in ("Un[^1].", "Deux.", "## Suite", "Trois.", "[^1]: La note."):
        assert text in result.teaser
    assert "<!-- paywall -->" not in result.teaser  # the marker itself is never shown
    assert result.remaining_percent is None
    assert result.withheld_headings == ()


def test_a_teaser_only_version_is_all_teaser_with_the_declared_percent() -> None:
    body = md("""
        Un.

        Deux.

        Trois.

        Quatre.
        """)
    result = paywalled(body, n=1, declared=93)
    assert result.teaser.split() == ["Un.", "Deux.", "Trois.", "Quatre."]
    assert result.remaining_percent == 93
    assert result.withheld_headings == ()


def test_a_teaser_only_version_ignores_the_marker() -> None:
    result = paywalled("Un.\n\n<!-- paywall -->\n\nDeux.\n", n=1, declared=80)
    assert "Deux." in result.teaser
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
    assert "Premier[^a]." in result.teaser
    assert result.withheld_headings[-1] == Heading(2, "Fin")


# ---- the remembered split and the fast word count give what the plain ones gave ----------------------

SPLIT_CASES = [
    md(f"""
    Premier paragraphe.

    Deuxième paragraphe[^1].

    <!-- paywall -->

    ## Suite

    {SECRET}

    [^1]: Une note.
    """),
    md(f"""
    Un.

    Deux.

    Trois.

    ### Caché

    {SECRET} [lien][l]

    [l]: https://example.org
    """),
    "Un seul paragraphe, sans rien d'autre.\n",
]


@pytest.mark.parametrize("body", SPLIT_CASES)
@pytest.mark.parametrize(("is_paywalled", "n", "declared"), [(True, 1, None), (True, 2, None), (True, 2, 40), (False, 3, None)])
def test_remembered_split_is_the_computed_one(body: str, is_paywalled: bool, n: int, declared: int | None) -> None:
    from diptych.paywall import _split

    expected = _split.__wrapped__(body, is_paywalled, n, declared)
    assert split(body, paywalled=is_paywalled, teaser_paragraphs=n, declared_percent=declared) == expected
    assert split(body, paywalled=is_paywalled, teaser_paragraphs=n, declared_percent=declared) == expected


def test_a_split_without_declared_percent_is_the_one_with_none() -> None:
    from diptych.paywall import _split

    body = md(f"Un.\n\nDeux.\n\n{SECRET} unique to this test.\n")
    first = split(body, paywalled=True, teaser_paragraphs=1)
    hits = _split.cache_info().hits
    assert split(body, paywalled=True, teaser_paragraphs=1, declared_percent=None) is first
    assert _split.cache_info().hits == hits + 1
    assert _split.cache_info().maxsize is not None  # bounded


@pytest.mark.parametrize(
    "text",
    [
        "Un mot, deux_mots, l’arbre et aujourd'hui -- peut-être 12 000.",
        "Texte <!-- commentaire\nsur deux lignes --> et <b>gras</b> [lien](https://x.org/a_b) et note[^n2].",
        "Avant.\n[label]: https://example.org\nEt après, tout compte autrement.",
        "Avant.\n   [^n]: une définition\nensuite [x](y) <br> fin_de_texte _ __ ___",
        "snake_case under_score x_y_z ’-' _a a_",
    ],
)
def test_fast_word_count_is_the_word_pattern_count(text: str) -> None:
    from diptych.paywall import NOT_PROSE, WORD, _words

    assert _words(text.split("\n")) == len(WORD.findall(NOT_PROSE.sub(" ", text)))
