"""The first promise: withheld text appears in no output file, in any encoding; the teasers do."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from diptych import build
from tests.conftest import write_site

WITHHELD = [
    "Cette phrase est réservée aux abonnés.",  # cartographie.fr, after the marker
    "This sentence is for subscribers only.",  # cartographie.en
    "Le quatrième paragraphe n’est lu que par les abonnés.",  # detroits.fr, fourth paragraph, no marker
    "The fourth paragraph is read by subscribers only.",  # detroits.en
    "Cette phrase de la note de lecture est réservée aux abonnés.",  # lettre.fr
    "This essay sentence is for subscribers only.",  # essai.en
    "Le nom de « récifs des Veilleurs » n’apparaît qu’en 1881",  # cartographie.fr, a note cited after the split
    "The name “Watchers’ Reefs” first appears in 1881",  # cartographie.en, likewise
    "Les hydrographes de Valmer ont très tôt privilégié la précision des sondes.",  # a withheld paragraph
]

TEASERS = {  # the first sentence of each teaser, on the pages that show it
    "fr/articles/relations-militaires-russie-belarus/index.html": "La coopération militaire avec le Bélarus revêt pour la Russie une importance stratégique",
    "en/articles/russia-belarus-military-relationships/index.html": "La coopération militaire avec le Bélarus revêt pour la Russie une importance stratégique",
    "fr/articles/cartographier-archipel-des-brumes/index.html": "L’Archipel des Brumes compte quarante-trois îlots, dont sept seulement émergent à marée haute.",
    "en/articles/charting-the-archipelago-of-mists/index.html": "The Archipelago of Mists counts forty-three islets, only seven of which stand above the sea at high tide.",
    "fr/articles/detroits-mer-de-valmer/index.html": "La mer de Valmer n’est ouverte sur l’océan que par trois passages étroits.",
    "en/articles/straits-of-the-sea-of-valmer/index.html": "The Sea of Valmer opens onto the ocean only through three narrow passages.",
    "fr/articles/note-sentinelles-du-nord/index.html": "Issu d’une thèse soutenue à Port-Brume, l’ouvrage d’Hélène Vasseur retrace l’histoire de l’alliance des Brumes",
    "en/articles/deterrence-at-sea/index.html": "The question has haunted the admiralties of every coastal state",
    "fr/articles/dissuasion-en-mer/index.html": "The question has haunted the admiralties of every coastal state",
}

TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def normal(text: str) -> str:
    """Text as a reader or a crawler sees it: tags gone, entities decoded, any space one space, one apostrophe."""
    return SPACES.sub(" ", html.unescape(TAG.sub("", text))).replace("’", "'").strip()


def forms(sentence: str) -> list[str]:
    """The sentence as it may be written into HTML, XML, JSON-LD or a search index."""
    return [
        sentence,
        html.escape(sentence),
        html.escape(sentence, quote=False).encode("ascii", "xmlcharrefreplace").decode(),
        json.dumps(sentence)[1:-1],
        json.dumps(sentence, ensure_ascii=False)[1:-1],
    ]


def assert_nowhere(out: Path, sentences: list[str]) -> int:
    scanned = 0
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        flat = normal(text)
        for sentence in sentences:
            for form in forms(sentence):
                assert form not in text, f"withheld text in {path.relative_to(out)}: {sentence!r}"
            assert normal(sentence) not in flat, (
                f"withheld text in {path.relative_to(out)} (once tags and spaces are set aside): {sentence!r}"
            )
        scanned += 1
    return scanned


def test_withheld_sentences_of_the_sample_appear_in_no_output_file(sample_output: Path) -> None:
    assert assert_nowhere(sample_output, WITHHELD) > 50


@pytest.mark.parametrize(("page", "sentence"), sorted(TEASERS.items()))
def test_each_teaser_is_public(sample_output: Path, page: str, sentence: str) -> None:
    assert normal(sentence) in normal((sample_output / page).read_text(encoding="utf-8"))


def test_the_leak_checker_would_see_a_leak(sample_output: Path) -> None:
    """The checks above can fail: a public sentence, written as the templates write it, is found."""
    with pytest.raises(AssertionError):
        assert_nowhere(sample_output, ["L’Archipel des Brumes compte quarante-trois îlots"])


SENTINEL = "Phrase sentinelle que seuls les abonnés lisent."
NOTE_SENTINEL = "Note sentinelle des abonnés."


def test_a_sentinel_in_every_withheld_place_leaks_nowhere(tmp_path: Path) -> None:
    """Withheld prose, a withheld note defined before the split, a table, a quote, a list, an image's alt text, a link."""
    site = write_site(
        tmp_path / "site",
        {
            "content/issues/1.yaml": "volume: 1\nnumber: 1\ndate: 2019-06-01\n",
            "content/articles/piege.fr.md": f"""\
                ---
                title: Un article piégé
                abstract: Un résumé public.
                keywords: [piège]
                authors: [Jeanne Morvan]
                date: 2019-06-12
                issue: "1"
                doi: 10.9999/test.1
                ---

                [^cachee]: {NOTE_SENTINEL}

                ## Ouverture publique

                Premier paragraphe public[^pub].

                Second paragraphe public.

                {SENTINEL} Et une note[^cachee].

                ## Partie retenue

                | colonne |
                | --- |
                | {SENTINEL} |

                > {SENTINEL}

                - {SENTINEL}

                ![{SENTINEL}](figure.png "{SENTINEL}")

                [{SENTINEL}](https://example.org/)

                [^pub]: Note publique.
                """,
            "content/articles/piege.en.md": "---\ntitle: A trapped article\nabstract: A public abstract.\n---\n",
        },
    )
    out = tmp_path / "out"
    build(site, out)
    assert_nowhere(out, [SENTINEL, NOTE_SENTINEL])
    page = normal((out / "fr" / "articles" / "piege" / "index.html").read_text(encoding="utf-8"))
    assert "Second paragraphe public." in page
    assert "Note publique." in page
    assert "Partie retenue" in page  # the outline shows the withheld heading, not its text
