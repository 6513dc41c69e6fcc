"""Metadata, feeds, citations and deposits read an article's public fields only: never its body.

Each function below gets the sample's articles with every body sealed: an object that answers whether there is
a body (`blank`) and fails on any other use, reading it included. Reading the text would raise here; so no withheld word can reach
a meta tag, JSON-LD, a feed, a reference file or a Crossref deposit, by construction, not only in the sample.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from diptych import prepare
from diptych.cite import bibtex, how_to_cite, ris
from diptych.crossref import journal_article
from diptych.feeds import feed
from diptych.metadata import article_head, issue_head, reference
from diptych.theme import load_typography
from tests.conftest import ROOT


class Sealed:
    """A body (models.Body) that answers whether there is one (`blank`) and nothing else: reading it, which needs
    its file and its hash (load.body.read_body), raises."""

    def __init__(self, present: bool = True) -> None:
        self.blank = not present

    def __getattr__(self, name: str):
        raise AssertionError(f"the body was read ({name})")

    def __str__(self) -> str:
        raise AssertionError("the body was read (str)")

    __format__ = __repr__ = __str__  # type: ignore[assignment]


@pytest.fixture(scope="module")
def sealed():
    prepared = prepare(ROOT)
    site = prepared.site
    articles = tuple(
        dataclasses.replace(
            a,
            versions=MappingProxyType({lang: dataclasses.replace(v, body=Sealed(v.has_body)) for lang, v in a.versions.items()}),
        )
        for a in site.articles
    )
    return dataclasses.replace(site, articles=articles), prepared.renderer.urls, prepared.renderer.envs


def test_the_seal_holds(tmp_path) -> None:
    from diptych.load.body import read_body

    body = Sealed(True)
    assert body.blank is False
    with pytest.raises(AssertionError):
        str(body)
    with pytest.raises(AssertionError):
        read_body(tmp_path, body)


def test_meta_tags_json_ld_and_citations_read_no_body(sealed) -> None:
    site, urls, _ = sealed
    from babel.support import NullTranslations

    translations = {lang: NullTranslations() for lang in site.config.languages}
    typography = {lang: load_typography(ROOT, lang)[0] for lang in site.config.languages}
    for article in site.articles:
        for lang in article.versions:
            head = article_head(article, lang, site.config, urls, site.issues, translations, None, typography)
            assert head.tags and head.json_ld
            ref = reference(article, lang, site.config, urls, site.issues, None, typography)
            assert how_to_cite(ref, lang) and ris([ref]) and bibtex([ref])
    for issue in site.issues.values():
        articles = [a for a in site.articles if a.issue == issue.id]
        assert issue_head(issue, articles, "fr", site.config, urls, translations["fr"], typography).json_ld


def test_feeds_and_the_crossref_deposit_read_no_body(sealed) -> None:
    site, urls, _ = sealed
    typography = {lang: load_typography(ROOT, lang)[0] for lang in site.config.languages}
    for lang in site.config.languages:
        _, data = feed(site, urls, lang, typography)
        assert data.startswith(b"<?xml")
    for article in site.articles:
        if article.doi:
            assert journal_article(article, urls) is not None
