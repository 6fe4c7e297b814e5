"""viz.paths: the chain rule as a sum over paths, checked against hand-derived numbers."""

import re
import sys

import pytest
from helpers import two_children

import viz
from autograd import Value, parse, topological_order
from viz.outputs.paths import OKABE_ITO


def node(root, label):
    return next(n for n in topological_order(root) if n.label == label)


def test_lecture_example_b_by_hand(lecture):
    # f = log((x+y)^2 + z) at (2, 1, 1): one path x→n1→n2→n3→L with locals 1, 2(x+y) = 6, 1, 1/10
    x = node(lecture, "x")
    p = viz.paths(lecture, x)
    assert p.count == 1
    (only,) = p.paths
    assert only.route() == "x→n1→n2→n3→L"
    assert only.locals == pytest.approx((1.0, 6.0, 1.0, 0.1))
    assert only.product == pytest.approx(0.6)
    assert p.grad == pytest.approx(0.6) and p.total == pytest.approx(0.6)
    assert "∂L/∂x = 0.6 = 0.6 (x→n1→n2→n3→L)" in p.caption()
    # z: one path z→n3→L, 1 · 1/10
    assert viz.paths(lecture, node(lecture, "z")).total == pytest.approx(0.1)


def test_worked_example_a():
    # y = (x1+x2)(x3+x4) at (1, 2, 3, 4): ∂y/∂x1 = x3+x4 = 7 along x1→z1→y, ∂y/∂x3 = x1+x2 = 3
    y = parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4)
    p1, p3 = viz.paths(y, node(y, "x1")), viz.paths(y, node(y, "x3"))
    assert (p1.count, p1.total, p1.grad) == (1, 7.0, 7.0)
    assert p1.paths[0].locals == (1.0, 7.0)
    assert (p3.count, p3.total) == (1, 3.0)
    # reverse mode: 6 edges for all four gradients; x1's part of the graph has 2 of them
    assert p1.reverse_multiplications == 2 and p1.reverse_multiplications_all == 6
    assert p1.path_multiplications == 2


def test_reused_node_sums_over_paths():
    # L = a*b*2 + a*4 at a=2, b=3: ∂L/∂a = b·2 + 4 = 10 by hand, along two paths
    L, a = two_children()
    p = viz.paths(L, a)
    assert p.count == 2
    assert sorted(q.product for q in p.paths) == [4.0, 6.0]
    assert p.total == 10.0 == a.grad
    assert p.caption() == "∂L/∂a = 10.0 = 6.0 (a→c→n1→L) + 4.0 (a→d→L)"
    assert [q.color for q in p.paths] == list(OKABE_ITO[:2])


def test_the_same_parent_twice_gives_two_paths():
    a = Value(3.0, label="a")
    L = a * a  # ∂L/∂a = 2a = 6: two edges from a, each with local 3
    p = viz.paths(L, a)
    assert p.count == 2 and [q.product for q in p.paths] == [3.0, 3.0] and p.total == 6.0
    assert p.caption() == "∂L/∂a = 6.0 = 3.0 (a→L (use 1)) + 3.0 (a→L (use 2))"


def diamonds(n):
    """y ← y*2 + y*3, n times: 2**n paths, and ∂y/∂x = 5**n."""
    x = Value(1.0, label="x")
    y = x
    for _ in range(n):
        y = y * 2 + y * 3
    return y, x


def test_diamond_chain_paths_grow_exponentially_reverse_mode_linearly():
    counts = []
    for n in (1, 2, 3, 4, 5):
        y, x = diamonds(n)
        p = viz.paths(y, x)
        assert p.count == 2**n
        assert p.total == pytest.approx(5.0**n) and p.grad == pytest.approx(5.0**n)
        counts.append((p.path_multiplications, p.reverse_multiplications))
    # every path has 2n hops: n·2^(n+1) multiplications; reverse mode does 4 per diamond
    assert counts == [(n * 2 ** (n + 1), 4 * n) for n in (1, 2, 3, 4, 5)]


def test_too_many_paths_is_one_clear_line():
    y, x = diamonds(7)  # 128 paths
    with pytest.raises(ValueError) as e:
        viz.paths(y, x)
    msg = str(e.value)
    assert "\n" not in msg and "128 paths" in msg and "max_paths=64" in msg
    assert viz.paths(y, x, max_paths=128).count == 128


def test_bad_input_is_one_line():
    f = parse("x*y", x=1, y=2)
    with pytest.raises(ValueError, match="not a node of the graph of L"):
        viz.paths(f, Value(1.0, label="q"))
    with pytest.raises(TypeError, match="paths needs an autograd Value"):
        viz.paths(3.0, f)


def test_drawing_colours_each_path_and_states_the_sum():
    a = Value(2.0, label="a")
    L = a * a + a
    p = viz.paths(L, a)
    src = p.graph().source
    for colour in OKABE_ITO[:3]:
        assert f"color=\"{colour}\"" in src
    assert "∂L/∂a = 5.0 = 2.0 (a→n1→L (use 1)) + 2.0 (a→n1→L (use 2)) + 1.0 (a→L)" in src
    bundle = p._repr_mimebundle_()
    assert bundle["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "path 3 (bluish green, solid): a→L: 1.0 = 1.0" in bundle["image/svg+xml"]  # either renderer
    assert "∂L/∂a = 5.0 = 2.0" in bundle["image/svg+xml"]
    assert bundle["text/plain"].startswith("∂L/∂a = 5.0")


def test_display_never_raises(monkeypatch):
    paths_module = sys.modules["viz.outputs.paths"]  # (viz.paths is the function); it renders through its pipe

    def broken(*a, **k):
        raise viz.GraphvizMissing("Graphviz's `dot` program is not installed: apt-get install graphviz")

    monkeypatch.setattr(paths_module, "pipe", broken)
    a = Value(2.0, label="a")
    bundle = viz.paths(a * 3, a)._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "not installed" in bundle["text/plain"]
    assert re.match(r"∂L/∂a = 3\.0 = 3\.0 \(a→L\)", bundle["text/plain"])


def test_many_paths_caption_lists_products_in_rows():
    y, x = diamonds(4)  # 16 paths: products 2^k·3^(4-k), summing to 5^4 = 625
    src = viz.paths(y, x).graph().source
    assert "∂L/∂x = 625.0 = 16.0 + 24.0" in src and "(paths 1 to 16 below)" in src
    assert "path 16 (black, dashed): x→" in src
