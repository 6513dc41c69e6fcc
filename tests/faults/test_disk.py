"""An output folder that cannot be written, and a full disk: exit 1, a clear message, no traceback, nothing lost.

Tests often run as root here, and chmod does not stop root from writing. Each permission test probes with a real
write first; when the probe gets through (root), the build is run as the unprivileged user `nobody` (setpriv), in a
folder `nobody` can reach, so that the permission really applies. Where that is impossible the test says so and skips.
Root-only ways to refuse writes (a read-only bind mount, a tiny tmpfs for a full disk) are used when mount works.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import diptych
from diptych.errors import BuildFailed
from diptych.write import WORKING
from tests.conftest import ROOT, snapshot
from tests.faults._helpers import NOBODY, as_nobody, assert_clean_failure, build_ok, is_root, leftovers, run, tiny_site


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Path]:
    """A folder every user can reach (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="diptych-faults-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def writes_through(folder: Path, prefix: list[str]) -> bool:
    """Does a write into `folder` succeed for the user the build will run as?"""
    probe = folder / ".probe"
    result = subprocess.run([*prefix, "sh", "-c", f"echo x > '{probe}'"], capture_output=True)
    if probe.exists():
        probe.unlink()
    return result.returncode == 0


def unprivileged(folder: Path) -> list[str]:
    """The prefix that runs a command so that chmod binds it: none when not root, `setpriv` to nobody as root."""
    if not is_root():
        return []
    prefix = as_nobody()
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    return prefix


def assert_cannot_write(result: subprocess.CompletedProcess[str], out: Path, before: dict[str, bytes] | None) -> None:
    assert_clean_failure(result, out, before)
    assert "cannot write the output: " in result.stderr, result.stderr


@pytest.mark.parametrize("chmodded", ["parent", "parent-and-output"])
def test_a_read_only_parent_folder_is_a_clear_error_and_the_output_stays(world: Path, chmodded: str) -> None:
    site = tiny_site(world / "site")
    parent = world / "parent"
    out = parent / "out"
    before = build_ok(site, out)
    prefix = unprivileged(parent)
    parent.chmod(0o555)
    if chmodded == "parent-and-output":
        out.chmod(0o555)
    assert not writes_through(parent, prefix), "the probe wrote into a 0o555 folder"
    result = run(site, out, prefix=prefix)
    assert_cannot_write(result, out, before)
    assert "Permission denied" in result.stderr, result.stderr
    print(f"read-only {chmodded}: {'as nobody (tests run as root)' if prefix else 'as this user'}: {result.stderr!r}")


def test_a_read_only_output_folder_in_a_writable_parent(world: Path) -> None:
    """The output folder itself is 0o555 (its parent is writable): the build may succeed, or fail clearly; either way
    nothing is lost and nothing stays beside it (the previous output, retired under a staging name, must go)."""
    site = tiny_site(world / "site")
    parent = world / "parent"
    out = parent / "out"
    before = build_ok(site, out)
    prefix = unprivileged(parent)
    out.chmod(0o555)
    assert not writes_through(out, prefix), "the probe wrote into a 0o555 folder"
    result = run(site, out, prefix=prefix)
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 0:
        assert snapshot(out) == before  # the same site: the same bytes
        assert leftovers(out) == [] or "warning" in result.stderr, (
            f"the build succeeded but silently left {leftovers(out)} beside {out.name}/ "
            f"(the previous, read-only output it could not delete); stderr: {result.stderr!r}"
        )
    else:
        assert_cannot_write(result, out, before)


def test_a_previous_output_holding_an_unlistable_folder_is_still_removed(world: Path) -> None:
    """A folder of the previous output that cannot be listed (0o300), as a publisher may leave one: the build that
    sets that output aside removes it whole, with no traceback (a retry of rmtree's os.open once crashed it)."""
    site = tiny_site(world / "site")
    parent = world / "parent"
    out = parent / "out"
    before = build_ok(site, out)
    (out / "drafts" / "old").mkdir(parents=True)
    (out / "drafts" / "old" / "index.html").write_bytes(b"<p>a draft</p>")
    prefix = unprivileged(parent)
    (out / "drafts").chmod(0o300)
    result = run(site, out, prefix=prefix)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == before
    assert leftovers(out) == [], leftovers(out)


def test_a_previous_output_that_cannot_be_removed_is_reported_and_closed(world: Path) -> None:
    """The previous output holds a folder its build's user cannot remove (root's, in a folder of nobody's): the build
    succeeds and says, in a warning, what stays and where; the folder is closed to other users; the next build
    tries again and says it again, and removes what it can (its own previous output)."""
    site = tiny_site(world / "site")
    parent = world / "parent"
    out = parent / "out"
    before = build_ok(site, out)
    prefix = unprivileged(parent)
    if not prefix:
        pytest.skip("needs root: to leave in the output a folder that the build's user cannot remove")
    (out / "fr" / "kept").mkdir()  # made by root after the chown: nobody can neither empty it nor open it up
    (out / "fr" / "kept" / "index.html").write_bytes(b"<p>the full text, before it was paywalled</p>")
    for attempt in ("the build that sets it aside", "the next build"):
        result = run(site, out, prefix=prefix)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
        assert snapshot(out) == before
        (left,) = leftovers(out)
        assert stat.S_IMODE((parent / left).stat().st_mode) == 0o700, attempt
        warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
        assert warnings == [
            f"{parent / left}: warning: diptych set this folder aside and could not remove it (Permission denied: "
            f"{parent / left / 'fr' / 'kept' / 'index.html'}); it may hold texts that are no longer public, and only "
            "its owner can read it: remove it by hand"
        ], (attempt, result.stderr)


def test_an_output_path_under_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    # works as root too: no permission can let a folder be made inside a file
    site = tiny_site(tmp_path / "site")
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a folder")
    result = run(site, blocker / "out")
    assert_cannot_write(result, blocker / "out", None)
    assert str(blocker) in result.stderr
    assert blocker.read_bytes() == b"not a folder"


def test_an_output_path_under_proc_is_a_clear_error(tmp_path: Path) -> None:
    # /proc refuses new folders even to root
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    site = tiny_site(tmp_path / "site")
    result = run(site, "/proc/diptych-faults/out")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1 and "cannot write the output: " in result.stderr, result.stderr


# ---- root-only: mounts ---------------------------------------------------------------------------------------------


def mount(*args: str) -> bool:
    return (
        is_root() and shutil.which("mount") is not None and subprocess.run(["mount", *args], capture_output=True).returncode == 0
    )


def umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_mount_is_a_clear_error_and_the_output_stays(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    parent = tmp_path / "parent"
    out = parent / "out"
    before = build_ok(site, out)
    if not mount("--bind", str(parent), str(parent)):
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(parent)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        assert not writes_through(parent, [])
        result = run(site, out)
        assert_cannot_write(result, out, before)
        assert "Read-only file system" in result.stderr, result.stderr
    finally:
        umount(parent)
    assert snapshot(out) == before


def test_a_full_disk_is_a_clear_error_and_the_output_stays__tmpfs(tmp_path: Path) -> None:
    """RAN ONLY WHERE `mount -t tmpfs` WORKS (root): a real 64 KiB file system, filled by the sample site's build."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)):
        pytest.skip("cannot mount a tmpfs here (needs root); see the simulated full disk below")
    try:
        out = disk / "out"
        out.mkdir()
        (out / "index.html").write_bytes(b"<p>the previous output</p>\n")  # tiny, as a first build would leave it
        (out / ".diptych-output").write_text("public\n", encoding="utf-8")
        before = snapshot(out)
        result = run(ROOT, out)
        assert_cannot_write(result, out, before)
        assert "No space left on device" in result.stderr, result.stderr
        free = os.statvfs(disk)
        assert free.f_bfree * free.f_frsize > 32 * 1024, "the failed build's staging folder still fills the disk"
        print(f"full disk (real tmpfs): {result.stderr!r}")
    finally:
        umount(disk)


# ---- everywhere: a full disk simulated in-process ---------------------------------------------------------------------


@pytest.mark.parametrize("after", [0, 1, 7, -1], ids=["first-file", "second-file", "eighth-file", "the-mark"])
def test_a_full_disk_is_a_clear_error_and_the_output_stays__simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """RAN EVERYWHERE: Path.write_bytes / write_text raise ENOSPC after `after` files (-1: only the last write, the
    folder's `.diptych-output` mark, fails) while diptych.build runs in this process."""
    site = tiny_site(tmp_path / "site")
    out = tmp_path / "parent" / "out"
    before = build_ok(site, out)
    written = [0]
    real_bytes, real_text = Path.write_bytes, Path.write_text

    def full(path: Path, real, data, *args, **kwargs):
        if f".{WORKING}-" in str(path):  # the staging folder
            is_mark = path.name == ".diptych-output"
            if (after == -1 and is_mark) or (after >= 0 and written[0] >= after):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            written[0] += 1
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", lambda self, data: full(self, real_bytes, data))
    monkeypatch.setattr(Path, "write_text", lambda self, data, *a, **k: full(self, real_text, data, *a, **k))
    with pytest.raises(BuildFailed) as failed:
        diptych.build(site, out)
    monkeypatch.undo()
    messages = [str(error) for error in failed.value.errors]
    assert len(messages) == 1 and "cannot write the output: No space left on device" in messages[0], messages
    assert written[0] >= max(after, 0)
    assert snapshot(out) == before
    assert leftovers(out) == [], leftovers(out)
