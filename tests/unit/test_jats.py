"""JATS 1.3 export: every file valid against the Journal Publishing XSD, the front matter field by field, the
full text only when asked for, and never a word of the body otherwise."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from lxml import etree

import diptych
from diptych import jats
from diptych.edition import Edition
from diptych.metadata import abstract_text
from diptych.models import Article
from diptych.views import exported
from tests.conftest import ROOT, write_site
from tests.site.test_leak import WITHHELD, normal

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "jats-1.3" / "JATS-journalpublishing1-3-mathml3.xsd"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALI = "{http://www.niso.org/schemas/ali/1.0/}"
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)

SITE_YAML = """\
title: {fr: "Revue d'essai", en: "Test Journal"}
base_url: https://revue.example.org
languages: [fr, en]
issn: "2049-3630"
paywall:
  access: paywalled
  teaser_paragraphs: 1
"""


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The JATS 1.3 Journal Publishing XSD, compiled once (about 5 s)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), PARSER))


@pytest.fixture(scope="module")
def sample() -> diptych.Prepared:
    return diptych.prepare(ROOT)


def article(prepared: diptych.Prepared, key: str) -> Article:
    return next(a for a in prepared.site.articles if a.key == key)


def export(prepared: diptych.Prepared, key: str | Article, *, body: bool) -> bytes:
    chosen = article(prepared, key) if isinstance(key, str) else key
    edition = Edition.FULL if body else Edition.PUBLIC
    return jats.jats_article(
        exported(chosen, edition, prepared.site.root), prepared.site.config, prepared.site.issues, prepared.urls
    )


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def valid(schema: etree.XMLSchema, data: bytes) -> list[str]:
    """The schema's complaints about a document, none when it is valid."""
    return [] if schema.validate(parse(data)) else [f"{e.line}: {e.message}" for e in schema.error_log]


def text(element: etree._Element | None) -> str:
    """An element's text, its descendants' included, spaces made single."""
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def texts(root: etree._Element, path: str) -> list[str]:
    return [text(e) for e in root.iterfind(path)]


# ---- validity -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [False, True], ids=["front-matter", "full-text"])
def test_every_sample_article_is_valid_jats(schema: etree.XMLSchema, sample: diptych.Prepared, body: bool) -> None:
    problems = {a.key: valid(schema, export(sample, a, body=body)) for a in sample.site.articles}
    assert len(problems) >= 6
    assert {key: errors for key, errors in problems.items() if errors} == {}


def test_the_schema_refuses_an_invalid_document(schema: etree.XMLSchema, sample: diptych.Prepared) -> None:
    """The validity tests can fail: the same document without its title-group is refused."""
    root = parse(export(sample, "cartographie", body=False))
    meta = root.find("front/article-meta")
    meta.remove(meta.find("title-group"))
    assert not schema.validate(root)


def test_the_document_is_utf8_with_a_declaration(sample: diptych.Prepared) -> None:
    data = export(sample, "cartographie", body=False)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<article ')
    assert "Université de Port-Brume".encode() in data


def test_the_same_article_gives_the_same_bytes(sample: diptych.Prepared) -> None:
    assert export(sample, "phares", body=True) == export(sample, "phares", body=True)


# ---- front matter ---------------------------------------------------------------------------------


def test_journal_meta(sample: diptych.Prepared) -> None:
    meta = parse(export(sample, "cartographie", body=False)).find("front/journal-meta")
    assert texts(meta, "journal-id[@journal-id-type='publisher-id']") == ["revue-d-etudes-strategiques"]
    title = meta.find("journal-title-group/journal-title")
    assert (text(title), title.get(LANG)) == ("Revue d'études stratégiques", "fr")
    trans = meta.find("journal-title-group/trans-title-group")
    assert (trans.get(LANG), text(trans.find("trans-title"))) == ("en", "Journal of Strategic Studies")
    assert [(e.get("publication-format"), text(e)) for e in meta.iterfind("issn")] == [
        ("print", "2049-3630"),
        ("electronic", "1234-5679"),
    ]
    assert texts(meta, "publisher/publisher-name") == ["Éditions Exemple"]


