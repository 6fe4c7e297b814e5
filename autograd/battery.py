"""The graphs :func:`autograd.testing.check_engine` runs a student's class through, and how it runs
them: every call bounded in time, every exception a line, the same graph built in this engine for the
right numbers. Standard library only."""

from __future__ import annotations

import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .value import Value

TIMEOUT = 5.0  # seconds per graph


def _product(v: dict[str, Any]) -> dict[str, Any]:
    return {"L": v["x"] * v["y"]}


def _sum(v: dict[str, Any]) -> dict[str, Any]:
    return {"L": v["x"] + v["y"]}


def _tanh(v: dict[str, Any]) -> dict[str, Any]:
    return {"L": v["x"].tanh()}


def _exp(v: dict[str, Any]) -> dict[str, Any]:
    return {"L": v["x"].exp()}


def _square(v: dict[str, Any]) -> dict[str, Any]:
    return {"L": v["x"] * v["x"]}


def _reuse(v: dict[str, Any]) -> dict[str, Any]:
    a = v["x"] * v["y"]
    return {"a": a, "L": a + v["x"]}


def _diamond(v: dict[str, Any]) -> dict[str, Any]:
    h = v["x"] * v["y"]
    q = h + v["z"]
    return {"h": h, "q": q, "L": h * q}


def _diamond_mirrored(v: dict[str, Any]) -> dict[str, Any]:
    h = v["x"] * v["y"]
    q = h + v["z"]
    return {"h": h, "q": q, "L": q * h}


def _cube(v: dict[str, Any]) -> dict[str, Any]:
    a = v["x"] * v["x"]
    return {"a": a, "L": a * v["x"]}


@dataclass(frozen=True)
class Graph:
    """One small graph of the battery: its name, its formula, its inputs and how to build it."""

    name: str
    formula: str
    inputs: tuple[tuple[str, float], ...]
    ops: tuple[str, ...]
    build: Callable[[dict[str, Any]], dict[str, Any]]
    twice: bool = False  # run backward twice and compare the leaves after the second call


XY = (("x", 2.0), ("y", -3.0))
XYZ = (("x", 0.5), ("y", 4.0), ("z", -3.0))
BATTERY = (
    Graph("product", "L = x*y", XY, ("*",), _product),
    Graph("sum", "L = x + y", XY, ("+",), _sum),
    Graph("tanh", "L = tanh(x)", (("x", 0.5),), ("tanh",), _tanh),
    Graph("exp", "L = exp(x)", (("x", 0.5),), ("exp",), _exp),
    Graph("square", "L = x*x", (("x", 3.0),), ("*",), _square),
    Graph("reuse", "a = x*y; L = a + x", XY, ("+", "*"), _reuse),
    Graph("diamond", "h = x*y; q = h + z; L = h*q", XYZ, ("+", "*"), _diamond),
    Graph("diamond mirrored", "h = x*y; q = h + z; L = q*h", XYZ, ("+", "*"), _diamond_mirrored),
    Graph("twice", "a = x*x; L = a*x, backward() called twice", (("x", 2.0),), ("*",), _cube, twice=True),
)


@dataclass(frozen=True)
class Result:
    """One graph of the battery, run on the student's class: ``graph`` is the same graph in this
    engine with the right grads (labels x, y, h, ..., L); ``yours`` the student's grads by label."""

    name: str
    formula: str
    ok: bool
    graph: Value | None
    yours: dict[str, float] = field(default_factory=dict)
    right: dict[str, float] = field(default_factory=dict)
    problem: str = ""  # "raises", "nan", "hang", "missing", "forward" or "" (wrong or right grads)
    note: str = ""

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.name}: {self.formula}" + ("" if self.right else " (its value; no backward yet)")
        if self.note:
            return f"✗ {self.name}: {self.formula}: {self.note}"
        diffs = [f"{k}.grad {num(self.yours.get(k))} (right: {num(r)})" for k, r in self.right.items()
                 if not close(self.yours.get(k), r)]
        return f"✗ {self.name}: {self.formula}: " + ", ".join(diffs)




class _Hang(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Hang after ``seconds`` (POSIX, main thread); elsewhere no limit."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _Hang

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def short(x: object) -> str:
    try:
        text = repr(x)
    except Exception:
        text = "?"
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(x).__name__} {text}"


def _why(e: BaseException) -> str:
    if isinstance(e, _Hang):
        return f"did not finish within {TIMEOUT:g} s"
    first = str(e).splitlines()[0][:120] if str(e) else ""
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


def _call(f: Callable[[], Any]) -> tuple[Any, str, str]:
    """(result, problem, why): problem is "" when f returned."""
    try:
        with _time_limit(TIMEOUT):
            return f(), "", ""
    except _Hang as e:
        return None, "hang", _why(e)
    except (Exception, SystemExit) as e:  # the student's code may raise anything
        return None, "raises", _why(e)


def _float(x: object) -> float | None:
    try:
        return float(x)  # type: ignore[arg-type]
    except Exception:
        return None


def _stub() -> None: ...


def is_stub(fn: object) -> bool:
    """True for a function whose body is only ``...`` or ``pass``: an exercise not written yet.

    >>> def f(x): ...
    >>> def g(x): return x
    >>> is_stub(f), is_stub(g), is_stub(3)
    (True, False, False)
    """
    code = getattr(fn, "__code__", None)
    return code is not None and code.co_code == _stub.__code__.co_code


