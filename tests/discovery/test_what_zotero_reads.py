"""What reference managers read of an article (issue 14, item 4): titles, journals, dates, languages, URLs, names.

Zotero's translators are the reference for what is read: `RIS.js` (T2 is a journal article's publicationTitle, JO and
J2 its journalAbbreviation, a second SN a note), `BibTeX.js` (`language` verbatim, `date` over year and month,
"Last, Jr, First"), `Embedded Metadata.js` (`citation_public_url` the item's URL, `citation_author` split by
`cleanAuthor`). Each file is read back with the parsers the other discovery tests use: rispy, bibtexparser,
`html.parser`; the expectations are written here by hand.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from diptych import build, jats, prepare
from diptych.crossref import deposit
from diptych.edition import Edition
from diptych.views import exported as jats_export
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.discovery.oracle import Article, Page, parse_page, read_site
from tests.discovery.test_citation_files import read_bibtex, read_ris

NBSP = "\u00a0"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)
NS = {"cr": "http://www.crossref.org/schema/5.3.1"}
CROSSREF = "crossref: {depositor: Éditions Exemple, email: doi@revue.example.org, registrant: Éditions Exemple}\n"


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


@cache
def xml_schema(name: str) -> etree.XMLSchema:
    """A schema of tests/schemas/, compiled once (seconds each)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), PARSER))


def exported(root: Path, key: str) -> tuple[etree._Element, etree._Element]:
    """The Crossref deposit of a site (validated against Crossref's 5.3.1 XSD) and one article's JATS (JATS 1.3)."""
    prepared = prepare(root)
    result, errors = deposit(prepared.site, prepared.renderer.urls, timestamp="20240102030405")
    assert result is not None, [str(e) for e in errors]
    article = next(a for a in prepared.site.articles if a.key == key)
    documents = (
        result.xml,
        jats.jats_article(
            jats_export(article, Edition.PUBLIC, prepared.site.root), prepared.site.config, prepared.site.issues, prepared.urls
        ),
    )
    schemas = ("crossref-5.3.1/crossref5.3.1.xsd", "jats-1.3/JATS-journalpublishing1-3-mathml3.xsd")
    roots = []
    for data, name in zip(documents, schemas, strict=True):
        schema = xml_schema(name)
        root_element = etree.fromstring(data, PARSER)
        assert schema.validate(root_element), [f"{e.line}: {e.message}" for e in schema.error_log]
        roots.append(root_element)
    return roots[0], roots[1]


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


# ---- 2. the journal: its full title where a full title is read, its abbreviation only when site.yaml gives one -

ISSNS = "issn: 2049-3630\neissn: 1234-5679\npublisher: Éditions Exemple\n"
ONE_ARTICLE = {
    "content/articles/a.fr.md": "---\ntitle: Un article\nabstract: Un résumé.\ndate: 2019-06-01\n---\nTexte.\n",
}


@pytest.fixture(scope="module")
def unabbreviated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "unabbreviated", ONE_ARTICLE, SITE_YAML + ISSNS)


@pytest.fixture(scope="module")
def abbreviated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "abbreviated", ONE_ARTICLE, SITE_YAML + ISSNS + "abbreviation: Rev. ess.\n")


def test_ris_gives_the_journal_its_full_title_in_t2_and_no_abbreviation_of_its_own(unabbreviated: Path) -> None:
    found = descriptions(unabbreviated, "fr/articles/a")
    ris, raw = found["ris"], found["raw_ris"]
    assert ris["secondary_title"] == "Revue d'essai"  # T2: Zotero's publicationTitle of a journal article
    assert "journal_name" not in ris and "alternate_title1" not in ris  # JO, J2: Zotero's journalAbbreviation
    assert "\nJO  - " not in raw and "\nJ2  - " not in raw
    assert "journal_abbrev" not in str(found["page"].citation())
    assert "shortjournal" not in found["bib"]


def test_both_issns_go_in_one_sn_as_zoteros_own_exporter_writes_them(unabbreviated: Path) -> None:
    raw = descriptions(unabbreviated, "fr/articles/a")["raw_ris"]
    assert [line for line in raw.splitlines() if line.startswith("SN  - ")] == ["SN  - 2049-3630, 1234-5679"]


