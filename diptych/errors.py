"""Errors as values: where a problem is, and what it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a source file, relative to the site folder."""

    path: PurePosixPath
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def at(self, line: int | None) -> Position:
        """The same file, another line."""
        return Position(self.path, line)


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
