"""A site in memory holds its articles' front matter, not their bodies (models.Body): a body is read from its file when
a page renders it, exactly as load read and checked it, and a file changed in between is an error, never a text the
checks (the paywall's split among them) did not see."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import diptych
import diptych.produce
from diptych.errors import BuildFailed
from diptych.load.body import read_body
from tests.conftest import ROOT, snapshot
from tests.site.test_leak import WITHHELD

PHARES = "content/articles/phares.fr.md"  # free: its pages render its whole body


def sample(into: Path) -> Path:
    into.mkdir(parents=True)
    shutil.copyfile(ROOT / "site.yaml", into / "site.yaml")
    shutil.copytree(ROOT / "content", into / "content")
    return into


def test_the_loaded_site_holds_no_body() -> None:
    site = diptych.prepare(ROOT).site
    held = pickle.dumps(site)
    body = next(v for a in site.articles for v in a.versions.values() if v.where.path.as_posix() == PHARES).body
    assert read_body(ROOT, body).startswith("\nSur les quarante-trois îlots")
    assert "quarante-trois îlots de l’Archipel des Brumes se dressent".encode() not in held, "a free body is in memory"
    for sentence in WITHHELD:
        assert sentence.encode() not in held, f"a withheld sentence is in memory: {sentence[:40]}"


def test_a_body_changed_after_loading_is_an_error_at_its_file(tmp_path: Path) -> None:
    site = sample(tmp_path / "site")
    prepared = diptych.prepare(site)
    version = next(v for a in prepared.site.articles for v in a.versions.values() if v.where.path.as_posix() == PHARES)
    path = site / PHARES
    path.write_text(path.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        read_body(site, version.body)
    assert [str(e) for e in failed.value.errors] == [
        f"{PHARES}:{version.body_line}: the file changed while the site was being built: build again"
    ]
    path.unlink()
    with pytest.raises(BuildFailed) as failed:
        read_body(site, version.body)
    assert str(failed.value.errors[0]).startswith(f"{PHARES}:{version.body_line}: ")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_whose_file_changes_before_its_pages_render_fails_and_keeps_the_output(
    tmp_path: Path, monkeypatch, jobs: int
) -> None:
    site = sample(tmp_path / "site")
    out = tmp_path / "out"
    diptych.build(site, out, cache=False)
    before = snapshot(out)
    path = site / PHARES
    render = diptych.produce.write_site

    def edited_meanwhile(*args, **kwargs):  # a publisher saving while the build runs, after it loaded the site
        path.write_text(path.read_text(encoding="utf-8").replace("six phares", "sept phares"), encoding="utf-8")
        return render(*args, **kwargs)

    monkeypatch.setattr(diptych.produce, "write_site", edited_meanwhile)
    with pytest.raises(BuildFailed) as failed:
        diptych.build(site, out, cache=False, jobs=jobs)
    assert any(
        str(e).startswith(f"{PHARES}:") and "changed while the site was being built" in str(e) for e in failed.value.errors
    ), [str(e) for e in failed.value.errors]
    assert snapshot(out) == before
