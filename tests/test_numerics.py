"""The numeric policy: IEEE inf/nan (as numpy and PyTorch), never a crash; check_finite raises."""

from __future__ import annotations

import math

import pytest

from autograd import NonFiniteError, Value, check_finite

inf, nan = math.inf, math.nan


def grad_of(build, x0):
    x = Value(x0, label="x")
    y = build(x)
    y.backward()
    return y.data, x.grad


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize(("what", "build", "x0", "value", "grad"), [
    # log of zero and of a negative: -inf and nan; the slope 1/x is still what IEEE gives
    ("log(0)", lambda x: x.log(), 0.0, -inf, inf),
    ("log(-1)", lambda x: x.log(), -1.0, nan, -1.0),
    # 0 ** negative: inf; its derivative -1·0^-2 is -inf
    ("0**-1", lambda x: x ** -1, 0.0, inf, -inf),
    ("0**-2", lambda x: x ** -2, 0.0, inf, -inf),
    # negative base to a fractional power: nan, and a nan gradient (never a complex number)
    ("(-8)**(1/3)", lambda x: x ** (1 / 3), -8.0, nan, nan),
    # division by zero: ±inf, and 0/0 = nan
    ("1/x at 0", lambda x: 1 / x, 0.0, inf, -inf),
    ("x/0 at 3", lambda x: x / 0, 3.0, inf, inf),
    ("x/0 at -3", lambda x: x / 0, -3.0, -inf, inf),
    ("x/0 at 0", lambda x: x / 0, 0.0, nan, inf),
    # exp overflow: inf (math.exp would raise OverflowError)
    ("exp(1000)", lambda x: x.exp(), 1000.0, inf, inf),
    ("2**x overflow", lambda x: 2 ** x, 5000.0, inf, inf),
    ("x**2 overflow", lambda x: x ** 2, 1e200, inf, 2e200),  # the slope 2x is still finite
    # sqrt at and below zero
    ("sqrt(0)", lambda x: x.sqrt(), 0.0, 0.0, inf),
    ("sqrt(-1)", lambda x: x.sqrt(), -1.0, nan, nan),
    # x ** 0 is 1 everywhere, slope exactly 0 (not 0·inf = nan at x = 0)
    ("0**0", lambda x: x ** 0, 0.0, 1.0, 0.0),
    ("sin(inf)", lambda x: x.sin(), inf, nan, nan),
])
def test_domain_policy(what, build, x0, value, grad):
    data, g = grad_of(build, x0)
    assert same(data, value), f"{what}: value {data}"
    assert same(g, grad), f"{what}: grad {g}"


@pytest.mark.parametrize("x0", [1e4, -1e4, 800.0, -800.0])
def test_sigmoid_tanh_softplus_are_stable_at_extremes(x0):
    s = grad_of(lambda x: x.sigmoid(), x0)
    t = grad_of(lambda x: x.tanh(), x0)
    p = grad_of(lambda x: x.softplus(), x0)
    big = x0 > 0
    assert s == ((1.0, 0.0) if big else (0.0, 0.0))
    assert t == ((1.0, 0.0) if big else (-1.0, 0.0))
    assert p == ((x0, 1.0) if big else (0.0, 0.0))


def test_subgradients_at_kinks_are_documented_choices():
    assert grad_of(lambda x: x.relu(), 0.0) == (0.0, 0.0)  # relu'(0) = 0
    assert grad_of(lambda x: abs(x), 0.0) == (0.0, 0.0)  # abs'(0) = 0
    assert grad_of(lambda x: x.leaky_relu(0.2), 0.0) == (0.0, 0.2)  # leaky'(0) = slope


def test_pow_exponent_gradient_at_zero_and_negative_base():
    for base, expected in [(0.0, 0.0), (-2.0, nan)]:
        b, e = Value(base), Value(2.0)
        (b ** e).backward()
        assert same(e.grad, expected)


def test_nan_propagates_and_never_raises():
    x = Value(nan)
    y = (x * 2 + 1).tanh().relu().exp().log()
    y.backward()
    assert math.isnan(y.data) and math.isnan(x.grad)


def test_check_finite_names_the_first_non_finite_node_and_op():
    x = Value(0.0, label="x")
    with check_finite(), pytest.raises(NonFiniteError, match=r"^log\(x=0.0\) gave -inf: .*\(op log\)$"):
        x.log()
    y = Value(1.0, label="y")
    with check_finite(), pytest.raises(NonFiniteError, match=r"div\(y=1.0, 0.0\) gave inf"):
        y / 0
    with check_finite(), pytest.raises(NonFiniteError, match=r"exp\(1000.0\) gave inf"):
        Value(1000.0).exp()


def test_check_finite_catches_a_non_finite_gradient_in_backward():
    x = Value(0.0, label="x")
    with check_finite():
        y = x.sqrt()  # the value 0 is finite; the slope 1/(2·0) is not
        y.label = "root"
        with pytest.raises(NonFiniteError, match=r"gradient inf flows from root \(op sqrt\) to x"):
            y.backward()


def test_check_finite_is_off_outside_the_block():
    with check_finite():
        pass
    assert Value(0.0).log().data == -inf
