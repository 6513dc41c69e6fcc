"""Files written whole or not at all: one file (write_whole), files all or none (write_new, write_all), a worker's page
into the staging folder (put), a finished file linked (link_or_copy)."""

from __future__ import annotations

import errno
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
    """write_new or write_all could not write `path` (`cause`, an OSError): nothing it made is left, nothing it
    replaced is changed."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(str(cause))
        self.path, self.cause = path, cause


def write_new(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file (a path relative to `folder`) written as a new file, with the folders it needs: all or none. On a
    failure (a file come meanwhile, a full disk, an interrupt) what this call made is removed first."""
    write_all(folder, files, new=files.keys())


def write_all(folder: Path, files: Mapping[str, bytes], *, new: Collection[str]) -> None:
    """Each file (a path relative to `folder`) written whole, with the folders it needs: all or none. Those in `new`
    must be new (one come meanwhile fails the call: FileExistsError); the others replace what is there. On a failure
    (NewFilesFailed, with the path and its OSError; or an interrupt) what this call made is removed and what it
    replaced is put back first."""
    made: list[Path] = []
    replaced: list[tuple[Path, bytes]] = []
    path = folder
    try:
        for rel, data in files.items():
            path = folder / rel
            for parent in reversed([path.parent, *path.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            if rel not in new and path.is_file() and not path.is_symlink():
                replaced.append((path, path.read_bytes()))
            elif rel not in new:
                made.append(path)
            write_whole(path, data, exclusive=rel in new)
            if rel in new:
                made.append(path)
    except BaseException as exc:
        for done, before in reversed(replaced):
            write_whole(done, before)
        for done in reversed(made):
            if not (done.is_dir() and not done.is_symlink()):
                done.unlink(missing_ok=True)
            elif not any(done.iterdir()):  # a folder someone else put a file in meanwhile stays, with it
                done.rmdir()
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


def put(root: Path, rel: PurePosixPath, data: bytes) -> Path:
    """A file a worker made, into the staging folder at `root` (whose owner, the build, claims its path): its
    folders made, its bytes written."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
