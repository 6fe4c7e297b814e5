"""Independent checks of the engine: finite differences, and forward mode.

``gradcheck`` compares ``backward()`` with central differences, and
``check_edges`` each edge's local derivative (what an op's rule said) with
central differences of that op's forward alone: when gradcheck fails, the edge
check finds the rule to blame.
``Dual`` numbers carry a value and a tangent through the *same* op table, so
forward mode reuses every local derivative; ``forward_mode_grad`` and
``reverse_mode_grad`` count what each mode costs (the lecture's example A).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from . import replay
from .backward import backward, topological_order, zero_grad
from .ops import LEAKY_SLOPE, OPS, Op, is_real
from .value import Number, Value, as_float, describe, no_grad

EPS, ATOL, RTOL = 1e-6, 1e-5, 1e-3  # PyTorch's gradcheck defaults


class GradcheckError(AssertionError):
    """backward() and finite differences disagree; the message names the input (and the op to blame)."""


def close(analytic: float, numerical: float, atol: float = ATOL, rtol: float = RTOL) -> bool:
    """PyTorch's test, ``|analytic - numerical| <= atol + rtol·|numerical|``; equal infinities agree."""
    if analytic == numerical:
        return True
    return abs(analytic - numerical) <= atol + rtol * abs(numerical)


# ---------------------------------------------------------------------------
# Whole-graph and per-edge finite differences (drawings with check=True use these)
# ---------------------------------------------------------------------------


def numeric_grads(root: Value, eps: float = EPS) -> dict[Value, float]:
    """∂root/∂v by central differences for every node v: perturb v, recompute what follows."""
    order = topological_order(root)
    index = {n: i for i, n in enumerate(order)}
    parents = [[index[p] for p in n.parents] for n in order]
    base = [n.data for n in order]
    out = {}
    for i, node in enumerate(order):
        ends = []
        for delta in (eps, -eps):
            vals = base.copy()
            vals[i] += delta
            for j in range(i + 1, len(order)):
                if parents[j]:
                    vals[j] = replay.forward(order[j], [vals[k] for k in parents[j]])
            ends.append(vals[-1])
        out[node] = (ends[0] - ends[1]) / (2 * eps)
    return out


def analytic_grads(root: Value) -> dict[Value, float]:
    """∂root/∂v from one fresh backward pass; everyone's grads are restored afterwards."""
    order = topological_order(root)
    saved = [n.grad for n in order]
    try:
        zero_grad(root)
        backward(root)
        return {n: n.grad for n in order}
    finally:
        for n, g in zip(order, saved, strict=True):
            n.grad = g


@dataclass(frozen=True)
class EdgeCheck:
    """One edge's local derivative: what the op's rule gave, and what finite differences give."""

    node: Value  # the op's output
    index: int  # which edge of node (0 for the first input)
    parent: Value
    op: str  # the op's name in the table
    rule: float  # the local derivative stored on the edge
    numeric: float  # central difference of the op's forward in that input

    @property
    def ok(self) -> bool:
        return close(self.rule, self.numeric) or (math.isnan(self.rule) and math.isnan(self.numeric))

    def __str__(self) -> str:
        p = self.parent
        who = f"{p.label} = {p.data!r}" if p.label else describe(p)
        return (f"op {self.op!r}, input {self.index} ({who}): your rule {self.rule!r}, "
                f"finite differences {self.numeric!r}")


def check_edges(root: Value, eps: float = EPS) -> list[EdgeCheck]:
    """Every edge of root's graph: its local derivative against finite differences of its op alone.

    >>> from autograd import Value, check_edges
    >>> x = Value(0.5, label="x")
    >>> [str(e) for e in check_edges(x.tanh()) if not e.ok]
    []
    """
    checks = []
    for node in topological_order(root):
        data = [p.data for p in node.parents]
        for k, (parent, local) in enumerate(node.edges):
            up, down = data.copy(), data.copy()
            up[k] += eps
            down[k] -= eps
            numeric = (replay.forward(node, up) - replay.forward(node, down)) / (2 * eps)
            checks.append(EdgeCheck(node, k, parent, replay.op_of(node).name, local, numeric))
    return checks


