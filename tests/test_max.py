"""The binary max op: forward, its subgradient at ties (as torch.maximum), nan, the parser, and forward mode.

Expected values are written by hand, or come from PyTorch float64.
"""

from __future__ import annotations

import math

import pytest

from autograd import OPS, Dual, Value, check_edges, grad, gradcheck, parse, topological_order
from autograd.ops import FUNCTIONS, lookup

NAN, INF = math.nan, math.inf

# (a, b, max, ∂/∂a, ∂/∂b), by hand: the gradient goes to the larger input, half each at a tie,
# and a nan input gives nan with both local derivatives 1 (torch's where(a == b, g/2, g) masked by a < b).
HAND = [
    (1.0, 3.0, 3.0, 0.0, 1.0),
    (3.0, 1.0, 3.0, 1.0, 0.0),
    (2.0, 2.0, 2.0, 0.5, 0.5),
    (-1.5, -1.5, -1.5, 0.5, 0.5),
    (INF, INF, INF, 0.5, 0.5),
    (-INF, 0.0, 0.0, 0.0, 1.0),
    (NAN, 1.0, NAN, 1.0, 1.0),
    (1.0, NAN, NAN, 1.0, 1.0),
    (NAN, NAN, NAN, 1.0, 1.0),
    (NAN, INF, NAN, 1.0, 1.0),
]


def same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x) == math.copysign(1, y))


@pytest.mark.parametrize(("a", "b", "out", "da", "db"), HAND)
def test_max_by_hand(a, b, out, da, db):
    x, y = Value(a, label="a"), Value(b, label="b")
    m = x.max(y)
    m.backward()
    assert same(m.data, out) and same(x.grad, da) and same(y.grad, db)
    assert m.op == "max" and [p for p, _ in m.edges] == [x, y]


@pytest.mark.parametrize(("a", "b", "out", "da", "db"), HAND)
def test_max_against_torch_float64(torch, a, b, out, da, db):
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    tm = torch.maximum(ta, tb)
    tm.backward()
    x, y = Value(a), Value(b)
    m = x.max(y)
    m.backward()
    assert same(m.data, tm.item())
    assert same(x.grad, ta.grad.item()) and same(y.grad, tb.grad.item())


def test_max_signed_zero_as_torch(torch):
    for a, b in [(-0.0, 0.0), (0.0, -0.0)]:
        expected = torch.maximum(torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64))
        assert same(Value(a).max(Value(b)).data, expected.item())
    assert same(Value(-0.0).max(0.0).data, -0.0)  # a tie keeps the first input, as torch does


def test_max_with_a_number_is_one_edge_and_the_tie_still_splits():
    x = Value(2.0, label="x")
    m = x.max(2)  # a number is a constant: one edge, kept as the node's constant
    m.backward()
    assert m.const == 2.0 and len(m.edges) == 1 and x.grad == 0.5
    x2 = Value(-1.0)
    m2 = x2.max(0.0)  # relu by another name: the gradient does not reach x2
    m2.backward()
    assert m2.data == 0.0 and x2.grad == 0.0


def test_max_refuses_a_non_number():
    with pytest.raises(TypeError, match="max needs a Value or a number, got str"):
        Value(1.0).max("2")  # type: ignore[arg-type]


def test_max_is_a_row_of_the_table():
    op = lookup("max")
    assert op is OPS["max"] and op.arity == 2 and "max" in FUNCTIONS
    assert op.latex.format("a", "b") == r"\max\left(a, b\right)"
    assert "1/2" in op.derivative  # the tie rule, in words


def test_max_gradcheck_and_edges_away_from_ties():
    assert gradcheck(lambda a, b: (a * b).max(a + b), [2.0, 3.0])
    assert gradcheck(lambda a, b: (a * b).max(a + b), [0.5, 0.5])
    assert all(e.ok for e in check_edges(Value(1.0).max(Value(-2.0))))


def test_max_in_the_parser():
    f = parse("max(x*y, x+y)", x=2, y=3)  # 6 against 5: the product wins
    f.backward()
    grads = {v.label: v.grad for v in topological_order(f) if v.is_leaf}
    assert f.data == 6.0 and grads == {"x": 3.0, "y": 2.0}
    g = parse("max(2, x)", x=2)  # a tie with a constant leaf on the left
    g.backward()
    assert g.edges[0][0].label == "2.0" and g.edges[1][1] == 0.5
    assert parse("max(1, 3)").data == 3.0
    with pytest.raises(ValueError, match=r"max\(\) at column 1 takes 2 argument\(s\), got 1"):
        parse("max(x)", x=1)


def test_max_forward_mode_and_create_graph():
    x = Dual(2.0, 1.0)
    y = x.max(Dual(2.0, 0.0))  # a tie: tangent 1/2
    assert (y.value, y.tangent) == (2.0, 0.5)
    a = Value(3.0)
    (d,) = grad((a * a).max(a), [a], create_graph=True)  # 2a = 6 where a² > a
    assert d.data == 6.0
