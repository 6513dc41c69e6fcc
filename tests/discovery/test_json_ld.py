"""The schema.org JSON-LD of the sample's pages, parsed with `json`, checked field by field against the front matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diptych import build
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.discovery.oracle import ISSUES_SEGMENT, Article, Page, Site, parse_page, read_site

SAMPLE = read_site(ROOT)
ARTICLE_PAGES = SAMPLE.article_pages()
IDS = [a.versions[lang].page for a, lang in ARTICLE_PAGES]
ISSUE_PAGES = [(issue_id, lang) for issue_id in SAMPLE.issues for lang in SAMPLE.languages]
LICENSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


def issue_page(issue_id: str, lang: str) -> str:
    return f"{lang}/{ISSUES_SEGMENT[lang]}/{issue_id}/index.html"


def periodical(site: Site, lang: str) -> dict[str, Any]:
    return {
        "@type": "Periodical",
        "name": site.config["title"][lang],
        "url": site.url(f"{lang}/index.html"),
        "issn": [site.config["issn"], site.config["eissn"]],
        "publisher": {"@type": "Organization", "name": site.config["publisher"]},
    }


def publication_issue(site: Site, issue_id: str, lang: str) -> dict[str, Any]:
    issue = site.issues[issue_id]
    return {
        "@type": "PublicationIssue",
        "url": site.url(issue_page(issue_id, lang)),
        "issueNumber": str(issue["number"]),
        "name": issue["title"][lang],
        "datePublished": issue["date"].isoformat(),
        "isPartOf": {"@type": "PublicationVolume", "volumeNumber": str(issue["volume"]), "isPartOf": periodical(site, lang)},
    }


def existing(site: Site, pages: dict[str, Page], url: str) -> bool:
    prefix = site.base_url + "/"
    return url.startswith(prefix) and url.removeprefix(prefix) + "index.html" in pages


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholarly_article_field_by_field(pages: dict[str, Page], site: Site, article: Article, lang: str) -> None:
    page = pages[article.versions[lang].page]
    data = page.ld("ScholarlyArticle")
    version = article.versions[lang]
    others = [v for v in article.versions.values() if v.lang != lang]
    canonical = site.url(version.page)
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == data["url"] == canonical
    assert data["headline"] == data["name"] == version.title_text
    if others:
        assert data["alternativeHeadline"] == others[0].title_text
    else:
        assert "alternativeHeadline" not in data
    assert data["abstract"] == version.abstract
    assert data["inLanguage"] == lang
    assert data["datePublished"] == article.date.isoformat()
    if article.updated:
        assert data["dateModified"] == article.updated.isoformat()
    else:
        assert "dateModified" not in data
    assert data.get("keywords", []) == version.keywords
    first, last = article.pages
    assert (data.get("pageStart"), data.get("pageEnd")) == (first, last)
    if "issue" in article.shared:
        assert data["isPartOf"] == publication_issue(site, article.shared["issue"], lang)
    else:
        assert data["isPartOf"] == periodical(site, lang)
    doi = article.shared["doi"]
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
    assert data["sameAs"] == f"https://doi.org/{doi}"
    assert data["isAccessibleForFree"] is (not article.paywalled)
    assert data["publisher"] == {"@type": "Organization", "name": site.config["publisher"]}
    if "license" in article.shared:
        assert data["license"] == LICENSES[article.shared["license"]]
    else:
        assert "license" not in data
    assert "hasPart" not in data, "an article's JSON-LD must not hold (or point to) its withheld parts"


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholarly_article_authors(pages: dict[str, Page], article: Article, lang: str) -> None:
    data = pages[article.versions[lang].page].ld("ScholarlyArticle")
    assert len(data["author"]) == len(article.authors) >= 1
    for person, expected in zip(data["author"], article.authors, strict=True):
        family, given = expected.family_given
        assert person["@type"] == "Person"
        assert person["name"] == expected.name
        assert (person["familyName"], person.get("givenName")) == (family, given)
        if expected.affiliation:
            assert person["affiliation"] == {"@type": "Organization", "name": expected.affiliation}
        else:
            assert "affiliation" not in person
        if expected.orcid:
            assert person["sameAs"] == f"https://orcid.org/{expected.orcid}"
        else:
            assert "sameAs" not in person


def test_the_sample_exercises_every_optional_field() -> None:
    assert any(a.updated for a in SAMPLE.articles) and any(not a.updated for a in SAMPLE.articles)
    assert any("license" in a.shared for a in SAMPLE.articles)
    assert any(p.orcid for a in SAMPLE.articles for p in a.authors)
    assert any(not p.affiliation for a in SAMPLE.articles for p in a.authors)
    assert any(len(a.versions) == 1 for a in SAMPLE.articles)
    assert any(v.subtitle for a in SAMPLE.articles for v in a.versions.values())


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_an_article_page_has_its_article_and_its_breadcrumbs_only(pages: dict[str, Page], article: Article, lang: str) -> None:
    page = pages[article.versions[lang].page]
    assert [block["@type"] for block in page.json_ld] == ["ScholarlyArticle", "BreadcrumbList"]


def breadcrumb_pages(pages: dict[str, Page]) -> list[str]:
    return [rel for rel, page in pages.items() if any(b.get("@type") == "BreadcrumbList" for b in page.json_ld)]


def test_breadcrumbs_count_from_one_and_lead_to_existing_pages(pages: dict[str, Page], site: Site) -> None:
    with_trail = breadcrumb_pages(pages)
    assert set(IDS) | {issue_page(i, lang) for i, lang in ISSUE_PAGES} <= set(with_trail)
    for rel in with_trail:
        items = pages[rel].ld("BreadcrumbList")["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)), rel
        assert len(items) >= 2, rel
        for item in items:
            assert item["@type"] == "ListItem"
            assert item["name"].strip(), rel
            assert existing(site, pages, item["item"]), f"{rel}: breadcrumb {item['item']} is no page of the site"
        assert items[0]["item"] == site.url(f"{rel.split('/')[0]}/index.html"), rel
        assert items[-1]["item"] == site.url(rel), f"{rel}: the trail must end with the page itself"


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_an_article_trail_goes_through_its_issue(pages: dict[str, Page], site: Site, article: Article, lang: str) -> None:
    items = pages[article.versions[lang].page].ld("BreadcrumbList")["itemListElement"]
    trail = [item["item"] for item in items]
    if "issue" in article.shared:
        assert trail[-2] == site.url(issue_page(article.shared["issue"], lang))
    assert items[-1]["name"] == article.versions[lang].title_text


@pytest.mark.parametrize(("issue_id", "lang"), ISSUE_PAGES)
def test_an_issue_page_lists_its_articles(pages: dict[str, Page], site: Site, issue_id: str, lang: str) -> None:
    page = pages[issue_page(issue_id, lang)]
    data = page.ld("PublicationIssue")
    parts = data.pop("hasPart")
    assert {"@context": "https://schema.org", **publication_issue(site, issue_id, lang)} == data
    articles = site.issue_articles(issue_id)
    assert len(articles) >= 2
    shown = [a.versions.get(lang) or next(iter(a.versions.values())) for a in articles]
    assert [part["url"] for part in parts] == [site.url(v.page) for v in shown]
    assert [part["headline"] for part in parts] == [v.title_text for v in shown]
    assert [part["inLanguage"] for part in parts] == [v.lang for v in shown]
    for part in parts:
        assert part["@type"] == "ScholarlyArticle"
        assert existing(site, pages, part["url"])


@pytest.mark.parametrize("lang", SAMPLE.languages)
def test_a_home_describes_the_web_site_and_the_journal(pages: dict[str, Page], site: Site, lang: str) -> None:
    page = pages[f"{lang}/index.html"]
    website = page.ld("WebSite")
    assert website["name"] == site.config["title"][lang]
    assert website["url"] == site.url(f"{lang}/index.html")
    assert website["inLanguage"] == lang
    assert website["description"] == site.config["description"][lang]
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target.endswith("?q={search_term_string}")
    assert existing(site, pages, target.removesuffix("?q={search_term_string}"))
    assert {"@context": "https://schema.org", **periodical(site, lang)} == page.ld("Periodical")


def test_every_json_ld_block_of_the_site_parses_and_names_its_vocabulary(pages: dict[str, Page]) -> None:
    blocks = [(rel, block) for rel, page in pages.items() for block in page.json_ld]
    assert len(blocks) > 20
    for rel, block in blocks:
        assert block["@context"] == "https://schema.org", rel
        assert block["@type"], rel


# ---- a title that tries to close the script ---------------------------------------------------------------------

HOSTILE = "Fin </script><script>alert(1)</script> & <!-- suite"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(
        tmp_path_factory.mktemp("hostile") / "site",
        {
            "content/issues/n1.yaml": "volume: 1\nnumber: 1\ndate: 2021-01-01\n",
            "content/articles/x.fr.md": f"""\
            ---
            title: '{HOSTILE}'
            abstract: 'Résumé & x < y, fin'
            keywords: ['a </script><script>alert(2)</script>']
            authors: ['Jean </script> Dupont']
            date: 2021-02-03
            issue: n1
            ---
            Texte.
            """,
        },
        SITE_YAML,
    )
    out = root.parent / "out"
    build(root, out)
    return out


@pytest.mark.parametrize("rel", ["fr/articles/x/index.html", "fr/numeros/n1/index.html"])
def test_json_ld_keeps_a_hostile_title_as_text(hostile_site: Path, rel: str) -> None:
    page = parse_page(hostile_site, rel)
    assert len(page.json_ld_sources) == 2
    headlines = [block.get("headline") for block in page.json_ld] + [
        part["headline"] for block in page.json_ld for part in block.get("hasPart", ())
    ]
    trail = [item["name"] for block in page.json_ld for item in block.get("itemListElement", ())]
    assert HOSTILE in headlines + trail
    for source in page.json_ld_sources:
        assert "</script" not in source.lower() and "<!--" not in source
    assert "</script><script>" not in page.html


def test_json_ld_keeps_every_hostile_field_as_text(hostile_site: Path) -> None:
    data = parse_page(hostile_site, "fr/articles/x/index.html").ld("ScholarlyArticle")
    assert data["headline"] == HOSTILE
    assert data["abstract"] == "Résumé & x < y, fin"  # Markdown: raw HTML in an abstract is sanitized, not text
    assert data["keywords"] == ["a </script><script>alert(2)</script>"]
    assert data["author"][0]["name"] == "Jean </script> Dupont"
