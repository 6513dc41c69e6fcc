"""What reference managers read of an article (issue 14, item 4): titles, journals, dates, languages, URLs, names.

Zotero's translators are the reference for what is read: `RIS.js` (T2 is a journal article's publicationTitle, JO and
J2 its journalAbbreviation, a second SN a note), `BibTeX.js` (`language` verbatim, `date` over year and month,
"Last, Jr, First"), `Embedded Metadata.js` (`citation_public_url` the item's URL, `citation_author` split by
`cleanAuthor`). Each file is read back with the parsers the other discovery tests use: rispy, bibtexparser,
`html.parser`; the expectations are written here by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diptych import build
from tests.conftest import SITE_YAML, write_site
from tests.discovery.oracle import parse_page
from tests.discovery.test_citation_files import read_bibtex, read_ris

NBSP = "\u00a0"


def built(tmp_path_factory: pytest.TempPathFactory, name: str, files: dict[str, str], site_yaml: str = SITE_YAML) -> Path:
    root = write_site(tmp_path_factory.mktemp(name) / "site", files, site_yaml)
    out = root.parent / "out"
    build(root, out)
    return out


def descriptions(out: Path, folder: str) -> dict[str, Any]:
    """Every description of the article on the page in `folder` (fr/articles/SLUG): tags, JSON-LD, RIS, BibTeX."""
    slug = folder.rsplit("/", 1)[1]
    page = parse_page(out, f"{folder}/index.html")
    (ris,) = read_ris(out / folder / f"{slug}.ris")
    (entry,) = read_bibtex(out / folder / f"{slug}.bib")
    return {
        "page": page,
        "ld": page.ld("ScholarlyArticle"),
        "ris": ris,
        "bib": {f.key: f.value for f in entry.fields},
        "raw_bib": (out / folder / f"{slug}.bib").read_text(encoding="utf-8"),
        "raw_ris": (out / folder / f"{slug}.ris").read_text(encoding="utf-8"),
    }


# ---- 1. a title and its subtitle, joined as each language joins them ------------------------------------------

TITLES = {
    "content/articles/essai.fr.md": """\
        ---
        title: La dissuasion en mer
        subtitle: essai sur les petites marines
        abstract: Un résumé.
        date: 2020-01-20
        ---
        Texte.
        """,
    "content/articles/essai.en.md": """\
        ---
        title: Deterrence at Sea
        subtitle: an Essay on Small Navies
        abstract: An abstract.
        ---
        Text.
        """,
    "content/articles/phares.fr.md": """\
        ---
        title: Pourquoi des phares ?
        subtitle: Une réponse
        abstract: Un résumé.
        date: 2020-01-21
        ---
        Texte.
        """,
    "content/articles/phares.en.md": """\
        ---
        title: "Lighthouses: Why?"
        subtitle: An Answer
        abstract: An abstract.
        ---
        Text.
        """,
    "content/articles/cartes.fr.md": """\
        ---
        title: "Cartographier les Brumes : les cartes marines"
        subtitle: Une enquête
        abstract: Un résumé.
        date: 2020-01-22
        ---
        Texte.
        """,
    "content/articles/cartes.en.md": """\
        ---
        title: "Charting the Mists: Nautical Charts"
        subtitle: An Inquiry
        abstract: An abstract.
        ---
        Text.
        """,
}
JOINED = [
    ("fr/articles/essai", f"La dissuasion en mer{NBSP}: essai sur les petites marines"),  # French: a no-break space first
    ("en/articles/essai", "Deterrence at Sea: an Essay on Small Navies"),
    ("fr/articles/phares", "Pourquoi des phares ? Une réponse"),  # a question ends its own sentence: a space
    ("en/articles/phares", "Lighthouses: Why? An Answer"),
    ("fr/articles/cartes", "Cartographier les Brumes : les cartes marines. Une enquête"),  # a colon already: a full stop
    ("en/articles/cartes", "Charting the Mists: Nautical Charts. An Inquiry"),
]


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "titles", TITLES)


@pytest.mark.parametrize(("folder", "title"), JOINED, ids=[f for f, _ in JOINED])
def test_a_subtitle_is_joined_to_its_title_as_its_language_joins_them(titles: Path, folder: str, title: str) -> None:
    found = descriptions(titles, folder)
    page = found["page"]
    assert page.one("citation_title") == title
    assert page.one("DC.title") == title
    assert found["ld"]["headline"] == found["ld"]["name"] == title
    assert found["ris"]["title"] == title
    assert found["bib"]["title"] == title  # LaTeX read back: `~` is the no-break space
