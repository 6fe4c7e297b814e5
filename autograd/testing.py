"""Check a student's own ``Value`` class against this engine: :func:`check_engine`.

>>> from autograd import Value
>>> report = check_engine(Value)
>>> report.ok, report.bugs
(True, ())

The checker builds a battery of small graphs twice, once with the student's class and once with
:class:`autograd.Value`, runs ``backward()`` on both and compares every gradient. It only calls
``Value(x)``, ``+``, ``*``, ``.tanh()``, ``.exp()`` and ``.backward()`` and reads ``.data`` and
``.grad``, so closures (micrograd) and edges with local derivatives (the slides) both work. Each
graph isolates one thing, so a wrong number names its bug:

=================  ================================================================  ============
bug                what the student wrote                                            graph
=================  ================================================================  ============
``seed``           ∂L/∂L left at 0 (or set to something other than 1)               L = x*y
``operand``        the local derivative of the other operand (∂(xy)/∂x = x)          L = x*y
``rule +/*/tanh``  a wrong local rule for that op                                   one op each
``counted once``   parents kept in a set or dict, so x*x has one edge, not two       L = x*x
``overwrite``      ``grad = ...`` instead of ``grad += ...``                          L = x*y + x
``order``          nodes visited without a topological order                         two diamonds
``not zeroed``     grads left from an earlier backward counted again                 x*x*x, twice
``recursion``      a recursive topological sort that dies on a deep chain            x+c1+...+cN
=================  ================================================================  ============

A later bug is looked for only when the earlier ones are absent (the seed first, then the local
rules, then reuse, then order), so each broken engine is named by its one bug. Anything the class
does wrong beyond that (no constructor, a missing op, an exception, nan, a call that hangs for
more than a few seconds) is a line of the report, never a traceback.

``viz.draw(report)`` (or ``viz.draw(report.failed[0])``) draws the graph a bug showed up on, with
the student's gradients beside the right ones. The engine itself never imports viz.
"""

from __future__ import annotations

import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .value import Value

OPS = ("+", "*", "tanh", "exp")
TIMEOUT = 5.0  # seconds per graph
BUGS: dict[str, str] = {
    "constructor": "Value(x) must store x in .data and start .grad at 0",
    "missing": "an op the checks need is not written yet",
    "forward": "an op computes the wrong .data",
    "no backward": "the class has no backward() method yet",
    "raises": "the class raised an exception",
    "nan": "a gradient or a value came out nan",
    "hang": f"a call ran for more than {TIMEOUT:g} s (an endless loop?)",
    "seed": "backward() must start with ∂L/∂L = 1 on the root (root.grad = 1)",
    "operand": "a product's local rule uses the wrong operand: ∂(x·y)/∂x is y, not x",
    "rule +": "the local rule for + is wrong: ∂(x+y)/∂x = ∂(x+y)/∂y = 1",
    "rule *": "the local rule for * is wrong: ∂(x·y)/∂x = y and ∂(x·y)/∂y = x",
    "rule tanh": "the local rule for tanh is wrong: ∂tanh(x)/∂x = 1 − tanh(x)², written with the output t",
    "rule exp": "the local rule for exp is wrong: ∂eˣ/∂x = eˣ, the output itself",
    "counted once": "x*x has two edges to x, one per use; keep parents in a list or tuple, not a set or dict",
    "overwrite": "a gradient is assigned (grad = ...) where contributions must add up (grad += ...)",
    "order": "backward must visit each node once, in reverse topological order: a node only after "
             "every node that uses it",
    "not zeroed": "a second backward() counted the first one's interior gradients again: zero every "
                  "grad in the graph before seeding (or at least the non-leaf ones)",
    "recursion": "the topological sort recursed too deep on a long chain: build it with an explicit stack",
    "deep chain": "a long chain of additions gives the wrong gradient",
}


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
RULE_OF = {"product": "rule *", "sum": "rule +", "tanh": "rule tanh", "exp": "rule exp"}


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
        diffs = [f"{k}.grad {_num(self.yours.get(k))} (right: {_num(r)})" for k, r in self.right.items()
                 if not _close(self.yours.get(k), r)]
        return f"✗ {self.name}: {self.formula}: " + ", ".join(diffs)


@dataclass(frozen=True)
class EngineReport:
    """What :func:`check_engine` found. Shows itself as its message (text, or Markdown in Jupyter)."""

    ok: bool
    bugs: tuple[str, ...]
    results: tuple[Result, ...]
    lines: tuple[str, ...]

    @property
    def message(self) -> str:
        return "\n".join(self.lines)

    @property
    def failed(self) -> tuple[Result, ...]:
        """The graphs that came out wrong, each drawable with ``viz.draw(result)``."""
        return tuple(r for r in self.results if not r.ok and r.graph is not None)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {line}" if line[:1] in "✓✗" else f"\n{line}\n" for line in self.lines)