def test_article_front_matter_field_by_field(sample: diptych.Prepared) -> None:
    root = parse(export(sample, "cartographie", body=False))
    assert (root.get("article-type"), root.get("dtd-version"), root.get(LANG)) == ("research-article", "1.3", "fr")
    meta = root.find("front/article-meta")
    assert texts(meta, "article-id[@pub-id-type='doi']") == ["10.9999/res.752.0079"]
    assert [(g.get(LANG), text(g)) for g in meta.iterfind("article-categories/subj-group[@subj-group-type='heading']")] == [
        ("fr", "Dossier"),
        ("en", "Special feature"),
    ]
    group = meta.find("title-group")
    assert text(group.find("article-title")) == (
        "Cartographier l’Archipel des Brumes : les cartes marines, instruments de souveraineté"
    )
    assert text(group.find("subtitle")) == "Une enquête sur un différend imaginaire"
    trans = group.findall("trans-title-group")
    assert [t.get(LANG) for t in trans] == ["en"]
    assert text(trans[0].find("trans-title")).startswith("Charting the Archipelago of Mists: Nautical Charts")
    assert text(trans[0].find("trans-subtitle")) == "An Inquiry into an Imaginary Dispute"
    dates = {
        d.get("date-type"): (d.get("iso-8601-date"), d.findtext("day"), d.findtext("month"), d.findtext("year"))
        for d in meta.iterfind("pub-date")
    }
    assert dates == {"pub": ("2019-06-12", "12", "06", "2019"), "collection": ("2019-06-01", "01", "06", "2019")}
    assert all(d.get("publication-format") == "electronic" for d in meta.iterfind("pub-date"))
    assert [meta.findtext(tag) for tag in ("volume", "issue", "fpage", "lpage")] == ["75", "2", "79", "95"]
    assert [(t.get(LANG), text(t)) for t in meta.iterfind("issue-title")] == [
        ("fr", "La Russie et ses voisins"),
        ("en", "Russia and its Neighbours"),
    ]
    assert [(u.get(LANG), u.get(XLINK_HREF)) for u in meta.iterfind("self-uri")] == [
        ("fr", "https://revue.example.org/fr/articles/cartographier-archipel-des-brumes/"),
        ("en", "https://revue.example.org/en/articles/charting-the-archipelago-of-mists/"),
    ]
    assert meta.find("permissions") is None and meta.find("pub-history") is None  # no licence, never corrected


def test_abstracts_and_keywords_per_language(sample: diptych.Prepared) -> None:
    chosen = article(sample, "cartographie")
    meta = parse(export(sample, chosen, body=False)).find("front/article-meta")
    assert meta.find("abstract").get(LANG) is None  # the article's own language
    assert text(meta.find("abstract")) == abstract_text(chosen.versions["fr"])
    assert [(a.get(LANG), text(a)) for a in meta.iterfind("trans-abstract")] == [("en", abstract_text(chosen.versions["en"]))]
    groups = meta.findall("kwd-group")
    assert [(g.get(LANG), g.get("kwd-group-type")) for g in groups] == [("fr", "author"), ("en", "author")]
    assert [texts(g, "kwd") for g in groups] == [list(chosen.versions["fr"].keywords), list(chosen.versions["en"].keywords)]


def test_authors_in_order_with_their_affiliations(sample: diptych.Prepared) -> None:
    group = parse(export(sample, "cartographie", body=False)).find("front/article-meta/contrib-group")
    contribs = group.findall("contrib")
    assert [c.get("contrib-type") for c in contribs] == ["author", "author"]
    assert [(c.findtext("name/surname"), c.findtext("name/given-names")) for c in contribs] == [
        ("Morvan", "Jeanne"),
        ("Ibarra", "Tomás"),
    ]
    assert contribs[0].find("xref") is None
    rid = contribs[1].find("xref[@ref-type='aff']").get("rid")
    assert [(a.get("id"), text(a.find("institution"))) for a in group.iterfind("aff")] == [(rid, "Université de Port-Brume")]


def test_orcid_as_an_https_url(sample: diptych.Prepared) -> None:
    contrib = parse(export(sample, "alliance", body=False)).find("front/article-meta/contrib-group/contrib")
    assert [(i.get("contrib-id-type"), text(i)) for i in contrib.iterfind("contrib-id")] == [
        ("orcid", "https://orcid.org/0000-0002-1825-0097")
    ]
    assert contrib.findtext("name/surname") == "Delmas"


def test_licence_and_correction_date(sample: diptych.Prepared) -> None:
    meta = parse(export(sample, "phares", body=False)).find("front/article-meta")
    license = meta.find("permissions/license")
    deed = "https://creativecommons.org/licenses/by/4.0/"
    assert license.get(XLINK_HREF) == deed
    assert texts(license, f"{ALI}license_ref") == [deed]
    assert text(license.find("license-p")) == "CC-BY-4.0"
    assert license.find("license-p/ext-link").get(XLINK_HREF) == deed
    event = meta.find("pub-history/event[@event-type='corrected']")
    assert event.find("date").get("iso-8601-date") == "2019-10-01"
    assert [event.findtext(f"date/{part}") for part in ("day", "month", "year")] == ["01", "10", "2019"]