def test_the_journal_abbreviation_of_site_yaml_goes_where_abbreviations_are_read(abbreviated: Path) -> None:
    found = descriptions(abbreviated, "fr/articles/a")
    assert found["ris"]["secondary_title"] == "Revue d'essai"
    assert found["ris"]["alternate_title1"] == "Rev. ess."  # J2, which Zotero's RIS exporter writes and reads
    assert "journal_name" not in found["ris"]
    assert found["page"].one("citation_journal_abbrev") == "Rev. ess."
    assert found["page"].one("citation_journal_title") == "Revue d'essai"
    assert found["bib"]["journal"] == "Revue d'essai" and found["bib"]["shortjournal"] == "Rev. ess."


def test_the_journal_abbreviation_goes_to_crossref_and_jats(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": ONE_ARTICLE["content/articles/a.fr.md"].replace("date:", "doi: 10.9999/a.1\ndate:")}
    root = write_site(tmp_path / "site", files, SITE_YAML + ISSNS + CROSSREF + "abbreviation: Rev. ess.\n")
    crossref, article = exported(root, "a")
    assert crossref.xpath("//cr:journal_metadata/cr:abbrev_title/text()", namespaces=NS) == ["Rev. ess."]
    assert article.xpath("//journal-title-group/abbrev-journal-title/text()") == ["Rev. ess."]


# ---- 3. BibTeX: the whole date, and a language code Zotero keeps as it is --------------------------------------


def test_bibtex_gives_the_whole_date_after_year_and_month(unabbreviated: Path) -> None:
    found = descriptions(unabbreviated, "fr/articles/a")
    bib, raw = found["bib"], found["raw_bib"]
    assert (bib["year"], bib["month"], bib["date"]) == ("2019", "jun", "2019-06-01")  # biblatex's date, BibTeX's pair
    # Zotero's BibTeX translator reads fields in order: `date` replaces the "June 2019" of year and month, but a
    # month read after a date would be glued before it
    assert raw.index("  year = ") < raw.index("  month = ") < raw.index("  date = ")


def test_bibtex_gives_the_language_as_a_code_and_babels_name_as_langid(unabbreviated: Path) -> None:
    bib = descriptions(unabbreviated, "fr/articles/a")["bib"]
    assert bib["language"] == "fr"  # Zotero's `language` field, read verbatim: its own exports write codes
    assert bib["langid"] == "french"  # biblatex's hyphenation and localisation (babel/polyglossia names)


# ---- 4. one rule for every description: a language goes with the URL of the page in that language --------------

SAMPLE = read_site(ROOT)
ARTICLE_PAGES = SAMPLE.article_pages()


def zotero_url(page: Page) -> str:
    """The URL Zotero gives the item it reads from a page's tags: `citation_public_url`, else the page's own."""
    found = page.all("citation_public_url")
    return found[0] if found else SAMPLE.url(page.rel)


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=[a.versions[lang].page for a, lang in ARTICLE_PAGES])
def test_every_description_gives_the_url_of_the_page_in_its_language(
    sample_output: Path, pages: dict[str, Page], article: Article, lang: str
) -> None:
    version = article.versions[lang]
    folder = version.page.removesuffix("/index.html")
    found = descriptions(sample_output, folder)
    page, ld, ris, bib = found["page"], found["ld"], found["ris"], found["bib"]
    described = {  # what each names: (language, URL, title)
        "citation_*": (page.one("citation_language"), zotero_url(page), page.one("citation_title")),
        "citation_abstract_html_url": (page.one("citation_language"), page.one("citation_abstract_html_url"), None),
        "Dublin Core": (page.one("DC.language"), page.one("og:url"), page.one("DC.title")),
        "JSON-LD": (ld["inLanguage"], ld["url"], ld["headline"]),
        "RIS": (ris["language"], ris["urls"][0], ris["title"]),
        "BibTeX": (bib["language"], bib["url"], bib["title"]),
    }
    versions = {SAMPLE.url(v.page): v for v in article.versions.values()}
    for name, (language, url, title) in described.items():
        assert url in versions, f"{name}: {url} is no page of the article"
        assert versions[url].lang == language, f"{name}: {language!r} with the {versions[url].lang!r} page {url}"
        assert title in (None, versions[url].title_text), f"{name}: the title of another version"
    text = article.versions[article.text_lang(lang)]
    assert described["citation_*"][0] == described["RIS"][0] == described["BibTeX"][0] == text.lang  # DESIGN.md
    assert described["Dublin Core"][0] == described["JSON-LD"][0] == lang  # the page's own language


# ---- 5. suffixes: kept apart from the family name, and written where each format has a place for them ---------

