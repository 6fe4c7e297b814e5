"""Frames: what a stepper shows at each step, as typed data.

viz is a pipeline: graph (autograd Values) → :class:`viz.model.spec.Spec` (ids, names, texts; laid out
once) → frames (this module) → outputs (the drawing of a frame and its PNG/GIF in
:mod:`viz.outputs.stepper`, the HTML page, a deck's pictures in :mod:`viz.outputs.picture`).

A :class:`Frame` is the FULL state at one step: every node's data and grad text, every edge's
label, the current node, its inputs, the lit edges, the line under the controls. Each view
(:mod:`viz.views.steps`: the backward pass, the forward pass, forward mode, the quiz) lists what
changes at each step, and :func:`fold` turns those changes into full frames: the one place
frames are folded. Nothing downstream folds again: the page's script (``viz/static/stepper.js``)
applies a ready frame, as the Graphviz and SVG painters do. :func:`pack` writes the page's JSON
from the dataclass (field by field), with the texts shared in one table so that full states
stay small.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Step, Value

from ..model.spec import Spec

PHASES = ("start", "forward", "backward", "tangent")


@dataclass(frozen=True)
class Question:
    """A quiz question asked at one backward frame (:mod:`viz.views.quiz` makes them)."""

    frame: int  # the stepper frame it is asked at (1 = the first step)
    kind: str  # "local", "contribution" or "grad"
    edge: str  # the edge id asked about
    parent: str  # the id of that edge's parent node
    answer: float
    answer_text: str
    tol: float  # how far a typed answer may be off
    wrong: tuple[tuple[float, str], ...]  # likely wrong answers, each with its diagnosis
    prompt: str
    hint: str
    mask_grads: Mapping[str, str]  # node id -> text shown while asking ("grad ?")
    mask_edges: Mapping[str, str]  # edge id -> text shown while asking ("1.0 × ? = ?")


@dataclass(frozen=True)
class Frame:
    """Everything one step shows (frame 0: before the first step). In a change given to :func:`fold`,
    ``grads``, ``datas`` and ``edges`` hold only what changes; in a folded frame, every node and edge."""

    phase: str  # one of PHASES
    pos: str  # the step counter as shown: "step 3 / 7", "forward step 1 / 3", "pass 1 / 4 · step 2 / 3"
    formula: str  # the line under the controls: the step's formula (frame 0: what comes next)
    grads: Mapping[str, str] = field(default_factory=dict)  # node id -> grad (or tangent) text
    datas: Mapping[str, str] = field(default_factory=dict)  # node id -> data text
    edges: Mapping[str, str] = field(default_factory=dict)  # edge id -> label text
    node: str | None = None  # the current node's id
    name: str = ""  # the current node's name
    parents: tuple[str, ...] = ()  # its inputs, outlined (being updated, or read)
    active: tuple[str, ...] = ()  # the edges lit in this step
    details: tuple[str, ...] = ()  # one line per edge (the += of each parent)
    counter: str = ""  # forward mode: the operation counter so far
    question: Question | None = None  # the quiz: asked before this frame is shown in full


@dataclass(frozen=True)
class Words:
    """What the page says in one view."""

    legend: tuple[str, str, str]  # the current node, its inputs, the lit edges ("" leaves that entry out)
    note: str  # above the still picture, where scripts do not run
    still_alt: str  # the still picture's alt text; {n} is the number of nodes
    story_title: str = "every step as text"


@dataclass(frozen=True)
class View:
    """A view's frames and words: what :class:`viz.Stepper` shows."""

    frames: tuple[Frame, ...]  # frame 0 (before the first step) to the last step
    words: Words
    kind: str  # what the frames are, for repr ("7 backward steps")
    still: int | None = None  # the frame the still picture shows (None: the final, backpropagated graph)
    summary: str = ""  # forward mode: both modes' operation counts


