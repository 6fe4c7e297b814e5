"""Hostile input to every view a student types into: wrong argument types, odd labels, inf and nan,
huge graphs. Each gets one line naming what was wrong, or correct output; never a hang.

Expected numbers are hand-derived; pages are checked with strict JSON and XML parsers.
"""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from pathlib import Path

import pytest

import viz
from autograd import Value, parse
from autograd import sum as vsum


def quick():
    f = parse("x*y + x", x=2, y=3)
    return f, next(n for n in f.parents if n.label == "x")


def page_data(html):
    m = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', html, re.S)
    assert m, "no page data"

    def refuse(token):
        raise ValueError(f"not strict JSON: {token}")

    return json.loads(m.group(1), parse_constant=refuse)


F, X = quick()
BAD_CALLS = [
    (lambda: viz.step(3), TypeError, r"^step needs an autograd Value, got int$"),
    (lambda: viz.step(F, precision="a"), ValueError, r"precision must be an int from 0 to 12, got 'a'"),
    (lambda: viz.step(F, mode=3), ValueError, r"mode must be 'reverse' or 'forward', got 3"),
    (lambda: viz.step(F, quiz=True, seed="a"), ValueError, r"seed must be an int, got 'a'"),
    (lambda: viz.step(F, mode="forward", wrt=3), ValueError, r"wrt 3 is not a node"),
    (lambda: viz.step(F, focus=3), TypeError, r"focus= needs a module"),
    (lambda: viz.step(F, max_nodes=0), ValueError, r"max_nodes must be a positive int"),
    (lambda: viz.step(F, min_font_px="x"), ValueError, r"min_font_px must be a number"),
    (lambda: viz.forward_mode(F, precision="a"), ValueError, r"^forward_mode: precision must be an int"),
    (lambda: viz.forward_mode(F, wrt=[F]), ValueError, r"computed by an op; seed inputs"),
    (lambda: viz.forward_pass("x"), TypeError, r"^forward_pass needs an autograd Value, got str$"),
    (lambda: viz.paths(F, 3), TypeError, r"needs an autograd Value, got int"),
    (lambda: viz.paths(F, X, max_paths=1.5), ValueError, r"max_paths must be a positive int, got 1.5"),
    (lambda: viz.paths(F, X, precision="a"), ValueError, r"^paths: precision must be an int"),
    (lambda: viz.explain(F, precision=-5), ValueError, r"^explain: precision must be an int from 0 to 12, got -5$"),
    (lambda: viz.explain(F, format=3), ValueError, r"format must be one of text, markdown, latex, got 3"),
    (lambda: viz.explain([F]), TypeError, r"explain needs an autograd Value, got list"),
    (lambda: viz.deck(F, 3), TypeError, r"^deck: the file must be a str or a Path, got int$"),
    (lambda: viz.deck(F, "x.txt"), ValueError, r"deck: unknown file type '\.txt'"),
    (lambda: viz.deck(F, "x.pdf", title=3), TypeError, r"^deck: title must be a str \(or None\), got int$"),
    (lambda: viz.deck("f", "x.pdf"), TypeError, r"deck needs an autograd Value, got str"),
    (lambda: viz.worksheet(None, "w.pdf"), TypeError, r"worksheet needs an autograd Value, got NoneType"),
    (lambda: viz.worksheet(F, "w.pdf", title=3), TypeError, r"^worksheet: title must be a str"),
    (lambda: viz.worksheet(F, "w.pdf", precision=99), ValueError, r"precision must be an int from 0 to 12, got 99"),
    (lambda: viz.render(F, 42), TypeError, r"^render: the file must be a str or a Path, got int$"),
    (lambda: viz.render(F, "g.xyz"), ValueError, r"unknown file type '\.xyz'"),
    (lambda: viz.render(3, "g.svg"), TypeError, r"render needs a Value or a drawing, got int"),
]


