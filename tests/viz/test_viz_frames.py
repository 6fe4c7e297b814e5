"""viz's pipeline: the frame schema is written once (the page's JS reads only Frame's fields), frames are
folded once (in Python), and viz's modules import each other without a circle (at any level)."""

import ast
import dataclasses
import json
import re
from pathlib import Path

import pytest

import viz
from autograd import parse
from viz.frames import Frame, Question, fold, pack

VIZ = Path(viz.__file__).parent
STATIC = VIZ / "static"


# -- no import circles --------------------------------------------------------------------------

def imports(folder: Path, package: str = "viz") -> dict[str, set[str]]:
    """module -> the package's modules it imports, anywhere in the file (inside functions too)."""
    mods = {p.stem for p in folder.glob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 or (node.level == 0 and node.module and node.module.split(".")[0] == package):
                    base = (node.module or "") if node.level else node.module.partition(".")[2]
                    if base:
                        found.append(base.split(".")[0])
                    else:  # from . import x, y
                        found += [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                found += [a.name.split(".")[1] for a in node.names if a.name.startswith(package + ".")]
            graph[path.stem] |= {m for m in found if m in mods and m != path.stem}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a → b → … → a), or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*path[path.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = 2
        path.pop()
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_cycle_finder_sees_an_import_inside_a_function(tmp_path):
    (tmp_path / "a.py").write_text("from .b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from . import a\n    import viz.c\n")
    (tmp_path / "c.py").write_text("import os\n")
    graph = imports(tmp_path)
    assert graph == {"a": {"b"}, "b": {"a", "c"}, "c": set()}
    assert cycle(graph) == ["a", "b", "a"]
    (tmp_path / "b.py").write_text("import viz.c\n")
    assert cycle(imports(tmp_path)) is None


def test_viz_has_no_import_circle():
    graph = imports(VIZ)
    assert {"stepper", "views", "frames", "dot", "render"} <= graph.keys()
    assert "frames" in graph["stepper"] and "views" in graph["stepper"]  # the walk sees real imports
    found = cycle(graph)
    assert found is None, " → ".join(found or [])


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
