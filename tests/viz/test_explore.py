"""viz.explore's numbers (issue 19, section 1): every grid point's data and grads against hand-derived values
and finite differences of plain Python functions, the page's texts, the tangent plot's geometry, non-finite points.

By hand, for the quick start f = log((x+y)² + z): with s = x+y and r = s² + z,
∂f/∂x = ∂f/∂y = 2s/r and ∂f/∂z = 1/r.
"""

import json
import math
import re

import pytest

import viz
from autograd import Value, parse
from viz.views.explore_plot import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH


def f_py(x, y, z):
    return math.log((x + y) ** 2 + z)


def fd(fn, args, i, h=1e-6):
    """Central finite difference of a plain Python function in its i-th argument."""
    up, down = list(args), list(args)
    up[i] += h
    down[i] -= h
    return (fn(*up) - fn(*down)) / (2 * h)


def page_data(ex):
    """The JSON the page's script reads, taken out of the HTML as the browser would."""
    m = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', ex.html(), re.S)
    return json.loads(m.group(1))


def test_every_grid_point_matches_finite_differences():
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    ex = viz.explore(f, x=(-2, 2), y=(-1, 3), steps=9)
    g = ex.grid
    xs, ys = [-2 + 0.5 * i for i in range(9)], [-1 + 0.5 * i for i in range(9)]
    assert [a.name for a in g.axes] == ["x", "y"] and list(g.axes[0].values) == xs and list(g.axes[1].values) == ys
    names = {n.label: i for i, n in enumerate(g.order) if n.label}
    for i, j in [(0, 0), (3, 5), (8, 8), (6, 1), (4, 4)]:
        p = g.at((i, j))
        args = (xs[i], ys[j], 1.0)
        assert p.data[-1] == pytest.approx(f_py(*args), rel=1e-12)
        for k, name in enumerate("xyz"):
            assert p.grad[names[name]] == pytest.approx(fd(f_py, args, k), rel=1e-6, abs=1e-7), (i, j, name)
        s = xs[i] + ys[j]
        assert p.grad[names["x"]] == pytest.approx(2 * s / (s * s + 1), rel=1e-12)  # by hand


def test_locals_contributions_and_the_chain_rule_line():
    """f = x*y + x: ∂(x*y)/∂x = y, ∂(x*y)/∂y = x; ∂f/∂x = y + 1 (two paths), ∂f/∂y = x."""
    x, y = Value(0.0, label="x"), Value(3.0, label="y")
    f = x * y + x
    ex = viz.explore(f, x=(-2, 2), steps=5)
    g = ex.grid
    mul = next(i for i, n in enumerate(g.order) if n.op == "*")
    e_x, e_y = g.edges.index((mul, 0)), g.edges.index((mul, 1))
    for i, xv in enumerate([-2.0, -1.0, 0.0, 1.0, 2.0]):
        p = g.at((i,))
        assert p.data[-1] == 4 * xv and p.grad[0] == 4.0 and p.grad[1] == xv
        assert p.local[e_x] == 3.0 and p.local[e_y] == xv
        assert p.contribution[e_x] == 3.0 and p.contribution[e_y] == xv  # upstream ∂f/∂(x*y) = 1
        assert p.formula.startswith("∂L/∂x = ") and p.formula.endswith("= 4.0"), p.formula
    assert g.axes[0].start == 2  # x = 0 is the grid's middle point
    assert (x.data, y.data, x.grad, y.grad) == (0.0, 3.0, 0.0, 0.0)  # the user's graph is untouched


def test_node_picks_the_chain_rule_line():
    f = parse("x*y + x", x=1, y=3)
    ex = viz.explore(f, x=(-2, 2), steps=3, node="y")
    assert [p.formula.split(" = ")[-1] for p in ex.grid.points] == ["-2.0", "0.0", "2.0"]  # ∂f/∂y = x


def test_the_page_shows_the_engines_grad_and_the_same_slope():
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    ex = viz.explore(f, x=(-2, 2))
    d = page_data(ex)
    assert len(d["points"]) == 41 and d["sliders"][0]["start"] == 40 and d["sliders"][0]["labels"][30] == "x = 1.0"
    n, m = len(d["nodes"]), len(d["edges"])
    xi = next(i for i, v in enumerate(ex.grid.order) if v.label == "x")
    for k, xv in [(30, 1.0), (10, -1.0), (20, 0.0)]:
        row = d["points"][k]
        grad = d["texts"][row[n + xi]]
        s = xv + 1
        hand = f"{2 * s / (s * s + 1):.4f}"
        assert grad.replace("\u00a0", " ").split() == ["grad", hand]
        assert d["texts"][row[2 * n + 2 * m + 1]] == f"slope of the tangent ∂L/∂x = {hand}"


