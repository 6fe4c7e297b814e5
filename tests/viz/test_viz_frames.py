"""viz's pipeline: the frame schema is written once (the page's JS reads only Frame's fields), and frames are
folded once (in Python). The import rules (folders, no circles) are in tests/test_viz_layers.py."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

import viz
from autograd import parse
from viz.views.frames import Frame, Question, fold, pack

VIZ = Path(viz.__file__).parent
STATIC = VIZ / "static"


# -- the schema is written once ----------------------------------------------------------------

def reads(js: str, name: str) -> set[str]:
    """The properties the script reads from variables called ``name`` (``frame.formula`` → formula)."""
    return set(re.findall(rf"\b{name}\.([A-Za-z_]\w*)", js))


def test_the_js_reads_only_fields_of_frame_and_question():
    js = (STATIC / "stepper.js").read_text(encoding="utf-8") + (STATIC / "views.js").read_text(encoding="utf-8")
    frame_fields = {f.name for f in dataclasses.fields(Frame)}
    question_fields = {f.name for f in dataclasses.fields(Question)}
    frame_reads = reads(js, "frame")
    assert {"grads", "datas", "edges", "node", "parents", "active", "formula", "pos"} <= frame_reads
    assert frame_reads <= frame_fields, frame_reads - frame_fields
    qn_reads = reads(js, "qn")
    assert {"answer", "tol", "wrong", "answer_text", "mask_grads"} <= qn_reads
    assert qn_reads <= question_fields, qn_reads - question_fields
    assert not re.search(r"\b(now|state)\.(grads|edges|datas|formula)\b", js)  # frames go by one name


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_the_page_json_is_made_from_the_dataclass_and_holds_what_the_js_reads():
    st = viz.step(parse("(x*y + x)*z", x=2, y=3, z=5), quiz=True, forward=True, seed=0)
    data = page_data(st.html())
    fields = [f.name for f in dataclasses.fields(Frame)]
    assert all(list(f) == fields for f in data["frames"])
    asked = [f["question"] for f in data["frames"] if f["question"]]
    assert asked and all(list(q) == [f.name for f in dataclasses.fields(Question)] for q in asked)
    js = (STATIC / "stepper.js").read_text(encoding="utf-8") + (STATIC / "views.js").read_text(encoding="utf-8")
    assert reads(js, "data") - {"css", "svg"} <= data.keys(), reads(js, "data") - data.keys()
    # each frame's texts, looked up as the page does, are that frame's full state
    for k, frame in enumerate(data["frames"]):
        grads = {i: data["texts"][t] for i, t in zip(data["nodes"], data["rows"][frame["grads"]], strict=True)}
        assert grads == dict(st.frame(k).grads)
    # by hand: x*y = 6, then 6 + x = 8; after the forward pass n2's data is 8, before it "?"
    n2 = next(v for n, v in st.spec.ids.items() if st.spec.names[n] == "n2")
    assert st.frame(1).datas[n2].split()[-1] == "?" and float(st.frame(2).datas[n2].split()[-1]) == 8.0


def test_fold_keeps_earlier_changes_and_refuses_an_unknown_id():
    start = Frame("start", "step 0", "", grads={"a": "–", "b": "–"}, datas={"a": "2", "b": "3"},
                  edges={"e": "local 2"})
    frames = fold(start, [Frame("backward", "step 1", "", grads={"a": "1"}, edges={"e": "1 × 2 = 2"}),
                          Frame("backward", "step 2", "", grads={"b": "2"})])
    assert [dict(f.grads) for f in frames] == [{"a": "–", "b": "–"}, {"a": "1", "b": "–"}, {"a": "1", "b": "2"}]
    assert [f.edges["e"] for f in frames] == ["local 2", "1 × 2 = 2", "1 × 2 = 2"]
    with pytest.raises(ValueError, match=r"^fold: step 1 changes 'c', not in frame 0$"):
        fold(start, [Frame("backward", "step 1", "", grads={"c": "1"})])
    with pytest.raises(ValueError, match=r"^fold: phase must be one of"):
        fold(Frame("sideways", "", ""), [])
    with pytest.raises(ValueError, match=r"^fold: frame 0 must give every node both a grad and a data text$"):
        fold(Frame("start", "", "", grads={"a": "–"}), [])
    packed = pack(frames)
    assert packed["texts"] == ["–", "2", "3", "local 2", "1", "1 × 2 = 2"]  # each text once
    assert packed["rows"][packed["frames"][2]["grads"]] == [4, 1]  # a: "1", b: "2" (the same text as a's data)


def test_a_frame_out_of_range_is_one_line():
    st = viz.step(parse("x*y", x=2, y=3))
    assert st.frame(0).phase == "start" and st.frame(len(st.frames)) is st.frames[-1]
    for bad in (-1, len(st.frames) + 1, 1.5, True):
        with pytest.raises(ValueError, match=r"^frame must be from 0 to 3, got"):
            st.frame(bad)
