"""Cross-checks against PyTorch in float64 (CI installs torch==2.13.0 CPU, so these run there)."""

from __future__ import annotations

import math

import pytest

from autograd import Value
from autograd import sum as vsum

CASES = {
    "arith": (lambda a, b: (a * b + a / b - b ** 2) * 3 - 1 / a, [1.3, -0.7]),
    "exp-log": (lambda a, b: (a.exp() + b * b).log(), [0.4, -1.1]),
    "tanh-sigmoid": (lambda a, b: (a * b).tanh() + (a - b).sigmoid(), [0.9, 0.2]),
    "relu-abs": (lambda a, b: (a - b).relu() + abs(a * b) + a.leaky_relu(0.1) + b.leaky_relu(0.1), [1.5, -0.5]),
    "softplus-trig": (lambda a, b: a.softplus() * b.sin() + a.cos() * b.sqrt(), [-0.3, 2.0]),
    "pow-value": (lambda a, b: a ** b + 2 ** a, [1.7, 0.6]),
    "reuse": (lambda a, b: a * a * a + a * b + b, [0.5, 3.0]),
}


def _torch_fn(torch, name):
    f, _ = CASES[name]

    def g(a, b):
        # torch spells a few ops differently
        T = torch

        class W:
            def __init__(self, t):
                self.t = t

            def _w(self, o):
                return o.t if isinstance(o, W) else o

            def __add__(self, o): return W(self.t + self._w(o))
            __radd__ = __add__
            def __sub__(self, o): return W(self.t - self._w(o))
            def __rsub__(self, o): return W(o - self.t)
            def __mul__(self, o): return W(self.t * self._w(o))
            __rmul__ = __mul__
            def __truediv__(self, o): return W(self.t / self._w(o))
            def __rtruediv__(self, o): return W(o / self.t)
            def __pow__(self, o): return W(self.t ** self._w(o))
            def __rpow__(self, o): return W(T.pow(T.tensor(float(o), dtype=T.float64), self.t))
            def __neg__(self): return W(-self.t)
            def __abs__(self): return W(self.t.abs())
            def exp(self): return W(self.t.exp())
            def log(self): return W(self.t.log())
            def tanh(self): return W(self.t.tanh())
            def sigmoid(self): return W(self.t.sigmoid())
            def relu(self): return W(self.t.relu())
            def leaky_relu(self, s): return W(T.nn.functional.leaky_relu(self.t, s))
            def softplus(self): return W(T.nn.functional.softplus(self.t))
            def sin(self): return W(self.t.sin())
            def cos(self): return W(self.t.cos())
            def sqrt(self): return W(self.t.sqrt())

        return f(W(a), W(b)).t

    return g


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_agree_with_torch_float64(torch, name):
    f, point = CASES[name]
    xs = [Value(p) for p in point]
    out = f(*xs)
    out.backward()
    ts = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in point]
    tout = _torch_fn(torch, name)(*ts)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-13)
    for x, t in zip(xs, ts, strict=True):
        assert x.grad == pytest.approx(t.grad.item(), rel=1e-12, abs=1e-15)


def test_nary_sum_and_repeated_backward_match_torch(torch):
    vals = [0.5, -1.0, 2.0]
    xs = [Value(v) for v in vals]
    s = vsum([x * x for x in xs], start=1.0).tanh()
    s.backward()
    s.backward()  # leaves accumulate, as torch's do with retain_graph
    ts = torch.tensor(vals, dtype=torch.float64, requires_grad=True)
    t = ((ts * ts).sum() + 1.0).tanh()
    t.backward(retain_graph=True)
    t.backward()
    assert [x.grad for x in xs] == pytest.approx(ts.grad.tolist(), rel=1e-12)


@pytest.mark.parametrize(("build", "x0"), [
    (lambda x: x.log(), 0.0), (lambda x: x.log(), -1.0), (lambda x: x ** -1, 0.0), (lambda x: x.sqrt(), 0.0),
    (lambda x: x.exp(), 1000.0), (lambda x: x.sigmoid(), -1e4), (lambda x: x.softplus(), 1e4),
    (lambda x: x.relu(), 0.0), (lambda x: abs(x), 0.0), (lambda x: x ** 0.5, -4.0), (lambda x: x / 0.0, 0.0),
    # issue 12's cases, where C99 and torch differ: we follow torch
    (lambda x: x ** 0.5, -math.inf), (lambda x: x ** 3.0, -math.inf),
    (lambda x: x.relu(), math.nan), (lambda x: x.leaky_relu(0.2), math.nan),
])
def test_numeric_policy_matches_torch(torch, build, x0):
    x = Value(x0)
    y = build(x)
    y.backward()
    t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)

    class T:
        def __init__(self, t): self.t = t
        def log(self): return T(self.t.log())
        def sqrt(self): return T(self.t.sqrt())
        def exp(self): return T(self.t.exp())
        def sigmoid(self): return T(self.t.sigmoid())
        def softplus(self): return T(torch.nn.functional.softplus(self.t))
        def relu(self): return T(self.t.relu())
        def leaky_relu(self, s): return T(torch.nn.functional.leaky_relu(self.t, s))
        def __abs__(self): return T(self.t.abs())
        def __pow__(self, c): return T(self.t ** c)
        def __truediv__(self, c): return T(self.t / c)

    ty = build(T(t)).t
    ty.backward()

    def same(a, b):
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12)

    assert same(y.data, ty.item()), (y.data, ty.item())
    assert same(x.grad, t.grad.item()), (x.grad, t.grad.item())


@pytest.mark.parametrize(("x0", "y0"), [(0.0, 0.0), (0.0, 2.0), (0.0, -1.0), (-2.0, 0.5), (3.0, 0.0)])
def test_pow_gradients_at_the_edges_match_torch(torch, x0, y0):
    x, y = Value(x0), Value(y0)
    (x ** y).backward()
    tx, ty = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x0, y0))
    (tx ** ty).backward()
    for ours, theirs in ((x.grad, tx.grad.item()), (y.grad, ty.grad.item())):
        assert (math.isnan(ours) and math.isnan(theirs)) or ours == theirs, (ours, theirs)


def test_negative_infinity_to_a_negative_half_matches_torch(torch):
    # torch computes (-inf) ** -0.5 as rsqrt: nan; its backward, -0.5·(-inf) ** -1.5 = -0.5·0, is -0.0.
    # Ours is the same since issue 21 (before, (-inf) ** -1.5 was nan here).
    x = Value(-math.inf)
    y = x ** -0.5
    y.backward()
    t = torch.tensor(-math.inf, dtype=torch.float64, requires_grad=True)
    (t ** -0.5).backward()
    local = y.edges[0][1]  # the local derivative keeps the sign of zero (x.grad is 0.0 + -0.0 = 0.0)
    assert math.isnan(y.data) and x.grad == t.grad.item() == local == 0.0
    assert math.copysign(1, local) == math.copysign(1, t.grad.item()) == -1.0


def test_log_of_relu_at_zero_is_a_documented_difference(torch):
    # torch's relu masks its gradient (0 even when the upstream is inf); our backward multiplies:
    # upstream inf (from log'(0)) times relu'(0) = 0 is nan, as IEEE says. The README's table says so.
    x = Value(0.0)
    x.relu().log().backward()
    t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    t.relu().log().backward()
    assert math.isnan(x.grad) and t.grad.item() == 0.0
