"""An import into a folder without site.yaml writes a minimal, commented one (the imported languages, the journal's
title and ISSN from the JATS journal-meta, a base_url to replace) that builds and checks as it is; an existing
site.yaml is the publisher's and is never touched, not even with --force."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from diptych import cli
from diptych.config import load_config
from diptych.jats_import import import_files, write, written
from tests.conftest import ROOT, run_build

SAMPLES = Path(__file__).resolve().parent / "jats_samples"

JOURNAL = """<article xml:lang="{lang}"><front>
<journal-meta>{journal}</journal-meta>
<article-meta>
<article-id pub-id-type="publisher-id">{key}</article-id>
<title-group><article-title>Un titre</article-title>
<trans-title-group xml:lang="en"><trans-title>A title</trans-title></trans-title-group></title-group>
<pub-date><year>2021</year><month>3</month><day>4</day></pub-date>
<abstract><p>Un résumé.</p></abstract>
<trans-abstract xml:lang="en"><p>An abstract.</p></trans-abstract>
</article-meta></front><body><p>Un.</p></body></article>"""


def jats(journal: str, key: str = "a1", lang: str = "fr") -> bytes:
    return JOURNAL.format(journal=journal, key=key, lang=lang).encode()


def site_file(*sources: tuple[str, bytes]) -> tuple[dict, str, list[str]]:
    files, warnings, errors = import_files(list(sources))
    assert errors == []
    text = files["site.yaml"]
    return yaml.safe_load(text), text, [f"{w.where}: {w.message}" for w in warnings]


def test_the_imported_samples_build_and_check_with_the_site_yaml_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli.main(["import-jats", *map(str, sorted(SAMPLES.glob("*.xml"))), "--into", str(site)]) == 0
    settings = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    assert settings["languages"] == ["en", "fr", "es"]  # by versions imported: en 4, fr 2, es 1
    assert settings["base_url"].startswith("https://")
    shutil.copy(ROOT / "content" / "articles" / "phare-schema.png", site / "content" / "articles" / "fig1.png")
    built = run_build("--site", site, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "es" / "index.html").is_file()
    checked = run_build("check", "--site", site)
    assert checked.returncode == 0, checked.stderr
    assert "check: 0 error(s)" in checked.stdout


def test_the_site_yaml_says_what_came_from_the_jats_and_what_to_replace() -> None:
    settings, text, warnings = site_file(("samples/ojs.xml", (SAMPLES / "ojs.xml").read_bytes()))
    assert settings == {
        "title": "Test Journal of Studies",
        "base_url": "https://journal.example.org",
        "languages": ["en", "fr"],
        "eissn": "2049-3630",  # <issn pub-type="epub">
    }
    assert text.startswith("# site.yaml, written by `diptych import-jats`")  # the installed command, not the clone's build.py
    assert "replace with the site's address" in text
    assert "# publisher: Example Press" in text  # commented: the settings other than these keep their defaults
    assert not [w for w in warnings if "site.yaml" in w]


def test_the_site_yaml_loads_as_diptych_reads_it(tmp_path: Path) -> None:
    files, _, errors = import_files([("samples/erudit.xml", (SAMPLES / "erudit.xml").read_bytes())])
    assert errors == []
    (tmp_path / "site.yaml").write_text(files["site.yaml"], encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert problems == [] and config is not None
    assert config.languages == ("fr", "en")
    assert dict(config.title) == {"fr": "Revue fictive d'études", "en": "Revue fictive d'études"}
    assert config.issn == "0000-0000" and config.eissn is None  # <issn pub-type="ppub">


def test_a_title_per_language_and_both_issns() -> None:
    journal = (
        '<journal-title-group><journal-title xml:lang="fr">Revue des marées</journal-title>'
        '<trans-title-group xml:lang="en"><trans-title>Tide Review</trans-title></trans-title-group></journal-title-group>'
        '<issn publication-format="print">0000-0019</issn><issn publication-format="electronic">0000-0027</issn>'
    )
    settings, _, _ = site_file(("a.xml", jats(journal)))
    assert settings["title"] == {"fr": "Revue des marées", "en": "Tide Review"}
    assert settings["issn"] == "0000-0019" and settings["eissn"] == "0000-0027"


def test_what_the_jats_lacks_or_gets_wrong_is_a_placeholder_or_left_out_with_a_warning() -> None:
    settings, text, warnings = site_file(("a.xml", jats("<issn>1234-5678</issn>")))
    assert settings["title"] == "Journal title"
    assert "issn" not in settings and "# issn: 1234-5678" in text
    assert "a.xml:2: no <journal-title> in the journal-meta: site.yaml's title is a placeholder, to replace" in warnings
    assert "a.xml:2: ISSN '1234-5678' is not a valid ISSN (its check digit): left out of site.yaml" in warnings


def test_articles_of_two_journals_take_the_first_ones_with_a_warning() -> None:
    first = jats("<journal-title-group><journal-title>Revue A</journal-title></journal-title-group>", key="a1")
    other = jats("<journal-title-group><journal-title>Revue B</journal-title></journal-title-group>", key="b1")
    settings, _, warnings = site_file(("a.xml", first), ("b.xml", other))
    assert settings["title"] == "Revue A"
    assert (
        "b.xml:2: the journal-meta names another journal ('Revue B') than a.xml's ('Revue A'), which site.yaml takes" in warnings
    )


@pytest.mark.parametrize("force", [False, True])
def test_an_existing_site_yaml_is_left_untouched(tmp_path: Path, force: bool, capsys: pytest.CaptureFixture[str]) -> None:
    mine = "title: Ma revue\nbase_url: https://revue.example.org\nlanguages: [fr, en]\n"
    (tmp_path / "site.yaml").write_text(mine, encoding="utf-8")
    args = ["import-jats", str(SAMPLES / "ojs.xml"), "--into", str(tmp_path), *(["--force"] if force else [])]
    assert cli.main(args) == 0, capsys.readouterr().err
    assert (tmp_path / "site.yaml").read_text(encoding="utf-8") == mine
    assert (tmp_path / "content" / "articles" / "142.en.md").is_file()


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("target", ["dangling", "live"])
def test_a_site_yaml_link_is_left_untouched(tmp_path: Path, force: bool, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A link named site.yaml, even one leading nowhere (settings kept elsewhere, not mounted yet), is the publisher's."""
    elsewhere = tmp_path / "settings.yaml"
    if target == "live":
        elsewhere.write_text("title: Ma revue\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").symlink_to(elsewhere)
    args = ["import-jats", str(SAMPLES / "ojs.xml"), "--into", str(site), *(["--force"] if force else [])]
    assert cli.main(args) == 0, capsys.readouterr().err
    assert (site / "site.yaml").is_symlink() and os.readlink(site / "site.yaml") == str(elsewhere)
    assert elsewhere.exists() == (target == "live") and (target == "dangling" or elsewhere.read_text() == "title: Ma revue\n")
    assert "and a site.yaml" not in capsys.readouterr().err  # not counted as written
    assert (site / "content" / "articles" / "142.en.md").is_file()


