"""The <meta> tags of the sample's pages: Highwire `citation_*` (Google Scholar), Dublin Core, Open Graph, robots.

Every expectation comes from the Markdown front matter read with PyYAML (tests/discovery/oracle.py), never from
diptych's loader. Google Scholar's rules are quoted from its inclusion guidelines,
https://scholar.google.com/intl/en/scholar/inclusion.html#indexing (section "Indexing").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diptych import build
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.discovery.oracle import Article, Page, Site, parse_page, read_site

SAMPLE = read_site(ROOT)
ARTICLE_PAGES = SAMPLE.article_pages()
IDS = [a.versions[lang].page for a, lang in ARTICLE_PAGES]
TWO_LANGUAGES = [a for a in SAMPLE.articles if len(a.versions) > 1]
OG_LOCALE = {"fr": "fr_FR", "en": "en_US"}


def journal(site: Site) -> str:
    return site.config["title"][site.languages[0]]


def expected_authors(article: Article) -> list[tuple[str, str]]:
    """citation_author, each followed by its citation_author_institution, in the front matter's order."""
    tags = []
    for person in article.authors:
        family, given = person.family_given
        tags.append(("citation_author", f"{family}, {given}" if given else family))
        if person.affiliation:
            tags.append(("citation_author_institution", person.affiliation))
    return tags


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_citation_tags_describe_the_article_in_its_full_text_language(
    pages: dict[str, Page], site: Site, article: Article, lang: str
) -> None:
    page = pages[article.versions[lang].page]
    main = article.versions[article.text_lang(lang)]
    issue = site.issues[article.shared["issue"]] if "issue" in article.shared else {}
    first, last = article.pages
    assert page.one("citation_title") == main.title_text
    assert page.one("citation_publication_date") == article.date.strftime("%Y/%m/%d")
    assert page.one("citation_journal_title") == journal(site)
    assert page.all("citation_issn") == [site.config["issn"], site.config["eissn"]]
    assert page.all("citation_volume") == ([str(issue["volume"])] if "volume" in issue else [])
    assert page.all("citation_issue") == ([str(issue["number"])] if "number" in issue else [])
    assert page.all("citation_firstpage") == ([first] if first else [])
    assert page.all("citation_lastpage") == ([last] if last else [])
    assert page.all("citation_doi") == ([article.shared["doi"]] if "doi" in article.shared else [])
    assert page.one("citation_language") == main.lang
    assert page.all("citation_keywords") == main.keywords
    assert page.one("citation_abstract") == main.abstract
    assert page.all("citation_publisher") == [site.config["publisher"]]
    assert page.one("citation_abstract_html_url") == site.url(main.page)
    assert page.one("citation_public_url") == site.url(main.page)  # Zotero's item URL goes with the title's language


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_authors_come_in_front_matter_order_each_followed_by_its_institution(
    pages: dict[str, Page], article: Article, lang: str
) -> None:
    page = pages[article.versions[lang].page]
    found = [(key, value) for key, value in page.citation() if key in ("citation_author", "citation_author_institution")]
    assert found == expected_authors(article)
    orcids = [f"https://orcid.org/{p.orcid}" for p in article.authors if p.orcid]
    assert page.all("citation_author_orcid") == orcids


def test_the_journal_title_is_the_same_on_every_page_in_every_language(pages: dict[str, Page], site: Site) -> None:
    titles = {(rel, pages[rel].one("citation_journal_title")) for rel in IDS}
    assert {title for _, title in titles} == {journal(site)}
    assert {rel.split("/")[0] for rel, _ in titles} == set(site.languages)  # both languages were looked at


LANGUAGE_BOUND = {"citation_title", "citation_language", "citation_keywords", "citation_abstract", "citation_abstract_html_url"}
LANGUAGE_BOUND |= {"citation_fulltext_html_url", "citation_public_url"}


