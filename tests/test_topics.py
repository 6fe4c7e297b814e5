"""The topic notebooks 07, 12, 16 and 19: their check cells show no answer, and 19 runs cleanly without PyTorch."""

from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = {stem: ROOT / "notebooks" / f"{stem}.ipynb" for stem in (
    "07_gradient_descent", "12_jacobians_and_the_l_layer_recursion", "16_gates_init_and_sanity_checks",
    "19_pytorch_and_vector_jacobian_products")}
CHECK_CELL = re.compile(r"""^check\("(\d\d)\.\d+", answer_\w+\)$""")


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_each_check_cell_names_only_its_key_and_the_answer_variable(stem):
    """The expected value lives in notebooks/course/nNN.py: a check cell holds nothing a student could read off."""
    cells = nbformat.read(NOTEBOOKS[stem], as_version=4).cells
    checks = [c.source.strip() for c in cells if c.cell_type == "code" and "check(" in c.source
              and "import" not in c.source]
    assert len(checks) >= 2, checks
    for source in checks:
        match = CHECK_CELL.match(source)
        assert match, f"{stem}: a check cell holds more than the key and the answer: {source!r}"
        assert match.group(1) == stem[:2]


def test_19_runs_without_torch_and_says_so_in_one_line(tmp_path, monkeypatch):
    """sitecustomize sets sys.modules['torch'] = None in the kernel, so find_spec('torch') is None there."""
    (tmp_path / "sitecustomize.py").write_text('import sys\nsys.modules["torch"] = None\n')
    path = os.pathsep.join([str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path)
    nb = nbformat.read(NOTEBOOKS["19_pytorch_and_vector_jacobian_products"], as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()   # raises on any error
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert text.count("PyTorch is not installed") == 1
    assert "torch:" not in text and "torch.func" not in text       # no PyTorch cell did its work
    assert "engine vᵀJ" in text and "J from 2 engine backward passes" in text   # the engine's cells still ran


def test_the_sitecustomize_trick_really_hides_torch(tmp_path):
    import subprocess

    (tmp_path / "sitecustomize.py").write_text('import sys\nsys.modules["torch"] = None\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", "import importlib.util; print(importlib.util.find_spec('torch'))"],
                         capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert out == "None"


sys.path.insert(0, str(ROOT / "notebooks"))
import course  # noqa: E402

HAND = {   # each key's answer by hand or with math/numpy, never from the keys' engine code
    "07.1": [1 - 0.1 * 2, 0 - 0.1 * (0 + 1 * math.cos(0))],         # ∇f(1, 0) = (2x + y cos xy, 6y + x cos xy)
    "07.2": 0.05 / 40, "07.3": 3 * 30,
    "12.1": np.diag(1 - np.tanh([0.5, -1.0, 2.0]) ** 2).tolist(),
    "12.2": (np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0], [2.0, 0.0, 1.0]]).T @ np.array([0.5, -1.0, 2.0])).tolist(),
    "16.1": [3 * 5, 3 * -2, 0, 3], "16.2": math.sqrt(2 / 256), "16.3": math.log(10),
    "19.1": [2 * 2 - 1, 2 * 1, -6], "19.2": (2, 3),
}


@pytest.mark.parametrize("key", sorted(HAND))
def test_the_key_agrees_with_a_hand_value(key):
    expected = course.solution(key)
    assert np.shape(expected) == np.shape(HAND[key])
    assert np.allclose(np.asarray(expected, dtype=float), np.asarray(HAND[key], dtype=float), rtol=1e-9, atol=1e-12)


def test_every_topic_key_has_a_hand_value():
    assert sorted(HAND) == [k for k in course.keys() if k[:2] in {"07", "12", "16", "19"}]
