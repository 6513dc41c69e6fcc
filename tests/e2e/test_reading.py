"""A reader in a browser: the seed article in French, then in English; the outline of a partly public article."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

FR_SEED = "/fr/articles/relations-militaires-russie-belarus/"
EN_SEED = "/en/articles/russia-belarus-military-relationships/"
FR_TITLE = "Les relations militaires de la Russie avec le Bélarus : une alliance qui laisse Moscou sur sa faim"
EN_TITLE = "Russia-Belarus Military Relationships: a Disappointing Alliance for Moscow"
EN_ABSTRACT = "Belarus and Russia maintain armed forces’ cooperation under the auspices of the CSTO"
FR_TEASER = "La coopération militaire avec le Bélarus revêt pour la Russie une importance stratégique"
NOTICE_93 = "Il reste 93\u202f% de l’article à lire"  # U+202F before %: Babel gives U+00A0, French typography a narrow one

FR_CARTES = "/fr/articles/cartographier-archipel-des-brumes/"
CARTES_WITHHELD = ["Les cartes de l’Amirauté valmérienne", "Écueils, chenaux et phares : le vocabulaire de la souveraineté"]

SEEDS = {"article-fr": (FR_SEED, FR_TITLE), "article-en": (EN_SEED, EN_TITLE)}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def lang_of(locator: Locator) -> str | None:
    """The language the browser applies to an element: its nearest lang attribute."""
    return locator.evaluate("e => e.closest('[lang]')?.getAttribute('lang') ?? null")


def test_french_article_shows_both_languages_then_switches_to_english(page: Page, console_errors: list[str]) -> None:
    page.goto(FR_SEED)

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(FR_TITLE)
    en_title = page.get_by_text(EN_TITLE, exact=True)
    expect(en_title).to_be_visible()
    assert lang_of(en_title) == "en"
    en_abstract = page.get_by_text(EN_ABSTRACT)
    expect(en_abstract).to_be_visible()
    assert lang_of(en_abstract) == "en"

    notice = page.get_by_text("Il reste ")
    expect(notice).to_be_visible()
    # Playwright's text matchers fold U+00A0 into a space: compare the raw text to check the character itself.
    assert notice.text_content().strip() == NOTICE_93
    expect(page.get_by_role("heading", name="Plan de l’article")).to_be_visible()

    page.get_by_role("navigation", name="Langues").get_by_role("link", name="English").click()

    page.wait_for_url(f"**{EN_SEED}")
    assert urlparse(page.url).path == EN_SEED
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_TITLE)
    teaser = page.get_by_text(FR_TEASER)
    expect(teaser).to_be_visible()
    assert lang_of(teaser) == "fr"
    note = page.get_by_text("Full text in French", exact=True)
    expect(note).to_be_visible()
    assert lang_of(note) == "en"

    assert console_errors == []


def test_outline_links_public_headings_only(page: Page, console_errors: list[str]) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])  # the text starts below the fold: following the link must scroll
    page.goto(FR_CARTES)
    outline = page.get_by_role("navigation", name="Plan de l’article")
    link = outline.get_by_role("link", name="Méthode")
    anchor = link.get_attribute("href")
    assert anchor and anchor.startswith("#"), anchor
    heading = page.locator(f"[id='{anchor[1:]}']")
    expect(heading).to_have_text("Méthode")
    expect(heading).not_to_be_in_viewport()

    link.click()

    assert urlparse(page.url).fragment == anchor[1:]
    expect(heading).to_be_in_viewport()

    expect(outline.get_by_role("link")).to_have_count(2)  # « Une géographie contestée » and its « Méthode »
    for title in CARTES_WITHHELD:
        expect(outline.get_by_text(title, exact=True)).to_be_visible()
        expect(outline.get_by_role("link", name=title)).to_have_count(0)
    withheld_method = outline.get_by_text("Méthode", exact=True).nth(1)
    assert withheld_method.evaluate("e => e.closest('a') === null && e.querySelector('a') === null")

    assert console_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", SEEDS)
def test_seed_article_screenshots(page: Page, console_errors: list[str], screenshots_dir: Path, name: str, viewport: str) -> None:
    path, title = SEEDS[name]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    shot = screenshots_dir / f"{name}-{VIEWPORTS[viewport]['width']}.png"
    page.screenshot(path=shot, full_page=True)

    assert shot.stat().st_size > 0
    assert console_errors == []
