"""``define_op``: add your own row to the op table, at run time.

>>> import math
>>> from autograd import Value, define_op, gradcheck
>>> softsign = define_op("softsign", lambda x: x / (1 + abs(x)),
...                      lambda x, out: (1 / (1 + abs(x)) ** 2,),
...                      derivative="∂softsign(x)/∂x = 1/(1+|x|)²")
>>> y = softsign(Value(1.0, label="x"))
>>> y.data, y.op, y.edges[0][1]
(0.5, 'softsign', 0.25)
>>> gradcheck(softsign, [0.3])
True

The new op is a row like the built-in ones, so everything that reads the table
understands it: the parser (``parse("softsign(x)", x=1)``), drawings,
explanations, the stepper, forward-mode :class:`~autograd.Dual` numbers,
``gradcheck`` and ``grad(..., create_graph=True)``. The table keeps checked
versions of ``forward`` and ``local``: a mistake in them is a one-line
:class:`OpError` naming the op, at its first use.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from typing import Any

from .check import Dual
from .ops import BY_SYMBOL, OPS, Op, is_real
from .value import Operand, Value, _constant, _node

_BUILTIN = frozenset(OPS) | frozenset(BY_SYMBOL)
_USER: dict[str, Op] = {}  # name -> row, for the ops defined so far


class OpError(ValueError):
    """A define_op op is wrong: its definition, its forward, or its local derivative."""


def _arity(name: str, fn: Callable[..., Any], what: str) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        raise OpError(f"op {name!r}: cannot read the parameters of its {what}; use a def or lambda") from None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        raise OpError(f"op {name!r}: its {what} must take a fixed number of inputs, not *args")
    return sum(1 for p in params if p.kind in kinds and p.default is inspect.Parameter.empty)


def _checked_forward(name: str, forward: Callable[..., Any]) -> Callable[..., float]:
    def run(*xs: Any) -> float:
        try:
            out = forward(*xs)
        except Exception as e:
            raise OpError(f"op {name!r}: forward{_args(xs)} raised {type(e).__name__}: {e}") from None
        if not is_real(out):
            raise OpError(f"op {name!r}: forward{_args(xs)} returned {type(out).__name__} {out!r:.40}, "
                          "not a number")
        return float(out)

    return run


def _checked_local(name: str, arity: int, local: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    def run(*xs_out: Any) -> tuple[Any, ...]:
        try:
            locals_ = local(*xs_out)
        except Exception as e:
            raise OpError(f"op {name!r}: local{_args(xs_out)} raised {type(e).__name__}: {e}") from None
        if is_real(locals_) or isinstance(locals_, Value):
            locals_ = (locals_,)  # one input: a bare number is its one local derivative
        if not isinstance(locals_, (tuple, list)) or len(locals_) != arity:
            got = len(locals_) if isinstance(locals_, (tuple, list)) else type(locals_).__name__
            raise OpError(f"op {name!r}: local must return {arity} local derivative(s), one per input, "
                          f"got {got}")
        for i, d in enumerate(locals_):
            if not (is_real(d) or isinstance(d, Value)):
                raise OpError(f"op {name!r}: local derivative {i} is {type(d).__name__} {d!r:.40}, "
                              "not a number")
        return tuple(d if isinstance(d, Value) else float(d) for d in locals_)

    return run


def _args(xs: tuple[Any, ...]) -> str:
    return "(" + ", ".join(f"{x:.6g}" if type(x) is float else type(x).__name__ for x in xs) + ")"


def define_op(name: str, forward: Callable[..., Any], local: Callable[..., Any], *,
              symbol: str | None = None, latex: str | None = None,
              derivative: str = "") -> Callable[..., Any]:
    """Add the op ``name`` to the op table and return it as a function.

    ``forward(*inputs) -> out`` and ``local(*inputs, out) -> (∂out/∂input, ...)``,
    one local derivative per input, as in the table. ``symbol`` is what a drawing
    shows (default: the name), ``latex`` a ``str.format`` template over the
    inputs (default ``\\operatorname{name}\\left({0}\\right)``), ``derivative``
    the rule in words for explanations. Defining the same name again replaces
    your earlier definition; a built-in op's name or symbol is refused.

    The returned function takes Values or numbers (or Duals): with any Value
    among its inputs it returns a Value node, with Duals a Dual, otherwise a float.
    To take part in ``grad(..., create_graph=True)``, write ``local`` with
    arithmetic and ``autograd.ops``' functions (``exp``, ``log``, ``div`` ...),
    which run on floats and on Values alike.
    """
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise OpError(f"op name must be a Python identifier (used in parse()), got {name!r:.40}")
    if name in _BUILTIN:
        raise OpError(f"op {name!r}: the name is taken by a built-in op; choose another")
    symbol = name if symbol is None else symbol
    if not isinstance(symbol, str) or not symbol.strip():
        raise OpError(f"op {name!r}: symbol must be a non-empty str, got {symbol!r:.40}")
    if symbol in _BUILTIN:
        raise OpError(f"op {name!r}: the symbol {symbol!r} is taken by a built-in op; choose another")
    clash = BY_SYMBOL.get(symbol)
    if clash is not None and clash.name != name:
        raise OpError(f"op {name!r}: the symbol {symbol!r} is taken by your op {clash.name!r}")
    if not callable(forward) or not callable(local):
        raise OpError(f"op {name!r}: forward and local must be functions")
    if not isinstance(derivative, str):
        raise OpError(f"op {name!r}: derivative must be a str (the rule in words)")
    arity = _arity(name, forward, "forward")
    if arity < 1:
        raise OpError(f"op {name!r}: forward must take at least one input")
    if _arity(name, local, "local") != arity + 1:
        raise OpError(f"op {name!r}: local must take the {arity} input(s) and then out "
                      f"({arity + 1} parameters), as forward takes {arity}")
    if latex is None:
        latex = rf"\operatorname{{{name}}}\left({', '.join(f'{{{i}}}' for i in range(arity))}\right)"
    elif not isinstance(latex, str):
        raise OpError(f"op {name!r}: latex must be a str.format template such as '{{0}}^3'")

    old = _USER.pop(name, None)
    if old is not None:
        BY_SYMBOL.pop(old.symbol, None)
    op = Op(name, symbol, latex, arity, _checked_forward(name, forward),
            _checked_local(name, arity, local), derivative)
    _USER[name] = OPS[name] = BY_SYMBOL[symbol] = op

    def apply(*args: Any) -> Any:
        row = _USER[name]  # the latest definition of this name
        if len(args) != row.arity:
            raise OpError(f"op {name!r} takes {row.arity} input(s), got {len(args)}")
        if any(isinstance(a, Value) for a in args):
            return apply_op(row, *args)
        if any(isinstance(a, Dual) for a in args):
            return Dual.apply(row, *args)
        for i, a in enumerate(args):
            if not is_real(a):
                raise OpError(f"op {name!r}: input {i} must be a Value or a number, got {type(a).__name__}")
        return row.forward(*[float(a) for a in args])

    apply.__name__ = apply.__qualname__ = name
    apply.__doc__ = f"{name}: {derivative}" if derivative else f"the op {name!r}, made by define_op"
    return apply


def apply_op(op: Op, *args: Operand) -> Value:
    """Apply any row of the op table (built-in or from ``define_op``) to Values and numbers.

    Numbers become constant leaves, labelled by their value. Value's own methods
    (value.py) are the fast, specialised form of the same four steps.
    """
    if op.arity != -1 and len(args) != op.arity:
        raise TypeError(f"op {op.name!r} takes {op.arity} input(s), got {len(args)}")
    nodes = [a if isinstance(a, Value) else _constant(a) for a in args]
    xs = [n.data for n in nodes]
    data = op.forward(*xs)
    locals_ = op.local(*xs, data)
    edges: list[Any] = []
    for n, local in zip(nodes, locals_, strict=True):
        edges += (n, local)
    return _node(data, op.symbol, tuple(edges))


def user_ops() -> dict[str, Op]:
    """The ops made by :func:`define_op` so far, by name."""
    return dict(_USER)
