"""The Atom feeds, parsed with ElementTree and feedparser, against RFC 4287 and the front matter."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import markdown
import pytest

from diptych import build
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.discovery.oracle import Page, Site, read_site
from tests.site.test_leak import WITHHELD, normal

A = "{http://www.w3.org/2005/Atom}"
SAMPLE = read_site(ROOT)
LANGS = SAMPLE.languages
# RFC 3339 §5.6 date-time (uppercase T and Z, as RFC 4287 §3.3 requires)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# RFC 4151 tagURI = "tag:" taggingEntity ":" specific; taggingEntity = authorityName "," date
TAG_URI = re.compile(r"tag:[A-Za-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*")


def feed_root(out: Path, lang: str) -> ET.Element:
    return ET.parse(out / lang / "feed.xml").getroot()


def only(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(A + name)
    assert len(found) == 1, f"{len(found)} atom:{name}, RFC 4287 wants exactly one"
    return found[0]


def when(text: str) -> datetime:
    assert RFC3339.fullmatch(text), f"{text!r} is not an RFC 3339 date-time"
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and (parts.scheme == "tag" or bool(parts.netloc))


@pytest.mark.parametrize("lang", LANGS)
def test_feedparser_reads_the_feed_without_complaint(sample_output: Path, lang: str) -> None:
    parsed = feedparser.parse((sample_output / lang / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == len(SAMPLE.articles)


@pytest.mark.parametrize("lang", LANGS)
def test_the_feed_element_follows_rfc_4287(sample_output: Path, site: Site, lang: str) -> None:
    """§4.1.1: exactly one atom:id, atom:title, atom:updated; one rel="self" link, to the feed's own URL; an author
    for the feed unless every entry has one."""
    root = feed_root(sample_output, lang)
    assert root.tag == A + "feed"
    assert absolute_iri(only(root, "id").text or "")
    assert only(root, "title").text == site.config["title"][lang]
    updated = when(only(root, "updated").text or "")
    selves = [link for link in root.findall(A + "link") if link.get("rel") == "self"]
    assert [link.get("href") for link in selves] == [f"{site.base_url}/{lang}/feed.xml"]
    entries = root.findall(A + "entry")
    assert root.findall(A + "author") or all(e.findall(A + "author") for e in entries)
    assert updated == max(when(only(e, "updated").text or "") for e in entries)
    alternates = [(link.get("type"), link.get("hreflang")) for link in root.findall(A + "link") if link.get("rel") == "alternate"]
    assert len(alternates) == len(set(alternates)), "§4.1.1: one alternate link per type and hreflang"


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_follows_rfc_4287(sample_output: Path, pages: dict[str, Page], site: Site, lang: str) -> None:
    """§4.1.2: exactly one atom:id, atom:title, atom:updated; an alternate link (no atom:content); ids absolute and
    unique; §3.3 dates."""
    entries = feed_root(sample_output, lang).findall(A + "entry")
    assert entries
    ids = []
    for entry in entries:
        ids.append(only(entry, "id").text or "")
        assert (only(entry, "title").text or "").strip()
        when(only(entry, "updated").text or "")
        when(only(entry, "published").text or "")
        alternate = [link.get("href") for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternate) == 1
        assert alternate[0].removeprefix(site.base_url + "/") + "index.html" in pages, f"{alternate[0]} is no page"
        assert entry.find(A + "content") is None
    for entry_id in ids:
        assert absolute_iri(entry_id), entry_id
        assert TAG_URI.fullmatch(entry_id), f"{entry_id} is not an RFC 4151 tag URI"
    assert len(ids) == len(set(ids)), "two entries share an id"


@pytest.mark.parametrize("lang", LANGS)
def test_entries_are_the_articles_newest_first(sample_output: Path, site: Site, lang: str) -> None:
    entries = feed_root(sample_output, lang).findall(A + "entry")
    published = [when(only(e, "published").text or "") for e in entries]
    assert published == sorted(published, reverse=True)
    newest = sorted(site.articles, key=lambda a: (a.date, a.key), reverse=True)
    shown = [a.versions.get(lang) or next(iter(a.versions.values())) for a in newest]
    links = [next(link.get("href") for link in e.findall(A + "link")) for e in entries]
    assert links == [site.url(v.page) for v in shown]


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_says_what_the_front_matter_says(sample_output: Path, site: Site, lang: str) -> None:
    entries = {
        next(link.get("href") for link in e.findall(A + "link")): e for e in feed_root(sample_output, lang).findall(A + "entry")
    }
    for article in site.articles:
        version = article.versions.get(lang) or next(iter(article.versions.values()))
        entry = entries[site.url(version.page)]
        assert only(entry, "title").text == version.title_text
        assert only(entry, "published").text == f"{article.date.isoformat()}T00:00:00Z"
        assert only(entry, "updated").text == f"{article.lastmod.isoformat()}T00:00:00Z"
        assert [only(a, "name").text for a in entry.findall(A + "author")] == [p.name for p in article.authors]
        assert [c.get("term") for c in entry.findall(A + "category")] == version.keywords
        summary = only(entry, "summary")
        assert summary.get("type") == "html"
        assert summary.text == markdown.markdown(version.meta["abstract"])


def test_a_corrected_article_shows_its_correction_date(sample_output: Path) -> None:
    corrected = [a for a in SAMPLE.articles if a.updated]
    assert corrected
    for lang in LANGS:
        parsed = feedparser.parse((sample_output / lang / "feed.xml").read_bytes())
        for article in corrected:
            version = article.versions.get(lang) or next(iter(article.versions.values()))
            entry = next(e for e in parsed.entries if e.link == SAMPLE.url(version.page))
            assert entry.updated == f"{article.updated.isoformat()}T00:00:00Z"
            assert entry.published == f"{article.date.isoformat()}T00:00:00Z"


@pytest.mark.parametrize("lang", LANGS)
def test_feedparser_reads_the_abstract_back(sample_output: Path, site: Site, lang: str) -> None:
    parsed = feedparser.parse((sample_output / lang / "feed.xml").read_bytes())
    for entry in parsed.entries:
        article = next(a for a in site.articles if any(site.url(v.page) == entry.link for v in a.versions.values()))
        version = next(v for v in article.versions.values() if site.url(v.page) == entry.link)
        assert entry.summary_detail.type == "text/html"
        assert entry.summary == markdown.markdown(version.meta["abstract"])
        assert [t.term for t in entry.get("tags", [])] == version.keywords


@pytest.mark.parametrize("lang", LANGS)
def test_no_withheld_text_in_a_feed(sample_output: Path, lang: str) -> None:
    """Raw, or once the XML is parsed and the summaries' HTML read as text."""
    raw = (sample_output / lang / "feed.xml").read_text(encoding="utf-8")
    parsed = " ".join(feed_root(sample_output, lang).itertext())
    for sentence in WITHHELD:
        assert normal(sentence) not in normal(raw), sentence
        assert normal(sentence) not in normal(parsed), sentence


