"""The fast loop's markers: registered in pyproject.toml, and every test conftest.py calls slow still exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# tests/conftest.py by its path: `import conftest` would find tests/viz/conftest.py when both are loaded
_spec = importlib.util.spec_from_file_location("tests_root_conftest", ROOT / "tests" / "conftest.py")
assert _spec is not None and _spec.loader is not None
conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conftest)
KINDS = {"browser", "jupyter", "notebooks", "wheel", "slow"}


def test_every_marker_is_registered(pytestconfig):
    assert {line.split(":")[0] for line in pytestconfig.getini("markers")} >= KINDS
    assert "--strict-markers" in pytestconfig.getini("addopts")  # a misspelt marker fails the run
    assert {m for marks in conftest.BY_FILE.values() for m in marks} <= KINDS


def test_every_slow_test_still_exists():
    gone = []
    for node in sorted(conftest.SLOW):
        file, name = node.split("::")
        path = ROOT / file
        if not path.exists():
            gone.append(node)
        elif path.suffix == ".py" and not re.search(rf"^def {re.escape(name)}\(", path.read_text(), re.M):
            gone.append(node)
    assert gone == []


def test_the_marked_files_exist():
    assert [f for f in conftest.BY_FILE if not list(ROOT.glob(f"tests/**/{f}"))] == []
