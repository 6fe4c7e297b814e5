"""viz.draw on what autograd.testing.check_engine returns, and on a student's own Value class."""

import pytest
from engines import broken, closures, edges

import viz
from autograd.testing import check_engine


def test_the_report_draws_its_first_wrong_graph_with_both_numbers():
    g = viz.draw(check_engine(broken.Order))
    # the diamond at (0.5, 4, -3): right x.grad 4 and y.grad 0.5 (by hand, see test_check_engine),
    # breadth-first gives -4 and -0.5; z and the interior nodes agree
    assert "x · yours -4" in g.source and "y · yours -0.5" in g.source
    assert "z · yours" not in g.source and "grad \u00a04.0000" in g.source
    assert g.pipe(format="png")[:4] == b"\x89PNG"


def test_a_result_draws_itself():
    report = check_engine(broken.Overwrite)
    square, reuse = report.failed[:2]
    assert "x · yours 3" in viz.draw(square).source  # x*x at 3: right 6, the overwrite keeps one 3
    assert "x · yours -3" in viz.draw(reuse).source  # x*y + x: right -2 (y + 1), the overwrite keeps y = -3


def test_a_students_graph_is_drawn_from_its_public_fields():
    x, w = edges.Value(2.0), edges.Value(-0.5)
    x.label, w.label = "x", "w"
    out = (x * w).tanh()
    out.backward()
    g = viz.draw(out)
    assert "tanh" in g.source and g.source.count("->") == 5  # x, w -> *, * -> n, n -> tanh, tanh -> L
    assert "grad \u00a01.0000" in g.source  # the student's seed


def test_closures_draw_too_and_an_unclear_op_asks_for_an_op_field():
    a = closures.Value(2.0) * closures.Value(3.0)  # no op field: 2*3 = 6 is a product, not a sum
    a.backward()
    assert "o2 [label=\"*\"" in viz.draw(a).source
    b = closures.Value(2.0) * closures.Value(2.0)  # 2*2 = 2+2
    with pytest.raises(ValueError, match=r"^viz.draw cannot tell which op made Value\(data=4.0\) \(\+ and \* both "
                                         r"fit; it has no `op` field\): give your Value an `op` field"):
        viz.draw(b)


def test_a_node_with_no_parents_field_says_what_to_add():
    class Bare:
        data, grad = 1.0, 0.0

    with pytest.raises(ValueError, match="give it an `edges` field"):
        viz.draw(Bare())
