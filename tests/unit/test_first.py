"""serve's edit-first pages (diptych/first.py): an edit of article files renders the pages that show those articles
from the site serve holds, before the whole build; they are the whole build's pages byte for byte, hold no withheld
text, and anything but an edit of a known article version gives none (the whole build alone answers it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diptych.first import edited_pages
from diptych.pipeline import build
from diptych.prepare import Prepared, prepare
from diptych.serve import Held, changed_pages
from tests.conftest import copy_sample

FREE = "content/articles/phares.fr.md"
FREE_SENTENCE = "se dressent aujourd’hui six phares."
PAYWALLED = "content/articles/2019/detroits.fr.md"
TEASER_START = "La mer de Valmer n’est ouverte sur l’océan"
WITHHELD_START = "Le quatrième paragraphe n’est lu que par les abonnés."


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


@pytest.fixture
def held(site: Path) -> Prepared:
    """What serve holds after its first build."""
    return prepare(site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_shows_the_pages_of_its_article_first_and_they_are_the_builds(site: Path, held: Prepared, tmp_path: Path) -> None:
    edit(site / FREE, FREE_SENTENCE, f"{FREE_SENTENCE} Un septième feu brille à Pointe-Grise.")
    shown = edited_pages(held, [site / FREE])
    assert shown is not None
    article_pages = [
        page.href for page in held.pages if page.template == "article.html" and page.source and "phares" in str(page.source.path)
    ]
    assert len(article_pages) == 2  # the French page and the English one, which shows the French abstract and title
    assert set(article_pages) <= set(shown.pages)
    assert any("/numeros/" in href for href in shown.pages) and any("/issues/" in href for href in shown.pages)
    french = next(rel for rel in shown.files if rel.startswith("fr/articles/phares"))
    assert "Un septième feu brille à Pointe-Grise." in shown.files[french].decode()
    for rel in shown.files:  # pages and the files they make (citation files, JATS); the search index, feeds and
        assert not rel.startswith("pagefind") and "feed" not in rel and "sitemap" not in rel, rel  # sitemap: the build
    assert "Un septième feu" not in str(held.site.articles)  # the held site is not changed: the build replaces it

    out = tmp_path / "out"
    build(site, out, cache=False, jobs=1)
    for rel, data in shown.files.items():
        assert (out / rel).read_bytes() == data, rel


def test_a_paywalled_articles_first_pages_hold_no_withheld_text(site: Path, held: Prepared) -> None:
    edit(site / PAYWALLED, TEASER_START, "Mot-public-ajouté. " + TEASER_START)
    edit(site / PAYWALLED, WITHHELD_START, "Mot-réservé-ajouté. " + WITHHELD_START)
    shown = edited_pages(held, [site / PAYWALLED])
    assert shown is not None and shown.files
    assert any("Mot-public-ajouté" in data.decode() for data in shown.files.values())
    for rel, data in shown.files.items():
        assert "Mot-réservé-ajouté" not in data.decode(errors="replace"), rel
        assert "Le quatrième paragraphe" not in data.decode(errors="replace"), rel


@pytest.mark.parametrize(
    "changed",
    [
        "site.yaml",
        "content/issues/2019-3.yaml",
        "content/pages/a-propos.fr.md",
        "templates/article.html",
        "content/articles/nouveau.fr.md",
        "content/articles/phare-schema.png",
    ],
)
def test_anything_but_an_edit_of_a_known_article_is_left_to_the_build(site: Path, held: Prepared, changed: str) -> None:
    path = site / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert edited_pages(held, [site / FREE, path]) is None


def test_a_removed_or_broken_article_file_is_left_to_the_build(site: Path, held: Prepared) -> None:
    edit(site / FREE, "date: 2019-09-12", "date: [2019-09-12")
    assert edited_pages(held, [site / FREE]) is None
    (site / FREE).unlink()
    assert edited_pages(held, [site / FREE]) is None


def test_a_version_edited_alone_is_read_with_its_twin(site: Path, held: Prepared) -> None:
    """The shared fields are merged from both files, as in a build: the date written in the French file only is the
    English page's date too; written in both and made to disagree, it is the build's error, not shown first."""
    edit(site / FREE, 'pages: "25-38"', 'pages: "25-39"')
    shown = edited_pages(held, [site / FREE])
    assert shown is not None
    english = next(rel for rel in shown.files if rel.startswith("en/articles/") and rel.endswith("index.html"))
    assert "25-39" in shown.files[english].decode()
    twin = site / "content/articles/phares.en.md"
    edit(twin, "\n---\n", '\npages: "25-38"\n---\n')  # now in both files, and not the same
    assert edited_pages(held, [twin]) is None


def test_a_symlink_loop_is_left_to_the_build(site: Path, held: Prepared) -> None:
    """A file made a link to itself (Path.resolve raises RuntimeError, not OSError): no pages, and no traceback."""
    (site / FREE).unlink()
    (site / FREE).symlink_to(site / FREE)
    assert edited_pages(held, [site / FREE]) is None


def test_a_page_the_build_removes_is_among_the_pages_it_changed(site: Path, tmp_path: Path) -> None:
    """A slug changed: the old page is gone from the output, so an open copy of it must reload (to the 404)."""
    out = tmp_path / "out"
    held = Held()
    build(site, out, jobs=1, hold=held.keep)
    before = held.prepared
    old = next(str(page.path) for page in before.pages if page.href.endswith("/phares-archipel-des-brumes/"))
    edit(site / FREE, "slug: phares-archipel-des-brumes", "slug: phares-nouveau")
    shown = edited_pages(before, [site / FREE])
    assert shown is not None
    report = build(site, out, jobs=1, hold=held.keep)
    assert not (out / old).exists()
    changed = changed_pages(report, before, held.prepared, shown, out)
    assert changed is not None and old in changed
    assert "fr/articles/phares-nouveau/index.html" not in changed  # shown first with the build's bytes: no second reload


def test_a_figure_an_edit_adds_is_among_its_pages_files(site: Path, held: Prepared, tmp_path: Path) -> None:
    """A figure beside the article, named by the edit only: shown with the page (the output has none yet), as the
    build then publishes it."""
    shutil.copyfile(site / "content/articles/phare-schema.png", site / "content/articles/nouvelle.png")
    edit(site / FREE, FREE_SENTENCE, f"{FREE_SENTENCE}\n\n![Nouvelle figure](nouvelle.png)\n")
    shown = edited_pages(held, [site / FREE])
    assert shown is not None
    figure = next((rel for rel in shown.files if rel.endswith("/nouvelle.png")), None)
    assert figure is not None and shown.files[figure] == (site / "content/articles/nouvelle.png").read_bytes()
    out = tmp_path / "out"
    build(site, out, cache=False, jobs=1)
    assert (out / figure).read_bytes() == shown.files[figure]
