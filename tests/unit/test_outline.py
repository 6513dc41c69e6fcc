"""outline: readable, stable, unique anchors; headings nested by level."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from diptych.outline import THEME_IDS, Anchors, OutlineEntry, nest, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Une géographie contestée", "une-geographie-contestee"),
        (
            "Écueils, chenaux et phares : le vocabulaire de la souveraineté",
            "ecueils-chenaux-et-phares-le-vocabulaire-de-la-souverainete",
        ),
        ("Le Bélarus, bouclier occidental de l’OTSC", "le-belarus-bouclier-occidental-de-l-otsc"),
        ("L'alliance d’hier", "l-alliance-d-hier"),
        ("Ça « marche » : oui !", "ca-marche-oui"),
        ("  Méthode  ", "methode"),
        ("snake_case and-dash", "snake-case-and-dash"),
        ("Россия и Беларусь", "россия-и-беларусь"),
    ],
)
def test_slugify_folds_accents_and_keeps_other_scripts(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_keeps_cyrillic_letters_whole() -> None:
    """Й is a letter of its own in Russian, not И with an accent: folding it changes the word."""
    assert slugify("Военный союз") == "военный-союз"


def test_anchors_are_unique_in_document_order() -> None:
    anchors = Anchors()
    assert [anchors.add(t) for t in ["Méthode", "Méthode", "methode", "Résultats"]] == [
        "methode",
        "methode-2",
        "methode-3",
        "resultats",
    ]


def test_anchors_are_stable_from_one_page_to_the_next() -> None:
    titles = ["Introduction", "Méthode", "Méthode", "Conclusion"]
    first, second = Anchors(), Anchors()
    assert [first.add(t) for t in titles] == [second.add(t) for t in titles]


@pytest.mark.parametrize("theme_id", sorted(THEME_IDS))
def test_anchors_avoid_the_ids_of_the_page_template(theme_id: str) -> None:
    assert Anchors().add(theme_id.capitalize()) == f"{theme_id}-2"


def test_the_template_ids_include_those_of_the_article_page() -> None:
    # ids the default article.html writes: a heading that takes one breaks in-page links
    assert {"main", "abstract", "teaser", "notice", "outline"} <= THEME_IDS


@pytest.mark.parametrize("text", ["", "   ", "!!!", "« »", "—"])
def test_a_heading_with_no_letters_gets_a_readable_anchor(text: str) -> None:
    anchors = Anchors()
    assert anchors.add(text) == "section"
    assert anchors.add(text) == "section-2"


def entry(title: str, *children: OutlineEntry, anchor: str | None = None) -> OutlineEntry:
    return OutlineEntry(Markup(title), anchor, tuple(children))


def test_nest_puts_deeper_headings_under_the_one_before() -> None:
    flat = [
        (2, Markup("A"), "a"),
        (3, Markup("A.1"), "a-1"),
        (4, Markup("A.1.a"), "a-1-a"),
        (3, Markup("A.2"), None),
        (2, Markup("B"), None),
        (4, Markup("B..a"), None),
    ]
    assert nest(flat) == (
        entry("A", entry("A.1", entry("A.1.a", anchor="a-1-a"), anchor="a-1"), entry("A.2"), anchor="a"),
        entry("B", entry("B..a")),
    )


def test_nest_with_a_level_3_heading_first() -> None:
    flat = [(3, Markup("Avant-propos"), "avant-propos"), (2, Markup("Partie"), None), (3, Markup("Sous-partie"), None)]
    assert nest(flat) == (
        entry("Avant-propos", anchor="avant-propos"),
        entry("Partie", entry("Sous-partie")),
    )


def test_nest_of_nothing_is_empty() -> None:
    assert nest([]) == ()
