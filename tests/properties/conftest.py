"""Hypothesis profiles for the property tests: "ci" (the default, quick) and "deep" (by hand, long).

    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest -q tests/properties

A profile sets the number of examples (hypothesis's global default, so other tests that give
their own `max_examples` are untouched); each module here scales it to its own cost. The "ci"
profile is derandomized: CI runs the same examples every time, so a landing never depends on
luck; "deep" draws new ones each run, to explore.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=60, derandomize=True)
settings.register_profile("deep", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
