"""Issue 21 §3: define_op and grad against hostile input, each with the exact input the issue names.

Every refusal is one line that names what was wrong.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from autograd import (
    OPS,
    Dual,
    OpError,
    Value,
    check_edges,
    check_finite,
    define_op,
    grad,
    gradcheck,
    no_grad,
    parse,
)

pytestmark = pytest.mark.usefixtures("forget_user_ops")  # tests/conftest.py


def softsign():
    return define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)) ** 2,))


def one_line(fn, match, kind=OpError):
    with pytest.raises(kind) as info:
        fn()
    text = str(info.value)
    assert "\n" not in text and len(text) < 400, text
    assert re.search(match, text), text
    return text


def test_1_the_default_latex_template_formats():
    import viz

    softsign()
    assert OPS["softsign"].latex.format("a") == r"\operatorname{softsign}\left(a\right)"
    tex = viz.explain(parse("softsign(2*x)", x=.5), format="latex")
    assert r"\operatorname{softsign}\left(n_{1}\right)" in tex
    define_op("soft_max2", lambda a, b: a, lambda a, b, out: (1.0, 0.0))
    assert OPS["soft_max2"].latex.format("a", "b") == r"\operatorname{soft\_max2}\left(a, b\right)"


@pytest.mark.parametrize(("latex", "match"), [
    ("{1}", r"latex '\{1\}' is not a template over the inputs \{0\}..\{0\} \(IndexError"),
    ("}", r"latex '\}' is not a template .*ValueError"),
    ("{x}", r"latex '\{x\}' is not a template .*KeyError"),
    ("{0.real}", r"is not a template .*AttributeError"),
    ("x^2", r"latex 'x\^2' does not show input \{0\}"),
    (r"\frac{{{0}}}{{", r"gives unbalanced braces or a lone backslash"),
    (r"\frac{{{0}}", r"Single '\}' encountered"),
    ("{0}\\", r"gives unbalanced braces or a lone backslash"),
    ("{0}\n", r"latex must be one line"),
    ("{0}" * 200, r"latex must be one line of at most 400"),
    (3, r"latex must be a str.format template"),
])
def test_3_latex_is_checked_when_the_op_is_defined(latex, match):
    one_line(lambda: define_op("softsign", lambda x: x, lambda x, out: (1.0,), latex=latex),
             rf"^op 'softsign': .*{match}")


def test_3_a_good_latex_template_is_kept():
    define_op("cube", lambda x: x ** 3, lambda x, out: (3 * x * x,), latex="{{{0}}}^3")
    assert OPS["cube"].latex.format("y") == "{y}^3"


@pytest.mark.parametrize(("symbol", "match"), [
    ("a\\", r"symbol 'a\\\\' holds a backslash"),
    ("\x00", r"symbol '\\x00' holds U\+0000"),
    ("a\x1bb", r"holds U\+001B"),
    ("x" * 16385, r"symbol is 16385 characters long; the limit is 32"),
    ("\ud800", r"holds U\+D800"),
    ("\ufffe", r"holds U\+FFFE"),
    ("\uffff", r"holds U\+FFFF"),
    ("a\u2028b", r"holds U\+2028"),
    ("  ", r"symbol must be a non-empty str"),
    (7, r"symbol must be a non-empty str, got 7"),
])
def test_4_symbols_that_would_break_a_drawing_are_refused(symbol, match):
    one_line(lambda: define_op("softsign", lambda x: x, lambda x, out: (1.0,), symbol=symbol),
             rf"^op 'softsign': .*{match}")
    assert "softsign" not in OPS


def test_5_an_exception_message_with_newlines_stays_one_line():
    def forward(x):
        raise ValueError("first line\nsecond line\n\nthird")

    bad = define_op("bad", forward, lambda x, out: (1.0,))
    text = one_line(lambda: bad(Value(1.0)), r"op 'bad': forward\(1\) raised ValueError: first line second line third")
    assert text.endswith("third")

    def local(x, out):
        raise RuntimeError("a\r\nb")

    worse = define_op("worse", lambda x: x, local)
    one_line(lambda: worse(Value(1.0)), r"op 'worse': local\(1, 1\) raised RuntimeError: a b$")
    long = define_op("long", lambda x: 1 / 0 if x else "x" * 10_000, lambda x, out: (1.0,))
    assert len(one_line(lambda: long(Value(0.0)), r"op 'long': forward\(0\) returned str 'xxx.*…, not a number")) < 200


@pytest.mark.parametrize("huge", [10 ** 400, Fraction(10 ** 400, 3), -10 ** 400])
def test_6_a_forward_too_large_for_a_float_names_the_op(huge):
    big = define_op("big", lambda x: huge, lambda x, out: (1.0,))
    one_line(lambda: big(Value(1.0)), r"op 'big': forward\(1\) returned -?\d+.* is too large for a float")
    one_line(lambda: big(1.0), r"op 'big': forward\(1\) returned .* is too large for a float")
    steep = define_op("steep", lambda x: x, lambda x, out: (huge,))
    one_line(lambda: steep(Value(1.0)), r"op 'steep': local derivative 0 .* is too large for a float")
    one_line(lambda: big(10 ** 400), r"op 'big': input 0 .* is too large for a float")


def test_7_a_local_rule_that_returns_a_value_on_numbers_is_refused():
    sneaky = define_op("sneaky", lambda x: 2 * x, lambda x, out: (Value(2.0),))
    x = Value(0.5, label="x")
    one_line(lambda: sneaky(x), r"op 'sneaky': local derivative 0 is a Value on number inputs; return a number")
    assert x.grad == 0.0
    one_line(lambda: gradcheck(sneaky, [0.5]), r"op 'sneaky': local derivative 0 is a Value")
    one_line(lambda: sneaky(Dual(0.5, 1.0)), r"op 'sneaky': local derivative 0 is a Value")
    # on Values (grad's create_graph) a Value is what the rule should give
    fine = define_op("fine", lambda x: x * x, lambda x, out: (2 * x,))
    y = Value(3.0)
    (d,) = grad(fine(y), [y], create_graph=True)
    assert isinstance(d, Value) and d.data == 6.0


def test_8_a_redefinition_with_a_new_symbol_refuses_old_graphs_in_one_line():
    import viz

    softsign()
    x = Value(0.5, label="x")
    softsign_of = OPS["softsign"]
    g = parse("softsign(2*x)", x=0.5)
    define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)) ** 2,), symbol="ss")
    assert softsign_of is not OPS["softsign"]
    xs = [v for v in _leaves(g) if v.label == "x"]
    # the old graph keeps its numbers: backward and grad agree, by hand: 2/(1+1)² = 0.5
    g.backward()
    assert xs[0].grad == pytest.approx(0.5) and grad(g, xs) == [pytest.approx(0.5)]
    rebuild = r"op 'softsign'.*build the graph again"
    one_line(lambda: check_edges(g), rebuild)
    one_line(lambda: grad(g, xs, create_graph=True), rebuild)
    one_line(lambda: viz.explain(g, format="latex"), rebuild)
    with pytest.raises(Exception) as info:  # viz's forward mode re-runs the op: never a KeyError
        viz.forward_mode(g, xs[0])
    assert not isinstance(info.value, KeyError) and "\n" not in str(info.value)
    assert x.grad == 0.0


def test_8_a_redefinition_with_the_same_symbol_refuses_old_graphs_too():
    wrong = define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)),))
    x = Value(1.0, label="x")
    g = wrong(x)
    softsign()
    assert grad(g, [x]) == [0.5]  # the old rule's number, stored on the edge: 1/(1+1)
    one_line(lambda: grad(g, [x], create_graph=True), r"node .* was built by an earlier definition of op "
             r"'softsign'; build the graph again")
    one_line(lambda: check_edges(g), "earlier definition of op 'softsign'")
    (d,) = grad(softsign()(x), [x], create_graph=True)  # a new graph: the new rule, 1/(1+1)² = 0.25
    assert d.data == 0.25


def _leaves(g):
    from autograd import topological_order

    return [v for v in topological_order(g) if v.is_leaf]


def test_9_names_are_refused_unless_python_reads_them_the_same():
    one_line(lambda: define_op("ﬁx", lambda x: x, lambda x, out: (1.0,)),
             r"op name 'ﬁx' reads as 'fix' in an expression \(Python normalises names\); define it as 'fix'")
    fix = define_op("fix", lambda x: x + 1, lambda x, out: (1.0,))
    assert fix(1.0) == 2.0 and parse("ﬁx(q)", q=1).data == 2.0  # the parser reads ﬁx as fix


@pytest.mark.parametrize(("name", "match"), [
    ("__class__", r"op '__class__': the name is taken by Value.__class__"),
    ("backward", r"op 'backward': the name is taken by Value.backward"),
    ("data", r"the name is taken by Value.data"),
    ("tangent", r"the name is taken by Value.tangent"),
    ("max", r"op 'max': the name is taken by a built-in op"),
    ("", r"op name must be a Python identifier"),
    (None, r"op name must be a Python identifier .*got None"),
    ("a" * 65, r"is 65 characters long; the limit is 64"),
    ("cafe\u0301", "op name 'cafe\u0301' reads as 'caf\u00e9' in an expression"),  # e + combining acute
])
def test_hostile_names(name, match):
    one_line(lambda: define_op(name, lambda x: x, lambda x, out: (1.0,)), match)


def test_hostile_rules_and_words():
    one_line(lambda: define_op("f", lambda x: x, lambda x, out: (1.0,), derivative="a\nb"), "derivative must be")
    one_line(lambda: define_op("f", lambda x: x, lambda x, out: (1.0,), derivative=3), "derivative must be")
    gen = define_op("gen", lambda x: x, lambda x, out: (d for d in [1.0]))
    one_line(lambda: gen(Value(1.0)), r"op 'gen': local must return 1 local derivative\(s\).*got generator")
    yes = define_op("yes", lambda x: True, lambda x, out: (1.0,))
    one_line(lambda: yes(Value(1.0)), r"op 'yes': forward\(1\) returned bool True, not a number")
    cplx = define_op("cplx", lambda x: 1j, lambda x, out: (1.0,))
    one_line(lambda: cplx(Value(1.0)), r"op 'cplx': forward\(1\) returned complex 1j, not a number")


def test_10_check_finite_with_create_graph_at_a_negative_base():
    x = Value(-1.0, label="x")
    with check_finite():
        (d,) = grad(x ** 2, [x], create_graph=True)  # 2x, by hand
    assert d.data == -2.0
    with check_finite():
        (d3,) = grad(x ** 3, [x], create_graph=True)
        (dd,) = grad(d3, [x], create_graph=True)  # 3x² = 3, 6x = -6
    assert (d3.data, dd.data) == (3.0, -6.0)


def test_11_grad_reads_a_generator_once():
    x = Value(3.0, label="x")
    assert grad(x * x, (v for v in [x])) == [6.0]
    y = Value(2.0)
    assert grad(x * y, iter([x, y])) == [2.0, 3.0]
    (d,) = grad(x * x, (v for v in [x]), create_graph=True)
    assert d.data == 6.0


@pytest.mark.parametrize(("inputs", "match"), [
    (lambda x: x, r"grad inputs must be a list of Values.*got Value"),
    (lambda x: "x", r"grad inputs must be a list of Values.*got str"),
    (lambda x: 3, r"grad inputs must be a list of Values.*got int"),
    (lambda x: None, r"grad inputs must be a list of Values.*got NoneType"),
    (lambda x: [x, 1.0], r"got a float among them"),
    (lambda x: (v for v in [x, "y"]), r"got a str among them"),
])
def test_grad_refuses_hostile_inputs_in_one_line(inputs, match):
    x = Value(1.0)
    one_line(lambda: grad(x * x, inputs(x)), match, TypeError)


def test_grad_refuses_a_non_value_output_and_create_graph_under_no_grad():
    x = Value(1.0)
    one_line(lambda: grad(3.0, [x]), r"grad needs a Value output, got float", TypeError)
    y = x * x
    with no_grad():
        one_line(lambda: grad(y, [x], create_graph=True), r"inside no_grad\(\) would record no graph", RuntimeError)
    assert grad(y, []) == [] and math.isfinite(grad(y, [x, x])[1])
