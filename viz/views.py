"""The stepper's other views: the forward pass first, forward mode, and predict-then-reveal quizzes.

:func:`view_stepper` is what ``viz.step(root, forward=True)``, ``viz.step(root, quiz=True)``
and ``viz.step(root, mode="forward", wrt=x)`` return. They are :class:`viz.Stepper`\\ s laid
out once, with frames from the engine's own records:

- ``forward=True`` puts :func:`viz.forward_pass`'s frames (creation order) before the backward
  ones: a node's data reads ``?`` until its op computes it, and the op's local derivatives
  appear on its edges then (the engine records them at that moment);
- ``mode="forward"`` replaces the backward frames by :func:`viz.forward_mode`'s: the grad line
  of each node becomes its tangent (``tan``) in the current pass, with the engine's operation
  counter (``Dual.counts``) in every frame and both modes' totals in the last;
- ``quiz=True`` asks, at each backward step, for the local derivative, the contribution or the
  parent's new grad (seeded), from :mod:`viz.quiz`, which also works out the likely wrong
  answers; the page only compares numbers (viz/static/views.js).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from autograd import Value

from ._graph import as_root, fixed, num
from .forward import dot, forward_mode, forward_pass, words
from .model import UNKNOWN
from .quiz import questions
from .stepper import MAX_STEPPER_NODES, Stepper
from .widget import MIN_FONT_PX

MODES = ("reverse", "forward")


class ViewStepper(Stepper):
    """A stepper with the forward pass before the backward one and/or a quiz on the backward steps."""

    def __init__(self, root: Value, *, forward: bool = False, quiz: bool = False, seed: int = 0,
                 **options: Any) -> None:
        super().__init__(root, **options)
        s = self.spec
        self.backward_frames = len(self.frames)
        self.forward = self.forward_frames = 0
        self.start_data = dict(s.data_text)
        self.start_labels: dict[str, str] = {}
        self.questions: list[dict[str, Any]] = []
        for j, frame in enumerate(self.frames, 1):
            frame["pos"] = f"backward step {j} / {len(self.frames)}"
        if forward:
            fp = forward_pass(self.root, precision=s.precision)
            unknown = f"data {s.cell(UNKNOWN)}"
            computed = {s.ids[f.node] for f in fp.frames}
            self.start_data = {vid: unknown if vid in computed else text for vid, text in s.data_text.items()}
            self.start_labels = {eid: "" for eid in self.start_edges}
            frames = []
            for f in fp.frames:
                vid = s.ids[f.node]
                labels = {s.edge_id(f.node, k): f"local {num(local, s.precision)}"
                          for k, (_, local) in enumerate(f.node.edges)}
                frames.append({"node": vid, "name": f.name, "grads": {}, "edges": {}, "labels": labels,
                               "parents": [s.ids[p] for p in f.node.parents], "details": [],
                               "formula": f.formula, "datas": {vid: s.data_text[vid]},
                               "pos": f"forward step {f.step} / {len(fp.frames)}"})
            self.forward_frames = len(frames)
            self.frames = frames + self.frames
            given = ", ".join(f"{name} = {num(x, s.precision)}" for name, x in fp.inputs)
            self.intro = f"Forward pass: from {given}, each op computes its value in creation order."
        else:
            self.intro = ""
        if quiz:
            self.questions = questions(self, seed=seed, first_frame=self.forward_frames + 1)
            asked = {q["edge"] for q in self.questions if q["kind"] != "grad"}
            self.start_edges = {e: ("local ?" if e in asked else t) for e, t in self.start_edges.items()}
            # where scripts do not run, the picture is the quiz's blank graph, not the answers
            self.still_note = "Run the cell or trust the notebook to answer the questions step by step."
            self.still_alt = "the graph before the backward pass: {n} nodes, every grad still to work out"
            self.story_title = "the answers: every step as text"

    def still_frame(self) -> int | None:
        return self.forward_frames if self.questions else None

    def state(self, k: int) -> dict[str, Any]:
        st = super().state(k)
        datas = dict(self.start_data)
        for frame in self.frames[:k]:
            datas.update(frame.get("datas", {}))
        st["datas"] = datas
        if k <= self.forward_frames and self.forward_frames:
            labels = dict(self.start_labels)
            for frame in self.frames[:k]:
                labels.update(frame.get("labels", {}))
            st["edges"] = labels
        return st

    def _graph(self, k: int | None, pos: dict[str, dict[str, str]] | None = None) -> Any:
        if k is None:
            return super()._graph(k, pos)
        saved = self.spec
        self.spec = dataclasses.replace(saved, data_text=self.state(k)["datas"])
        try:
            return super()._graph(k, pos)
        finally:
            self.spec = saved

    def caption(self, k: int) -> str:
        if not k:
            return self.intro or super().caption(0)
        frame = self.frames[k - 1]
        return f"{frame['pos']}   {frame['formula']}"

    def page_extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"ext": ["views"], "views": {
            "startData": self.start_data, "startLabels": self.start_labels, "labelsUpTo": self.forward_frames,
            "pos0": "forward step 0" if self.forward_frames else "backward step 0",
            "quiz": self.questions}}
        if self.intro:
            extra["intro"] = f"{self.note} {self.intro}".strip()
        return extra

    def __repr__(self) -> str:
        quiz = f", {len(self.questions)} questions" if self.questions else ""
        forward = f"{self.forward_frames} forward and " if self.forward_frames else ""
        return f"<Stepper: {forward}{self.backward_frames} backward steps over {len(self.spec.order)} nodes{quiz}>"


class ForwardModeStepper(Stepper):
    """Forward mode in the stepper's layout: one pass per input, each node's tangent, the op counter."""

    still_note = "Run the cell or trust the notebook to step through forward mode."
    words = ("this node, its tangent computed", "its inputs, whose tangents it reads", "")
    still_alt = "forward mode done: {n} nodes with their tangents in the last pass"

    def __init__(self, root: Value, *, wrt: object = None, **options: Any) -> None:
        super().__init__(root, **options)
        s = self.spec
        self.mode = fm = forward_mode(self.root, wrt, precision=s.precision)  # type: ignore[arg-type]
        leaves = [n for n in s.order if n.is_leaf]

        def tan(x: float | None) -> str:
            return f"tan {s.cell(UNKNOWN if x is None else fixed(x, 0, s.precision))}"

        self.start_grad = {s.ids[n]: tan(None) for n in s.order}
        passes = fm.counts["passes"]
        per_pass = len(fm.frames) // passes if passes else 0
        self.frames = []
        for f in fm.frames:
            vid = s.ids[f.node]
            grads = {vid: tan(f.tangent)}
            if f.step == 1:  # a new pass: every input seeded, every op's tangent unknown again
                grads = {s.ids[n]: tan(None) for n in s.order if not n.is_leaf} | grads
                grads |= {s.ids[n]: tan(1.0 if s.names[n] == f.seed else 0.0) for n in leaves}
            counter = ", ".join(words(f.counts.get(name, 0), name) for name in fm.ops())
            details = [f"pass {f.pass_number} of {passes}: seed {dot(f.seed)} = 1, every other input's tangent 0"]
            self.frames.append({"node": vid, "name": f.name, "grads": grads, "edges": {},
                                "parents": [s.ids[p] for p in f.node.parents], "details": details,
                                "formula": f.formula, "counter": f"operations so far: {counter} carrying a derivative",
                                "pos": f"pass {f.pass_number} / {passes} · step {f.step} / {per_pass}"})
        if self.frames:
            self.frames[-1]["counter"] += "\n" + fm.summary()
        inputs = ", ".join(fm.grads)
        self.intro = (f"Forward mode: one pass per input ({inputs}). Each pass seeds one input's tangent with 1 "
                      f"and carries ż = Σ ∂z/∂p·ṗ forward with the values.")

    def still_frame(self) -> int | None:
        return len(self.frames)

    def caption(self, k: int) -> str:
        if not k:
            return self.intro
        frame = self.frames[k - 1]
        return f"{frame['pos']}   {frame['formula']}\n{frame['counter']}"

    def summary(self) -> str:
        """Both modes' operation counts (:meth:`viz.ForwardMode.summary`)."""
        return self.mode.summary()

    def page_extra(self) -> dict[str, Any]:
        return {"ext": ["views"], "intro": f"{self.note} {self.intro}".strip(),
                "views": {"pos0": "forward mode: step 0", "counter0": "operations so far: none"}}

    def story(self) -> str:
        return super().story() + "\n" + self.summary()

    def __repr__(self) -> str:
        return f"<Stepper: forward mode, {self.mode.counts['passes']} passes, {len(self.frames)} steps>"