@pytest.mark.parametrize("article", TWO_LANGUAGES, ids=[a.key for a in TWO_LANGUAGES])
def test_the_pages_of_one_article_carry_identical_citation_tags(pages: dict[str, Page], article: Article) -> None:
    """One full text: both pages describe it, tag for tag. A full text in each language: each page describes its
    own, and everything not bound to a language (authors, dates, journal, numbers, DOI) is still identical."""
    fr, en = (pages[v.page].citation() for v in article.versions.values())
    assert len(fr) > 10
    if article.text_lang("fr") == article.text_lang("en"):
        assert fr == en
    else:
        assert fr != en
        assert [t for t in fr if t[0] not in LANGUAGE_BOUND] == [t for t in en if t[0] not in LANGUAGE_BOUND]


def test_the_sample_has_articles_with_one_and_with_two_full_texts() -> None:
    cases = {a.text_lang("fr") == a.text_lang("en") for a in TWO_LANGUAGES}
    assert cases == {True, False}


def test_the_sample_covers_both_full_text_cases() -> None:
    """The sample has articles read in the page's language and articles whose full text is in the other one."""
    cases = {(lang == a.text_lang(lang)) for a, lang in ARTICLE_PAGES}
    assert cases == {True, False}


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_dublin_core_gives_each_language_its_own_text(pages: dict[str, Page], site: Site, article: Article, lang: str) -> None:
    page = pages[article.versions[lang].page]
    version = article.versions[lang]
    others = [v for v in article.versions.values() if v.lang != lang]
    dc = [m for m in page.metas if m.key.startswith("DC.")]
    for meta in dc:
        assert meta.lang == meta.xml_lang, f"{meta.key}: lang={meta.lang!r} but xml:lang={meta.xml_lang!r}"
    tagged = [(m.key, m.content, m.lang) for m in dc if m.lang]
    expected = [("DC.title", version.title_text, lang)]
    expected += [("DC.title.alternative", v.title_text, v.lang) for v in others]
    expected += [("DC.description", v.abstract, v.lang) for v in (version, *others)]
    expected += [("DC.subject", k, v.lang) for v in (version, *others) for k in v.keywords]
    assert tagged == expected
    assert page.one("DC.language") == lang
    assert page.all("DC.identifier") == ([f"https://doi.org/{article.shared['doi']}"] if "doi" in article.shared else [])
    assert page.all("DC.creator") == [p.name for p in article.authors]
    assert page.one("DC.date") == article.date.isoformat()
    assert page.one("DC.source") == journal(site)
    assert page.one("DC.publisher") == site.config["publisher"]
    assert page.all("DC.rights") == ([article.shared["license"]] if "license" in article.shared else [])


def same_text(shown: str, written: str) -> bool:
    """The same text but for its spaces: a page's typography may make a space no-break, or add one before : ; ! ?"""
    return re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", written)


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_open_graph_describes_the_page_in_its_language(pages: dict[str, Page], site: Site, article: Article, lang: str) -> None:
    page = pages[article.versions[lang].page]
    version = article.versions[lang]
    assert page.one("og:type") == "article"
    assert same_text(page.one("og:title"), version.title)  # the page's typography aside (French spaces)
    assert page.one("og:url") == site.url(version.page)
    assert page.one("og:site_name") == site.config["title"][lang]
    assert page.one("og:locale") == OG_LOCALE[lang]
    assert page.all("og:locale:alternate") == [OG_LOCALE[v] for v in article.versions if v != lang]
    assert page.one("og:description")
    assert page.one("twitter:card") == "summary"
    assert page.one("article:published_time") == article.date.isoformat()
    assert page.all("article:modified_time") == ([article.updated.isoformat()] if article.updated else [])
    section = article.shared.get("section", {})
    assert page.all("article:section") == ([section[lang]] if lang in section else [])
    assert page.all("article:tag") == version.keywords
    authors = page.all("article:author")
    assert len(authors) == len(article.authors)
    for url in authors:
        assert url.startswith(site.base_url + f"/{lang}/")
        assert url.removeprefix(site.base_url + "/") + "index.html" in pages, f"article:author {url} is no page"
    assert all(m.attribute == "property" for m in page.metas if m.key.startswith(("og:", "article:")))


