"""Value: one scalar in a computation graph.

A Value holds its number (``data``), the gradient ∂L/∂self filled in by
``backward()`` (``grad``), a ``label`` for drawings, the ``op`` symbol that made
it, and its ``edges``: one ``(parent, local derivative)`` pair per use of a
parent, in order. The local derivatives are computed here, in the forward pass,
from the op table (``ops.py``); ``backward()`` then only multiplies and adds.

Inside, the pairs are stored flat in one tuple, ``_edges = (parent, local,
parent, local, ...)``; the ``edges`` property shows them as pairs. One tuple
per node instead of one per edge gives Python's cyclic garbage collector a
third fewer objects to walk while a big graph is built (measured: about a third
faster to build ``Σ aᵢ·bᵢ`` over 100,000 pairs).

Every op follows the same four steps: coerce ``other``, compute the output with
the table's ``forward``, compute the local derivatives with the table's
``local``, and record them as edges.
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeAlias, cast

from .ops import BY_SYMBOL, LEAKY_SLOPE, OPS, is_real

Number: TypeAlias = "int | float"
Operand: TypeAlias = "Value | int | float"


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
    if not is_real(x):
        raise TypeError(f"{what} needs a real number, got {type(x).__name__}: {x!r:.60}")
    try:
        return float(x)  # type: ignore[arg-type]  # is_real checked it is a numbers.Real
    except OverflowError:
        raise ValueError(f"{what}: the number {x!r:.40} is too large for a float") from None


# ---------------------------------------------------------------------------
# The four steps every op shares: coerce, forward, local derivatives, record.
# ---------------------------------------------------------------------------

_new = object.__new__


def _node(data: float, symbol: str, edges: tuple[Any, ...], const: float | None = None) -> Value:
    """Make an op's output Value (bypassing __init__'s checks: data is a float)."""
    out: Value = _new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.const = const
    out._stamp = next(_stamp)
    if _Mode.grad:
        out.op = symbol
        out._edges = edges
    else:  # under no_grad the result is a plain constant
        out.op = ""
        out._edges = ()
    if _Mode.check and not math.isfinite(data):
        _raise_non_finite(out, symbol, edges, const)
    return out


def _binary_op(name: str) -> Callable[[Value, Operand], Value]:
    """The method for a binary op, built from its row of the table.

    A Value operand gives two edges; a number operand is a constant, not a
    node: one edge, and the number is kept in ``out.const``.
    """
    op = OPS[name]
    forward, local, symbol = op.forward, op.local, op.symbol

    def method(self: Value, other: Operand) -> Value:
        if isinstance(other, Value):
            x, y = self.data, other.data
            data = forward(x, y)
            dx, dy = local(x, y, data)
            return _node(data, symbol, (self, dx, other, dy))
        if type(other) is float or is_real(other):  # float first: the ABC check in is_real is slow
            x = self.data
            y = other if type(other) is float else as_float(other, f"operand of {symbol}")
            data = forward(x, y)
            return _node(data, symbol, (self, local(x, y, data)[0]), y)
        return NotImplemented  # type: ignore[no-any-return]  # Python then raises its TypeError

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"{op.name} ({symbol}): {op.derivative}"
    return method


def _unary_op(name: str) -> Callable[[Value], Value]:
    """The method for a one-input op, built from its row of the table."""
    op = OPS[name]
    forward, local, symbol = op.forward, op.local, op.symbol

    def method(self: Value) -> Value:
        x = self.data
        data = forward(x)
        (dx,) = local(x, data)
        return _node(data, symbol, (self, dx))

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"{op.name}: {op.derivative}"
    return method


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
    _edges: tuple[Any, ...]  # flat: parent, local, parent, local, ...
    _stamp: int

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = data if type(data) is float else as_float(data)
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
        e = self._edges
        return tuple(zip(e[::2], e[1::2], strict=True))

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, one entry per use (``a*a`` gives two)."""
        return self._edges[::2]

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

    # Jupyter shows a Value as its graph once viz is imported: viz registers an IPython
    # formatter (or use %load_ext viz). The engine itself never imports viz.

    # Values compare by their data, as floats do; a comparison is not part of the graph.
    # (No __eq__: Values hash by identity.) The op table's rules branch on these.
    def __lt__(self, other: Operand) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Operand) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Operand) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Operand) -> bool:
        return self.data >= _data(other)

    # -- ops: each method is made from its row of the op table (see _binary_op above) --

    __add__ = _binary_op("add")
    __sub__ = _binary_op("sub")
    __mul__ = _binary_op("mul")
    __truediv__ = _binary_op("div")
    __pow__ = _binary_op("pow")
    __neg__ = _unary_op("neg")
    __abs__ = _unary_op("abs")  # abs'(0) = 0
    exp = _unary_op("exp")
    log = _unary_op("log")  # log(0) = -inf, log(negative) = nan
    tanh = _unary_op("tanh")
    sigmoid = _unary_op("sigmoid")
    relu = _unary_op("relu")  # relu'(0) = 0
    softplus = _unary_op("softplus")
    sin = _unary_op("sin")
    cos = _unary_op("cos")
    sqrt = _unary_op("sqrt")

    def __radd__(self, other: Number) -> Value:  # 2 + x; addition commutes
        return self + other

    def __rsub__(self, other: Number) -> Value:  # 2 - x
        return _constant(other) - self

    def __rmul__(self, other: Number) -> Value:  # 2 * x; multiplication commutes
        return self * other

    def __rtruediv__(self, other: Number) -> Value:  # 2 / x
        return _constant(other) / self

    def __rpow__(self, other: Number) -> Value:  # 2 ** x
        return _constant(other) ** self

    def __pos__(self) -> Value:
        return self

    def leaky_relu(self, slope: float = LEAKY_SLOPE) -> Value:
        """x if x > 0 else slope·x; the derivative at 0 is the slope."""
        if isinstance(slope, Value):
            raise TypeError("leaky_relu slope must be a number, not a Value")
        return self._leaky_relu(as_float(slope, "leaky_relu slope"))

    _leaky_relu = _binary_op("leaky_relu")

    def max(self, other: Operand) -> Value:
        """The larger of self and other (a Value or a number); at a tie each input gets half the gradient."""
        out = self._max(other)
        if out is NotImplemented:
            raise TypeError(f"max needs a Value or a number, got {type(other).__name__}")
        return out

    _max = _binary_op("max")

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