def test_written_names_the_files_written(tmp_path: Path) -> None:
    files, _, _ = import_files([("samples/ojs.xml", (SAMPLES / "ojs.xml").read_bytes())])
    assert "site.yaml" in written(files, tmp_path)
    assert write(files, tmp_path) == []
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(files)
    assert "site.yaml" not in written(files, tmp_path)  # there now: the next import leaves it alone
    assert write(files, tmp_path) == []  # the same files again: nothing refused


def test_a_regional_language_is_imported_as_its_base_language_with_a_warning(tmp_path: Path) -> None:
    """diptych's languages are base codes for now (BCP 47 is a later issue): pt-BR is imported as pt, never as a
    language the build would refuse."""
    files, warnings, errors = import_files([("a.xml", jats("", lang="pt-BR"))])
    assert errors == []
    assert sorted(files) == ["content/articles/a1.en.md", "content/articles/a1.pt.md", "site.yaml"]
    assert yaml.safe_load(files["site.yaml"])["languages"] == ["pt", "en"]
    assert "a.xml:1: xml:lang 'pt-BR' imported as 'pt': diptych's languages are base language codes for now" in [
        f"{w.where}: {w.message}" for w in warnings
    ]
    site = tmp_path / "site"
    assert write(files, site) == []
    built = run_build("check", "--site", site)
    assert built.returncode == 0, built.stderr


@pytest.mark.parametrize(
    ("root", "other", "expected"),
    [
        (
            "fr-CA",
            "fr",
            "a.xml:1: xml:lang 'fr-CA' and 'fr' (line 6) would both be diptych's 'fr': diptych's languages are base "
            "language codes for now; give each version a language of its own",
        ),
        (
            "pt-BR",
            "pt-PT",
            "a.xml:1: xml:lang 'pt-BR' and 'pt-PT' (line 6) would both be diptych's 'pt': diptych's languages are base "
            "language codes for now; give each version a language of its own",
        ),
        ("xx", "en", "a.xml:1: xml:lang 'xx': 'xx' is not a language Babel knows"),
    ],
)
def test_a_language_the_build_would_refuse_is_an_error_at_its_line(root: str, other: str, expected: str) -> None:
    data = jats("", lang=root).replace(b'<trans-title-group xml:lang="en">', f'<trans-title-group xml:lang="{other}">'.encode())
    data = data.replace(b'<trans-abstract xml:lang="en">', f'<trans-abstract xml:lang="{other}">'.encode())
    files, _, errors = import_files([("a.xml", data)])
    assert files == {}
    assert expected in [str(e) for e in errors]


@pytest.mark.parametrize("issn", ["²049-3630", "２０４９-３６３0"])
def test_an_issn_with_digits_other_than_ascii_is_left_out_with_a_warning(issn: str) -> None:
    settings, _, warnings = site_file(("a.xml", jats(f"<issn>{issn}</issn>")))
    assert "issn" not in settings
    assert f"a.xml:2: ISSN {issn!r} is not a valid ISSN (its check digit): left out of site.yaml" in warnings
