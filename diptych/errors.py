"""Errors as values: where a problem is, and what it is."""

from __future__ import annotations

import enum
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


class Severity(enum.Enum):
    """What a problem does to a run: an error stops it (nothing is written), a warning is said and the run goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in the content, with its position and its severity (an error unless said otherwise)."""

    where: Position
    message: str
    also: tuple[Position, ...] = ()  # e.g. the other version disagreeing on a shared field
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        said = f"warning: {self.message}" if self.severity is Severity.WARNING else self.message
        return "\n".join([f"{self.where}: {said}", *(f"{p}: see also" for p in self.also)])

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.where.path), self.where.line or 0, self.message)


def warning(where: Position, message: str, also: tuple[Position, ...] = ()) -> ContentError:
    """A problem said, that does not stop the run."""
    return ContentError(where, message, also, Severity.WARNING)


@dataclass(frozen=True, slots=True)
class OutputUnwritable(ContentError):
    """The output cannot be written (a full disk, a read-only folder): a fault of the machine, not of the content;
    the same for every page, so said once."""


class BuildFailed(Exception):
    """The build stopped before writing anything; carries every error found, and the warnings found on the way
    (which `check` reports with them: a run lists all its problems)."""

    def __init__(self, errors: list[ContentError], warnings: list[ContentError] | tuple[ContentError, ...] = ()) -> None:
        self.errors = sorted(errors, key=ContentError.sort_key)
        self.warnings = sorted(warnings, key=ContentError.sort_key)
        super().__init__(f"{len(self.errors)} error(s)")

    def __reduce__(self) -> tuple:
        """Pickled whole (from a worker to the parent), not rebuilt from its message."""
        return type(self), (self.errors, self.warnings)