_SUM = OPS["sum"]


def _data(x: Operand) -> float:
    if isinstance(x, Value):
        return x.data
    if is_real(x):
        return x
    raise TypeError(f"cannot compare a Value with {type(x).__name__}")


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
    items = values if type(values) is list else list(values)
    const = start if type(start) is float else as_float(start, "sum start")
    if items and set(map(type, items)) == {Value}:  # the usual case, checked at C speed
        nodes = cast("list[Value]", items)
    else:  # numbers among them: fold them into const
        nodes = []
        for v in items:
            if isinstance(v, Value):
                nodes.append(v)
            else:
                const += as_float(v, "sum item")
        if not nodes:
            return Value(const)
    data = _SUM.forward(*[v.data for v in nodes]) + const
    edges: list[Any] = [1.0] * (2 * len(nodes))  # flat: node, 1.0, node, 1.0, ...
    edges[::2] = nodes
    return _node(data, _SUM.symbol, tuple(edges), const or None)


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
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block (restoring it after).

    A graph of Values has no reference cycles (edges point only to parents, and
    there are no closures), so reference counting frees a graph as soon as it is
    dropped. While a big graph is built, the cyclic collector only re-walks its
    live nodes again and again: about half the time. ``nn.fit`` trains inside
    this block; use it around any large build + backward.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def _raise_non_finite(out: Value, symbol: str, edges: tuple[Any, ...], const: float | None) -> None:
    op = BY_SYMBOL[symbol]
    args = [f"{p.label}={p.data!r}" if p.label else repr(p.data) for p in edges[::2]]
    if const is not None:
        args.append(repr(const))
    raise NonFiniteError(
        f"{op.name}({', '.join(args)}) gave {out.data!r}: the first non-finite value (op {op.symbol})"
    )
