"""diptych: a bilingual static site generator for journals.

The package's face: `build` (pipeline.py) and `prepare` (prepare.py), what they return and raise, and the
version. The flow itself reads top to bottom in pipeline.py; docs/architecture.md maps every module."""

from __future__ import annotations

from .errors import BuildFailed, ContentError, Position
from .pipeline import build
from .prepare import EDITIONS, Prepared, prepare
from .report import Progress, Report, Tally
from .version import __version__

__all__ = [
    "EDITIONS",
    "BuildFailed",
    "ContentError",
    "Position",
    "Prepared",
    "Progress",
    "Report",
    "Tally",
    "__version__",
    "build",
    "prepare",
]
