"""A reader searching a site whose index is split after edits (a whole index and a delta, diptych/search/delta.py),
or split in parts by spans of volumes (diptych/search/parts.py), or both, finds exactly the pages one index finds,
in Chromium, through the search page's own module and its interface; and a search over a delta costs at most twice
the requests and bytes of one index (the numbers are printed, for docs/performance.md, parts' too).

The edits: a sentence added to a paywalled article's French teaser (its older copy hidden in the whole index) and
a new French article (a page the whole index never had); the English index stays whole. The site in parts holds at
most 3 pages per part.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

import diptych
from tests.browser import serve
from tests.conftest import ROOT
from tests.pagefind_files import hidden, parts

QUERIES = {  # words of the public pages, of the edits, withheld words, and prefixes
    "fr": [
        "phares",
        "archipel",
        "brumes",
        "valmer",
        "ostrande",
        "traité",
        "cartes",
        "îlots",
        "dissuasion",
        "marine",
        "bouclier",
        "biélorussie",
        "détroits",
        "zorglub",
        "quarante",
        "surveillance",
        "gardiens",
        "phrase",
        "hydrographes",
        "chronique",
        "sondes",
        "carto",
        "pha",
        "lettre",
        "nord",
    ],
    "en": [
        "lighthouses",
        "archipelago",
        "mists",
        "valmer",
        "straits",
        "treacherous",
        "charts",
        "deterrence",
        "navy",
        "belarus",
        "shield",
        "islets",
        "power",
        "zorglub",
        "hydrographers",
        "chronicle",
        "gunboat",
        "light",
        "sea",
        "war",
        "map",
        "stra",
        "north",
        "letter",
        "essay",
    ],
}
PAGES = {"fr": "/fr/recherche/", "en": "/en/search/"}
CARTES = "content/articles/2019/cartes/cartographie.fr.md"
FOUND = """async (word) => {
    const pagefind = await import(document.getElementById("search").dataset.bundle + "pagefind.js");
    const found = await pagefind.search(word);
    return Promise.all(found.results.map(async (result) => (await result.data()).url));
}"""


def edited_sample(work: Path, limit: int | None = None) -> Path:
    """The sample copied, built once with the cache, then edited (see above): its folder."""
    site = work / "site"
    site.mkdir(parents=True)
    shutil.copyfile(ROOT / "site.yaml", site / "site.yaml")
    if limit is not None:
        with (site / "site.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"search_index_pages: {limit}\n")
    shutil.copytree(ROOT / "content", site / "content")
    diptych.build(site, work / "out")
    path = site / CARTES
    text = path.read_text(encoding="utf-8")
    heading = "## Une géographie contestée\n"
    assert heading in text
    path.write_text(text.replace(heading, heading + "\nUne phrase zorglub ajoutée aux cartes.\n", 1), encoding="utf-8")
    (site / "content/articles/neuf.fr.md").write_text(
        '---\ntitle: "Les phares du nord"\nabstract: "Résumé zorglub."\ndate: 2019-07-01\naccess: free\n---\n\n'
        "Une lettre sur les phares et les cartes du nord.\n",
        encoding="utf-8",
    )
    diptych.build(site, work / "out")
    diptych.build(site, work / "cold", cache=False)
    return work


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The edited sample built incrementally (a delta) and cold (one index); in parts, incrementally (parts and a
    delta) and cold (parts): each served, by name."""
    one = edited_sample(tmp_path_factory.mktemp("delta"))
    split = edited_sample(tmp_path_factory.mktemp("parts"), limit=3)
    assert {lang: len(ids) for lang, ids in hidden(one / "out").items()} == {"fr": 2}, (
        "a French delta: one page hidden, and the page of words"
    )
    assert not (one / "cold" / "pagefind-delta").exists()
    assert {lang: len(ids) for lang, ids in hidden(split / "out").items()} == {"fr": 2}
    assert set(parts(split / "out")) == set(parts(split / "cold")) == {"fr", "en"}
    outputs = {"delta": one / "out", "one": one / "cold", "parts and delta": split / "out", "parts": split / "cold"}
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(out)) for name, out in outputs.items()}


@pytest.mark.parametrize("split", ["delta", "parts", "parts and delta"])
@pytest.mark.parametrize("lang", sorted(PAGES))
def test_every_query_finds_the_pages_one_index_finds(page: Page, console_errors: list[str], sites, lang: str, split: str) -> None:
    split, whole = sites[split], sites["one"]
    answers = {}
    for url in (split, whole):
        page.goto(url + PAGES[lang])
        answers[url] = {word: sorted(page.evaluate(FOUND, word)) for word in QUERIES[lang]}
    assert answers[split] == answers[whole]
    assert sum(map(len, answers[split].values())) > len(QUERIES[lang]), "most queries find pages: the test is not empty"
    if lang == "fr":
        assert answers[split]["zorglub"] == ["/fr/articles/cartographier-archipel-des-brumes/", "/fr/articles/neuf/"]
        assert answers[split]["hydrographes"] == [], "withheld"
    assert console_errors == []


@pytest.mark.parametrize("split", ["delta", "parts and delta"])
def test_the_interface_lists_each_page_once_as_it_is_now(page: Page, console_errors: list[str], sites, split: str) -> None:
    split = sites[split]
    page.goto(f"{split}/fr/recherche/?q={quote('cartes')}")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("cartes", timeout=10_000)
    for expected in ("/fr/articles/neuf/", "/fr/articles/cartographier-archipel-des-brumes/"):  # results come one by one
        expect(page.locator(f'.pagefind-ui__result-title a[href="{expected}"]')).to_be_visible(timeout=10_000)
    links = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-title a").all()]
    articles = [href for href in links if "#" not in href]
    assert len(articles) == len(set(articles)), f"a page listed twice: {articles}"
    assert "/fr/articles/neuf/" in articles and "/fr/articles/cartographier-archipel-des-brumes/" in articles
    excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert console_errors == [] and excerpts


def test_a_search_costs_at_most_twice_the_requests_and_bytes_of_one_index(browser: Browser, sites) -> None:
    split, whole = sites["delta"], sites["one"]
    cost = {}
    for url in sites.values():
        context = browser.new_context()  # nothing cached from the other site
        page = context.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]))
        page.goto(f"{url}/fr/recherche/?q={quote('phares')}")
        expect(page.locator(".pagefind-ui__message")).to_contain_text("phares", timeout=10_000)
        page.wait_for_load_state("networkidle")
        cost[url] = (len(sizes), sum(sizes))
        context.close()
    print("\nsearch page and one query, (requests, bytes): " + ", ".join(f"{name} {cost[url]}" for name, url in sites.items()))
    assert cost[split][0] <= 2 * cost[whole][0]
    assert cost[split][1] <= 2 * cost[whole][1]
