"""Write the site into a staging folder, then swap it with output/: all at once, or nothing."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .errors import BuildFailed, ContentError, Position

MARK = ".diptych-output"  # marks a folder diptych made, which a build may replace
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def check_output_folder(out: Path, site_dir: Path, edition: str) -> list[ContentError]:
    """Refuse to replace the site itself, or a folder diptych did not make, or another edition."""
    out, site = out.resolve(), site_dir.resolve()
    where = Position(PurePosixPath(str(out)))
    if out == site or out in site.parents:
        return [ContentError(where, "the output folder would contain the site's own files; choose another --out")]
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
        if made != edition:
            return [
                ContentError(where, f"this folder holds the {made!r} edition; refusing to write the {edition!r} edition over it")
            ]
    return []


def replace_output(files: Iterable[tuple[PurePosixPath, bytes]], out: Path, edition: str) -> int:
    """Stream files into a staging folder beside `out`, then swap it in; returns the number written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    count = 0
    try:
        for rel, data in files:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            count += 1
        (staging / MARK).write_text(edition + "\n", encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        where = Position(PurePosixPath(exc.filename or str(out)))
        raise BuildFailed([ContentError(where, f"cannot write the output: {exc.strerror}; {out} is left as it was")]) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _swap(staging: Path, out: Path) -> None:
    """Exchange the two folders in one step where Linux allows it, else two renames."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        return
    retired = out.with_name(f".{out.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


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


def _remove_leftovers(out: Path) -> None:
    """Staging folders of a build that was killed, and a half-done two-rename swap."""
    retired = out.with_name(f".{out.name}.old")
    if retired.is_dir() and not out.exists():
        retired.rename(out)  # killed between the two renames: the previous output comes back
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)
