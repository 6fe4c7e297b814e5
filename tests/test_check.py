"""gradcheck and forward mode."""

from __future__ import annotations

import math

import pytest

from autograd import Dual, GradcheckError, Value, forward_mode_grad, gradcheck


def test_gradcheck_passes_a_correct_function():
    assert gradcheck(lambda x, y: (x * y + x.exp()).tanh(), [0.3, -0.7]) is True


def test_gradcheck_names_the_input_and_both_numbers_when_wrong():
    def wrong(x, y):
        out = x * y
        out._edges = (x, 2 * y.data, y, x.data)  # a deliberately wrong rule for x
        return out

    with pytest.raises(GradcheckError) as info:
        gradcheck(wrong, [Value(1.5, label="x"), 2.0])
    message = str(info.value)
    assert message.startswith("gradcheck failed for input 0 (x = 1.5): backward gives 4.0, finite differences give")
    given = float(message.rsplit(" ", 1)[1])
    assert given == pytest.approx(2.0, abs=1e-6)  # ∂(xy)/∂x = y = 2


def test_gradcheck_refuses_bad_arguments():
    with pytest.raises(TypeError, match="gradcheck inputs must be a sequence"):
        gradcheck(lambda x: x, 1.0)
    with pytest.raises(TypeError, match="f must return a Value, got float"):
        gradcheck(lambda x: 1.0, [1.0])
    with pytest.raises(TypeError, match="gradcheck input 0 needs a real number, got str"):
        gradcheck(lambda x: x, ["a"])


def test_gradcheck_reports_a_nan_gradient():
    with pytest.raises(GradcheckError, match="input 0"):
        gradcheck(lambda x: x.sqrt(), [0.0])


def test_dual_numbers_reuse_the_op_table():
    x = Dual(0.5, 1.0)
    y = (x * x).sin() + x.exp() / 2 - 1 / x + 2 ** x + x ** 3 + abs(-x) + x.tanh().sigmoid().softplus()
    # the same function on Values, differentiated by backward
    v = Value(0.5)
    w = (v * v).sin() + v.exp() / 2 - 1 / v + 2 ** v + v ** 3 + abs(-v) + v.tanh().sigmoid().softplus()
    w.backward()
    assert y.value == pytest.approx(w.data, rel=1e-14)
    assert y.tangent == pytest.approx(v.grad, rel=1e-12)


def test_dual_other_methods():
    for name in ("log", "sqrt", "cos", "relu"):
        d = getattr(Dual(2.0, 1.0), name)()
        v = Value(2.0)
        getattr(v, name)().backward()
        assert d.tangent == pytest.approx(v.grad)
    assert Dual(-2.0, 1.0).leaky_relu(0.1).tangent == 0.1
    assert (Dual(3.0, 1.0) - 1).tangent == 1.0 and (5 - Dual(3.0, 1.0)).tangent == -1.0
    assert math.isclose((Dual(3.0, 1.0) / 2).tangent, 0.5)
    assert repr(Dual(1.0, 2.0)) == "Dual(value=1.0, tangent=2.0)"


def test_forward_mode_grad_matches_reverse_mode():
    def f(a, b, c):
        return (a * b + c).tanh() * a

    grads, counts = forward_mode_grad(f, [0.3, -1.2, 0.5])
    leaves = [Value(0.3), Value(-1.2), Value(0.5)]
    f(*leaves).backward()
    assert grads == pytest.approx([v.grad for v in leaves], rel=1e-12)
    assert counts["passes"] == 3
