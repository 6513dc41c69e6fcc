"""import-jats writes its files all or none: a folder it cannot make, a file come meanwhile, a write that fails
half way are an error at their path, with what was written undone and what was replaced put back; a file that
holds the text already is left as it is."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from diptych import cli
from diptych.jats_import import import_files, write
from diptych.write import files as write_files
from tests.conftest import ROOT, snapshot

SAMPLES = ROOT / "tests" / "unit" / "jats_samples"
OJS = SAMPLES / "ojs.xml"


def _imported() -> dict[str, str]:
    files, _, errors = import_files([(str(OJS), OJS.read_bytes())])
    assert not errors
    return files


def test_into_a_path_under_a_file_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert cli.main(["import-jats", str(OJS), "--into", str(blocker / "site")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{blocker}: is a file where a folder must be: nothing written" in err.splitlines(), err
    assert err.splitlines()[-1] == "import-jats: 1 error(s); nothing written"
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_a_file_come_meanwhile_is_never_replaced_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _imported()
    site = tmp_path / "site"
    late = sorted(files)[-1]  # checked absent, then written by someone else just before the import writes it
    real = write_files.write_whole

    def someone_writes_first(path: Path, data: bytes, mode: int | None = None, *, exclusive: bool = False) -> None:
        if path == site / late:
            path.write_text("theirs", encoding="utf-8")
        real(path, data, mode, exclusive=exclusive)

    monkeypatch.setattr(write_files, "write_whole", someone_writes_first)
    errors = write(files, site)
    assert [str(e) for e in errors] == [f"{site / late}: appeared while the import was writing: not replaced"]
    assert snapshot(site) == {late: b"theirs"}  # theirs kept, none of the import's files left
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()) == sorted(
        {Path(late).parents[i].as_posix() for i in range(len(Path(late).parents) - 1)}
    )  # only the folders its file needs: the import's own are removed


def test_a_write_failing_half_way_with_force_puts_back_what_it_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _imported()
    site = tmp_path / "site"
    first, last = sorted(files)[0], sorted(files)[-1]
    (site / first).parent.mkdir(parents=True, exist_ok=True)
    (site / first).write_text("mine", encoding="utf-8")
    before = snapshot(site)
    real = write_files.write_whole

    def disk_full_at_the_last(path: Path, data: bytes, mode: int | None = None, *, exclusive: bool = False) -> None:
        if path == site / last:
            raise OSError(28, "No space left on device")
        real(path, data, mode, exclusive=exclusive)

    monkeypatch.setattr(write_files, "write_whole", disk_full_at_the_last)
    errors = write(files, site, force=True)
    assert [str(e) for e in errors] == [f"{site / last}: cannot be written: No space left on device"]
    assert snapshot(site) == before  # "mine" put back, the new files gone


def test_a_file_holding_the_text_already_is_not_written_again(tmp_path: Path) -> None:
    files = _imported()
    site = tmp_path / "site"
    assert write(files, site) == []
    inodes = {rel: (site / rel).stat().st_ino for rel in files}
    assert write(files, site) == []  # the same import again, without --force: nothing differs, nothing written
    assert {rel: (site / rel).stat().st_ino for rel in files} == inodes


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_failed_write_with_force_gives_back_the_very_file_even_on_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    """What --force replaced comes back as itself (its inode: its permissions and other links), and without a write:
    a disk full at the last file is still full when the import undoes its work. On a file system without hard
    links the replaced file is kept aside by renaming it, with the same result."""
    files = _imported()
    site = tmp_path / "site"
    first, last = sorted(files)[0], sorted(files)[-1]
    mine = site / first
    mine.parent.mkdir(parents=True)
    mine.write_text("mine", encoding="utf-8")
    mine.chmod(0o600)
    os.link(mine, tmp_path / "another-name")
    before = (mine.stat().st_ino, mine.stat().st_mode, mine.stat().st_nlink)
    real = write_files.write_whole
    full = []

    def disk_full_from_the_last_on(path: Path, data: bytes, mode: int | None = None, *, exclusive: bool = False) -> None:
        if path == site / last or full:
            full.append(path)
            raise OSError(28, "No space left on device")
        real(path, data, mode, exclusive=exclusive)

    monkeypatch.setattr(write_files, "write_whole", disk_full_from_the_last_on)
    if not hard_links:

        def refused(source: object, target: object) -> None:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(os, "link", refused)
    errors = write(files, site, force=True)
    assert [str(e) for e in errors] == [f"{site / last}: cannot be written: No space left on device"]
    assert full == [site / last]  # nothing written to undo the work
    assert mine.read_text(encoding="utf-8") == "mine"
    assert (mine.stat().st_ino, mine.stat().st_mode, mine.stat().st_nlink) == before
    assert snapshot(site) == {first: b"mine"}  # no file of the import, nothing kept aside, left


@pytest.mark.parametrize("force", [False, True])
def test_a_file_where_a_folder_must_be_is_said_as_such(tmp_path: Path, force: bool) -> None:
    files = _imported()
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "issues").write_text("i am a file", encoding="utf-8")
    before = snapshot(site)
    errors = write(files, site, force=force)
    assert [str(e) for e in errors] == [f"{site / 'content' / 'issues'}: is a file where a folder must be: nothing written"]
    assert snapshot(site) == before


@pytest.mark.parametrize("target", ["elsewhere", "nowhere"])
def test_a_symbolic_link_where_a_folder_must_be_is_not_followed(tmp_path: Path, target: str) -> None:
    """content/ as a link would take the import's files out of --into (`init` refuses such links too)."""
    files = _imported()
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    if target == "elsewhere":
        elsewhere.mkdir()
    site.mkdir()
    (site / "content").symlink_to(elsewhere)
    errors = write(files, site, force=True)
    assert [str(e) for e in errors] == [
        f"{site / 'content'}: is a symbolic link where a folder must be: not followed, nothing written"
    ]
    assert not elsewhere.exists() or not any(elsewhere.iterdir())
    assert sorted(p.name for p in site.iterdir()) == ["content"]


