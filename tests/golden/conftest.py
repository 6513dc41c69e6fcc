"""`--update-golden` (declared in tests/conftest.py): rewrite the whole tree tests/golden/expected/ before comparing."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    return bool(pytestconfig.getoption("--update-golden"))
