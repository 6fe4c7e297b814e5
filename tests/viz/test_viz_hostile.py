"""Issue 21: hostile input to the views a student types into, each with the exact input the issue names.

Expected numbers are hand-derived; well-formedness is checked by parsers that are not viz's own
(Python's XML and strict JSON parsers, python-pptx, pypdf).
"""

from __future__ import annotations

import json
import re
import xml.dom.minidom

import pytest
from pptx import Presentation
from pypdf import PdfReader

import viz
from autograd import OpError, Value, define_op, parse


def strict_json(text):
    """json.loads that refuses NaN, Infinity and -Infinity, as the browser's JSON.parse does."""
    def refuse(token):
        raise ValueError(f"not strict JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def page_data(html):
    """The stepper page's JSON (the <script type="application/json"> the page's script reads)."""
    m = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', html, re.S)
    assert m, "no page data"
    return strict_json(m.group(1))


def svg_tree(svg):
    """The SVG parsed as XML: raises if it is not well-formed."""
    return xml.dom.minidom.parseString(svg.encode() if isinstance(svg, str) else svg)


def balanced(latex):
    depth = 0
    for c in re.sub(r"\\[\\{}]", "", latex):
        depth += {"{": 1, "}": -1}.get(c, 0)
        assert depth >= 0, latex
    return depth == 0


def one_line(excinfo):
    assert "\n" not in str(excinfo.value), str(excinfo.value)
    return str(excinfo.value)


def softsign_op():
    return define_op("softsign", lambda x: x / (1 + abs(x)), lambda x, out: (1 / (1 + abs(x)) ** 2,))


# -- §2: a lone surrogate in a label, written as JSON ------------------------------------------------

def test_json_of_a_lone_surrogate_label_is_cleaned_as_drawings_clean_it(tmp_path):
    f = Value(1.0, label="\ud800x") * Value(2.0, label="y")
    path = viz.render(f, tmp_path / "g.json")
    data = strict_json(path.read_text(encoding="utf-8"))
    assert [n["label"] for n in data["nodes"] if n["label"]] == ["\ufffdx", "y"]
    svg = viz.draw(f).pipe("svg").decode()
    assert "\ufffdx" in svg  # the SVG path cleans it the same way


# -- §3 item 2: forward mode on define_op's ops -------------------------------------------------------

def test_forward_mode_runs_user_ops_through_the_op_table():
    softsign_op()
    g = parse("softsign(2*x)", x=0.5)
    # by hand: d/dx softsign(2x) = 2 / (1 + |2x|)^2 = 2 / 4 at x = 0.5
    fm = viz.forward_mode(g)
    assert fm.grads == {"x": 0.5} and fm.reverse_grads == {"x": 0.5}
    s = viz.step(g, mode="forward")
    assert s.frames[-1].formula.endswith("= 0.5")
    page_data(s.html())


def test_an_op_named_dunder_class_is_refused_or_works():
    try:
        twice = define_op("__class__", lambda x: 2 * x, lambda x, out: (2.0,))
    except OpError as e:  # the engine may refuse the name when the op is defined
        assert "\n" not in str(e) and "__class__" in str(e)
        return
    x = Value(1.5, label="x")
    f = twice(x) * x  # 2x², by hand d/dx = 4x = 6
    assert viz.forward_mode(f).grads == {"x": 6.0}
    assert viz.step(f, mode="forward").frames[-1].formula.endswith("= 6.0")


def test_explain_latex_of_a_user_op_uses_its_name():
    softsign_op()
    tex = viz.explain(parse("softsign(2*x)", x=0.5), format="latex")
    assert "softsign" in tex and balanced(tex)
    for bad in ("{1}", "}", "{x}", r"\frac{{0}"):  # templates that do not format: the name instead
        try:
            op = define_op("myop", lambda x: 2 * x, lambda x, out: (2.0,), latex=bad)
        except OpError as e:  # the engine may refuse them when the op is defined
            assert "\n" not in str(e)
            continue
        tex = viz.explain(op(Value(1.0, label="u")), format="latex")
        assert r"\operatorname{myop}\left(u\right)" in tex and balanced(tex)


# -- items 4, 13, 14, 15: labels and symbols that used to break drawings -------------------------------

BACKSLASH_TWICE = "a\\"
LONG_BACKSLASH = "w" * 45 + "\\"


def backslash_graph():
    return Value(1, label=BACKSLASH_TWICE) * Value(2, label=BACKSLASH_TWICE) + Value(3, label=LONG_BACKSLASH)


def test_labels_ending_in_a_backslash_draw_with_the_full_text_in_the_tooltip():
    f = backslash_graph()
    tree = svg_tree(viz.draw(f).pipe("svg"))
    texts = [t.firstChild.data for t in tree.getElementsByTagName("text") if t.firstChild]
    assert "a\\" in texts and "a\\#2" in texts
    assert "w" * 39 + "…" in texts  # cut at 40 characters
    titles = [a.getAttribute("xlink:title") for a in tree.getElementsByTagName("a")]
    assert LONG_BACKSLASH in titles  # the whole label, one backslash, in the tooltip
    data = page_data(viz.step(f).html())
    assert svg_tree(data["svg"]) and "a\\#2" in data["svg"]


def test_labels_ending_in_a_backslash_in_render_deck_and_worksheet(tmp_path):
    f = backslash_graph()
    for suffix in (".svg", ".png", ".pdf", ".dot"):
        assert viz.render(f, tmp_path / f"g{suffix}").stat().st_size > 100
    viz.deck(f, tmp_path / "d.pdf")
    assert "a\\" in "".join(p.extract_text() for p in PdfReader(tmp_path / "d.pdf").pages)
    viz.worksheet(f, tmp_path / "w.pdf")
    assert "a\\" in "".join(p.extract_text() for p in PdfReader(tmp_path / "w.pdf").pages)


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_noncharacters_give_well_formed_svg_and_a_pptx(tmp_path, char):
    f = Value(1, label=f"a{char}") * Value(2, label=f"b{char}")
    svg_tree(viz.draw(f).pipe("svg"))
    svg_tree(page_data(viz.step(f).html())["svg"])
    prs = Presentation(str(viz.deck(f, tmp_path / "x.pptx")))
    text = " ".join(sh.text_frame.text for slide in prs.slides for sh in slide.shapes if sh.has_text_frame)
    assert "a\ufffd" in text and char not in text
    viz.worksheet(f, tmp_path / "w.pdf")


def test_a_backslash_in_a_label_keeps_the_latex_braces_balanced():
    f = Value(1, label="a\\") * Value(2, label="b}{c\\")
    tex = viz.explain(f, format="latex")
    assert r"\mathrm{a\}" not in tex and balanced(tex)
    assert r"\mathrm{a\backslash{}}" in tex and r"\mathrm{b\}\{c\backslash{}}" in tex


@pytest.mark.parametrize("symbol", ["a\\", "\x00", "s" * 17_000, "\ud800", "\uffff"])
def test_odd_op_symbols_are_refused_at_definition_or_drawn(symbol, tmp_path):
    try:
        op = define_op("oddsym", lambda x: 2 * x, lambda x, out: (2.0,), symbol=symbol)
    except OpError as e:  # the engine may refuse such symbols when the op is defined
        assert "\n" not in str(e)
        return
    f = op(Value(1.0, label="x")) * Value(3.0, label="y")
    svg_tree(viz.draw(f).pipe("svg"))
    page_data(viz.step(f).html())
    page_data(viz.step(f, forward=True).html())
    assert viz.forward_mode(f).grads["x"] == 6.0  # by hand: d/dx 3·2x
    viz.render(f, tmp_path / "g.json")


# -- item 12: strict JSON on every page ----------------------------------------------------------------

def test_every_page_is_strict_json_with_inf_and_nan():
    y = Value(2.0, label="y")
    f = Value(0.0).log() * y + y  # log 0 = -inf: ∂f/∂y = -inf + 1 = -inf, and nan appears nowhere else
    for options in ({}, {"quiz": True}, {"forward": True}, {"forward": True, "quiz": True},
                    {"mode": "forward"}, {"check": True}):
        data = page_data(viz.step(f, **options).html())
        assert data["frames"], options
        for q in (f["question"] for f in data["frames"] if f["question"]):  # only finite numbers are asked
            assert isinstance(q["answer"], float) and isinstance(q["tol"], float)
    assert y.grad == float("-inf")
    g = Value(float("nan"), label="q") * Value(float("inf"), label="r")
    for options in ({}, {"quiz": True}, {"forward": True}):
        page_data(viz.step(g, **options).html())
    strict_json(viz.to_json(g))


# -- items 16, 17, 18 -----------------------------------------------------------------------------------

def mlp(seed):
    import nn

    model = nn.MLP(2, [3, 1], seed=seed)
    return model, (model([0.5, -1.0]) - 1.0) ** 2


def test_focus_with_check_steps_and_checks_every_real_edge():
    model, loss = mlp(1)
    neuron = model.layers[0].neurons[0]
    s = viz.step(loss, focus=neuron, check=True)
    assert s.wrong_edges == [] and len(s.frames) == len(s.spec.order)
    page_data(s.html())


def test_focus_on_a_neuron_of_another_model_is_refused():
    _, loss = mlp(1)
    other, _ = mlp(2)  # the same names, other weights
    with pytest.raises(ValueError, match=r"focus=.*not a node of this graph.*another model") as e:
        viz.step(loss, focus=other.layers[0].neurons[0])
    one_line(e)


def diamonds(n):
    x = Value(1.0, label="x")
    h = x
    for _ in range(n):
        h = h * 1.0 + h * 1.0
    return h, x


def test_paths_with_a_huge_max_paths_refuse_before_listing():
    f, x = diamonds(45)  # 2**45 paths
    with pytest.raises(ValueError, match=r"35,184,372,088,832 paths, over the ceiling of") as e:
        viz.paths(f, x, max_paths=2**40)
    one_line(e)
    small = parse("x*y + x", x=2, y=3)
    x2 = next(n for n in small.parents if n.label == "x")
    assert viz.paths(small, x2, max_paths=2**40).total == 4.0  # by hand: y + 1


def test_paths_too_many_to_draw_show_as_text():
    f, x = diamonds(9)  # 512 paths: listed, not drawn
    p = viz.paths(f, x, max_paths=1000)
    assert p.count == 512 and p.total == 512.0  # by hand: every path's product is 1
    with pytest.raises(ValueError, match="too many to draw") as e:
        p.graph()
    one_line(e)
    assert list(p._repr_mimebundle_()) == ["text/plain"]


def test_a_graph_built_before_its_op_was_redefined_gets_one_line_or_correct_output(tmp_path):
    """Issue 21 §3 item 8, in the views: the old symbol is no longer in the op table (autograd.replay.op_of says so)."""
    op = define_op("tw", lambda x: 2 * x, lambda x, out: (2.0,), symbol="T1")
    x = Value(1.5, label="x")
    g = op(x) * x  # 2x²: by hand d/dx = 4x = 6
    define_op("tw", lambda x: 3 * x, lambda x, out: (3.0,), symbol="T2")
    for call in (lambda: viz.forward_mode(g), lambda: viz.explain(g, format="latex"),
                 lambda: viz.step(g, check=True), lambda: viz.step(g, mode="forward"),
                 lambda: viz.draw(g, check=True)):
        try:
            call()
        except ValueError as e:
            assert re.search(r"earlier definition of op 'tw'.*build the graph again", str(e)) and "\n" not in str(e)
    assert viz.paths(g, x).total == 6.0  # the recorded edges still hold the old rule's numbers
    assert "T1" in viz.draw(g).source and viz.step(g, forward=True).frames[0].formula == "n1 = T1(x) = 3.0"
    viz.deck(g, tmp_path / "d.pdf")