def test_the_full_text_language_leads(sample: diptych.Prepared) -> None:
    """The essay's French version has no body: the file is in English, French is the translation."""
    root = parse(export(sample, "essai", body=False))
    assert root.get(LANG) == "en"
    meta = root.find("front/article-meta")
    assert text(meta.find("title-group/article-title")) == "Deterrence at Sea: an Essay on Small Navies"
    assert [t.get(LANG) for t in meta.iterfind("title-group/trans-title-group")] == ["fr"]
    assert [a.get(LANG) for a in meta.iterfind("trans-abstract")] == ["fr"]
    assert meta.find("volume") is None and meta.find("issue") is None and meta.find("fpage") is None  # no issue, no pages


def test_a_single_version_has_no_translation_and_keeps_its_italics(sample: diptych.Prepared) -> None:
    meta = parse(export(sample, "lettre", body=False)).find("front/article-meta")
    assert meta.find("title-group/trans-title-group") is None and meta.find("trans-abstract") is None
    assert texts(meta, "title-group/article-title/italic") == ["Les Sentinelles du Nord. L’alliance des Brumes et ses marins"]


# ---- the body: only when asked for ----------------------------------------------------------------


def test_the_full_text_nests_its_sections_as_the_markdown(sample: diptych.Prepared) -> None:
    root = parse(export(sample, "cartographie", body=True))
    body = root.find("body")
    assert body.find("p") is None  # the text opens with a heading
    outline = [(text(sec.find("title")), texts(sec, "sec/title")) for sec in body.iterfind("sec")]
    assert outline == [
        ("Une géographie contestée", ["Méthode"]),
        ("Les cartes de l’Amirauté valmérienne", ["Méthode"]),
        ("Écueils, chenaux et phares : le vocabulaire de la souveraineté", []),
    ]
    second = body.findall("sec")[1].find("sec")  # the table is in the second "Méthode"
    assert texts(second, "table-wrap/table/thead/tr/th") == ["Édition", "Amirauté", "Îlots nommés", "Phares figurés"]
    assert len(second.findall("table-wrap/table/tbody/tr")) == 4
    assert second.find("table-wrap/table/thead/tr/th[3]").get("align") == "right"


def test_footnotes_go_to_back_with_matching_calls(sample: diptych.Prepared) -> None:
    root = parse(export(sample, "cartographie", body=True))
    notes = root.findall("back/fn-group/fn")
    assert [(fn.get("id"), fn.findtext("label")) for fn in notes] == [("fn1", "1"), ("fn2", "2")]
    assert text(notes[0].find("p")).startswith("Le traité de Port-Brume, conclu le 3 mars 1862")
    assert text(notes[1].find("p")) == "Le nom de « récifs des Veilleurs » n’apparaît qu’en 1881, sur la carte ostrandaise."
    calls = root.findall("body//xref[@ref-type='fn']")
    assert [(x.get("rid"), text(x)) for x in calls] == [("fn1", "1"), ("fn2", "2")]
    assert "↩" not in text(root) and "fn:" not in etree.tostring(root, encoding="unicode")


def test_the_full_text_holds_the_withheld_sentences(sample: diptych.Prepared) -> None:
    flat = normal(text(parse(export(sample, "cartographie", body=True))))
    withheld = [s for s in WITHHELD if normal(s) in flat]
    assert withheld == [WITHHELD[0], WITHHELD[6], WITHHELD[8]]  # cartographie.fr's sentences, its note included


def test_front_matter_files_hold_no_withheld_sentence(sample: diptych.Prepared) -> None:
    for chosen in sample.site.articles:
        data = export(sample, chosen, body=False)
        flat = normal(data.decode())
        assert [s for s in WITHHELD if normal(s) in flat] == [], chosen.key
        root = parse(data)
        assert root.find("body") is None and root.find("back") is None, chosen.key


def test_front_matter_has_no_word_of_the_body(sample: diptych.Prepared) -> None:
    """Not the teaser either: each paragraph's opening, each heading and note of the body is absent."""
    flat = normal(export(sample, "cartographie", body=False).decode())
    full = parse(export(sample, "cartographie", body=True))
    pieces = texts(full, "body//title") + [" ".join(t.split()[:6]) for t in texts(full, "body//p") + texts(full, "back//p")]
    assert len(pieces) > 10
    assert [piece for piece in pieces if normal(piece) in flat] == []


