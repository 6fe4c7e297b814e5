"""Per-edge checks: each local derivative against finite differences of its op alone."""

from __future__ import annotations

import re

import pytest
from helpers import chromium

from autograd import GradcheckError, Value, check_edges, define_op, gradcheck

pytestmark = pytest.mark.usefixtures("forget_user_ops")  # tests/conftest.py


def cube(wrong: bool):
    # (x³)' = 3x²; the wrong version forgets the 3
    return define_op("cube", lambda x: x ** 3, (lambda x, out: (x * x,)) if wrong else (lambda x, out: (3 * x * x,)))


def graph(op):
    x = Value(0.6, label="x")
    y = Value(1.5, label="y")
    return (op(x) * y + x).tanh(), x


def test_every_edge_of_a_correct_graph_passes():
    f, _ = graph(cube(wrong=False))
    checks = check_edges(f)
    assert len(checks) == 6 and all(e.ok for e in checks)  # cube 1, mul 2, add 2, tanh 1
    assert {e.op for e in checks} == {"cube", "mul", "add", "tanh"}


def test_the_wrong_edge_and_only_it_is_found():
    op = cube(wrong=True)  # defined once: a graph made by an earlier definition cannot be re-run
    f, x = graph(op)
    bad = [e for e in check_edges(f) if not e.ok]
    assert [(e.op, e.index, e.parent) for e in bad] == [("cube", 0, x)]
    assert bad[0].rule == pytest.approx(0.36) and bad[0].numeric == pytest.approx(3 * 0.36, rel=1e-8)
    assert str(bad[0]) == (f"op 'cube', input 0 (x = 0.6): your rule {bad[0].rule!r}, "
                           f"finite differences {bad[0].numeric!r}")
    with pytest.raises(GradcheckError, match=r"^gradcheck failed for input 0 \(inputs\[0\] = 0.6\).*'cube', input 0"):
        gradcheck(lambda x: op(x) * 2, [0.6])


def _edge_labels(source: str) -> list[tuple[str, str, str]]:
    return re.findall(r'(\w+) -> (\w+) \[[^\]]*?label="([^"]*)"', source)


def test_draw_check_marks_the_wrong_edge_in_vermillion():
    import viz
    good, _ = graph(cube(wrong=False))
    source = viz.draw(good, check=True).source
    assert "your rule" not in source and "#D55E00" not in source
    bad, _ = graph(cube(wrong=True))
    g = viz.draw(bad, check=True, rankdir="LR")  # LR: a record label reads "{x | ..."
    marked = [line for line in g.source.splitlines() if "your rule" in line]
    assert len(marked) == 1
    assert 'label="your rule 0.36, finite differences 1.08"' in marked[0]
    assert 'color="#D55E00"' in marked[0] and 'fontcolor="#D55E00"' in marked[0]
    # the marked edge runs from x into the cube op node
    tail, head = re.match(r"\s*(\w+) -> (\w+)", marked[0]).groups()
    assert f'{tail} [label="{{x |' in g.source and f'{head} [label=cube' in g.source
    svg = g.pipe(format="svg", encoding="utf-8")
    assert "your rule 0.36, finite differences 1.08" in svg and 'stroke="#d55e00"' in svg.lower()


def test_the_stepper_marks_the_wrong_edge_too(tmp_path):
    """viz.step(root, check=True): the student's wrong rule is labelled and coloured on its edge, in the
    still picture, in the live page (Chromium) and in the frames; a correct rule is not."""
    import viz

    good, _ = graph(cube(wrong=False))
    assert viz.step(good, check=True).wrong_edges == []
    bad, _ = graph(cube(wrong=True))
    s = viz.step(bad, check=True)
    assert len(s.wrong_edges) == 1
    eid = s.wrong_edges[0]
    verdict = "your rule 0.36, finite differences 1.08"  # 0.6² against 3·0.6², by hand
    assert s.frame(0).edges[eid] == verdict and s.final_edges[eid].endswith(f"({verdict})")
    frame = s.frame_source(0).source
    line = next(x for x in frame.splitlines() if f"id={eid}" in x or f'id="{eid}"' in x)
    assert verdict in line and 'color="#D55E00"' in line
    with pytest.raises(ValueError, match="check=True goes with the plain backward stepper"):
        viz.step(bad, check=True, quiz=True)
    page_path = s.save_html(tmp_path / "check.html")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.goto(page_path.as_uri())
        texts = page.locator(f'[id="{eid}"] text').all_text_contents()
        assert any(verdict in t.replace("\u00a0", " ") for t in texts), texts
