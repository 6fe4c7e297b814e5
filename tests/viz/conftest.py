"""Shared fixtures for the viz tests (plain helpers live in tests/helpers.py).

Every viz test runs twice: with Graphviz's ``dot`` (``[dot]``), and with ``dot`` hidden from
PATH so that the pure-pip renderer draws (``[wasm]``: Graphviz in WebAssembly, resvg, svglib).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from helpers import chromium
from lab import Lab, start_lab

from autograd import parse
from viz.outputs.renderers import ENV


@pytest.fixture(scope="module", autouse=True, params=["dot", "wasm"])
def renderer_kind(request, path_without_dot) -> str:
    """Which renderer this run of the module uses; ``wasm`` runs with no ``dot`` on PATH at all."""
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "dot":
            if shutil.which("dot") is None:  # CI installs Graphviz: a missing dot fails, never skips
                pytest.fail("Graphviz's dot is not on PATH (run tools/system-deps.sh)")
            mp.setenv(ENV, "dot")
        else:
            mp.delenv(ENV, raising=False)
            mp.setenv("PATH", path_without_dot)
            assert shutil.which("dot") is None
        yield request.param


@pytest.fixture
def lecture():
    """The lecture's worked example B: log((x+y)**2+z) at (2, 1, 1)."""
    return parse("log((x+y)**2+z)", x=2, y=1, z=1)



@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright (helpers.chromium), one per test module."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """One real JupyterLab server for every JupyterLab test file (tests/lab.py), stopped by its own PID."""
    yield from start_lab(tmp_path_factory)
