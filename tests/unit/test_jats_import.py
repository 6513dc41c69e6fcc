"""JATS import: four exporters' conventions (jats_samples/, fictional, after the JATS Tag Library's examples), each
field mapped, every element not converted reported at its line, bad files refused with `path:line`, nothing
written on an error, and the imported samples built as a site."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

import diptych
from diptych import cli
from diptych.jats_import import import_article, import_files
from tests.conftest import ROOT

SAMPLES = Path(__file__).resolve().parent / "jats_samples"


def imported(name: str):
    return import_article((SAMPLES / name).read_bytes(), f"samples/{name}")


def front(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body.strip()


def messages(result) -> list[str]:
    return [f"{w.where}: {w.message}" for w in result.warnings]


def test_ojs_trans_title_and_trans_abstract_make_the_french_version() -> None:
    result = imported("ojs.xml")
    assert result.errors == []
    en, body = front(result.files["content/articles/142.en.md"])
    fr, fr_body = front(result.files["content/articles/142.fr.md"])
    assert en["title"] == "Tide Tables and the *Mariner's Almanac*"
    assert en["subtitle"] == "A Fictional Survey"
    assert fr["title"] == "Les tables des marées et l'*Almanach du marin*"
    assert fr["subtitle"] == "Une enquête fictive"
    assert fr["abstract"].startswith("Comment un almanach fictif")
    assert (en["keywords"], fr["keywords"]) == (["tides", "almanacs"], ["marées", "almanachs"])
    assert en["authors"] == [
        {"name": "Ada Quill", "affiliation": "Harbour Institute of Tides", "orcid": "0000-0002-1825-0097"},
        {"name": "Inés García Lorca", "family": "García Lorca"},
    ]
    assert str(en["date"]) == "2021-03-14" and en["pages"] == "1-14"
    assert en["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert en["section"] == {"en": "Articles", "fr": "Articles de fond"}
    assert en["issue"] == "2021-1" and "access" not in en
    assert fr_body == "" and set(fr) == {"title", "subtitle", "abstract", "keywords"}
    assert "## Introduction" in body and "### Method" in body
    assert "The *Almanac* was printed in **1801**, and its tables used H<sub>2</sub>O and 10<sup>3</sup>" in body
    assert "[the almanac's page](https://example.org/almanac)" in body and "`TIDE`" in body
    assert "- spring tides\n- neap tides" in body
    assert "> The sea keeps its own calendar." in body
    assert "examples.[^1]" in body and "[^1]: The printer's name is *unknown*." in body
    assert "samples/ojs.xml:93: <abbrev> not converted, its text kept" in messages(result)
    assert "HW is high water" in body
    assert result.issue == ("2021-1", {"volume": 12, "number": 1, "date": en["date"].replace(month=1, day=1)})


def test_erudit_french_first_with_nested_affiliations_and_a_print_date() -> None:
    result = imported("erudit.xml")
    fr, body = front(result.files["content/articles/1075123ar.fr.md"])
    en, _ = front(result.files["content/articles/1075123ar.en.md"])
    assert fr["doi"] == "10.7202/1075123ar" and en["title"] == "Tide Mills of the Imaginary Coast"
    assert fr["authors"] == [
        {"name": "Yves Le Goff", "affiliation": "Université fictive de Kerbrume, France", "family": "Le Goff"},
        {"name": "Anne-Marie Tremblay", "affiliation": "Département d'histoire, Université du Nord fictif"},
    ]
    assert str(fr["date"]) == "2020-05-01" and fr["section"] == "Dossier"
    assert (
        fr["abstract"]
        == "Cet article étudie trois moulins à marée d'une côte inventée.\n\nIl montre leur rôle dans l'économie locale."
    )
    assert "1. le bief,\n2. la roue,\n3. la meule." in body
    assert "> « La mer monte, le moulin moud. »\n>\n> — Dicton de Kerbrume" in body
    assert "1650[^1]. Ses meuniers tenaient un registre[^2]." in body
    assert "[^2]: Registre aujourd'hui perdu." in body
    assert "samples/erudit.xml:75: <inline-formula> not converted, its text kept" in messages(result)
    assert "samples/erudit.xml:34: <contrib contrib-type='editor'> not converted: only authors are" in messages(result)
    assert "samples/erudit.xml:38: <pub-date> without a day: the first is assumed" in messages(result)
    assert result.issue == ("2020-2", {"volume": 48, "number": 2, "date": fr["date"], "title": {"fr": "Mers et rivages"}})


def test_scielo_sub_article_makes_the_english_version_with_its_own_body() -> None:
    result = imported("scielo.xml")
    es, body = front(result.files["content/articles/rfm-2022-45.es.md"])
    en, en_body = front(result.files["content/articles/rfm-2022-45.en.md"])
    assert en["title"] == "The Lighthouses of the Invented Coast"
    assert en["abstract"] == "This article studies the lighthouses of an invented coast."
    assert en["keywords"] == ["lighthouses", "coast"]
    assert es["section"] == {"es": "Artículos", "en": "Articles"}
    assert es["authors"] == [
        {
            "name": "María José Pérez Gómez",
            "affiliation": "Universidad Ficticia del Sur, Facultad de Historia, Puerto Niebla, Chile",
            "orcid": "0000-0001-5109-3700",
            "family": "Pérez Gómez",
        }
    ]
    assert es["access"] == "free"  # license-type="open-access"
    assert "**Tabla 1. Faros por década**\n\n| Década | Faros |\n| --- | ---: |\n| 1870 | 3 |\n| 1880 | 5 |" in body
    assert "## Referencias\n\nSoto, L. (1999). *Luces del sur*. Puerto Niebla: Ediciones Ficticias." in body
    assert "en 1870.[^1]" in body and "[^1]: Según el registro" in body
    assert en_body == (
        "## Introduction\n\nThe lighthouses of the coast were lit in 1870.[^1]\n\n"
        "[^1]: According to the fictional register of lighthouses."
    )
    assert "samples/scielo.xml:81: <math> not converted, its text kept" in messages(result)


def test_pmc_affiliations_by_reference_figure_table_references_and_a_correction() -> None:
    result = imported("pmc.xml")
    assert list(result.files) == ["content/articles/jfmb-2023-007.en.md"]
    en, body = front(result.files["content/articles/jfmb-2023-007.en.md"])
    assert en["authors"] == [
        {"name": "Chidi Okafor", "affiliation": "Institute of Invented Oceans, Port Example, Country"},
        {
            "name": "Wang Lin",
            "affiliation": "Institute of Invented Oceans, Port Example, Country; Lantern Laboratory, Example City, Country",
            "family": "Wang",
        },
    ]
    assert str(en["updated"]) == "2023-03-01" and str(en["date"]) == "2023-02-07"
    assert en["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert en["abstract"] == "**Background** The lantern shrimp is imaginary.\n\n**Results** It rises at night."
    assert "![Depth by hour.](fig1.png)\n\n**Fig 1. Depth by hour.**\n\nMean depth of the imaginary shrimp." in body
    assert '<th rowspan="2">Station</th><th colspan="2">Count</th>' in body
    assert "## Acknowledgements\n\nWe thank the imaginary crew." in body
    assert "## References\n\n1 Doe J. Night lights. Fict Ocean. 2001;3:1–9." in body
    warned = messages(result)
    assert "samples/pmc.xml:95: <boxed-text> not converted, its text kept" in warned
    assert "samples/pmc.xml:85: <table> with merged cells or blocks in cells kept as an HTML table" in warned
    assert "samples/pmc.xml:43: <elocation-id> not converted: diptych's `pages` are a page range" in warned
    assert any("fig1.png" in w and w.startswith("samples/pmc.xml:80:") for w in warned)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<article><front>\n<article-meta>\n</front></article>", "bad.xml:3: not well-formed XML: "),
        (b"", "bad.xml:1: not well-formed XML: Document is empty"),
        (b'<?xml version="1.0"?>\n<html><body/></html>', "bad.xml:2: not a JATS article: the root element is <html>"),
        (
            b"<article>\n<front><article-meta><abstract><p>A.</p></abstract>"
            b'<pub-date date-type="pub"><day>1</day><month>2</month><year>2020</year></pub-date>'
            b"</article-meta></front></article>",
            "bad.xml:2: the article has no title (<article-title> in <title-group>)",
        ),
    ],
)
def test_bad_files_are_errors_at_their_line(data: bytes, expected: str) -> None:
    result = import_article(data, "bad.xml")
    assert result.files == {}
    assert any(str(e).startswith(expected) for e in result.errors), [str(e) for e in result.errors]


def test_digits_other_than_ascii_are_not_numbers() -> None:
    """A fullwidth ORCID is not taken (load would refuse it), a superscript month or volume no crash."""
    data = (SAMPLES / "ojs.xml").read_bytes()
    assert b"0000-0002-1825-0097" in data and b"<volume>" in data
    data = data.replace(b"0000-0002-1825-0097", "０000-0002-1825-0097".encode()).replace(b"<month>03<", "<month>²<".encode(), 1)
    data = re.sub(rb"<volume>[^<]*</volume>", "<volume>²</volume>".encode(), data)
    result = import_article(data, "a.xml")
    assert result.errors == []
    assert "０000" not in "".join(result.files.values())
    warned = [f"{w.where}: {w.message}" for w in result.warnings]
    assert "a.xml:45: <pub-date> without a month: the first is assumed" in warned
    assert "a.xml:51: volume '²' is not a number: left out of the issue file" in warned


def test_every_error_of_every_file_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<article>\n<front>\n</article>", encoding="utf-8")
    other = tmp_path / "other.xml"
    other.write_text("<book/>", encoding="utf-8")
    code = cli.main(["import-jats", str(SAMPLES / "ojs.xml"), str(bad), str(other), "--into", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{bad}:3: not well-formed XML" in err and f"{other}:1: not a JATS article" in err
    assert "import-jats: 2 error(s); nothing written" in err
    assert not (tmp_path / "site").exists()


def test_two_articles_with_one_key_are_an_error() -> None:
    data = (SAMPLES / "ojs.xml").read_bytes()
    _, _, errors = import_files([("a.xml", data), ("b.xml", data)])
    assert errors and "two articles with one key" in str(errors[0])


def test_existing_files_are_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "content" / "articles" / "142.en.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine", encoding="utf-8")
    args = ["import-jats", str(SAMPLES / "ojs.xml"), "--into", str(tmp_path)]
    assert cli.main(args) == 1
    assert "142.en.md: exists already: not overwritten (use --force)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine" and not (tmp_path / "content" / "articles" / "142.fr.md").exists()
    assert cli.main([*args, "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: Tide Tables")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("target", ["dangling", "live"])
def test_a_link_where_a_file_would_go_is_never_replaced(
    tmp_path: Path, force: bool, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link, live or dangling, is not the import's to replace, not even with --force: an error, nothing written."""
    elsewhere = tmp_path / "elsewhere.md"
    if target == "live":
        elsewhere.write_text("mine", encoding="utf-8")
    site = tmp_path / "site"
    link = site / "content" / "articles" / "142.en.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere)
    args = ["import-jats", str(SAMPLES / "ojs.xml"), "--into", str(site), *(["--force"] if force else [])]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert f"{link}: is a symbolic link: not replaced, even with --force" in err
    assert link.is_symlink() and os.readlink(link) == str(elsewhere)
    assert elsewhere.exists() == (target == "live") and (target == "dangling" or elsewhere.read_text() == "mine")
    assert sorted(p.name for p in site.rglob("*")) == ["142.en.md", "articles", "content"]  # nothing written


