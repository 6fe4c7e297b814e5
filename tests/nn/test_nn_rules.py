"""nn.rules: each numpy rule equals its scalar row of the op table, at many points, extremes included."""

import math

import numpy as np
import pytest

from autograd import OPS, Value
from autograd.ops import LEAKY_SLOPE
from nn import layers, losses, matrix
from nn.rules import RULES

EXTREMES = [0.0, -0.0, 5e-324, 1e-300, 1e-8, 0.5, 1.0, 20.0, 36.7, 37.0, 100.0, 700.0, 709.78, 710.0,
            745.2, 1e4, 1e300, 1.7976931348623157e308, math.inf]
rng = np.random.default_rng(0)
POINTS = np.concatenate([
    np.linspace(-50.0, 50.0, 2001),
    np.array(EXTREMES), -np.array(EXTREMES), [math.nan],
    rng.standard_normal(500) * 10.0 ** rng.uniform(-10, 10, 500),
])


def scalar(name, x):
    """The op table's forward value and local derivative ∂out/∂a at one float."""
    op = OPS[name]
    if name == "leaky_relu":
        out = op.forward(x, LEAKY_SLOPE)
        return out, op.local(x, LEAKY_SLOPE, out)[0]
    out = op.forward(x)
    return out, op.local(x, out)[0]


def assert_same(got, want, ulps, what, atol=0.0):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert np.array_equal(np.isnan(got), np.isnan(want)), what
    finite = np.isfinite(want)
    assert np.array_equal(got[~finite & ~np.isnan(want)], want[~finite & ~np.isnan(want)]), what  # ±inf
    assert np.all(np.isfinite(got[finite])), what
    gap = np.abs(got[finite] - want[finite])
    tol = 0.0
    if ulps:
        with np.errstate(over="ignore"):  # the spacing of the largest float is inf
            tol = ulps * np.spacing(np.maximum(np.abs(want[finite]), np.abs(got[finite])))
    bad = np.flatnonzero(gap > tol + atol)
    assert bad.size == 0, f"{what}: at a = {POINTS[finite][bad[:3]]}: {got[finite][bad[:3]]} vs {want[finite][bad[:3]]}"


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_numpy_rule_equals_its_op_table_row(name):
    assert name in OPS
    rule = RULES[name]
    out = rule.forward(POINTS)
    local = rule.local(POINTS, out)
    want_out, want_local = zip(*(scalar(name, float(x)) for x in POINTS), strict=True)
    ulps = 2 if name in ("tanh", "sigmoid", "softplus") else 0  # libm and numpy may differ in the last bit
    assert_same(out, want_out, ulps, f"{name} forward")
    # the local derivative 1 - out² (or out(1 - out)) turns a last-bit difference in out into ~1e-16
    assert_same(local, want_local, ulps, f"{name} local", atol=4 * np.finfo(float).eps if ulps else 0.0)


def test_the_matrix_twin_and_the_losses_use_the_rules():
    for name, (forward, local) in matrix.ACTIVATIONS.items():
        if name == "linear":
            continue
        assert forward is RULES[name].forward and local is RULES[name].local, name
    assert set(matrix.ACTIVATIONS) == set(layers.ACTIVATIONS)
    # losses on plain floats go through the op table too: bce of a float logit, at an extreme
    assert losses.bce_with_logits([800.0], [0.0]).data == OPS["softplus"].forward(800.0) == 800.0


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_matrix_twin_agrees_with_the_scalar_engine_at_extremes(name):
    twin = matrix.MatrixMLP([np.array([[1.0]])], [np.array([0.0])], [name])
    for x in (-800.0, -30.0, -1e-9, 0.0, 1e-9, 30.0, 800.0):
        out = twin.forward(np.array([[x]]))
        twin.backward(np.ones_like(out))  # db = φ'(x) for one sample through weight 1, bias 0
        v = Value(x)
        y = layers.ACTIVATIONS[name](v)
        y.backward()
        assert out[0, 0] == pytest.approx(y.data, rel=1e-15, abs=0), (name, x)
        assert twin.db[0][0] == pytest.approx(v.grad, rel=1e-15, abs=0), (name, x)
