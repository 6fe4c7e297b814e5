"""The op table: the one place that says what every operation does.

Each row (:class:`Op`) gives an operation's forward function and its local derivative(s)
side by side, its symbol (what ``Value.op`` holds and what a drawing shows) and a LaTeX
template. The engine (``value.py``), the expression parser (``expr.py``), the
drawings and the explanations all read this table; nothing else knows a rule. The
numbers behind the rows (IEEE-safe functions, the numeric policy, and how one rule
runs on floats and on Values) are in ``numeric.py``.

Subgradients at kinks (the same choice as PyTorch):
    ``relu'(0) = 0``, ``abs'(0) = 0``, ``leaky_relu'(0) = slope``. ``max(a, b)`` (torch.maximum)
    routes the gradient to the larger input and splits it at a tie: ∂/∂a = ∂/∂b = 1/2 at
    ``a == b``. A nan input makes the output nan, and both local derivatives are then 1.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from .numeric import (
    INF,
    LEAKY_SLOPE,
    NAN,
    cos,
    div,
    exp,
    is_real,
    log,
    maximum,
    maximum_locals,
    pow_locals,
    power,
    safe_cos,
    safe_div,
    safe_exp,
    safe_log,
    safe_pow,
    safe_sin,
    safe_sqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    stable_sigmoid,
    stable_softplus,
    tanh,
    value,
)

__all__ = [  # the table, and the numbers behind it (numeric.py), from one place
    "BY_SYMBOL", "DEFINED_AT", "FUNCTIONS", "INF", "LEAKY_SLOPE", "NAN", "OPS", "RETIRED", "Op", "OpError",
    "cos", "div", "exp", "fold_forward", "fold_locals", "is_real", "log", "lookup", "maximum", "maximum_locals",
    "pow_locals", "power",
    "safe_cos", "safe_div", "safe_exp", "safe_log", "safe_pow", "safe_sin", "safe_sqrt", "sigmoid", "sign",
    "sin", "sqrt", "stable_sigmoid", "stable_softplus", "tanh", "value",
]


@dataclass(frozen=True, kw_only=True)
class Op:
    """One row of the op table.

    ``forward(*inputs) -> out`` and ``local(*inputs, out) -> (∂out/∂input, ...)``.
    ``latex`` is a ``str.format`` template over the inputs' LaTeX: ``{0}``, ``{1}``.
    A number given to an op instead of a Value (the 2 of ``x * 2``, the slope of
    ``leaky_relu``) is still one of its inputs: a constant, kept on the node.
    """

    name: str
    forward: Callable[..., float]
    local: Callable[..., tuple[float, ...]]
    symbol: str  # what Value.op holds and a drawing shows
    latex: str
    arity: int  # number of inputs; -1 for the n-ary sum
    derivative: str = ""  # the local derivative in words, for explanations
    given_locals: bool = False  # its local derivatives are numbers given to it, not a rule: the fold


def fold_forward(*args: float) -> float:
    """The fold on its inputs a₁..aₙ, then its weights g₁..gₙ, then its offset c: ``c + Σ gᵢ·aᵢ``."""
    n = len(args) // 2
    return args[-1] + sum(g * a for a, g in zip(args[:n], args[n:2 * n], strict=True))


def fold_locals(*args: float) -> tuple[float, ...]:
    """∂fold/∂aᵢ = gᵢ; its weights and offset are constants (0). ``args`` ends with ``out``."""
    n = (len(args) - 1) // 2
    return (*args[n:2 * n], *(0.0,) * (n + 1))


_TABLE = [
    # binary
    Op(name="add", forward=operator.add, local=lambda a, b, out: (1.0, 1.0),
       symbol="+", latex="{0} + {1}", arity=2, derivative="∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1"),
    Op(name="sub", forward=operator.sub, local=lambda a, b, out: (1.0, -1.0),
       symbol="-", latex="{0} - {1}", arity=2, derivative="∂(a-b)/∂a = 1, ∂(a-b)/∂b = -1"),
    Op(name="mul", forward=operator.mul, local=lambda a, b, out: (b, a),
       symbol="*", latex="{0} \\cdot {1}", arity=2, derivative="∂(ab)/∂a = b, ∂(ab)/∂b = a"),
    Op(name="div", forward=safe_div, local=lambda a, b, out: (div(1.0, b), -div(out, b)),
       symbol="/", latex="\\frac{{{0}}}{{{1}}}", arity=2, derivative="∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = -a/b²"),
    Op(name="pow", forward=safe_pow, local=pow_locals,
       symbol="**", latex="{{{0}}}^{{{1}}}", arity=2, derivative="∂(aᶜ)/∂a = c·aᶜ⁻¹, ∂(aᶜ)/∂c = aᶜ·ln a"),
    Op(name="max", forward=maximum, local=maximum_locals,
       symbol="max", latex="\\max\\left({0}, {1}\\right)", arity=2,
       derivative="∂max(a,b)/∂a = 1 if a > b, 0 if a < b, 1/2 at a = b (and ∂/∂b likewise)"),
    # unary
    Op(name="neg", forward=operator.neg, local=lambda a, out: (-1.0,),
       symbol="neg", latex="-{0}", arity=1, derivative="∂(-a)/∂a = -1"),
    Op(name="abs", forward=abs, local=lambda a, out: (sign(a),),
       symbol="abs", latex="\\left|{0}\\right|", arity=1, derivative="∂|a|/∂a = sign(a), 0 at a = 0"),
    Op(name="exp", forward=safe_exp, local=lambda a, out: (out,),
       symbol="exp", latex="e^{{{0}}}", arity=1, derivative="∂eᵃ/∂a = eᵃ"),
    Op(name="log", forward=safe_log, local=lambda a, out: (div(1.0, a),),
       symbol="log", latex="\\log\\left({0}\\right)", arity=1, derivative="∂log(a)/∂a = 1/a"),
    Op(name="tanh", forward=math.tanh, local=lambda a, out: (1.0 - out * out,),
       symbol="tanh", latex="\\tanh\\left({0}\\right)", arity=1, derivative="∂tanh(a)/∂a = 1 - tanh²(a)"),
    Op(name="sigmoid", forward=stable_sigmoid, local=lambda a, out: (out * (1.0 - out),),
       symbol="σ", latex="\\sigma\\left({0}\\right)", arity=1, derivative="∂σ(a)/∂a = σ(a)(1 - σ(a))"),
    Op(name="relu", forward=lambda a: a if a > 0.0 else (0.0 if a == a else NAN),
       local=lambda a, out: (0.0 if a <= 0.0 else 1.0,),  # 1 at a nan input, as torch
       symbol="ReLU", latex="\\mathrm{{ReLU}}\\left({0}\\right)", arity=1,
       derivative="∂ReLU(a)/∂a = 1 if a > 0 else 0"),
    Op(name="leaky_relu", forward=lambda a, s: a if a > 0.0 else a * s,
       local=lambda a, s, out: (1.0 if a > 0.0 else s, 0.0),
       symbol="LReLU", latex="\\mathrm{{LReLU}}_{{{1}}}\\left({0}\\right)", arity=2,
       derivative="∂LReLU(a)/∂a = 1 if a > 0 else slope"),
    Op(name="softplus", forward=stable_softplus, local=lambda a, out: (sigmoid(a),),
       symbol="softplus", latex="\\log\\left(1 + e^{{{0}}}\\right)", arity=1,
       derivative="∂softplus(a)/∂a = σ(a)"),
    Op(name="sin", forward=safe_sin, local=lambda a, out: (cos(a),),
       symbol="sin", latex="\\sin\\left({0}\\right)", arity=1, derivative="∂sin(a)/∂a = cos(a)"),
    Op(name="cos", forward=safe_cos, local=lambda a, out: (-sin(a),),
       symbol="cos", latex="\\cos\\left({0}\\right)", arity=1, derivative="∂cos(a)/∂a = -sin(a)"),
    Op(name="sqrt", forward=safe_sqrt, local=lambda a, out: (div(0.5, out),),
       symbol="sqrt", latex="\\sqrt{{{0}}}", arity=1, derivative="∂√a/∂a = 1/(2√a)"),
    # n-ary: Σ's constant inputs are the numbers folded into its offset (see value.vsum)
    Op(name="sum", forward=lambda *xs: sum(xs), local=lambda *xs_out: (1.0,) * (len(xs_out) - 1),
       symbol="Σ", latex="\\sum_i {0}", arity=-1, derivative="∂(Σᵢ aᵢ)/∂aⱼ = 1"),
    # n-ary, its local derivatives given: the rest of a graph folded into one op (viz.step's focus=).
    # Linear: c + Σ gᵢ·aᵢ, whose weights gᵢ are the gradients that reached its inputs from the rest. The
    # node keeps them as its edges' locals and c as its offset (replay.constants passes them back in).
    Op(name="fold", forward=fold_forward, local=fold_locals, symbol="rest of network",
       latex="\\mathrm{{rest\\ of\\ network}}\\left({0}\\right)", arity=-1, given_locals=True,
       derivative="∂fold/∂aᵢ = gᵢ, the gradient that reached aᵢ from the rest of the network"),
]


class OpError(ValueError):
    """An op is wrong or gone: a define_op definition, its forward or local, or a node of an old definition."""


OPS: dict[str, Op] = {op.name: op for op in _TABLE}
"""Every op by name: ``OPS["mul"].local(2.0, 3.0, 6.0) == (3.0, 2.0)``."""

class _BySymbol(dict[str, Op]):
    """A dict whose missing key is an op that a redefinition replaced: one OpError line, not a KeyError."""

    def __missing__(self, symbol: str) -> Op:
        name = RETIRED.get(symbol)
        if name is None:
            raise KeyError(symbol)
        raise OpError(f"op {name!r} was defined again with a new symbol since this graph was built with "
                      f"{symbol!r}; build the graph again")


BY_SYMBOL: dict[str, Op] = _BySymbol({op.symbol: op for op in _TABLE})
"""Every op by the symbol that ``Value.op`` holds (to re-run a node, use ``replay.op_of(node)``)."""

FUNCTIONS: tuple[str, ...] = (
    "max", "abs", "exp", "log", "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "sin", "cos", "sqrt",
)
"""The ops callable as functions, by name, in expressions: ``log(x)``, ``max(x, y)``, ``leaky_relu(x, 0.1)``."""


DEFINED_AT: dict[str, int] = {}
"""For each symbol of an op made by ``define_op``, the stamp counter (value.py) when it was
defined: a node with that symbol and an older stamp was made by an earlier definition."""

RETIRED: dict[str, str] = {}
"""Symbols that a redefinition dropped, with their op's name (for the message)."""


def lookup(symbol_or_name: str) -> Op:
    """The op for a symbol (``"*"``) or a name (``"mul"``); a clear error if there is none."""
    op = BY_SYMBOL.get(symbol_or_name) or OPS.get(symbol_or_name)
    if op is None:
        raise KeyError(f"no rule in the op table for op {symbol_or_name!r}")
    return op
