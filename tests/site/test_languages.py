"""A third language comes from a catalog alone: no code change, German pages, German strings, Babel's formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_build, write_site

SITE_YAML = """\
title: {fr: "Revue d'essai", en: "Test Journal", de: "Testzeitschrift"}
base_url: https://revue.example.org
languages: [fr, en, de]
paywall:
  access: paywalled
  teaser_paragraphs: 2
"""

GERMAN_PO = """\
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Article outline"
msgstr "Gliederung des Artikels"

#, python-format
msgid "%(percent)s of the article left to read"
msgstr "Es bleiben %(percent)s des Artikels zu lesen"

msgid "Abstract"
msgstr "Zusammenfassung"

msgid "Published"
msgstr "Veröffentlicht am"

msgid "Issues"
msgstr "Ausgaben"

msgid "Keywords"
msgstr "Schlagwörter"

msgid "Enter the journal"
msgstr "Zur Zeitschrift"

msgctxt "URL segment"
msgid "articles"
msgstr "artikel"

msgctxt "URL segment"
msgid "issues"
msgstr "ausgaben"

msgctxt "URL segment"
msgid "authors"
msgstr "autoren"

msgctxt "URL segment"
msgid "keywords"
msgstr "schlagworte"

msgctxt "URL segment"
msgid "search"
msgstr "suche"

msgctxt "URL segment"
msgid "page"
msgstr "seite"
"""

BODY = """
Erster Absatz, öffentlich.

Zweiter Absatz, öffentlich.

Dritter Absatz, nur für Abonnenten.

## Ein zurückgehaltener Abschnitt

Vierter Absatz, nur für Abonnenten.
"""


def version(lang: str, title: str, slug: str, keyword: str, shared: str = "", body: str = "") -> str:
    return f"---\ntitle: {title}\nabstract: {title}, abstract.\nslug: {slug}\nkeywords: [{keyword}]\n{shared}---\n{body}"


SHARED = "authors: [Jeanne Morvan]\ndate: 2019-06-12\nissue: 2019-2\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three")
    site = write_site(
        root / "site",
        {
            "locales/de/LC_MESSAGES/messages.po": GERMAN_PO,
            "content/issues/2019-2.yaml": "volume: 75\nnumber: 2\ndate: 2019-06-01\n",
            "content/articles/allianz.fr.md": version("fr", "Une alliance", "une-alliance", "alliance", SHARED, BODY),
            "content/articles/allianz.en.md": version("en", "An alliance", "an-alliance", "alliance", body=BODY),
            "content/articles/allianz.de.md": version("de", "Ein Bündnis", "ein-buendnis", "Bündnis", body=BODY),
        },
        site_yaml=SITE_YAML,
    )
    result = run_build("--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


def read(out: Path, rel: str) -> str:
    path = out / rel / "index.html"
    assert path.is_file(), f"no page at /{rel}/"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "rel",
    [
        "de",
        "de/artikel/ein-buendnis",
        "de/artikel",
        "de/ausgaben",
        "de/ausgaben/2019-2",
        "de/autoren",
        "de/autoren/jeanne-morvan",
        "de/schlagworte",
        "de/schlagworte/bundnis",
    ],
)
def test_german_pages_exist_under_german_segments(built: Path, rel: str) -> None:
    assert '<html lang="de">' in read(built, rel)


def test_the_german_article_page_speaks_german(built: Path) -> None:
    page = read(built, "de/artikel/ein-buendnis")
    assert "Gliederung des Artikels" in page
    assert "Zusammenfassung" in page
    assert "Veröffentlicht am" in page
    assert "12. Juni 2019" in page  # Babel's German date
    match = re.search(r"Es bleiben (\d+)\xa0% des Artikels zu lesen", page)  # Babel's German percent: no-break space
    assert match, "no German paywall notice with a German percentage"
    assert 1 <= int(match[1]) <= 99
    assert "Article outline" not in page and "Plan de l’article" not in page
    assert "Dritter Absatz" not in page and "Vierter Absatz" not in page


def test_the_other_languages_are_named_in_german(built: Path) -> None:
    page = read(built, "de/artikel/ein-buendnis")
    assert 'lang="fr"' in page and 'lang="en"' in page  # the other versions' titles and abstracts
    assert "Une alliance" in page and "An alliance" in page


def test_hreflang_alternates_list_the_three_languages(built: Path) -> None:
    for rel in ["fr/articles/une-alliance", "en/articles/an-alliance", "de/artikel/ein-buendnis"]:
        page = read(built, rel)
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
        assert alternates == [
            ("fr", "https://revue.example.org/fr/articles/une-alliance/"),
            ("en", "https://revue.example.org/en/articles/an-alliance/"),
            ("de", "https://revue.example.org/de/artikel/ein-buendnis/"),
            ("x-default", "https://revue.example.org/fr/articles/une-alliance/"),
        ], rel
    issues = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', read(built, "de/ausgaben/2019-2"))
    assert ("en", "https://revue.example.org/en/issues/2019-2/") in issues
    assert ("de", "https://revue.example.org/de/ausgaben/2019-2/") in issues


def test_the_switcher_offers_the_three_languages(built: Path) -> None:
    page = read(built, "fr/articles/une-alliance")
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S)
    assert switcher
    assert "Deutsch" in switcher[0] and "English" in switcher[0] and "Français" in switcher[0]
    assert 'href="/de/artikel/ein-buendnis/"' in switcher[0]


def test_the_landing_page_welcomes_in_three_languages(built: Path) -> None:
    landing = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="/de/"' in landing and "Testzeitschrift" in landing and "Zur Zeitschrift" in landing


def test_english_and_french_are_untouched_by_the_third_language(built: Path) -> None:
    assert "Plan de l’article" in read(built, "fr/articles/une-alliance")
    assert "12 juin 2019" in read(built, "fr/articles/une-alliance")
    assert "Article outline" in read(built, "en/articles/an-alliance")
    assert (built / "fr" / "numeros" / "2019-2" / "index.html").is_file()
