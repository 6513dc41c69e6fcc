"""The links a built page gives, on tiny sites: the landing page's alternates (it is the x-default of the homes), the
language switcher's where a page has no translation, and the purchase link with the article's values URL-encoded."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build, write_site

FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def build(tmp_path: Path, files: dict[str, str]):
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    return run_build("--site", site, "--out", out), out


def test_the_landing_page_declares_the_homes_it_is_the_x_default_of(tmp_path: Path) -> None:
    result, out = build(tmp_path, {"content/articles/a.fr.md": article()})
    assert result.returncode == 0, result.stderr
    landing = (out / "index.html").read_text(encoding="utf-8")
    for lang, href in (("fr", "/fr/"), ("en", "/en/"), ("x-default", "/")):
        assert f'<link rel="alternate" hreflang="{lang}" href="https://revue.example.org{href}">' in landing
        home = (out / "fr" / "index.html").read_text(encoding="utf-8")
        assert f'hreflang="{lang}" href="https://revue.example.org{href}"' in home


def test_the_switcher_says_when_a_page_has_no_translation(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article("keywords: [Otan]\n")}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (out / "fr" / "mots-cles" / "otan" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/en/keywords/" hreflang="en" lang="en" title="This page has no English translation">' in html


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
