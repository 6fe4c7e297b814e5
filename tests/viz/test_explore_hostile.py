"""viz.explore and `python -m viz NAME=LO:HI` against bad input: one line each, naming the thing."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import viz
from autograd import Value, parse, topological_order
from viz.views.explore_grid import MAX_VALUES, axes, check_size

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def f():
    return parse("x*y + x", x=1, y=3)


def one_line(excinfo) -> str:
    text = str(excinfo.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(("kwargs", "exc", "words"), [
    ({"w": (0, 1)}, ValueError, "explore: 'w' is not an input of this graph; its inputs are x, y"),
    ({"x": (2, 2)}, ValueError, "explore: the range of x needs lo < hi, got (2.0, 2.0)"),
    ({"x": (3, -1)}, ValueError, "explore: the range of x needs lo < hi, got (3.0, -1.0)"),
    ({"x": (float("nan"), 1)}, ValueError, "explore: the range of x must be finite, got (nan, 1.0)"),
    ({"x": (0, float("inf"))}, ValueError, "explore: the range of x must be finite, got (0.0, inf)"),
    ({"x": (0, 1, 2)}, TypeError, "explore: x needs a range (lo, hi) of two numbers, got (0, 1, 2)"),
    ({"x": ("0", "1")}, TypeError, "explore: x needs a range (lo, hi) of two numbers, got ('0', '1')"),
    ({"x": 1.0}, TypeError, "explore: x needs a range (lo, hi) of two numbers, got 1.0"),
    ({"x": (0, 1), "steps": 1}, ValueError, "explore: steps must be an int of at least 2, got 1"),
    ({"x": (0, 1), "steps": 2.5}, ValueError, "explore: steps must be an int of at least 2, got 2.5"),
    ({"x": (0, 1), "steps": True}, ValueError, "explore: steps must be an int of at least 2, got True"),
    ({"x": (0, 1), "steps": "41"}, ValueError, "explore: steps must be an int of at least 2, got '41'"),
    ({}, ValueError, "explore: name one to three inputs to move, as in explore(f, x=(-2, 2))"),
    ({"x": (0, 1), "node": "q"}, ValueError, "explore: node='q' names no node of this graph; its nodes are x, y"),
    ({"x": (0, 1), "node": Value(1.0)}, ValueError, "explore: node= is not a node of this graph"),
    ({"x": (0, 1), "precision": 20}, ValueError, "explore: precision must be an int from 0 to 12, got 20"),
])
def test_bad_arguments_get_one_line(f, kwargs, exc, words):
    with pytest.raises(exc) as e:
        viz.explore(f, **kwargs)
    assert one_line(e).startswith(words), str(e.value)


def test_more_than_three_sliders():
    g = parse("a+b+c+d", a=1, b=2, c=3, d=4)
    with pytest.raises(ValueError) as e:
        viz.explore(g, a=(0, 1), b=(0, 1), c=(0, 1), d=(0, 1))
    assert one_line(e) == "explore: at most 3 sliders, got 4 (a, b, c, d)"


def test_a_grid_too_large_names_the_limit_and_the_size():
    g = parse("x*y + z", x=1, y=2, z=3)  # 5 nodes, 4 edges: 2·5 + 2·4 + 1 = 19 numbers per point
    with pytest.raises(ValueError) as e:
        viz.explore(g, x=(0, 1), y=(0, 1), z=(0, 1))  # 41³ = 68,921 points
    assert one_line(e) == (f"explore: the grid is too large: 41 × 41 × 41 = 68,921 points × 19 numbers = "
                           f"1,309,499, over the limit of {MAX_VALUES:,} (a page under 2 MB); use steps=17 or "
                           "fewer, or fewer sliders")
    order = topological_order(g)
    check_size(order, axes(order, {"x": (0, 1), "y": (0, 1), "z": (0, 1)}, 17))  # the advice fits: no error
    with pytest.raises(ValueError):
        check_size(order, axes(order, {"x": (0, 1), "y": (0, 1), "z": (0, 1)}, 18))


def test_a_root_that_is_not_a_value():
    with pytest.raises(TypeError) as e:
        viz.explore(3.0, x=(0, 1))
    assert one_line(e) == "explore needs an autograd Value, got float"
    with pytest.raises(TypeError) as e:
        viz.explore(parse("x*2", x=1), [("x", (0, 1))])
    assert one_line(e) == "explore: ranges must be a dict of name: (lo, hi), got list"


def test_a_leaf_named_like_an_option_goes_in_ranges():
    steps = Value(1.0, label="steps")
    ex = viz.explore(steps * 2, {"steps": (0, 1)}, steps=3)
    assert [p.data[-1] for p in ex.grid.points] == [0.0, 1.0, 2.0]
    with pytest.raises(ValueError) as e:
        viz.explore(parse("x*y + x", x=1, y=3), {"x": (0, 1)}, x=(0, 2))
    assert one_line(e) == "explore: x given twice"


def test_a_graph_too_big_for_sliders():
    x = Value(1.0, label="x")
    y = x
    for _ in range(120):
        y = y * 1.01
    with pytest.raises(ValueError) as e:
        viz.explore(y, x=(0, 1))
    assert one_line(e).startswith("explore: the graph has 121 nodes, over the limit of 100")


HOSTILE = '</script><img src=x onerror="window.__pwned=1"><!--&amp;'


def test_hostile_labels_stay_text():
    x = Value(1.0, label=HOSTILE)
    y = Value(2.0, label="y\x00\u2028")
    ex = viz.explore(x * y, {HOSTILE: (0, 1)}, steps=3)
    page = ex.html()
    assert "</script><img" not in page and "<!--&" not in page
    data = json.loads(re.search(r'class="cr-data">(.*?)</script>', page, re.S).group(1))
    assert data["sliders"][0]["name"].startswith("</script><img")  # the name, as text, for the script's textContent
    assert "\x00" not in page


def run(*args):
    return subprocess.run([sys.executable, "-m", "viz", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def cli(capsys, *args):
    """``python -m viz ARGS`` in this process (bad input never draws): the exit status and stderr's lines."""
    from viz.__main__ import main

    status = main(list(args))
    return status, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("value", "message"), [
    ("2:-2", "bad range for x: '2:-2' needs LO < HI"),
    ("1:1", "bad range for x: '1:1' needs LO < HI"),
    ("a:2", "bad range for x: 'a:2' is not two numbers LO:HI"),
    ("1:2:3", "bad range for x: '1:2:3' is not two numbers LO:HI"),
    (":2", "bad range for x: ':2' is not two numbers LO:HI"),
    ("nan:2", "bad range for x: 'nan:2' is not two finite numbers"),
    ("-inf:2", "bad range for x: '-inf:2' is not two finite numbers"),
])
def test_cli_bad_ranges_exit_2_with_one_line(capsys, value, message, tmp_path):
    out = str(tmp_path / "e.html")
    assert cli(capsys, "x*y + x", f"x={value}", "y=3", "-o", out) == (2, [f"viz: error: {message}"])


