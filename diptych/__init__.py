"""diptych: a bilingual static site generator for journals.

The package's face: `build` (pipeline.py) and `prepare` (prepare.py), what they return and raise, and the
version. The flow itself reads top to bottom in pipeline.py; docs/architecture.md maps every module."""

from __future__ import annotations

from .edition import Edition
from .errors import BuildFailed, ContentError, Position
from .pipeline import build
from .prepare import Prepared, prepare
from .report import Progress, Report, Tally
from .version import __version__

__all__ = [
    "BuildFailed",
    "ContentError",
    "Edition",
    "Position",
    "Prepared",
    "Progress",
    "Report",
    "Tally",
    "__version__",
    "build",
    "prepare",
]