def test_no_page_but_an_article_carries_citation_or_dublin_core_tags(pages: dict[str, Page]) -> None:
    others = [rel for rel in pages if rel not in IDS]
    kinds = {rel.split("/")[1] if "/" in rel else rel for rel in others}
    assert {"index.html", "404.html", "numeros", "issues", "auteurs", "mots-cles", "a-propos", "articles"} <= kinds
    assert any(pages[rel].redirect for rel in others)  # the alias of phares
    for rel in others:
        keys = [m.key for m in pages[rel].metas if m.key.startswith(("citation_", "DC."))]
        assert keys == [], f"{rel}: {keys}"


def test_every_page_has_a_description_and_open_graph_tags(pages: dict[str, Page]) -> None:
    """A redirect is not a page: it has only its target."""
    checked = 0
    for rel, page in pages.items():
        if page.redirect:
            continue
        assert page.one("description").strip(), rel
        assert page.one("og:title").strip(), rel
        assert page.one("og:description").strip(), rel
        assert page.one("og:type") in ("website", "article"), rel
        assert page.one("og:site_name").strip(), rel
        assert page.one("og:locale") in OG_LOCALE.values(), rel
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert page.all("og:url") == canonical, rel
        checked += 1
    assert checked > 80


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_a_paywalled_article_page_asks_not_to_be_archived_and_a_free_one_does_not(
    pages: dict[str, Page], article: Article, lang: str
) -> None:
    page = pages[article.versions[lang].page]
    assert page.all("robots") == (["noarchive"] if article.paywalled else [])


def test_the_sample_has_free_and_paywalled_articles() -> None:
    assert {a.paywalled for a in SAMPLE.articles} == {True, False}


def test_no_pdf_tag_in_the_sample_which_publishes_no_pdf(pages: dict[str, Page]) -> None:
    assert not any("pdf" in a.shared for a in SAMPLE.articles)
    assert [rel for rel in IDS if pages[rel].all("citation_pdf_url")] == []


# ---- Google Scholar's inclusion guidelines ----------------------------------------------------------------------


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholar_one_title_and_it_is_the_papers(pages: dict[str, Page], site: Site, article: Article, lang: str) -> None:
    """ "The citation_title tag must contain the title of the paper. Don't use it for the title of the journal …
    This tag is required for inclusion in Google Scholar." """
    page = pages[article.versions[lang].page]
    title = page.one("citation_title")
    assert title.strip()
    assert title not in set(site.config["title"].values())


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholar_one_tag_per_author_without_affiliation(pages: dict[str, Page], article: Article, lang: str) -> None:
    """ "Author names can be listed either as "Smith, John" or as "John Smith". Put each author name in a separate
    tag and omit all affiliations, degrees, certifications, etc., from this field. At least one author tag is
    required for inclusion in Google Scholar." """
    page = pages[article.versions[lang].page]
    authors = page.all("citation_author")
    assert len(authors) == len(article.authors) >= 1
    affiliations = {p.affiliation for p in article.authors if p.affiliation}
    for name in authors:
        assert re.fullmatch(r"[^,;]+, [^,;]+", name), f"{name!r} is not 'Family, Given'"
        assert not any(aff in name for aff in affiliations)
        assert " and " not in name


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholar_publication_date_format(pages: dict[str, Page], article: Article, lang: str) -> None:
    """ "Provide full dates in the "2010/5/12" format if available; or a year alone otherwise. This tag is required
    for inclusion in Google Scholar." """
    value = pages[article.versions[lang].page].one("citation_publication_date")
    assert re.fullmatch(r"\d{4}(/\d{1,2}/\d{1,2})?", value)


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholar_journal_papers_give_their_bibliographic_data(pages: dict[str, Page], article: Article, lang: str) -> None:
    """ "For journal and conference papers, provide the remaining bibliographic citation data in the following tags:
    citation_journal_title …, citation_issn, …, citation_volume, citation_issue, citation_firstpage, and
    citation_lastpage … normally all of: (a) journal or conference name, (b) volume and issue numbers, if applicable,
    and (c) the number of the first page." """
    page = pages[article.versions[lang].page]
    assert page.one("citation_journal_title")
    assert page.all("citation_issn")
    if "issue" in article.shared:
        assert page.one("citation_volume") and page.one("citation_issue")
    if "pages" in article.shared:
        assert page.one("citation_firstpage")