@dataclass(frozen=True)
class Backward:
    """The backward pass over the drawn graph: what every view's frames start from, and what the
    final drawing (the live SVG every frame repaints) shows."""

    root: Value  # the root drawn (focus=: the folded copy)
    spec: Spec  # ids prefixed with ``uid``, so that two steppers in one page never clash
    steps: list[Step]  # the engine's records, one per node
    uid: str
    start_edges: dict[str, str]  # edge id -> its label before its step: the local derivative (or check's verdict)
    final_edges: dict[str, str]  # edge id -> after its step: upstream × local = contribution
    wrong_edges: list[str]  # check=True: the edges whose rule disagrees with finite differences
    note: str = ""  # focus=: what was folded


def fold(start: Frame, changes: Iterable[Frame]) -> list[Frame]:
    """``start`` and, after it, each change applied on top of everything before it: full frames.

    >>> a = Frame("start", "step 0", "begin", grads={"v0": "grad –", "v1": "grad –"}, datas={"v0": "2", "v1": "3"})
    >>> frames = fold(a, [Frame("backward", "step 1", "f1", grads={"v1": "grad 1"}),
    ...                   Frame("backward", "step 2", "f2", grads={"v0": "grad 2"})])
    >>> [dict(f.grads) for f in frames]
    [{'v0': 'grad –', 'v1': 'grad –'}, {'v0': 'grad –', 'v1': 'grad 1'}, {'v0': 'grad 2', 'v1': 'grad 1'}]
    """
    if start.phase not in PHASES:
        raise ValueError(f"fold: phase must be one of {PHASES}, got {start.phase!r}")
    if start.grads.keys() != start.datas.keys():
        raise ValueError("fold: frame 0 must give every node both a grad and a data text")
    grads, datas, edges = dict(start.grads), dict(start.datas), dict(start.edges)
    out = [start]
    for change in changes:
        for have, new in ((grads, change.grads), (datas, change.datas), (edges, change.edges)):
            unknown = new.keys() - have.keys()
            if unknown:
                raise ValueError(f"fold: step {len(out)} changes {sorted(unknown)[0]!r}, not in frame 0")
            have.update(new)
        out.append(dataclasses.replace(change, grads=dict(grads), datas=dict(datas), edges=dict(edges)))
    return out


TEXTS = ("grads", "datas", "edges")  # the fields pack() ships as rows of the text table


def pack(frames: Sequence[Frame]) -> dict[str, Any]:
    """The frames as the page's JSON, written from the dataclass: each frame has every field of
    :class:`Frame` by its name. A full state repeats most texts, so ``grads``, ``datas`` and
    ``edges`` are each the index of a row (one text index per id of ``nodes`` or ``edgeIds``), and
    equal rows are shipped once: the page looks texts up, it never folds.

    >>> p = pack(fold(Frame("start", "0", "", grads={"v0": "–"}, datas={"v0": "1"}, edges={"e": "a"}),
    ...               [Frame("backward", "1", "", grads={"v0": "1"})]))
    >>> p["texts"], p["rows"], [(f["grads"], f["datas"], f["edges"]) for f in p["frames"]]
    (['–', '1', 'a'], [[0], [1], [2]], [(0, 1, 2), (1, 1, 2)])
    """
    nodes, edge_ids = list(frames[0].grads), list(frames[0].edges)
    texts: dict[str, int] = {}
    rows: dict[tuple[int, ...], int] = {}

    def row(values: Mapping[str, str], ids: list[str]) -> int:
        r = tuple(texts.setdefault(values[i], len(texts)) for i in ids)
        return rows.setdefault(r, len(rows))

    out = []
    for frame in frames:
        shipped = {f.name: getattr(frame, f.name) for f in dataclasses.fields(Frame)}
        shipped.update(grads=row(frame.grads, nodes), datas=row(frame.datas, nodes),
                       edges=row(frame.edges, edge_ids))
        if frame.question is not None:
            shipped["question"] = dataclasses.asdict(frame.question)
        out.append(shipped)
    return {"frames": out, "nodes": nodes, "edgeIds": edge_ids, "texts": list(texts), "rows": [list(r) for r in rows]}
