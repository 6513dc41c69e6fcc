"""The reader's experience in Chromium: a clean console, no sideways scrolling, no layout shift, every page read
without JavaScript, a visible focus, and an article that prints whole without the site's furniture.

Every HTML page of the built sample (but the aliases' redirects) is opened once per width, 320, 768 and 1280 px,
in one browser context per width; the console, the overflow and (at 320 and 1280 px, on the articles and the
homes) the layout shift are gathered in that sweep and asserted by the tests below. Each kind of check is shown
to fail on a fault injected in a page.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, expect
from pypdf import PdfReader

from tests.e2e.test_accessibility import pages as readable_pages

WIDTHS = [320, 768, 1280]
SHIFT_WIDTHS = {320, 1280}  # layout shift read on a phone and on a desktop, as Lighthouse does
FR_SEED = "/fr/articles/relations-militaires-russie-belarus/"
EN_SEED = "/en/articles/russia-belarus-military-relationships/"
SEARCH_PAGES = ["/fr/recherche/", "/en/search/"]
ARTICLE = re.compile(r"^/(fr|en)/articles/[^/]+/$")
HOMES = {"/", "/fr/", "/en/"}
SETTLE_MS = 250  # after the load event, before the layout shifts are read

FR_TITLE = "Les relations militaires de la Russie avec le Bélarus : une alliance qui laisse Moscou sur sa faim"
EN_TITLE = "Russia-Belarus Military Relationships: a Disappointing Alliance for Moscow"
FR_ABSTRACT = "Minsk escompte donc que Moscou subventionne la modernisation de ses forces"
EN_ABSTRACT = "Minsk therefore expects Moscow to subsidise the modernisation of its forces"
TEASER_FIRST_SENTENCE = (
    "La coopération militaire avec le Bélarus revêt pour la Russie une importance stratégique qui va toutefois en"
    " diminuant, même depuis son « divorce » d’avec l’Ukraine en 2014."
)
OUTLINE_ENTRIES = ["Une alliance asymétrique", "Le Bélarus, bouclier occidental de l’OTSC", "Une loyauté qui se monnaye"]
DOI = "10.9999/res.752.0061"


@dataclass(frozen=True)
class Printed:
    """What the printed article must hold, and the site's furniture it must leave out."""

    path: str
    canonical: str
    title: str
    other_title: str
    outline: str
    cite: str
    notice: str
    sections: tuple[str, ...]  # the masthead's section links
    languages: tuple[str, ...]  # the language switcher
    buy: tuple[str, ...]  # the paywall's buttons


PRINTED = {
    "fr": Printed(
        FR_SEED,
        "revue.example.org" + FR_SEED,
        FR_TITLE,
        EN_TITLE,
        "Plan de l’article",
        "Citer cet article",
        "Il reste 93 % de l’article à lire",
        ("Numéros", "Auteurs", "Mots-clés", "Rechercher"),
        ("Français", "English"),
        ("Acheter l’article", "Accès institutionnel ou abonné"),
    ),
    "en": Printed(
        EN_SEED,
        "revue.example.org" + EN_SEED,
        EN_TITLE,
        FR_TITLE,
        "Article outline",
        "How to cite this article",
        "93% of the article left to read",
        ("Issues", "Authors", "Keywords", "Search"),
        ("Français", "English"),
        ("Buy this article", "Institutional or subscriber access"),
    ),
}

OVERFLOW = """() => {
    const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
    const scroll = document.documentElement.scrollWidth;
    const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + [...e.classList].map((c) => "." + c).join("") + ` «${(e.textContent || "").trim().slice(0, 40)}»`;
    const over = (e) => e && e.getBoundingClientRect().right > width + 0.5;
    const culprits = scroll > width
        ? [...document.body.querySelectorAll("*")].filter((e) => over(e) && !over(e.parentElement))
            .slice(0, 5).map((e) => `${name(e)} ends at ${Math.round(e.getBoundingClientRect().right)} px`)
        : [];
    return { width, scroll, culprits };
}"""

LAYOUT_SHIFTS = """async (settle) => {
    await new Promise((done) => document.readyState === "complete" ? done() : addEventListener("load", done, { once: true }));
    await new Promise((done) => setTimeout(done, settle));
    const shifts = [];
    const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            const nodes = (entry.sources || []).map((s) => s.node ? (s.node.nodeName + (s.node.className ? "." + s.node.className : "")) : "?");
            shifts.push({ value: entry.value, nodes });
        }
    });
    observer.observe({ type: "layout-shift", buffered: true });
    await new Promise((done) => setTimeout(done, 50));
    for (const entry of observer.takeRecords()) shifts.push({ value: entry.value, nodes: [] });
    observer.disconnect();
    const unsized = [...document.images].filter((i) => !i.getAttribute("width") || !i.getAttribute("height"))
        .map((i) => i.getAttribute("src"));
    return { shifts, images: document.images.length, unsized };
}"""

FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    let back = e.parentElement;  // the outline is drawn around the element, over its parent's background
    while (back && getComputedStyle(back).backgroundColor.replace(/\\s/g, "").match(/^(transparent|rgba\\(0,0,0,0\\))$/))
        back = back.parentElement;
    return {
        name: e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join("") + ` «${(e.textContent || "").trim().slice(0, 30)}»`,
        skip: e.classList.contains("skip"),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor,
        boxShadow: s.boxShadow,
        background: back ? getComputedStyle(back).backgroundColor : "rgb(255, 255, 255)",
        onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight
            && e.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    };
}"""


# --- the sweep: every page at every width --------------------------------------------------------------------------


@dataclass
class Sweep:
    """What one width's pass over every page found."""

    width: int
    console: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    shifts: list[str] = field(default_factory=list)
    unsized: list[str] = field(default_factory=list)
    images: int = 0
    shift_pages: int = 0


class Watch:
    """Console errors and warnings, uncaught exceptions, failed requests and HTTP errors of a page, with its URL."""

    def __init__(self, page: Page) -> None:
        self.found: list[str] = []
        page.on("console", lambda message: self.console(page, message))
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: uncaught {error.name}: {error.message}"))
        page.on("requestfailed", lambda request: self.failed(page, request))
        page.on("response", lambda response: self.response(page, response))

    def console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.found.append(f"{page.url}: console {message.type}: {message.text} ({message.location.get('url')})")

    def failed(self, page: Page, request: Request) -> None:
        # Chromium fetches the icon after the load event, on its own account: going on to the next page cancels it
        # (ERR_ABORTED). A missing icon is still an HTTP 404 below, and tests/reader checks that the file exists.
        if request.resource_type == "other" and request.failure == "net::ERR_ABORTED":
            return
        self.found.append(f"{page.url}: request failed: {request.url} ({request.failure})")

    def response(self, page: Page, response: Response) -> None:
        if response.status >= 400:
            self.found.append(f"{page.url}: HTTP {response.status} for {response.url}")


def overflow(page: Page) -> str | None:
    """Why the page scrolls sideways, naming the outermost elements that stick out; None if it does not."""
    m = page.evaluate(OVERFLOW)
    if m["scroll"] <= m["width"]:
        return None
    return f"scrollWidth {m['scroll']} > {m['width']} px: {'; '.join(m['culprits']) or 'no element found'}"


def layout_shifts(page: Page) -> tuple[list[str], int, list[str]]:
    """The layout shifts since the page began to load (after a short settling), its image count, its unsized images."""
    m = page.evaluate(LAYOUT_SHIFTS, SETTLE_MS)
    shifts = [f"shift {s['value']:.4f} of {', '.join(s['nodes']) or '?'}" for s in m["shifts"] if s["value"] > 0]
    return shifts, m["images"], m["unsized"]


def sweep(browser: Browser, site_url: str, hrefs: list[str], width: int) -> Sweep:
    result = Sweep(width)
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        result.console = Watch(page).found
        for href in hrefs:
            page.goto(site_url + href)
            if href in SEARCH_PAGES:
                page.wait_for_load_state("networkidle")  # Pagefind's interface loads its index after the load event
            if width in SHIFT_WIDTHS and (href in HOMES or ARTICLE.match(href)):
                shifts, images, unsized = layout_shifts(page)
                result.shift_pages += 1
                result.images += images
                result.shifts += [f"{href} at {width} px: {s}" for s in shifts]
                result.unsized += [f"{href}: <img src={src!r}> has no width or height" for src in unsized]
            if why := overflow(page):
                result.overflow.append(f"{href} at {width} px: {why}")
        page.close()
    finally:
        context.close()
    return result


@pytest.fixture(scope="module")
def hrefs(sample_output: Path) -> list[str]:
    found = readable_pages(sample_output)
    assert len(found) > 80
    return found


@pytest.fixture(scope="module")
def sweeps(browser: Browser, site_url: str, hrefs: list[str]) -> dict[int, Sweep]:
    return {width: sweep(browser, site_url, hrefs, width) for width in WIDTHS}


def test_every_page_keeps_the_console_free_of_errors_and_warnings(sweeps: dict[int, Sweep]) -> None:
    found = list(dict.fromkeys(line for s in sweeps.values() for line in s.console))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(sweeps: dict[int, Sweep], width: int) -> None:
    assert not sweeps[width].overflow, "\n".join(sweeps[width].overflow)