def check_engine(cls: object, *, ops: Sequence[str] = OPS, backward: bool = True,
                 deep: int | None = None) -> EngineReport:
    """Run the student's class ``cls`` through the battery and name the bugs found.

    ``ops`` limits the checks to the ops written so far; ``backward=False`` checks only the
    forward values (before backward exists). ``deep`` is the length of the chain the recursion
    check builds (default: twice the interpreter's recursion limit, at least 2,000).
    """
    if not isinstance(cls, type):
        raise TypeError(f"check_engine needs a class (check_engine(Value)), got {_short(cls)}")
    if isinstance(ops, str) or not set(ops) <= set(OPS):
        raise ValueError(f"ops must be a sequence drawn from {OPS}, got {ops!r}")
    lines: list[str] = []
    bugs: list[str] = []

    def bug(name: str, line: str) -> None:
        if name not in bugs:
            bugs.append(name)
        lines.append(line)

    start = _start(cls)
    if start:
        bug("constructor", f"✗ {start}")
        return _report(bugs, (), lines, cls)
    ok_ops = []
    for op in ops:
        why = _has_op(cls, op)
        if why:
            bug("missing", f"✗ {op}: {why}")
        else:
            ok_ops.append(op)
    has_backward = callable(getattr(cls, "backward", None)) and not is_stub(getattr(cls, "backward", None))
    if backward and not has_backward:
        why = "not written yet (backward has an empty body)" if callable(getattr(cls, "backward", None)) \
            else "the class has no backward() method yet"
        bug("no backward", f"✗ backward: {why}")
    results = tuple(_run(cls, g, backward and has_backward) for g in BATTERY if set(g.ops) <= set(ok_ops))
    by = {r.name: r for r in results}
    for r in results:
        if r.problem:
            bug(r.problem, r.line())
    if not (backward and has_backward):
        lines.extend(r.line() for r in results if r.ok)
    else:
        _diagnose(by, bug, lines)
        if "+" in ok_ops and "seed" not in bugs and not any(r.problem for r in results):
            deep_line, deep_bug = _deep(cls, deep)
            lines.append(deep_line)
            if deep_bug == "recursion" or (deep_bug and not bugs):
                bugs.append(deep_bug)
    return _report(bugs, results, lines, cls)


def _diagnose(by: dict[str, Result], bug: Callable[[str, str], None], lines: list[str]) -> None:
    """Name the first layer of bugs the results show; later layers wait until it is fixed."""
    def bad(*names: str) -> list[Result]:
        return [by[n] for n in names if n in by and not by[n].ok and not by[n].problem]

    product = by.get("product")
    if product and not product.problem and not _close(product.yours.get("L"), 1.0):
        bug("seed", f"✗ {product.name}: {product.formula}: after backward L.grad is "
                    f"{_num(product.yours.get('L'))}, but ∂L/∂L = 1")
        lines.append("  " + BUGS["seed"])
        lines.append("  (the other graphs are checked once the seed is right)")
        return
    layers = (("product", "sum", "tanh", "exp"), ("square", "reuse"), ("diamond", "diamond mirrored"), ("twice",))
    for layer in layers:
        wrong = bad(*layer)
        for r in wrong:
            lines.append(r.line())
            if r.name == "product" and _close(r.yours.get("x"), 2.0) and _close(r.yours.get("y"), -3.0):
                bug("operand", "  " + BUGS["operand"])
            elif r.name in RULE_OF:
                bug(RULE_OF[r.name], "  " + BUGS[RULE_OF[r.name]])
        names = {r.name for r in wrong}
        if "reuse" in names:
            bug("overwrite", "  " + BUGS["overwrite"])
        elif "square" in names:
            bug("counted once", "  " + BUGS["counted once"])
        if names & {"diamond", "diamond mirrored"}:
            bug("order", "  " + BUGS["order"])
        if "twice" in names:
            bug("not zeroed", "  " + BUGS["not zeroed"])
        if wrong:
            rest = [n for later in layers[layers.index(layer) + 1:] for n in later if n in by]
            if rest:
                lines.append(f"  (checked once this is fixed: {', '.join(rest)})")
            return
        lines.extend(by[n].line() for n in layer if n in by and by[n].ok)


