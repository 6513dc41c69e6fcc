"""Anchors are unique on the page: the body's headings never take an id the page template uses."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from diptych import build
from tests.conftest import write_site

ID = re.compile(r'\sid="([^"]+)"')


def duplicate_ids(html: str) -> list[str]:
    return sorted(i for i, n in Counter(ID.findall(html)).items() if n > 1)


def test_no_page_of_the_sample_repeats_an_id(sample_output: Path) -> None:
    for page in sample_output.rglob("*.html"):
        assert duplicate_ids(page.read_text(encoding="utf-8")) == [], page.relative_to(sample_output)


def test_headings_named_like_parts_of_the_page_get_ids_of_their_own(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"## {title}\n\nParagraphe {n}."
        for n, title in enumerate(["Main", "Abstract", "Abstract EN", "Teaser", "Notice", "Outline"])
    )
    site = write_site(
        tmp_path / "site",
        {
            "content/articles/a.fr.md": f"---\ntitle: Un\nabstract: Résumé.\ndate: 2019-06-12\naccess: free\n---\n\n{body}\n",
            "content/articles/a.en.md": "---\ntitle: One\nabstract: Abstract.\n---\n",
        },
    )
    build(site, tmp_path / "out")
    html = (tmp_path / "out" / "fr" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'id="abstract-en"' in html  # the template's own id for the English abstract
    assert duplicate_ids(html) == []
