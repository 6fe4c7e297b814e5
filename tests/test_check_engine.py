"""autograd.testing.check_engine: right engines pass, each broken engine is named by its one bug,
micrograd 0.1.0 shows its second-backward double count, and hostile classes give a line, not a crash."""

import math
import sys
import time

import pytest
from engines import broken, closures, edges

import autograd
from autograd import battery, testing
from autograd.testing import check_engine


@pytest.mark.parametrize("cls", [autograd.Value, edges.Value, closures.Value], ids=["autograd", "edges", "closures"])
def test_a_right_engine_is_ok(cls):
    report = check_engine(cls)
    assert report.ok and report.bugs == (), report.message
    assert "✗" not in report.message and report.message.count("✓") == 10  # nine graphs and the deep chain


@pytest.mark.parametrize("bug", sorted(broken.BY_BUG), ids=sorted(broken.BY_BUG))
def test_each_broken_engine_is_named_by_its_bug_and_nothing_else(bug):
    report = check_engine(broken.BY_BUG[bug])
    assert not report.ok
    assert report.bugs == (bug,), report.message
    assert testing.BUGS[bug] in report.message


# The graph each bug shows up on, and the student's numbers there, derived by hand:
# product L = x*y at x=2, y=-3: right x.grad = y = -3, y.grad = x = 2.
# square  L = x*x at x=3: right 2x = 6; one edge only gives 3.
# reuse   a = x*y, L = a + x at (2, -3): right x.grad = y + 1 = -2; "=" keeps the last one, y = -3.
# diamond h = x*y, q = h + z, L = h*q at (0.5, 4, -3): h = 2, q = -1, ∂L/∂h = q + h = 1, so x.grad = 4.
#         Breadth-first from L reaches h before q has passed on its share: ∂L/∂h = q = -1, x.grad = -4.
# twice   a = x*x, L = a*x at x=2: 3x² = 12; without zeroing a.grad is 2x twice over on the second call:
#         x.grad = 12 + x² + 2x·(2x + 2x) = 12 + 4 + 16 = 32.
EXPECTED_LINES = {
    "seed": "✗ product: L = x*y: after backward L.grad is 0, but ∂L/∂L = 1",
    "operand": "✗ product: L = x*y: x.grad 2 (right: -3), y.grad -3 (right: 2)",
    "rule tanh": f"✗ tanh: L = tanh(x): x.grad {1 - 0.25:.6g} (right: {1 - math.tanh(0.5) ** 2:.6g})",
    "counted once": "✗ square: L = x*x: x.grad 3 (right: 6)",
    "overwrite": "✗ reuse: a = x*y; L = a + x: x.grad -3 (right: -2)",
    "order": "✗ diamond: h = x*y; q = h + z; L = h*q: x.grad -4 (right: 4), y.grad -0.5 (right: 0.5)",
    "not zeroed": "x.grad 32 after the second call (right: 12 if backward zeroes the grads, 24 if the leaves",
    "recursion": "✗ deep chain: L = x + c1 + c2 + ... + c",
}


@pytest.mark.parametrize("bug", sorted(EXPECTED_LINES), ids=sorted(EXPECTED_LINES))
def test_the_message_names_the_graph_and_the_numbers(bug):
    report = check_engine(broken.BY_BUG[bug])
    assert EXPECTED_LINES[bug] in report.message, report.message


def test_the_failed_graph_carries_the_right_grads_and_the_students():
    report = check_engine(broken.Order)
    (first, *_) = report.failed
    assert first.name == "diamond" and isinstance(first.graph, autograd.Value)
    assert first.graph.label == "L" and first.right["x"] == 4.0 and first.yours["x"] == -4.0
    leaves = {p.label: p.grad for p in autograd.topological_order(first.graph) if p.is_leaf}
    assert leaves == {"x": 4.0, "y": 0.5, "z": 2.0}  # the right grads, by hand (see above)


def test_micrograd_passes_the_small_cases_and_double_counts_on_a_second_backward():
    """micrograd 0.1.0 has + * ** relu but no tanh or exp. x*x*x is right on the first backward (12 at
    x=2: its closure adds both uses of x); a second backward reseeds L.grad = 1 but keeps a.grad, so it
    gives 32, neither 12 nor 24. Its recursive build_topo dies on a chain past the recursion limit."""
    from micrograd.engine import Value as Micrograd

    report = check_engine(Micrograd, ops=("+", "*"))
    assert report.bugs == ("not zeroed", "recursion"), report.message
    small = {r.name: r.ok for r in report.results}
    assert small == {"product": True, "sum": True, "square": True, "reuse": True, "diamond": True,
                     "diamond mirrored": True, "twice": False}
    assert report.failed[0].yours == {"x": 32.0}
    full = check_engine(Micrograd)
    assert full.bugs[0] == "missing" and "✗ tanh: the class has no tanh() method yet" in full.message


