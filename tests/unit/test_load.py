"""load_site on small inline sites: pairing of versions, shared fields, slugs, defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path, PurePosixPath

import pytest

from diptych.errors import BuildFailed, Position
from diptych.load import load_site
from diptych.load.body import read_body
from diptych.models import Author, OutlineItem
from tests.conftest import SITE_YAML, write_site


def article_fr(front: str = "", body: str = "Premier.\n\nDeuxième.\n\nTroisième.\n", title: str = "Une alliance") -> str:
    return f"---\ntitle: {title}\nabstract: Un résumé.\n{front}---\n{body}"


def article_en(front: str = "", body: str = "First.\n\nSecond.\n\nThird.\n", title: str = "An alliance") -> str:
    return f"---\ntitle: {title}\nabstract: An abstract.\n{front}---\n{body}"


def load(tmp_path: Path, files: dict[str, str], site_yaml: str = SITE_YAML):
    return load_site(write_site(tmp_path / "site", files, site_yaml=site_yaml))


def errors_of(tmp_path: Path, files: dict[str, str], site_yaml: str = SITE_YAML) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        load(tmp_path, files, site_yaml)
    return [str(error) for error in failed.value.errors]


def test_a_bilingual_article(tmp_path: Path):
    site = load(
        tmp_path,
        {
            "content/articles/a.fr.md": article_fr("date: 2019-06-01\n"),
            "content/articles/a.en.md": article_en(),
        },
    )
    (article,) = site.articles
    assert article.key == "a"
    assert article.date == date(2019, 6, 1)
    fr, en = article.versions["fr"], article.versions["en"]
    assert (fr.title, fr.abstract, fr.lang) == ("Une alliance", "Un résumé.", "fr")
    assert (en.title, en.abstract, en.lang) == ("An alliance", "An abstract.", "en")
    assert fr.where == Position(PurePosixPath("content/articles/a.fr.md"), 1)
    assert read_body(tmp_path / "site", fr.body) == "Premier.\n\nDeuxième.\n\nTroisième.\n" and fr.body_line == 6


@pytest.mark.parametrize("carrier", ["fr", "en"])
def test_shared_fields_may_be_written_in_either_version(tmp_path: Path, carrier: str):
    shared = (
        "date: 2019-06-01\nupdated: 2019-07-02\nissue: 2019-2\npages: 61-80\ndoi: https://doi.org/10.3917/ris.115.0061\n"
        "license: CC BY 4.0\norder: 2\naccess: free\nauthors: [Anne Martin]\n"
    )
    files = {
        "content/issues/2019-2.yaml": "volume: 75\nnumber: 2\ndate: 2019-06-01\n",
        "content/articles/a.fr.md": article_fr(shared if carrier == "fr" else ""),
        "content/articles/a.en.md": article_en(shared if carrier == "en" else ""),
    }
    (article,) = load(tmp_path, files).articles
    assert article.date == date(2019, 6, 1)
    assert article.updated == date(2019, 7, 2)
    assert article.issue == "2019-2"
    assert article.pages == "61-80"
    assert article.doi == "10.3917/ris.115.0061"
    assert article.license == "CC BY 4.0"
    assert article.order == 2
    assert article.access == "free" and not article.paywalled
    assert article.authors == (Author("Anne Martin"),)


def test_shared_fields_may_be_split_between_the_versions_and_repeated_identically(tmp_path: Path):
    files = {
        "content/articles/a.fr.md": article_fr("date: 2019-06-01\npages: 61-80\n"),
        "content/articles/a.en.md": article_en("date: 2019-06-01\nauthors: [Anne Martin]\n"),
    }
    (article,) = load(tmp_path, files).articles
    assert article.date == date(2019, 6, 1)
    assert article.pages == "61-80"
    assert article.authors == (Author("Anne Martin"),)


def test_versions_disagreeing_on_a_shared_field_name_both_files(tmp_path: Path):
    files = {
        "content/articles/a.fr.md": article_fr("date: 2019-06-01\nauthors: [Anne Martin]\n"),
        "content/articles/a.en.md": article_en("date: 2019-06-01\nauthors: [Ann Martin]\n"),
    }
    assert errors_of(tmp_path, files) == [
        "content/articles/a.en.md:5: 'authors' disagrees with content/articles/a.fr.md: "
        "a shared field must be written in one version or be identical in both\n"
        "content/articles/a.fr.md:5: see also"
    ]


def test_the_slug_defaults_to_the_key_and_may_differ_per_language(tmp_path: Path):
    files = {
        "content/articles/alliance.fr.md": article_fr("date: 2019-06-01\nslug: une-alliance\n"),
        "content/articles/alliance.en.md": article_en(),
    }
    (article,) = load(tmp_path, files).articles
    assert article.versions["fr"].slug == "une-alliance"
    assert article.versions["en"].slug == "alliance"


def test_a_key_that_is_not_a_slug_is_fine_with_a_slug_field(tmp_path: Path):
    files = {"content/articles/Une_Alliance.fr.md": article_fr("date: 2019-06-01\nslug: une-alliance\n")}
    (article,) = load(tmp_path, files).articles
    assert article.key == "Une_Alliance" and article.versions["fr"].slug == "une-alliance"


def test_the_same_slug_in_two_languages_is_fine(tmp_path: Path):
    files = {
        "content/articles/a.fr.md": article_fr("date: 2019-06-01\nslug: alliance\n"),
        "content/articles/b.en.md": article_en("date: 2019-06-01\nslug: alliance\n"),
    }
    site = load(tmp_path, files)
    assert [(a.key, list(a.versions)) for a in site.articles] == [("a", ["fr"]), ("b", ["en"])]


@pytest.mark.parametrize(
    ("default", "given", "expected"),
    [("paywalled", None, "paywalled"), ("free", None, "free"), ("free", "paywalled", "paywalled"), ("paywalled", "free", "free")],
)
def test_access_defaults_to_site_yaml(tmp_path: Path, default: str, given: str | None, expected: str):
    site_yaml = SITE_YAML.replace("access: paywalled", f"access: {default}")
    front = "date: 2019-06-01\n" + (f"access: {given}\n" if given else "")
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr(front)}, site_yaml).articles
    assert article.access == expected
    assert article.paywalled == (expected == "paywalled")


def test_access_defaults_to_paywalled_when_site_yaml_says_nothing(tmp_path: Path):
    site_yaml = "title: Revue\nbase_url: https://revue.example.org\nlanguages: [fr, en]\n"
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr("date: 2019-06-01\n")}, site_yaml).articles
    assert article.access == "paywalled"


def test_authors_as_names_and_as_mappings_with_orcid(tmp_path: Path):
    front = (
        "date: 2019-06-01\n"
        "authors:\n"
        "  - Anne Martin\n"
        "  - name: Igor Delanoë\n"
        "    affiliation: Observatoire franco-russe\n"
        "    orcid: https://orcid.org/0000-0002-1825-0097\n"
        "  - {name: Jean Dupont, orcid: 0000-0002-1694-233X}\n"
    )
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr(front)}).articles
    assert article.authors == (
        Author("Anne Martin"),
        Author("Igor Delanoë", "Observatoire franco-russe", "0000-0002-1825-0097"),
        Author("Jean Dupont", None, "0000-0002-1694-233X"),  # X: the check digit 10
    )


def test_an_orcid_that_does_not_look_like_one_is_an_error(tmp_path: Path):
    # Lines are kept for top-level keys: the error points at 'authors:' (line 5), the entry is on line 6.
    front = "date: 2019-06-01\nauthors:\n  - {name: Anne Martin, orcid: 1234}\n"
    assert errors_of(tmp_path, {"content/articles/a.fr.md": article_fr(front)}) == [
        "content/articles/a.fr.md:5: ORCID '1234' must look like 0000-0002-1825-0097"
    ]


@pytest.mark.parametrize(
    ("orcid", "check"),
    [("0000-0002-1825-0098", "7"), ("https://orcid.org/0000-0002-1694-2330", "X"), ("0000-0001-5109-370X", "0")],
)
def test_an_orcid_with_a_wrong_check_digit_is_an_error(tmp_path: Path, orcid: str, check: str):
    front = f"date: 2019-06-01\nauthors:\n  - {{name: Anne Martin, orcid: {orcid}}}\n"
    shown = orcid.removeprefix("https://orcid.org/")
    assert errors_of(tmp_path, {"content/articles/a.fr.md": article_fr(front)}) == [
        f"content/articles/a.fr.md:5: ORCID {shown!r} has a wrong check digit (the last character should be {check}): "
        "copy it from the author's page on orcid.org"
    ]


def test_an_author_may_declare_a_suffix_written_at_the_end_of_the_name(tmp_path: Path):
    front = (
        "date: 2019-06-01\n"
        "authors:\n"
        "  - {name: Alexandre Dumas fils, suffix: fils}\n"
        '  - {name: "Martin Luther King, Jr.", suffix: Jr.}\n'
        "  - Thurston Howell III\n"
    )
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr(front)}).articles
    assert article.authors == (
        Author("Alexandre Dumas fils", suffix="fils"),
        Author("Martin Luther King, Jr.", suffix="Jr."),
        Author("Thurston Howell III"),  # found when the name is split: cite.split_name
    )


def test_a_suffix_the_name_does_not_end_with_is_an_error(tmp_path: Path):
    front = "date: 2019-06-01\nauthors:\n  - {name: Martin Luther King, suffix: Jr.}\n"
    assert errors_of(tmp_path, {"content/articles/a.fr.md": article_fr(front)}) == [
        "content/articles/a.fr.md:5: the suffix 'Jr.' must end the author's name, as in 'Martin Luther King Jr.'"
    ]


def test_section_per_language_or_one_for_all(tmp_path: Path):
    files = {
        "content/articles/a.fr.md": article_fr("date: 2019-06-01\nsection: {fr: Varia, en: Miscellany}\n"),
        "content/articles/b.fr.md": article_fr("date: 2019-06-01\nsection: Dossier\n"),
    }
    a, b = load(tmp_path, files).articles
    assert dict(a.section) == {"fr": "Varia", "en": "Miscellany"}
    assert dict(b.section) == {"fr": "Dossier", "en": "Dossier"}


@pytest.mark.parametrize("languages", [["fr", "en"], ["en", "fr"]])
def test_versions_follow_site_yaml_language_order(tmp_path: Path, languages: list[str]):
    site_yaml = SITE_YAML.replace("[fr, en]", f"[{', '.join(languages)}]")
    files = {"content/articles/a.en.md": article_en("date: 2019-06-01\n"), "content/articles/a.fr.md": article_fr()}
    (article,) = load(tmp_path, files, site_yaml).articles
    assert list(article.versions) == languages


def test_files_in_nested_subfolders_are_found_and_paired(tmp_path: Path):
    files = {
        "content/articles/2019/russie-belarus/alliance.fr.md": article_fr("date: 2019-06-01\n"),
        "content/articles/2019/alliance.en.md": article_en(),
        "content/articles/archives/2010/numero-1/vieux.fr.md": article_fr("date: 2010-01-01\n", title="Vieux"),
        "content/articles/top.fr.md": article_fr("date: 2020-01-01\n", title="Au sommet"),
    }
    site = load(tmp_path, files)
    assert [a.key for a in site.articles] == ["alliance", "top", "vieux"]  # sorted by key
    alliance = site.articles[0]
    assert alliance.versions["fr"].where.path == PurePosixPath("content/articles/2019/russie-belarus/alliance.fr.md")
    assert alliance.versions["en"].where.path == PurePosixPath("content/articles/2019/alliance.en.md")
    assert site.articles[2].versions["fr"].title == "Vieux"


def test_files_beside_articles_and_hidden_files_are_not_articles(tmp_path: Path):
    site_dir = write_site(tmp_path / "site", {"content/articles/a/a.fr.md": article_fr("date: 2019-06-01\n")})
    (site_dir / "content/articles/a/carte.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site_dir / "content/articles/a/a.pdf").write_bytes(b"%PDF-1.4\n")
    (site_dir / "content/articles/a/notes.txt").write_text("à faire", encoding="utf-8")
    (site_dir / "content/articles/a/.a.fr.md.swp").write_bytes(b"\x00\x01")
    (site_dir / "content/articles/.#b.fr.md").write_text("lock", encoding="utf-8")
    site = load_site(site_dir)
    assert [a.key for a in site.articles] == ["a"]


def test_a_version_may_have_no_body(tmp_path: Path):
    files = {
        "content/articles/a.fr.md": article_fr("date: 2019-06-01\n", body=""),
        "content/articles/a.en.md": article_en(),
    }
    (article,) = load(tmp_path, files).articles
    assert read_body(tmp_path / "site", article.versions["fr"].body).strip() == ""
    assert not article.versions["fr"].has_body
    assert article.versions["en"].has_body


def test_a_version_whose_file_ends_at_the_closing_marker(tmp_path: Path):
    files = {"content/articles/a.fr.md": "---\ntitle: Une alliance\nabstract: Un résumé.\ndate: 2019-06-01\n---"}
    (article,) = load(tmp_path, files).articles
    assert not article.versions["fr"].has_body


def test_a_teaser_only_version_with_its_outline(tmp_path: Path):
    front = (
        "date: 2019-06-01\nremaining_percent: 93\noutline:\n  - Une alliance asymétrique\n"
        "  - title: Le Bélarus, bouclier occidental de l'OTSC\n    sections: [Un territoire stratégique, Une contribution militaire minime]\n"
    )
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr(front)}).articles
    version = article.versions["fr"]
    assert version.remaining_percent == 93
    assert version.outline == (
        OutlineItem("Une alliance asymétrique"),
        OutlineItem(
            "Le Bélarus, bouclier occidental de l'OTSC",
            (OutlineItem("Un territoire stratégique"), OutlineItem("Une contribution militaire minime")),
        ),
    )


def test_per_version_fields(tmp_path: Path):
    front = "date: 2019-06-01\nsubtitle: Un *sous-titre*\nkeywords: [Russie, Bélarus]\naliases: [/ancien/alliance/]\n"
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr(front)}).articles
    version = article.versions["fr"]
    assert version.subtitle == "Un *sous-titre*"
    assert version.keywords == ("Russie", "Bélarus")
    assert version.aliases == ("/ancien/alliance/",)


def test_a_single_keyword_is_a_list_of_one(tmp_path: Path):
    (article,) = load(tmp_path, {"content/articles/a.fr.md": article_fr("date: 2019-06-01\nkeywords: Russie\n")}).articles
    assert article.versions["fr"].keywords == ("Russie",)


def test_issues_are_loaded_with_real_dates(tmp_path: Path):
    files = {
        "content/issues/2019-3.yaml": 'date: 2019-09-01\ntitle: {fr: "Mers", en: "Seas"}\n',
        "content/issues/2019-2.yaml": "volume: 75\nnumber: 2\ndate: 2019-06-01\n",
    }
    site = load(tmp_path, files)
    assert list(site.issues) == ["2019-2", "2019-3"]
    issue = site.issues["2019-2"]
    assert (issue.volume, issue.number, issue.date) == (75, 2, date(2019, 6, 1))
    assert dict(site.issues["2019-3"].title) == {"fr": "Mers", "en": "Seas"}


def test_pages_default_slug_per_language_order(tmp_path: Path):
    files = {
        "content/pages/about.en.md": "---\ntitle: About\n---\nText.\n",
        "content/pages/about.fr.md": "---\ntitle: À propos\nslug: a-propos\n---\nTexte.\n",
    }
    (page,) = load(tmp_path, files).pages
    assert list(page.versions) == ["fr", "en"]
    assert page.versions["fr"].slug == "a-propos" and page.versions["en"].slug == "about"
    assert page.versions["fr"].body == "Texte.\n"


def test_a_site_with_no_content_folder_loads_empty(tmp_path: Path):
    site = load(tmp_path, {})
    assert site.articles == () and dict(site.issues) == {} and site.pages == ()


def test_every_error_of_every_file_in_one_run_sorted_by_path_and_line(tmp_path: Path):
    files = {
        "content/pages/about.fr.md": "---\ntitle: À propos\ncouleur: bleu\n---\n",
        "content/articles/b.fr.md": article_fr("date: 2019-06-01\norder: premier\n"),
        "content/articles/a.fr.md": "---\nabstract: Un résumé.\ndate: 2019-13-01\n---\n",
    }
    errors = errors_of(tmp_path, files)
    assert [e.split(": ")[0] for e in errors] == [
        "content/articles/a.fr.md:1",
        "content/articles/a.fr.md:3",
        "content/articles/b.fr.md:5",
        "content/pages/about.fr.md:3",
    ]


def test_a_misnamed_article_file(tmp_path: Path):
    files = {"content/articles/alliance.md": article_fr("date: 2019-06-01\n")}
    assert errors_of(tmp_path, files) == ["content/articles/alliance.md:1: name the file KEY.LANG.md, with LANG one of fr, en"]


@pytest.mark.parametrize("line", ["state: draft", "data: 42", "dates: [a, b]"])
def test_a_field_close_to_date_that_holds_no_date_leaves_the_twins_missing_date_an_error(tmp_path: Path, line: str) -> None:
    """One mistake, one error: a misspelt date ('dat: 2019-06-01') stands for the date; a 'state: draft' does not, and
    the article has no date, which is said."""
    errors = errors_of(
        tmp_path,
        {"content/articles/a.fr.md": article_fr(f"{line}\n"), "content/articles/a.en.md": article_en()},
    )
    assert any("missing required field 'date'" in error for error in errors), errors
    assert any(f"unknown field '{line.split(':')[0]}'" in error for error in errors), errors
