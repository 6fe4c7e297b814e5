"""replay: a node's op, its inputs, and its op applied to new inputs (hand values)."""

from __future__ import annotations

import math

import pytest

from autograd import Dual, OpError, Value, parse
from autograd import sum as vsum
from autograd.replay import apply, constants, forward, inputs, local, op_of


def test_a_node_with_a_constant():
    x = Value(3.0, label="x")
    y = x * 2
    assert op_of(y).name == "mul" and constants(y) == [2.0] and inputs(y) == [x, 2.0]
    assert forward(y, [5.0]) == 10.0 and local(y, [5.0], 10.0) == (2.0, 5.0)
    z = apply(y, [Value(4.0)])  # 4 * 2, one edge with local 2
    assert (z.data, z.op, z.const, [loc for _, loc in z.edges]) == (8.0, "*", 2.0, [2.0])


def test_a_sum_with_an_offset():
    x, y = Value(1.0), Value(2.0)
    s = vsum([x, y, 0.5])
    assert s.const is None and s.offset == 0.5 and constants(s) == [0.5] and inputs(s) == [x, y, 0.5]
    assert forward(s, [10.0, 20.0]) == 30.5
    t = apply(s, [Value(3.0), Value(4.0)])
    assert (t.data, t.offset, len(t.edges)) == (7.5, 0.5, 2)


def test_a_binary_node_on_duals_and_values():
    f = parse("x * y + sin(x)", x=0.5, y=2.0)
    mul = f.parents[0]
    d = apply(mul, [Dual(3.0, 1.0), Dual(4.0, 0.0)])  # d(xy)/dx = y = 4
    assert (d.value, d.tangent) == (12.0, 4.0)
    sine = f.parents[1]
    assert forward(sine, [math.pi / 2]) == 1.0
    assert local(sine, [0.0], 0.0) == (1.0,)  # cos 0


def test_a_leaf_has_no_op():
    with pytest.raises(OpError, match=r"^x is a leaf: no op made it$"):
        op_of(Value(1.0, label="x"))


def test_a_fold_is_a_row_of_the_table_whose_locals_are_given():
    from autograd import check_edges, forward_mode_grad
    from autograd.replay import fold

    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    f = fold([a, b], [0.5, 3.0], 10.0)  # the rest of a graph: 10 here, slopes 0.5 and 3
    assert (f.op, f.data, op_of(f).name) == ("rest of network", 10.0, "fold")
    assert [loc for _, loc in f.edges] == [0.5, 3.0]
    # linear: c + 0.5·a + 3·b with c = 10 - (0.5·2 + 3·(-1)) = 12
    assert constants(f) == [0.5, 3.0, 12.0] and f.offset == 12.0
    assert forward(f, [4.0, 0.0]) == 14.0 and local(f, [4.0, 0.0], 14.0)[:2] == (0.5, 3.0)
    g = apply(f, [Value(0.0), Value(1.0)])  # the same fold on new inputs: 12 + 3
    assert (g.data, g.op, [loc for _, loc in g.edges]) == (15.0, "rest of network", [0.5, 3.0])
    f.backward()
    assert (a.grad, b.grad) == (0.5, 3.0)
    checks = check_edges(f)  # finite differences agree with the given locals
    assert [(e.op, e.rule) for e in checks] == [("fold", 0.5), ("fold", 3.0)] and all(e.ok for e in checks)
    assert [e.numeric for e in checks] == pytest.approx([0.5, 3.0], rel=1e-6)
    grads, _ = forward_mode_grad(lambda x, y: apply(f, [x, y]), [2.0, -1.0])  # on Duals too
    assert grads == pytest.approx([0.5, 3.0])


def test_a_fold_needs_one_weight_per_parent():
    from autograd.replay import fold

    with pytest.raises(ValueError, match=r"^fold: 2 parent\(s\) but 1 weight\(s\)") as e:
        fold([Value(1.0), Value(2.0)], [0.5], 1.0)
    assert "\n" not in str(e.value)
