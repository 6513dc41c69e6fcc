"""sitemap.xml against the sitemaps.org XSD (strictly, hreflang alternates included), its URLs against the pages,
its split into an index and parts, and robots.txt in both editions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import diptych
from diptych.sitemap import sitemaps
from tests.conftest import ROOT
from tests.discovery.oracle import Page, Site

HERE = Path(__file__).parent
XSD = ROOT / "node_modules/sitemap/schema/sitemap.xsd"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def urlset_schema() -> etree.XMLSchema:
    """sitemaps.org's XSD with the xhtml:link it lets through only when it knows its schema (processContents="strict")."""
    assert XSD.is_file(), f"{XSD} is missing: run `npm ci` (scripts/test does)"
    return etree.XMLSchema(etree.parse(str(HERE / "sitemap-hreflang.xsd")))


@pytest.fixture(scope="module")
def index_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(HERE / "siteindex.xsd")))


def valid(schema: etree.XMLSchema, data: bytes) -> None:
    document = etree.fromstring(data)
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)


def entries(data: bytes) -> dict[str, etree._Element]:
    """Each <url> by its <loc>; a loc listed twice fails here."""
    urls = etree.fromstring(data).findall(SM + "url")
    locs = [u.findtext(SM + "loc") for u in urls]
    assert [loc for loc, n in Counter(locs).items() if n > 1] == [], "a URL listed twice"
    return dict(zip(locs, urls, strict=True))


def alternates(url: etree._Element) -> dict[str, str]:
    links = url.findall(XHTML + "link")
    assert all(link.get("rel") == "alternate" for link in links)
    pairs = [(link.get("hreflang"), link.get("href")) for link in links]
    assert len({lang for lang, _ in pairs}) == len(pairs), "one hreflang twice"
    return dict(pairs)


@pytest.fixture(scope="module")
def sitemap(sample_output: Path) -> bytes:
    return (sample_output / "sitemap.xml").read_bytes()


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(urlset_schema: etree.XMLSchema, sitemap: bytes) -> None:
    valid(urlset_schema, sitemap)
    assert etree.fromstring(sitemap).findall(f"{SM}url/{XHTML}link"), "no alternate was validated"


def test_the_schema_really_checks_the_alternates(urlset_schema: etree.XMLSchema, sitemap: bytes) -> None:
    """Strict wildcard: a misspelt xhtml element or a missing hreflang is refused, so the validation above means something."""
    for broken in (sitemap.replace(b"<xhtml:link ", b"<xhtml:lnk ", 1), sitemap.replace(b' hreflang="fr"', b"", 1)):
        assert not urlset_schema.validate(etree.fromstring(broken))


def test_every_indexable_page_is_listed_once_and_nothing_else(sitemap: bytes, pages: dict[str, Page], site: Site) -> None:
    """Listed: every page that does not ask `noindex` (redirects, the 404 page and the search pages do)."""
    listed = set(entries(sitemap))
    indexable = {site.url(rel) for rel, page in pages.items() if not page.noindex}
    unlisted = {rel for rel, page in pages.items() if page.noindex}
    assert {
        "404.html",
        "fr/recherche/index.html",
        "en/search/index.html",
        "fr/articles/les-phares-de-l-archipel/index.html",
    } <= unlisted
    assert all(pages[rel].redirect or rel == "404.html" or "/rech" in rel or "/search/" in rel for rel in unlisted)
    assert listed == indexable
    assert site.url("index.html") in listed  # the landing page


def test_every_loc_is_absolute_under_the_base_url(sitemap: bytes, site: Site) -> None:
    for loc in entries(sitemap):
        assert loc.startswith(site.base_url + "/"), loc
        assert " " not in loc and "#" not in loc


def test_an_article_page_was_last_modified_on_its_correction_or_publication(sitemap: bytes, site: Site) -> None:
    urls = entries(sitemap)
    for article, lang in site.article_pages():
        url = urls[site.url(article.versions[lang].page)]
        assert url.findtext(SM + "lastmod") == article.lastmod.isoformat()


