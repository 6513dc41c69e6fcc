"""Write the site into a staging folder, then swap it with output/: all at once, or nothing."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from .edition import Edition
from .errors import BuildFailed, ContentError, OutputUnwritable, Position
from .remove import remove  # also what the background remover runs

CACHE = ".diptych-cache"  # the build cache's folder in the site (cache.py): full texts in it, never published
MARK = ".diptych-output"  # marks a folder diptych made, which a build may replace
WORKING = "diptych-staging"  # in the names of a build's own folders beside OUT: .OUT.diptych-staging-*, .OUT.diptych-old
STAGING_MARK = ".diptych-staging"  # marks a staging folder from its creation; MARK takes its place at the swap
MARKS = (MARK, STAGING_MARK)  # a folder of those names with neither in it is not diptych's, and is left alone
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def output_folder(site_dir: Path, edition: Edition, given: Path | None = None) -> Path:
    """Where a build writes: `--out` when given, else SITE/output (SITE/output-full for the subscriber edition)."""
    return given if given is not None else site_dir / edition.folder


def check_output_folder(out: Path, site_dir: Path, edition: Edition) -> list[ContentError]:
    """Refuse to replace the site itself, or a folder diptych did not make, or another edition."""
    out, site = out.resolve(), site_dir.resolve()
    where = Position(PurePosixPath(str(out)))
    if out == site or out in site.parents:
        return [ContentError(where, "the output folder would contain the site's own files; choose another --out")]
    for source in ("content", "templates", "locales", CACHE):  # what the build reads, and its cache (withheld text)
        if out == site / source or site / source in out.parents:
            return [
                ContentError(
                    where, f"the output folder is inside the site's {source}/, which the build reads; choose another --out"
                )
            ]
    if out.exists() and not out.is_dir():
        return [ContentError(where, "the output path exists and is not a folder")]
    if out.is_dir() and any(out.iterdir()):
        mark = out / MARK
        if not mark.is_file():
            return [
                ContentError(
                    where,
                    f"refusing to replace a folder diptych did not make (no {MARK} in it); empty it or choose another --out",
                )
            ]
        made = mark.read_text(encoding="utf-8", errors="replace").strip()
        if made != edition.value:
            return [
                ContentError(
                    where, f"this folder holds the {made!r} edition; refusing to write the {edition.value!r} edition over it"
                )
            ]
    return []


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


def write_whole(path: Path, data: bytes, mode: int | None = None, *, exclusive: bool = False) -> None:
    """Write a file whole or not at all (a temporary name, then a rename), readable as any file the process
    writes (`mode`: other permissions, such as 0o600 for a file only its owner may read). `exclusive`: never over a
    file, even one that appears meanwhile (a hard link, which fails where the name exists: FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, _UMASKED if mode is None else mode)  # mkstemp makes it private
        if exclusive:
            try:
                os.link(temporary, path)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                _create_new(path, data, _UMASKED if mode is None else mode)  # no hard links here (FAT, some shares)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class NewFilesFailed(Exception):
    """write_new could not write `path` (`cause`, an OSError): nothing it made is left."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(str(cause))
        self.path, self.cause = path, cause


def write_new(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file (a path relative to `folder`) written as a new file, with the folders it needs: all or none. On a
    failure (a file come meanwhile, a full disk, an interrupt) what this call made is removed first."""
    made: list[Path] = []
    path = folder
    try:
        for rel, data in files.items():
            path = folder / rel
            for parent in reversed([path.parent, *path.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            write_whole(path, data, exclusive=True)
            made.append(path)
    except BaseException as exc:
        for done in reversed(made):
            done.rmdir() if done.is_dir() else done.unlink()
        if isinstance(exc, OSError):
            raise NewFilesFailed(path, exc) from None
        raise


def _create_new(path: Path, data: bytes, mode: int) -> None:
    """A file that must be new (O_EXCL), written in place; removed if the write fails, so never left half written."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _umasked() -> int:
    mask = os.umask(0)  # read by setting: done once, at import, before any thread
    os.umask(mask)
    return 0o666 & ~mask


_UMASKED = _umasked()


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (no bytes copied), else a copy."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copyfile(source, target)


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
            ContentError(
                where,
                f"diptych set this folder aside and could not remove it ({_why(problem)}); it may hold texts that are"
                f" no longer public, and {who}: remove it by hand",
            )
        ]
    if closing is not None and folder.exists():  # left to the background remover, open to all meanwhile
        return [
            ContentError(
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


def retired_folder(out: Path) -> Path:
    """Where the two-rename swap sets the previous output aside."""
    return out.with_name(f".{out.name}.diptych-old")


def _remove_leftovers(out: Path) -> list[ContentError]:
    """What a killed build left beside `out` (its staging folder, the previous output of a half-done two-rename
    swap), or a background remover that did not finish: folders of diptych's names with one of its marks in them.
    Any other folder is left alone, a publisher's `.out.old/` as one named like diptych's without a mark; an empty
    one of diptych's names goes (a killed build's staging folder before its mark, an empty output set aside). What
    cannot be removed is a warning."""
    retired = retired_folder(out)
    if not out.exists() and _marked(retired):
        retired.rename(out)  # killed between the two renames: the previous output comes back
    prefix = f".{out.name}.{WORKING}-"
    warnings = []
    for stale in [*(p for p in out.parent.iterdir() if p.name.startswith(prefix)), retired]:
        if _marked(stale):
            warnings += _set_aside(stale, _remove)
        else:
            with contextlib.suppress(OSError):
                stale.rmdir()
    return warnings


def _marked(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and any((folder / mark).is_file() for mark in MARKS)