def test_cli_too_many_sliders_and_bad_steps(capsys, tmp_path):
    out = str(tmp_path / "e.html")
    assert cli(capsys, "-q", "a+b+c+d", "a=0:1", "b=0:1", "c=0:1", "d=0:1", "-o", out) == (
        2, ["viz: error: explore: at most 3 sliders, got 4 (a, b, c, d)"])
    assert cli(capsys, "-q", "x*2", "x=0:1", "--steps", "1", "-o", out) == (
        2, ["viz: error: explore: steps must be an int of at least 2, got 1"])
    assert not Path(out).exists()


def test_cli_writes_the_explore_page_and_without_a_range_the_stepper(tmp_path):
    r = run("x*y + x", "x=-2:2", "y=3", "-o", str(tmp_path / "explore.html"), "-o", str(tmp_path / "g.svg"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Backward pass for L = 0.0:")  # x starts at the middle of its range
    page = (tmp_path / "explore.html").read_text()
    assert 'class="chainrule-explore"' in page and "chainrule-stepper" not in page
    data = json.loads(re.search(r'class="cr-data">(.*?)</script>', page, re.S).group(1))
    assert data["sliders"][0]["labels"][0] == "x = -2.0" and len(data["points"]) == 41
    r = run("x*y + x", "x=1", "y=3", "-q", "-o", str(tmp_path / "steps.html"))
    assert r.returncode == 0 and 'class="chainrule-stepper"' in (tmp_path / "steps.html").read_text()