def test_articles_and_homes_do_not_shift_as_they_load(sweeps: dict[int, Sweep]) -> None:
    assert all(sweeps[width].shift_pages >= 14 for width in SHIFT_WIDTHS)  # 11 articles and 3 homes
    found = [line for s in sweeps.values() for line in s.shifts]
    assert not found, "cumulative layout shift is not 0:\n" + "\n".join(found)


def test_images_reserve_their_space(sweeps: dict[int, Sweep]) -> None:
    assert sweeps[1280].images > 0  # the lighthouse diagram: the check has something to check
    found = list(dict.fromkeys(line for s in sweeps.values() for line in s.unsized))
    assert not found, "\n".join(found)


def test_the_sweep_checks_find_injected_faults(browser: Browser, site_url: str) -> None:
    """A console warning, a too-wide block and a block pushed in after load are each reported."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()
        found = Watch(page).found
        page.goto(site_url + "/fr/")
        assert overflow(page) is None and layout_shifts(page)[0] == [] and found == []
        page.evaluate("""() => {
            console.warn("injected warning");
            const wide = document.createElement("div");
            wide.className = "injected-wide";
            wide.style.width = "900px";
            wide.textContent = "wide";
            document.querySelector("main").append(wide);
            const late = document.createElement("div");
            late.style.height = "300px";
            document.querySelector("main").prepend(late);
        }""")
        why = overflow(page)
        shifts = layout_shifts(page)[0]
    finally:
        context.close()
    assert any("console warning: injected warning" in line for line in found), found
    assert why and "div.injected-wide" in why, why
    assert shifts, "the injected block moved the page without a layout shift being seen"


# --- without JavaScript ------------------------------------------------------------------------------------------


@pytest.fixture
def no_script(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("lang", PRINTED)
def test_an_article_reads_whole_without_javascript(no_script: Page, lang: str) -> None:
    printed = PRINTED[lang]
    page = no_script
    page.goto(printed.path)
    expect(page.get_by_role("heading", level=1)).to_have_text(printed.title)
    expect(page.locator(".title-other")).to_have_text(printed.other_title)
    abstracts = page.locator("section.abstract")
    expect(abstracts).to_have_count(2)
    expect(abstracts.filter(has_text=FR_ABSTRACT)).to_be_visible()
    expect(abstracts.filter(has_text=EN_ABSTRACT)).to_be_visible()
    expect(page.locator("section.text").get_by_text(TEASER_FIRST_SENTENCE.split(",")[0])).to_be_visible()
    expect(page.locator(".paywall .remaining")).to_be_visible()
    expect(page.locator(".paywall .remaining")).to_have_text(printed.notice.replace(" %", "\u202f%"))
    outline = page.locator("nav.outline")
    expect(outline.get_by_role("heading", name=printed.outline)).to_be_visible()
    for entry in OUTLINE_ENTRIES:
        expect(outline.get_by_text(entry, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=printed.cite)).to_be_visible()
    expect(page.locator(".citation")).to_contain_text(DOI)


@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_the_search_page_says_it_needs_javascript(no_script: Page, page: Page, path: str) -> None:
    no_script.goto(path)
    expect(no_script.locator("#search-needs-script")).to_be_visible()
    expect(no_script.locator("#search-needs-script")).to_contain_text("JavaScript")
    page.goto(path)  # with JavaScript the notice goes: the visibility above is the script-less page's own
    expect(page.locator("#search-needs-script")).to_have_count(0)


# --- a visible focus ---------------------------------------------------------------------------------------------


def srgb(color: str) -> list[float]:
    """`rgb(…)` / `rgba(…)` as computed by the browser: [red, green, blue] in 0-255, then alpha in 0-1."""
    parts = [float(x) for x in re.findall(r"[\d.]+", color)]
    return parts[:3] + [parts[3] if len(parts) > 3 else 1.0]


def contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        channels = [c / 255 for c in srgb(color)[:3]]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_problems(page: Page, steps: int = 10) -> list[str]:
    """Tab from the top of the page: the first stop is the visible skip link, and each stop shows a focus indicator
    (an outline of some width, or a box shadow) that stands out from the background by 3:1 (WCAG 1.4.11)."""
    problems = []
    for step in range(1, steps + 1):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f is None:
            problems.append(f"stop {step}: nothing focused")
            continue
        if step == 1 and not f["skip"]:
            problems.append(f"stop 1 is {f['name']}, not the skip link")
        if not f["onScreen"]:
            problems.append(f"stop {step}: {f['name']} is not visible on screen")
        outline = f["outlineStyle"] != "none" and f["outlineWidth"] > 0 and srgb(f["outlineColor"])[3] > 0
        shadow = f["boxShadow"] not in ("", "none")
        if not (outline or shadow):
            problems.append(
                f"stop {step}: {f['name']} has no focus indicator (outline {f['outlineStyle']} {f['outlineWidth']}px)"
            )
        elif outline and not shadow and (ratio := contrast(f["outlineColor"], f["background"])) < 3:
            problems.append(f"stop {step}: {f['name']} outline {f['outlineColor']} on {f['background']}: contrast {ratio:.2f}")
    return problems


@pytest.fixture
def scheme_context(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    context = browser.new_context(color_scheme=request.param, base_url=base_url, viewport={"width": 1280, "height": 800})
    try:
        yield context
    finally:
        context.close()


@pytest.mark.parametrize("scheme_context", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("path", [FR_SEED, EN_SEED])
def test_tabbing_shows_where_the_focus_is(scheme_context: BrowserContext, path: str) -> None:
    page = scheme_context.new_page()
    page.goto(path)
    problems = focus_problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme_context", ["light", "dark"], indirect=True)
def test_focus_check_finds_a_hidden_focus(scheme_context: BrowserContext) -> None:
    page = scheme_context.new_page()
    page.goto(FR_SEED)
    page.add_style_tag(content=":focus-visible { outline: none !important; } .skip:focus { left: -999px !important; }")
    problems = focus_problems(page, steps=3)
    assert any(p.startswith("stop 1: a.skip") and "not visible" in p for p in problems), problems
    assert sum("no focus indicator" in p for p in problems) == 3, problems


# --- print -------------------------------------------------------------------------------------------------------


def pdf_text(page: Page) -> str:
    """The text of the page as Chromium prints it (print media), in NFKC (ligatures such as "ﬁ" spelt out, French
    narrow spaces made plain) with whitespace folded to one space."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def squash(text: str) -> str:
    """Casefolded, without spaces, soft hyphens or hyphens: a phrase still matches when the print breaks a line
    inside it or its heading is set in capitals."""
    return re.sub(r"[\s\u00ad\u2010\u2011\u202f\u00a0-]", "", unicodedata.normalize("NFKC", text)).casefold()


