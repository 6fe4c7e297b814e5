"""viz's folders are its pipeline: model ← views ← outputs, and no module imports another in a circle.

- ``viz/model/``: from a Value to a typed model of its drawing (names, roles, the Spec, colours);
- ``viz/views/``: functions that make frames (and the texts that explain them);
- ``viz/outputs/``: what frames and models become (dot, SVG, PNG, PDF, HTML pages, decks, plots).

A folder imports only from itself and the folders before it; ``viz/__init__.py`` and
``viz/__main__.py`` sit on top and may import anything. Imports are read with ``ast`` anywhere in a
file, inside functions too, so a circle cannot hide in a function-level import.
"""

from __future__ import annotations

import ast
from pathlib import Path

VIZ = Path(__file__).resolve().parent.parent / "viz"
LAYERS = ("model", "views", "outputs")  # each may import from the ones before it


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path) -> dict[str, set[str]]:
    """Module (dotted, ``viz.views.quiz``) → the package's modules it imports, at any level of the file."""
    package = root.name
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        here = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                elif node.module and node.module.split(".")[0] == package:
                    target = node.module
                else:
                    continue
                targets.append(target)
                targets += [f"{target}.{a.name}" for a in node.names]  # from . import x: x may be a module
            elif isinstance(node, ast.Import):
                targets += [a.name for a in node.names if a.name.split(".")[0] == package]
            graph[mod] |= {t for t in targets if t in files and t != mod and t != package}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a → b → … → a), or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*path[path.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        path.pop()
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def layer(mod: str) -> int | None:
    """0, 1, 2 for viz.model.*, viz.views.*, viz.outputs.*; None for the package's own top files."""
    parts = mod.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} imports {n}" for m, ns in graph.items() for n in ns
                  if layer(m) is not None and (layer(n) is None or layer(n) > layer(m)))  # type: ignore[operator]


def fake(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "viz"
    for name, text in {"__init__.py": "", "model/__init__.py": "", "views/__init__.py": "",
                       "outputs/__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_walk_sees_imports_inside_functions_and_both_rules_can_fail(tmp_path):
    root = fake(tmp_path, {
        "model/spec.py": "def f():\n    from ..views import steps\n",  # upward, hidden in a function
        "views/steps.py": "from ..model.spec import Spec\nimport viz.outputs.dot\n",  # upward too
        "outputs/dot.py": "from . import page\n",
        "outputs/page.py": "from .dot import x\n",  # a circle: dot → page → dot
    })
    graph = imports(root)
    assert graph["viz.model.spec"] == {"viz.views", "viz.views.steps"}
    assert graph["viz.views.steps"] == {"viz.model.spec", "viz.outputs.dot"}
    assert upward(graph) == ["viz.model.spec imports viz.views", "viz.model.spec imports viz.views.steps",
                             "viz.views.steps imports viz.outputs.dot"]
    assert cycle(graph) in (["viz.model.spec", "viz.views.steps", "viz.model.spec"],
                            ["viz.outputs.dot", "viz.outputs.page", "viz.outputs.dot"])


def test_viz_folders_are_its_pipeline_and_it_has_no_import_circle():
    graph = imports(VIZ)
    assert {"viz.model.spec", "viz.views.frames", "viz.views.steps", "viz.outputs.stepper"} <= graph.keys()
    assert "viz.views.frames" in graph["viz.outputs.stepper"]  # the walk sees real imports
    assert {layer(m) for m in graph} == {None, 0, 1, 2}
    assert [m for m in graph if layer(m) is None] == sorted(["viz", "viz.__main__"], key=list(graph).index)
    assert upward(graph) == []
    found = cycle(graph)
    assert found is None, " → ".join(found or [])


def test_every_module_says_its_place_in_the_pipeline():
    """Each module opens with a docstring; each folder's says what it is, and lists its modules."""
    for path in VIZ.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()[0]) > 20, path
    for folder in LAYERS:
        doc = ast.get_docstring(ast.parse((VIZ / folder / "__init__.py").read_text(encoding="utf-8"))) or ""
        missing = [p.stem for p in (VIZ / folder).glob("*.py") if p.stem != "__init__" and f"{p.stem}" not in doc]
        assert missing == [], f"viz/{folder}/__init__.py does not list {missing}"
