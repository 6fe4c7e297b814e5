"""viz.forward_pass and viz.forward_mode: frame data checked against hand-derived numbers."""

import pytest

import viz
from autograd import Value, parse, topological_order
from autograd import sum as vsum


def node(root, label):
    return next(n for n in topological_order(root) if n.label == label)


def example_a():
    return parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4)


def test_forward_pass_of_example_b_in_creation_order(lecture):
    fp = viz.forward_pass(lecture)
    # by hand: x+y = 3, 3² = 9, 9+1 = 10, log 10 = 2.302585...
    assert [f.formula for f in fp.frames] == [
        "n1 = x + y = 2.0 + 1.0 = 3.0",
        "n2 = n1**2 = 3.0**2 = 9.0",
        "n3 = n2 + z = 9.0 + 1.0 = 10.0",
        "L = log(n3) = log(10.0) = 2.303",
    ]
    assert [f.data for f in fp.frames] == pytest.approx([3.0, 9.0, 10.0, 2.302585092994046])
    stamps = [f.node._stamp for f in fp.frames]
    assert stamps == sorted(stamps) and fp.frames[-1].node is lecture
    assert fp.inputs == [("x", 2.0), ("y", 1.0), ("z", 1.0)]
    assert fp.text().splitlines()[0] == "Forward pass for L: 4 steps, from x = 2.0, y = 1.0, z = 1.0"


def test_forward_pass_shows_constants_and_sums():
    a = Value(-2.0, label="a")
    s = vsum([a * 3, a], start=0.5)
    fp = viz.forward_pass(s.leaky_relu(0.1))
    assert [f.formula for f in fp.frames] == [
        "n1 = a * 3 = (-2.0) * 3 = -6.0",
        "n2 = Σ(n1, a) + 0.5 = Σ(-6.0, -2.0) + 0.5 = -7.5",
        "L = LReLU(n2, 0.1) = LReLU(-7.5, 0.1) = -0.75",
    ]


def test_forward_mode_example_a_counts_as_the_lecture_says():
    fm = viz.forward_mode(example_a())
    # ∂y/∂x1 = ∂y/∂x2 = x3+x4 = 7, ∂y/∂x3 = ∂y/∂x4 = x1+x2 = 3
    assert fm.grads == {"x1": 7.0, "x2": 7.0, "x3": 3.0, "x4": 3.0} == fm.reverse_grads
    assert (fm.counts["passes"], fm.counts["add"]) == (4, 4)
    assert (fm.reverse_counts["passes"], fm.reverse_counts["add"]) == (1, 2)
    assert "forward mode: 4 passes, 4 additions" in fm.summary()
    assert "reverse mode: 1 pass, 2 additions" in fm.summary()
    # 3 op nodes per pass; the counter after each frame: pass 1 carries x1 through z1 only
    assert len(fm.frames) == 12
    assert [f.counts.get("add", 0) for f in fm.frames] == [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4]
    assert [f.carried for f in fm.frames[:3]] == [True, False, True]
    assert [(f.pass_number, f.seed) for f in fm.frames[::3]] == [(1, "x1"), (2, "x2"), (3, "x3"), (4, "x4")]
    # pass 1: ż1 = 1, ż2 = 0, ẏ = z2·ż1 + z1·ż2 = 7
    assert [f.tangent for f in fm.frames[:3]] == [1.0, 0.0, 7.0]
    assert fm.frames[2].formula == "L̇ = ∂L/∂n1·ṅ1 + ∂L/∂n2·ṅ2 = 7.0·1.0 + 3.0·0.0 = 7.0"


def test_forward_mode_for_one_input(lecture):
    x = node(lecture, "x")
    fm = viz.forward_mode(lecture, wrt=x)
    # ẋ = 1: ṅ1 = 1, ṅ2 = 2·3·1 = 6, ṅ3 = 6, L̇ = 6/10 = 0.6
    assert [f.tangent for f in fm.frames] == pytest.approx([1.0, 6.0, 6.0, 0.6])
    assert fm.counts["passes"] == 1 and fm.grads == {"x": pytest.approx(0.6)}
    assert all(f.carried for f in fm.frames)


def test_forward_mode_through_sum_and_leaky_relu():
    a, b = Value(-2.0, label="a"), Value(3.0, label="b")
    out = vsum([a * b, a], start=0.5).leaky_relu(0.1)
    fm = viz.forward_mode(out, wrt=[a, b])
    # s = ab + a + 0.5 = -7.5 < 0, so L = 0.1·s: ∂L/∂a = 0.1(b + 1) = 0.4, ∂L/∂b = 0.1·a = -0.2
    assert fm.grads == {"a": pytest.approx(0.4), "b": pytest.approx(-0.2)}
    assert fm.reverse_grads == fm.grads
    assert fm.counts["sum"] == 2 and fm.reverse_counts["sum"] == 1


def test_bad_wrt_is_one_line():
    y = example_a()
    with pytest.raises(ValueError, match=r"wrt .* is not a node of the graph of L"):
        viz.forward_mode(y, wrt=Value(1.0))
    with pytest.raises(ValueError, match="wrt n1 is computed by an op; seed inputs"):
        viz.forward_mode(y, wrt=y.parents[0])
    with pytest.raises(ValueError, match="wrt is empty"):
        viz.forward_mode(y, wrt=[])
    with pytest.raises(TypeError, match="forward_pass needs an autograd Value"):
        viz.forward_pass("x+y")


def test_records_are_json_ready():
    import json

    y = example_a()
    fm, fp = viz.forward_mode(y), viz.forward_pass(y)
    last = json.loads(json.dumps(fm.records()))[-1]
    assert last == {"pass": 4, "seed": "x4", "step": 3, "index": 6, "name": "L", "value": 21.0, "tangent": 3.0,
                    "formula": "L̇ = ∂L/∂n1·ṅ1 + ∂L/∂n2·ṅ2 = 7.0·0.0 + 3.0·1.0 = 3.0", "carried": True,
                    "counts": {"add": 4, "mul": 4}}
    assert [r["index"] for r in json.loads(json.dumps(fp.records()))] == [4, 5, 6]  # x1..x4 first
