"""The reader's view of every page of the built sample, read from its HTML without a browser.

One `h1` per page and heading levels that never skip; a title and a meta description of its own on each page;
an icon that exists; and scripts only where they are needed, on the search pages (JSON-LD blocks are data).
Every HTML file of the output is parsed but the aliases' redirects, which nobody reads. On a tiny site, a page whose
body opens with a top-level heading still has one `h1`, its title: the heading comes under it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.conftest import run_build, write_site

SEARCH_PAGES = {"/fr/recherche/", "/en/search/"}
HOMES = {"/fr/", "/en/"}
LANDING = "/"
NOT_FOUND = "/404.html"
HEADING = re.compile(r"h([1-6])")
PAGINATED = re.compile(r"^(?P<first>/.+/)page/\d+/$")  # /fr/mots-cles/page/2/ continues /fr/mots-cles/


@dataclass
class Parsed:
    """What this module reads from one page."""

    url: str
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    icons: list[str] = field(default_factory=list)
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    """Title, meta descriptions, icon links, script tags and headings (level, text) of one document."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Parsed(url)
        self._text: list[str] | None = None  # the text of the title or heading being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "title" or HEADING.fullmatch(tag):
            self._text = []
        elif tag == "meta" and (a.get("name") or "").lower() == "description":
            self.page.descriptions.append(a.get("content") or "")
        elif tag == "link" and "icon" in (a.get("rel") or "").lower().split():
            self.page.icons.append(a.get("href") or "")
        elif tag == "script":
            self.page.scripts.append(a)

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._text is None:
            return
        text = " ".join("".join(self._text).split())
        if tag == "title":
            self.page.titles.append(text)
            self._text = None
        elif match := HEADING.fullmatch(tag):
            self.page.headings.append((int(match[1]), text))
            self._text = None


def parse(url: str, html: str) -> Parsed:
    parser = PageParser(url)
    parser.feed(html)
    parser.close()
    return parser.page


def read_pages(output: Path) -> list[Parsed]:
    """Every HTML page of the output but the aliases' redirects, by the address it is served at."""
    found = []
    for path in sorted(output.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        found.append(parse("/" + path.relative_to(output).as_posix().removesuffix("index.html"), html))
    return found


def heading_problems(page: Parsed) -> list[str]:
    """One h1, and each heading at most one level below the one before it (the first one is an h1)."""
    problems = []
    h1s = [text for level, text in page.headings if level == 1]
    if len(h1s) != 1:
        problems.append(f"{page.url}: {len(h1s)} h1 {h1s}")
    previous = 0
    for level, text in page.headings:
        if level > previous + 1:
            problems.append(
                f"{page.url}: h{level} «{text}» follows h{previous}" if previous else f"{page.url}: starts with h{level} «{text}»"
            )
        previous = level
    return problems


def shared(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """The values held by more than one page: {value: [urls]}."""
    return {value: sorted(urls) for value, urls in values.items() if len(urls) > 1}


def honest(urls: list[str]) -> list[str]:
    """The pages of a group sharing one description that have no reason to: the group less its honest members.

    A list's later pages continue its first (same list, same description; their titles say "(2)"); the 404 page,
    served for any missing address, is no page of its own; the bilingual landing describes the journal, as the
    language home beside it does.
    """
    rest = [url for url in urls if url != NOT_FOUND]
    rest = [url for url in rest if not ((m := PAGINATED.match(url)) and m["first"] in urls)]
    if LANDING in rest and HOMES & set(rest):
        rest.remove(LANDING)
    return rest


def icon_problems(page: Parsed, output: Path) -> list[str]:
    """An icon link, each resolving to a file of the output."""
    if not page.icons:
        return [f"{page.url}: no <link rel=icon>"]
    problems = []
    for href in page.icons:
        target = urlparse(urljoin("https://site.invalid" + page.url, href))
        path = output / target.path.lstrip("/")
        if target.netloc != "site.invalid" or not href or not path.is_file():
            problems.append(f"{page.url}: icon {href!r} is not a file of the output")
    return problems


def script_problems(page: Parsed) -> list[str]:
    """Outside the search pages, every script is a JSON-LD block: no code, no `src`."""
    if page.url in SEARCH_PAGES:
        return []
    return [
        f"{page.url}: <script {' '.join(f'{k}={v!r}' for k, v in script.items())}>"
        for script in page.scripts
        if "src" in script or (script.get("type") or "").lower() != "application/ld+json"
    ]


@pytest.fixture(scope="module")
def pages(sample_output: Path) -> list[Parsed]:
    found = read_pages(sample_output)
    assert len(found) > 80, [p.url for p in found]
    return found


def test_every_page_has_one_h1_and_headings_that_never_skip(pages: list[Parsed]) -> None:
    problems = [problem for page in pages for problem in heading_problems(page)]
    assert not problems, "\n".join(problems)


def test_every_page_has_one_title_of_its_own(pages: list[Parsed]) -> None:
    problems = [f"{p.url}: {len(p.titles)} titles {p.titles}" for p in pages if len(p.titles) != 1 or not p.titles[0]]
    assert not problems, "\n".join(problems)
    titles: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        titles[page.titles[0]].append(page.url)
    duplicates = [f"«{title}»: {', '.join(urls)}" for title, urls in shared(titles).items()]
    assert not duplicates, "pages sharing a title:\n" + "\n".join(duplicates)


def test_every_page_has_a_description_of_its_own(pages: list[Parsed]) -> None:
    problems = [
        f"{p.url}: {len(p.descriptions)} descriptions" for p in pages if len(p.descriptions) != 1 or not p.descriptions[0].strip()
    ]
    assert not problems, "\n".join(problems)
    descriptions: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        descriptions[page.descriptions[0]].append(page.url)
    duplicates = [
        f"«{text[:80]}» ({len(urls)} pages, {len(honest(urls))} without a reason): {', '.join(honest(urls))}"
        for text, urls in shared(descriptions).items()
        if len(honest(urls)) > 1
    ]
    assert not duplicates, "pages sharing a description:\n" + "\n".join(duplicates)


def test_every_page_has_an_icon_that_exists(pages: list[Parsed], sample_output: Path) -> None:
    problems = [problem for page in pages for problem in icon_problems(page, sample_output)]
    assert not problems, "\n".join(problems)


def test_only_the_search_pages_load_a_script(pages: list[Parsed]) -> None:
    by_url = {page.url: page for page in pages}
    assert by_url.keys() >= SEARCH_PAGES
    for url in SEARCH_PAGES:  # the exception is needed: the search pages do load Pagefind's interface
        assert any("src" in script for script in by_url[url].scripts), by_url[url].scripts
    assert any(page.scripts and page.url not in SEARCH_PAGES for page in pages)  # JSON-LD is read, and allowed
    problems = [problem for page in pages for problem in script_problems(page)]
    assert not problems, "\n".join(problems)


# The checks can fail: each finds a fault in a small page written for it.


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2><h2>E</h2>", []),
        ("<h1>A</h1><h2>B</h2><h4>C</h4>", ["/x/: h4 «C» follows h2"]),
        ("<h2>B</h2><h1>A</h1>", ["/x/: starts with h2 «B»"]),
        ("<h1>A</h1><h1>B</h1>", ["/x/: 2 h1 ['A', 'B']"]),
        ("<h2>B</h2>", ["/x/: 0 h1 []", "/x/: starts with h2 «B»"]),
    ],
)
def test_heading_check_finds_faults(body: str, expected: list[str]) -> None:
    assert heading_problems(parse("/x/", body)) == expected


