"""Shared fixtures (plain helpers live in tests/helpers.py)."""

from __future__ import annotations

from types import ModuleType

import pytest
from helpers import import_or_fail_in_ci


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch (float64 cross-checks). CI installs torch==2.13.0, so there it must import."""
    return import_or_fail_in_ci("torch")
