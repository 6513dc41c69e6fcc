"""plan: every URL of the sample site, hreflang alternates, x-default, the language switcher, pagination."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from diptych.load import load_site
from diptych.plan import PlannedPage, plan_site
from diptych.theme import load_translations, load_typography
from diptych.urls import Urls, section_names
from tests.conftest import ROOT, write_site


def plan(site_dir: Path) -> dict[str, PlannedPage]:
    """The plan of a site, by href, made by the calls build() makes."""
    site = load_site(site_dir)
    translations = {lang: load_translations(site.root, lang)[0] for lang in site.config.languages}
    sections = {lang: section_names(site.config, lang, translations[lang]) for lang in site.config.languages}
    typography = {lang: load_typography(site.root, lang)[0] for lang in site.config.languages}
    pages, errors = plan_site(site, Urls(site.config, sections), translations, typography)
    assert errors == []
    by_href = {page.href: page for page in pages}
    assert len(by_href) == len(pages), "two planned pages share a URL"
    return by_href


@pytest.fixture(scope="module")
def sample() -> dict[str, PlannedPage]:
    return plan(ROOT)


SAMPLE_URLS = [
    "/",
    "/404.html",
    "/fr/",
    "/en/",
    "/fr/articles/relations-militaires-russie-belarus/",
    "/en/articles/russia-belarus-military-relationships/",
    "/fr/articles/cartographier-archipel-des-brumes/",
    "/en/articles/charting-the-archipelago-of-mists/",
    "/fr/articles/note-sentinelles-du-nord/",  # French only
    "/fr/articles/dissuasion-en-mer/",  # no body in French
    "/fr/articles/",
    "/en/articles/",
    "/fr/numeros/",
    "/en/issues/",
    "/fr/numeros/2019-2/",
    "/en/issues/2019-2/",
    "/fr/numeros/2019-3/",
    "/en/issues/2019-3/",
    "/fr/auteurs/",
    "/en/authors/",
    "/fr/auteurs/claire-delmas/",
    "/en/authors/claire-delmas/",
    "/fr/auteurs/tomas-ibarra/",
    "/fr/mots-cles/",
    "/en/keywords/",
    "/fr/mots-cles/otan/",
    "/en/keywords/nato/",
    "/fr/mots-cles/souverainete/",
    "/fr/a-propos/",
    "/en/about/",
    "/fr/abonnements/",
    "/en/subscriptions/",
]


@pytest.mark.parametrize("href", SAMPLE_URLS)
def test_every_url_of_the_design_table_exists_for_the_sample(sample: dict[str, PlannedPage], href: str) -> None:
    assert href in sample


def test_every_article_version_of_the_sample_has_its_page(sample: dict[str, PlannedPage]) -> None:
    site = load_site(ROOT)
    section = {"fr": "articles", "en": "articles"}
    for article in site.articles:
        for lang, version in article.versions.items():
            href = f"/{lang}/{section[lang]}/{version.slug}/"
            assert href in sample, f"{version.where}: no page at {href}"
            assert sample[href].template == "article.html"
            assert sample[href].lang == lang


def test_no_page_for_a_language_version_that_does_not_exist(sample: dict[str, PlannedPage]) -> None:
    assert not any("sentinelles" in href for href in sample if href.startswith("/en/"))


def test_aliases_get_a_page_at_the_old_url(sample: dict[str, PlannedPage]) -> None:
    """DESIGN: each alias of a version gets a redirect page, so no citation breaks."""
    alias = "/fr/articles/les-phares-de-l-archipel/"  # content/articles/phares.fr.md
    assert alias in sample, f"no page at {alias}; planned: {sorted(h for h in sample if 'phares' in h)}"
    assert sample[alias].path == PurePosixPath("fr/articles/les-phares-de-l-archipel/index.html")
    # the old URL points search engines to the current one, and is no translation of anything
    assert sample[alias].canonical == "https://revue.example.org/fr/articles/phares-archipel-des-brumes/"
    assert sample[alias].alternates == ()


def test_an_alias_page_of_the_built_sample_leads_to_the_article(sample_output: Path) -> None:
    html = (sample_output / "fr/articles/les-phares-de-l-archipel/index.html").read_text(encoding="utf-8")
    assert 'href="/fr/articles/phares-archipel-des-brumes/"' in html
    assert "url=/fr/articles/phares-archipel-des-brumes/" in html  # browsers follow without a click


def test_paths_follow_hrefs(sample: dict[str, PlannedPage]) -> None:
    assert sample["/"].path == PurePosixPath("index.html")
    assert sample["/404.html"].path == PurePosixPath("404.html")
    assert sample["/fr/numeros/2019-2/"].path == PurePosixPath("fr/numeros/2019-2/index.html")
    aliases = {"/fr/articles/les-phares-de-l-archipel/"}
    for page in sample.values():
        if page.href != "/404.html" and page.href not in aliases:  # 404.html is served at any missing URL
            assert page.canonical == "https://revue.example.org" + page.href


def test_pages_are_sorted_by_url() -> None:
    site = load_site(ROOT)
    translations = {lang: load_translations(ROOT, lang)[0] for lang in site.config.languages}
    sections = {lang: section_names(site.config, lang, translations[lang]) for lang in site.config.languages}
    typography = {lang: load_typography(ROOT, lang)[0] for lang in site.config.languages}
    pages, _ = plan_site(site, Urls(site.config, sections), translations, typography)
    assert [p.href for p in pages] == sorted(p.href for p in pages)


# --- hreflang and x-default --------------------------------------------------------------------


def by_absolute(sample: dict[str, PlannedPage]) -> dict[str, PlannedPage]:
    return {page.canonical: page for page in sample.values()}


def test_hreflang_alternates_are_reciprocal(sample: dict[str, PlannedPage]) -> None:
    pages = by_absolute(sample)
    for page in sample.values():
        if not page.alternates:
            continue
        if page.href == "/":  # the landing page is the homes' x-default: it lists them and is their x-default itself
            assert page.x_default == page.canonical
            assert set(page.alternates) == set(sample["/fr/"].alternates)
            continue
        assert (page.lang, page.canonical) in {(a.lang, a.href) for a in page.alternates}, f"{page.href} does not list itself"
        for alternate in page.alternates:
            assert alternate.href in pages, f"{page.href}: alternate {alternate.href} is not a page"
            other = pages[alternate.href]
            assert other.lang == alternate.lang
            assert set(other.alternates) == set(page.alternates), f"{page.href} and {other.href} disagree"


def test_translated_articles_declare_both_languages(sample: dict[str, PlannedPage]) -> None:
    page = sample["/fr/articles/relations-militaires-russie-belarus/"]
    assert [(a.lang, a.href) for a in page.alternates] == [
        ("fr", "https://revue.example.org/fr/articles/relations-militaires-russie-belarus/"),
        ("en", "https://revue.example.org/en/articles/russia-belarus-military-relationships/"),
    ]
    assert [a.lang for a in sample["/en/issues/2019-2/"].alternates] == ["fr", "en"]
    assert [a.lang for a in sample["/fr/articles/note-sentinelles-du-nord/"].alternates] == ["fr"]


def test_x_default_is_the_landing_page_from_the_homes(sample: dict[str, PlannedPage]) -> None:
    assert sample["/fr/"].x_default == "https://revue.example.org/"
    assert sample["/en/"].x_default == "https://revue.example.org/"


def test_x_default_is_the_first_language_version_elsewhere(sample: dict[str, PlannedPage]) -> None:
    assert sample["/en/articles/russia-belarus-military-relationships/"].x_default == (
        "https://revue.example.org/fr/articles/relations-militaires-russie-belarus/"
    )
    assert sample["/en/issues/"].x_default == "https://revue.example.org/fr/numeros/"
    for page in sample.values():
        if page.href in ("/", "/fr/", "/en/") or not page.alternates:
            continue
        langs = {a.lang: a.href for a in page.alternates}
        expected = langs.get("fr", page.alternates[0].href)
        assert page.x_default == expected, page.href


# --- the language switcher ---------------------------------------------------------------------


def test_the_switcher_never_links_to_a_missing_page(sample: dict[str, PlannedPage]) -> None:
    for page in sample.values():
        for link in page.switch:
            assert link.href in sample, f"{page.href}: switcher to {link.lang} links {link.href}"
            assert sample[link.href].lang == link.lang


def test_the_switcher_goes_to_the_translation_when_there_is_one(sample: dict[str, PlannedPage]) -> None:
    switch = {link.lang: link for link in sample["/fr/articles/relations-militaires-russie-belarus/"].switch}
    assert switch["en"].href == "/en/articles/russia-belarus-military-relationships/"
    assert switch["en"].translation is True
    assert switch["en"].name == "English"
    assert switch["fr"].name == "Français"


def test_the_switcher_of_an_untranslated_page_goes_to_the_other_home(sample: dict[str, PlannedPage]) -> None:
    switch = {link.lang: link for link in sample["/fr/articles/note-sentinelles-du-nord/"].switch}
    assert switch["en"].href == "/en/"
    assert switch["en"].translation is False


def test_every_link_of_the_built_sample_resolves_to_a_file(sample_output: Path) -> None:
    checked = 0
    for page in sample_output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="(/[^"]*)"', html) + re.findall(r'<link\b[^>]*\bhref="(/[^"]*)"', html):
            path = href.split("#")[0].split("?")[0]
            target = sample_output / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(sample_output)} links {href}, which is no file"
            checked += 1
    assert checked > 500


def test_every_switcher_link_of_the_built_sample_resolves(sample_output: Path) -> None:
    nav = re.compile(r'<nav class="languages".*?</nav>', re.S)
    seen = 0
    for page in sample_output.rglob("*.html"):
        for block in nav.findall(page.read_text(encoding="utf-8")):
            for href in re.findall(r'href="([^"]+)"', block):
                assert (sample_output / href.lstrip("/") / "index.html").is_file(), f"{page}: {href}"
                seen += 1
    assert seen >= 80  # one link per page and other language, at least


# --- pagination --------------------------------------------------------------------------------


def article(key: str, day: int, lang: str = "fr") -> dict[str, str]:
    return {
        f"content/articles/{key}.{lang}.md": f"""\
            ---
            title: Article {key}
            abstract: Résumé de {key}.
            keywords: [mer, {key}]
            authors: [Jeanne Morvan]
            date: 2019-06-{day:02d}
            access: free
            ---

            Texte de {key}.
            """,
        f"content/articles/{key}.en.md": f"---\ntitle: Article {key} (en)\nabstract: Abstract of {key}.\n---\n",
    }


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PlannedPage]:
    files: dict[str, str] = {}
    for n, key in enumerate("abcde", 1):
        files |= article(key, n)
    site_yaml = "title: {fr: Revue, en: Journal}\nbase_url: https://revue.example.org\nlanguages: [fr, en]\nper_page: 2\n"
    return plan(write_site(tmp_path_factory.mktemp("paginated"), files, site_yaml=site_yaml))


def test_lists_are_cut_into_pages_of_per_page_items(paginated: dict[str, PlannedPage]) -> None:
    for href in ["/fr/articles/", "/fr/articles/page/2/", "/fr/articles/page/3/", "/en/articles/page/3/"]:
        assert href in paginated
    assert "/fr/articles/page/1/" not in paginated
    assert "/fr/articles/page/4/" not in paginated
    assert "/fr/mots-cles/mer/page/3/" in paginated  # five articles share the keyword « mer »
    assert "/fr/auteurs/jeanne-morvan/page/3/" in paginated


def test_each_page_holds_its_slice_newest_first(paginated: dict[str, PlannedPage]) -> None:
    titles = [
        [str(item.title) for item in paginated[href].context()["items"]]
        for href in ["/fr/articles/", "/fr/articles/page/2/", "/fr/articles/page/3/"]
    ]
    assert titles == [["Article e", "Article d"], ["Article c", "Article b"], ["Article a"]]


def test_pagination_links(paginated: dict[str, PlannedPage]) -> None:
    first = paginated["/fr/articles/"].context()["pagination"]
    middle = paginated["/fr/articles/page/2/"].context()["pagination"]
    last = paginated["/fr/articles/page/3/"].context()["pagination"]
    assert (first.number, first.count, first.previous, first.next) == (1, 3, None, "/fr/articles/page/2/")
    assert (middle.previous, middle.next) == ("/fr/articles/", "/fr/articles/page/3/")
    assert (last.previous, last.next) == ("/fr/articles/page/2/", None)
    assert [link.href for link in middle.pages] == ["/fr/articles/", "/fr/articles/page/2/", "/fr/articles/page/3/"]


def test_paginated_pages_are_translations_of_each_other(paginated: dict[str, PlannedPage]) -> None:
    page = paginated["/fr/articles/page/2/"]
    assert {a.lang: a.href for a in page.alternates} == {
        "fr": "https://revue.example.org/fr/articles/page/2/",
        "en": "https://revue.example.org/en/articles/page/2/",
    }
    assert {link.lang: link.href for link in page.switch}["en"] == "/en/articles/page/2/"
