import json
import math
import re

import graphviz
import pytest
from helpers import contrast, lab, mlp_loss, two_children

import viz
from autograd import Value, backward, parse
from autograd import sum as vsum
from viz.model.palette import BAD_FILL, FILL
from viz.outputs.render import pipe


def records(g):
    """{name: (data field, grad field)} from a drawing's dot source."""
    out = {}
    for m in re.finditer(r'label="\{?([^|"]+) \| ([^|"]+) \| ([^|"}]+)\}?"', g.source.replace("\u00a0", " ")):
        out[m.group(1).strip()] = (m.group(2), m.group(3))
    return out


def test_grads_show_dash_before_backward_and_numbers_after(lecture):
    before = records(viz.draw(lecture))
    assert set(before) == {"x", "y", "z", "n1", "n2", "n3", "L"}
    assert {grad for _, grad in before.values()} == {"grad       –"}  # padded to the width of 10.0000
    lecture.backward()
    after = records(viz.draw(lecture))
    assert after["x"][1] == "grad  0.6000" and after["z"][1] == "grad  0.1000"
    assert after["n3"][0] == "data 10.0000"


def test_number_fields_are_fixed_width(lecture):
    lecture.backward()
    fields = [f for pair in records(viz.draw(lecture, precision=2)).values() for f in pair]
    assert {len(f.split(" ", 1)[1]) for f in fields} == {5}  # "10.00", " 0.60", ...


def test_op_nodes_show_symbol_and_constant():
    x = Value(3.0, label="x")
    src = viz.draw((x**2 * 0.5).log().leaky_relu(0.1)).source
    for text in ('"**2"', '"* 0.5"', "log", '"LReLU(0.1)"'):
        assert text in src


def test_reused_value_gets_one_edge_per_use():
    a = Value(3.0, label="a")
    src = viz.draw(a * a).source
    assert src.count("v0 -> o1") == 2


def test_edge_labels_switchable(lecture):
    lecture.backward()
    assert "local 6.0" in viz.draw(lecture).source and "+= 0.6" in viz.draw(lecture).source
    assert "local" not in viz.draw(lecture, show_local=False).source
    assert "+=" not in viz.draw(lecture, show_contribution=False).source


def test_no_contribution_before_backward(lecture):
    assert "+=" not in viz.draw(lecture).source


def test_roles_colour_nodes():
    w = Value(0.5, label="layers.0.neurons.0.w.0")
    b = Value(0.1, label="layers.0.neurons.0.b")
    x = Value(2.0, label="x")
    out = w * x + b
    src = viz.draw(out).source
    assert src.count(FILL["parameter"]) == 2
    assert src.count(FILL["input"]) == 1
    assert src.count(FILL["output"]) == 1


def test_highlight_rankdir_font(lecture):
    x = lecture.parents[0].parents[0].parents[0].parents[0]
    g = viz.draw(lecture, highlight=[x, lecture], rankdir="TB")
    assert g.source.count("penwidth=3") == 2 and "rankdir=TB" in g.source
    assert "sans-serif" in g.source
    with pytest.raises(ValueError, match="highlight"):
        viz.draw(lecture, highlight=Value(1.0))
    with pytest.raises(ValueError, match="rankdir"):
        viz.draw(lecture, rankdir="XY")


def test_not_a_value_is_one_line_error():
    with pytest.raises(TypeError, match="draw needs an autograd Value, got list"):
        viz.draw([1, 2])


def test_big_graph_without_nn_labels_is_refused():
    xs = [Value(float(i)) for i in range(300)]
    with pytest.raises(ValueError, match=r"max_nodes=.*collapse=") as e:
        viz.draw(vsum(x * x for x in xs))
    assert "\n" not in str(e.value)
    viz.draw(vsum(xs[:10]))  # small is fine


@pytest.mark.parametrize("use_nn", [True, False])
def test_mlp_loss_collapses_into_few_boxes(use_nn):
    loss = mlp_loss(use_nn=use_nn)
    loss.backward()
    g = viz.draw(loss)  # collapsed into neuron boxes: few records, so dot is quick (make bench times it)
    svg = pipe(g, "svg").decode()
    assert 'label=L1 ' in g.source and "cluster_layers" not in g.source  # no user text in cluster names
    assert "L1.n15 (" in svg and 'title="layers.1.neurons.15"' in svg  # short name, full name in the tooltip
    assert g.source.count("shape=record") < 60
    layer = viz.draw(loss, collapse="layer")
    assert "L1 (" in layer.source
    with pytest.raises(ValueError, match="max_nodes"):
        viz.draw(loss, collapse=None)


