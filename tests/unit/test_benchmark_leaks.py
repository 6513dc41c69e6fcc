"""The benchmark's leak scan (scripts/benchmark/leaks.py) finds a withheld passage wherever an output file holds it:
in a page's markup, escaped in JSON, gzipped as Pagefind writes its files; and not a meeting of sentences that the
public text also has."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts" / "benchmark"))
import leaks  # noqa: E402

ARTICLE = """\
---
title: "Un article"
abstract: >-
  Le résumé dit tout. Les cartes mentent parfois aux marins.
access: paywalled
---
Le début est public. Il reste court ici.

<!-- paywall -->

Les phares du nord brillent encore la nuit. Les gardiens d'autrefois tenaient leurs registres avec soin. Les cartes mentent parfois aux marins.

## Une section

La suite du texte reste réservée aux abonnés. Personne ne la lit sans payer son dû[^1].

[^1]: Une note.
"""
PASSAGE = "brillent encore la nuit. Les gardiens d'autrefois tenaient"


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    site, out = tmp_path / "site", tmp_path / "out"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "content" / "articles" / "a.fr.md").write_text(ARTICLE, encoding="utf-8")
    (out / "fr" / "a").mkdir(parents=True)
    (out / "fr" / "a" / "index.html").write_text("<p>Le début est public. Il reste court ici.</p>", encoding="utf-8")
    return site, out


def test_the_passages_are_withheld_meetings_of_sentences_and_not_public_ones(corpus: tuple[Path, Path]) -> None:
    site, _ = corpus
    wanted, public = leaks.passages(site)
    assert PASSAGE in wanted
    assert "leurs registres avec soin. Les cartes mentent parfois" in wanted
    assert not any("Le début" in passage for passage in wanted), "a teaser's meeting is public"
    report = leaks.scan(*corpus)
    assert report["leak_count"] == 0 and report["left_out_as_public"] == 0 and report["passages"] == len(wanted)


def test_a_meeting_the_public_text_also_has_is_not_looked_for(corpus: tuple[Path, Path]) -> None:
    site, out = corpus
    public = site / "content" / "articles" / "b.fr.md"
    public.write_text("---\ntitle: b\n---\nTexte : brillent encore la nuit. Les gardiens d'autrefois tenaient bon.\n", "utf-8")
    (out / "b.html").write_text(f"<p>{PASSAGE}</p>", encoding="utf-8")
    report = leaks.scan(site, out)
    assert report["left_out_as_public"] == 1 and report["passages"] == len(leaks.passages(site)[0]) - 1
    assert report["leak_count"] == 0, "a public meeting of sentences is no leak"


@pytest.mark.parametrize(
    "written",
    [
        "<p>Les phares du nord <em>brillent</em> encore la&nbsp;nuit. Les gardiens d’autrefois tenaient leurs</p>",
        json.dumps({"content": "brillent encore la nuit. Les gardiens d’autrefois tenaient"}, ensure_ascii=True),
        "brillent\n  encore la\u202fnuit. Les gardiens d&#39;autrefois tenaient",
    ],
)
def test_a_withheld_passage_is_found_in_markup_json_and_gzip(corpus: tuple[Path, Path], written: str) -> None:
    site, out = corpus
    (out / "page.html").write_text(written, encoding="utf-8")
    (out / "pagefind" / "fragment").mkdir(parents=True)
    (out / "pagefind" / "fragment" / "x.pf_fragment").write_bytes(gzip.compress(leaks.MAGIC + written.encode()))
    report = leaks.scan(site, out)
    assert {path for path, _ in report["leaks"]} == {"page.html", "pagefind/fragment/x.pf_fragment"}
    assert report["leak_count"] == 2


# ---- after review: what the scan must also see, or not report ------------------------------------------------------

SECRET = "Les phares du nord brillent encore la nuit. Les gardiens d'autrefois tenaient leurs registres avec soin."
QUOTED = SECRET.replace("la nuit", 'la "nuit"')


def one_article(tmp_path: Path, body: str, access: str = "paywalled") -> tuple[Path, Path]:
    site, out = tmp_path / "site", tmp_path / "out"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://x.example\nlanguages: [fr]\n", encoding="utf-8")
    head = f'---\ntitle: "Un article"\nabstract: "Le résumé dit tout."\naccess: {access}\n---\n'
    (site / "content" / "articles" / "a.fr.md").write_text(head + body, encoding="utf-8")
    out.mkdir()
    return site, out


@pytest.mark.parametrize(
    ("body", "written"),
    [
        (f"Le début. Il est public.\n\n<!-- PAYWALL -->\n\n{SECRET}\n", f"<p>{SECRET}</p>"),
        (
            "Le début. Il est public.\n\n<!-- paywall -->\n\nQui tenait les registres des phares ? Les gardiens d'autrefois"
            " les tenaient avec soin ! Personne ne les lit plus aujourd'hui sans payer.\n",
            "<p>Qui tenait les registres des phares\u202f? Les gardiens d’autrefois les tenaient avec soin\u202f! Personne"
            " ne les lit plus aujourd’hui sans payer.</p>",
        ),
        (
            f"Le début. Il est public.\n\n<!-- paywall -->\n\n{QUOTED}\n",
            json.dumps({"text": QUOTED}),
        ),
    ],
    ids=["a marker in capitals", "sentences ending in ? and !", "quotes escaped in JSON"],
)
def test_a_leak_is_found_whatever_the_marker_case_the_sentence_ends_or_the_json_escapes(
    tmp_path: Path, body: str, written: str
) -> None:
    site, out = one_article(tmp_path, body)
    (out / "page.html").write_text(written, encoding="utf-8")
    report = leaks.scan(site, out)
    assert report["leak_count"] == len(leaks.passages(site)[0]) >= 1, "each withheld meeting of sentences is found"


def test_a_free_article_is_public_whole_even_with_a_marker(tmp_path: Path) -> None:
    site, out = one_article(tmp_path, f"Le début. Il est public.\n\n<!-- paywall -->\n\n{SECRET}\n", access="free")
    (out / "page.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    assert leaks.scan(site, out)["leak_count"] == 0
    assert leaks.passages(site)[0] == []


def test_an_astral_character_escaped_in_json_is_read_not_a_crash(tmp_path: Path) -> None:
    site, out = one_article(tmp_path, f"Le début. Il est public.\n\n<!-- paywall -->\n\n{SECRET}\n")
    (out / "data.json").write_text(json.dumps({"t": "𝔸 " + SECRET}, ensure_ascii=True), encoding="utf-8")
    assert leaks.scan(site, out)["leak_count"] == 1
