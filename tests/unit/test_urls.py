"""urls: localised section segments, pagination, a base_url in a subfolder, the file of each href."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from diptych import build
from diptych.config import SiteConfig
from diptych.theme import load_translations
from diptych.urls import Urls, section_names
from tests.conftest import ROOT, write_site


def make_urls(base_url: str = "https://revue.example.org", segments: dict | None = None) -> Urls:
    config = SiteConfig(
        title={"fr": "Revue", "en": "Journal"}, base_url=base_url, languages=("fr", "en"), segments=segments or {}
    )
    sections = {lang: section_names(config, lang, load_translations(ROOT, lang)[0]) for lang in config.languages}
    return Urls(config, sections)


def test_section_segments_are_localised() -> None:
    urls = make_urls()
    assert urls.issues("fr") == "/fr/numeros/"
    assert urls.issues("en") == "/en/issues/"
    assert urls.issue("fr", "2019-2") == "/fr/numeros/2019-2/"
    assert urls.issue("en", "2019-2") == "/en/issues/2019-2/"
    assert urls.article("fr", "relations-militaires-russie-belarus") == "/fr/articles/relations-militaires-russie-belarus/"
    assert urls.author("fr", "claire-delmas") == "/fr/auteurs/claire-delmas/"
    assert urls.author("en", "claire-delmas") == "/en/authors/claire-delmas/"
    assert urls.keywords("fr") == "/fr/mots-cles/"
    assert urls.keyword("en", "nato") == "/en/keywords/nato/"
    assert urls.page("fr", "a-propos") == "/fr/a-propos/"
    assert urls.home("en") == "/en/"
    assert urls.landing() == "/"


def test_site_yaml_segments_override_the_catalog() -> None:
    urls = make_urls(segments={"fr": {"issues": "livraisons"}})
    assert urls.issues("fr") == "/fr/livraisons/"
    assert urls.issues("en") == "/en/issues/"
    assert urls.articles("fr") == "/fr/articles/"


def test_pagination_adds_a_localised_page_segment_from_page_2() -> None:
    urls = make_urls(segments={"fr": {"page": "p"}})
    assert urls.articles("en", 1) == "/en/articles/"
    assert urls.articles("en", 2) == "/en/articles/page/2/"
    assert urls.keyword("en", "nato", 3) == "/en/keywords/nato/page/3/"
    assert urls.issues("fr", 2) == "/fr/numeros/p/2/"


def test_a_base_url_in_a_subfolder_prefixes_every_href() -> None:
    urls = make_urls("https://www.example.org/revue")  # as config.py keeps it: no trailing slash
    assert urls.landing() == "/revue/"
    assert urls.home("fr") == "/revue/fr/"
    assert urls.issues("en", 2) == "/revue/en/issues/page/2/"
    assert urls.asset("404.html") == "/revue/404.html"
    assert urls.absolute(urls.home("fr")) == "https://www.example.org/revue/fr/"


@pytest.mark.parametrize(
    ("base_url", "href", "path"),
    [
        ("https://revue.example.org", "/", "index.html"),
        ("https://revue.example.org", "/fr/articles/x/", "fr/articles/x/index.html"),
        ("https://revue.example.org", "/404.html", "404.html"),
        ("https://www.example.org/revue", "/revue/", "index.html"),
        ("https://www.example.org/revue", "/revue/en/issues/page/2/", "en/issues/page/2/index.html"),
        ("https://www.example.org/revue", "/revue/static/style.css", "static/style.css"),
    ],
)
def test_output_path(base_url: str, href: str, path: str) -> None:
    assert make_urls(base_url).output_path(href) == PurePosixPath(path)


def test_absolute_urls_at_a_domain_root() -> None:
    assert make_urls().absolute("/en/issues/") == "https://revue.example.org/en/issues/"


HREF = re.compile(r'(?:href|src)="([^"]*)"')


def test_a_site_in_a_subfolder_links_only_inside_it(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/issues/2019-2.yaml": "volume: 1\nnumber: 2\ndate: 2019-06-01\n",
            "content/articles/a.fr.md": """\
                ---
                title: Un article
                abstract: Résumé.
                keywords: [mer]
                authors: [Jeanne Morvan]
                date: 2019-06-12
                issue: 2019-2
                ---

                Un.

                Deux.

                Trois, retenu.
                """,
            "content/articles/a.en.md": "---\ntitle: An article\nabstract: Abstract.\nkeywords: [sea]\n---\n",
            "content/pages/apropos.fr.md": "---\ntitle: À propos\n---\n\nTexte.\n",
        },
        site_yaml="title: {fr: Revue, en: Journal}\nbase_url: https://www.example.org/revue\nlanguages: [fr, en]\n",
    )
    out = tmp_path / "out"
    build(site, out)
    checked = 0
    for page in out.rglob("*.html"):
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            if href.startswith(("https://", "http://", "#", "mailto:")):
                assert not href.startswith("https://www.example.org/") or href.startswith("https://www.example.org/revue/"), (
                    page,
                    href,
                )
                continue
            assert href.startswith("/revue/"), f"{page.relative_to(out)}: {href}"
            target = out / make_urls("https://www.example.org/revue").output_path(href.split("#")[0])
            assert target.is_file(), f"{page.relative_to(out)}: {href} -> nothing at {target.relative_to(out)}"
            checked += 1
    assert checked > 20
    assert (out / "fr" / "articles" / "a" / "index.html").is_file()  # files stay at the root of the output
