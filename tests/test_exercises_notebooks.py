"""The exercises inside the notebooks: each check cell calls the one checker with a key (no pasted checker, no
answer in sight), and filling every placeholder with its solution makes every check cell say "right" when the
notebook runs top to bottom under a real kernel."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "notebooks"))

import course  # noqa: E402
from run_notebooks import notebooks, run  # noqa: E402
from test_notebooks import exercises  # noqa: E402

NOTEBOOKS = notebooks()
# The build-it-yourself track (03-05): its exercises write a class, checked by autograd.testing.check_engine;
# tests/test_check_engine_notebooks.py fills those placeholders with the solutions and runs the notebooks.
TRACK = {"03_build_your_own_value", "04_build_your_own_backward", "05_build_your_own_neuron"}
BY_VALUE = [p for p in NOTEBOOKS if p.stem not in TRACK]
ENGINE_CHECK = re.compile(r"""\bcheck_engine\(|\bcheck\(\s*["']\d+\.\w+["']""")  # a class, or an expression on it
CHECK = re.compile(r"""\bcheck\(\s*["'](\d+\.\w+)["']\s*,\s*(\w+)\s*\)""")
SOLUTION = re.compile(r"```python\n(.*?)```", re.S)
NUMBER = re.compile(r"(?<![\w.])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?(?![\w.])")


def check_cells(nb: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """(cell index, key, answer variable) for every check cell."""
    return [(i, key, var) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for key, var in CHECK.findall(c.source)]


def placeholder(cells: list[nbformat.NotebookNode], var: str) -> nbformat.NotebookNode:
    """The code cell of an exercise section where the student writes ``var`` (``var = ...``/``None``, or
    ``def var(...)`` whose body returns ``...``)."""
    pattern = re.compile(rf"^(?:{var}\s*=\s*(?:\.\.\.|None\b)|def {var}\(.*\n\s+return \.\.\.)", re.M)
    found = [c for c in cells if c.cell_type == "code" and pattern.search(c.source)]
    assert len(found) == 1, f"no single placeholder for {var!r}"
    return found[0]


def sections(nb: nbformat.NotebookNode) -> list[tuple[str, list[nbformat.NotebookNode], str, str]]:
    """(title, cells, key, var) for every exercise section with a check cell."""
    out = []
    for title, cells in exercises(nb):
        for c in cells:
            if c.cell_type == "code":
                out.extend((title, cells, key, var) for key, var in CHECK.findall(c.source))
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_exercise_uses_the_one_checker(path):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert not any("def check(" in s or "def _numbers(" in s for s in code), "a pasted copy of check()"
    for title, cells in exercises(nb):
        if any(c.cell_type == "code" and CHECK.search(c.source) for c in cells):
            continue
        if path.stem in TRACK and any(c.cell_type == "code" and ENGINE_CHECK.search(c.source) for c in cells):
            continue  # the student's class, checked by check_engine or by check() on what it computes
        raise AssertionError(f"{path.stem}: '{title}' has no check(\"NN.k\", answer) cell")


def _numbers_in(value: object) -> list[float]:
    value = value.tolist() if hasattr(value, "tolist") else value
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in _numbers_in(item)]
    return [float(value)]  # type: ignore[arg-type]


def _gives_away(text: str, expected: list[float]) -> list[str]:
    """Number literals in ``text`` that state an expected value (to their own number of decimals).
    Integers below 10 are left out: they are everywhere (sizes, indices) and say nothing."""
    hits = []
    for literal in NUMBER.findall(text):
        x = float(literal.replace("−", "-"))
        decimals = len(literal.split(".")[1]) if "." in literal and "e" not in literal else 0
        for v in expected:
            if v == int(v) and abs(v) < 10:
                continue
            if (decimals >= 2 and round(v, decimals) == x) or (decimals == 0 and abs(v) >= 10 and v == x):
                hits.append(literal)
    return hits


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_answer_in_sight_before_the_solution(path):
    """The check cell, the placeholder and the text before the collapsed solution never state the answer."""
    nb = nbformat.read(path, as_version=4)
    for title, cells, key, _ in sections(nb):
        expected = _numbers_in(course.solution(key))
        before = []
        for c in cells:
            if c.cell_type == "markdown" and "<details>" in c.source:
                break
            before.append(c.source.replace(f'"{key}"', ""))
        start = nb.cells.index(cells[0])
        before.append(nb.cells[start - 1].source if start else "")   # the cell that leads into the exercise
        leaks = _gives_away("\n".join(before), expected)
        assert not leaks, f"{path.stem} '{title}': the answer {expected} is in sight before the solution: {leaks}"


def test_the_leak_finder_finds_a_leak():
    assert _gives_away("3 ops × 4 passes = **12 op visits**", [12.0]) == ["12"]
    assert _gives_away("≈ 0.7864 · (−2) ≈ −1.5729", [-1.5728954]) == ["−1.5729"]
    assert _gives_away("0.5 and 2", [0.45]) == [] and _gives_away("η = 0.25", [0.25]) == ["0.25"]
    assert _gives_away("a 3 → 4 → 2 network", [4.0]) == []


def filled(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[tuple[int, str]]]:
    """A copy of ``nb`` with every placeholder replaced by the solution in its <details> (its python block),
    or, where the solution is prose, by the key's answer. Returns it with (check cell index, key)."""
    nb = nbformat.from_dict(nb)
    for _, cells, key, var in sections(nb):
        cell = placeholder(cells, var)
        blocks = [b for c in cells if c.cell_type == "markdown" and "<details>" in c.source
                  for b in SOLUTION.findall(c.source) if var in b]
        cell.source = blocks[0] if blocks else f'{var} = __import__("course").solution("{key}")'
    return nb, [(i, key) for i, key, _ in check_cells(nb)]


@pytest.mark.parametrize("path", BY_VALUE, ids=[p.stem for p in BY_VALUE])
def test_every_solution_says_right_in_the_running_notebook(path):
    nb, checks = filled(nbformat.read(path, as_version=4))
    assert checks, f"{path.stem} has no check cells"
    run(nb, path.parent)
    for i, key in checks:
        said = "".join(o.get("text", "") for o in nb.cells[i].outputs if o.get("name") == "stdout")
        assert said.startswith("right"), f"{path.stem} exercise {key}: {said!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_stored_notebook_says_not_answered_yet(path):
    nb = nbformat.read(path, as_version=4)
    for i, key, _ in check_cells(nb):
        said = "".join(o.get("text", "") for o in nb.cells[i].outputs if o.get("name") == "stdout")
        assert said.startswith("not answered yet"), f"{path.stem} exercise {key}: {said!r}"
