"""Shared fixtures for the viz tests (plain helpers live in tests/helpers.py)."""

from __future__ import annotations

import pytest

from autograd import parse


@pytest.fixture
def lecture():
    """The lecture's worked example B: log((x+y)**2+z) at (2, 1, 1)."""
    return parse("log((x+y)**2+z)", x=2, y=1, z=1)
