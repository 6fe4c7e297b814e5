"""The stepper's views, each a function that makes frames: graph → Spec → frames (viz.views.frames) → Stepper.

:func:`backward_pass` runs the backward pass once over the graph to draw (``focus=`` folds it
first, :func:`viz.views.focus.focus_graph`) and lays the drawing's ids out. From it:

- :func:`backward_view`: one frame per backward step (the plain ``viz.step(root)``);
- ``forward=True`` (:func:`forward_pass_changes`): :func:`viz.forward_pass`'s steps first, in
  creation order: a node's data reads ``?`` until its op computes it, and the op's local
  derivatives appear on its edges then (the engine records them at that moment);
- ``quiz=True``: at each backward step a question (:mod:`viz.views.quiz`), asked before the frame is
  shown in full; the page only compares numbers (viz/static/views.js);
- ``mode="forward"`` (:func:`forward_mode_view`): :func:`viz.forward_mode`'s frames: the grad line
  of each node becomes its tangent (``tan``) in the current pass, with the engine's operation
  counter (``Dual.counts``) in every frame and both modes' totals in the last.

Every view folds its changes into full frames with :func:`viz.views.frames.fold`, and
:class:`viz.Stepper` shows them.
"""

from __future__ import annotations

import dataclasses
import uuid

from autograd import Value, topological_order

from ..model.names import fixed, num
from ..model.spec import NO_GRAD, UNKNOWN, Spec, rule_verdict, spec
from .explain import formula, run, terms_by_node
from .focus import checked_edges, focus_graph
from .forward import dot, forward_mode, forward_pass, words
from .frames import Backward, Frame, View, Words, fold
from .quiz import questions

MODES = ("reverse", "forward")
MAX_STEPPER_NODES = 150  # past this, dot takes seconds and the frames are too many to step through
NOTE = "Run the cell or trust the notebook to step through it."  # above the still picture, without scripts
BACKWARD_WORDS = ("this node", "its inputs, being updated", "gradient flowing back")  # the legend
BACKWARD = Words(BACKWARD_WORDS, NOTE, "the backward pass done: {n} nodes with their final gradients")
QUIZ = Words(BACKWARD_WORDS, "Run the cell or trust the notebook to answer the questions step by step.",
             "the graph before the backward pass: {n} nodes, every grad still to work out",
             "the answers: every step as text")
FORWARD_MODE = Words(("this node, its tangent computed", "its inputs, whose tangents it reads", ""),
                     "Run the cell or trust the notebook to step through forward mode.",
                     "forward mode done: {n} nodes with their tangents in the last pass")


def backward_pass(root: Value, *, precision: int = 4, rankdir: str = "auto", max_nodes: int = MAX_STEPPER_NODES,
                  focus: object = None, check: bool = False) -> Backward:
    """Run ``root``'s backward pass (``focus=``: over the folded copy) and lay out its drawing's ids."""
    note = ""
    if focus is not None:
        root, note = focus_graph(root, focus)
    if not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
    if len(order := topological_order(root)) > max_nodes:
        raise ValueError(
            f"step: the graph has {len(order):,} value nodes, over max_nodes={max_nodes}; step through "
            f"one neuron with focus= (viz.step(loss, focus=model.layers[0].neurons[0])), or pass "
            f"max_nodes={len(order)} (slow to lay out)")
    steps = run(root)  # the backward pass itself: grads are the single-pass values afterwards
    uid = "cr" + uuid.uuid4().hex[:10]
    # collapse=None: every node the frames step through is drawn (max_nodes means what it says)
    s = spec(root, precision=precision, rankdir=rankdir, show_local=False, show_contribution=False,
             prefix=f"{uid}-", max_nodes=max_nodes, collapse=None, wide_labels=True)
    # check=True: the edges whose local derivative disagrees with finite differences of its op
    wrong = {s.edge_id(e.node, e.index): e for e in checked_edges(root) if not e.ok} if check else {}
    start, final = {}, {}
    for step in steps:
        for k, e in enumerate(step.edges):
            eid = s.edge_id(step.node, k)
            start[eid] = f"local {num(e.local, s.precision)}"
            final[eid] = f"{num(step.upstream, s.precision)} × {num(e.local, s.precision)} = " \
                         f"{num(e.contribution, s.precision)}"
            if eid in wrong:  # the student's rule, against finite differences, where it is wrong
                start[eid] = rule_verdict(wrong[eid].rule, wrong[eid].numeric, s.precision)
                final[eid] += f"  ({start[eid]})"
    return Backward(root, s, steps, uid, start, final, sorted(wrong), note)


def _intro(b: Backward, text: str) -> str:
    return f"{b.note} {text}".strip()


def _no_grads(s: Spec) -> dict[str, str]:
    return {vid: f"grad {s.cell(NO_GRAD)}" for vid in s.grad_text}


def backward_changes(b: Backward, pos: str = "step") -> list[Frame]:
    """What each backward step changes: the node's grad, each parent's grad after the ``+=``, each edge's
    ``upstream × local = contribution`` (``pos``: the counter's word, "step" or "backward step")."""
    s, p = b.spec, b.spec.precision
    loss, n = s.names[b.root], len(b.steps)
    out = []
    for j, (step, terms) in enumerate(zip(b.steps, terms_by_node(b.steps), strict=True), 1):
        vid = s.ids[step.node]
        grads, edges, details = {vid: f"grad {fixed(step.upstream, s.width, p)}"}, {}, []
        for k, e in enumerate(step.edges):
            eid = s.edge_id(step.node, k)
            edges[eid] = text = b.final_edges[eid]
            grads[s.ids[e.parent]] = f"grad {fixed(e.after, s.width, p)}"
            par, me = s.names[e.parent], s.names[step.node]
            details.append(f"∂{loss}/∂{par} += ∂{loss}/∂{me}·∂{me}/∂{par} = {text}"
                           f"   (∂{loss}/∂{par}: {num(e.before, p)} → {num(e.after, p)})")
        out.append(Frame("backward", f"{pos} {j} / {n}", formula(step, terms, s.names, loss, p), grads=grads,
                         edges=edges, node=vid, name=s.names[step.node],
                         parents=tuple(s.ids[e.parent] for e in step.edges), active=tuple(edges),
                         details=tuple(details)))
    return out


