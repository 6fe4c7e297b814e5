"""Property-based: random expression trees, backward() checked against finite differences."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd import Value, gradcheck, topological_order
from autograd import sum as vsum

# Smooth ops only (kinks such as relu(0) have no finite-difference derivative),
# each kept in a range where central differences are accurate.
UNARY = {
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "sin": lambda a: a.sin(),
    "cos": lambda a: a.cos(),
    "softplus": lambda a: a.softplus(),
    "exp∘tanh": lambda a: a.tanh().exp(),
    "log(1+a²)": lambda a: (1 + a * a).log(),
    "sqrt(1+a²)": lambda a: (a ** 2 + 1).sqrt(),
    "neg": lambda a: -a,
    "square": lambda a: a ** 2,
    "leaky(away from 0)": lambda a: (a * a + 0.5).leaky_relu(0.1),
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 1),
    "**": lambda a, b: (a * a + 0.5) ** b.tanh(),
    "Σ": lambda a, b: vsum([a, b, a], start=0.25),
}

N_INPUTS = 3
leaf = st.integers(0, N_INPUTS - 1).map(lambda i: ("x", i)) | st.floats(-2, 2).map(lambda c: ("c", c))
trees = st.recursive(
    leaf,
    lambda sub: st.one_of(
        st.tuples(st.sampled_from(sorted(UNARY)), sub),
        st.tuples(st.sampled_from(sorted(BINARY)), sub, sub),
    ),
    max_leaves=8,
)


def build(tree, xs):
    """Evaluate a tree on Values, without recursion limits mattering (trees are small)."""
    kind = tree[0]
    if kind == "x":
        return xs[tree[1]]
    if kind == "c":
        return tree[1]
    if kind in UNARY:
        a = build(tree[1], xs)
        return UNARY[kind](a if isinstance(a, Value) else Value(a))
    a, b = build(tree[1], xs), build(tree[2], xs)
    return BINARY[kind](a if isinstance(a, Value) else Value(a), b if isinstance(b, Value) else Value(b))


def as_function(tree):
    def f(*xs):
        out = build(tree, xs)
        return out if isinstance(out, Value) else Value(out) + 0 * xs[0]
    return f


@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(trees, st.lists(st.floats(-2, 2), min_size=N_INPUTS, max_size=N_INPUTS))
def test_random_trees_match_finite_differences(tree, inputs):
    f = as_function(tree)
    probe = f(*[Value(x) for x in inputs])
    if not all(math.isfinite(v.data) and abs(v.data) < 1e6 for v in topological_order(probe)):
        return  # out of the range where central differences are trustworthy
    assert gradcheck(f, inputs, eps=1e-6, atol=1e-4, rtol=1e-3)