def test_check_flags_a_wrong_local_derivative():
    x = Value(0.3, label="x")
    y = x * 2
    out = (y + 1).tanh()
    assert "gradcheck" not in viz.draw(out, check=True).source
    y._edges = (x, 5.0)  # a deliberately wrong local derivative (flat: parent, local)
    g = viz.draw(out, check=True)
    flagged = re.findall(rf'(v\d) \[label="\{{?(\w+) [^\n]*fillcolor="{BAD_FILL}"', g.source)
    assert [name for _, name in flagged] == ["x"]
    assert "finite differences give" in g.source
    assert out.grad == 0.0  # check ran its own backward and put the grads back


def test_to_json(lecture):
    data = json.loads(viz.to_json(lecture))
    assert data["grads_ready"] is False and data["nodes"][0]["grad"] is None
    lecture.backward()
    data = json.loads(viz.to_json(lecture))
    assert [n["name"] for n in data["nodes"]] == ["x", "y", "z", "n1", "n2", "n3", "L"]
    assert data["backward_order"][0] == data["root"] == "v6"
    edge = next(e for e in data["edges"] if e["source"] == "v3")
    assert edge["local"] == 6.0 and edge["contribution"] == pytest.approx(0.6)


def test_draw_dot_alias(lecture):
    g = viz.draw_dot(lecture, format="png")
    assert isinstance(g, graphviz.Digraph) and g.format == "png"


def test_numeric_and_analytic_grads_agree():
    f, a = two_children()
    num, ana = viz.numeric_grads(f), viz.analytic_grads(f)
    assert ana[a] == 10.0 and num[a] == pytest.approx(10.0)
    backward(f)
    backward(f)
    assert a.grad == 20.0 and viz.analytic_grads(f)[a] == 10.0 and a.grad == 20.0


def test_parse_graph_with_constants_draws():
    f = parse("2 - x / 4 + sin(x) ** y", x=1.5, y=2)
    f.backward()
    assert "constant" not in viz.draw(f).source
    assert viz.draw(f).source.count(FILL["constant"]) >= 1


# -- the palette: Okabe–Ito, legible on a projector and for colour-blind viewers ------------------

def test_palette_contrast_and_colour_blind_distance():
    from viz.model import palette as p

    fills = {**p.FILL, "current": p.CURRENT, "gradcheck": p.BAD_FILL}
    assert {p.SKY_BLUE, p.BLUISH_GREEN, p.YELLOW, p.REDDISH_PURPLE, p.ORANGE, p.VERMILLION} <= set(fills.values())
    for role, colour in fills.items():
        assert contrast(colour, "#000000") >= 4.5, role  # black text on every fill
    for line in (p.ACTIVE, p.TOUCHED, p.HIGHLIGHT, p.CLUSTER, p.FOCUS_RING, p.EDGE, p.CURRENT_OUTLINE):
        assert contrast(line, "#FFFFFF") >= 3.0, line  # outlines and edges on white
    roles = list(fills.items())
    for i, (a, ca) in enumerate(roles):
        for b, cb in roles[i + 1:]:
            for deut in (False, True):
                d = math.dist(lab(ca, deut), lab(cb, deut))
                assert d >= 15, (a, b, deut, d)  # the old parameter green was 7 from white for deuteranopes