def test_scholar_tags_are_in_the_head(pages: dict[str, Page]) -> None:
    """The guidelines' examples put the tags in <head>; a tag in <body> is not read as page metadata."""
    for rel, page in pages.items():
        assert page.metas_outside_head == [], rel


@pytest.mark.parametrize(("article", "lang"), ARTICLE_PAGES, ids=IDS)
def test_scholar_the_abstract_is_visible_on_the_page(pages: dict[str, Page], article: Article, lang: str) -> None:
    """ "The website must make either the full text or a complete author-written abstract freely available and easy
    to see when users land on your article pages" (inclusion guidelines, "Content"): the citation_abstract is
    shown, not only declared."""
    page = pages[article.versions[lang].page]
    assert page.one("citation_abstract") in page.body_text


# ---- PDFs: a small site -----------------------------------------------------------------------------------------

PDF = b"%PDF-1.4 a public pdf"


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(
        tmp_path_factory.mktemp("pdf") / "site",
        {
            "content/articles/libre.fr.md": """\
            ---
            title: Un article libre
            abstract: Un résumé.
            authors: [Anne Dupont]
            date: 2021-03-04
            access: free
            pdf: libre.pdf
            ---
            Un texte.
            """,
            "content/articles/libre.en.md": "---\ntitle: A free article\nabstract: An abstract.\n---\n",
            "content/articles/payant.fr.md": """\
            ---
            title: Un article payant
            abstract: Un résumé.
            authors: [Anne Dupont]
            date: 2021-03-05
            pdf: payant.pdf
            ---
            Premier.

            Deuxième.

            Troisième.
            """,
        },
        SITE_YAML,
    )
    (root / "content/articles/libre.pdf").write_bytes(PDF)
    (root / "content/articles/payant.pdf").write_bytes(b"%PDF-1.4 subscribers only")
    out = root.parent / "out"
    build(root, out)
    return out


@pytest.mark.parametrize("rel", ["fr/articles/libre/index.html", "en/articles/libre/index.html"])
def test_scholar_pdf_url_is_absolute_and_beside_the_abstract(pdf_site: Path, rel: str) -> None:
    """ "The content of the tag is the absolute URL of the PDF file; for security reasons, it must refer to a file in
    the same subdirectory as the HTML abstract." The file must also be there. The HTML abstract is the page the
    tags name (`citation_abstract_html_url`): the full text's, the same from both language versions' pages."""
    page = parse_page(pdf_site, rel)
    url = page.one("citation_pdf_url")
    abstract = page.one("citation_abstract_html_url")
    assert re.fullmatch(re.escape(abstract) + r"[^/]+\.pdf", url), url
    assert url == parse_page(pdf_site, "fr/articles/libre/index.html").one("citation_pdf_url")  # one PDF, one URL
    assert (pdf_site / url.removeprefix("https://revue.example.org/")).read_bytes() == PDF


def test_no_pdf_tag_for_a_pdf_that_is_not_published(pdf_site: Path) -> None:
    page = parse_page(pdf_site, "fr/articles/payant/index.html")
    assert page.all("citation_title") == ["Un article payant"]
    assert page.all("citation_pdf_url") == []
    assert not list(pdf_site.rglob("payant.pdf"))
