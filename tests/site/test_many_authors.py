"""One article of many authors: lists name its first authors then « et al. », so the output grows linearly.

Before the bound, each of an article's N authors had a page naming all N (2,000 authors: 604 MB of output).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diptych.models import Author
from diptych.plan import PAGES_AROUND, page_numbers
from diptych.views import LIST_AUTHORS, LIST_AUTHORS_CUT, listed_authors
from tests.conftest import SITE_YAML, run_build, write_site

N = 200  # authors of the crowded article
PER_PAGE = 10
AUTHOR_PAGE_BUDGET = 8_000  # bytes: an author page with one article in the default theme is about 3.5 KB, whatever N
OUTPUT_BUDGET = 20_000  # bytes of the whole output per author (both languages, the index, the search index, ...)


def names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i:04d} Nom{prefix}{i:04d}" for i in range(count)]


def article(key: str, title: str, authors: list[str], day: int) -> dict[str, str]:
    listed = "".join(f"\n  - {name}" for name in authors)
    return {
        f"content/articles/{key}.fr.md": f"---\ntitle: {title}\nabstract: Résumé.\nauthors:{listed}\n"
        f"date: 2020-01-{day:02d}\naccess: free\n---\n\nTexte.\n",
        f"content/articles/{key}.en.md": f"---\ntitle: {title} (en)\nabstract: Abstract.\n---\n\nText.\n",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many-authors")
    files = article("foule", "Foule", names("Auteur", N), 1) | article("six", "Six", names("Six", LIST_AUTHORS), 2)
    site = write_site(root / "site", files, site_yaml=SITE_YAML + f"per_page: {PER_PAGE}\n")
    result = run_build("--site", site, "--out", root / "out", "--no-cache")
    assert result.returncode == 0, result.stderr
    return root / "out"


def item_authors(html: str) -> list[str]:
    """The contents of each article entry's list of authors on a page."""
    return re.findall(r'<span class="item-authors">(.*?)</span>', html)


def linked_names(fragment: str) -> list[str]:
    return re.findall(r"<a [^>]*>([^<]*)</a>", fragment)


def test_each_author_page_stays_small_whatever_the_number_of_co_authors(built: Path) -> None:
    pages = [*(built / "fr" / "auteurs").glob("*/index.html"), *(built / "en" / "authors").glob("*/index.html")]
    assert len(pages) == 2 * (N + LIST_AUTHORS)
    largest = max(pages, key=lambda p: p.stat().st_size)
    assert largest.stat().st_size < AUTHOR_PAGE_BUDGET, f"{largest}: {largest.stat().st_size} bytes"


def test_the_whole_output_grows_linearly_with_the_authors(built: Path) -> None:
    total = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    assert total < OUTPUT_BUDGET * N, f"{total} bytes for {N} authors"


def test_an_author_page_names_the_first_co_authors_then_et_al(built: Path) -> None:
    crowd = names("Auteur", N)
    fr = (built / "fr" / "auteurs" / "auteur0150-nomauteur0150" / "index.html").read_text(encoding="utf-8")
    en = (built / "en" / "authors" / "auteur0150-nomauteur0150" / "index.html").read_text(encoding="utf-8")
    ((fr_authors,), (en_authors,)) = item_authors(fr), item_authors(en)
    assert linked_names(fr_authors) == linked_names(en_authors) == crowd[:LIST_AUTHORS_CUT]
    assert fr_authors.endswith("</a> <i>et al.</i>")  # the French catalog's « A, B, C et al. »
    assert en_authors.endswith("</a>, <i>et al.</i>")  # the English "A, B, C, et al."


def test_an_article_of_six_authors_names_them_all_in_lists(built: Path) -> None:
    page = (built / "fr" / "auteurs" / "six0003-nomsix0003" / "index.html").read_text(encoding="utf-8")
    (authors,) = item_authors(page)
    assert linked_names(authors) == names("Six", LIST_AUTHORS) and "et al." not in authors


def test_the_article_page_still_names_every_author(built: Path) -> None:
    page = (built / "fr" / "articles" / "foule" / "index.html").read_text(encoding="utf-8")
    assert all(f">{name}</a>" in page for name in names("Auteur", N))


def test_lists_of_articles_name_at_most_the_bound(built: Path) -> None:
    for rel in ("fr/index.html", "en/index.html", "fr/articles/index.html", "en/articles/index.html"):
        entries = item_authors((built / rel).read_text(encoding="utf-8"))
        assert sorted(len(linked_names(e)) for e in entries) == [LIST_AUTHORS_CUT, LIST_AUTHORS], rel


def test_the_index_of_authors_links_its_first_last_and_nearby_pages(built: Path) -> None:
    count = -(-(N + LIST_AUTHORS) // PER_PAGE)
    page = (built / "fr" / "auteurs" / "page" / "10" / "index.html").read_text(encoding="utf-8")
    (nav,) = re.findall(r'<nav class="pagination".*?</nav>', page, re.S)
    numbers = [*re.findall(r'<a href="[^"]*">(\d+)</a>', nav), *re.findall(r'aria-current="page">(\d+)<', nav)]
    assert sorted(map(int, numbers)) == [1, *range(10 - PAGES_AROUND, 10 + PAGES_AROUND + 1), count]
    assert nav.count("…") == 2


@pytest.mark.parametrize(
    ("number", "count", "expected"),
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),  # a gap of one page shows that page, not "…"
        (1, 8, [1, 2, 3, None, 8]),
        (10, 21, [1, None, 8, 9, 10, 11, 12, None, 21]),
        (21, 21, [1, None, 19, 20, 21]),
    ],
)
def test_page_numbers(number: int, count: int, expected: list[int | None]) -> None:
    assert page_numbers(number, count) == expected


@pytest.mark.parametrize("count", range(10))
def test_listed_authors_all_up_to_six_else_three(count: int) -> None:
    authors = tuple(Author(name) for name in names("A", count))
    expected = authors if count <= LIST_AUTHORS else authors[:LIST_AUTHORS_CUT]
    assert listed_authors(authors) == expected
    assert (LIST_AUTHORS, LIST_AUTHORS_CUT) == (6, 3)  # the bound README.md documents
