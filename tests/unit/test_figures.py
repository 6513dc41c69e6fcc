"""Local figures get their width and height, read from their files, so pages do not shift as images arrive."""

from __future__ import annotations

import shutil
from pathlib import Path

from diptych.figures import is_figure, sized
from diptych.load.beside import sizes
from tests.conftest import ROOT

PNG = ROOT / "content" / "articles" / "phare-schema.png"  # 480 × 200


def test_sizes_are_read_from_the_files_under_a_folder(tmp_path: Path) -> None:
    (tmp_path / "figs").mkdir()
    shutil.copy(PNG, tmp_path / "figs" / "a.png")
    shutil.copy(PNG, tmp_path / "b.PNG")
    (tmp_path / "broken.png").write_bytes(b"not an image")
    (tmp_path / "notes.txt").write_text("x")
    assert sizes(tmp_path) == {"figs/a.png": (480, 200), "b.PNG": (480, 200)}


def test_img_tags_of_known_figures_get_their_size() -> None:
    known = {"figs/a.png": (480, 200), "é.png": (10, 20)}
    fragment = (
        '<p><img alt="A" src="figs/a.png"> <img src="other.png"> <img src="https://x.org/a.png">'
        '<img src="figs/a.png" width="100"><img alt="e" src="&#233;.png" /></p>'
    )
    assert sized(fragment, known) == (
        '<p><img alt="A" src="figs/a.png" width="480" height="200"> <img src="other.png"> '
        '<img src="https://x.org/a.png"><img src="figs/a.png" width="100">'
        '<img alt="e" src="&#233;.png" width="10" height="20"/></p>'
    )


def test_what_counts_as_a_figure_beside_an_article() -> None:
    assert is_figure("figs/a.png") and is_figure("b.JPG")
    assert not is_figure("../a.png") and not is_figure("/static/a.png") and not is_figure("https://x.org/a.png")
    assert not is_figure("article.pdf") and not is_figure("figs/")


def test_the_sample_figure_has_its_size_on_its_page(sample_output: Path) -> None:
    page = (sample_output / "fr/articles/phares-archipel-des-brumes/index.html").read_text(encoding="utf-8")
    assert 'src="phare-schema.png" width="480" height="200"' in page