def words(text: str, word: str) -> int:
    """How many times a word stands alone in the text, whatever its case (a heading may be set in capitals)."""
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE))


def print_problems(text: str, printed: Printed) -> list[str]:
    problems = []
    must = [
        ("title", printed.title),
        ("other-language title", printed.other_title),
        ("French abstract", FR_ABSTRACT),
        ("English abstract", EN_ABSTRACT),
        ("teaser's first sentence", TEASER_FIRST_SENTENCE),
        ("paywall notice", printed.notice),
        ("outline heading", printed.outline),
        *(("outline entry", entry) for entry in OUTLINE_ENTRIES),
        ("citation heading", printed.cite),
        ("DOI", DOI),
        ("page's own URL", printed.canonical.rstrip("/")),
    ]
    problems += [f"missing the {what}: «{phrase}»" for what, phrase in must if squash(phrase) not in squash(text)]
    # The abstracts' keyword labels ("Mots-clés", "Keywords") are content: one each, any more is the masthead.
    for word in printed.sections:
        allowed = int(word in ("Mots-clés", "Keywords"))
        if words(text, word) > allowed:
            problems.append(f"prints the navigation: «{word}» {words(text, word)} times ({allowed} allowed)")
    problems += [f"prints the language switcher: «{w}»" for w in printed.languages if words(text, w)]
    problems += [f"prints a buy button: «{w}»" for w in printed.buy if squash(w) in squash(text)]
    return problems


@pytest.fixture
def print_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("lang", PRINTED)
def test_an_article_prints_whole_without_the_site_furniture(print_page: Page, lang: str) -> None:
    printed = PRINTED[lang]
    print_page.goto(printed.path)
    text = pdf_text(print_page)
    problems = print_problems(text, printed)
    assert not problems, "\n".join(problems) + f"\n--- the printed text:\n{text}"


def test_print_check_finds_the_furniture_and_a_missing_abstract(print_page: Page) -> None:
    print_page.goto(FR_SEED)
    print_page.add_style_tag(
        content="@media print { .masthead nav, .actions { display: block !important; } .abstract-other { display: none !important; } }"
    )
    problems = print_problems(pdf_text(print_page), PRINTED["fr"])
    assert "missing the English abstract: «" + EN_ABSTRACT + "»" in problems, problems
    assert any(p.startswith("prints the navigation: «Numéros»") for p in problems), problems
    assert any(p.startswith("prints the navigation: «Mots-clés» 2 times") for p in problems), problems
    assert "prints the language switcher: «English»" in problems, problems
    assert "prints a buy button: «Acheter l’article»" in problems, problems
