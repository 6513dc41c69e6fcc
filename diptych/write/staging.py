"""Write the site into a staging folder, then swap it with output/: all at once, or nothing; what is set aside
is closed to other users and removed, at once or by a background remover."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from ..edition import Edition
from ..errors import BuildFailed, ContentError, OutputUnwritable, Position, warning
from .files import link_or_copy
from .folder import MARK, MARKS, STAGING_MARK, WORKING, marked, retired_folder
from .remove import remove  # also what the background remover runs

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def replace_output(files: Iterable[tuple[PurePosixPath, bytes]], out: Path, edition: Edition) -> int:
    """Stream files into a staging folder beside `out`, then swap it in; returns the number written."""
    with Staging(out, edition) as staging:
        for rel, data in files:
            staging.write(rel, data)
        staging.swap()
    return len(staging.written)


class Staging:
    """A staging folder beside `out`, filled file by file (written, or linked from the build cache), then swapped
    in place of `out` at once; left unswapped, it is removed and `out` stays as it was.

    A lock on the folder holding `out` keeps two builds from writing it at once. Worker processes may write into
    `root` directly; each path is then `claim`ed, so that two files at one path are an error whoever wrote them.
    `warnings`: what stays beside `out` that diptych could not remove (the previous output, a leftover).
    """

    def __init__(self, out: Path, edition: Edition) -> None:
        self.out = out.resolve()
        self.edition = edition
        self.written: set[PurePosixPath] = set()
        self._root: Path | None = None
        self._lock: int | None = None
        self._folders: set[Path] = set()
        self.warnings: list[ContentError] = []

    @property
    def root(self) -> Path:
        assert self._root is not None, "the staging folder exists inside `with Staging(...)` only"
        return self._root

    def __enter__(self) -> Staging:
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._lock = os.open(self.out.parent, os.O_RDONLY)  # the folder holding `out`: no lock file left behind
            fcntl.flock(self._lock, fcntl.LOCK_EX)  # waits while another build writes beside it
            self.warnings += _remove_leftovers(self.out)
            self._root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.{WORKING}-", dir=self.out.parent))
            (self._root / STAGING_MARK).write_bytes(b"")
        except OSError as exc:
            self.__exit__(None, None, None)
            raise self._failed(exc) from None
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        try:
            if self._root is not None:
                _remove(self._root)
                self._root = None
        finally:
            if self._lock is not None:
                os.close(self._lock)  # releases the lock
                self._lock = None

    def claim(self, rel: PurePosixPath) -> Path:
        """The staging path of `rel`, refused when a file was already put there or when it would leave the folder."""
        if rel in self.written or rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise BuildFailed(
                [
                    ContentError(
                        Position(rel), "two files would be written at this path (an alias, a page or a figure); rename one"
                    )
                ]
            )
        self.written.add(rel)
        return self.root / rel

    def folder_for(self, target: Path) -> None:
        parent = target.parent
        if parent not in self._folders:
            parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(parent)

    def write(self, rel: PurePosixPath, data: bytes) -> Path:
        target = self.claim(rel)
        try:
            self.folder_for(target)
            target.write_bytes(data)
        except OSError as exc:
            raise self._failed(exc) from None
        return target

    def link(self, rel: PurePosixPath, source: Path) -> None:
        """Put `source`, a finished file that nothing changes in place (an object of the cache), at `rel`."""
        target = self.claim(rel)
        try:
            self.folder_for(target)
            link_or_copy(source, target)
        except OSError as exc:
            raise self._failed(exc) from None

    def swap(self, remove: Callable[[Path], OSError | None] | None = None) -> None:
        """Mark the staging folder as diptych's and put it in place of `out`; close the previous output to other
        users and `remove` it (at once by default; a failure is a warning)."""
        try:
            (self.root / MARK).write_text(self.edition.value + "\n", encoding="utf-8")
            (self.root / STAGING_MARK).unlink()
            self.root.chmod(0o755)  # mkdtemp makes it private; a web server must read it
            retired = _swap(self.root, self.out)
            self._root = None
        except OSError as exc:
            raise self._failed(exc) from None
        if retired is not None:
            self.warnings += _set_aside(retired, remove or _remove)

    def _failed(self, exc: OSError) -> BuildFailed:
        return BuildFailed([unwritable(exc, self.out)])


def unwritable(exc: OSError, out: Path) -> ContentError:
    """The output cannot be written (a full disk, a read-only folder): where, and that `out` is as it was."""
    where = Position(PurePosixPath(exc.filename or str(out)))
    return OutputUnwritable(where, f"cannot write the output: {exc.strerror}; {out} is left as it was")


def _remove(folder: Path) -> OSError | None:
    """Remove a folder diptych made, its marks last (remove.py); why it could not, if so."""
    return remove(folder, MARKS)


def _swap(staging: Path, out: Path) -> Path | None:
    """Exchange the two folders in one step where Linux allows it, else two renames; where the previous output is
    now, if there was one."""
    if not out.exists():
        staging.rename(out)
        return None
    if _exchange(staging, out):
        return staging  # now holds the previous output
    retired = retired_folder(out)
    _remove(retired)
    out.rename(retired)
    staging.rename(out)
    return retired


def _set_aside(folder: Path, remove: Callable[[Path], OSError | None]) -> list[ContentError]:
    """Close a folder diptych set aside to other users at once (the previous output may hold the full text of an
    article paywalled since), then `remove` it; what stays is a warning."""
    where = Position(PurePosixPath(str(folder)))
    closing = _close(folder)
    problem = remove(folder)
    if problem is not None:
        who = "only its owner can read it" if closing is None else "other users may read it"
        return [
            warning(
                where,
                f"diptych set this folder aside and could not remove it ({_why(problem)}); it may hold texts that are"
                f" no longer public, and {who}: remove it by hand",
            )
        ]
    if closing is not None and folder.exists():  # left to the background remover, open to all meanwhile
        return [
            warning(
                where,
                f"diptych set this folder aside and could not close it to other users ({_why(closing)}) while it is"
                " removed; it may hold texts that are no longer public",
            )
        ]
    return []


def _close(folder: Path) -> OSError | None:
    """Make `folder` its owner's only; why it could not be, if so."""
    try:
        folder.chmod(0o700)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc
    return None


