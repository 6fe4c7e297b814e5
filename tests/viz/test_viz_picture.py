"""viz.outputs.picture: the stepper's one SVG, recoloured for a frame, says what Graphviz draws for that frame.

The reference is Graphviz itself: each frame drawn from its own dot source (``Stepper.frame_source``, all
nodes pinned) has the same texts and the same node colours as the recoloured one-layout picture.
Hand values for worked example B: after step 4, n1's grad is 0.6 and x, y get 0.6 each.
"""

from __future__ import annotations

import re
import xml.dom.minidom
from collections import Counter

import pytest

import viz
from autograd import parse
from viz.model.palette import ACTIVE, CURRENT, TOUCHED
from viz.outputs.picture import FramePictures, Window
from viz.outputs.render import pipe


def texts(svg):
    doc = xml.dom.minidom.parseString(svg)
    return Counter(re.sub(r"\s+", " ", t.firstChild.data).strip()
                   for t in doc.getElementsByTagName("text") if t.firstChild and t.firstChild.data.strip())


def fills(svg, ids):
    """The fill and stroke of each node's first shape, by node id."""
    doc = xml.dom.minidom.parseString(svg)
    out = {}
    for g in doc.getElementsByTagName("g"):
        if g.getAttribute("id") in ids:
            shape = next(e for e in g.getElementsByTagName("*") if e.tagName in ("polygon", "ellipse"))
            out[g.getAttribute("id")] = (shape.getAttribute("fill").lower(), shape.getAttribute("stroke").lower())
    return out


@pytest.mark.parametrize("options", [{}, {"forward": True}], ids=["backward", "forward_first"])
def test_every_frame_matches_graphviz_drawing_that_frame(options):
    st = viz.step(parse("log((x+y)**2+z)", x=2, y=1, z=1), **options)
    frames = FramePictures(st.svg(), st.frame(0), st.spec.rankdir)
    ids = set(st.frame(0).grads)
    for k in range(len(st.frames) + 1):
        mine = frames.picture(st.frame(k)).svg
        theirs = pipe(st.frame_source(k), "svg", neato_no_op=2)
        assert texts(mine) == texts(theirs), k
        assert fills(mine, ids) == fills(theirs, ids), k


def test_hand_values_and_colours_after_step_4():
    st = viz.step(parse("log((x+y)**2+z)", x=2, y=1, z=1))
    svg = FramePictures(st.svg(), st.frame(0), st.spec.rankdir).picture(st.frame(4)).svg
    names = {st.spec.names[n]: vid for n, vid in st.spec.ids.items()}
    found = texts(svg)
    assert found["grad 0.6000"] == 3 and found["↑ 0.6 × 1.0 = 0.6"] == 2  # n1, x, y; the two edges into +
    colours = fills(svg, set(names.values()))
    assert colours[names["n1"]][0] == CURRENT.lower()
    assert colours[names["x"]][1] == TOUCHED.lower() and colours[names["y"]][1] == TOUCHED.lower()
    assert svg.count(f'stroke="{ACTIVE}"'.encode()) >= 2


def test_a_window_keeps_only_what_it_shows_and_sizes_the_picture():
    st = viz.step(parse("log((x+y)**2+z)", x=2, y=1, z=1))
    frames = FramePictures(st.svg(), st.frame(0), st.spec.rankdir)
    whole = frames.picture(st.frame(1))
    assert (whole.width, whole.height) == (frames.width, frames.height)
    root = st.spec.ids[st.root]
    left, top, right, bottom = frames.node_box(root)
    part = frames.picture(st.frame(1), Window(left - 5, top - 5, right - left + 10, bottom - top + 10))
    assert (part.width, part.height) == pytest.approx((right - left + 10, bottom - top + 10))
    assert "data 2.3026" in texts(part.svg) and "data 2.0000" not in texts(part.svg)  # L is in, x is not
    assert part.png(72)[:8] == b"\x89PNG\r\n\x1a\n"
