"""Value: construction, fields, errors, and micrograd compatibility."""

from __future__ import annotations

import fractions
import math

import pytest

from autograd import Value


def test_data_becomes_a_float():
    assert Value(3).data == 3.0 and type(Value(3).data) is float
    assert Value(fractions.Fraction(1, 4)).data == 0.25
    v = Value(2.5, label="w")
    assert (v.data, v.grad, v.label, v.op, v.edges, v.parents) == (2.5, 0.0, "w", "", (), ())
    assert (v.const, v.offset) == (None, 0.0)
    assert v.is_leaf


@pytest.mark.parametrize(("bad", "name"), [
    (True, "bool"), ("1.0", "str"), (None, "NoneType"), (1 + 2j, "complex"), ([1.0], "list"), (object(), "object"),
])
def test_non_numbers_raise_a_type_error_naming_the_type(bad, name):
    with pytest.raises(TypeError, match=rf"^Value needs a real number, got {name}"):
        Value(bad)


def test_a_huge_int_and_a_bad_label_are_refused_clearly():
    with pytest.raises(ValueError, match="too large for a float"):
        Value(10 ** 400)
    with pytest.raises(TypeError, match="Value label must be a str, got int"):
        Value(1.0, label=3)


def test_ops_with_a_non_number_raise_pythons_type_error():
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'Value' and 'str'"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \*: 'Value' and 'NoneType'"):
        Value(1.0) * None
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \*: 'Value' and 'bool'"):
        Value(1.0) * True


def test_edges_are_ordered_per_use_and_read_only():
    a, b = Value(2.0), Value(5.0)
    c = a * b
    assert c.edges == ((a, 5.0), (b, 2.0))
    assert c.parents == (a, b)
    with pytest.raises(AttributeError):
        c.edges = ()
    with pytest.raises(AttributeError):
        c.parents = ()
    assert isinstance(c.parents, tuple)


def test_number_operands_are_constants_not_nodes():
    x = Value(2.0)
    y = x * 0.5
    assert y.parents == (x,) and y.const == 0.5 and y.op == "*"
    z = x ** 2
    assert z.parents == (x,) and z.const == 2.0 and z.op == "**"
    w = 3 - x  # a number on the left of - / ** becomes a labelled leaf
    assert [p.label for p in w.parents] == ["3.0", ""]
    assert w.data == 1.0


def test_repr_shows_data_grad_and_label():
    assert repr(Value(1.5, label="x")) == "Value(data=1.5, grad=0.0, label='x')"
    assert repr(Value(1.5)) == "Value(data=1.5, grad=0.0)"


def test_values_hash_by_identity():
    a, b = Value(1.0), Value(1.0)
    assert len({a, b}) == 2


def test_micrograd_code_runs_unchanged_and_agrees_with_micrograd():
    """micrograd's own test_more_ops, run on both engines; micrograd is right on a first backward."""
    from micrograd.engine import Value as MicroValue

    def more_ops(V):
        a = V(-4.0)
        b = V(2.0)
        c = a + b
        d = a * b + b**3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e**2
        g = f / 2.0
        g += 10.0 / f
        g.backward()
        return g.data, a.grad, b.grad

    ours, theirs = more_ops(Value), more_ops(MicroValue)
    assert ours == pytest.approx(theirs, rel=1e-12)
    # and the numbers micrograd's README quotes
    assert ours[0] == pytest.approx(24.7041, abs=1e-4)
    assert ours[1] == pytest.approx(138.8338, abs=1e-4)
    assert ours[2] == pytest.approx(645.5773, abs=1e-4)


def test_micrograd_style_fields_for_old_draw_dot_code():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    assert c._prev == {a, b} and c._op == "*"


def test_finite_and_special_floats_are_accepted():
    assert math.isinf(Value(math.inf).data) and math.isnan(Value(math.nan).data)


def test_a_huge_int_operand_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"^operand of \*: the number 1000000000\d* is too large for a float$"):
        Value(1.0) * 10 ** 400


def test_a_constant_is_marked_by_the_engine_not_by_its_label():
    from autograd import constant, no_grad, parse
    from autograd import sum as vsum

    x = Value(2.0, label="3")  # a user's leaf labelled like a number is an input
    assert not x.is_constant
    c = constant(3)
    assert c.is_constant and c.is_leaf and (c.data, c.label) == (3.0, "3.0")
    assert constant(0.5, label="half").label == "half"
    left = 2 - x  # a number on the left of - becomes a node: a constant leaf
    assert left.parents[0].is_constant and left.parents[0].data == 2.0
    assert [p.is_constant for p in (2 / x).parents] == [True, False]
    assert [p.is_constant for p in (2 ** x).parents] == [True, False]
    assert not (x * 2).is_constant  # x * 2 keeps the 2 on the op node: no leaf, and the node is no constant
    assert vsum([1, 2]).is_constant and parse("1 + 2").is_constant
    with no_grad():
        assert not (x * 2).is_constant  # a result under no_grad is a plain number, not marked
    with pytest.raises(TypeError, match=r"^constant needs a real number, got str"):
        constant("2")
