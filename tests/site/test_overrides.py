"""A site's own templates/ override the defaults file by file; whatever it lacks comes from the defaults."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_build, snapshot, write_site

ARTICLE = """\
---
title: Un article
abstract: Un résumé.
authors: [Jeanne Morvan]
date: 2019-06-12
---

Premier paragraphe.

Deuxième paragraphe.

Troisième paragraphe.
"""
CONTENT = {
    "content/articles/a.fr.md": ARTICLE,
    "content/articles/a.en.md": "---\ntitle: An article\nabstract: An abstract.\n---\n",
}


def build(site: Path) -> dict[str, str]:
    out = site.parent / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return {rel: data.decode("utf-8") for rel, data in snapshot(out).items() if rel.endswith(".html")}


def test_overriding_base_html_changes_every_page_and_keeps_the_default_page_templates(tmp_path: Path) -> None:
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert "</head>" in base
    marked = base.replace("</head>", '<meta name="theme" content="maison">\n</head>', 1)
    site = write_site(tmp_path / "site", {**CONTENT, "templates/base.html": marked})
    pages = build(site)
    assert pages
    for rel, html in pages.items():
        assert '<meta name="theme" content="maison">' in html, rel
    article = pages["fr/articles/a/index.html"]
    assert "Plan de l’article" in article or "Premier paragraphe." in article  # article.html still the default's
    assert 'class="article"' in article


def test_overriding_article_html_changes_only_article_pages(tmp_path: Path) -> None:
    default = build(write_site(tmp_path / "default" / "site", CONTENT))
    override = '{% extends "base.html" %}{% block main %}<p class="maison">{{ article.title }}</p>{% endblock %}\n'
    pages = build(write_site(tmp_path / "custom" / "site", {**CONTENT, "templates/article.html": override}))
    assert '<p class="maison">Un article</p>' in pages["fr/articles/a/index.html"]
    assert '<p class="maison">An article</p>' in pages["en/articles/a/index.html"]
    assert "Premier paragraphe." not in pages["fr/articles/a/index.html"]
    assert pages.keys() == default.keys()
    for rel in pages:
        if "/articles/a/" not in rel:
            assert pages[rel] == default[rel], f"{rel} changed though its template was not overridden"


def test_the_defaults_are_left_untouched_by_an_override(tmp_path: Path) -> None:
    before = (ROOT / "templates" / "article.html").read_bytes()
    build(write_site(tmp_path / "site", {**CONTENT, "templates/article.html": '{% extends "base.html" %}'}))
    assert (ROOT / "templates" / "article.html").read_bytes() == before


def test_a_template_comparing_the_edition_with_its_old_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    """Templates once met the edition as a string ("full"); it is now a value asked what its readers may see. A
    site's template still written `edition == "full"` would otherwise be silently false in the subscriber edition
    (no noindex, no banner): it fails at its own line, naming what to write instead."""
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    old = base.replace("{% if edition.full_texts %}", '{% if edition == "full" %}', 1)
    assert old != base
    line = old.splitlines().index('{% if edition == "full" %}') + 1
    site = write_site(tmp_path / "site", {**CONTENT, "templates/base.html": old})
    result = run_build("--site", site, "--out", tmp_path / "out", "--edition", "full")
    assert result.returncode == 1
    assert f"templates/base.html:{line}: TypeError: compare the edition by what it gives" in result.stderr, result.stderr
    assert "edition.full_texts" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
