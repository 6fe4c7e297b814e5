"""Shared fixtures (plain helpers live in tests/helpers.py)."""

from __future__ import annotations

from types import ModuleType

import pytest
from helpers import import_or_fail_in_ci


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch (float64 cross-checks). CI installs torch==2.13.0, so there it must import."""
    return import_or_fail_in_ci("torch")


@pytest.fixture
def forget_user_ops():
    """Tests that call autograd.define_op start and end with the built-in op table only."""
    import autograd.define
    from autograd import OPS
    from autograd.ops import BY_SYMBOL

    before_ops, before_symbols = dict(OPS), dict(BY_SYMBOL)
    yield
    for table, before in ((OPS, before_ops), (BY_SYMBOL, before_symbols)):
        table.clear()
        table.update(before)
    autograd.define._USER.clear()