class Sealed:
    """A body (models.Body) that answers whether there is one (`blank`) and nothing else: reading it, which needs
    its file and its hash (load.body.read_body), raises."""

    def __init__(self, present: bool = True) -> None:
        self.blank = not present

    def __getattr__(self, name: str):
        raise AssertionError(f"the body was read ({name})")

    def __str__(self) -> str:
        raise AssertionError("the body was read (str)")

    __format__ = __repr__ = __str__  # type: ignore[assignment]


def test_front_matter_never_reads_the_body(sample: diptych.Prepared) -> None:
    chosen = article(sample, "cartographie")
    sealed = dataclasses.replace(
        chosen, versions={lang: dataclasses.replace(v, body=Sealed()) for lang, v in chosen.versions.items()}
    )
    assert export(sample, sealed, body=False) == export(sample, chosen, body=False)
    with pytest.raises((AttributeError, TypeError, AssertionError)):  # the sentinel bites when the body is asked for
        export(sample, sealed, body=True)


def test_a_teaser_only_version_gives_no_body(sample: diptych.Prepared) -> None:
    """Russia-Belarus holds only its teaser: it is not the full text, so even the subscriber file has no body."""
    root = parse(export(sample, "alliance", body=True))
    assert root.find("body") is None and root.find("back") is None


def test_the_paywall_marker_is_not_a_boundary(sample: diptych.Prepared) -> None:
    paragraphs = texts(parse(export(sample, "cartographie", body=True)), "body/sec/sec/p")
    assert paragraphs[0].startswith("Pour mesurer le rôle politique") and paragraphs[1].startswith(WITHHELD[0])


# ---- a small site: table, figure, quotation, lists, notes, links ----------------------------------

