"""Value: one scalar in a computation graph.

A Value holds its number (``data``), the gradient ∂L/∂self filled in by
``backward()`` (``grad``), a ``label`` for drawings, the ``op`` symbol that made
it, and its ``edges``: one ``(parent, local derivative)`` pair per use of a
parent, in order. The local derivatives are computed here, in the forward pass,
from the op table (``ops.py``); ``backward()`` then only multiplies and adds.

Every op follows the same four steps: coerce ``other``, compute the output with
the table's ``forward``, compute the local derivatives with the table's
``local``, and record them as edges.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Union

from .ops import OPS, Op

Number = Union[int, float]
Operand = Union["Value", int, float]


class NonFiniteError(FloatingPointError):
    """Raised under :func:`check_finite` by the first value or gradient that is inf or nan."""


class _Mode:
    """Process-wide switches, flipped by :func:`no_grad` and :func:`check_finite`."""

    grad = True  # record edges?
    check = False  # raise on the first non-finite value or gradient?


# Every Value is stamped with a creation number. A node can only be built from
# nodes that already exist, so sorting by this number is a topological order.
_stamp = itertools.count()


def as_float(x: object, what: str = "Value") -> float:
    """``x`` as a float; a TypeError naming the type for anything but a real number."""
    if type(x) is float:
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{what} needs a real number, got {type(x).__name__}: {x!r:.60}")
    try:
        return float(x)
    except OverflowError:
        raise ValueError(f"{what}: the number {x!r:.40} is too large for a float") from None


class Value:
    """A scalar that remembers how it was computed.

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 1
    >>> y.backward()
    >>> y.data, x.grad
    (5.0, 4.0)
    """

    __slots__ = ("data", "grad", "label", "op", "const", "_edges", "_stamp")

    data: float
    grad: float
    label: str
    op: str
    const: float | None
    _edges: tuple[tuple[Value, float], ...]
    _stamp: int

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = as_float(data)
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.grad = 0.0
        self.label = label
        self.op = ""  # a leaf: made by the user, not by an op
        self.const = None  # an op's constant argument: the 2 of x**2, the slope of leaky_relu
        self._edges = ()
        self._stamp = next(_stamp)

    # -- the graph, read-only ------------------------------------------------

    @property
    def edges(self) -> tuple[tuple[Value, float], ...]:
        """``((parent, ∂self/∂parent), ...)``, one entry per use, in operand order."""
        return self._edges

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, one entry per use (``a*a`` gives two)."""
        return tuple(parent for parent, _ in self._edges)

    @property
    def is_leaf(self) -> bool:
        """True for a Value with no edges: an input, a parameter, a constant."""
        return not self._edges

    # micrograd spells these _prev and _op; kept so its draw_dot code still runs.
    @property
    def _prev(self) -> set[Value]:
        return set(self.parents)

    @property
    def _op(self) -> str:
        return self.op

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # -- binary ops ------------------------------------------------------------

    def __add__(self, other: Operand) -> Value:
        return _binary(_ADD, self, other)

    def __radd__(self, other: Number) -> Value:  # 2 + x; addition commutes
        return _binary(_ADD, self, other)

    def __sub__(self, other: Operand) -> Value:
        return _binary(_SUB, self, other)

    def __rsub__(self, other: Number) -> Value:  # 2 - x
        return _binary(_SUB, _constant(other), self)

    def __mul__(self, other: Operand) -> Value:
        return _binary(_MUL, self, other)

    def __rmul__(self, other: Number) -> Value:  # 2 * x; multiplication commutes
        return _binary(_MUL, self, other)

    def __truediv__(self, other: Operand) -> Value:
        return _binary(_DIV, self, other)

    def __rtruediv__(self, other: Number) -> Value:  # 2 / x
        return _binary(_DIV, _constant(other), self)

    def __pow__(self, other: Operand) -> Value:
        return _binary(_POW, self, other)

    def __rpow__(self, other: Number) -> Value:  # 2 ** x
        return _binary(_POW, _constant(other), self)

    # -- unary ops -------------------------------------------------------------

    def __neg__(self) -> Value:
        return _unary(_NEG, self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        """|x|, with the subgradient abs'(0) = 0."""
        return _unary(_ABS, self)

    def exp(self) -> Value:
        return _unary(_EXP, self)

    def log(self) -> Value:
        """Natural log: log(0) = -inf, log(negative) = nan (see the numeric policy)."""
        return _unary(_LOG, self)

    def tanh(self) -> Value:
        return _unary(_TANH, self)

    def sigmoid(self) -> Value:
        return _unary(_SIGMOID, self)

    def relu(self) -> Value:
        """max(0, x), with the subgradient relu'(0) = 0."""
        return _unary(_RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x if x > 0 else slope·x; the derivative at 0 is the slope."""
        if isinstance(slope, Value):
            raise TypeError("leaky_relu slope must be a number, not a Value")
        return _binary(_LEAKY, self, as_float(slope, "leaky_relu slope"))

    def softplus(self) -> Value:
        return _unary(_SOFTPLUS, self)

    def sin(self) -> Value:
        return _unary(_SIN, self)

    def cos(self) -> Value:
        return _unary(_COS, self)

    def sqrt(self) -> Value:
        return _unary(_SQRT, self)

    # -- backward --------------------------------------------------------------

    def backward(self) -> None:
        """Fill in ``grad`` = ∂self/∂v for every v this Value depends on.

        Leaves accumulate across calls (as in PyTorch); interior nodes are
        recomputed from zero on every call, so nothing is counted twice.
        """
        from .backward import backward

        backward(self)

    # Values are hashed by identity: backward's visited set relies on it, so
    # Value must not define __eq__.
    __hash__ = object.__hash__


# ---------------------------------------------------------------------------
# The four steps every op shares.
# ---------------------------------------------------------------------------

_ADD, _SUB, _MUL, _DIV, _POW = OPS["add"], OPS["sub"], OPS["mul"], OPS["div"], OPS["pow"]
_NEG, _ABS, _EXP, _LOG, _TANH = OPS["neg"], OPS["abs"], OPS["exp"], OPS["log"], OPS["tanh"]
_SIGMOID, _RELU, _LEAKY, _SOFTPLUS = OPS["sigmoid"], OPS["relu"], OPS["leaky_relu"], OPS["softplus"]
_SIN, _COS, _SQRT, _SUM = OPS["sin"], OPS["cos"], OPS["sqrt"], OPS["sum"]

_new = object.__new__


def _node(data: float, op: Op, edges: tuple[tuple[Value, float], ...],
          const: float | None = None) -> Value:
    """Make an op's output Value (bypassing __init__'s checks: data is a float)."""
    out: Value = _new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.const = const
    out._stamp = next(_stamp)
    if _Mode.grad:
        out.op = op.symbol
        out._edges = edges
    else:  # under no_grad the result is a plain constant
        out.op = ""
        out._edges = ()
    if _Mode.check and not math.isfinite(data):
        _raise_non_finite(out, op, edges, const)
    return out


def _binary(op: Op, a: Value, b: Operand) -> Value:
    if isinstance(b, Value):
        x, y = a.data, b.data
        out = op.forward(x, y)
        da, db = op.local(x, y, out)
        return _node(out, op, ((a, da), (b, db)))
    if isinstance(b, numbers.Real) and not isinstance(b, bool):
        # A number operand is a constant, not a node: one edge, and it is kept in .const.
        x, y = a.data, float(b)
        out = op.forward(x, y)
        return _node(out, op, ((a, op.local(x, y, out)[0]),), y)
    return NotImplemented  # type: ignore[return-value]  # Python then raises its TypeError


def _unary(op: Op, a: Value) -> Value:
    x = a.data
    out = op.forward(x)
    return _node(out, op, ((a, op.local(x, out)[0]),))


def _constant(x: Number) -> Value:
    """A number on the left of -, / or ** becomes a leaf, labelled by its value."""
    value = as_float(x, "operand")
    return Value(value, label=repr(value))


def vsum(values: Iterable[Operand], start: Number = 0) -> Value:
    """One Σ node over all ``values``: n edges with local derivative 1, not n-1 additions.

    Numbers among ``values`` are folded into the constant ``start``.

    >>> from autograd import Value, sum
    >>> xs = [Value(1.0), Value(2.0), Value(3.0)]
    >>> s = sum(xs, start=0.5)
    >>> s.data, len(s.edges), s.op
    (6.5, 3, 'Σ')
    """
    const = as_float(start, "sum start")
    nodes: list[Value] = []
    for v in values:
        if isinstance(v, Value):
            nodes.append(v)
        else:
            const += as_float(v, "sum item")
    if not nodes:
        return Value(const)
    data = _SUM.forward(*[v.data for v in nodes]) + const
    return _node(data, _SUM, tuple(zip(nodes, itertools.repeat(1.0))), const or None)


# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block ops record no edges: results are constants (for evaluation)."""
    before = _Mode.grad
    _Mode.grad = False
    try:
        yield
    finally:
        _Mode.grad = before


@contextmanager
def check_finite() -> Iterator[None]:
    """Inside this block the first inf or nan, forward or backward, raises NonFiniteError.

    >>> from autograd import Value, check_finite, NonFiniteError
    >>> with check_finite():
    ...     Value(0.0, label="x").log()
    Traceback (most recent call last):
    ...
    autograd.value.NonFiniteError: log(x=0.0) gave -inf: the first non-finite value (op log)
    """
    before = _Mode.check
    _Mode.check = True
    try:
        yield
    finally:
        _Mode.check = before


def describe(v: Value) -> str:
    """A short name for a node in messages: its label, or its op, or its value."""
    if v.label:
        return v.label
    if v.op:
        return f"({v.op} node = {v.data!r})"
    return repr(v.data)


def _raise_non_finite(out: Value, op: Op, edges: tuple[tuple[Value, float], ...],
                      const: float | None) -> None:
    args = [f"{p.label}={p.data!r}" if p.label else repr(p.data) for p, _ in edges]
    if const is not None:
        args.append(repr(const))
    raise NonFiniteError(
        f"{op.name}({', '.join(args)}) gave {out.data!r}: the first non-finite value (op {op.symbol})"
    )
