"""Value: one scalar in a computation graph.

A Value holds its number (``data``), the gradient ∂L/∂self that ``backward()``
fills in (``grad``), a ``label`` for drawings, the ``op`` symbol that made it, and
its ``edges``. An edge is a pair ``(parent, local derivative)``: one pair per use
of a parent, in operand order, so ``a*a`` has two edges to ``a``. The local
derivatives are computed here, in the forward pass, from the op table
(``ops.py``); ``backward()`` then only multiplies and adds along the edges.

A number given to an op instead of a Value is a constant, not a node: ``x * 2``
has one edge, to ``x``, and keeps the 2 as ``const``. A Σ node (:func:`vsum`)
keeps the numbers it was given, added up, as its ``offset``. Where a number must be
a node (the 2 of ``2 - x``, a number in an expression), it is a constant leaf
(:func:`constant`): a leaf whose ``const`` holds its number (``is_constant``).

The machinery that makes this fast (method factories, a creation stamp, the
``no_grad``/``check_finite`` switches) lives in ``speed.py``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from .ops import BY_SYMBOL, LEAKY_SLOPE, OPS, is_real
from .speed import Number, Operand, _Mode, _node, _stamp, as_float, binary_method, bind, unary_method

__all__ = ["NonFiniteError", "Number", "Operand", "Value", "_Mode", "_node", "_stamp", "as_float",
           "check_finite", "constant", "describe", "gc_paused", "no_grad", "vsum"]


class Value:
    """A scalar that remembers how it was computed.

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 1
    >>> y.backward()
    >>> y.data, x.grad
    (5.0, 4.0)
    """

    __slots__ = ("data", "grad", "label", "op", "const", "_offset", "_edges", "_stamp")

    data: float
    grad: float
    label: str
    op: str  # the symbol of the op that made this Value ("" for a leaf)
    const: float | None  # an op's constant input (the 2 of x * 2, a slope); on a leaf: it is a constant
    _offset: float  # set on a Σ node with numbers only: read it as offset
    _edges: tuple[Any, ...]  # flat: parent, local, parent, local, ... (one tuple, not one per edge)
    _stamp: int  # creation number: parents always have smaller ones

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = data if type(data) is float else as_float(data)
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.grad = 0.0
        self.label = label
        self.op = ""  # a leaf: made by the user, not by an op
        self.const = None
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
    def offset(self) -> float:
        """Σ's numbers, added up: ``sum([x, y, 0.5])`` has offset 0.5; 0.0 for every other node.

        (Only a Σ node with numbers stores one, in ``_offset``: one store fewer for every other node.)
        """
        return getattr(self, "_offset", 0.0)

    @property
    def is_leaf(self) -> bool:
        """True for a Value with no edges: an input, a parameter, a constant."""
        return not self._edges

    @property
    def is_constant(self) -> bool:
        """True for a constant leaf (:func:`constant`): a number the engine made a node, such as
        the 2 of ``2 - x``. A leaf the user made with ``Value(2.0)`` is an input, whatever its label."""
        return self.const is not None and not self.op

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

    # -- the arithmetic ----------------------------------------------------------
    # Each op is one row of the op table (ops.py), where its forward value and its local
    # derivatives stand side by side. a * b applies the row OPS["mul"]:
    #     forward=operator.mul, local=lambda a, b, out: (b, a)
    # so out.data = a·b and out.edges = ((a, b), (b, a)): ∂out/∂a = b, ∂out/∂b = a.
    # binary_method and unary_method (speed.py) make each method from its row: the forward value,
    # the local derivatives, one edge per input.

    __add__ = binary_method("add")
    __sub__ = binary_method("sub")
    __mul__ = binary_method("mul")
    __truediv__ = binary_method("div")
    __pow__ = binary_method("pow")
    __neg__ = unary_method("neg")
    __abs__ = unary_method("abs")  # abs'(0) = 0
    exp = unary_method("exp")
    log = unary_method("log")  # log(0) = -inf, log(negative) = nan
    tanh = unary_method("tanh")
    sigmoid = unary_method("sigmoid")
    relu = unary_method("relu")  # relu'(0) = 0
    softplus = unary_method("softplus")
    sin = unary_method("sin")
    cos = unary_method("cos")
    sqrt = unary_method("sqrt")

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

    _leaky_relu = binary_method("leaky_relu")

    def max(self, other: Operand) -> Value:
        """The larger of self and other (a Value or a number); at a tie each input gets half the gradient."""
        out = self._max(other)
        if out is NotImplemented:
            raise TypeError(f"max needs a Value or a number, got {type(other).__name__}")
        return out

    _max = binary_method("max")

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



class NonFiniteError(FloatingPointError):
    """Raised under :func:`check_finite` by the first value or gradient that is inf or nan."""


def _raise_non_finite(out: Value, symbol: str, edges: tuple[Any, ...], const: float | None) -> None:
    """Check mode's error for a node whose data is inf or nan: the op, its inputs and the result."""
    op = BY_SYMBOL.get(symbol)
    args = [f"{p.label}={p.data!r}" if p.label else repr(p.data) for p in edges[::2]]
    args += [repr(c) for c in (const, out.offset or None) if c is not None]
    name = op.name if op is not None else symbol
    raise NonFiniteError(f"{name}({', '.join(args)}) gave {out.data!r}: the first non-finite value (op {symbol})")