def _why(problem: OSError) -> str:
    return f"{problem.strerror}: {problem.filename}" if problem.filename else str(problem.strerror)


REMOVER = Path(__file__).with_name("remove.py")  # run as a script: -I, so that it imports nothing beside it


def remove_later(folder: Path) -> OSError | None:
    """Remove a folder in a process of its own, which outlives the build: deleting the thousands of folders of a
    previous output can take seconds, and nothing waits for it. Whatever it leaves (a folder it could not remove, a
    process killed) the next build removes first, as it removes a killed build's staging folder, and names in a
    warning what it cannot remove either. Returns why the folder could not be removed, when that is known now."""
    try:
        subprocess.Popen(
            [sys.executable, "-I", str(REMOVER), str(folder), *MARKS],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the Ctrl-C that stops a `serve`
        )
    except OSError:
        return _remove(folder)
    return None


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the file system cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def _remove_leftovers(out: Path) -> list[ContentError]:
    """What a killed build left beside `out` (its staging folder, the previous output of a half-done two-rename
    swap), or a background remover that did not finish: folders of diptych's names with one of its marks in them.
    Any other folder is left alone, a publisher's `.out.old/` as one named like diptych's without a mark; an empty
    one of diptych's names goes (a killed build's staging folder before its mark, an empty output set aside). What
    cannot be removed is a warning."""
    retired = retired_folder(out)
    if not out.exists() and marked(retired):
        retired.rename(out)  # killed between the two renames: the previous output comes back
    prefix = f".{out.name}.{WORKING}-"
    warnings = []
    for stale in [*(p for p in out.parent.iterdir() if p.name.startswith(prefix)), retired]:
        if marked(stale):
            warnings += _set_aside(stale, _remove)
        else:
            with contextlib.suppress(OSError):
                stale.rmdir()
    return warnings