def test_a_name_the_file_system_refuses_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    long = "a" * 300 + ".fr.md"
    errors = write({f"content/articles/{long}": "---\ntitle: T\n---\n"}, tmp_path / "site")
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'site' / 'content' / 'articles' / long}: cannot be written: File name too long"
    ]
    assert not (tmp_path / "site").exists()


def test_a_folder_reached_through_a_symbolic_link_above_into_is_written(tmp_path: Path) -> None:
    """A link above --into is the publisher's own way to their folder (a linked home, macOS's /tmp): followed."""
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    files = _imported()
    assert write(files, tmp_path / "linked" / "site") == []
    assert snapshot(tmp_path / "real" / "site").keys() == files.keys()


def test_init_writes_through_a_symbolic_link_above_its_folder(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    write_files.write_new(tmp_path / "linked" / "journal", {"site.yaml": b"x", "content/a.md": b"y"})
    assert snapshot(tmp_path / "real" / "journal") == {"site.yaml": b"x", "content/a.md": b"y"}


def _full_at(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """write_whole fails with a full disk at the file named `name`."""
    real = write_files.write_whole

    def full(path: Path, data: bytes, mode: int | None = None, *, exclusive: bool = False) -> None:
        if path.name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data, mode, exclusive=exclusive)

    monkeypatch.setattr(write_files, "write_whole", full)


def _state(folder: Path) -> dict[str, bytes | str]:
    """Every file by its bytes, every symbolic link by where it leads."""
    return {p.relative_to(folder).as_posix(): os.readlink(p) if p.is_symlink() else p.read_bytes() for p in folder.rglob("*")}


@pytest.mark.parametrize("target", ["elsewhere", "nowhere"])
def test_a_failed_write_all_puts_back_a_symbolic_link_it_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """A link where a file is to be replaced is replaced, not followed; on a failure the link itself comes back."""
    site = tmp_path / "site"
    site.mkdir()
    if target == "elsewhere":
        (tmp_path / target).write_bytes(b"theirs")
    (site / "a.md").symlink_to(tmp_path / target)
    before = _state(site)
    _full_at(monkeypatch, "z.md")
    with pytest.raises(write_files.NewFilesFailed):
        write_files.write_all(site, {"a.md": b"new", "z.md": b"z"}, new=set())
    assert _state(site) == before
    assert target == "nowhere" or (tmp_path / target).read_bytes() == b"theirs"


def test_a_file_named_twice_comes_back_as_it_was_after_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two names of one file (a/b and a/./b; A and a on a case-insensitive disk): each write sets aside what it
    replaces, and a failure puts back the first one's, the publisher's file."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_bytes(b"mine")
    _full_at(monkeypatch, "z.md")
    with pytest.raises(write_files.NewFilesFailed):
        write_files.write_all(site, {"a.md": b"one", "./a.md": b"two", "z.md": b"z"}, new=set())
    assert _state(site) == {"a.md": b"mine"}


def test_a_file_kept_aside_by_a_killed_run_is_left_alone(tmp_path: Path) -> None:
    """A run killed before it put back what it replaced leaves the publisher's file under its hidden name, the same
    name a later run of the same process id (a container's) would choose: never removed, nor written over."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_bytes(b"killed run's")
    left = site / f".a.md.{os.getpid()}.kept"
    left.write_bytes(b"mine")
    write_files.write_all(site, {"a.md": b"new"}, new=set())
    assert _state(site) == {"a.md": b"new", left.name: b"mine"}


def test_a_file_that_cannot_be_put_back_is_said_and_the_others_are_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undoing a failed --force can fail too (a disk gone read-only): every other replaced file is still put back,
    and the one that is not is an error saying where its former text is kept; never a traceback."""
    files = _imported()
    site = tmp_path / "site"
    first, second, last = sorted(files)[0], sorted(files)[1], sorted(files)[-1]
    for rel in (first, second):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"mine: {rel}", encoding="utf-8")
    _full_at(monkeypatch, Path(last).name)
    replace = os.replace

    def second_not_put_back(source: str | Path, target: str | Path) -> None:
        if Path(target) == site / second and str(source).endswith(".kept"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        replace(source, target)

    monkeypatch.setattr(os, "replace", second_not_put_back)
    errors = write(files, site, force=True)
    kept = f".{Path(second).name}.{os.getpid()}.kept"
    assert [str(e) for e in errors] == [
        f"{site / last}: cannot be written: No space left on device",
        f"{site / second}: not put back (Read-only file system): what was there is in {kept}",
    ]
    assert (site / first).read_text(encoding="utf-8") == f"mine: {first}"
    assert (site / second).with_name(kept).read_text(encoding="utf-8") == f"mine: {second}"