def test_drawing_pipe_goes_through_the_renderer(lecture, renderer_kind):
    """graphviz's own g.pipe() needs dot; a Drawing's pipe works with the pure-pip renderer too
    (the course notebooks call it, and a student's laptop may have no Graphviz)."""
    g = viz.draw(lecture)
    png = g.pipe(format="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = g.pipe(format="svg", encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "grad" in svg
    with pytest.raises(ValueError, match="renderer= and formatter="):
        g.pipe(format="png", renderer="cairo")


def test_notebook_display_is_a_picture_that_scrolls_rather_than_shrinks(lecture):
    bundle = viz.draw(lecture)._repr_mimebundle_()
    page = bundle["text/html"]
    assert "<svg" not in page and "<script" not in page  # nothing a sanitizer would turn into text
    assert 'src="data:image/svg+xml;base64,' in page and 'style="overflow:auto' in page
    natural = float(re.search(r'width="([\d.]+)pt"', bundle["image/svg+xml"]).group(1)) * 4 / 3
    low = float(re.search(r"min-width:(\d+)px", page).group(1))
    assert low == pytest.approx(natural * 14 / (11 * 4 / 3), abs=1)  # 11 pt text never under 14 px
    wider = float(re.search(r"min-width:(\d+)px", viz.draw(lecture, min_font_px=20)._repr_mimebundle_()
                            ["text/html"]).group(1))
    assert wider > low
    with pytest.raises(ValueError, match="min_font_px"):
        viz.draw(lecture, min_font_px=0)


WIDE = " + ".join(f"x{i}*y{i}" for i in range(6))
SHAPES = [("log((x+y)**2+z)", {"x": 1, "y": 2, "z": 3}), ("(x*y + x)*z", {"x": 2, "y": 3, "z": 5}),
          ("(x1+x2)*(x3+x4)", {"x1": 1, "x2": 2, "x3": 3, "x4": 4}), ("exp(x)", {"x": 1}),
          ("tanh(w1*x1 + w2*x2 + b)", {"w1": 1, "x1": 2, "w2": -1, "x2": 0.5, "b": 0.1}),
          (WIDE, {**{f"x{i}": i for i in range(6)}, **{f"y{i}": 1 for i in range(6)}})]


def sideways(svg):
    """CSS px past a 900 px cell, as shown: shrunk to fit the cell, never under 14 px text (7/8 of dot's 12 pt)."""
    from viz.outputs.widget import svg_size_px

    w, h = svg_size_px(svg)
    return max(0.0, w * max(14 / 16, min(1.0, 900 / w, 650 / h)) - 900)


@pytest.mark.parametrize("kind", ["draw", "step"])
def test_auto_rankdir_lays_out_so_a_reader_scrolls_least_sideways(kind):
    """rankdir="auto" against real layouts of both directions: a notebook scrolls down, not sideways."""
    wide = vsum([Value(float(i), label=f"x{i}") * Value(1.0, label=f"w{i}") for i in range(12)])
    for f in [parse(e, **kw) for e, kw in SHAPES] + [wide]:
        f.backward()
        if kind == "draw":
            svgs = {rd: viz.draw(f, rankdir=rd).pipe("svg").decode() for rd in ("LR", "TB")}
            auto = "TB" if "rankdir=TB" in viz.draw(f).source else "LR"
        else:
            svgs = {rd: viz.step(f, rankdir=rd).svg() for rd in ("LR", "TB")}
            auto = viz.step(f).spec.rankdir
        other = {"LR": "TB", "TB": "LR"}[auto]
        assert sideways(svgs[auto]) <= sideways(svgs[other]) + 45, (f.label, auto, sideways(svgs[auto]))
    assert auto == "LR"  # the 12 products into one Σ: a wide, shallow graph reads left to right


def test_the_constant_colour_follows_the_engine_mark_not_the_label():
    from autograd import constant

    x = Value(2.0, label="3")  # labelled like a number, made by the user: an input
    c = constant(3.0)
    src = viz.draw(x * c + 1).source
    assert src.count(FILL["input"]) == 1 and src.count(FILL["constant"]) == 1
    named = constant(3.0, label="three")  # the mark, whatever the label
    assert viz.draw(x * named).source.count(FILL["constant"]) == 1
    assert FILL["constant"] not in viz.draw(x * Value(3.0, label="3.0")).source


def test_collapsed_boxes_follow_nns_addresses():
    from viz.model.spec import spec

    loss = mlp_loss(sizes=(2, 3, 1), use_nn=False)  # 3 hidden neurons with relu, 1 output neuron
    s = spec(loss, max_nodes=10, collapse="neuron")
    boxes = {name.split(" ")[0]: bid for bid, name in s.records if bid.startswith("g")}
    assert set(boxes) == {"L0.n0", "L0.n1", "L0.n2", "L1.n0"}
    assert all(s.data_text[bid].startswith("act ") for bid in boxes.values())  # each neuron shows its act
    assert s.groups == {"L0": [boxes["L0.n0"], boxes["L0.n1"], boxes["L0.n2"]], "L1": [boxes["L1.n0"]]}