def test_a_folder_where_a_file_would_go_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content" / "articles" / "142.en.md"
    folder.mkdir(parents=True)
    assert cli.main(["import-jats", str(SAMPLES / "ojs.xml"), "--into", str(tmp_path), "--force"]) == 1
    assert f"{folder}: exists already and is not a file: not replaced" in capsys.readouterr().err
    assert not (tmp_path / "content" / "articles" / "142.fr.md").exists()


def test_the_imported_samples_build_as_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert cli.main(["import-jats", *map(str, sorted(SAMPLES.glob("*.xml"))), "--into", str(site)]) == 0
    err = capsys.readouterr().err
    assert f"import-jats: 4 file(s), 7 article version(s), 4 issue(s) and a site.yaml into {site}, 19 warning(s)" in err
    (site / "site.yaml").write_text("title: Imported\nbase_url: https://example.org\nlanguages: [en, fr, es]\n", encoding="utf-8")
    shutil.copy(ROOT / "content" / "articles" / "phare-schema.png", site / "content" / "articles" / "fig1.png")
    report = diptych.build(site, tmp_path / "output")
    assert report.pages["es"] > 0 and report.pages["fr"] > 0
    page = (tmp_path / "output" / "en" / "articles" / "jfmb-2023-007" / "index.html").read_text(encoding="utf-8")
    assert "Diel Migration of the Imaginary Lantern Shrimp" in page


