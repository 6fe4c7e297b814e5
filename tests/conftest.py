"""Shared test helpers."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def import_or_fail_in_ci(name: str) -> ModuleType:
    """Import an optional component: skip locally when it is missing, but fail in CI."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch (float64 cross-checks). CI installs torch==2.13.0, so there it must import."""
    return import_or_fail_in_ci("torch")
