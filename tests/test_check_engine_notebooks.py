"""The build-your-own track (notebooks 03-05) under a real kernel: with every placeholder filled from its
collapsed solution, every check says right and check_engine says ok; with one placeholder filled with a
classic bug, the check names that bug and nothing else."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TRACK = {n: NOTEBOOKS / f"{n}.ipynb" for n in
         ("03_build_your_own_value", "04_build_your_own_backward", "05_build_your_own_neuron")}
FENCE = re.compile(r"```python\n(.*?)```", re.S)


def solutions(nb: nbformat.NotebookNode) -> dict[int, str]:
    """Each placeholder cell's index, with the code of the first <details> solution after it."""
    found, pending = {}, None
    for i, cell in enumerate(nb.cells):
        if "placeholder" in cell.metadata.get("tags", []):
            pending = i
        elif pending is not None and cell.cell_type == "markdown" and "<details>" in cell.source:
            found[pending] = FENCE.search(cell.source).group(1)
            pending = None
    return found


def run(name: str, change: dict[str, str] | None = None) -> list[str]:
    """Fill every placeholder with its solution (``change`` maps a placeholder's "Exercise N" to other
    code), run the notebook in a fresh kernel, and return each code cell's text output."""
    nb = nbformat.read(TRACK[name], as_version=4)
    fills = solutions(nb)
    assert fills, f"{name} has no placeholder cells with solutions"
    for i, code in fills.items():
        exercise = re.search(r"Exercise \d+", nb.cells[i].source).group(0)
        nb.cells[i].source = (change or {}).get(exercise, code)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    out = []
    for cell in nb.cells:
        texts = []
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            texts.append(o.get("text", ""))
            texts.append(o.get("data", {}).get("text/markdown", "") or o.get("data", {}).get("text/plain", ""))
        out.append((cell.source if cell.cell_type == "code" else "", "".join(texts)))
    return out


def checks(outputs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The check cells: a course check or check_engine on the student's Value."""
    return [(src, text) for src, text in outputs if re.search(r"\bcheck\(\"|check_engine\(Value", src)]


@pytest.mark.parametrize("name", list(TRACK))
def test_the_solutions_pass_every_check(name):
    found = checks(run(name))
    assert len(found) >= 2
    for src, text in found:
        for key in re.findall(r'check\("(\d+\.\d+)"', src):
            assert re.search(r"^right: ", text, re.M), (key, text)
        if "check_engine(Value" in src:
            assert re.search(r"^Value: all \d+ graphs give the right (gradients|values)", text, re.M), text
        for bad in ("not answered yet", "not written yet", "cannot", "wrong", "✗"):
            assert bad not in text, (bad, src, text)


SOLUTION_04 = solutions(nbformat.read(TRACK["04_build_your_own_backward"], as_version=4))


def _backward() -> str:
    (code,) = [c for c in SOLUTION_04.values() if "def backward" in c]
    return code


def _bug(old: str, new: str) -> str:
    code = _backward()
    assert old in code, old
    return code.replace(old, new)


BFS_BACKWARD = """
def backward(self):
    order, seen = [self], {id(self)}
    for node in order:  # breadth-first from the root: no topological order
        for parent, _ in node.edges:
            if id(parent) not in seen:
                seen.add(id(parent))
                order.append(parent)
    for node in order:
        node.grad = 0.0
    self.grad = 1.0
    for node in order:
        for parent, local in node.edges:
            parent.grad += node.grad * local


Value.backward = backward
"""
RECURSIVE_ORDER = """
def topological_order(root):
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent, _ in node.edges:
                visit(parent)
            order.append(node)
    visit(root)
    return order
"""
BUGS_04 = {
    "overwrite": {"Exercise 2": _bug("parent.grad += node.grad * local", "parent.grad = node.grad * local")},
    "seed": {"Exercise 2": _bug("    self.grad = 1.0", "    pass")},
    "not zeroed": {"Exercise 2": _bug("        node.grad = 0.0", "        pass")},
    "order": {"Exercise 2": BFS_BACKWARD},
    "recursion": {"Exercise 1": RECURSIVE_ORDER},
}


@pytest.mark.parametrize("bug", list(BUGS_04))
def test_a_classic_bug_in_the_backward_placeholder_is_named(bug):
    (engine_cell,) = [text for src, text in checks(run("04_build_your_own_backward", BUGS_04[bug]))
                      if src.strip() == "check_engine(Value)"]
    assert engine_cell.strip().splitlines()[0] == f"Value: 1 problem found: {bug}", engine_cell


def test_the_wrong_operand_in_the_product_placeholder_is_named():
    nb = nbformat.read(TRACK["03_build_your_own_value"], as_version=4)
    (mul,) = [c for c in solutions(nb).values() if "def mul" in c]
    swapped = mul.replace("((self, other.data), (other, self.data))", "((self, self.data), (other, other.data))")
    assert swapped != mul
    (cell,) = [text for src, text in checks(run("03_build_your_own_value", {"Exercise 2": swapped}))
               if 'check("03.1"' in src]
    assert "wrong" in cell and "the wrong operand" in cell, cell
