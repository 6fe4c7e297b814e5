"""One small test per op: the value, the gradient against the hand-derived formula, and gradcheck."""

from __future__ import annotations

import math

import pytest

from autograd import OPS, Value, gradcheck
from autograd.ops import BY_SYMBOL, lookup

# (name, build, value by hand, derivative by hand, points)
UNARY = [
    ("neg", lambda x: -x, lambda x: -x, lambda x: -1.0, [-1.5, 0.7]),
    ("abs", lambda x: abs(x), lambda x: math.fabs(x), lambda x: math.copysign(1.0, x), [-1.5, 0.7]),
    ("exp", lambda x: x.exp(), math.exp, math.exp, [-2.0, 0.0, 1.3]),
    ("log", lambda x: x.log(), math.log, lambda x: 1 / x, [0.3, 1.0, 4.0]),
    ("tanh", lambda x: x.tanh(), math.tanh, lambda x: 1 / math.cosh(x) ** 2, [-1.2, 0.0, 0.8]),
    ("sigmoid", lambda x: x.sigmoid(), lambda x: 1 / (1 + math.exp(-x)),
     lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, [-2.0, 0.0, 1.5]),
    ("relu", lambda x: x.relu(), lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0, [-0.5, 2.0]),
    ("leaky_relu", lambda x: x.leaky_relu(0.1), lambda x: x if x > 0 else 0.1 * x,
     lambda x: 1.0 if x > 0 else 0.1, [-0.5, 2.0]),
    ("softplus", lambda x: x.softplus(), lambda x: math.log(1 + math.exp(x)),
     lambda x: 1 / (1 + math.exp(-x)), [-3.0, 0.0, 2.0]),
    ("sin", lambda x: x.sin(), math.sin, math.cos, [-1.0, 0.5, 2.0]),
    ("cos", lambda x: x.cos(), math.cos, lambda x: -math.sin(x), [-1.0, 0.5, 2.0]),
    ("sqrt", lambda x: x.sqrt(), math.sqrt, lambda x: 0.5 / math.sqrt(x), [0.25, 2.0]),
    ("pow", lambda x: x ** 3, lambda x: x ** 3, lambda x: 3 * x ** 2, [-1.5, 2.0]),
    ("pow", lambda x: x ** 0.5, math.sqrt, lambda x: 0.5 * x ** -0.5, [0.3, 4.0]),
    ("pow", lambda x: x ** -1, lambda x: 1 / x, lambda x: -1 / x ** 2, [-2.0, 0.5]),
    ("pow", lambda x: 2 ** x, lambda x: 2.0 ** x, lambda x: 2.0 ** x * math.log(2), [-1.0, 1.5]),
    ("add", lambda x: x + 2, lambda x: x + 2, lambda x: 1.0, [0.5]),
    ("add", lambda x: 2 + x, lambda x: x + 2, lambda x: 1.0, [0.5]),
    ("sub", lambda x: x - 2, lambda x: x - 2, lambda x: 1.0, [0.5]),
    ("sub", lambda x: 2 - x, lambda x: 2 - x, lambda x: -1.0, [0.5]),
    ("mul", lambda x: x * 3, lambda x: 3 * x, lambda x: 3.0, [0.5]),
    ("mul", lambda x: 3 * x, lambda x: 3 * x, lambda x: 3.0, [0.5]),
    ("div", lambda x: x / 4, lambda x: x / 4, lambda x: 0.25, [0.5]),
    ("div", lambda x: 4 / x, lambda x: 4 / x, lambda x: -4 / x ** 2, [0.5, -2.0]),
]


@pytest.mark.parametrize(("name", "build", "value", "deriv", "points"), UNARY,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(UNARY)])
def test_unary_value_grad_and_gradcheck(name, build, value, deriv, points):
    for p in points:
        x = Value(p, label="x")
        y = build(x)
        assert y.op == OPS[name].symbol
        assert y.data == pytest.approx(value(p), rel=1e-12, abs=1e-15)
        y.backward()
        assert x.grad == pytest.approx(deriv(p), rel=1e-12, abs=1e-15)
        assert gradcheck(build, [p])


# (name, build, value, (∂/∂a, ∂/∂b) by hand)
BINARY = [
    ("add", lambda a, b: a + b, lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    ("sub", lambda a, b: a - b, lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    ("mul", lambda a, b: a * b, lambda a, b: a * b, lambda a, b: (b, a)),
    ("div", lambda a, b: a / b, lambda a, b: a / b, lambda a, b: (1 / b, -a / b ** 2)),
    ("pow", lambda a, b: a ** b, lambda a, b: a ** b,
     lambda a, b: (b * a ** (b - 1), a ** b * math.log(a))),
]


@pytest.mark.parametrize(("name", "build", "value", "derivs"), BINARY, ids=[r[0] for r in BINARY])
@pytest.mark.parametrize(("a", "b"), [(1.5, 2.5), (0.7, -1.25), (3.0, 0.5)])
def test_binary_value_grads_and_gradcheck(name, build, value, derivs, a, b):
    x, y = Value(a, label="a"), Value(b, label="b")
    out = build(x, y)
    assert out.op == OPS[name].symbol
    assert [p for p in out.parents] == [x, y]
    assert out.data == pytest.approx(value(a, b), rel=1e-12)
    out.backward()
    da, db = derivs(a, b)
    assert (x.grad, y.grad) == (pytest.approx(da, rel=1e-12), pytest.approx(db, rel=1e-12))
    assert gradcheck(build, [a, b])


def test_nary_sum_is_one_node_with_n_edges():
    from autograd import sum as vsum

    xs = [Value(float(i), label=f"x{i}") for i in range(1, 6)]
    s = vsum(xs, start=0.5)
    assert s.op == "Σ"
    assert len(s.edges) == 5 and all(local == 1.0 for _, local in s.edges)
    assert s.data == 1 + 2 + 3 + 4 + 5 + 0.5
    assert s.offset == 0.5 and s.const is None
    (s * s).backward()  # ∂(s²)/∂xᵢ = 2s
    assert [x.grad for x in xs] == [2 * 15.5] * 5


def test_nary_sum_folds_numbers_and_handles_empty():
    from autograd import sum as vsum

    a = Value(2.0)
    s = vsum([a, 3, 4.5])
    assert s.data == 9.5 and len(s.edges) == 1
    empty = vsum([], start=7)
    assert empty.data == 7.0 and empty.is_leaf


def test_builtin_sum_works_through_radd():
    xs = [Value(1.0), Value(2.0)]
    s = sum(xs)  # 0 + x1 + x2, micrograd style
    s.backward()
    assert s.data == 3.0 and [x.grad for x in xs] == [1.0, 1.0]


def test_op_table_is_complete_and_consistent():
    for name, op in OPS.items():
        assert op.name == name
        assert BY_SYMBOL[op.symbol] is op
        assert lookup(op.symbol) is op and lookup(name) is op
        assert op.latex and op.derivative
    with pytest.raises(KeyError, match="no rule in the op table for op 'frobnicate'"):
        lookup("frobnicate")


def test_leaky_relu_slope_must_be_a_number():
    with pytest.raises(TypeError, match="slope must be a number"):
        Value(1.0).leaky_relu(Value(0.1))
    with pytest.raises(TypeError, match="leaky_relu slope needs a real number, got str"):
        Value(1.0).leaky_relu("0.1")

