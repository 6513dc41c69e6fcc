"""What a built article publishes: its teaser's figures and nothing else beside it, a free article's local PDF beside
every version (the one that names it or another), withheld headings as bare text, and a page whose ids are all unique
whatever raw HTML the body holds."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_build, snapshot, write_site

FIG = b"\x89PNG\r\n\x1a\nfigure"
SECRET = b"%PDF-1.4 full text"

A_FR = """\
---
title: Une alliance
abstract: Un résumé.
date: 2019-06-01
---
Premier paragraphe : [la source](a.fr.md), [le document](notes.docx), [le texte intégral](full.pdf),
[une archive](data/archive.zip) et une figure.

![Une figure](fig.png)

<!-- paywall -->

Suite, avec une figure retenue ![secrète](secret-fig.png) et [le PDF](full.pdf).
"""

A_EN = """\
---
title: An alliance
abstract: An abstract.
---
"""

B_FR = """\
---
title: Un article libre
abstract: Un résumé.
date: 2019-07-01
access: free
pdf: file.pdf
---
Texte libre : [la source](b.fr.md), [le document](notes.docx) et ![une figure](figs/free.png).

Deuxième paragraphe.

Troisième paragraphe.
"""

C_FR = """\
---
title: Un article payant avec PDF
abstract: Un résumé.
date: 2019-08-01
pdf: full-c.pdf
---
Un.

<!-- paywall -->

Deux.
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("published")
    site = write_site(
        root / "site",
        {
            "content/articles/a.fr.md": A_FR,
            "content/articles/a.en.md": A_EN,
            "content/articles/b.fr.md": B_FR,
            "content/articles/c.fr.md": C_FR,
        },
    )
    arts = site / "content/articles"
    (arts / "fig.png").write_bytes(FIG)
    (arts / "secret-fig.png").write_bytes(b"\x89PNG secret")
    (arts / "notes.docx").write_bytes(b"PK docx")
    (arts / "full.pdf").write_bytes(SECRET)
    (arts / "full-c.pdf").write_bytes(SECRET)
    (arts / "file.pdf").write_bytes(b"%PDF-1.4 free")
    (arts / "figs").mkdir()
    (arts / "figs/free.png").write_bytes(b"\x89PNG free")
    (arts / "data").mkdir()
    (arts / "data/archive.zip").write_bytes(b"PK zip")
    out = root / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return out, snapshot(out)


def page(out: Path, rel: str) -> str:
    return (out / rel / "index.html").read_text(encoding="utf-8")


def test_a_teaser_figure_is_published_beside_each_page_that_shows_it(published):
    out, files = published
    assert files["fr/articles/a/fig.png"] == FIG
    # the English version has no body: its page shows the French teaser, and so its figure
    assert 'src="fig.png"' in page(out, "en/articles/a")
    assert files["en/articles/a/fig.png"] == FIG


def test_links_to_sources_documents_and_the_full_pdf_publish_nothing(published):
    out, files = published
    for rel in files:
        name = rel.rsplit("/", 1)[-1]
        assert not name.endswith((".md", ".docx", ".zip")), rel
        assert not name.startswith(("full", "secret")), rel
    assert SECRET not in files.values()
    assert not any(data == b"\x89PNG secret" for data in files.values())
    assert "secret-fig.png" not in page(out, "fr/articles/a")


def test_a_free_articles_local_pdf_is_published_and_linked(published):
    out, files = published
    assert files["fr/articles/b/file.pdf"] == b"%PDF-1.4 free"
    assert 'href="file.pdf"' in page(out, "fr/articles/b")
    assert files["fr/articles/b/figs/free.png"] == b"\x89PNG free"
    assert [rel for rel in files if rel.endswith(".pdf")] == ["fr/articles/b/file.pdf"]


def test_a_paywalled_articles_local_pdf_is_neither_published_nor_linked(published):
    out, files = published
    html = page(out, "fr/articles/c")
    assert "full-c.pdf" not in html
    assert not any(rel.endswith("full-c.pdf") for rel in files)
    beside = {rel for rel in files if rel.startswith("fr/articles/c/")}
    assert beside == {"fr/articles/c/index.html", "fr/articles/c/c.ris", "fr/articles/c/c.bib"}  # the page and its reference


@pytest.mark.parametrize("how", ["symlinked-file", "symlinked-folder"])
def test_a_figure_that_links_outside_content_is_an_error_and_is_not_published(tmp_path: Path, how: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG from outside")
    ref = "fig.png" if how == "symlinked-file" else "figs/secret.png"
    text = A_FR.replace("fig.png", ref).replace("[le texte intégral](full.pdf),", "")
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": text})
    arts = site / "content/articles"
    if how == "symlinked-file":
        (arts / "fig.png").symlink_to(outside / "secret.png")
    else:
        (arts / "figs").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".diptych-output").write_text("public\n", encoding="utf-8")
    (out / "old.html").write_text("previous\n", encoding="utf-8")
    before = snapshot(out)
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    name = ref.rsplit("/", 1)[-1] if how == "symlinked-file" else "secret.png"
    assert any(
        line.startswith(f"content/articles/a.fr.md:9: '{name}' is a symbolic link or lies outside content/")
        for line in result.stderr.splitlines()
    ), result.stderr
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.*"))  # no staging folder left