def test_hreflang_alternates_are_reciprocal_with_an_x_default(sitemap: bytes) -> None:
    """Google: "each language version must list itself as well as all other language versions" and x-default names
    the page for any other language (Search Central, "Tell Google about localized versions of your page")."""
    urls = entries(sitemap)
    with_alternates = 0
    for loc, url in urls.items():
        links = alternates(url)
        if not links:
            continue
        with_alternates += 1
        assert "x-default" in links, loc
        assert loc in links.values(), f"{loc} does not list itself"
        for lang, href in links.items():
            if lang != "x-default":
                assert href in urls, f"{loc}: alternate {href} is not in the sitemap"
                assert alternates(urls[href]) == links, f"{loc} and {href} disagree on their alternates"
    assert with_alternates > 50


def test_the_sitemap_alternates_are_those_the_page_declares(sitemap: bytes, pages: dict[str, Page], site: Site) -> None:
    for loc, url in entries(sitemap).items():
        rel = loc.removeprefix(site.base_url + "/") + "index.html"
        assert alternates(url) == pages[rel].hreflang, loc


def test_robots_txt_points_to_the_sitemap(sample_output: Path, site: Site) -> None:
    lines = (sample_output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert [line for line in lines if line.lower().startswith("sitemap:")] == [f"Sitemap: {site.base_url}/sitemap.xml"]


def test_the_subscriber_edition_has_no_sitemap_and_shuts_robots_out(tmp_path: Path) -> None:
    out = tmp_path / "full"
    diptych.build(ROOT, out, edition="full")
    lines = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow: /"]
    assert not any(line.lower().startswith(("sitemap:", "allow:")) for line in lines)
    assert not list(out.glob("sitemap*.xml"))


# ---- the split ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planned() -> diptych.Prepared:
    return diptych.prepare(ROOT)


@pytest.mark.parametrize("limits", [{"max_urls": 3}, {"max_bytes": 2_000}, {"max_urls": 7, "max_bytes": 3_000}], ids=str)
def test_past_a_limit_the_sitemap_becomes_an_index_of_valid_parts(
    planned: diptych.Prepared,
    urlset_schema: etree.XMLSchema,
    index_schema: etree.XMLSchema,
    sitemap: bytes,
    site: Site,
    limits: dict[str, int],
) -> None:
    files = dict(sitemaps(planned.pages, planned.renderer.urls, **limits))
    index = files.pop(next(p for p in files if p.name == "sitemap.xml"))
    valid(index_schema, index)
    listed = [s.findtext(SM + "loc") for s in etree.fromstring(index).findall(SM + "sitemap")]
    assert listed == [f"{site.base_url}/{path.as_posix()}" for path in files]
    assert len(files) > 2
    union: list[str] = []
    newest = {s.findtext(SM + "loc"): s.findtext(SM + "lastmod") for s in etree.fromstring(index).findall(SM + "sitemap")}
    for path, data in files.items():
        valid(urlset_schema, data)
        part = entries(data)
        assert 1 <= len(part) <= limits.get("max_urls", 50_000), path
        assert len(data) <= limits.get("max_bytes", 50 * 1024 * 1024), path
        dates = [u.findtext(SM + "lastmod") for u in part.values() if u.findtext(SM + "lastmod")]
        assert newest[f"{site.base_url}/{path.as_posix()}"] == max(dates, default=None)
        union += part
    whole = entries(sitemap)
    assert sorted(union) == sorted(whole), "the parts together must list exactly the single sitemap's URLs"
    for data in files.values():  # and say the same of each
        for loc, url in entries(data).items():
            assert etree.tostring(url) == etree.tostring(whole[loc])


def test_under_the_limits_there_is_one_sitemap(planned: diptych.Prepared, sitemap: bytes) -> None:
    files = sitemaps(planned.pages, planned.renderer.urls)
    assert [(path.as_posix(), data) for path, data in files] == [("sitemap.xml", sitemap)]