def _leaves(inputs: Sequence[Number | Value]) -> list[Value]:
    if isinstance(inputs, Value) or is_real(inputs):
        raise TypeError("gradcheck inputs must be a sequence of numbers or Values, e.g. [2.0, 1.0]")
    leaves = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value):
            leaves.append(Value(x.data, label=x.label or f"inputs[{i}]"))
        else:
            leaves.append(Value(as_float(x, f"gradcheck input {i}"), label=f"inputs[{i}]"))
    return leaves


def _call(f: Callable[..., Value], args: list[Value]) -> Value:
    out = f(*args)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    return out


def gradcheck(f: Callable[..., Value], inputs: Sequence[Number | Value], eps: float = EPS,
              atol: float = ATOL, rtol: float = RTOL) -> bool:
    """True if backward() agrees with central differences for every input, else raise.

    ``f`` takes one Value per input and returns a Value. The numerical estimate
    is (f(x+eps) - f(x-eps)) / (2 eps); they agree when
    ``|analytic - numerical| <= atol + rtol * |numerical|`` (PyTorch's test).

    >>> from autograd import gradcheck
    >>> gradcheck(lambda x, y: (x * y).tanh(), [0.5, -1.5])
    True
    """
    leaves = _leaves(inputs)
    out = _call(f, leaves)
    out.backward()
    for i, leaf in enumerate(leaves):
        analytic = leaf.grad
        with no_grad():
            shifted = [Value(v.data) for v in leaves]
            shifted[i].data = leaf.data + eps
            up = _call(f, shifted).data
            shifted[i].data = leaf.data - eps
            down = _call(f, shifted).data
        numerical = (up - down) / (2 * eps)
        if not close(analytic, numerical, atol, rtol):
            bad = next((e for e in check_edges(out, eps) if not e.ok), None)
            blame = f"; the local derivative of {bad}" if bad else ""
            raise GradcheckError(
                f"gradcheck failed for input {i} ({leaf.label} = {leaf.data!r}): "
                f"backward gives {analytic!r}, finite differences give {numerical!r}{blame}"
            )
    return True


# ---------------------------------------------------------------------------
# Forward mode
# ---------------------------------------------------------------------------


def _dual_op(name: str) -> Callable[..., Dual]:
    """A Dual method for the op ``name``, applying its row of the table."""
    op = OPS[name]

    def method(self: Dual, *others: Dual | Number) -> Dual:
        return self._apply(op, *others)

    method.__name__ = method.__qualname__ = name
    return method


class Dual:
    """A dual number ``value + tangent·ε`` (ε² = 0): one forward-mode pass carries
    d(value)/d(seed input) alongside the value.

    Every op comes from the op table: value = op.forward(...), tangent = Σ local·tangent.
    ``Dual.counts`` tallies the derivative work: per op name, how many times a
    node of that op propagated a non-zero tangent, and ``tangent *`` /
    ``tangent +`` for the products and sums that took.

    >>> from autograd import Dual
    >>> x = Dual(3.0, 1.0)      # seed: dx/dx = 1
    >>> y = x * x + 2 * x
    >>> y.value, y.tangent      # 15 and dy/dx = 2x + 2
    (15.0, 8.0)
    """

    __slots__ = ("value", "tangent")
    counts: ClassVar[Counter[str]] = Counter()

    def __init__(self, value: Number, tangent: Number = 0.0) -> None:
        self.value = as_float(value, "Dual value")
        self.tangent = as_float(tangent, "Dual tangent")

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, tangent={self.tangent!r})"

    @staticmethod
    def _lift(x: Dual | Number) -> Dual:
        return x if isinstance(x, Dual) else Dual(x)  # a constant: tangent 0

    @staticmethod
    def apply(op: Op, *args: Dual | Number) -> Dual:
        """Apply any row of the op table (a :func:`~autograd.define_op` op too) to Duals and numbers."""
        return Dual._lift(args[0])._apply(op, *args[1:])

    def _apply(self, op: Op, *others: Dual | Number) -> Dual:
        args = (self, *[Dual._lift(o) for o in others])
        values = [a.value for a in args]
        out = op.forward(*values)
        locals_ = op.local(*values, out)
        terms = [local * a.tangent for local, a in zip(locals_, args, strict=True) if a.tangent != 0.0]
        if terms:
            Dual.counts[op.name] += 1
        Dual.counts["tangent *"] += len(terms)
        Dual.counts["tangent +"] += max(len(terms) - 1, 0)
        return Dual(out, sum(terms))

    def __radd__(self, o: Number) -> Dual:
        return Dual._lift(o) + self

    def __rsub__(self, o: Number) -> Dual:
        return Dual._lift(o) - self

    def __rmul__(self, o: Number) -> Dual:
        return Dual._lift(o) * self

    def __rtruediv__(self, o: Number) -> Dual:
        return Dual._lift(o) / self

    def __rpow__(self, o: Number) -> Dual:
        return Dual._lift(o) ** self

    def leaky_relu(self, slope: float = LEAKY_SLOPE) -> Dual:
        return self._apply(OPS["leaky_relu"], slope)

    # every other op, straight from its row of the table
    __add__ = _dual_op("add")
    __sub__ = _dual_op("sub")
    __mul__ = _dual_op("mul")
    __truediv__ = _dual_op("div")
    __pow__ = _dual_op("pow")
    max = _dual_op("max")
    __neg__ = _dual_op("neg")
    __abs__ = _dual_op("abs")
    exp = _dual_op("exp")
    log = _dual_op("log")
    tanh = _dual_op("tanh")
    sigmoid = _dual_op("sigmoid")
    relu = _dual_op("relu")
    softplus = _dual_op("softplus")
    sin = _dual_op("sin")
    cos = _dual_op("cos")
    sqrt = _dual_op("sqrt")


