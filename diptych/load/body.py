"""A version's body kept by reference (models.Body): made from the text load read and checked, read again from its
file when a page renders it, and refused if the file changed in between."""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildFailed, ContentError, Position
from ..hashing import digest
from ..models import Body
from ..source import read_text


def body_of(where: Position, text: str, line: int) -> Body:
    """The reference a version keeps to its body, `text`, which starts at `line` of the file at `where`."""
    return Body(where.path, line, digest(text), not text.strip())


def read_body(root: Path, body: Body) -> str:
    """A version's body, read again from its file under the site folder `root`, exactly as load read and checked it:
    a file changed or gone since is an error (build again), never a text the checks did not see."""
    where = Position(body.path, body.line)
    text, errors = read_text(root / body.path, where)
    if text is None:
        raise BuildFailed(errors)
    found = "\n".join(text.split("\n")[body.line - 1 :])
    if digest(found) != body.digest:
        raise BuildFailed([ContentError(where, "the file changed while the site was being built: build again")])
    return found
