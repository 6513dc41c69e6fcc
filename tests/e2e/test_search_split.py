"""A reader searching a site whose index is split after edits (a whole index and a delta, diptych/search/delta.py)
finds exactly the pages one index finds, in Chromium, through the search page's own module and its interface; and
a search costs at most twice the requests and bytes of one index (the numbers are printed, for docs/performance.md).

The edits: a sentence added to a paywalled article's French teaser (its older copy hidden in the whole index) and
a new French article (a page the whole index never had); the English index stays whole.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

import diptych
from tests.browser import serve
from tests.conftest import ROOT
from tests.pagefind_files import hidden

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


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The edited sample built incrementally (a delta) and cold (one index), each served: their URLs."""
    work = tmp_path_factory.mktemp("delta")
    site = work / "site"
    site.mkdir()
    shutil.copyfile(ROOT / "site.yaml", site / "site.yaml")
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
    assert {lang: len(ids) for lang, ids in hidden(work / "out").items()} == {"fr": 2}, (
        "a French delta: one page hidden, and the page of words"
    )
    assert not (work / "cold" / "pagefind-delta").exists()
    with serve(work / "out") as split, serve(work / "cold") as whole:
        yield split, whole


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_every_query_finds_the_pages_one_index_finds(page: Page, console_errors: list[str], outputs, lang: str) -> None:
    split, whole = outputs
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


def test_the_interface_lists_each_page_once_as_it_is_now(page: Page, console_errors: list[str], outputs) -> None:
    split, _ = outputs
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


def test_a_search_costs_at_most_twice_the_requests_and_bytes_of_one_index(browser: Browser, outputs) -> None:
    split, whole = outputs
    cost = {}
    for url in (split, whole):
        context = browser.new_context()  # nothing cached from the other site
        page = context.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]))
        page.goto(f"{url}/fr/recherche/?q={quote('phares')}")
        expect(page.locator(".pagefind-ui__message")).to_contain_text("phares", timeout=10_000)
        page.wait_for_load_state("networkidle")
        cost[url] = (len(sizes), sum(sizes))
        context.close()
    print(f"\nsearch page and one query, (requests, bytes): one index {cost[whole]}, whole index and delta {cost[split]}")
    assert cost[split][0] <= 2 * cost[whole][0]
    assert cost[split][1] <= 2 * cost[whole][1]