def test_a_deep_chain_longer_than_the_recursion_limit():
    assert check_engine(broken.Recursive, deep=sys.getrecursionlimit() // 2).ok  # short chains are fine
    assert "recursion" in check_engine(broken.Recursive, deep=sys.getrecursionlimit() + 10).bugs


def test_the_report_shows_itself_as_its_message():
    report = check_engine(broken.Overwrite)
    assert repr(report) == str(report) == report.message
    assert report.message.splitlines()[0] == "Overwrite: 1 problem found: overwrite"
    md = report._repr_markdown_()
    assert "- ✗ reuse: a = x*y; L = a + x" in md and "overwrite" in md


# ---------------------------------------------------------------------------
# Hostile input: a line in the report, or a one-line error; never a traceback or a hang
# ---------------------------------------------------------------------------

class Empty:
    pass


class Raises(edges.Value):
    def __mul__(self, other):
        raise ZeroDivisionError("oops")


class NaN(edges.Value):
    def tanh(self):
        return type(self)(math.nan, ((self, 1.0),))


class Forever(edges.Value):
    def backward(self):
        self.backward()


class Loops(edges.Value):
    def backward(self):
        while True:
            pass


class NoGrad:
    def __init__(self, data):
        self.data = data


class StartsAtOne(edges.Value):
    def __init__(self, data, edges=()):
        super().__init__(data, edges)
        self.grad = 1.0


class NoBackward(edges.Value):
    backward = None


class BadData(edges.Value):
    def __add__(self, other):
        return "a string"


def test_an_empty_class_is_a_line():
    report = check_engine(Empty)
    assert report.bugs == ("constructor",)
    assert report.message.splitlines()[1] == "✗ Value(2.0): not written yet (the class has no __init__(self, data) yet)"


class Stubs(edges.Value):
    def __add__(self, other):
        ...  # an exercise's placeholder

    def backward(self):
        pass


def test_placeholders_read_as_not_written_yet():
    report = check_engine(Stubs)
    assert report.bugs == ("missing", "no backward"), report.message
    assert "✗ +: not written yet (__add__ has an empty body)" in report.message
    assert "✗ backward: not written yet (backward has an empty body)" in report.message
    assert "✓ product: L = x*y (its value; no backward yet)" in report.message


class RaisesInInit:
    def __init__(self, data):
        raise ValueError("no")


def test_a_constructor_that_raises_is_a_line():
    assert check_engine(RaisesInInit).message.splitlines()[1] == "✗ Value(2.0) raised ValueError: no"


def test_a_class_without_grad_or_backward():
    assert check_engine(NoGrad).message.splitlines()[1] == "✗ Value(2.0) has no .grad: set self.grad in __init__"
    assert check_engine(edges.Value).ok and "should be 0" in check_engine(StartsAtOne).message
    assert check_engine(NoBackward).bugs == ("no backward",)
    assert check_engine(NoBackward, backward=False).ok  # before backward exists: the forward values only


def test_an_op_that_raises_or_returns_nan_or_junk():
    report = check_engine(Raises)
    assert report.bugs == ("raises",)
    assert "✗ product: L = x*y: building it ZeroDivisionError: oops" in report.message
    report = check_engine(NaN)
    assert report.bugs == ("nan",) and "✗ tanh: L = tanh(x): L.data is nan" in report.message
    report = check_engine(BadData)
    assert report.bugs[0] == "forward" and "✗ sum: L = x + y: L is str 'a string', not a Value" in report.message


def test_a_backward_that_recurses_forever_is_a_line():
    report = check_engine(Forever)
    assert report.bugs == ("raises",)
    assert "backward() RecursionError: maximum recursion depth exceeded" in report.message
    assert report.message.count("RecursionError") == 1 and "(and the same on 8 more graphs)" in report.message


def test_a_backward_that_never_returns_is_stopped(monkeypatch):
    monkeypatch.setattr(battery, "TIMEOUT", 0.2)
    start = time.perf_counter()
    report = check_engine(Loops, ops=("*",))
    assert time.perf_counter() - start < 10
    assert report.bugs == ("hang",) and "backward() did not finish within 0.2 s" in report.message


@pytest.mark.parametrize("arg", [3, "Value", None, edges.Value(2.0)], ids=["int", "str", "None", "instance"])
def test_a_non_class_is_a_one_line_error(arg):
    with pytest.raises(TypeError, match=r"^check_engine needs a class \(check_engine\(Value\)\), got ") as e:
        check_engine(arg)
    assert "\n" not in str(e.value)


def test_unknown_ops_are_a_one_line_error():
    with pytest.raises(ValueError, match="ops must be a sequence drawn from"):
        check_engine(edges.Value, ops=("relu",))
    with pytest.raises(ValueError, match="ops must be"):
        check_engine(edges.Value, ops="+*")