def start(cls: type) -> str:
    if cls.__init__ is object.__init__ or is_stub(cls.__init__):  # type: ignore[misc]
        return "Value(2.0): not written yet (the class has no __init__(self, data) yet)"
    v, problem, why = _call(lambda: cls(2.0))
    if problem:
        return f"Value(2.0) raised {why}" if problem == "raises" else f"Value(2.0) {why}"
    for name, want in (("data", 2.0), ("grad", 0.0)):
        if not hasattr(v, name):
            return f"Value(2.0) has no .{name}: set self.{name} in __init__"
        if _float(getattr(v, name)) != want:
            return f"Value(2.0).{name} is {short(getattr(v, name))}, should be {want:g}"
    return ""


def has_op(cls: type, op: str) -> str:
    name = {"+": "__add__", "*": "__mul__"}.get(op, op)
    fn = getattr(cls, name, None)
    if not callable(fn) or fn is getattr(object, name, None):
        return f"the class has no {name} method yet" if op in "+*" else f"the class has no {op}() method yet"
    return f"not written yet ({name} has an empty body)" if is_stub(fn) else ""


def run_graph(cls: type, g: Graph, backward: bool) -> Result:
    graph, right_nodes = _reference(g)
    right_data = right_nodes["L"].data
    right = {k: n.grad for k, n in right_nodes.items()} if backward else {}
    if g.twice:
        right = {k: right[k] for k, _ in g.inputs} if backward else {}
    nodes, problem, why = _call(lambda: _build(cls, g))
    if problem:
        return Result(g.name, g.formula, False, graph, {}, right, problem, f"building it {why}")
    if not hasattr(nodes["L"], "data"):
        return Result(g.name, g.formula, False, graph, {}, right, "forward", f"L is {short(nodes['L'])}, not a Value")
    data = _float(nodes["L"].data)
    if data is None or not close(data, right_data):
        if data is not None and math.isnan(data):
            return Result(g.name, g.formula, False, graph, {}, right, "nan", "L.data is nan")
        return Result(g.name, g.formula, False, graph, {}, right, "forward",
                      f"L.data is {short(getattr(nodes['L'], 'data', None))}, should be {right_data:.6g}")
    if not backward:
        return Result(g.name, g.formula, True, graph)
    calls = 2 if g.twice else 1
    first: dict[str, float | None] = {}
    for i in range(calls):
        _, problem, why = _call(nodes["L"].backward)
        if problem:
            return Result(g.name, g.formula, False, graph, {}, right, problem, f"backward() {why}")
        if i == 0 and g.twice:
            first = {k: _float(getattr(nodes[k], "grad", None)) for k, _ in g.inputs}
    yours = {k: _float(getattr(nodes[k], "grad", None)) for k in right}
    if any(y is None for y in yours.values()):
        missing = [k for k, y in yours.items() if y is None]
        return Result(g.name, g.formula, False, graph, {}, right, "raises", f"{missing[0]}.grad is not a number")
    got = {k: y for k, y in yours.items() if y is not None}
    if any(math.isnan(y) for y in got.values()):
        return Result(g.name, g.formula, False, graph, got, right, "nan", "a grad is nan")
    if g.twice:
        right_once = {k: right[k] for k in right}
        if not all(close(first.get(k), right_once[k]) for k in right_once):
            note = ", ".join(f"{k}.grad {num(first.get(k))} (right: {num(r)})" for k, r in right_once.items())
            return Result(g.name, g.formula, False, graph, got, right, "", f"after the first backward {note}")
        fine = all(close(got[k], r) for k, r in right.items()) or all(close(got[k], 2 * r) for k, r in right.items())
        note = "" if fine else ", ".join(f"{k}.grad {num(got[k])} after the second call "
                                         f"(right: {num(r)} if backward zeroes the grads, {num(2 * r)} if the "
                                         "leaves accumulate)" for k, r in right.items())
        return Result(g.name, g.formula, fine, graph, got, right, "", note)
    ok = all(close(got[k], r) for k, r in right.items())
    return Result(g.name, g.formula, ok, graph, got, right)


def _build(cls: type, g: Graph) -> dict[str, Any]:
    leaves = {k: cls(x) for k, x in g.inputs}
    return {**leaves, **g.build(leaves)}


def _reference(g: Graph) -> tuple[Value, dict[str, Value]]:
    leaves = {k: Value(x, label=k) for k, x in g.inputs}
    nodes: dict[str, Value] = {**leaves, **g.build(leaves)}
    for k, n in nodes.items():
        n.label = k
    nodes["L"].backward()
    return nodes["L"], nodes


def deep_chain(cls: type, n: int | None) -> tuple[str, str]:
    """A chain of additions longer than the recursion limit: (its line, the bug or "")."""
    depth = n if n is not None else max(2000, 2 * sys.getrecursionlimit())
    formula = f"L = x + c1 + c2 + ... + c{depth}"

    def run() -> float | None:
        x = cls(1.0)
        v = x
        for _ in range(depth):
            v = v + cls(0.5)
        v.backward()
        return _float(getattr(x, "grad", None))

    grad, problem, why = _call(run)
    if "RecursionError" in why:
        return f"✗ deep chain: {formula}: backward() {why}", "recursion"
    if problem:
        return f"✗ deep chain: {formula}: {why}", problem
    if not close(grad, 1.0):
        return f"✗ deep chain: {formula}: x.grad {num(grad)} (right: 1)", "deep chain"
    return f"✓ deep chain: {formula}", ""


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def num(x: float | None) -> str:
    return "missing" if x is None else f"{x:.6g}"

