"""The course notebooks: each runs top to bottom under a real Jupyter kernel, and is stored with outputs."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from run_notebooks import execute, notebooks  # noqa: E402

NOTEBOOKS = notebooks()


def test_the_course_has_its_notebooks():
    assert len(NOTEBOOKS) >= 8, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_its_assertions_hold(path):
    """A cell that raises (an assert on a lecture number, say) fails this test."""
    execute(path)  # each cell is bounded by a 60 s timeout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_with_outputs_and_a_static_image(path):
    """GitHub strips JS: the stored notebook must read well with its outputs and PNGs alone."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code, "no code cells"
    assert all(c.get("execution_count") for c in code), "stored without running every cell (make notebooks)"
    kinds = {k for c in code for o in c.get("outputs", []) for k in o.get("data", {})}
    assert "image/png" in kinds, "no static PNG output (a graph or a plot) for GitHub to show"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, "a stored output is an error"
