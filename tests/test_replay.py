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
