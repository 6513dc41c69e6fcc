"""The sample site exported to JATS and imported again: the same front matter and the same text, and it builds.

What cannot come back, and is left out of the comparison, by design:

- the key, `slug`, `aliases` and `order`: JATS has no place for them (the key comes from the DOI's suffix, the slug
  is then the key; `self-uri` is ignored);
- `access`: the export says nothing about it, so the imported article takes site.yaml's default;
- the paywall marker (`<!-- paywall -->`): JATS has none; the text around it comes back whole;
- `outline` and `remaining_percent` of a teaser-only version: the export gives such a version no body;
- the body of every version but the one in the language of the full text: the export carries one body, the
  other versions come back with their title, subtitle, abstract and keywords;
- the section's and the issue title's wording in a language the article has no version in (the export writes
  them only for the article's versions).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

import diptych
from diptych import jats, markup
from diptych.edition import Edition
from diptych.jats_import import import_files, write
from diptych.load.body import read_body
from diptych.metadata import text_lang
from diptych.outline import Anchors
from diptych.views import exported
from tests.conftest import ROOT


def text(markdown: str) -> str:
    """What a reader reads: the rendered body's text, whitespace made single spaces."""
    rendered, _ = markup.body(re.sub(r"<!--.*?-->", "", markdown, flags=re.S), Anchors(), "")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", rendered))).strip()


def abstract(markdown: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup.block(markdown)))).strip()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[diptych.Prepared, diptych.Prepared, Path]:
    original = diptych.prepare(ROOT)
    sources = [
        (
            f"{a.key}.xml",
            jats.jats_article(
                exported(a, Edition.FULL, original.site.root), original.site.config, original.site.issues, original.urls
            ),
        )
        for a in original.site.articles
    ]
    files, warnings, errors = import_files(sources)
    assert errors == []
    # diptych's own export holds nothing the import cannot convert; its figure's file is to be copied by hand
    assert [w.message for w in warnings] == [
        "figure 'phare-schema.png': put the file beside the article in content/articles/ before building"
    ]
    into = tmp_path_factory.mktemp("imported")
    assert write(files, into) == []
    shutil.copy(ROOT / "site.yaml", into / "site.yaml")
    shutil.copy(ROOT / "content" / "articles" / "phare-schema.png", into / "content" / "articles" / "phare-schema.png")
    return original, diptych.prepare(into), into


def pairs(sites):
    original, imported, _ = sites
    by_doi = {a.doi: a for a in imported.site.articles}
    assert sorted(by_doi) == sorted(a.doi for a in original.site.articles)
    return [(a, by_doi[a.doi]) for a in original.site.articles]


def test_every_article_comes_back_with_the_same_shared_fields(sites) -> None:
    original, imported, _ = sites
    for before, after in pairs(sites):
        for name in ("authors", "date", "updated", "pages", "doi", "license"):
            assert getattr(after, name) == getattr(before, name), (before.key, name)
        langs = set(before.versions)
        section = {lang: s for lang, s in (before.section or {}).items() if lang in langs}
        assert {lang: s for lang, s in (after.section or {}).items() if lang in langs} == section, before.key
        if before.issue is None:
            assert after.issue is None
            continue
        was, now = original.site.issues[before.issue], imported.site.issues[after.issue]
        assert (now.volume, now.number, now.date) == (was.volume, was.number, was.date)
        assert {k: v for k, v in now.title.items() if k in langs} == {k: v for k, v in was.title.items() if k in langs}


def test_every_version_comes_back_with_the_same_title_abstract_and_keywords(sites) -> None:
    for before, after in pairs(sites):
        assert list(after.versions) == list(before.versions), before.key
        for lang, was in before.versions.items():
            now = after.versions[lang]
            assert (now.title, now.subtitle, now.keywords) == (was.title, was.subtitle, was.keywords), (before.key, lang)
            assert abstract(now.abstract) == abstract(was.abstract), (before.key, lang)


def test_the_full_text_comes_back_with_the_same_text(sites) -> None:
    original, imported, _ = sites
    compared = 0
    for before, after in pairs(sites):
        lang = text_lang(before, next(iter(before.versions)))
        was, now = before.versions[lang], after.versions[lang]
        if was.remaining_percent is not None or not was.has_body:
            assert not now.has_body, before.key  # a teaser-only version is exported without a body
            continue
        assert text(read_body(imported.site.root, now.body)) == text(read_body(original.site.root, was.body)), before.key
        compared += 1
        for other in set(before.versions) - {lang}:
            assert not after.versions[other].has_body  # the export carries one body
    assert compared >= 4  # cartographie (table, notes), detroits, essai (from English), lettre, phares (figure)


def test_the_imported_site_builds(sites, tmp_path: Path) -> None:
    _, _, into = sites
    report = diptych.build(into, tmp_path / "output")
    assert sum(report.pages.values()) > 20
    assert (tmp_path / "output" / "fr" / "articles" / "res-753-0025" / "index.html").exists()