def test_every_page_links_each_languages_feed_its_own_first(sample_output: Path, pages: dict[str, Page]) -> None:
    checked = 0
    for rel, page in pages.items():
        if page.redirect:
            continue
        lang = rel.split("/")[0] if rel.split("/")[0] in LANGS else LANGS[0]
        feeds = [link for link in page.links if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
        # no hreflang on a feed link: crawlers would read it as a translation of the page
        assert [link["href"] for link in feeds] == [f"/{x}/feed.xml" for x in (lang, *(x for x in LANGS if x != lang))], rel
        assert all("hreflang" not in link for link in feeds), rel
        for link in feeds:
            assert (sample_output / link["href"].lstrip("/")).is_file(), f"{rel}: {link['href']}"
            assert link.get("title")
        checked += 1
    assert checked > 80


# ---- a long feed ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {}
    for n in range(60):
        day = f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}"
        files[f"content/articles/a{n:02d}.fr.md"] = f"---\ntitle: Article {n}\nabstract: Résumé {n}.\ndate: {day}\n---\n"
    root = write_site(tmp_path_factory.mktemp("sixty") / "site", files, SITE_YAML)
    out = root.parent / "out"
    build(root, out)
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_feed_carries_the_50_newest_articles_newest_first(sixty: Path, lang: str) -> None:
    parsed = feedparser.parse((sixty / lang / "feed.xml").read_bytes())
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == [f"Article {n}" for n in range(59, 9, -1)]
