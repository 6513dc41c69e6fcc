"""The RIS and BibTeX files beside article and issue pages, read back with rispy and bibtexparser and compared with
the front matter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from diptych import build
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.discovery.oracle import ISSUES_SEGMENT, Article, Page, Site, parse_page, read_site

SAMPLE = read_site(ROOT)
ARTICLE_PAGES = SAMPLE.article_pages()
IDS = [a.versions[lang].page for a, lang in ARTICLE_PAGES]
RIS_LISTS = [*rispy.LIST_TYPE_TAGS, "TT"]  # TT comes once per value
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LANGUAGE_NAMES = {"fr": "french", "en": "english"}


def read_ris(path: Path) -> list[dict[str, Any]]:
    return rispy.loads(path.read_text(encoding="utf-8"), list_tags=RIS_LISTS)


def read_bibtex(path: Path) -> list[Any]:
    library = bibtexparser.parse_string(
        path.read_text(encoding="utf-8"),
        append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    return library.entries


def family_given(parts: Any) -> tuple[str, str]:
    return " ".join([*parts.von, *parts.last, *parts.jr]), " ".join(parts.first)


def expected_record(site: Site, article: Article, text_lang: str) -> dict[str, Any]:
    """What a reference manager must read of the article: in the language of its full text."""
    main = article.versions[text_lang]
    issue = site.issues[article.shared["issue"]] if "issue" in article.shared else {}
    first, last = article.pages
    return {
        "key": article.key,
        "title": main.title_text,
        "translated": [v.title_text for v in article.versions.values() if v.lang != main.lang],
        "authors": [p.family_given for p in article.authors],
        "journal": site.config["title"][site.languages[0]],
        "volume": str(issue["volume"]) if "volume" in issue else None,
        "number": str(issue["number"]) if "number" in issue else None,
        "pages": (first, last),
        "date": article.date,
        "doi": article.shared["doi"],
        "issn": [site.config["issn"], site.config["eissn"]],
        "keywords": main.keywords,
        "abstract": main.abstract,
        "url": site.url(main.page),
        "lang": main.lang,
        "publisher": site.config["publisher"],
    }


def check_ris(record: dict[str, Any], expected: dict[str, Any]) -> None:
    assert record["type_of_reference"] == "JOUR"
    assert record["id"] == expected["key"]
    assert record["title"] == expected["title"]
    assert record.get("translated_title", []) == expected["translated"]
    assert record["authors"] == [f"{family}, {given}" for family, given in expected["authors"]]
    assert record["secondary_title"] == expected["journal"] and "journal_name" not in record  # T2, the full title
    assert (record.get("volume"), record.get("number")) == (expected["volume"], expected["number"])
    assert (record.get("start_page"), record.get("end_page")) == expected["pages"]
    assert record["year"] == str(expected["date"].year)
    assert record["date"] == expected["date"].strftime("%Y/%m/%d")
    assert record["doi"] == expected["doi"]
    assert record["issn"] == ", ".join(expected["issn"])  # one SN: Zotero keeps only the first
    assert record["keywords"] == expected["keywords"]
    assert record["abstract"] == expected["abstract"]
    assert record["urls"] == [expected["url"]]
    assert record["language"] == expected["lang"]
    assert record["publisher"] == expected["publisher"]


def check_bibtex(entry: Any, expected: dict[str, Any]) -> None:
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "article"
    assert entry.key == expected["key"]
    assert [family_given(p) for p in fields["author"]] == expected["authors"]
    assert fields["title"] == expected["title"]
    assert fields["journal"] == expected["journal"]
    assert (fields.get("volume"), fields.get("number")) == (expected["volume"], expected["number"])
    pages = tuple(re.split(r"\s*[-–]+\s*", fields["pages"])) if "pages" in fields else (None, None)
    assert pages == expected["pages"]
    assert fields["year"] == str(expected["date"].year)
    assert fields["month"] == MONTHS[expected["date"].month - 1]
    assert fields["date"] == expected["date"].isoformat()
    assert fields["doi"] == expected["doi"]
    assert fields["issn"].split(", ") == expected["issn"]
    assert fields["keywords"].split(", ") == expected["keywords"]
    assert fields["abstract"] == expected["abstract"]
    assert fields["url"] == expected["url"]
    assert fields["langid"] == LANGUAGE_NAMES[expected["lang"]]
    assert fields["language"] == expected["lang"]
    assert fields["publisher"] == expected["publisher"]


def downloads(page: Page) -> list[str]:
    return [a["href"] for a in page.anchors if a.get("href", "").endswith((".ris", ".bib"))]


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_an_article_page_links_its_ris_and_bibtex_files_beside_it(
    sample_output: Path, pages: dict[str, Page], article: Article, lang: str
) -> None:
    version = article.versions[lang]
    folder = version.page.removesuffix("index.html")
    expected = [f"/{folder}{version.slug}.ris", f"/{folder}{version.slug}.bib"]
    assert downloads(pages[version.page]) == expected
    for href in expected:
        assert (sample_output / href.lstrip("/")).is_file(), href


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_the_ris_file_says_what_the_front_matter_says(sample_output: Path, site: Site, article: Article, lang: str) -> None:
    version = article.versions[lang]
    records = read_ris(sample_output / version.page.replace("index.html", f"{version.slug}.ris"))
    assert len(records) == 1
    check_ris(records[0], expected_record(site, article, article.text_lang(lang)))


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_the_bibtex_file_says_what_the_front_matter_says(sample_output: Path, site: Site, article: Article, lang: str) -> None:
    version = article.versions[lang]
    entries = read_bibtex(sample_output / version.page.replace("index.html", f"{version.slug}.bib"))
    assert len(entries) == 1
    check_bibtex(entries[0], expected_record(site, article, article.text_lang(lang)))


@pytest.mark.parametrize(("issue_id", "lang"), [(i, lang) for i in SAMPLE.issues for lang in SAMPLE.languages])
def test_an_issue_page_exports_its_articles_in_table_of_contents_order(
    sample_output: Path, pages: dict[str, Page], site: Site, issue_id: str, lang: str
) -> None:
    folder = f"{lang}/{ISSUES_SEGMENT[lang]}/{issue_id}/"
    assert downloads(pages[folder + "index.html"]) == [f"/{folder}{issue_id}.ris", f"/{folder}{issue_id}.bib"]
    articles = site.issue_articles(issue_id)
    assert len(articles) >= 2
    expected = []
    for article in articles:
        shown = article.versions.get(lang) or next(iter(article.versions.values()))
        expected.append(expected_record(site, article, article.text_lang(shown.lang)))
    records = read_ris(sample_output / folder / f"{issue_id}.ris")
    assert [r["id"] for r in records] == [a.key for a in articles]
    for record, wanted in zip(records, expected, strict=True):
        check_ris(record, wanted)
    entries = read_bibtex(sample_output / folder / f"{issue_id}.bib")
    assert [e.key for e in entries] == [a.key for a in articles]
    for entry, wanted in zip(entries, expected, strict=True):
        check_bibtex(entry, wanted)


# ---- names with accents and particles ---------------------------------------------------------------------------

PEOPLE = [
    ("Żaneta Wójcik-Ćwiklińska", None, ("Wójcik-Ćwiklińska", "Żaneta")),
    ("José María García Márquez", "García Márquez", ("García Márquez", "José María")),
    ("Jean de La Fontaine", None, ("de La Fontaine", "Jean")),
]


@pytest.fixture(scope="module")
def accented(tmp_path_factory: pytest.TempPathFactory) -> Path:
    authors = "\n".join(f"  - {{name: {name}, family: {family}}}" if family else f"  - {name}" for name, family, _ in PEOPLE)
    root = write_site(
        tmp_path_factory.mktemp("accents") / "site",
        {
            "content/issues/n1.yaml": "volume: 3\nnumber: 7\ndate: 2022-05-01\n",
            "content/articles/noms.fr.md": "---\ntitle: Des noms\nabstract: Un résumé.\n"
            f"authors:\n{authors}\ndate: 2022-05-02\nissue: n1\npages: 1-9\ndoi: 10.9999/x.1\n---\nTexte.\n",
        },
        SITE_YAML,
    )
    out = root.parent / "out"
    build(root, out)
    return out


@pytest.mark.parametrize("folder", ["fr/articles/noms", "fr/numeros/n1", "en/issues/n1"])
def test_accented_names_and_particles_survive_both_formats(accented: Path, folder: str) -> None:
    name = folder.rsplit("/", 1)[1]
    expected = [family_given for _, _, family_given in PEOPLE]
    ris = read_ris(accented / folder / f"{name}.ris")
    assert ris[0]["authors"] == [f"{family}, {given}" for family, given in expected]
    bib = read_bibtex(accented / folder / f"{name}.bib")
    fields = {f.key: f.value for f in bib[0].fields}
    assert [family_given(p) for p in fields["author"]] == expected
    raw = (accented / folder / f"{name}.bib").read_text(encoding="utf-8")
    for person, _, _ in PEOPLE:
        for word in person.split():
            assert word in raw, f"{word!r} not written as UTF-8 in the BibTeX file"


def test_the_html_page_of_the_accented_article_links_both_files(accented: Path) -> None:
    page = parse_page(accented, "fr/articles/noms/index.html")
    assert downloads(page) == ["/fr/articles/noms/noms.ris", "/fr/articles/noms/noms.bib"]
