"""Shared fixtures (plain helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="session")
def path_without_dot(tmp_path_factory) -> str:
    """A PATH like this one, minus Graphviz: one folder of links to every other program."""
    dot = shutil.which("dot")
    hidden = {"dot"} | ({os.path.realpath(dot)} if dot else set())
    farm = tmp_path_factory.mktemp("bin-without-dot")
    for folder in reversed(os.environ.get("PATH", "").split(os.pathsep)):  # the first on PATH wins
        if not folder or not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            if entry.name in hidden or os.path.realpath(entry.path) in hidden:
                continue
            link = farm / entry.name
            if link.is_symlink():
                link.unlink()
            link.symlink_to(entry.path)
    return str(farm)