def test_honest_sharing_is_the_only_sharing_allowed() -> None:
    assert honest(["/fr/mots-cles/", "/fr/mots-cles/page/2/", "/fr/mots-cles/page/3/"]) == ["/fr/mots-cles/"]
    assert honest(["/", "/fr/", NOT_FOUND]) == ["/fr/"]
    assert honest(["/fr/auteurs/a/", "/fr/auteurs/b/"]) == ["/fr/auteurs/a/", "/fr/auteurs/b/"]
    assert honest(["/fr/auteurs/page/2/", "/fr/mots-cles/"]) == ["/fr/auteurs/page/2/", "/fr/mots-cles/"]


def test_icon_and_script_checks_find_faults(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "icon.svg").write_text("<svg/>")
    assert icon_problems(parse("/fr/", '<link rel="icon" href="/static/icon.svg">'), tmp_path) == []
    assert icon_problems(parse("/fr/", '<link rel="icon" href="../static/icon.svg">'), tmp_path) == []
    assert icon_problems(parse("/fr/", '<link rel="stylesheet" href="/static/icon.svg">'), tmp_path) == [
        "/fr/: no <link rel=icon>"
    ]
    assert icon_problems(parse("/fr/", '<link rel="icon" href="/static/gone.svg">'), tmp_path) != []
    assert script_problems(parse("/fr/", '<script type="application/ld+json">{}</script>')) == []
    assert script_problems(parse("/fr/", '<script src="/static/search.js" defer></script>')) != []
    assert script_problems(parse("/fr/", "<script>alert(1)</script>")) != []
    assert script_problems(parse("/fr/recherche/", '<script src="/static/search.js"></script>')) == []


# ---- a tiny site ---------------------------------------------------------------------------------------------------

FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def build(tmp_path: Path, files: dict[str, str]):
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    return run_build("--site", site, "--out", out), out


def test_a_top_level_heading_in_a_page_stays_a_heading_under_the_title(tmp_path: Path) -> None:
    files = {"content/articles/a.fr.md": article(), "content/pages/p.fr.md": "---\ntitle: Page\n---\n# Un titre\n\nTexte.\n"}
    result, out = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (out / "fr" / "p" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="un-titre">Un titre</h2>' in html
    assert html.count("<h1") == 1
