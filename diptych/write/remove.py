"""Remove a folder diptych made (a previous output set aside at a swap, a killed build's staging folder), in the
build's process or in one of its own: the background remover runs this file as a script (`python -I remove.py
FOLDER NAME...`), so it imports nothing of diptych."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path


def remove(folder: Path, last: Iterable[str] = ()) -> OSError | None:
    """Remove `folder` and everything in it, even what its owner made read-only or unlistable, even while another
    process removes it too (the background remover of the previous build): what is already gone is no error. The
    files named `last` (diptych's marks) go once all else has gone, so that a removal cut short (failed, killed)
    leaves a folder that the next build still knows as diptych's. Returns why it could not be removed, or None."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink(missing_ok=True)
            return None
        keep = frozenset(last)
        problem = _empty(folder, keep)
        if problem is not None:  # a read-only or unlistable folder in it: made the owner's, then once more
            _open_up(folder)
            problem = _empty(folder, keep)
        if problem is not None:
            return problem
        for name in sorted(keep):
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()
    except FileNotFoundError:
        return None  # removed meanwhile
    except OSError as exc:
        return exc
    return None


def _empty(folder: Path, keep: frozenset[str]) -> OSError | None:
    """Remove everything in `folder` but the files named in `keep`; the first error, if any."""
    errors: list[OSError] = []

    def note(_function: object, path: str, info: object) -> None:
        error = info if isinstance(info, BaseException) else info[1]  # type: ignore[index]
        if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
            errors.append(OSError(error.errno, error.strerror, path))  # the whole path: rmtree's own is relative

    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        if entry.name in keep:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, **{_ON_ERROR: note})
            else:
                os.unlink(entry.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            errors.append(exc)
    return errors[0] if errors else None


_ON_ERROR = "onexc" if sys.version_info >= (3, 12) else "onerror"  # onerror is deprecated from 3.12


def _open_up(folder: Path) -> None:
    """Give the owner every right on `folder` and the folders in it (not through a link), top down, so that each
    can be listed before it is walked."""
    _chmod(folder)
    for root, dirs, _files in os.walk(folder):
        for name in dirs:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                _chmod(Path(path))


def _chmod(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not ours, or gone: the removal that follows says so
        folder.chmod(0o700)


if __name__ == "__main__":
    sys.exit(0 if remove(Path(sys.argv[1]), sys.argv[2:]) is None else 1)  # FOLDER, then the names to remove last
