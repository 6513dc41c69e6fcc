"""Errors as values: where a problem is, and what it is."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a source file, relative to the site folder."""

    path: PurePosixPath
    line: int | None = None

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}" if self.line else shown(self.path)

    def at(self, line: int | None) -> Position:
        """The same file, another line."""
        return Position(self.path, line)


def shown(path: PurePosixPath) -> str:
    """A path as a message shows it: as it is, unless it holds a control character (a newline would cut its line
    in two, an escape would speak to the terminal) or begins with a double quote; then in double quotes, with C
    escapes (\\n, \\t, \\x1b, \\\\, \\"), so that a quoted name is never mistaken for a plain one."""
    text = str(path)
    if not text.startswith('"') and not any(_control(c) for c in text):
        return text
    return '"' + "".join(_escaped(c) for c in text) + '"'


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _control(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Zl", "Zp")  # C0, DEL, C1; the line and paragraph separators


def _escaped(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if _control(c):
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    return c


@dataclass(frozen=True, slots=True)
class ContentError:
    """One mistake in the content, with its position."""

    where: Position
    message: str
    also: tuple[Position, ...] = ()  # e.g. the other version disagreeing on a shared field

    def __str__(self) -> str:
        return "\n".join([f"{self.where}: {self.message}", *(f"{p}: see also" for p in self.also)])

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.where.path), self.where.line or 0, self.message)


class BuildFailed(Exception):
    """The build stopped before writing anything; carries every error found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=ContentError.sort_key)
        super().__init__(f"{len(self.errors)} error(s)")