def forward_pass_changes(b: Backward) -> tuple[Frame, list[Frame]]:
    """Frame 0 of the forward pass (every computed data unknown, no edge label) and each op's step."""
    s = b.spec
    fp = forward_pass(b.root, precision=s.precision)
    computed = {s.ids[f.node] for f in fp.frames}
    datas = {vid: f"data {s.cell(UNKNOWN)}" if vid in computed else text for vid, text in s.data_text.items()}
    given = ", ".join(f"{name} = {num(x, s.precision)}" for name, x in fp.inputs)
    start = Frame("start", "forward step 0",
                  _intro(b, f"Forward pass: from {given}, each op computes its value in creation order."),
                  grads=_no_grads(s), datas=datas, edges=dict.fromkeys(b.start_edges, ""))
    changes = [Frame("forward", f"forward step {f.step} / {len(fp.frames)}", f.formula,
                     datas={s.ids[f.node]: s.data_text[s.ids[f.node]]},
                     edges={s.edge_id(f.node, k): f"local {num(local, s.precision)}"
                            for k, (_, local) in enumerate(f.node.edges)},
                     node=s.ids[f.node], name=f.name, parents=tuple(s.ids[q] for q in f.node.parents))
               for f in fp.frames]
    return start, changes


def backward_view(b: Backward, *, forward: bool = False, quiz: bool = False, seed: int = 0) -> View:
    """Frame 0 before backward, then one frame per backward step; ``forward=True``: the forward pass's
    frames first; ``quiz=True``: a question at each backward step with edges."""
    s, loss, n = b.spec, b.spec.names[b.root], len(b.steps)
    ahead = fold(*forward_pass_changes(b)) if forward else []  # frame 0 and each forward step
    f = max(len(ahead) - 1, 0)  # forward steps
    asked = questions(s, b.steps, seed=seed, first_frame=f + 1) if quiz else []
    by_frame = {q.frame: q for q in asked}
    edges = {e: "local ?" if any(q.edge == e and q.kind != "grad" for q in asked) else t
             for e, t in b.start_edges.items()}
    plain = not (forward or quiz)
    start = Frame("start", f"step 0 / {n}" if plain else "backward step 0",
                  _intro(b, f"Forward pass done; no gradient yet. Backward starts at ∂{loss}/∂{loss} = 1."),
                  grads=_no_grads(s), datas=dict(s.data_text), edges=edges)
    changes = [dataclasses.replace(c, question=by_frame.get(f + j))
               for j, c in enumerate(backward_changes(b, "step" if plain else "backward step"), 1)]
    frames = ahead + fold(start, changes)[1 if ahead else 0:]
    label = f"{f} forward and " if f else ""
    extra = f", {len(asked)} questions" if asked else ""
    return View(tuple(frames), QUIZ if quiz else BACKWARD,
                f"{label}{n} backward steps over {len(s.order)} nodes{extra}", still=f if quiz else None)


def forward_mode_view(b: Backward, wrt: object = None) -> View:
    """Forward mode in the stepper's layout: one pass per input, each node's tangent, the op counter."""
    s = b.spec
    fm = forward_mode(b.root, wrt, precision=s.precision)  # type: ignore[arg-type]
    leaves = [n for n in s.order if n.is_leaf]

    def tan(x: float | None) -> str:
        return f"tan {s.cell(UNKNOWN if x is None else fixed(x, 0, s.precision))}"

    passes = fm.counts["passes"]
    per_pass = len(fm.frames) // passes if passes else 0
    changes = []
    for f in fm.frames:
        vid = s.ids[f.node]
        grads = {vid: tan(f.tangent)}
        if f.step == 1:  # a new pass: every input seeded, every op's tangent unknown again
            grads = {s.ids[n]: tan(None) for n in s.order if not n.is_leaf} | grads
            grads |= {s.ids[n]: tan(1.0 if s.names[n] == f.seed else 0.0) for n in leaves}
        counter = ", ".join(words(f.counts.get(name, 0), name) for name in fm.ops())
        last = "\n" + fm.summary() if f is fm.frames[-1] else ""
        changes.append(Frame("tangent", f"pass {f.pass_number} / {passes} · step {f.step} / {per_pass}", f.formula,
                             grads=grads, node=vid, name=f.name, parents=tuple(s.ids[p] for p in f.node.parents),
                             details=(f"pass {f.pass_number} of {passes}: seed {dot(f.seed)} = 1, every other "
                                      f"input's tangent 0",),
                             counter=f"operations so far: {counter} carrying a derivative{last}"))
    intro = (f"Forward mode: one pass per input ({', '.join(fm.grads)}). Each pass seeds one input's tangent "
             f"with 1 and carries ż = Σ ∂z/∂p·ṗ forward with the values.")
    start = Frame("start", "forward mode: step 0", _intro(b, intro), grads={s.ids[n]: tan(None) for n in s.order},
                  datas=dict(s.data_text), edges=dict(b.start_edges), counter="operations so far: none")
    frames = fold(start, changes)
    return View(tuple(frames), FORWARD_MODE, f"forward mode, {passes} passes, {len(changes)} steps",
                still=len(changes), summary=fm.summary())