ARTICLE = """\
---
title: "Les *Sentinelles* et le **feu**"
abstract: |
  Un résumé en *italique* avec un [lien](https://example.org/a?b=1&c=2).

  - premier point
  - second point

  ## Un intertitre

  Suite du résumé.
keywords: [phares]
authors:
  - Platon
  - {name: Ada Lovelace, affiliation: Institut des Brumes, orcid: "0000-0002-1825-0097"}
  - {name: Bob Smith, affiliation: Institut des Brumes}
date: 2024-03-05
access: free
---

Une introduction avec une note[^a] et du `code`.

## Première partie

![Le schéma du phare](figure.png)

> Une citation **grasse**.
>
> ### Un titre cité

Voir [plus haut](#premiere-partie), [la citation](#un-titre-cite) et [le site](https://example.org/).

| Année | Feux |
| --- | ---: |
| 1858 | 1 |
| 1879 | 2 |

1. un
2. deux
    - deux bis

[^a]: La note, avec *emphase*.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> diptych.Prepared:
    root = write_site(tmp_path_factory.mktemp("jats") / "site", {"content/articles/phares.fr.md": ARTICLE}, SITE_YAML)
    shutil.copy(ROOT / "content/articles/phare-schema.png", root / "content/articles/figure.png")
    return diptych.prepare(root)


def test_small_site_is_valid(schema: etree.XMLSchema, small: diptych.Prepared) -> None:
    assert valid(schema, export(small, "phares", body=True)) == []
    assert valid(schema, export(small, "phares", body=False)) == []


def test_inline_markup_in_titles_and_abstracts(small: diptych.Prepared) -> None:
    meta = parse(export(small, "phares", body=False)).find("front/article-meta")
    title = meta.find("title-group/article-title")
    assert (text(title), texts(title, "italic"), texts(title, "bold")) == ("Les Sentinelles et le feu", ["Sentinelles"], ["feu"])
    abstract = meta.find("abstract")
    link = abstract.find("p/ext-link")
    assert (link.get("ext-link-type"), link.get(XLINK_HREF), text(link)) == ("uri", "https://example.org/a?b=1&c=2", "lien")
    assert texts(abstract, "p/italic") == ["italique"]
    assert texts(abstract, "p/list[@list-type='bullet']/list-item/p") == ["premier point", "second point"]  # in a p
    assert texts(abstract, "sec/title") == ["Un intertitre"] and texts(abstract, "sec/p") == ["Suite du résumé."]


def test_names_one_word_and_shared_affiliations(small: diptych.Prepared) -> None:
    group = parse(export(small, "phares", body=False)).find("front/article-meta/contrib-group")
    contribs = group.findall("contrib")
    assert [(e.tag, e.text) for e in contribs[0].find("name")] == [("surname", "Platon")]  # no empty given-names
    assert [(c.findtext("name/surname"), c.findtext("name/given-names")) for c in contribs[1:]] == [
        ("Lovelace", "Ada"),
        ("Smith", "Bob"),
    ]
    assert [c.find("xref").get("rid") if c.find("xref") is not None else None for c in contribs] == [None, "aff1", "aff1"]
    assert texts(group, "aff/institution") == ["Institut des Brumes"]
    assert texts(contribs[1], "contrib-id") == ["https://orcid.org/0000-0002-1825-0097"]


def test_body_elements(small: diptych.Prepared) -> None:
    root = parse(export(small, "phares", body=True))
    body = root.find("body")
    opening = body.find("p")  # before the first heading, directly in body
    assert text(opening) == "Une introduction avec une note1 et du code."
    assert texts(opening, "monospace") == ["code"]
    part = body.find("sec")
    assert (part.get("id"), text(part.find("title"))) == ("sec1", "Première partie")
    fig = part.find("fig")
    assert text(fig.find("caption/title")) == "Le schéma du phare"
    assert fig.find("graphic").get(XLINK_HREF) == "figure.png"  # published beside the page, as the HTML links it
    quote = part.find("disp-quote")
    assert texts(quote, "p") == ["Une citation grasse.", "Un titre cité"]
    assert texts(quote, "p/bold") == ["grasse", "Un titre cité"]  # a heading inside a quotation cannot open a section
    links = part.find("p")
    assert [(x.get("ref-type"), x.get("rid"), text(x)) for x in links.iterfind("xref")] == [("sec", "sec1", "plus haut")]
    assert [(e.get(XLINK_HREF), text(e)) for e in links.iterfind("ext-link")] == [("https://example.org/", "le site")]
    assert "la citation" in text(links)  # its heading is no section: the link keeps its text, no dangling xref
    table = part.find("table-wrap/table")
    assert texts(table, "thead/tr/th") == ["Année", "Feux"] and texts(table, "tbody/tr/td") == ["1858", "1", "1879", "2"]
    assert [td.get("align") for td in table.iterfind("tbody/tr/td")] == [None, "right", None, "right"]
    ordered = part.find("list[@list-type='order']")
    assert texts(ordered, "list-item/p") == ["un", "deux"]
    assert texts(ordered, "list-item/list[@list-type='bullet']/list-item/p") == ["deux bis"]
    note = root.find("back/fn-group/fn")
    assert (note.get("id"), text(note.find("p")), texts(note, "p/italic")) == ("fn1", "La note, avec emphase.", ["emphase"])
    assert [x.get("rid") for x in body.iter("xref") if x.get("ref-type") == "fn"] == ["fn1"]


def test_hostile_text_stays_text(schema: etree.XMLSchema, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & ]]> <!-- x -->"
    root = write_site(
        tmp_path / "site",
        {
            "content/articles/x.fr.md": f"""\
                ---
                title: '{hostile}'
                abstract: "Résumé <script>alert(2)</script> & ]]>"
                keywords: ['{hostile}']
                authors:
                  - {{name: "Ann <b>Lee</b>", affiliation: "]]> & <i>"}}
                date: 2024-01-01
                access: free
                ---

                Texte <script>alert(3)</script> & ]]>.
                """
        },
        SITE_YAML,
    )
    prepared = diptych.prepare(root)
    for body in (False, True):
        data = export(prepared, "x", body=body)
        assert valid(schema, data) == []
        assert b"<script" not in data and b"]]>" not in data
        doc = parse(data)
        assert not list(doc.iter("script", "b", "i"))
        meta = doc.find("front/article-meta")
        assert text(meta.find("title-group/article-title")) == "<script>alert(1)</script> & ]]> <!-- x -->"
        assert texts(meta, "kwd-group/kwd") == [hostile]
        assert texts(meta, "contrib-group/aff/institution") == ["]]> & <i>"]
        assert "alert(2)" not in text(meta.find("abstract")) and "& ]]>" in text(meta.find("abstract"))
    assert "& ]]>." in text(parse(export(prepared, "x", body=True)).find("body"))


def test_a_site_without_issn_has_no_jats(tmp_path: Path) -> None:
    """The Journal Publishing tag set requires an ISSN: without one, no file rather than an invalid one."""
    root = write_site(tmp_path / "site", {"content/articles/x.fr.md": ARTICLE}, SITE_YAML.replace('issn: "2049-3630"\n', ""))
    prepared = diptych.prepare(root)
    assert not jats.exportable(prepared.site.config)
    assert jats.exportable(dataclasses.replace(prepared.site.config, eissn="2049-3630"))
    with pytest.raises(ValueError, match="ISSN"):
        export(prepared, "x", body=False)
