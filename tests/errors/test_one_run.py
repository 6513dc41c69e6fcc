"""Errors hidden behind other errors: one run shows them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build, write_site

ARTICLE = """\
---
title: Titre
abstract: Résumé.
date: 2020-13-01
issue: nope
order: first
---
Texte.
"""


def test_a_bad_field_does_not_hide_an_unknown_issue_in_the_same_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE, "content/issues/real.yaml": "date: 2020-01-01\n"})
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/articles/a.fr.md:4: 'date' must be a real date written YYYY-MM-DD, not '2020-13-01'" in lines
    assert "content/articles/a.fr.md:5: unknown issue 'nope': no content/issues/nope.yaml (known: real)" in lines
    assert "content/articles/a.fr.md:6: 'order' must be a whole number, not text" in lines
    assert lines[-1].startswith("build failed: 3 error(s)")


def test_content_templates_and_catalogs_are_checked_in_the_same_run(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": ARTICLE.replace("issue: nope\n", "").replace("order: first\n", ""),
            "templates/home.html": "{% if %}\n",
            "locales/fr/LC_MESSAGES/messages.po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#, python-format\nmsgid "%(percent)s of the article left to read"\nmsgstr "%(pourcent)s restant"\n',
        },
    )
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "content/articles/a.fr.md:4: 'date'" in result.stderr
    assert "templates/home.html:1: " in result.stderr
    assert "locales/fr/LC_MESSAGES/messages.po:6: unknown named placeholder 'pourcent'" in result.stderr
    assert "Traceback" not in result.stderr


SETTINGS = 'title: {fr: "Revue", en: "Journal"}\nbase_url: https://revue.example.org\nlanguages: [fr, en]\n'


def test_an_error_in_site_yaml_does_not_hide_the_contents_errors(tmp_path: Path) -> None:
    """Issue 14: the content is checked whenever the settings it depends on (the languages) could be read."""
    settings = (
        SETTINGS + "paywall:\n  teaser_paragraphs: 0\ncrossref:\n  depositor: Revue\n  email: nobody\n  registrant: Revue\n"
    )
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE}, site_yaml=settings)
    site.joinpath("content/issues").mkdir()
    site.joinpath("content/issues/nope.yaml").write_text("date: 2020-01-01\n", encoding="utf-8")
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/articles/a.fr.md:4: 'date' must be a real date written YYYY-MM-DD, not '2020-13-01'",
        "content/articles/a.fr.md:6: 'order' must be a whole number, not text",
        "site.yaml:4: 'teaser_paragraphs' must be at least 1",  # nested fields are placed at their parent's line
        "site.yaml:6: 'crossref.email' 'nobody' is not an e-mail address like editor@example.org",
        f"build failed: 4 error(s); {tmp_path / 'out'} is left as it was",
    ]


def test_check_too_reports_the_settings_and_the_contents_errors_together(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE}, site_yaml=SETTINGS + "issn: 1234-5678\n")
    result = run_build("check", "--site", site)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "site.yaml:4: 'issn' '1234-5678' is not a valid ISSN (NNNN-NNNC, checked digit)" in lines
    assert "content/articles/a.fr.md:4: 'date' must be a real date written YYYY-MM-DD, not '2020-13-01'" in lines


def test_without_languages_the_content_is_not_read(tmp_path: Path) -> None:
    """File names and localized fields depend on the languages: without them, checking the content would only mislead."""
    settings = SETTINGS.replace("languages: [fr, en]\n", "")
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE}, site_yaml=settings)
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "site.yaml:1: missing required field 'languages', e.g. languages: [fr, en]",
        f"build failed: 1 error(s); {tmp_path / 'out'} is left as it was",
    ]


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("title", ['""', "{fr: Revue}", "[a, b]", '{fr: "", en: Journal}', "{fr: Revue, en: [Journal]}"])
def test_a_title_in_error_is_reported_with_the_contents_errors(tmp_path: Path, command: str, title: str) -> None:
    """A title in error stands in for every language while the content is checked: never a traceback (edd94f6 gave
    the renderer a title lacking languages)."""
    settings = SETTINGS.replace('{fr: "Revue", en: "Journal"}', title)
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE}, site_yaml=settings)
    args = ["check", "--site", site] if command == "check" else ["--site", site, "--out", tmp_path / "out"]
    result = run_build(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert any(line.startswith("site.yaml:1: 'title") for line in lines), result.stderr
    assert "content/articles/a.fr.md:4: 'date' must be a real date written YYYY-MM-DD, not '2020-13-01'" in lines
