"""The course notebooks: each runs top to bottom under a real Jupyter kernel, is stored with outputs,
and gives the student at least two exercises, each with a collapsed solution."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from run_notebooks import execute, notebooks  # noqa: E402

NOTEBOOKS = notebooks()
EXERCISE = re.compile(r"^(#{1,6})\s+(Exercise\b.*)$")
HEADING = re.compile(r"^(#{1,6})\s")


def exercises(nb: nbformat.NotebookNode) -> list[tuple[str, list[nbformat.NotebookNode]]]:
    """Each markdown heading that starts with "Exercise", with the cells of its section.

    A section runs to the next heading of the same or a higher level (fewer #).
    """
    found: list[tuple[str, int, list[nbformat.NotebookNode]]] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                heading = HEADING.match(line)
                if heading and found and len(heading.group(1)) <= found[-1][1]:
                    found[-1] = (found[-1][0], -1, found[-1][2])  # closed
                exercise = EXERCISE.match(line)
                if exercise:
                    found.append((exercise.group(2), len(exercise.group(1)), []))
        if found and found[-1][1] != -1:
            found[-1][2].append(cell)
    return [(title, cells) for title, _, cells in found]


def test_the_course_has_its_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(NOTEBOOKS) >= 11, names
    for stem in ("00_notation", "09_one_sgd_step_by_hand", "15_losses_and_generalisation"):
        assert f"{stem}.ipynb" in names, names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_its_assertions_hold(path):
    """A cell that raises (an assert on a lecture number, say) fails this test."""
    execute(path)  # each cell is bounded by a 60 s timeout


DRAWING = [p for p in NOTEBOOKS if "import viz" in p.read_text() or "from viz" in p.read_text()]


@pytest.mark.parametrize("path", DRAWING, ids=[p.stem for p in DRAWING])
def test_notebook_runs_on_a_laptop_without_graphviz(path, path_without_dot, monkeypatch):
    """A student with no Graphviz binary (pip only): every notebook that draws still runs, through
    the pure-pip renderer (Graphviz in WebAssembly, resvg), which the kernel finds for itself."""
    from viz.outputs.renderers import ENV

    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("PATH", path_without_dot)  # the kernel inherits it: no dot anywhere
    assert shutil.which("dot") is None
    import subprocess  # what a process started here (as the kernel is) picks

    picked = subprocess.run([sys.executable, "-c", "import viz; print(viz.renderer().name)"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert picked == "wasm", picked
    execute(path)


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_two_exercises_with_collapsed_solutions(path):
    """Students do things: at least two "Exercise" headings, each section with a <details> solution."""
    found = exercises(nbformat.read(path, as_version=4))
    titles = [title for title, _ in found]
    print(f"{path.name}: {titles}")
    assert len(found) >= 2, f"{path.name} has {len(found)} 'Exercise' heading(s) {titles}; it needs at least two"
    for title, cells in found:
        assert any(c.cell_type == "markdown" and "<details>" in c.source for c in cells), \
            f"{path.name}: '{title}' has no collapsed <details> solution in its section"
        assert any(c.cell_type == "code" for c in cells), f"{path.name}: '{title}' has no code cell to answer in"


def _nb(*markdown: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(m) for m in markdown] + [nbformat.v4.new_code_cell("x = ...")]
    return nbformat.v4.new_notebook(cells=cells)


def test_exercise_parser_counts_headings_and_closes_sections():
    nb = _nb("# Title", "## 1. Part", "### Exercise 1: one\ntext", "<details>s</details>", "### Exercise 2: two",
             "## 2. Next part", "<details>not exercise 2's</details>", "Exercises are fun (not a heading)")
    found = exercises(nb)
    assert [t for t, _ in found] == ["Exercise 1: one", "Exercise 2: two"]
    assert any("<details>" in c.source for c in found[0][1])
    assert not any("<details>" in c.source for c in found[1][1])   # the section ended at "## 2. Next part"
    assert exercises(_nb("# Only\n### Exercise 1: lonely")) and len(exercises(_nb("# None"))) == 0
