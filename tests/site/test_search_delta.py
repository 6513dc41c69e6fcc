"""After an edit, the search index is the last whole index plus a delta of the pages changed since, or the whole
index made again (diptych/search/delta.py): in both cases a reader finds what a cold build lets them find, and no
search file holds text the site no longer shows.

Each test copies the sample site, builds it with the cache, edits it as a publisher would, builds it again, and
compares with a cold build (no cache) of the edited site: what a reader finds (tests/pagefind_files.py, `findable`:
each page's indexed text and each word's pages, the whole index's hidden pages left out and the delta's added) must
be equal, and where the whole index was made again (compacted), Pagefind's files must be the cold build's, byte for
byte, so its ranking is the cold build's too.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

import diptych
from diptych.search.delta import delta_bound, loses_text
from tests.conftest import ROOT, snapshot, write_site
from tests.pagefind_files import findable, hidden

CARTES = "content/articles/2019/cartes/cartographie.fr.md"  # paywalled, its marker after "Méthode"
PHARES = "content/articles/phares.fr.md"  # free
ESSAI = "content/articles/essai.fr.md"
CARTES_URL = "/fr/articles/cartographier-archipel-des-brumes/"


def sample(into: Path) -> Path:
    into.mkdir(parents=True)
    shutil.copyfile(ROOT / "site.yaml", into / "site.yaml")
    shutil.copytree(ROOT / "content", into / "content")
    return into


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer holds {old!r}: the test must follow the sample"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def marker_moved_up(site: Path) -> None:
    """The paywall marker of CARTES moved above its "Méthode" section: "relevé pour chacune" becomes withheld."""
    path = site / CARTES
    text = path.read_text(encoding="utf-8")
    assert "\n<!-- paywall -->\n" in text and "### Méthode\n" in text, "the test must follow the sample"
    text = text.replace("\n<!-- paywall -->\n", "\n", 1)
    path.write_text(text.replace("### Méthode\n", "<!-- paywall -->\n\n### Méthode\n", 1), encoding="utf-8")


def search_text(out: Path) -> bytes:
    """Every search file's bytes, decompressed, together: what a harvester of the search files could read."""
    data = []
    for path in sorted(out.glob("pagefind*/**/*")):
        if path.is_file():
            raw = path.read_bytes()
            data.append(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    return b"\n".join(data)


def search_files(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in snapshot(out).items() if rel.startswith("pagefind")}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """The sample copied and built once with the cache: (site, output)."""
    site = sample(tmp_path / "site")
    diptych.build(site, tmp_path / "out")
    return site, tmp_path / "out"


def rebuild(site: Path, out: Path, cold: Path) -> None:
    """The edited site built with the cache into `out`, and without it into `cold`; what a reader finds the same."""
    diptych.build(site, out)
    diptych.build(site, cold, cache=False)
    assert not (cold / "pagefind-delta").exists(), "a cold build makes whole indexes only"
    assert hidden(cold) == {}
    assert findable(out) == findable(cold)
    kept = {rel: data for rel, data in snapshot(out).items() if not rel.startswith("pagefind")}
    assert kept == {rel: data for rel, data in snapshot(cold).items() if not rel.startswith("pagefind")}


def compacted(out: Path, cold: Path) -> None:
    assert not (out / "pagefind-delta").exists()
    assert hidden(out) == {}
    assert search_files(out) == search_files(cold), "a compacted index is the cold build's, ranking included"


# ---- the rule, on its own ---------------------------------------------------------------------


def test_a_page_loses_text_when_a_word_goes_or_the_words_are_fewer() -> None:
    words = ["les", "phares", "de", "l", "archipel", "les", "phares"]
    assert not loses_text(words, words)
    assert not loses_text(words, [*words[:3], "nouveau", *words[3:]])  # a word added
    assert not loses_text(words, ["nouveaux", *words[:5], "et", *words[5:], "encore"])  # words added in three places
    assert not loses_text(words, ["phares", *words[1:]])  # a word replaced by one still there ("les", later)
    assert loses_text(words, [*words[:4], "île", *words[5:]])  # a word gone from the page
    assert loses_text(words, words[1:])  # fewer words: a sentence or a teaser shortened
    assert loses_text(words, ["phares", "de", "l", "archipel", "les", "phares", "les"])  # moved: the old order is gone
    assert loses_text(words, [*words[:2], "x", "y", *words[4:]])  # two words replaced, though both are still there


def test_the_delta_is_bounded_by_a_share_of_the_pages_within_limits() -> None:
    assert [delta_bound(n) for n in (1, 100, 1_000, 10_000, 100_000)] == [10, 10, 50, 200, 200]


# ---- edits that keep the whole index and add a delta -------------------------------------------


def test_a_sentence_added_to_a_teaser_is_indexed_in_a_delta(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    before = search_files(out)
    edit(site, CARTES, "## Une géographie contestée\n", "## Une géographie contestée\n\nUne phrase zorglub ajoutée.\n")
    rebuild(site, out, tmp_path / "cold")
    assert (out / "pagefind-delta").is_dir()
    assert len(hidden(out)["fr"]) == 2, "the article's French page: its older copy hidden; and the page of words"
    whole = {rel: data for rel, data in search_files(out).items() if rel.startswith("pagefind/") and "/diptych/" not in rel}
    assert whole == {rel: data for rel, data in before.items() if rel.startswith("pagefind/") and "/diptych/" not in rel}
    assert "zorglub" in findable(out)["fr"].words
    assert findable(out)["fr"].words["zorglub"] == {CARTES_URL}


def test_a_word_replaced_by_one_the_page_has_is_indexed_in_a_delta(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    edit(site, CARTES, "compte quarante-trois îlots", "compte quarante-trois rochers")  # "îlots" stays on the page
    rebuild(site, out, tmp_path / "cold")
    assert (out / "pagefind-delta").is_dir()


def test_an_article_added_is_indexed_in_a_delta_that_hides_nothing(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    (site / "content/articles/neuf.fr.md").write_text(
        '---\ntitle: "Article neuf"\nabstract: "Résumé."\ndate: 2019-07-01\naccess: free\n---\n\nTexte zorglub.\n',
        encoding="utf-8",
    )
    rebuild(site, out, tmp_path / "cold")
    assert len(hidden(out)["fr"]) == 1, "a delta of a new page only: no stale page hidden, only its page of words"
    assert findable(out)["fr"].words["zorglub"] == {"/fr/articles/neuf/"}


def test_edits_one_after_another_share_one_delta_and_undone_return_to_the_whole_index(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    site, out = built
    original = {rel: (site / rel).read_bytes() for rel in (CARTES, PHARES)}
    whole = search_files(out)
    edit(site, CARTES, "## Une géographie contestée\n", "## Une géographie contestée\n\nPremier ajout.\n")
    rebuild(site, out, tmp_path / "cold-1")
    edit(site, PHARES, "se dressent aujourd’hui six phares.", "se dressent aujourd’hui six phares. Second ajout.")
    rebuild(site, out, tmp_path / "cold-2")
    assert len(hidden(out)["fr"]) == 3, "both pages in the delta over the same whole index (and the page of words)"
    for rel, data in original.items():
        (site / rel).write_bytes(data)
    diptych.build(site, out)
    assert search_files(out) == whole, "undone, the site's index is its whole index again"


# ---- edits that make the whole index again -----------------------------------------------------


def test_a_marker_moved_up_makes_the_index_again_and_the_newly_withheld_text_leaves_it(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    site, out = built
    assert "relevé pour chacune".encode() in search_text(out)
    marker_moved_up(site)
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")
    assert "relevé pour chacune".encode() not in search_text(out)


def test_an_article_turned_paywalled_makes_the_index_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    late = "vie des gardiens, isolés".encode()  # after the sample's three teaser paragraphs
    assert late in search_text(out)
    edit(site, PHARES, "access: free", "access: paywalled")
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")
    assert late not in search_text(out)


def test_a_paragraph_deleted_makes_the_index_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    path = site / PHARES
    text = path.read_text(encoding="utf-8")
    paragraph = re.search(r"^La tour de la Pointe-Grise.*\n", text, re.MULTILINE)
    assert paragraph
    path.write_text(text.replace(paragraph[0], "", 1), encoding="utf-8")
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")
    assert "Pointe-Grise, allumée en 1858".encode() not in search_text(out)


def test_a_word_no_longer_on_the_page_makes_the_index_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    edit(site, CARTES, "### Méthode", "### Démarche")
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")


def test_an_article_withdrawn_makes_the_index_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = built
    (site / ESSAI).unlink()
    rebuild(site, out, tmp_path / "cold")
    compacted(out, tmp_path / "cold")
    assert b"/fr/articles/dissuasion-en-mer/" not in search_text(out)


def test_a_delta_past_its_bound_makes_the_index_again(tmp_path: Path) -> None:
    count = delta_bound(12) + 2  # a site of 12 articles: more of them edited than a delta may hold
    files = {
        f"content/articles/a{n:02d}.fr.md": f"""\
            ---
            title: "Article {n}"
            abstract: "Résumé {n}."
            date: 2020-01-{n + 1:02d}
            access: free
            ---

            Texte de l’article {n}.
            """
        for n in range(12)
    }
    site = write_site(tmp_path / "site", files)
    out, cold = tmp_path / "out", tmp_path / "cold"
    diptych.build(site, out)
    for n in range(3):
        edit(site, f"content/articles/a{n:02d}.fr.md", "Texte de", "Un texte de")
    rebuild(site, out, cold)
    assert len(hidden(out)["fr"]) == 3 + 1
    for n in range(count):
        edit(site, f"content/articles/a{n:02d}.fr.md", f"l’article {n}.", f"l’article {n}, allongé.")
    rebuild(site, out, tmp_path / "cold-2")
    compacted(out, tmp_path / "cold-2")


def test_a_sentence_turned_withheld_leaves_the_search_files_though_its_words_stay_on_the_page(tmp_path: Path) -> None:
    """A marker moved above a sentence whose every word the teaser still shows, in an edit that adds as many words:
    the sentence itself, now withheld, must leave the whole index's copy of the page."""
    site = sample(tmp_path / "site")
    secret = "Les cartes de Port-Brume compte le traité."  # each word elsewhere in the teaser
    edit(site, CARTES, "\n<!-- paywall -->\n", f"\n{secret}\n\n<!-- paywall -->\n")
    out = tmp_path / "out"
    diptych.build(site, out)
    assert secret.encode() in search_text(out)
    edit(site, CARTES, f"\n{secret}\n\n<!-- paywall -->\n", f"\n<!-- paywall -->\n\n{secret}\n")
    edit(site, CARTES, "### Méthode\n", "### Méthode\n\nUn ajout zorglub de huit mots tout neufs ici.\n")
    rebuild(site, out, tmp_path / "cold")
    assert secret.encode() not in search_text(tmp_path / "cold")
    assert secret.encode() not in search_text(out), "the withheld sentence is in a search file"
