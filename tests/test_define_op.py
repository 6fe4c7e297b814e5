"""define_op: a student's own row in the op table, understood everywhere, with one-line errors."""

from __future__ import annotations

import math
import re

import pytest

from autograd import (
    Dual,
    GradcheckError,
    OpError,
    Value,
    check_edges,
    define_op,
    forward_mode_grad,
    grad,
    gradcheck,
    parse,
)

pytestmark = pytest.mark.usefixtures("forget_user_ops")  # tests/conftest.py


def softsign_ok():
    return define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)) ** 2,),
                     symbol="softsign", latex=r"\mathrm{{softsign}}\left({0}\right)",
                     derivative="∂softsign(x)/∂x = 1/(1+|x|)²")


def softsign_wrong():
    # the classic slip: forgetting the square
    return define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)),))


def hand_softsign_prime(x):
    return 1.0 / (1.0 + abs(x)) ** 2


def one_line_error(fn, match, kind=OpError):
    with pytest.raises(kind) as info:
        fn()
    text = str(info.value)
    assert "\n" not in text, text
    assert re.search(match, text), text
    return text


def test_a_new_op_works_on_values_numbers_and_duals():
    softsign = softsign_ok()
    assert softsign(3.0) == 0.75 and softsign(-1) == -0.5  # numbers give numbers
    x = Value(3.0, label="x")
    y = softsign(x)
    assert isinstance(y, Value) and y.data == 0.75 and y.op == "softsign"
    assert y.edges == ((x, hand_softsign_prime(3.0)),)
    y.backward()
    assert x.grad == hand_softsign_prime(3.0) == 1 / 16
    d = softsign(Dual(3.0, 1.0))
    assert (d.value, d.tangent) == (0.75, 1 / 16)
    grads, counts = forward_mode_grad(lambda a, b: softsign(a * b), [1.5, 2.0])
    assert grads == pytest.approx([2.0 / 16, 1.5 / 16]) and counts["softsign"] == 2


def test_two_input_op_and_mixed_numbers():
    hypot = define_op("hypot", lambda a, b: math.hypot(a, b),
                      lambda a, b, out: (a / out, b / out))
    a, b = Value(3.0, label="a"), Value(4.0, label="b")
    h = hypot(a, b)
    assert h.data == 5.0
    h.backward()
    assert (a.grad, b.grad) == (0.6, 0.8)
    h2 = hypot(a, 4.0)  # a number becomes a constant leaf
    assert h2.data == 5.0 and [p.data for p in h2.parents] == [3.0, 4.0]
    assert gradcheck(hypot, [1.2, -0.7])


def test_the_parser_knows_the_op_by_name():
    softsign_ok()
    f = parse("softsign(x*y) + x", x=2, y=1.5)
    assert f.data == 0.75 + 2
    f.backward()
    leaves = {v.label: v.grad for v in [p for p in f.parents[0].parents[0].parents] + [f.parents[1]]}
    assert leaves["x"] == pytest.approx(1.5 / 16 + 1) and leaves["y"] == pytest.approx(2 / 16)
    assert parse("softsign(3)").data == 0.75
    one_line_error(lambda: parse("softsign(x, x)", x=1), "takes 1 argument", ValueError)
    one_line_error(lambda: parse("softsign", softsign=1), "is a function", ValueError)


def test_drawings_explanations_and_the_stepper_show_it():
    import viz
    softsign = softsign_ok()
    x = Value(3.0, label="x")
    y = softsign(x * 2)
    assert "softsign" in viz.draw(y).source
    text = viz.explain(y)
    assert text.splitlines()[-1].endswith(f"= {hand_softsign_prime(6.0) * 2:.4g}")
    assert r"\mathrm{softsign}\left(" in viz.explain(y, format="latex")
    assert len(viz.step(y).frames) == 3


def test_gradcheck_and_create_graph():
    softsign = softsign_ok()
    assert gradcheck(lambda x: softsign(x * x), [0.7])
    x = Value(0.7, label="x")
    (d1,) = grad(softsign(x), [x], create_graph=True)
    (d2,) = grad(d1, [x])
    assert d1.data == hand_softsign_prime(0.7)
    assert d2 == pytest.approx(-2 / (1 + 0.7) ** 3, rel=1e-12)  # d/dx (1+x)^-2 for x > 0


