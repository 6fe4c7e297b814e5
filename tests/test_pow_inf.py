"""Issue 21 §1: ``(-inf) ** c`` and ``(-0.0) ** ±0.5`` follow torch for every exponent.

torch, numpy and C99 agree on ``(-inf) ** c`` except at c = ±0.5, which torch computes as sqrt and
rsqrt (nan at -inf). Each row has its hand value (C99's pow, or sqrt/rsqrt) and is checked against
torch float64 too.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, grad, parse
from autograd.ops import safe_pow

INF, NAN = math.inf, math.nan

# (name, build, x0, value, ∂/∂x), by hand:
#   (-inf)^c for c > 0 not an odd integer: inf; for c < 0: 0 (C99 pow, numpy, torch);
#   ∂/∂x = c·x^(c-1), with x^(c-1) by the same rule (torch's pow backward does the same);
#   x^0.5 = sqrt(x), x^-0.5 = 1/sqrt(x): nan at -inf, and sqrt(-0.0) = -0.0.
ROWS = [
    ("(-inf)**2.5", lambda x: x ** 2.5, -INF, INF, INF),  # 2.5·(-inf)^1.5 = 2.5·inf
    ("(-inf)**(1/3)", lambda x: x ** (1 / 3), -INF, INF, 0.0),  # (1/3)·(-inf)^(-2/3) = (1/3)·0
    ("(-inf)**1e-300", lambda x: x ** 1e-300, -INF, INF, -0.0),  # 1e-300 - 1 == -1.0: 1e-300·(-0.0)
    ("(-inf)**-2.5", lambda x: x ** -2.5, -INF, 0.0, -0.0),  # -2.5·(-inf)^-3.5 = -2.5·0
    ("(-inf)**-1e-300", lambda x: x ** -1e-300, -INF, 0.0, 0.0),  # -1e-300·(-inf)^-1 = -1e-300·(-0.0)
    ("(-inf)**0.5", lambda x: x ** 0.5, -INF, NAN, NAN),  # sqrt(-inf); 0.5·rsqrt(-inf)
    ("(-inf)**-0.5", lambda x: x ** -0.5, -INF, NAN, -0.0),  # rsqrt(-inf); -0.5·(-inf)^-1.5 = -0.5·0
    ("(-inf)**3", lambda x: x ** 3.0, -INF, -INF, INF),
    ("(-0.0)**0.5", lambda x: x ** 0.5, -0.0, -0.0, -INF),  # sqrt(-0.0) = -0.0; 0.5·rsqrt(-0.0)
    ("(-0.0)**-0.5", lambda x: x ** -0.5, -0.0, -INF, -INF),  # 1/sqrt(-0.0); -0.5·(-0.0)^-1.5 = -0.5·inf
    ("(x/0)**0.5 at -1", lambda x: (x / 0.0) ** 0.5, -1.0, NAN, NAN),  # torch: sqrt(-inf) (C99: inf)
    ("log(x)**0.1 at 0", lambda x: x.log() ** 0.1, 0.0, INF, NAN),  # upstream 0.1·(-inf)^-0.9 = 0, × 1/0
    ("(x-inf)**2.5 at 1", lambda x: (x - INF) ** 2.5, 1.0, INF, INF),
]


def same(x: float, y: float) -> bool:
    """Equal, with the sign of zero, or both nan."""
    return (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x) == math.copysign(1, y))


def same_grad(x: float, y: float) -> bool:
    """Equal or both nan; a gradient's zero has no sign here (backward adds to a 0.0 start, so
    0.0 + -0.0 = 0.0), but the edge's local derivative keeps it (checked by hand below)."""
    return (math.isnan(x) and math.isnan(y)) or x == y


@pytest.mark.parametrize(("name", "build", "x0", "value", "slope"), ROWS, ids=[r[0] for r in ROWS])
def test_pow_of_negative_infinity_by_hand(name, build, x0, value, slope):
    x = Value(x0)
    y = build(x)
    y.backward()
    assert same(y.data, value), (name, y.data)
    assert same_grad(x.grad, slope), (name, x.grad)
    if y.edges[0][0] is x:  # one op on x: its local derivative, with the sign of zero
        assert same(y.edges[0][1], slope), (name, y.edges[0][1])
    x2 = Value(x0)
    assert same_grad(grad(build(x2), [x2])[0], slope)


@pytest.mark.parametrize(("name", "build", "x0", "value", "slope"), ROWS, ids=[r[0] for r in ROWS])
def test_pow_of_negative_infinity_against_torch(torch, name, build, x0, value, slope):
    x = Value(x0)
    y = build(x)
    y.backward()

    class T:
        def __init__(self, t): self.t = t
        def log(self): return T(self.t.log())
        def __pow__(self, c): return T(self.t ** c)
        def __truediv__(self, c): return T(self.t / c)
        def __sub__(self, c): return T(self.t - c)

    t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    ty = build(T(t)).t
    ty.backward()
    assert same(y.data, ty.item()), (name, y.data, ty.item())
    assert same_grad(x.grad, t.grad.item()), (name, x.grad, t.grad.item())
    if y.edges[0][0] is x:
        assert same(y.edges[0][1], t.grad.item()), (name, y.edges[0][1], t.grad.item())


def test_safe_pow_on_floats_and_in_the_parser():
    assert safe_pow(-INF, 2.5) == INF and safe_pow(-INF, 1 / 3) == INF and safe_pow(-INF, 1e-300) == INF
    assert same(safe_pow(-INF, -2.5), 0.0) and same(safe_pow(-INF, -1e-300), 0.0)
    assert math.isnan(safe_pow(-INF, 0.5)) and math.isnan(safe_pow(-INF, -0.5))
    assert safe_pow(4.0, 0.5) == 2.0 and safe_pow(4.0, -0.5) == 0.5 and math.isnan(safe_pow(-4.0, 0.5))
    assert safe_pow(0.0, -0.5) == INF and math.isnan(safe_pow(NAN, 0.5))
    assert parse("log(x)**0.1", x=0).data == INF


def test_pow_with_a_value_exponent_at_negative_infinity(torch):
    # a Value exponent: ∂/∂c = x^c·ln x = inf·nan = nan, as torch's tensor exponent
    x, c = Value(-INF), Value(2.5)
    (x ** c).backward()
    tx, tc = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (-INF, 2.5))
    (tx ** tc).backward()
    assert same_grad(x.grad, tx.grad.item()) and same_grad(c.grad, tc.grad.item())
