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
