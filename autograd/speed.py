"""How a Value is made fast: the machinery behind ``value.py``, kept out of the lecture's way.

``unary_method`` and ``binary_method`` turn a row of the op table into a method of Value. The method does what every
op does (coerce the other operand, compute the forward value, compute the local derivatives,
record one ``(parent, local)`` edge per input) with a few shortcuts that keep the engine within
1.3x of a hand-written one-object-per-node floor (``benchmarks/floor.py``):

- the row's ``forward``, ``local`` and ``symbol`` are looked up once, when the method is made;
- an output node is made by ``object.__new__`` (:func:`_node`), skipping ``Value.__init__``'s
  checks, because its data is already a float;
- a float operand is recognised by ``type(x) is float`` before the slower ``numbers.Real`` check;
- every node gets a creation stamp from one counter: a node is always made after its parents,
  so sorting by stamp is a topological order (``backward.topological_order``);
- two process-wide switches (:class:`_Mode`) say whether to record edges (``no_grad``) and
  whether to stop at the first inf or nan (``check_finite``).

``value.py`` hands its class over with :func:`bind` once the class exists.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from .ops import OPS, is_real

if TYPE_CHECKING:
    from .value import Value

Number: TypeAlias = "int | float"
Operand: TypeAlias = "Value | int | float"

_Value: Any = None  # the Value class, set by bind()
_raise_non_finite: Callable[[Any, str, tuple[Any, ...], float | None], None]  # check mode's error, set by bind()
_new = object.__new__
_stamp = itertools.count()  # every Value's creation number


class _Mode:
    """Process-wide switches, flipped by :func:`no_grad` and :func:`check_finite`."""

    grad = True  # record edges?
    check = False  # raise on the first non-finite value or gradient?


def bind(cls: type, on_non_finite: Callable[[Any, str, tuple[Any, ...], float | None], None]) -> None:
    """Give the machinery the Value class and check mode's error (value.py calls this once, after the class)."""
    global _Value, _raise_non_finite
    _Value, _raise_non_finite = cls, on_non_finite


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


def _node(data: float, symbol: str, edges: tuple[Any, ...], const: float | None = None) -> Value:
    """Make an op's output Value (bypassing __init__'s checks: data is a float)."""
    out: Value = _new(_Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.const = const  # (a Σ node's offset, rarer, is set by vsum: one store fewer here)
    out._stamp = next(_stamp)
    if _Mode.grad:
        out.op = symbol
        out._edges = edges
    else:  # under no_grad the result is a plain number: a leaf, not marked as a constant
        out.op = ""
        out._edges = ()
        out.const = None
    if _Mode.check and not math.isfinite(data):
        _raise_non_finite(out, symbol, edges, const)
    return out


def unary_method(name: str) -> Callable[[Value], Value]:
    """The method of Value for the one-input op ``name``, made from its row of the table."""
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


def binary_method(name: str) -> Callable[[Value, Operand], Value]:
    """The method of Value for the two-input op ``name``, made from its row of the table.

    A Value operand gives two edges; a number is a constant: one edge, the number kept in ``const``.
    """
    op = OPS[name]
    forward, local, symbol = op.forward, op.local, op.symbol

    def method(self: Value, other: Operand) -> Value:
        if isinstance(other, _Value):
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