def forward_mode_grad(f: Callable[..., Dual], inputs: Sequence[Number]) -> tuple[list[float], Counter[str]]:
    """All partials of ``f`` by forward mode: one pass per input, seeding that input's tangent.

    Returns the gradient and the counts: ``passes`` (derivative passes) and, per
    op name, how many times a node of that op propagated a derivative.

    The lecture's example A, y = (x1+x2)(x3+x4): 4 passes, and in each pass one
    of the two additions carries the seeded derivative, so 4 additions in all.

    >>> from autograd import forward_mode_grad
    >>> grads, counts = forward_mode_grad(lambda a, b, c, d: (a + b) * (c + d), [1, 2, 3, 4])
    >>> grads, counts["passes"], counts["add"]
    ([7.0, 7.0, 3.0, 3.0], 4, 4)
    """
    xs = [as_float(x, f"input {i}") for i, x in enumerate(inputs)]
    Dual.counts = Counter()
    grads = []
    for i in range(len(xs)):
        out = f(*[Dual(x, 1.0 if j == i else 0.0) for j, x in enumerate(xs)])
        grads.append(out.tangent)
    counts = Dual.counts
    counts["passes"] = len(xs)
    return grads, counts


def reverse_mode_grad(f: Callable[..., Value], inputs: Sequence[Number]) -> tuple[list[float], Counter[str]]:
    """All partials of ``f`` by reverse mode: one forward pass, then one backward pass.

    The counts are comparable with :func:`forward_mode_grad`'s: ``passes``
    (derivative passes: always 1) and, per op name, how many times a node of
    that op propagated a derivative (each op node once), plus ``backward *`` /
    ``backward +`` for the edge products and accumulations.

    Example A again: one pass, and each addition is visited once: 2 additions.
    It is dynamic programming: ∂y/∂z1 = z2 is computed once and shared by x1 and x2.

    >>> from autograd import reverse_mode_grad
    >>> grads, counts = reverse_mode_grad(lambda a, b, c, d: (a + b) * (c + d), [1, 2, 3, 4])
    >>> grads, counts["passes"], counts["add"]
    ([7.0, 7.0, 3.0, 3.0], 1, 2)
    """
    leaves = [Value(as_float(x, f"input {i}"), label=f"x{i + 1}") for i, x in enumerate(inputs)]
    out = f(*leaves)
    counts: Counter[str] = Counter()
    for node in topological_order(out):
        if node.op:
            counts[replay.op_of(node).name] += 1
            counts["backward *"] += len(node.edges)
            counts["backward +"] += len(node.edges)
    backward(out)
    counts["passes"] = 1
    return [leaf.grad for leaf in leaves], counts