EDGE = b"""<article xml:lang="en" xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>
<title-group><article-title>Edge <sc>cases</sc></article-title></title-group>
<pub-date><year>2020</year><month>Feb</month><day>3</day></pub-date>
<abstract><p>An <italic>abstract</italic> <bold>here</bold>.</p></abstract>
</article-meta></front>
<body>
<p>1999. A year, * a star, _under_ and [brackets].</p>
<sec><p>No title.</p><sec><title>Deep</title><p>x<fn id="f9"><p>Inline note.</p></fn> y</p></sec></sec>
<list list-type="order"><list-item><p>one</p><list list-type="bullet"><list-item><p>nested</p></list-item></list></list-item></list>
<p>Line<break/>break, and <xref ref-type="fn" rid="nope">9</xref>.</p>
</body>
<back><fn-group><fn id="unused"><p>Never cited.</p></fn></fn-group></back>
</article>"""


def test_text_that_looks_like_markdown_stays_text_and_odd_notes_are_kept() -> None:
    result = import_article(EDGE, "edge.xml")
    meta, body = front(result.files["content/articles/edge.en.md"])
    assert meta["title"] == "Edge cases" and str(meta["date"]) == "2020-02-03"
    assert meta["abstract"] == "An *abstract* **here**."
    assert "1999\\. A year, \\* a star, \\_under\\_ and \\[brackets\\]." in body
    assert "No title.\n\n## Deep\n\nx[^1] y" in body
    assert "1. one\n\n    - nested" in body
    assert "Line  \nbreak, and 9." in body
    assert "## Notes\n\nNever cited." in body and "[^1]: Inline note." in body
    assert [f"{w.where}: {w.message}" for w in result.warnings] == [
        "edge.xml:2: <sc> not converted, its text kept",
        "edge.xml:10: footnote call to 'nope', which has no note: its text kept",
        "edge.xml:12: 1 note(s) never called in the text: kept in a Notes section",
    ]


