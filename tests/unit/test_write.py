"""write: pages streamed into a staging folder, then swapped in whole; a failure leaves output/ as it was."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

import diptych.write
import diptych.write.staging
from diptych import build
from diptych.edition import Edition
from diptych.errors import BuildFailed
from diptych.write import MARK, WORKING, Staging, check_output_folder, remove_later, replace_output, retired_folder, write_whole
from tests.conftest import ROOT, snapshot, write_site


def files(*names: str, content: bytes = b"new") -> list[tuple[PurePosixPath, bytes]]:
    return [(PurePosixPath(name), content) for name in names]


def siblings(out: Path) -> list[str]:
    """What else than `out` sits in its parent: staging or retired folders left behind."""
    return sorted(p.name for p in out.parent.iterdir() if p != out)


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder from an earlier build."""
    out = tmp_path / "output"
    replace_output(files("index.html", "fr/index.html", "fr/articles/x/index.html", content=b"old"), out, Edition.PUBLIC)
    return out


def test_replace_output_writes_every_file_and_marks_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    count = replace_output(files("index.html", "fr/articles/x/index.html"), out, Edition.PUBLIC)
    assert count == 2
    assert snapshot(out) == {"index.html": b"new", "fr/articles/x/index.html": b"new", MARK: b"public\n"}
    assert siblings(out) == []


def test_pages_go_to_a_staging_folder_and_output_changes_only_at_the_swap(previous: Path) -> None:
    before = snapshot(previous)
    seen_while_streaming: list[tuple[dict[str, bytes], list[str]]] = []

    def stream() -> Iterator[tuple[PurePosixPath, bytes]]:
        yield PurePosixPath("index.html"), b"new"
        seen_while_streaming.append((snapshot(previous), siblings(previous)))
        yield PurePosixPath("en/index.html"), b"new"

    replace_output(stream(), previous, Edition.PUBLIC)
    during, beside = seen_while_streaming[0]
    assert during == before  # nothing written into output/ while pages stream
    assert len(beside) == 1 and beside[0].startswith(f".output.{WORKING}-")  # they go beside it
    assert snapshot(previous) == {"index.html": b"new", "en/index.html": b"new", MARK: b"public\n"}
    assert siblings(previous) == []  # the staging folder became output/, the old one is gone


def test_a_generator_failing_mid_stream_leaves_output_byte_identical(previous: Path) -> None:
    before = snapshot(previous)

    def stream() -> Iterator[tuple[PurePosixPath, bytes]]:
        yield PurePosixPath("index.html"), b"half"
        yield PurePosixPath("fr/index.html"), b"half"
        raise RuntimeError("a template failed on the third page")

    with pytest.raises(RuntimeError, match="third page"):
        replace_output(stream(), previous, Edition.PUBLIC)
    assert snapshot(previous) == before
    assert siblings(previous) == []


def test_a_write_error_is_a_build_failure_and_leaves_output_as_it_was(previous: Path) -> None:
    before = snapshot(previous)
    # a file, then a folder of the same name: the second write cannot happen
    stream = files("fr/index.html/oops", content=b"x")
    with pytest.raises(BuildFailed) as failed:
        replace_output([(PurePosixPath("fr/index.html"), b"x"), *stream], previous, Edition.PUBLIC)
    assert "left as it was" in str(failed.value.errors[0])
    assert snapshot(previous) == before
    assert siblings(previous) == []


# A build killed while it writes: its staging folder stays, half full (os._exit runs no cleanup, as SIGKILL).
KILLED = """
import os, sys
from pathlib import Path, PurePosixPath
from diptych.edition import Edition
from diptych.write import Staging
staging = Staging(Path(sys.argv[1]), Edition.PUBLIC).__enter__()
staging.write(PurePosixPath("fr/index.html"), b"half")
os._exit(9)
"""


def killed_build(out: Path) -> None:
    subprocess.run([sys.executable, "-c", KILLED, str(out)], cwd=ROOT, check=False)


def test_leftovers_of_a_killed_build_are_cleaned_up(previous: Path) -> None:
    killed_build(previous)
    assert len(siblings(previous)) == 1
    replace_output(files("index.html"), previous, Edition.PUBLIC)
    assert siblings(previous) == []
    assert snapshot(previous) == {"index.html": b"new", MARK: b"public\n"}


def test_a_publishers_folders_beside_the_output_are_left_alone(previous: Path) -> None:
    """`.output.old/` and `.output.staging-x/` are names a publisher may give a backup or a draft, mark included (a
    copy of the output); a folder named as diptych names its own but without its mark is not diptych's either."""
    parent = previous.parent
    shutil.copytree(previous, parent / ".output.old")
    (parent / ".output.staging-x").mkdir()
    (parent / ".output.staging-x" / "draft.html").write_bytes(b"mine")
    (parent / f".output.{WORKING}-y").mkdir()
    (parent / f".output.{WORKING}-y" / "notes.txt").write_bytes(b"mine too")
    theirs = {name: snapshot(parent / name) for name in siblings(previous)}
    killed_build(previous)  # and one leftover of diptych's own, among them
    replace_output(files("index.html"), previous, Edition.PUBLIC)
    assert {name: snapshot(parent / name) for name in siblings(previous)} == theirs


def test_a_publishers_old_folder_is_not_taken_for_a_previous_output(tmp_path: Path) -> None:
    """No output/, and a `.output.old/` with an output's mark (the publisher's copy): not the half of an interrupted
    swap that a build puts back, then retires."""
    replace_output(files("index.html", content=b"kept"), tmp_path / "copied", Edition.PUBLIC)
    (tmp_path / "copied").rename(tmp_path / ".output.old")
    before = snapshot(tmp_path / ".output.old")
    replace_output(files("index.html"), tmp_path / "output", Edition.PUBLIC)
    assert snapshot(tmp_path / ".output.old") == before


