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
