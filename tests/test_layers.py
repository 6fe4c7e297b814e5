"""Layers point down: autograd imports only the standard library (and itself); viz shows Values."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from helpers import import_or_fail_in_ci

ENGINE = Path(__file__).resolve().parent.parent / "autograd"


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) for every import in a file, however deeply nested (methods too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." if node.level else (node.module or "").split(".")[0]))
    return found


def test_the_engine_imports_only_the_standard_library():
    files = sorted(ENGINE.glob("*.py"))
    assert len(files) >= 7
    bad = [f"{f.name}:{line} imports {mod}" for f in files for line, mod in imports_of(f)
           if mod not in (".", "autograd", "__future__") and mod not in sys.stdlib_module_names]
    assert bad == []


def test_the_walk_would_catch_an_upward_import(tmp_path):
    sneaky = tmp_path / "m.py"
    sneaky.write_text("def f():\n    from viz import mimebundle\n    import numpy as np\n")
    assert imports_of(sneaky) == [(2, "viz"), (3, "numpy")]


def test_viz_registers_a_jupyter_formatter_for_values():
    ipython = import_or_fail_in_ci("IPython")
    import viz
    from autograd import Value

    assert not hasattr(Value, "_repr_mimebundle_")  # the engine knows nothing of displays
    shell = ipython.core.interactiveshell.InteractiveShell.instance()
    viz.load_ipython_extension(shell)  # what `%load_ext viz` (or importing viz in Jupyter) does
    x = Value(2.0, label="x")
    data, _ = shell.display_formatter.format(x * 3)
    assert "image/svg+xml" in data or "Graphviz" in data["text/plain"]
    assert data["text/plain"].startswith("Value(data=6.0")


@pytest.mark.parametrize("statement", ["import viz", "import viz; import IPython"])
def test_importing_viz_inside_ipython_registers_it(statement, tmp_path):
    import_or_fail_in_ci("IPython")
    import subprocess

    code = ("from IPython.core.interactiveshell import InteractiveShell; sh = InteractiveShell.instance(); "
            f"{statement}; from autograd import Value; "
            "print(sorted(sh.display_formatter.format(Value(1.0) * 2)[0]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert "image/svg+xml" in out.stdout


NETWORKS = ENGINE.parent / "nn"


def test_nn_does_not_import_viz():
    files = sorted(NETWORKS.glob("*.py"))
    assert len(files) >= 5
    assert [f"{f.name}:{line} imports viz" for f in files for line, mod in imports_of(f) if mod == "viz"] == []


@pytest.mark.parametrize(("package", "must_not_load"), [("autograd", ["nn", "viz"]), ("nn", ["viz"])])
def test_importing_a_layer_loads_nothing_above_it(package, must_not_load):
    """In a fresh process: what importing a package (and every module in it) pulls in."""
    import subprocess

    code = (f"import importlib, pkgutil, sys, {package}\n"
            f"for m in pkgutil.iter_modules({package}.__path__):\n"
            f"    importlib.import_module('{package}.' + m.name)\n"
            f"print(sorted({{n.split('.')[0] for n in sys.modules}} & {set(must_not_load)!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         cwd=ENGINE.parent)
    assert out.stdout.strip() == "[]"