def _vertices(path):
    return [tuple(float(v) for v in pair.split()) for pair in re.findall(r"[ML]([-\d.]+ [-\d.]+)", path)]


def test_the_point_is_on_the_curve_and_the_tangent_has_the_grads_slope():
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    ex = viz.explore(f, x=(-2, 2), y=(-1, 1), steps=11)
    lo, hi = ex.plot.box[2], ex.plot.box[3]
    sx, sy = (WIDTH - LEFT - RIGHT) / 4, (HEIGHT - TOP - BOTTOM) / (hi - lo)  # px per unit
    d = page_data(ex)
    for i, j in [(0, 0), (7, 3), (10, 10), (5, 6)]:
        k = i * 11 + j
        cx, cy, x1, y1, x2, y2 = d["marks"][k]
        assert (cx, cy) == _vertices(d["curves"][k % 11])[i]  # on the curve drawn for y's index j
        xv, yv = -2 + 0.4 * i, -1 + 0.2 * j
        assert cx == pytest.approx(LEFT + (xv + 2) * sx, abs=0.01)
        assert cy == pytest.approx(TOP + (hi - f_py(xv, yv, 1)) * sy, abs=0.01)
        slope = -(y2 - y1) / sy / ((x2 - x1) / sx)
        assert slope == pytest.approx(fd(f_py, (xv, yv, 1.0), 0), rel=1e-3, abs=1e-3)
        assert abs((cy - y1) * (x2 - x1) - (y2 - y1) * (cx - x1)) < 0.05 * (x2 - x1)  # the line goes through it


def test_non_finite_points_show_on_the_graph_and_as_a_gap():
    """log(x) at x = 0: data -inf, ∂/∂x = 1/0 = inf; sqrt(x) at 0: data 0, grad inf (no tangent)."""
    x = Value(1.0, label="x")
    ex = viz.explore(x.log(), x=(0, 2), steps=5)
    p0 = ex.grid.points[0]
    assert p0.data == (0.0, -math.inf) and p0.grad[0] == math.inf
    assert ex.plot.marks[0].point is None and ex.plot.marks[0].tangent is None
    assert ex.plot.curves[0].startswith("M") and len(_vertices(ex.plot.curves[0])) == 4  # x = 0 left out
    d = page_data(ex)
    texts = [d["texts"][i].replace("\u00a0", " ").strip() for i in d["points"][0]]
    assert any(t.split() == ["data", "-inf"] for t in texts)
    assert any(t.split() == ["grad", "inf"] for t in texts)
    assert d["marks"][0] == [None] * 6
    r = viz.explore(Value(1.0, label="x") ** 0.5, x=(0, 1), steps=3)
    m = r.plot.marks[0]
    assert m.point is not None and m.tangent is None and m.slope.endswith("= inf")


def test_a_value_that_is_nan_inside_a_range_leaves_a_gap_in_the_middle():
    x = Value(1.0, label="x")
    ex = viz.explore(x.log(), x=(-1, 1), steps=5)  # log of a negative number is nan
    assert [math.isnan(p.data[-1]) for p in ex.grid.points] == [True, True, False, False, False]
    assert ex.plot.curves[0].count("M") == 1 and len(_vertices(ex.plot.curves[0])) == 2  # x = 0 is -inf


def test_three_sliders_and_what_is_held():
    f = parse("x*y + z*w", x=1, y=2, z=3, w=4)
    ex = viz.explore(f, x=(0, 1), y=(0, 1), z=(0, 1), steps=3)
    p = ex.grid.at((2, 1, 0))  # x = 1, y = 0.5, z = 0; w held at 4
    assert p.data[-1] == 0.5 and len(ex.grid.points) == 27 and len(ex.plot.curves) == 9
    assert "∂L/∂x = 0.5000" in ex.slopes[ex.grid.points.index(p)]


def test_repr_and_save(tmp_path):
    ex = viz.explore(parse("x*y + x", x=1, y=3), x=(-2, 2))
    assert repr(ex) == "<Explorer: 1 slider(s) (x: 41 steps) over 4 nodes>"
    bundle = ex._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG") and "chainrule-explore" in bundle["text/html"]
    page = ex.save_html(tmp_path / "e.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "explore.js" not in page and "cr-data" in page


def test_a_bigger_graphs_still_picture_is_its_svg():
    x = Value(0.5, label="x")
    y = x
    for _ in range(24):  # 49 nodes: past 40 the still picture is the SVG as an image, as the stepper's
        y = (y * 0.9).tanh()
    ex = viz.explore(y, x=(-1, 1), steps=5)
    bundle = ex._repr_mimebundle_()
    assert "image/png" not in bundle and bundle["image/svg+xml"].startswith("<svg")
    assert 'class="cr-img" src="data:image/svg+xml;base64,' in bundle["text/html"]
