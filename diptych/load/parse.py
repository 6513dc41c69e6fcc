"""Each article file parsed and checked: from the memo when these very bytes were before, the others by forked workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from ..config import SiteConfig
from ..errors import ContentError, Position
from ..hashing import digest
from ..models import Version
from ..parallel import fork_map
from ..source import Field
from .files import key_and_lang, read_document
from .version import version_of


class Memo(Protocol):
    """Where parsed files are kept between builds, by their content's hash (the build cache)."""

    def source(self, hashed: str) -> Any: ...
    def keep_source(self, hashed: str, value: Any) -> None: ...


def parse_all(
    files: list[tuple[Path, Position]], config: SiteConfig, memo: Memo | None, jobs: int
) -> dict[Position, tuple[Version | None, dict[str, Field], list[ContentError]]]:
    """Each well-named article file read, parsed and checked: from the memo when these very bytes were, under these
    settings; the others by `jobs` processes."""
    parsed, hashes, todo = {}, {}, []
    settings = repr(config)
    for path, where in files:
        key_lang, _ = key_and_lang(path.name, where, config)  # a misnamed file is reported by the caller
        if key_lang is None:
            continue
        key, lang = key_lang
        if memo is not None and path.is_file():
            hashed = _hash(path, where, key, lang, settings)  # None: read again by the parser, to report why
            if hashed is not None:
                hashes[where] = hashed
            found = memo.source(hashed) if hashed is not None else None
            if found is not None:
                parsed[where] = found
                continue
        todo.append((path, where, key, lang))
    for (path, where, key, lang), result in zip(todo, fork_map(_parse_one, todo, jobs, shared=config), strict=True):
        parsed[where] = result
        if memo is not None and where in hashes and _hash(path, where, key, lang, settings) == hashes[where]:
            memo.keep_source(hashes[where], result)  # not if saved again since hashed: the parse may be of later bytes
    return parsed


def _hash(path: Path, where: Position, key: str, lang: str, settings: str) -> str | None:
    """The hash a file's parse is kept under: its bytes, where it is, its key and language, the settings."""
    try:
        return digest(path.read_bytes(), str(where.path), key, lang, settings)
    except OSError:
        return None


def _parse_one(
    config: SiteConfig, item: tuple[Path, Position, str, str]
) -> tuple[Version | None, dict[str, Field], list[ContentError]]:
    """One version file read, parsed and checked under these settings."""
    path, where, key, lang = item
    document, problems = read_document(path, where)
    if document is None:  # its fields are unknown: it may well give the shared date, which its twin must not miss
        return None, {"date": Field(None, where.line or 1)}, problems
    version, shared, more = version_of(document, key, lang, config)
    return version, shared, problems + more
