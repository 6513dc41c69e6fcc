"""content/'s files: those of a folder listed, named KEY.LANG.md and read; and what it holds that is not content."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ..config import SiteConfig
from ..errors import ContentError, Position, warning
from ..source import Document, parse_document, read_text

FILE_NAME = re.compile(r"^(?P<key>[^/]+)\.(?P<lang>[A-Za-z_-]+)\.md$")


def listed(site_dir: Path, folder: str, suffix: str) -> list[tuple[Path, Position]]:
    """Files of content/FOLDER/** ending in `suffix`, sorted, with their site-relative positions."""
    top = site_dir / "content" / folder
    found = []
    for dirpath, dirnames, filenames in os.walk(top):  # never follows symlinked folders: no loops
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(suffix) and not name.startswith(".") and _utf8(name):
                path = Path(dirpath) / name
                found.append((path, Position(PurePosixPath(path.relative_to(site_dir).as_posix()), 1)))
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.walk gives undecodable bytes as lone surrogates
        return False
    return True


def odd_files(site_dir: Path) -> tuple[list[ContentError], list[ContentError]]:
    """What content/ holds that is not content: (errors, warnings), each with its path."""
    errors, warnings = [], []
    top = site_dir / "content"
    for dirpath, dirnames, filenames in os.walk(top):
        for name in sorted([*dirnames, *filenames]):
            path = Path(dirpath) / name
            shown = path.relative_to(site_dir).as_posix().encode("utf-8", "backslashreplace").decode("utf-8")
            where = Position(PurePosixPath(shown))
            if not _utf8(name):
                errors.append(ContentError(where.at(1), "the file name is not UTF-8 text; rename it"))
            elif name in dirnames and path.is_symlink():
                warnings.append(warning(where, "a symbolic link to a folder is not followed: its files are not read"))
            elif name in dirnames and name.endswith((".md", ".yaml")):
                warnings.append(
                    warning(where, "a folder named like a content file: its files are read, the folder itself is not")
                )
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return errors, warnings


def read_document(path: Path, where: Position) -> tuple[Document | None, list[ContentError]]:
    """A Markdown file read: its front matter with line numbers, and its body."""
    text, errors = read_text(path, where)
    if text is None:
        return None, errors
    return parse_document(text, where)


def key_and_lang(name: str, where: Position, config: SiteConfig) -> tuple[tuple[str, str] | None, list[ContentError]]:
    """(key, language) from a file named KEY.LANG.md, LANG one of the site's languages."""
    match = FILE_NAME.match(name)
    if not match:
        return None, [ContentError(where, f"name the file KEY.LANG.md, with LANG one of {', '.join(config.languages)}")]
    if match["lang"] not in config.languages:
        return None, [
            ContentError(where, f"language {match['lang']!r} is not in site.yaml's languages ({', '.join(config.languages)})")
        ]
    return (match["key"], match["lang"]), []