def test_an_interrupted_two_rename_swap_gets_its_output_back(tmp_path: Path) -> None:
    out = tmp_path / "output"
    retired = retired_folder(out)  # killed after output/ was renamed away, before staging took its place
    retired.mkdir()
    (retired / "index.html").write_bytes(b"old")
    (retired / MARK).write_text("public\n")
    assert check_output_folder(out, tmp_path / "site", Edition.PUBLIC) == []
    replace_output(files("index.html"), out, Edition.PUBLIC)
    assert snapshot(out) == {"index.html": b"new", MARK: b"public\n"}
    assert siblings(out) == []


def test_a_build_started_while_the_previous_outputs_remover_runs_removes_it_alongside(tmp_path: Path) -> None:
    """The previous output, handed to the background remover at a swap, is still being deleted when the next build
    starts: the next build removes it too, at the same time, and neither minds what the other removed first."""
    out = tmp_path / "output"
    replace_output(files(*(f"fr/articles/a{i}/index.html" for i in range(3000)), content=b"old"), out, Edition.PUBLIC)
    with Staging(out, Edition.PUBLIC) as staging:
        staging.write(PurePosixPath("index.html"), b"new")
        staging.swap(remove_later)  # the 3000 folders of the previous output, deleted by a process of its own
    assert len(siblings(out)) == 1  # still there: the remover has barely started
    replace_output(files("index.html", content=b"newer"), out, Edition.PUBLIC)  # the next build, at once
    assert snapshot(out) == {"index.html": b"newer", MARK: b"public\n"}
    assert siblings(out) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["exchanged", "two-renames"])
def test_the_previous_output_is_closed_to_other_users_at_the_swap(
    previous: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """Set aside at the swap, the previous output (it may hold the full text of an article paywalled since) is
    readable by its owner only before it is handed to the remover, which may take seconds, or fail."""
    if not exchange:
        monkeypatch.setattr(diptych.write.staging, "_exchange", lambda a, b: False)  # as where renameat2 is missing
    old = snapshot(previous)
    handed: list[tuple[int, dict[str, bytes]]] = []
    with Staging(previous, Edition.PUBLIC) as staging:
        staging.write(PurePosixPath("index.html"), b"new")
        staging.swap(lambda folder: handed.append((stat.S_IMODE(folder.stat().st_mode), snapshot(folder))))
    assert handed == [(0o700, old)]
    assert stat.S_IMODE(previous.stat().st_mode) == 0o755  # the new output, for the web server


# --- which folders a build may replace ---------------------------------------------------------


def test_refuses_another_editions_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    replace_output(files("index.html"), out, Edition.FULL)
    errors = check_output_folder(out, tmp_path / "site", Edition.PUBLIC)
    assert len(errors) == 1
    assert "'full'" in errors[0].message and "'public'" in errors[0].message
    assert check_output_folder(out, tmp_path / "site", Edition.FULL) == []


def test_refuses_a_folder_diptych_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.odt").write_bytes(b"precious")
    errors = check_output_folder(out, tmp_path / "site", Edition.PUBLIC)
    assert len(errors) == 1 and MARK in errors[0].message


def test_refuses_the_site_folder_or_a_parent_of_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert check_output_folder(site, site, Edition.PUBLIC)
    assert check_output_folder(tmp_path, site, Edition.PUBLIC)


def test_accepts_a_missing_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert check_output_folder(tmp_path / "empty", tmp_path / "site", Edition.PUBLIC) == []
    assert check_output_folder(tmp_path / "missing", tmp_path / "site", Edition.PUBLIC) == []


SITE = {
    "content/articles/a.fr.md": "---\ntitle: Un\nabstract: Résumé.\ndate: 2019-06-12\naccess: free\n---\n\nTexte.\n",
}


def test_a_build_refuses_to_write_the_public_edition_over_the_full_one(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", SITE)
    out = tmp_path / "out"
    build(site, out)
    (out / ".diptych-output").write_text("full\n", encoding="utf-8")  # as the subscriber edition will mark its folder
    before = snapshot(out)
    with pytest.raises(BuildFailed) as failed:
        build(site, out)
    assert any("'full' edition" in e.message for e in failed.value.errors)
    assert snapshot(out) == before


def test_a_template_failing_mid_build_leaves_the_previous_output(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", SITE)
    out = tmp_path / "out"
    build(site, out)
    before = snapshot(out)
    # the article renders after the home pages and lists; its template now fails at render time
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text('{% extends "base.html" %}{% block main %}{{ article.nope }}{% endblock %}')
    with pytest.raises(BuildFailed):
        build(site, out)
    assert snapshot(out) == before
    assert siblings(out) == ["site"]


@pytest.mark.parametrize("no_links", [None, errno.EPERM, errno.EOPNOTSUPP])
def test_an_exclusive_write_never_replaces_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_links: int | None) -> None:
    """A hard link, which fails where the name exists; where the file system has none (FAT, some network shares,
    os.link failing with `no_links`), a file created with O_EXCL: never over a file, and no temporary file left."""
    if no_links is not None:

        def refused(source: object, target: object) -> None:
            raise OSError(no_links, os.strerror(no_links))

        monkeypatch.setattr(os, "link", refused)
    target = tmp_path / "site.yaml"
    write_whole(target, b"new", exclusive=True)
    assert target.read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        write_whole(target, b"other", exclusive=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]


def test_an_unknown_edition_is_named_as_before() -> None:
    from diptych.edition import Edition

    with pytest.raises(ValueError, match=r"^unknown edition 'Full'$"):
        Edition("Full")
    assert Edition("full") is Edition.FULL and Edition(Edition.PUBLIC) is Edition.PUBLIC
