"""`python build.py crossref`: deposits valid against Crossref's 5.3.1 XSD (offline), field by field from the front
matter, warnings for articles without DOI, errors, and never a deposit in the published output."""

from __future__ import annotations

import re
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from lxml import etree

from diptych import prepare
from diptych.config import CrossrefSettings, load_config
from diptych.crossref import deposit, valid_timestamp
from tests.conftest import ROOT, SITE_YAML, run_build, snapshot, write_site
from tests.site.test_leak import TEASERS, WITHHELD, normal

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "crossref-5.3.1" / "crossref5.3.1.xsd"
NS = {
    "cr": "http://www.crossref.org/schema/5.3.1",
    "jats": "http://www.ncbi.nlm.nih.gov/JATS1",
    "ai": "http://www.crossref.org/AccessIndicators.xsd",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CROSSREF = """\
crossref:
  depositor: Éditions Exemple
  email: doi@revue.example.org
  registrant: Éditions Exemple
"""
STAMP = "20240102030405"
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    """Crossref's schema, compiled once (about 2 s), from the copy in the repository: nothing fetched."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), PARSER))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, copied, with a crossref section."""
    site = tmp_path_factory.mktemp("sample") / "site"
    site.mkdir()
    shutil.copytree(ROOT / "content", site / "content")
    text = (ROOT / "site.yaml").read_text(encoding="utf-8")
    assert CROSSREF in text + "\n"  # the sample's own crossref section, as the tests expect it
    (site / "site.yaml").write_text(text, encoding="utf-8")
    return site


def crossref(*args: str | Path, cwd: Path | None = None):
    return run_build("crossref", *args, cwd=cwd)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def assert_valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = parse(data)
    assert schema.validate(root), [f"{e.line}: {e.message}" for e in schema.error_log]
    return root


def text(element: etree._Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, len(found))
    return found[0]


def front_matter(path: Path) -> tuple[dict, str]:
    """A Markdown file's front matter, read with plain yaml, and its body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def sample_articles(site: Path) -> dict[str, dict]:
    """Each article of the sample by key: its shared fields and its versions {lang: (fields, body)}."""
    articles: dict[str, dict] = {}
    for path in sorted((site / "content" / "articles").rglob("*.md")):
        key, lang, _ = path.name.rsplit(".", 2)
        fields, body = front_matter(path)
        entry = articles.setdefault(key, {"shared": {}, "versions": {}})
        entry["versions"][lang] = (fields, body)
        for name in ("authors", "date", "issue", "pages", "doi", "license", "access"):
            if name in fields:
                entry["shared"][name] = fields[name]
    return articles


# ---- the schema and the sample -----------------------------------------------------------------------


def test_the_schema_refuses_a_deposit_out_of_order(schema: etree.XMLSchema, sample: Path) -> None:
    """The validation below can fail: pages moved before the publication date is refused."""
    result = crossref("--site", sample, "--timestamp", STAMP)
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    article = root.xpath("//cr:journal_article[cr:pages]", namespaces=NS)[0]
    pages = one(article, "cr:pages")
    one(article, "cr:publication_date").addprevious(pages)
    assert not schema.validate(root)


@pytest.mark.parametrize(
    ("args", "dois"),
    [
        (
            (),
            {
                "10.9999/res.752.0061",
                "10.9999/res.752.0079",
                "10.9999/res.753.0007",
                "10.9999/res.753.0025",
                "10.9999/res.753.0039",
                "10.9999/res.2020.0001",
            },
        ),
        (("--issue", "2019-2"), {"10.9999/res.752.0061", "10.9999/res.752.0079"}),
        (("--article", "phares"), {"10.9999/res.753.0025"}),
        (("--article", "essai"), {"10.9999/res.2020.0001"}),
    ],
)
def test_sample_deposits_validate(
    schema: etree.XMLSchema, sample: Path, tmp_path: Path, args: tuple[str, ...], dois: set[str]
) -> None:
    target = tmp_path / "deposits" / "deposit.xml"
    result = crossref("--site", sample, *args, "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the summary goes to stderr; stdout is for the deposit alone
    root = assert_valid(schema, target.read_bytes())
    assert {d.text for d in root.xpath("//cr:journal_article/cr:doi_data/cr:doi", namespaces=NS)} == dois
    assert f"crossref: {len(dois)} DOI(s) into {target}" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds an e-mail
    assert [p.name for p in target.parent.iterdir()] == ["deposit.xml"]  # no temporary file left


def test_the_whole_journal_field_by_field(schema: etree.XMLSchema, sample: Path) -> None:
    result = crossref("--site", sample, "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    assert root.get("version") == "5.3.1"
    assert one(root, "cr:head/cr:doi_batch_id").text == f"diptych-journal-{STAMP}"
    assert one(root, "cr:head/cr:timestamp").text == STAMP
    assert one(root, "cr:head/cr:depositor/cr:depositor_name").text == "Éditions Exemple"
    assert one(root, "cr:head/cr:depositor/cr:email_address").text == "doi@revue.example.org"
    assert one(root, "cr:head/cr:registrant").text == "Éditions Exemple"

    config = yaml.safe_load((sample / "site.yaml").read_text(encoding="utf-8"))
    journals = root.xpath("cr:body/cr:journal", namespaces=NS)
    assert len(journals) == 3  # issues 2019-2 and 2019-3, then the essay outside any issue
    for journal in journals:
        metadata = one(journal, "cr:journal_metadata")
        assert metadata.get("language") == "fr"
        assert [t.text for t in metadata.xpath("cr:full_title", namespaces=NS)] == [config["title"]["fr"], config["title"]["en"]]
        assert one(metadata, "cr:issn[@media_type='print']").text == config["issn"]
        assert one(metadata, "cr:issn[@media_type='electronic']").text == config["eissn"]

    for issue_id, journal in zip(["2019-2", "2019-3"], journals[:2], strict=True):
        issue = yaml.safe_load((sample / "content" / "issues" / f"{issue_id}.yaml").read_text(encoding="utf-8"))
        node = one(journal, "cr:journal_issue")
        assert one(node, "cr:journal_volume/cr:volume").text == str(issue["volume"])
        assert one(node, "cr:issue").text == str(issue["number"])
        assert date_of(one(node, "cr:publication_date")) == issue["date"].isoformat()
        assert text(one(node, "cr:titles/cr:title")) == issue["title"]["fr"]
    assert journals[2].xpath("cr:journal_issue", namespaces=NS) == []

    articles = sample_articles(sample)
    deposited = root.xpath("//cr:journal_article", namespaces=NS)
    assert len(deposited) == len(articles) == 6
    for key, article in articles.items():
        shared, versions = article["shared"], article["versions"]
        node = one(root, f"//cr:journal_article[cr:doi_data/cr:doi='{shared['doi']}']")
        check_article(node, key, shared, versions, config["base_url"])
        if "issue" in shared:
            issue_number = yaml.safe_load((sample / "content" / "issues" / f"{shared['issue']}.yaml").read_text())["number"]
            assert one(node, "../cr:journal_issue/cr:issue").text == str(issue_number)


def date_of(node: etree._Element) -> str:
    assert node.get("media_type") == "online"
    return f"{one(node, 'cr:year').text}-{one(node, 'cr:month').text}-{one(node, 'cr:day').text}"


def check_article(node: etree._Element, key: str, shared: dict, versions: dict, base_url: str) -> None:
    """One journal_article against its front matter."""
    with_body = [lang for lang in ("fr", "en") if lang in versions and versions[lang][1].strip()]
    main = with_body[0]  # the full text's language: the first (in site.yaml's order) with a body
    others = [lang for lang in ("fr", "en") if lang in versions and lang != main]
    assert node.get("language") == main, key
    assert node.get("publication_type") == "full_text"

    titles = node.xpath("cr:titles", namespaces=NS)
    assert len(titles) == 1 + len(others), key
    for lang, title in zip([main, *others], titles, strict=True):
        fields = versions[lang][0]
        assert text(one(title, "cr:title")) == fields["title"].replace("*", ""), key
        if "subtitle" in fields:
            assert text(one(title, "cr:subtitle")) == fields["subtitle"]
        else:
            assert title.xpath("cr:subtitle", namespaces=NS) == []

    people = node.xpath("cr:contributors/cr:person_name", namespaces=NS)
    assert len(people) == len(shared["authors"]), key
    for n, (person, author) in enumerate(zip(people, shared["authors"], strict=True)):
        author = author if isinstance(author, dict) else {"name": author}
        assert person.get("sequence") == ("first" if n == 0 else "additional")
        assert person.get("contributor_role") == "author"
        assert f"{one(person, 'cr:given_name').text} {one(person, 'cr:surname').text}" == author["name"]
        institutions = person.xpath("cr:affiliations/cr:institution/cr:institution_name/text()", namespaces=NS)
        assert institutions == ([author["affiliation"]] if "affiliation" in author else []), key
        orcids = person.xpath("cr:ORCID/text()", namespaces=NS)
        assert orcids == ([f"https://orcid.org/{author['orcid']}"] if "orcid" in author else []), key

    abstracts = node.xpath("jats:abstract", namespaces=NS)
    assert [a.get(XML_LANG) for a in abstracts] == [main, *others], key
    for abstract in abstracts:
        expected = " ".join(versions[abstract.get(XML_LANG)][0]["abstract"].split())
        assert [text(p) for p in abstract.xpath("jats:p", namespaces=NS)] == [expected], key

    assert date_of(one(node, "cr:publication_date")) == shared["date"].isoformat()
    first, last = shared["pages"].split("-") if "pages" in shared else (None, None)
    assert node.xpath("cr:pages/cr:first_page/text()", namespaces=NS) == ([first] if first else [])
    assert node.xpath("cr:pages/cr:last_page/text()", namespaces=NS) == ([last] if last else [])

    licences = node.xpath("ai:program/ai:license_ref", namespaces=NS)
    if shared.get("license") == "CC-BY-4.0":
        assert [x.text for x in licences] == ["https://creativecommons.org/licenses/by/4.0/"]
        assert licences[0].get("applies_to") == "vor"
    else:
        assert licences == [], key
    free = node.xpath("ai:program/ai:free_to_read", namespaces=NS)
    assert len(free) == (1 if shared.get("access") == "free" else 0), key

    slug = versions[main][0]["slug"]
    section = {"fr": "articles", "en": "articles"}[main]
    assert one(node, "cr:doi_data/cr:resource").text == f"{base_url}/{main}/{section}/{slug}/"


def test_an_issue_alone(schema: etree.XMLSchema, sample: Path) -> None:
    result = crossref("--site", sample, "--issue", "2019-2", "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    assert one(root, "cr:head/cr:doi_batch_id").text == f"diptych-issue-2019-2-{STAMP}"
    journal = one(root, "cr:body/cr:journal")
    assert one(journal, "cr:journal_issue/cr:issue").text == "2"
    assert journal.xpath("cr:journal_article/cr:doi_data/cr:doi/text()", namespaces=NS) == [
        "10.9999/res.752.0061",  # order 1
        "10.9999/res.752.0079",  # order 2
    ]


def test_a_corrected_article_alone_within_its_issue(schema: etree.XMLSchema, sample: Path) -> None:
    result = crossref("--site", sample, "--article", "phares", "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    assert one(root, "cr:head/cr:doi_batch_id").text == f"diptych-article-phares-{STAMP}"
    journal = one(root, "cr:body/cr:journal")
    assert one(journal, "cr:journal_issue/cr:issue").text == "3"
    assert one(journal, "cr:journal_issue/cr:journal_volume/cr:volume").text == "75"
    assert journal.xpath("cr:journal_article/cr:doi_data/cr:doi/text()", namespaces=NS) == ["10.9999/res.753.0025"]


def test_an_article_outside_any_issue_alone(schema: etree.XMLSchema, sample: Path) -> None:
    result = crossref("--site", sample, "--article", "essai", "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    journal = one(root, "cr:body/cr:journal")
    assert journal.xpath("cr:journal_issue", namespaces=NS) == []
    assert (
        one(journal, "cr:journal_article/cr:doi_data/cr:resource").text
        == "https://revue.example.org/en/articles/deterrence-at-sea/"
    )


def test_no_body_text_in_the_deposit(sample: Path) -> None:
    """Titles, abstracts and metadata only: no withheld sentence, and no teaser either."""
    deposit_text = crossref("--site", sample, "--timestamp", STAMP).stdout
    flat = normal(deposit_text)
    assert "Archipel des Brumes" in flat  # the check reads the deposit as a reader would
    for sentence in [*WITHHELD, *TEASERS.values()]:
        assert normal(sentence) not in flat, sentence


def test_two_runs_with_the_same_timestamp_are_identical(sample: Path) -> None:
    first = crossref("--site", sample, "--timestamp", STAMP)
    second = crossref("--site", sample, "--timestamp", STAMP)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    other = crossref("--site", sample, "--timestamp", "20240102030406")
    assert other.stdout != first.stdout
    assert other.stdout.replace("20240102030406", STAMP) == first.stdout  # only the head differs


def test_the_timestamp_defaults_to_the_time_of_the_run(sample: Path) -> None:
    before = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    result = crossref("--site", sample, "--article", "phares")
    after = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    assert result.returncode == 0, result.stderr
    stamp = one(parse(result.stdout.encode("utf-8")), "cr:head/cr:timestamp").text
    assert re.fullmatch(r"\d{14}", stamp) and before <= stamp <= after


def test_in_process_the_same_bytes_as_the_command(sample: Path) -> None:
    prepared = prepare(sample)
    result, errors = deposit(prepared.site, prepared.renderer.urls, timestamp=STAMP)
    assert errors == [] and result is not None
    assert result.xml == crossref("--site", sample, "--timestamp", STAMP).stdout.encode("utf-8")
    assert result.warnings == ()


# ---- small sites ------------------------------------------------------------------------------------

ARTICLE = """\
---
title: {title}
abstract: Un résumé.
authors: [Jeanne Morvan]
date: 2019-06-12
issue: "1"
{extra}
---

Un.
"""
ISSUE = {"content/issues/1.yaml": "volume: 1\nnumber: 1\ndate: 2019-06-01\n"}


def small_site(root: Path, files: dict[str, str], site_yaml: str = SITE_YAML + CROSSREF) -> Path:
    return write_site(root, {**ISSUE, **files}, site_yaml=site_yaml)


def test_articles_without_doi_are_warnings_not_silence(schema: etree.XMLSchema, tmp_path: Path) -> None:
    site = small_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": ARTICLE.format(title="Avec", extra="doi: 10.9999/test.1"),
            "content/articles/b.fr.md": ARTICLE.format(title="Sans", extra=""),
            "content/articles/c.en.md": ARTICLE.format(title="Without", extra="pages: 3-9"),
        },
    )
    result = crossref("--site", site, "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "content/articles/b.fr.md:1: warning: no DOI: not deposited",
        "content/articles/c.en.md:1: warning: no DOI: not deposited",
    ]
    assert "crossref: 1 DOI(s), timestamp 20240102030405, 2 warning(s)" in result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    assert root.xpath("//cr:doi/text()", namespaces=NS) == ["10.9999/test.1"]


def test_nothing_to_deposit_is_an_error(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {"content/articles/b.fr.md": ARTICLE.format(title="Sans", extra="")})
    result = crossref("--site", site, "--issue", "1")
    assert result.returncode == 1
    assert "content/articles: nothing to deposit: no article of issue '1' has a DOI" in result.stderr
    assert result.stdout == ""
    alone = crossref("--site", site, "--article", "b")
    assert alone.returncode == 1
    assert "content/articles/b.fr.md:1: no DOI: nothing to deposit" in alone.stderr


def test_abstracts_become_jats_paragraphs_with_their_emphasis(schema: etree.XMLSchema, tmp_path: Path) -> None:
    abstract = (
        "abstract: |\n  Un *résumé* en **deux** paragraphes, avec H~2~O & <b>x</b> < y.\n\n"
        "  Le second, avec une [liste](https://example.org) :\n\n  - un point ;\n  - un autre.\n"
        "  <script>alert(1)</script>\n"
    )
    site = small_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": ARTICLE.format(title="Une *espèce* à part", extra="doi: 10.9999/test.1").replace(
                "abstract: Un résumé.\n", abstract
            ),
            "content/articles/a.en.md": "---\ntitle: A **bold** one\nsubtitle: And *its* subtitle\nabstract: In English.\n---\n",
        },
    )
    result = crossref("--site", site, "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    titles = root.xpath("//cr:journal_article/cr:titles", namespaces=NS)
    assert etree.tostring(one(titles[0], "cr:title"), encoding="unicode", with_tail=False).endswith(
        ">Une <i>espèce</i> à part</title>"
    )
    assert one(titles[1], "cr:title/cr:b").text == "bold"
    assert one(titles[1], "cr:subtitle/cr:i").text == "its"
    french = one(root, "//jats:abstract[@xml:lang='fr']")
    paragraphs = french.xpath("jats:p", namespaces=NS)
    assert [text(p) for p in paragraphs] == [
        "Un résumé en deux paragraphes, avec H~2~O & x < y.",
        "Le second, avec une liste :",
        "un point ;",
        "un autre.",
    ]
    assert one(paragraphs[0], "jats:italic").text == "résumé"
    assert [b.text for b in paragraphs[0].xpath("jats:bold", namespaces=NS)] == ["deux", "x"]
    assert "script" not in result.stdout and "alert" not in result.stdout and "example.org" not in text(french)
    assert [text(p) for p in one(root, "//jats:abstract[@xml:lang='en']").xpath("jats:p", namespaces=NS)] == ["In English."]


def test_a_name_crossref_refuses_is_an_error_with_its_line(tmp_path: Path) -> None:
    long_name = "Jeanne " + "Morvan-" * 10 + "Goff"  # one word of 74 characters: the family name
    site = small_site(
        tmp_path / "site",
        {"content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1").replace("Jeanne Morvan", long_name)},
    )
    result = crossref("--site", site)
    assert result.returncode == 1
    assert (
        f"content/articles/a.fr.md:4: author {long_name!r}: Crossref takes a family name of at most 60 characters"
        in result.stderr
    )
    assert result.stdout == ""


def test_a_licence_that_is_not_a_url_is_a_warning(schema: etree.XMLSchema, tmp_path: Path) -> None:
    site = small_site(
        tmp_path / "site",
        {"content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1\nlicense: Tous droits réservés")},
    )
    result = crossref("--site", site, "--timestamp", STAMP)
    assert result.returncode == 0, result.stderr
    assert (
        "content/articles/a.fr.md:8: warning: the licence 'Tous droits réservés' is neither a URL nor a Creative Commons identifier: not deposited"
        in result.stderr
    )
    root = assert_valid(schema, result.stdout.encode("utf-8"))
    assert root.xpath("//ai:program", namespaces=NS) == []


# ---- errors -----------------------------------------------------------------------------------------


def test_without_a_crossref_section_the_error_says_what_to_add(tmp_path: Path) -> None:
    site = small_site(
        tmp_path / "site",
        {"content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1")},
        site_yaml=SITE_YAML,
    )
    result = crossref("--site", site)
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == "site.yaml: no 'crossref' section: add crossref: {depositor: NAME, email: ADDRESS, registrant: NAME}"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "crossref:\n  depositor: X\n  email: not-an-address\n  registrant: Y\n",
            "site.yaml:7: 'crossref.email' 'not-an-address' is not an e-mail address like editor@example.org",
        ),
        (
            "crossref:\n  depositor: X\n  email: a@b\n  registrant: Y\n",
            "site.yaml:7: 'crossref.email' 'a@b' is not an e-mail address",
        ),
        (
            "crossref:\n  depositor: X\n  email: doi@revue.example.org\n",
            "site.yaml:7: missing required field 'crossref.registrant'",
        ),
        (
            "crossref:\n  depositor: X\n  email: doi@revue.example.org\n  registrant: Y\n  password: z\n",
            "site.yaml:7: unknown field 'crossref.password'",
        ),
        ("crossref: doi@revue.example.org\n", "site.yaml:7: 'crossref' must be a mapping (depositor, email, registrant)"),
        (
            f"crossref:\n  depositor: {'X' * 131}\n  email: doi@revue.example.org\n  registrant: Y\n",
            "site.yaml:7: 'crossref.depositor' is longer than Crossref's 130 characters",
        ),
    ],
)
def test_a_wrong_crossref_section_is_an_error_with_its_line(tmp_path: Path, section: str, message: str) -> None:
    site = small_site(
        tmp_path / "site",
        {"content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1")},
        site_yaml=SITE_YAML + section,
    )
    result = crossref("--site", site)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout == ""
    build = run_build("--site", site, "--out", tmp_path / "out")  # the build refuses it too: one site.yaml
    assert build.returncode == 1 and message in build.stderr


def test_the_crossref_section_is_read(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(SITE_YAML + CROSSREF, encoding="utf-8")
    config, errors = load_config(tmp_path)
    assert errors == []
    assert config.crossref == CrossrefSettings("Éditions Exemple", "doi@revue.example.org", "Éditions Exemple")
    (tmp_path / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    assert load_config(tmp_path)[0].crossref is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--issue", "2030-1"), "content/issues: no issue '2030-1' (issues: 2019-2, 2019-3)"),
        (
            ("--article", "inconnu"),
            "content/articles: no article has the key 'inconnu' (keys: alliance, cartographie, detroits, essai, lettre, phares)",
        ),
    ],
)
def test_an_unknown_issue_or_article_is_an_error(sample: Path, args: tuple[str, ...], message: str) -> None:
    result = crossref("--site", sample, *args)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == ""


def test_content_errors_come_out_together_and_nothing_is_written(tmp_path: Path) -> None:
    site = small_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1").replace(
                "2019-06-12", "2019-13-12"
            ),
            "content/articles/b.fr.md": ARTICLE.format(title="Deux", extra="doi: pas-un-doi"),
        },
    )
    target = tmp_path / "deposit.xml"
    result = crossref("--site", site, "-o", target)
    assert result.returncode == 1
    assert "content/articles/a.fr.md:5: 'date' must be a real date written YYYY-MM-DD" in result.stderr
    assert "content/articles/b.fr.md:7: 'doi' 'pas-un-doi' is not a DOI" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "inside",
    [
        "output/deposit.xml",
        "output-full/deposit.xml",
        "output/fr/deposit.xml",
        "templates/static/deposit.xml",
        "content/deposit.xml",
    ],
)
def test_the_deposit_is_never_written_where_the_site_is_published(sample: Path, inside: str) -> None:
    target = sample / inside
    result = crossref("--site", sample, "-o", target)
    assert result.returncode == 1
    assert result.stderr.startswith(f"crossref: {target} is inside the ")
    assert not target.exists()


@pytest.mark.parametrize("inside", ["site.yaml", ".diptych-cache/deposit.xml"])
def test_the_deposit_never_replaces_the_sites_settings_nor_goes_into_its_cache(sample: Path, inside: str) -> None:
    """`-o site.yaml`, a slip of the hand, would put the deposit in place of the journal's settings: refused, and the
    settings stay; the cache folder holds full texts and is the build's own."""
    target = sample / inside
    before = target.read_bytes() if target.is_file() else None
    result = crossref("--site", sample, "-o", target)
    assert result.returncode == 1
    assert result.stderr.startswith(f"crossref: {target} is the site's own "), result.stderr
    assert (target.read_bytes() if target.is_file() else None) == before


def test_nor_into_the_builds_out_folder(sample: Path, tmp_path: Path) -> None:
    result = crossref("--site", sample, "--out", tmp_path / "public", "-o", tmp_path / "public" / "deposit.xml")
    assert result.returncode == 1
    assert "is inside the published output" in result.stderr
    assert not (tmp_path / "public").exists()


def test_relative_output_paths_are_refused_too(sample: Path) -> None:
    result = crossref("--site", ".", "-o", "output/../output/deposit.xml", cwd=sample)
    assert result.returncode == 1
    assert not (sample / "output" / "deposit.xml").exists()


def test_the_default_writes_nothing_and_a_built_output_is_untouched(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", {"content/articles/a.fr.md": ARTICLE.format(title="Un", extra="doi: 10.9999/test.1")})
    assert run_build("--site", site).returncode == 0
    before = snapshot(site)
    result = crossref("--site", ".", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "doi@revue.example.org" in result.stdout
    assert snapshot(site) == before  # the deposit went to standard output only
    assert not any("doi@revue.example.org" in data.decode("utf-8", "replace") for data in snapshot(site / "output").values())


def test_crossref_options_belong_to_the_crossref_command(tmp_path: Path) -> None:
    result = run_build("--site", tmp_path, "--issue", "1")
    assert result.returncode == 2
    assert "--issue is an option of crossref (python build.py crossref --issue …)" in result.stderr
    wrong = crossref("--site", tmp_path, "--timestamp", "2024-01-01")
    assert wrong.returncode == 2
    assert "argument --timestamp: '2024-01-01' is not a time written YYYYMMDDhhmmss" in wrong.stderr


def test_an_unwritable_destination_is_a_clear_error(sample: Path, tmp_path: Path) -> None:
    """A folder that is a file: no one can write there, root included (CI runs as root)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    result = crossref("--site", sample, "-o", blocker / "deposit.xml")
    assert result.returncode == 1
    assert f"crossref: cannot write {blocker / 'deposit.xml'}: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_timestamp_is_ascii_digits() -> None:
    """strptime reads fullwidth digits as digits; Crossref's timestamp is ASCII."""
    assert valid_timestamp("20190601120000")
    assert not valid_timestamp("２０１９0601120000") and not valid_timestamp("²0190601120000")
