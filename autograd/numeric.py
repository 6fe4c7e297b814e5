"""Numbers for the op table: IEEE-safe float functions, and functions that local rules share.

Numeric policy (IEEE, as PyTorch):
    Domain problems never raise. They give ``inf`` or ``nan`` exactly where
    IEEE arithmetic would: ``log(0) = -inf``, ``log(-1) = nan``, ``1/0 = inf``,
    ``0/0 = nan``, ``0**-1 = inf``, ``(-8)**(1/3) = nan``, ``exp(1000) = inf``.
    Use :func:`autograd.check_finite` to turn the first non-finite value or
    gradient into an error that names the node and its op.

Where torch differs from C99 we follow torch: it computes ``x ** 0.5`` as ``sqrt(x)`` and
``x ** -0.5`` as ``1/sqrt(x)``, so ``(-inf) ** 0.5 = (-inf) ** -0.5 = nan`` (C99: inf and 0) and
``(-0.0) ** -0.5 = -inf`` (C99: inf); every other exponent of ``-inf`` is C99's (``(-inf) ** 2.5 = inf``,
``(-inf) ** -2.5 = 0``). Also ``∂(x**y)/∂y = 0`` at ``x = 0, y >= 0`` (and ``x^y·ln x`` elsewhere,
so ``-inf`` at ``0**-1``), ``relu'(nan) = 1`` and ``leaky_relu'(nan) = slope``. One difference
stays (see the README's numeric policy): the backward pass multiplies, so an
infinite upstream times a zero local derivative is nan, where torch's relu masks.

One rule, two kinds of number (the design behind ``autograd.grad``):
    Every ``local`` rule is written once, with arithmetic (``+ - * /`` through
    :func:`div`), comparisons, and the functions below (:func:`exp`,
    :func:`log`, :func:`cos`, ...). Each of those functions looks at its
    argument: a float goes to the IEEE-safe float version (the fast path, used
    while a graph is built), a Value goes to the Value's own op, which records a
    node. So the same rule that gives ``backward()`` its floats also builds, under
    ``grad(..., create_graph=True)``, a graph for the derivative, which can be
    differentiated again. A rule may branch on a comparison (``a > 0.0``; Values
    compare by their data), and :func:`value` gives the plain float of either.
    A rule that calls ``math`` directly works on floats only; for an op made by
    :func:`autograd.define_op`, ``create_graph=True`` then names the op.

``autograd.ops`` re-exports every name here, so ``from autograd.ops import exp`` works.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

INF = math.inf
NAN = math.nan
LEAKY_SLOPE = 0.01  # leaky_relu's default slope for x < 0, the one place it is written


def is_real(x: Any) -> bool:
    """True for a real number (int, float, Fraction, numpy scalar...), False for bool and the rest."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


# ---------------------------------------------------------------------------
# IEEE-safe float helpers. Python's own float ops raise where IEEE gives inf/nan.
# ---------------------------------------------------------------------------


def safe_div(a: float, b: float) -> float:
    """a / b with IEEE results for b == 0 (±inf, or nan for 0/0)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)


def _is_odd_integer(c: float) -> bool:
    return c == c and abs(c) != INF and c == int(c) and int(c) % 2 == 1


def safe_pow(x: float, c: float) -> float:
    """x ** c as torch computes it in float64: C's pow, without its exceptions (inf on overflow
    and for 0 ** negative, nan for a negative finite base to a fractional power, and
    ``(-inf) ** 2.5 = inf``, ``(-inf) ** -2.5 = 0``), except the two exponents torch computes
    another way: ``x ** 0.5`` is ``sqrt(x)`` and ``x ** -0.5`` is ``1 / sqrt(x)``, so
    ``(-inf) ** 0.5 = nan`` (C: inf), ``(-inf) ** -0.5 = nan`` (C: 0) and ``(-0.0) ** -0.5 = -inf``."""
    if c == 0.5:
        return safe_sqrt(x)
    if c == -0.5:
        return safe_div(1.0, safe_sqrt(x))
    try:
        return math.pow(x, c)
    except OverflowError:
        return -INF if x < 0 and _is_odd_integer(c) else INF
    except ValueError:
        if x == 0.0:  # 0 ** negative
            return math.copysign(INF, x) if _is_odd_integer(c) else INF
        return NAN  # negative base, fractional exponent


def safe_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def safe_log(x: float) -> float:
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -INF
    return NAN  # negative or nan


def _safe(fn: Callable[[float], float]) -> Callable[[float], float]:
    """Wrap a math function whose domain errors (sin(inf), sqrt(-1)) raise."""

    def wrapped(x: float) -> float:
        try:
            return fn(x)
        except ValueError:
            return NAN

    wrapped.__name__ = fn.__name__
    return wrapped


safe_sin = _safe(math.sin)
safe_cos = _safe(math.cos)
safe_sqrt = _safe(math.sqrt)


def stable_sigmoid(x: float) -> float:
    """1 / (1 + e^-x) without overflow at either end."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def stable_softplus(x: float) -> float:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|), no overflow at either end."""
    if x != x:
        return NAN
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


