"""Bugs a code review found, each pinned by a test."""

from __future__ import annotations

import re
from pathlib import Path

from diptych.markup import body
from diptych.outline import Anchors
from tests.conftest import run_build, write_site

FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def build(tmp_path: Path, files: dict[str, str]):
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    return run_build("--site", site, "--out", out), out


def test_an_unknown_issue_written_as_a_number_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("issue: 2021\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:5: unknown issue '2021'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_issue_written_as_a_number_that_exists_builds(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("issue: 2021\n"), "content/issues/2021.yaml": "date: 2021-01-01\n"}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    assert (out / "fr" / "numeros" / "2021" / "index.html").is_file()


def test_removing_a_repeated_id_never_touches_the_text() -> None:
    source = '## La revue\n\n```\ny = \' id="la-revue"\'\n```\n\n<h3 id="la-revue">Copie</h3>\n'
    html, _ = body(source, Anchors(), "note %d")
    assert "y = &#39; id=&quot;la-revue&quot;&#39;" in html or "y = ' id=\"la-revue\"'" in html
    assert len(re.findall(r'<h\d id="la-revue"', html)) == 1


def test_a_shared_local_pdf_is_found_beside_the_version_that_names_it(tmp_path: Path) -> None:
    files = {
        "content/articles/fr/a.fr.md": article("access: free\npdf: texte.pdf\n"),
        "content/articles/en/a.en.md": "---\ntitle: Title\nabstract: Abstract.\n---\nText.\n",
    }
    site = write_site(tmp_path / "site", files)
    (site / "content/articles/fr/texte.pdf").write_bytes(b"%PDF-1.4 free text")
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for lang in ("fr", "en"):
        page = next((tmp_path / "out" / lang / "articles").glob("a/index.html"))
        assert (page.parent / "texte.pdf").read_bytes() == b"%PDF-1.4 free text"
        assert 'href="texte.pdf"' in page.read_text(encoding="utf-8")


def test_a_top_level_heading_in_a_page_stays_a_heading_under_the_title(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article(), "content/pages/p.fr.md": "---\ntitle: Page\n---\n# Un titre\n\nTexte.\n"}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (out / "fr" / "p" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="un-titre">Un titre</h2>' in html
    assert html.count("<h1") == 1


def test_remaining_percent_is_a_whole_number(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("remaining_percent: 0.4\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:5: 'remaining_percent' must be a whole number from 0 to 100, not a number" in result.stderr


def test_the_landing_page_declares_the_homes_it_is_the_x_default_of(tmp_path: Path) -> None:
    result, out = build(tmp_path, {"content/articles/a.fr.md": article()})
    assert result.returncode == 0, result.stderr
    landing = (out / "index.html").read_text(encoding="utf-8")
    for lang, href in (("fr", "/fr/"), ("en", "/en/"), ("x-default", "/")):
        assert f'<link rel="alternate" hreflang="{lang}" href="https://revue.example.org{href}">' in landing
        home = (out / "fr" / "index.html").read_text(encoding="utf-8")
        assert f'hreflang="{lang}" href="https://revue.example.org{href}"' in home


def test_purchase_url_values_are_url_encoded(tmp_path: Path) -> None:
    site_yaml = (
        'title: {fr: "Revue", en: "Journal"}\nbase_url: https://revue.example.org\nlanguages: [fr, en]\n'
        'paywall:\n  purchase_url: "https://shop.example.org/buy?doi={doi}"\n'
    )
    files = {"content/articles/a.fr.md": article("doi: 10.1234/a#b?c\n", "Un.\n\n<!-- paywall -->\n\nDeux.\n")}
    site = write_site(tmp_path / "site", files, site_yaml=site_yaml)
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "fr" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://shop.example.org/buy?doi=10.1234/a%23b%3Fc"' in html


def test_a_pdf_path_with_an_empty_segment_is_an_error(tmp_path: Path) -> None:
    result, _ = build(tmp_path, {"content/articles/a.fr.md": article("access: free\npdf: a//b.pdf\n")})
    assert result.returncode == 1
    assert "content/articles/a.fr.md:6: 'pdf' must be an http(s) URL or a .pdf file beside the article" in result.stderr


def test_the_switcher_says_when_a_page_has_no_translation(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("keywords: [Otan]\n")}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (out / "fr" / "mots-cles" / "otan" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/en/keywords/" hreflang="en" lang="en" title="This page has no English translation">' in html