@pytest.mark.parametrize("call, error, pattern", BAD_CALLS)
def test_wrong_arguments_get_one_line_naming_them(call, error, pattern, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing is written: every call is refused first
    with pytest.raises(error, match=pattern) as e:
        call()
    assert "\n" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


ODD = ["", "<script>alert(1)</script>", "&amp;", "\x00", "{|}<>", '"', "q" * 20_000, "\\N\\G\\n", "%s {0} $x$",
       "\u202e rtl", "😀", "\ud83d", "-3.5", "nan", "a b\tc\nd"]


def odd_graph():
    """Every odd label on a leaf: Σ x² over the first 8, then products; by hand each grad below."""
    xs = [Value(float(i) + 1, label=label) for i, label in enumerate(ODD)]
    f = vsum([x * x for x in xs[:8]]) + xs[8] * xs[9] * xs[10] + xs[11] * xs[12] + xs[13] * xs[14]
    return f, xs


def test_odd_labels_in_every_text_view():
    f, xs = odd_graph()
    s = viz.step(f)
    data = page_data(s.html())
    xml.dom.minidom.parseString(data["svg"].encode())
    assert [x.grad for x in xs[:8]] == [2.0 * (i + 1) for i in range(8)]  # d(x²)/dx = 2x
    assert xs[8].grad == 10.0 * 11.0 and xs[13].grad == 15.0  # products: the other factors
    for options in ({"quiz": True}, {"forward": True}, {"mode": "forward"}):
        page_data(viz.step(f, **options).html())
    for fmt in ("text", "markdown", "latex"):
        text = viz.explain(f, format=fmt)
        assert "\x00" not in text and "\ud83d" not in text
    assert viz.paths(f, xs[9]).total == 9.0 * 11.0  # one path: ∂/∂x9 of x8·x9·x10
    json.loads(viz.to_json(f))
    # a label never closes the page's script: the data up to the first </script> holds it whole
    assert any("<script>alert(1)</script>" in f["formula"] for f in data["frames"])


def test_odd_labels_in_files(tmp_path):
    f, _ = odd_graph()
    for suffix in (".svg", ".png", ".pdf", ".json", ".dot"):
        assert viz.render(f, tmp_path / f"g{suffix}").stat().st_size > 100
    viz.worksheet(f, tmp_path / "w.pdf")
    viz.deck(f, tmp_path / "d.pptx")


def test_inf_and_nan_values_in_every_view(tmp_path):
    n, i, m = Value(float("nan"), label="n"), Value(float("inf"), label="i"), Value(-float("inf"), label="m")
    g = (n * i + m.exp() + i.log()).tanh() + n
    assert viz.step(g).frames[0].formula == "∂L/∂L = 1.0"
    for options in ({}, {"quiz": True}, {"forward": True}, {"mode": "forward"}, {"check": True}):
        data = page_data(viz.step(g, **options).html())
        assert "nan" in " ".join(f["formula"] for f in data["frames"])
    assert "nan" in viz.explain(g, format="latex")
    json.loads(viz.to_json(g), parse_constant=lambda t: pytest.fail(t))
    viz.paths(g, i)._repr_mimebundle_()
    viz.deck(g, tmp_path / "n.pdf", think=True, forward=True)
    viz.worksheet(g, tmp_path / "w.pdf")


def test_huge_graphs_are_refused_at_once_or_handled():
    big = vsum([Value(float(k)) * Value(1.0) for k in range(5000)])  # 15,001 nodes
    for call in (lambda: viz.step(big), lambda: viz.step(big, quiz=True), lambda: viz.step(big, mode="forward"),
                 lambda: viz.draw(big), lambda: viz.deck(big, "never.pdf")):
        with pytest.raises(ValueError, match=r"15,001 value nodes, over max_nodes=") as e:
            call()
        assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match=r"^worksheet: the graph has 15,001 value nodes, more than a page can show "
                                         r"\(250\); make the worksheet of a smaller expression") as e:
        viz.worksheet(big, "never.pdf")  # no max_nodes= advice: the worksheet takes no such argument
    assert "\n" not in str(e.value) and "max_nodes" not in str(e.value) and not Path("never.pdf").exists()
    leaf = big.parents[0].parents[0]
    assert viz.forward_mode(big, wrt=[leaf]).grads == {viz.forward_mode(big, wrt=[leaf]).names[leaf]: 1.0}
    assert viz.paths(big, leaf).total == 1.0  # 0·1 feeds Σ: ∂/∂(0) = 1
    assert len(viz.explain(big).splitlines()) == 1 + 15_001