bind(Value, _raise_non_finite)  # speed.py's factories make Values from here on
_SUM = OPS["sum"]


def _data(x: Operand) -> float:
    if isinstance(x, Value):
        return x.data
    if is_real(x):
        return x
    raise TypeError(f"cannot compare a Value with {type(x).__name__}")


def constant(x: Number, label: str | None = None) -> Value:
    """A leaf marked as a constant: a number, not an input (drawings colour it as a constant).

    The engine makes one wherever a number must be a node: the 2 of ``2 - x``, ``2 / x`` and
    ``2 ** x``, a number given to an op made by ``define_op``, a number in ``parse``. Its label is its
    value unless ``label`` is given. ``Value(2.0, label="2")`` stays an input.

    >>> from autograd import Value, constant
    >>> c = constant(2)
    >>> c.label, c.is_constant, Value(2.0, label="2").is_constant
    ('2.0', True, False)
    """
    value = as_float(x, "constant")
    out = Value(value, label=repr(value) if label is None else label)
    out.const = value  # a leaf's const marks it as a constant (no slot of its own)
    return out


def _constant(x: Number) -> Value:
    """A number on the left of -, / or ** becomes a constant leaf, labelled by its value."""
    return constant(as_float(x, "operand"))


def vsum(values: Iterable[Operand], start: Number = 0) -> Value:
    """One Σ node over all ``values``: n edges with local derivative 1, not n-1 additions.

    Numbers among ``values`` are added to ``start``: the node's ``offset``.

    >>> from autograd import Value, sum
    >>> xs = [Value(1.0), Value(2.0), Value(3.0)]
    >>> s = sum(xs, start=0.5)
    >>> s.data, len(s.edges), s.op
    (6.5, 3, 'Σ')
    """
    items = values if type(values) is list else list(values)
    offset = start if type(start) is float else as_float(start, "sum start")
    if items and set(map(type, items)) == {Value}:  # the usual case, checked at C speed
        nodes = cast("list[Value]", items)
    else:  # numbers among them: fold them into the offset
        nodes = []
        for v in items:
            if isinstance(v, Value):
                nodes.append(v)
            else:
                offset += as_float(v, "sum item")
        if not nodes:
            return constant(offset, label="")
    data = _SUM.forward(*[v.data for v in nodes]) + offset
    edges: list[Any] = [1.0] * (2 * len(nodes))  # flat: node, 1.0, node, 1.0, ...
    edges[::2] = nodes
    out = _node(data, _SUM.symbol, tuple(edges))
    if offset:
        out._offset = offset
    return out


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