def view_stepper(root: Value, *, forward: bool = False, quiz: bool = False, seed: int = 0, mode: str = "reverse",
                 wrt: object = None, precision: int = 4, rankdir: str = "auto", max_nodes: int = MAX_STEPPER_NODES,
                 focus: object = None, min_font_px: float = MIN_FONT_PX) -> Stepper:
    """The stepper :func:`viz.step` returns when asked for the forward pass, forward mode or a quiz."""
    root = as_root(root, "step")
    if mode not in MODES:
        raise ValueError(f"step: mode must be 'reverse' or 'forward', got {mode!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"step: seed must be an int, got {seed!r}")
    options: dict[str, Any] = {"precision": precision, "rankdir": rankdir, "max_nodes": max_nodes, "focus": focus,
                               "min_font_px": min_font_px}
    if mode == "forward":
        if forward or quiz:
            raise ValueError("step: mode='forward' shows forward mode alone; forward=/quiz= go with the backward pass")
        if focus is not None:
            raise ValueError("step: mode='forward' replays every op on dual numbers, and focus= folds the rest of "
                             "the network into one op without a rule; step forward mode without focus=")
        return ForwardModeStepper(root, wrt=wrt, **options)
    if wrt is not None:
        raise ValueError("step: wrt= goes with mode='forward' (forward mode's seeded inputs)")
    return ViewStepper(root, forward=forward, quiz=quiz, seed=seed, **options)


def step(root: Value, *, precision: int = 4, rankdir: str = "auto", max_nodes: int = MAX_STEPPER_NODES,
         focus: object = None, min_font_px: float = MIN_FONT_PX, forward: bool = False, quiz: bool = False,
         seed: int = 0, mode: str = "reverse", wrt: object = None, check: bool = False) -> Stepper:
    """The step-through widget for ``root``'s backward pass (this runs the backward pass).

    Displays itself in Jupyter, VS Code, Colab and nbviewer; ``.save_html(path)``,
    ``.save_frames(folder)`` and ``.save_gif(path)`` export it. Graph text is never shown
    under ``min_font_px`` CSS px: past that the graph scrolls. ``focus=`` steps through one
    part of a network (``focus=model.layers[1].neurons[2]``): that neuron's own nodes, its
    inputs as leaves, and the rest of the network folded into one labelled op.

    ``forward=True`` steps the forward pass first; ``quiz=True`` asks for a number at each
    backward step before showing it (``seed=`` varies the questions); ``mode="forward"``
    steps forward mode instead, one pass per input of ``wrt`` (default: every input).
    See :mod:`viz.views`. ``check=True`` marks each edge whose local derivative disagrees with
    finite differences of its op ("your rule 0.36, finite differences 1.08", in vermillion).

    >>> from autograd import parse
    >>> s = step(parse("x*y + x", x=2, y=3))
    >>> len(s.frames), s.frames[-1]["formula"]
    (4, '∂L/∂x = ∂L/∂n1·∂n1/∂x + ∂L/∂L·∂L/∂x = 1.0·3.0 + 1.0·1.0 = 4.0')
    """
    if forward or quiz or mode != "reverse" or wrt is not None:  # hook: viz/views.py
        if check:
            raise ValueError("step: check=True goes with the plain backward stepper, not forward=, quiz= or mode=")
        return view_stepper(root, forward=forward, quiz=quiz, seed=seed, mode=mode, wrt=wrt, precision=precision,
                            rankdir=rankdir, max_nodes=max_nodes, focus=focus, min_font_px=min_font_px)
    return Stepper(root, precision=precision, rankdir=rankdir, max_nodes=max_nodes, focus=focus,
                   min_font_px=min_font_px, check=check)