# ---------------------------------------------------------------------------
# Functions for the rules: a float gets the safe float version, a Value its op.
# ---------------------------------------------------------------------------


def value(x: Any) -> float:
    """The plain number of a float or a Value (for a rule's branches)."""
    return x if type(x) is float else getattr(x, "data", x)


def div(a: Any, b: Any) -> Any:
    """a / b; for floats, IEEE results at b == 0."""
    return safe_div(a, b) if type(a) is float and type(b) is float else a / b


def power(x: Any, c: Any) -> Any:
    """x ** c; for floats, C's pow (see :func:`safe_pow`)."""
    return safe_pow(x, c) if type(x) is float and type(c) is float else x ** c


def _either(float_fn: Callable[[float], float], method: str) -> Callable[[Any], Any]:
    def fn(x: Any) -> Any:
        return float_fn(x) if type(x) is float else getattr(x, method)()

    fn.__name__ = fn.__qualname__ = method
    fn.__doc__ = f"{method}(x) of a float (IEEE-safe) or of a Value (a node)."
    return fn


exp = _either(safe_exp, "exp")
log = _either(safe_log, "log")
sin = _either(safe_sin, "sin")
cos = _either(safe_cos, "cos")
sqrt = _either(safe_sqrt, "sqrt")
sigmoid = _either(stable_sigmoid, "sigmoid")
tanh = _either(math.tanh, "tanh")


# ---------------------------------------------------------------------------
# Local derivatives. Each takes the op's inputs and its output and returns one
# local derivative per input: (∂out/∂in_0, ∂out/∂in_1, ...).
# ---------------------------------------------------------------------------


def pow_locals(x: Any, c: Any, out: Any) -> tuple[Any, Any]:
    xf, cf = value(x), value(c)
    # ∂(x^c)/∂x = c·x^(c-1); for a constant c = 0 exactly 0 (avoids 0·inf at x = 0). Not for a
    # Value c that happens to be 0: its derivative in c, x^(c-1), is needed under create_graph.
    dx = 0.0 if cf == 0.0 and type(c) is float else c * power(x, c - 1.0)
    # ∂(x^c)/∂c = x^c·ln x, taken as 0 at x = 0 for c >= 0 (as torch; the function is flat there).
    # A float c beside a Value x is the node's constant exponent (grad's create_graph replay): it has
    # no edge, so its derivative is not recorded (a log of a negative x would be a nan node).
    constant_c = type(c) is float and type(x) is not float
    dc = 0.0 if constant_c or (xf == 0.0 and cf >= 0.0) else out * log(x)
    return dx, dc


def maximum(a: float, b: float) -> float:
    """max(a, b): the larger of a and b; nan if either is nan (as torch.maximum), a at a tie (so max(-0., 0.) = -0.)."""
    return a if a >= b or a != a else b


def maximum_locals(a: Any, b: Any, out: Any) -> tuple[float, float]:
    """1 to the larger input, 0 to the other, 1/2 each at a tie (torch.maximum's subgradient)."""
    af, bf = value(a), value(b)
    if af == bf:
        return 0.5, 0.5
    return (0.0 if af < bf else 1.0), (0.0 if af > bf else 1.0)  # both 1 when one is nan, as torch


def sign(x: Any) -> float:
    x = value(x)
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else (0.0 if x == 0.0 else NAN))
