"""Files written whole or not at all: one file (write_whole), files all or none (write_new, write_all), a worker's page
into the staging folder (put), a finished file linked (link_or_copy)."""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path, PurePosixPath


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
            if not _linked(temporary, path):  # no hard links here (FAT, some shares)
                _create_new(path, data, _UMASKED if mode is None else mode)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class NewFilesFailed(Exception):
    """write_new or write_all could not write `path` (`cause`, an OSError): nothing it made is left, nothing it
    replaced is changed, but those in `unrestored` (the file, where what was there is kept, why it could not be put
    back: a disk gone read-only, say)."""

    def __init__(self, path: Path, cause: OSError, unrestored: tuple[tuple[Path, Path, OSError], ...] = ()) -> None:
        super().__init__(str(cause))
        self.path, self.cause, self.unrestored = path, cause, unrestored


def write_new(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file (a path relative to `folder`) written as a new file, with the folders it needs: all or none. On a
    failure (a file come meanwhile, a full disk, an interrupt) what this call made is removed first."""
    write_all(folder, files, new=files.keys())


def write_all(folder: Path, files: Mapping[str, bytes], *, new: Collection[str]) -> None:
    """Each file (a path relative to `folder`) written whole, with the folders it needs: all or none. Those in `new`
    must be new (one come meanwhile fails the call: FileExistsError); the others replace what is there. On a failure
    (NewFilesFailed, with the path and its OSError; or an interrupt) what this call made is removed, which frees
    its space, and then what it replaced is put back: the very file (kept aside under a hidden name, as a hard link
    or renamed), so its bytes, permissions and other links come back whatever room is left on the disk."""
    made: list[Path] = []  # files and folders this call created, in order
    aside: list[tuple[Path, Path]] = []  # (a replaced file, where its old self is kept until the end)
    path = folder
    try:
        for rel, data in files.items():
            path = folder / rel
            for parent in reversed([path.parent, *path.parent.parents]):
                if parent.exists() != parent.is_dir() or (parent.is_symlink() and not parent.exists()):  # a file, a
                    # dangling link; a link to a folder (a linked home, macOS's /tmp) is the way to it, followed
                    raise NotADirectoryError(errno.ENOTDIR, "in the way of a folder to write into", str(parent))
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            if rel in new:
                write_whole(path, data, exclusive=True)
            elif path.is_file() or path.is_symlink():  # a link is replaced, not followed, and put back on a failure
                aside.append((path, _set_aside(path)))
                write_whole(path, data)
                continue
            else:
                write_whole(path, data)
            made.append(path)
    except BaseException as exc:
        for done in reversed(made):
            if not done.is_dir() or done.is_symlink():
                done.unlink(missing_ok=True)
            elif not any(done.iterdir()):  # a folder someone else put a file in meanwhile stays, with it
                done.rmdir()
        unrestored = []
        for original, kept in reversed(aside):
            try:
                os.replace(kept, original)
            except OSError as failed:  # one that cannot be put back stays kept, and said; the others are put back
                unrestored.append((original, kept, failed))
        if isinstance(exc, OSError):
            where = Path(exc.filename) if isinstance(exc, NotADirectoryError) else path
            raise NewFilesFailed(where, exc, tuple(unrestored)) from None
        raise
    for _, kept in aside:
        kept.unlink(missing_ok=True)


def _set_aside(path: Path) -> Path:
    """The file at `path` kept under a hidden name beside it until the call ends: a hard link (the file stays where it
    is), or where the file system has none, or for a symbolic link, the file itself renamed (to be replaced at once).
    The name is one nothing holds: never the publisher's file a killed run of the same process id left aside, nor what
    this call set aside under another name of the same file (a/./b, or A and a on a disk blind to case)."""
    for count in itertools.count():
        kept = path.with_name(f".{path.name}.{os.getpid()}{f'.{count}' if count else ''}.kept")
        if not os.path.lexists(kept):
            break
    if path.is_symlink() or not _linked(path, kept):
        os.replace(path, kept)
    return kept


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
    if not _linked(source, target):
        shutil.copyfile(source, target)


# what os.link says where the file system gives these two paths no hard link: another device, none at all (FAT,
# some shares), too many links already, or links to files one does not own refused (fs.protected_hardlinks)
_NO_HARD_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES})


def _linked(source: Path | str, target: Path | str) -> bool:
    """`target` made a hard link to `source`; False where the file system gives none (any other error is raised:
    FileExistsError where `target` is taken)."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINK:
            raise
        return False
    return True


def put(root: Path, rel: PurePosixPath, data: bytes) -> Path:
    """A file a worker made, into the staging folder at `root` (whose owner, the build, claims its path): its
    folders made, its bytes written."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
