"""Errors hidden behind other errors: one run shows them all."""

from __future__ import annotations

from pathlib import Path

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
