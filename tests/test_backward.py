"""backward(): the chain rule on a DAG, reused nodes, depth, repeated calls, and the step records."""

from __future__ import annotations

import math
import sys

import pytest

from autograd import (
    Value,
    backward_steps,
    forward_mode_grad,
    no_grad,
    parse,
    reverse_mode_grad,
    topological_order,
    zero_grad,
)

# -- reused nodes: ∂L/∂s sums over every use ------------------------------------


def test_a_times_a_has_two_edges_and_gradient_2a():
    a = Value(3.0, label="a")
    c = a * a
    assert c.parents == (a, a)
    assert [local for _, local in c.edges] == [3.0, 3.0]
    c.backward()
    assert a.grad == 6.0  # 3 + 3, one contribution per edge


def test_a_plus_a_has_two_edges_and_gradient_2():
    a = Value(-1.5)
    c = a + a
    assert len(c.edges) == 2
    c.backward()
    assert a.grad == 2.0


def test_a_value_feeding_three_children():
    a = Value(2.0, label="a")
    b, c, d = a * 3, a.exp(), a ** 2  # ∂/∂a: 3, e^a, 2a
    out = b + c + d
    out.backward()
    assert a.grad == pytest.approx(3 + math.exp(2.0) + 4, rel=1e-15)


# -- the lecture's worked examples, derived by hand -------------------------------


def test_lecture_example_b_log_of_square_plus_z():
    # f = log((x+y)^2 + z) at (2, 1, 1). By hand: s = x+y = 3, q = s^2 = 9, r = q+z = 10.
    # ∂f/∂r = 1/r = 1/10; ∂f/∂z = ∂f/∂r · 1 = 0.1; ∂f/∂s = ∂f/∂r · 2s = 6/10;
    # ∂f/∂x = ∂f/∂y = ∂f/∂s · 1 = 0.6.
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    leaves = {v.label: v for v in topological_order(f) if v.is_leaf}
    f.backward()
    assert f.data == pytest.approx(math.log(10))
    assert leaves["x"].grad == pytest.approx(0.6, rel=1e-15)
    assert leaves["y"].grad == pytest.approx(0.6, rel=1e-15)
    assert leaves["z"].grad == pytest.approx(0.1, rel=1e-15)


def test_lecture_example_b_built_with_operators_matches_the_parser():
    x, y, z = Value(2.0, label="x"), Value(1.0, label="y"), Value(1.0, label="z")
    f = ((x + y) ** 2 + z).log()
    f.backward()
    assert (x.grad, y.grad, z.grad) == pytest.approx((0.6, 0.6, 0.1), rel=1e-15)


def test_lecture_example_a_forward_needs_a_pass_per_input_reverse_one():
    # y = (x1+x2)(x3+x4), z1 = x1+x2 = 3, z2 = x3+x4 = 7 at (1, 2, 3, 4).
    # By hand: ∂y/∂z1 = z2 = 7, ∂y/∂z2 = z1 = 3; each x inherits one of them.
    def f(x1, x2, x3, x4):
        return (x1 + x2) * (x3 + x4)

    expected = [7.0, 7.0, 3.0, 3.0]
    fwd, fwd_counts = forward_mode_grad(f, [1, 2, 3, 4])
    rev, rev_counts = reverse_mode_grad(f, [1, 2, 3, 4])
    assert fwd == expected and rev == expected
    # forward mode: one pass per input, and in each pass one addition carries the derivative
    assert fwd_counts["passes"] == 4 and fwd_counts["add"] == 4
    # reverse mode: one backward pass, each of the two additions visited once
    assert rev_counts["passes"] == 1 and rev_counts["add"] == 2


def test_forward_mode_cost_grows_with_inputs_reverse_does_not():
    def f(*xs):
        return sum(x * x for x in xs)  # works for Dual and Value alike

    for n in (2, 8, 32):
        _, fwd = forward_mode_grad(f, [1.0] * n)
        _, rev = reverse_mode_grad(f, [1.0] * n)
        assert fwd["passes"] == n and rev["passes"] == 1
        assert rev["mul"] == n and rev["add"] == n  # n products, n additions (0 + x·x + ...)
        # the pass seeded at input i carries its derivative through additions i..n:
        # n + (n-1) + ... + 1 = n(n+1)/2 in all, quadratic, against n for reverse mode
        assert fwd["add"] == n * (n + 1) // 2


# -- depth and order ----------------------------------------------------------------


def test_one_million_node_chain_at_the_default_recursion_limit():
    assert sys.getrecursionlimit() == 1000  # the default: nothing raised it
    x = Value(0.5, label="x")
    y = x
    n = 1_000_000
    for _ in range(n):
        y = y * 1.0000001
    y.backward()
    assert x.grad == pytest.approx(1.0000001 ** n, rel=1e-9)
    assert y.data == pytest.approx(0.5 * 1.0000001 ** n, rel=1e-9)


def test_topological_order_is_valid_and_deterministic():
    def build():
        a, b = Value(1.0, label="a"), Value(2.0, label="b")
        c = a * b
        d = c + a
        e = d * c + b.exp()
        return e

    order = topological_order(build())
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            assert position[id(p)] < position[id(v)], "a parent must come before its child"
    assert order[-1].op == "+"
    again = [(v.op, v.label, v.data) for v in topological_order(build())]
    assert again == [(v.op, v.label, v.data) for v in order]
    assert len(order) == len({id(v) for v in order})


def test_topological_order_rejects_a_non_value():
    with pytest.raises(TypeError, match="topological_order needs a Value, got float"):
        topological_order(1.0)


# -- repeated backward: leaves accumulate, interior nodes are recomputed ----------------


def test_repeated_backward_accumulates_leaves_but_never_double_counts():
    x = Value(3.0)
    y = x ** 3  # dy/dx = 3x² = 27
    y.backward()
    assert x.grad == 27.0
    y.backward()
    assert x.grad == 2 * 27.0  # micrograd gives 72 here
    z = x * x * x  # the same function through interior nodes
    x.grad = 0.0
    z.backward()
    z.backward()
    assert x.grad == 2 * 27.0


def test_interior_grads_hold_the_latest_pass():
    x = Value(2.0)
    h = x * 5
    y = h * h
    y.backward()
    y.backward()
    assert h.grad == 2 * 10.0  # ∂y/∂h = 2h = 20, not 40
    assert y.grad == 1.0


def test_zero_grad_clears_the_whole_graph():
    x = Value(2.0)
    y = (x * x).tanh()
    y.backward()
    zero_grad(y)
    assert all(v.grad == 0.0 for v in topological_order(y))


def test_no_grad_records_no_edges_and_restores():
    x = Value(2.0)
    with no_grad():
        y = x * 3 + 1
        with no_grad():
            pass
        z = y.exp()
    assert y.is_leaf and z.is_leaf and y.op == ""
    assert (x * 2).edges  # recording is back on
    z.backward()
    assert x.grad == 0.0


# -- backward_steps: one record per node, with hand values --------------------------------


def test_step_records_show_a_sum_growing_over_two_children():
    a = Value(3.0, label="a")
    c, d = a * 2, a * 4
    c.label, d.label = "c", "d"
    out = c + d
    steps = {s.node.label: s for s in backward_steps(out)}
    ups = [(e.before, e.after) for s in (steps["d"], steps["c"]) for e in s.edges]
    assert ups == [(0.0, 4.0), (4.0, 6.0)]
    assert steps["a"].upstream == 6.0 and steps["a"].edges == ()