@pytest.mark.parametrize("name", ["ojs.xml", "erudit.xml", "scielo.xml", "pmc.xml"])
def test_a_cut_file_is_an_error_never_a_crash(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    for cut in range(0, len(data), 97):
        result = import_article(data[:cut], name)
        assert result.errors and result.files == {}


def test_metadata_the_import_does_not_map_is_named_in_a_warning() -> None:
    """Funding, author notes, custom metadata and related articles have no diptych field: never dropped silently."""
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="en"><front><article-meta>
<title-group><article-title>A title</article-title></title-group>
<author-notes><fn><p>Corresponding author.</p></fn></author-notes>
<pub-date date-type="pub"><day>2</day><month>3</month><year>2021</year></pub-date>
<funding-group><award-group><funding-source>A fund</funding-source></award-group></funding-group>
<abstract><p>An abstract.</p></abstract>
<custom-meta-group><custom-meta><meta-name>x</meta-name><meta-value>y</meta-value></custom-meta></custom-meta-group>
<counts><page-count count="12"/></counts>
</article-meta></front></article>"""
    result = import_article(xml, "meta.xml")
    assert not result.errors
    warned = messages(result)
    for line, element in ((4, "author-notes"), (6, "funding-group"), (8, "custom-meta-group")):
        assert any(m.startswith(f"meta.xml:{line}:") and f"<{element}> not converted" in m for m in warned), warned
    assert not any("counts" in m for m in warned)  # page counts: diptych counts its own
