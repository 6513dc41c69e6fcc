"""Light pages: the longest article page and its stylesheet weigh under 40 KB together; one stylesheet, cacheable."""

from __future__ import annotations

import re
from pathlib import Path

LIMIT = 40 * 1024  # bytes of HTML and CSS, uncompressed
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def article_pages(output: Path) -> list[Path]:
    return [p for p in output.glob("*/articles/*/index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


def test_the_longest_article_page_and_its_css_weigh_under_40_kb(sample_output: Path) -> None:
    longest = max(article_pages(sample_output), key=lambda p: p.stat().st_size)
    html = longest.read_text(encoding="utf-8")
    [css] = STYLESHEET.findall(html)
    weight = longest.stat().st_size + (sample_output / css.lstrip("/")).stat().st_size
    assert weight < LIMIT, f"{longest.relative_to(sample_output)} and {css}: {weight} bytes"


def test_every_page_but_search_has_one_stylesheet_named_by_its_content_hash(sample_output: Path) -> None:
    pages = [p for p in sample_output.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) > 80
    names = set()
    for page in pages:
        sheets = STYLESHEET.findall(page.read_text(encoding="utf-8"))
        rel = page.relative_to(sample_output).as_posix()
        theme = [s for s in sheets if not s.startswith("/pagefind/")]
        assert len(theme) == 1, f"{rel}: {sheets}"
        assert re.fullmatch(r"/static/style\.[0-9a-f]{10}\.css", theme[0]), theme[0]
        if rel not in ("fr/recherche/index.html", "en/search/index.html"):
            assert sheets == theme, f"{rel}: only the search pages add Pagefind's stylesheet"
        names.add(theme[0])
    assert len(names) == 1  # one file, cached once for the whole site
