"""Warnings are problems of their own kind: each a value whose severity says it does not stop the run, shown as
`path:line: warning: message` by the value itself, whatever stage found it (load, the catalogs, the paywall, check,
the Crossref deposit, import-jats, the swap)."""

from __future__ import annotations

import os
from pathlib import Path

from diptych import build, prepare
from diptych.check import check_site
from diptych.crossref import deposit
from diptych.errors import ContentError, Severity
from diptych.jats_import import import_files
from tests.conftest import ROOT, write_site

ARTICLE = """\
---
title: Un article
abstract: Un résumé.
date: 2024-03-01
{extra}---

Premier paragraphe.
"""


def _said_as_warnings(warnings: list[ContentError] | tuple[ContentError, ...]) -> None:
    assert warnings, "the case gives no warning: it proves nothing"
    for problem in warnings:
        assert problem.severity is Severity.WARNING and problem.is_warning, problem
        assert str(problem).startswith(f"{problem.where}: warning: {problem.message}")


def test_every_warning_of_a_build_is_a_warning_value(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/articles/seul.fr.md": ARTICLE.format(extra="access: paywalled\n"),  # nothing withheld, no English
        },
        site_yaml='title: {fr: "Revue", en: "Journal", de: "Zeitschrift"}\nbase_url: https://revue.example.org\n'
        "languages: [fr, en, de]\n",  # no German catalog
    )
    (site / "content" / "elsewhere").mkdir()
    os.symlink(tmp_path, site / "content" / "linked")  # a symbolic link to a folder: not followed
    report = build(site, tmp_path / "out", cache=False)
    messages = [w.message for w in report.warnings]
    assert any("no catalog for 'de'" in m for m in messages) and any("nothing is withheld" in m for m in messages)
    assert any("symbolic link to a folder" in m for m in messages)
    _said_as_warnings(report.warnings)
    checked = check_site(site)
    assert any("no English version" in w.message for w in checked.warnings)
    _said_as_warnings(checked.warnings)


def test_a_deposits_warnings_are_warning_values(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": ARTICLE.format(extra="doi: 10.5555/a\nlicense: tout droit\n"),
            "content/articles/b.fr.md": ARTICLE.format(extra=""),  # no DOI
        },
        site_yaml='title: {fr: "Revue"}\nbase_url: https://revue.example.org\nlanguages: [fr]\nissn: 2049-3630\n'
        "crossref: {depositor: Éditions, email: doi@revue.example.org, registrant: Éditions}\n",
    )
    prepared = prepare(site)
    result, errors = deposit(prepared.site, prepared.urls, timestamp="20240102030405")
    assert errors == [] and result is not None
    _said_as_warnings(result.warnings)


def test_an_imports_warnings_are_warning_values() -> None:
    sources = [(str(p), p.read_bytes()) for p in sorted((ROOT / "tests").rglob("jats*/**/*.xml"))[:8]]
    assert sources, "no JATS sample found under tests/"
    _, warnings, _ = import_files(sources)
    _said_as_warnings(warnings)


def test_check_reports_the_warnings_of_a_site_that_has_errors_too(tmp_path: Path) -> None:
    """`check` lists every problem of a run: a site in error still shows the warnings found on the way (a missing
    catalog, a symbolic link not followed), not "1 error(s), 0 warning(s)". (A warning about the loaded site, such as
    a paywalled article with nothing withheld, needs the site loaded: an error in content/ stops before it.)"""
    site = write_site(
        tmp_path / "site",
        {"content/articles/faux.fr.md": ARTICLE.format(extra="auteur: Anne\n")},  # an unknown field: an error
        site_yaml='title: {fr: "Revue", en: "Journal", de: "Zeitschrift"}\nbase_url: https://revue.example.org\n'
        "languages: [fr, en, de]\n",  # no German catalog
    )
    os.symlink(tmp_path, site / "content" / "linked")  # a symbolic link to a folder: not followed
    checked = check_site(site)
    assert [e.message.split(":")[0] for e in checked.errors] == ["unknown field 'auteur'"]
    messages = [w.message for w in checked.warnings]
    assert any("no catalog for 'de'" in m for m in messages), messages
    assert any("symbolic link to a folder" in m for m in messages), messages
    _said_as_warnings(checked.warnings)