def test_a_missing_figure_is_an_error_not_a_traceback(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/articles/a.fr.md": A_FR})
    out = tmp_path / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/articles/a.fr.md:9: cannot publish 'fig.png' beside this article" in result.stderr  # the figure's line
    assert not out.exists()


FRONT = "---\ntitle: Titre\nabstract: Résumé.\ndate: 2020-01-01\n{extra}---\n"


def article(extra: str = "", text: str = "Texte.\n") -> str:
    return FRONT.format(extra=extra) + text


def test_a_shared_local_pdf_is_found_beside_the_version_that_names_it(tmp_path: Path) -> None:
    files = {
        "content/articles/fr/a.fr.md": article("access: free\npdf: texte.pdf\n"),
        "content/articles/en/a.en.md": "---\ntitle: Title\nabstract: Abstract.\n---\nText.\n",
    }
    site = write_site(tmp_path / "site", files)
    (site / "content/articles/fr/texte.pdf").write_bytes(b"%PDF-1.4 free text")
    result = run_build("--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for lang in ("fr", "en"):
        page = next((tmp_path / "out" / lang / "articles").glob("a/index.html"))
        assert (page.parent / "texte.pdf").read_bytes() == b"%PDF-1.4 free text"
        assert 'href="texte.pdf"' in page.read_text(encoding="utf-8")


# ---- withheld headings in the outline ------------------------------------------------------------------------------

D_FR = """\
---
title: Un plan
abstract: Un résumé.
date: 2019-06-01
---
Un.

<!-- paywall -->

## See [secret text](https://secret.example/url) and ![alt text](img.png)

Deux.

## Then <img src="x.png" onerror="alert(1)"> **bold** [ref][r] <https://auto.example/>

[r]: https://refdef.example/

<!--
## COMMENTHEAD
-->

<pre>
## PREHEAD
</pre>

<div>
## DIVHEAD
</div>

```
## FENCEHEAD
```

~~~
### TILDEHEAD
~~~

    ## INDENTHEAD

#### FOURHEAD

##### FIVEHEAD

###### SIXHEAD

Fin.
"""


@pytest.fixture(scope="module")
def outline_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("outline")
    site = write_site(root / "site", {"content/articles/d.fr.md": D_FR})
    out = root / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return page(out, "fr/articles/d")


def outline_of(html: str) -> str:
    found = re.search(r'<nav class="outline".*?</nav>', html, re.S)
    assert found, html
    return found[0]


def test_a_withheld_heading_shows_its_words_only(outline_page: str):
    nav = outline_of(outline_page)
    text = re.sub(r"<[^>]+>", "", nav)
    assert "See" in text and "secret text" in text
    assert "bold" in text
    for address in ("secret.example", "img.png", "refdef.example"):
        assert address not in outline_page, address
    # raw HTML in a heading is shown as text, never as a tag
    assert "<img" not in nav and not re.search(r"<[a-z][^>]*\bonerror", outline_page)
    assert not re.search(r"<img[^>]*x\.png", outline_page)
    links = re.findall(r"<a\b[^>]*>", nav)
    assert all('href="#' in link for link in links), links  # only in-page anchors, none to a withheld heading


@pytest.mark.parametrize(
    "word", ["COMMENTHEAD", "PREHEAD", "DIVHEAD", "FENCEHEAD", "TILDEHEAD", "INDENTHEAD", "FIVEHEAD", "SIXHEAD"]
)
def test_headings_hidden_in_code_comments_html_or_too_deep_stay_out(outline_page: str, word: str):
    assert word not in outline_page


def test_a_withheld_level_four_heading_is_in_the_outline(outline_page: str):
    assert "FOURHEAD" in outline_of(outline_page)
    assert "Deux" not in outline_page and "Fin." not in outline_page


# ---- ids -----------------------------------------------------------------------------------------------------------

IDS = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""")


def built_page(tmp_path: Path, body: str, rel: str = "fr/articles/e") -> str:
    text = "---\ntitle: Des ids\nabstract: Un résumé.\ndate: 2019-06-01\naccess: free\n---\n" + body
    site = write_site(tmp_path / "site", {"content/articles/e.fr.md": text})
    out = tmp_path / "out"
    result = run_build("--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return page(out, rel)


def assert_unique_ids(html: str) -> None:
    ids = Counter(IDS.findall(html))
    assert ids, html
    assert not [i for i, n in ids.items() if n > 1], ids


def test_raw_html_ids_of_the_page_are_dropped(tmp_path: Path):
    html = built_page(
        tmp_path,
        'Texte<sup id="notice">1</sup> et <span id="teaser">x</span>.\n\n'
        '<h2 id="outline">Un titre brut</h2>\n\n'
        '<ul>\n<li id="main">un</li>\n<li id="abstract-fr">deux</li>\n</ul>\n\n'
        "## Notice\n\nNote[^1].\n\n[^1]: Une note.\n",
    )
    assert "Un titre brut" in html and "<li>un</li>" in html
    assert_unique_ids(html)
    assert 'id="notice-2"' in html  # the heading "Notice" does not take the theme's id


def test_raw_html_cannot_take_a_heading_anchor(tmp_path: Path):
    html = built_page(tmp_path, '## Méthode\n\nTexte.\n\n<h3 id="methode">Brut</h3>\n\n<p id="methode">x</p>\n')
    assert 'id="methode"' in html
    assert_unique_ids(html)


def test_raw_html_cannot_take_a_footnote_id(tmp_path: Path):
    html = built_page(
        tmp_path, 'Texte[^1].\n\n<ul>\n<li id="fn:1">faux</li>\n</ul>\n\n<sup id="fnref:1">faux</sup>\n\n[^1]: Une note.\n'
    )
    assert 'id="fn:1"' in html
    assert_unique_ids(html)