def test_a_wrong_rule_is_caught_by_gradcheck_naming_op_and_input():
    softsign = softsign_wrong()
    text = one_line_error(lambda: gradcheck(softsign, [0.5]), r"input 0 .*op 'softsign'", GradcheckError)
    assert "your rule 0.666" in text and "finite differences 0.444" in text
    bad = [e for e in check_edges(softsign(Value(0.5))) if not e.ok]
    assert len(bad) == 1 and bad[0].op == "softsign"
    assert bad[0].rule == pytest.approx(1 / 1.5) and bad[0].numeric == pytest.approx(1 / 1.5 ** 2)


def test_redefining_replaces_your_own_op():
    wrong = softsign_wrong()
    assert wrong(Value(0.5)).edges[0][1] == pytest.approx(1 / 1.5)
    right = softsign_ok()
    assert right(Value(0.5)).edges[0][1] == pytest.approx(1 / 1.5 ** 2)
    assert wrong(Value(0.5)).edges[0][1] == pytest.approx(1 / 1.5 ** 2)  # the name means the latest row


@pytest.mark.parametrize(("name", "symbol", "match"), [
    ("tanh", None, "'tanh': the name is taken by a built-in op"),
    ("mul", None, "'mul': the name is taken by a built-in op"),
    ("times", "*", r"'times': the symbol '\*' is taken by a built-in op"),
    ("my op", None, "must be a Python identifier"),
    ("lambda", None, "must be a Python identifier"),
])
def test_names_and_symbols_that_clash_are_refused(name, symbol, match):
    one_line_error(lambda: define_op(name, lambda x: x, lambda x, out: (1.0,), symbol=symbol), match)


def test_definition_errors_name_the_op():
    one_line_error(lambda: define_op("f", lambda x: x, lambda x: (1.0,)),
                   r"op 'f': local must take the 1 input\(s\) and then out")
    one_line_error(lambda: define_op("f", lambda *xs: xs[0], lambda x, out: (1.0,)), "op 'f': .*not \\*args")
    one_line_error(lambda: define_op("f", 3.0, lambda x, out: (1.0,)), "op 'f': forward and local must be")
    define_op("g", lambda x: x, lambda x, out: (1.0,))
    one_line_error(lambda: define_op("h", lambda x: x, lambda x, out: (1.0,), symbol="g"),
                   "op 'h': the symbol 'g' is taken by your op 'g'")


def test_use_errors_name_the_op():
    two = define_op("two", lambda x: 2 * x, lambda x, out: (2.0, 0.0))
    one_line_error(lambda: two(Value(1.0)), r"op 'two': local must return 1 local derivative\(s\).*got 2")
    text_fwd = define_op("word", lambda x: "big", lambda x, out: (1.0,))
    one_line_error(lambda: text_fwd(Value(1.0)), "op 'word': forward.*returned str 'big', not a number")
    text_local = define_op("wordy", lambda x: x, lambda x, out: ("one",))
    one_line_error(lambda: text_local(Value(1.0)), "op 'wordy': local derivative 0 is str 'one', not a number")
    boom = define_op("recip", lambda x: 1 / x, lambda x, out: (-1 / x ** 2,))
    one_line_error(lambda: boom(Value(0.0)), r"op 'recip': forward\(0\) raised ZeroDivisionError")
    one_line_error(lambda: boom(0.0), r"op 'recip': forward\(0\) raised ZeroDivisionError")
    one_line_error(lambda: boom(Value(1.0), Value(2.0)), r"op 'recip' takes 1 input\(s\), got 2")
    one_line_error(lambda: boom("x"), "op 'recip': input 0 must be a Value or a number, got str")


def test_create_graph_names_an_op_whose_rule_needs_floats():
    gelu_ish = define_op("swish", lambda x: x / (1 + math.exp(-x)),
                         lambda x, out: (out + (1 - out) / (1 + math.exp(-x)),))  # math.exp: floats only
    x = Value(0.5, label="x")
    y = gelu_ish(x)
    assert grad(y, [x]) == [pytest.approx(y.edges[0][1])]  # fine without create_graph
    one_line_error(lambda: grad(y, [x], create_graph=True),
                   "create_graph=True: the local rule of op 'swish' cannot run on Values", TypeError)
