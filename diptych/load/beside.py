"""The files an article publishes beside its page (figures, a PDF), read from content/: the figures' sizes when the
content loads, each file's bytes when the build writes it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import imagesize

from ..errors import BuildFailed, ContentError, Position
from ..figures import FIGURES


def sizes(folder: Path) -> Mapping[str, tuple[int, int]]:
    """The width and height of every figure file under `folder`, by its path from there."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in FIGURES and path.is_file() and not path.is_symlink():
            try:
                width, height = imagesize.get(path)
            except (OSError, ValueError):
                continue
            if width > 0 and height > 0:
                found[path.relative_to(folder).as_posix()] = (int(width), int(height))
    return found


def read_beside(site_dir: Path, source: PurePosixPath, where: Position) -> bytes:
    """A file published beside an article's page (a figure, a PDF), at `source` under the site folder, named at
    `where`: a real file inside content/, not a link to elsewhere."""
    path = site_dir / source
    content = (site_dir / "content").resolve()
    if path.is_symlink() or content not in path.resolve().parents:
        raise BuildFailed([ContentError(where, f"{source.name!r} is a symbolic link or lies outside content/: not published")])
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BuildFailed([ContentError(where, f"cannot publish {source.name!r} beside this article: {exc.strerror}")]) from None