SUFFIXED = {
    "content/articles/a.fr.md": """\
        ---
        title: Un article
        abstract: Un résumé.
        date: 2019-06-01
        doi: 10.9999/a.1
        authors:
          - Martin Luther King Jr.
          - {name: Alexandre Dumas fils, suffix: fils}
          - {name: José García Márquez III, family: García Márquez}
          - Élise Müller
        ---
        Texte.
        """,
}
# (name, family, given, suffix)
PEOPLE = [
    ("Martin Luther King Jr.", "King", "Martin Luther", "Jr."),
    ("Alexandre Dumas fils", "Dumas", "Alexandre", "fils"),
    ("José García Márquez III", "García Márquez", "José", "III"),
    ("Élise Müller", "Müller", "Élise", None),
]


@pytest.fixture(scope="module")
def suffixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "suffixed", SUFFIXED, SITE_YAML + ISSNS + CROSSREF)


def test_a_suffix_is_never_the_family_name(suffixed: Path) -> None:
    found = descriptions(suffixed, "fr/articles/a")
    # Zotero's cleanAuthor reads "Family, Given" up to the second comma: the suffix after it never becomes the family
    assert found["page"].all("citation_author") == [
        "King, Martin Luther, Jr.",
        "Dumas, Alexandre, fils",
        "García Márquez, José, III",
        "Müller, Élise",
    ]
    assert found["ris"]["authors"] == [
        "King, Martin Luther, Jr.",
        "Dumas, Alexandre, fils",
        "García Márquez, José, III",
        "Müller, Élise",
    ]
    entry = read_bibtex(suffixed / "fr/articles/a/a.bib")[0]
    names = [(" ".join([*n.von, *n.last]), " ".join(n.first), " ".join(n.jr) or None) for n in entry.fields_dict["author"].value]
    assert names == [(family, given, suffix) for _, family, given, suffix in PEOPLE]  # BibTeX's "von Last, Jr, First"
    people = found["ld"]["author"]
    assert [(p["name"], p["familyName"], p.get("givenName"), p.get("honorificSuffix")) for p in people] == PEOPLE


def test_crossref_and_jats_give_the_suffix_its_element(suffixed: Path) -> None:
    crossref, article = exported(suffixed.parent / "site", "a")
    people = crossref.xpath("//cr:person_name", namespaces=NS)
    expected = [(family, given, suffix) for _, family, given, suffix in PEOPLE]

    def parts(person: etree._Element, ns: dict[str, str], family: str, given: str, suffix: str) -> tuple:
        return tuple((person.xpath(f"{tag}/text()", namespaces=ns) or [None])[0] for tag in (family, given, suffix))

    assert [parts(p, NS, "cr:surname", "cr:given_name", "cr:suffix") for p in people] == expected
    names = article.xpath("//contrib-group/contrib/name")
    assert [parts(n, {}, "surname", "given-names", "suffix") for n in names] == expected


# ---- 6. emphasis in a title: a book's title stays in italics in BibTeX ------------------------------------------

EMPHASIS = "Hélène Vasseur, \\emph{Les Sentinelles du Nord. L’alliance des Brumes et ses marins}"


def test_a_reviewed_books_title_keeps_its_emphasis_in_bibtex(sample_output: Path) -> None:
    found = descriptions(sample_output, "fr/articles/note-sentinelles-du-nord")  # content/articles/notes/lettre.fr.md
    assert f"  title = {{{{{EMPHASIS}}}}},\n" in found["raw_bib"]  # double braces: styles keep its capitals
    assert found["bib"]["title"] == "Hélène Vasseur, Les Sentinelles du Nord. L’alliance des Brumes et ses marins"
    assert found["ris"]["title"] == found["bib"]["title"]  # RIS has no markup: the plain text


def test_each_kind_of_emphasis_has_its_latex_command(tmp_path: Path) -> None:
    files = {
        "content/articles/a.fr.md": "---\ntitle: Un *livre* et **un gras**, 50 % & `code`\n"
        "subtitle: Sur *Candide*\nabstract: Un résumé.\ndate: 2019-06-01\n---\nTexte.\n"
    }
    root = write_site(tmp_path / "site", files)
    build(root, tmp_path / "out")
    raw = (tmp_path / "out/fr/articles/a/a.bib").read_text(encoding="utf-8")
    title = raw.split("  title = {", 1)[1].split("},\n", 1)[0]
    assert title.startswith("{Un \\emph{livre} et \\textbf{un gras}, ") and title.endswith("~: Sur \\emph{Candide}}")
    assert "\\%" in title and "\\&" in title and "\\texttt{code}" in title
    (entry,) = read_bibtex(tmp_path / "out/fr/articles/a/a.bib")
    assert entry.fields_dict["title"].value.startswith("Un livre et un gras, ")
