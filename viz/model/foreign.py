"""Drawing graphs that are not autograd's own: a student's ``Value`` class, and check_engine's reports.

``viz.draw`` sends anything that is not an ``autograd.Value`` here, and draws what comes back:

- an :class:`autograd.testing.EngineReport` or one of its results: the graph the bug showed up on,
  with the right gradients and, beside each name whose gradient differs, the student's
  ("x · yours -4");
- a node of the student's own class: its graph, redrawn node by node in the engine (the student's
  ``data`` recomputed, the student's ``grad`` kept). viz reads only public fields: the parents from
  ``edges`` (pairs of parent and local derivative), ``parents``, ``_prev`` or ``_children``; the op
  from ``op`` or ``_op`` (``+ * tanh exp``), or else the one op whose result is the node's data;
  ``label`` if there is one. A missing field is a one-line error that says what to add.
"""

from __future__ import annotations

import math
from typing import Any

from autograd import Value
from autograd.testing import EngineReport, Result

PARENT_FIELDS = ("edges", "parents", "_prev", "_children")
OP_FIELDS = ("op", "_op")
OPS = ("+", "*", "tanh", "exp")


def as_autograd(obj: object) -> Value:
    """An autograd graph to draw for ``obj`` (a report, a result, or a student's Value)."""
    if isinstance(obj, EngineReport):
        shown = [r for r in obj.failed if r.yours] or list(obj.failed) or [r for r in obj.results if r.graph]
        if not shown:
            raise ValueError("this report has no graph to draw (the class could not build one)")
        obj = shown[0]
    if isinstance(obj, Result):
        return _compared(obj)
    if not hasattr(obj, "data") or isinstance(obj, type):
        raise TypeError(f"draw needs an autograd Value, got {type(obj).__name__} (or a Value of your own "
                        "with .data and .grad, or check_engine's report)")
    return rebuild(obj)


def _compared(result: Result) -> Value:
    if result.graph is None:
        raise ValueError(f"result {result.name!r} has no graph to draw")
    root = rebuild(result.graph)
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(node.parents)
        yours = result.yours.get(node.label)
        if yours is not None and not math.isclose(yours, node.grad, rel_tol=1e-6, abs_tol=1e-9):
            node.label = f"{node.label} · yours {yours:.4g}"
    return root


def _field(node: object, names: tuple[str, ...]) -> tuple[str, Any] | None:
    for name in names:
        if hasattr(node, name):
            return name, getattr(node, name)
    return None


def _parents(node: object) -> list[object]:
    found = _field(node, PARENT_FIELDS)
    if found is None:
        raise ValueError(f"viz.draw cannot follow {type(node).__name__}'s graph: give it an `edges` field "
                         "((parent, local derivative), ...) or `parents`")
    name, value = found
    items = list(value() if callable(value) else value)
    return [p[0] if name == "edges" else p for p in items]


def _op(node: object, parents: list[Value]) -> str:
    """The node's ``op`` field, else the one op of + * tanh exp that gives its data from its parents."""
    found = _field(node, OP_FIELDS)
    if found is not None and found[1] in OPS:
        return str(found[1])
    data = _number(node, "data")
    a = [p.data for p in (parents * 2 if len(parents) == 1 else parents)]
    fits = {"+": math.fsum(a), "*": math.prod(a)} if len(parents) != 1 else {}
    if len(parents) == 1:
        fits = {"tanh": math.tanh(a[0]), "exp": math.exp(a[0]) if a[0] < 700 else math.inf, **fits,
                "+": 2 * a[0], "*": a[0] * a[0]}
    matches = [op for op, value in fits.items() if math.isclose(value, data, rel_tol=1e-9, abs_tol=1e-12)]
    if len(matches) == 1:
        return matches[0]
    got = "no `op` field" if found is None else f"op {found[1]!r}"
    why = " and ".join(matches) + " both fit" if matches else "none of + * tanh exp fits its data"
    raise ValueError(f"viz.draw cannot tell which op made {type(node).__name__}(data={data!r}) ({why}; it has {got}): "
                     "give your Value an `op` field, '+', '*', 'tanh' or 'exp'")


def _number(node: object, name: str) -> float:
    try:
        return float(getattr(node, name))
    except (AttributeError, TypeError, ValueError):
        raise ValueError(f"viz.draw needs a number in .{name} of {type(node).__name__}, "
                         f"got {getattr(node, name, 'nothing')!r:.40}") from None


def rebuild(root: object) -> Value:
    """``root``'s graph made again in autograd, with ``root``'s grads (no recursion: any depth)."""
    made: dict[int, Value] = {}
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in made:
            continue
        parents = _parents(node)
        if not ready:
            stack.append((node, True))
            stack.extend((p, False) for p in parents if id(p) not in made)
            continue
        made[id(node)] = _one(node, [made[id(p)] for p in parents])
    return made[id(root)]


def _one(node: object, parents: list[Value]) -> Value:
    label = getattr(node, "label", "")
    label = label if isinstance(label, str) else ""
    if not parents:
        out = Value(_number(node, "data"), label=label)
    else:
        op = _op(node, parents)
        if op in ("tanh", "exp"):
            out = getattr(parents[0], op)()
        else:  # a parent kept in a set appears once: x*x, x+x
            parents = parents * 2 if len(parents) == 1 else parents
            out = parents[0]
            for p in parents[1:]:
                out = out + p if op == "+" else out * p
        out.label = label
    out.grad = _number(node, "grad")
    return out
