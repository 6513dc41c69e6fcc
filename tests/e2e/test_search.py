"""A reader searching: Pagefind's interface on /fr/recherche/ and /en/search/ finds teasers, never withheld text.

The words: "bouclier" is in the French teaser of the Belarus article only (also on its English page, which
shows the French teaser, hence in the English index too); "treacherous" in the English teaser of the straits
article only. "hydrographes", "chronique", "hydrographers", "chronicle" and "gunboat" are in withheld passages
only (the charts and straits articles, after their split): searching them must find nothing, in the interface or
through Pagefind's own JavaScript API, whose stemming would match "hydrographes" to any public "hydrograph…".

A word Pagefind does not know is looked up by its longest known prefix: "triangulation" (withheld) finds the
public "tried" in English. That is no leak, but no "nothing found" either: such words are checked by what the
results mark, never by their number.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

PAGES = {"fr": "/fr/recherche/", "en": "/en/search/"}
FOUND = {  # a word of a public teaser, and the article whose page shows it
    "fr": ("bouclier", "/fr/articles/relations-militaires-russie-belarus/"),
    "en": ("treacherous", "/en/articles/straits-of-the-sea-of-valmer/"),
}
WITHHELD_WORDS = {"fr": ["hydrographes", "chronique"], "en": ["hydrographers", "chronicle", "gunboat"]}
PREFIXED = ["triangulation", "toponymie"]  # withheld, but a public word's stem is their prefix ("tried", "to")
NO_RESULT = {"fr": "Pas de résultat pour", "en": "No results for"}

RESULT_LINKS = ".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title a"
SEARCH_API = """async (word) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(word);
    return Promise.all(found.results.map(async (result) => (await result.data()).url));
}"""
MARKED_API = """async (word) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(word);
    const excerpts = await Promise.all(found.results.map(async (result) => (await result.data()).excerpt));
    return excerpts.flatMap((excerpt) => [...excerpt.matchAll(/<mark>(.*?)<\\/mark>/g)].map((m) => m[1]));
}"""


def result_urls(page: Page) -> list[str]:
    """The pages the interface lists (not their sub-results, which point inside them)."""
    return [link.get_attribute("href") for link in page.locator(RESULT_LINKS).all()]


def wait_for_answer(page: Page, word: str) -> None:
    """Pagefind's interface has answered for `word`: its message names it (“1 résultat pour bouclier”)."""
    expect(page.locator(".pagefind-ui__message")).to_contain_text(word, timeout=10_000)


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_address_query_finds_the_teaser_of_a_paywalled_article(page: Page, console_errors: list[str], lang: str) -> None:
    word, article = FOUND[lang]
    page.goto(f"{PAGES[lang]}?q={quote(word)}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    wait_for_answer(page, word)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    assert article in result_urls(page)
    excerpt = page.locator(".pagefind-ui__result-excerpt mark").first
    expect(excerpt).to_have_text(word, ignore_case=True)
    assert console_errors == []


@pytest.mark.parametrize(("lang", "word"), [(lang, word) for lang, words in sorted(WITHHELD_WORDS.items()) for word in words])
def test_the_address_query_finds_nothing_for_a_withheld_word(page: Page, console_errors: list[str], lang: str, word: str) -> None:
    page.goto(f"{PAGES[lang]}?q={quote(word)}")
    wait_for_answer(page, word)
    expect(page.locator(".pagefind-ui__message")).to_contain_text(NO_RESULT[lang])
    expect(page.locator(".pagefind-ui__result")).to_have_count(0)
    assert console_errors == []


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_pagefind_api_finds_teasers_and_no_withheld_word(page: Page, console_errors: list[str], lang: str) -> None:
    """Pagefind's JavaScript API, on the search page of each language (its `<html lang>` picks the index)."""
    page.goto(PAGES[lang])
    word, article = FOUND[lang]
    assert article in page.evaluate(SEARCH_API, word)
    for withheld in {*WITHHELD_WORDS["fr"], *WITHHELD_WORDS["en"]}:
        assert page.evaluate(SEARCH_API, withheld) == [], f"the {lang} index finds {withheld!r}"
    assert console_errors == []


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_withheld_word_found_by_its_prefix_marks_only_public_words(page: Page, lang: str) -> None:
    page.goto(PAGES[lang])
    assert page.evaluate(MARKED_API, FOUND[lang][0]), "the excerpts' marks are read"
    for withheld in PREFIXED:
        marked = page.evaluate(MARKED_API, withheld)
        near = [m for m in marked if m.casefold().startswith(withheld[:5])]
        assert not near, f"the {lang} index marks {near} for the withheld {withheld!r}"


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_typed_query_lists_results(page: Page, console_errors: list[str], lang: str) -> None:
    page.goto(PAGES[lang])
    field = page.locator(".pagefind-ui__search-input")
    expect(field).to_be_visible()
    expect(page.locator(".pagefind-ui__result")).to_have_count(0)
    word, article = FOUND[lang]
    field.fill(word)
    wait_for_answer(page, word)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    assert article in result_urls(page)
    page.locator(f'{RESULT_LINKS}[href="{article}"]').click()
    page.wait_for_url(f"**{article}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert console_errors == []


HOSTILE = "Titre <img src=x onerror=window.__xss=1> zorglub"


def test_markup_written_as_text_stays_text_in_search_results(page: Page, tmp_path) -> None:
    """Pagefind stores a page's text, `<img …>` written in a title included, and escapes it when it shows it:
    the results show the title as written and run nothing (the security scan leaves fragments' text to this test)."""
    from diptych import build
    from tests.browser import serve
    from tests.conftest import write_site

    site = write_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": f"""\
                ---
                title: "{HOSTILE}"
                abstract: "Résumé zorglub &lt;img src=y onerror=window.__xss=2&gt;"
                date: 2020-01-01
                access: free
                ---

                Texte zorglub &lt;img src=z onerror=window.__xss=3&gt; fin.
                """,
        },
    )
    build(site, tmp_path / "out")
    with serve(tmp_path / "out") as url:
        page.goto(f"{url}/fr/recherche/?q=zorglub")
        wait_for_answer(page, "zorglub")
        title = page.locator(RESULT_LINKS).first
        expect(title).to_have_text(HOSTILE)
        assert page.locator(".pagefind-ui__results img").count() == 0
        assert page.evaluate("window.__xss") is None
        excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
        assert "<img src=" in excerpts  # shown, as text