def _report(bugs: list[str], results: tuple[Result, ...], lines: list[str], cls: type) -> EngineReport:
    ok = not bugs
    pending = all("not written yet" in line for line in lines if line.startswith("✗"))
    checked = "gradients" if any(r.right for r in results) else "values"
    head = (f"{cls.__name__}: all {len(results)} graphs give the right {checked}" if ok else
            f"{cls.__name__}: not written yet (the parts marked ✗); run this again once they are" if pending else
            f"{cls.__name__}: {len(bugs)} problem{'s' * (len(bugs) > 1)} found: " + ", ".join(bugs))
    tail = ["viz.draw(report) draws the first wrong graph, your grads beside the right ones"] \
        if any(not r.ok and r.yours for r in results) else []
    return EngineReport(ok, tuple(bugs), results, (head, *lines, *tail))


# ---------------------------------------------------------------------------
# Running the student's code: every call bounded in time, every exception a line
# ---------------------------------------------------------------------------

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


def _short(x: object) -> str:
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


def _start(cls: type) -> str:
    if cls.__init__ is object.__init__ or is_stub(cls.__init__):  # type: ignore[misc]
        return "Value(2.0): not written yet (the class has no __init__(self, data) yet)"
    v, problem, why = _call(lambda: cls(2.0))
    if problem:
        return f"Value(2.0) raised {why}" if problem == "raises" else f"Value(2.0) {why}"
    for name, want in (("data", 2.0), ("grad", 0.0)):
        if not hasattr(v, name):
            return f"Value(2.0) has no .{name}: set self.{name} in __init__"
        if _float(getattr(v, name)) != want:
            return f"Value(2.0).{name} is {_short(getattr(v, name))}, should be {want:g}"
    return ""


def _has_op(cls: type, op: str) -> str:
    name = {"+": "__add__", "*": "__mul__"}.get(op, op)
    fn = getattr(cls, name, None)
    if not callable(fn) or fn is getattr(object, name, None):
        return f"the class has no {name} method yet" if op in "+*" else f"the class has no {op}() method yet"
    return f"not written yet ({name} has an empty body)" if is_stub(fn) else ""


def _run(cls: type, g: Graph, backward: bool) -> Result:
    graph, right_nodes = _reference(g)
    right_data = right_nodes["L"].data
    right = {k: n.grad for k, n in right_nodes.items()} if backward else {}
    if g.twice:
        right = {k: right[k] for k, _ in g.inputs} if backward else {}
    nodes, problem, why = _call(lambda: _build(cls, g))
    if problem:
        return Result(g.name, g.formula, False, graph, {}, right, problem, f"building it {why}")
    if not hasattr(nodes["L"], "data"):
        return Result(g.name, g.formula, False, graph, {}, right, "forward", f"L is {_short(nodes['L'])}, not a Value")
    data = _float(nodes["L"].data)
    if data is None or not _close(data, right_data):
        if data is not None and math.isnan(data):
            return Result(g.name, g.formula, False, graph, {}, right, "nan", "L.data is nan")
        return Result(g.name, g.formula, False, graph, {}, right, "forward",
                      f"L.data is {_short(getattr(nodes['L'], 'data', None))}, should be {right_data:.6g}")
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
        if not all(_close(first.get(k), right_once[k]) for k in right_once):
            note = ", ".join(f"{k}.grad {_num(first.get(k))} (right: {_num(r)})" for k, r in right_once.items())
            return Result(g.name, g.formula, False, graph, got, right, "", f"after the first backward {note}")
        fine = all(_close(got[k], r) for k, r in right.items()) or all(_close(got[k], 2 * r) for k, r in right.items())
        note = "" if fine else ", ".join(f"{k}.grad {_num(got[k])} after the second call "
                                         f"(right: {_num(r)} if backward zeroes the grads, {_num(2 * r)} if the "
                                         "leaves accumulate)" for k, r in right.items())
        return Result(g.name, g.formula, fine, graph, got, right, "", note)
    ok = all(_close(got[k], r) for k, r in right.items())
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


def _deep(cls: type, n: int | None) -> tuple[str, str]:
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
        return f"✗ deep chain: {formula}: backward() {why}\n  {BUGS['recursion']}", "recursion"
    if problem:
        return f"✗ deep chain: {formula}: {why}", problem
    if not _close(grad, 1.0):
        return f"✗ deep chain: {formula}: x.grad {_num(grad)} (right: 1)", "deep chain"
    return f"✓ deep chain: {formula}", ""


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _num(x: float | None) -> str:
    return "missing" if x is None else f"{x:.6g}"
