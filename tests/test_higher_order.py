"""grad(..., create_graph=True): derivatives of derivatives, against closed forms, finite differences and torch."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_property import N_INPUTS, as_function, trees

from autograd import Value, grad, no_grad, topological_order
from autograd import sum as vsum

XS = [-1.7, -0.4, 0.0, 0.3, 1.1, 2.5]


def derivatives(f, x0, n):
    """f, f', ..., f^(n) at x0, each by differentiating the previous one's graph."""
    x = Value(x0, label="x")
    out = [f(x)]
    for _ in range(n):
        (d,) = grad(out[-1], [x], create_graph=True)
        out.append(d)
    return [v.data for v in out]


@pytest.mark.parametrize("x0", XS)
def test_tanh_second_and_third_derivatives(x0):
    t = math.tanh(x0)
    _, d1, d2, d3 = derivatives(lambda x: x.tanh(), x0, 3)
    assert d1 == pytest.approx(1 - t * t, abs=1e-15)
    assert d2 == pytest.approx(-2 * t * (1 - t * t), abs=1e-15)
    assert d3 == pytest.approx(-2 * (1 - t * t) * (1 - 3 * t * t), abs=1e-14)


@pytest.mark.parametrize("x0", XS)
def test_sigmoid_second_derivative(x0):
    s = 1 / (1 + math.exp(-x0))
    _, d1, d2 = derivatives(lambda x: x.sigmoid(), x0, 2)
    assert d1 == pytest.approx(s * (1 - s), abs=1e-15)
    assert d2 == pytest.approx(s * (1 - s) * (1 - 2 * s), abs=1e-15)


@pytest.mark.parametrize("build", [lambda x: x ** 3, lambda x: x * x * x], ids=["x**3", "x*x*x"])
@pytest.mark.parametrize("x0", XS)
def test_cube_three_times(build, x0):
    _, d1, d2, d3, d4 = derivatives(build, x0, 4)
    assert (d1, d2, d3, d4) == (pytest.approx(3 * x0 ** 2, rel=1e-15), pytest.approx(6 * x0, rel=1e-15), 6.0, 0.0)


@pytest.mark.parametrize("x0", [0.25, 1.0, 3.0])
def test_log_second_derivative(x0):
    _, d1, d2 = derivatives(lambda x: x.log(), x0, 2)
    assert (d1, d2) == (pytest.approx(1 / x0, rel=1e-15), pytest.approx(-1 / x0 ** 2, rel=1e-15))


@pytest.mark.parametrize(("x0", "y0"), [(0.7, -1.3), (2.0, 0.5), (-1.1, 3.0)])
def test_mixed_partials_in_both_orders(x0, y0):
    x, y = Value(x0, label="x"), Value(y0, label="y")
    f = x * y * x.sin()
    fx, fy = grad(f, [x, y], create_graph=True)
    assert fx.data == pytest.approx(y0 * math.sin(x0) + x0 * y0 * math.cos(x0), rel=1e-14)
    assert fy.data == pytest.approx(x0 * math.sin(x0), rel=1e-14)
    (fxy,) = grad(fx, [y])
    (fyx,) = grad(fy, [x])
    expected = math.sin(x0) + x0 * math.cos(x0)
    assert fxy == pytest.approx(expected, rel=1e-14) and fyx == pytest.approx(expected, rel=1e-14)
    fxx, _ = grad(fx, [x, y])
    assert fxx == pytest.approx(2 * y0 * math.cos(x0) - x0 * y0 * math.sin(x0), rel=1e-13)


def test_an_input_the_output_ignores_gets_zero_and_grads_stay_untouched():
    x, y = Value(2.0), Value(5.0)
    f = x * x
    assert grad(f, [x, y]) == [4.0, 0.0]
    (d,) = grad(f, [y], create_graph=True)
    assert isinstance(d, Value) and d.data == 0.0
    assert x.grad == y.grad == f.grad == 0.0


def test_bad_arguments_are_one_line_errors():
    x = Value(1.0)
    with pytest.raises(TypeError, match="grad needs a Value output, got float"):
        grad(1.0, [x])
    with pytest.raises(TypeError, match=r"grad inputs must be a list of Values, e\.g\. grad\(f, \[x, y\]\)"):
        grad(x * 2, x)
    y = x * x
    with no_grad(), pytest.raises(RuntimeError, match=r"create_graph=True\) inside no_grad\(\) would record no graph"):
        grad(y, [x], create_graph=True)


def test_a_gradient_graph_can_be_drawn_and_explained():
    import viz
    x = Value(0.5, label="x")
    (d1,) = grad(x.tanh(), [x], create_graph=True)
    d1.label = "dtanh/dx"
    assert "dtanh/dx" in viz.draw(d1).source
    last = viz.explain(d1).splitlines()[-1]
    t = math.tanh(0.5)
    assert last.endswith(f"= {-2 * t * (1 - t * t):.4g}")


# -- Hessian-vector product of a small MLP's loss, against torch ----------------------------

SIZES = (2, 3, 1)
DATA = [((0.5, -1.0), 0.3), ((-0.2, 0.8), -0.6), ((1.4, 0.1), 0.9)]


def n_params():
    return sum((nin + 1) * nout for nin, nout in itertools.pairwise(SIZES))


def mlp_loss(p):
    """Mean squared error of a 2-3-1 tanh MLP; ``p`` holds its parameters (Values or torch scalars)."""
    total = 0.0
    for xs, target in DATA:
        acts, k = list(xs), 0
        for layer, (nin, nout) in enumerate(itertools.pairwise(SIZES)):
            out = []
            for _ in range(nout):
                z = sum((p[k + i] * a for i, a in enumerate(acts)), p[k + nin])
                k += nin + 1
                out.append(z.tanh() if layer < len(SIZES) - 2 else z)
            acts = out
        total = total + (acts[0] - target) ** 2
    return total / len(DATA)


def test_hessian_vector_product_matches_torch(torch):
    rng = random.Random(0)
    p0 = [rng.uniform(-1, 1) for _ in range(n_params())]
    v0 = [rng.uniform(-1, 1) for _ in range(n_params())]
    params = [Value(x) for x in p0]
    g = grad(mlp_loss(params), params, create_graph=True)
    g_dot_v = vsum([gi * vi for gi, vi in zip(g, v0, strict=True)])
    ours = grad(g_dot_v, params)
    _, theirs = torch.autograd.functional.hvp(
        mlp_loss, torch.tensor(p0, dtype=torch.float64), torch.tensor(v0, dtype=torch.float64))
    assert ours == pytest.approx(theirs.tolist(), abs=1e-10, rel=0)


# -- properties over random expressions ----------------------------------------------------


def first_derivatives(f, inputs):
    xs = [Value(x) for x in inputs]
    return grad(f(*xs), xs)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(trees, st.lists(st.floats(-2, 2), min_size=N_INPUTS, max_size=N_INPUTS))
def test_second_derivatives_match_central_differences_of_first(tree, inputs):
    f = as_function(tree)
    xs = [Value(x) for x in inputs]
    out = f(*xs)
    if not all(math.isfinite(v.data) and abs(v.data) < 1e4 for v in topological_order(out)):
        return  # out of the range where finite differences are trustworthy
    firsts = grad(out, xs, create_graph=True)
    eps = 1e-5
    for i, gi in enumerate(firsts):
        row = grad(gi, xs)
        for j in range(N_INPUTS):
            up, down = list(inputs), list(inputs)
            up[j] += eps
            down[j] -= eps
            numeric = (first_derivatives(f, up)[i] - first_derivatives(f, down)[i]) / (2 * eps)
            assert row[j] == pytest.approx(numeric, abs=1e-4, rel=1e-3), (i, j)
