"""The subscriber edition: full texts, pointing back to the public site, never mixed with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build, snapshot
from tests.site.test_leak import WITHHELD

CARTOGRAPHIE = "fr/articles/cartographier-archipel-des-brumes/index.html"


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("editions")
    public, full = root / "public", root / "full"
    for edition, out in (("public", public), ("full", full)):
        result = run_build("--site", ROOT, "--out", out, "--edition", edition)
        assert result.returncode == 0, result.stderr
    return public, full


def test_the_full_edition_holds_the_withheld_text_and_the_public_one_does_not(editions: tuple[Path, Path]) -> None:
    public, full = editions
    full_text = (full / CARTOGRAPHIE).read_text(encoding="utf-8")
    public_text = (public / CARTOGRAPHIE).read_text(encoding="utf-8")
    assert "Cette phrase est réservée aux abonnés." in full_text
    assert "Cette phrase est réservée aux abonnés." not in public_text
    assert "Il reste" not in full_text and "Il reste 71" in public_text  # no notice where the text is complete
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in full.rglob("*.html"))
    assert all(sentence in everything for sentence in WITHHELD[:6]), "a withheld sentence is missing from the full edition"


def test_every_full_page_is_noindex_and_points_to_its_public_page(editions: tuple[Path, Path]) -> None:
    _, full = editions
    pages = [p for p in full.rglob("*.html")]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex' in html, page
    html = (full / CARTOGRAPHIE).read_text(encoding="utf-8")
    public_url = "https://revue.example.org/fr/articles/cartographier-archipel-des-brumes/"
    assert f'<link rel="canonical" href="{public_url}">' in html
    assert f'<a href="{public_url}">La page publique</a>' in html


def test_a_teaser_only_version_stays_a_teaser_in_the_full_edition(editions: tuple[Path, Path]) -> None:
    _, full = editions
    html = (full / "fr/articles/relations-militaires-russie-belarus/index.html").read_text(encoding="utf-8")
    assert "Il reste 93\u202f% de l’article à lire" in html  # a narrow no-break space: French typography


def test_the_public_edition_is_unchanged_by_the_full_one(editions: tuple[Path, Path], tmp_path: Path) -> None:
    public, _ = editions
    again = tmp_path / "again"
    assert run_build("--site", ROOT, "--out", again).returncode == 0
    assert snapshot(again) == snapshot(public)


@pytest.mark.parametrize(("first", "second"), [("public", "full"), ("full", "public")])
def test_one_edition_is_never_written_over_the_other(tmp_path: Path, first: str, second: str) -> None:
    out = tmp_path / "out"
    assert run_build("--site", ROOT, "--out", out, "--edition", first).returncode == 0
    before = snapshot(out)
    result = run_build("--site", ROOT, "--out", out, "--edition", second)
    assert result.returncode == 1
    assert f"this folder holds the '{first}' edition; refusing to write the '{second}' edition over it" in result.stderr
    assert snapshot(out) == before


def test_without_out_the_full_edition_goes_to_its_own_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("site.yaml", "content"):
        (site / name).symlink_to(ROOT / name)
    assert run_build("--site", site).returncode == 0
    assert run_build("--site", site, "--edition", "full").returncode == 0
    assert (site / "output" / ".diptych-output").read_text() == "public\n"
    assert (site / "output-full" / ".diptych-output").read_text() == "full\n"


def test_jats_with_the_full_text_is_in_the_full_edition_only(editions: tuple[Path, Path]) -> None:
    """The JATS file of an article beside its full text's page: front matter only in the public edition, the body
    (withheld part included) in the subscriber edition."""
    public, full = editions
    rel = "fr/articles/cartographier-archipel-des-brumes/cartographier-archipel-des-brumes.xml"
    public_xml, full_xml = (public / rel).read_text(encoding="utf-8"), (full / rel).read_text(encoding="utf-8")
    assert "<article-meta>" in public_xml and "<body>" not in public_xml and "<back>" not in public_xml
    assert "<body>" in full_xml and WITHHELD[0] in full_xml
    assert not any(sentence in public_xml for sentence in WITHHELD)
