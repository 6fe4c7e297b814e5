"""Predict, then reveal: one question per backward step, with the likely wrong answers worked out.

:func:`questions` reads the backward pass's own records (:func:`autograd.backward_steps`) and the
drawing's ids and names (:class:`viz.model.spec.Spec`), and asks, per step with edges, for one number
(which one is seeded):

- ``local``: the local derivative ∂node/∂parent along one edge;
- ``contribution``: what the edge passes back, ∂L/∂node·∂node/∂parent;
- ``grad``: the parent's grad after the ``+=``.

Each question carries the answer, a tolerance and the wrong answers a student is likely to give,
each with its diagnosis: a reused node's contribution left out of the sum (the grad before the
``+=``, or this contribution alone when the parent already had one), the local derivative of the
wrong operand, a sign error, the upstream gradient forgotten (the local alone). The page
(viz/static/views.js) only compares the typed number with these; nothing is derived in the page.
A step whose answer is inf or nan is shown, not asked (no number to type). Each question is a
:class:`viz.views.frames.Question`, which :mod:`viz.views.steps` puts on its frame.

>>> from autograd import parse
>>> from viz.views.explain import run
>>> from viz.model.spec import spec
>>> f = parse("x*y + x", x=2, y=3)
>>> steps = run(f)
>>> qs = questions(spec(f), steps, seed=0)
>>> [(q.kind, q.answer) for q in qs]
[('contribution', 1.0), ('local', 2.0)]
>>> [msg.split(":")[0] for _, msg in qs[1].wrong]
['Wrong operand', 'Sign error']
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from autograd import Step
from autograd.ops import BY_SYMBOL

from ..model.names import num
from ..model.spec import UNKNOWN, Spec
from .forward import forward_pass
from .frames import Question

KINDS = ("local", "contribution", "grad")


def tolerance(answer: float, precision: int) -> float:
    """How far a typed answer may be off: 1 % of it, or half the last shown digit.

    >>> tolerance(20.0, 4), tolerance(0.0, 4)
    (0.2, 5e-05)
    """
    return max(0.01 * abs(answer), 0.5 * 10.0 ** -precision)


def questions(s: Spec, steps: Sequence[Step], *, seed: int = 0, first_frame: int = 1) -> list[Question]:
    """One question per backward step that has edges (``steps``: the backward pass's records, over
    the graph ``s`` draws; ``first_frame``: the stepper frame of step 1)."""
    if not steps:
        return []
    p = s.precision
    rng = random.Random(seed)
    root = steps[0].node  # the backward pass starts at the root
    loss = s.names[root]
    made = {f.node: f.formula for f in forward_pass(root, precision=p).frames}
    out: list[Question] = []
    for j, step in enumerate(steps):
        if not step.edges or step.node.op not in BY_SYMBOL or BY_SYMBOL[step.node.op].given_locals:  # no rule to ask
            continue
        parents = [e.parent for e in step.edges]
        unique = [k for k, e in enumerate(step.edges) if parents.count(e.parent) == 1]
        kind = rng.choice(KINDS if unique else KINDS[:2])
        k = rng.choice(unique if kind == "grad" else range(len(step.edges)))
        e = step.edges[k]
        node, par = s.names[step.node], s.names[e.parent]
        u, loc, c, b, a = step.upstream, e.local, e.contribution, e.before, e.after
        others = [o for o in step.edges if o.parent is not e.parent]
        other = others[0] if others else None
        oname = s.names[other.parent] if other else ""

        def show(x: float) -> str:
            return num(x, p)

        wrong_operand = (f"Wrong operand: that uses ∂{node}/∂{oname} = {show(other.local)}, the local derivative "
                         f"with respect to {oname}; this edge goes to {par}.") if other else ""
        sign = f"Sign error: the size is right, the sign is not; check the signs in ∂{node}/∂{par}."
        cands: list[tuple[float | None, str]]
        if kind == "local":
            answer = loc
            prompt = f"∂{node}/∂{par} = ?   the local derivative along the edge {par} → {node}"
            cands = [(other.local if other else None, wrong_operand), (-loc, sign),
                     (c, f"Not the local derivative alone: that is the contribution ∂{loss}/∂{node}·∂{node}/∂{par};"
                         f" the question asks for ∂{node}/∂{par} only.")]
        elif kind == "contribution":
            answer = c
            prompt = f"∂{loss}/∂{node}·∂{node}/∂{par} = ?   what {node} passes back to {par}"
            cands = [(loc, f"Upstream gradient forgotten: that is the local derivative ∂{node}/∂{par} alone; "
                           f"multiply it by ∂{loss}/∂{node} = {show(u)}."),
                     (u * other.local if other else None, wrong_operand), (-c, sign),
                     (a if b else None, f"That is {par}'s new grad (its {show(b)} so far plus this contribution);"
                                        f" the question asks for this edge's contribution alone.")]
        else:
            answer = a
            prompt = f"∂{loss}/∂{par} after this step = ?   {par}'s grad once {node} has passed its part back (+=)"
            cands = [(b if b and c else None, f"Reused node: that is {par}'s grad before this step; this edge adds "
                                        f"{show(c)} to it (a node used twice sums its contributions)."),
                     (c if b else None, f"Reused node: {par} already had grad {show(b)} from another path; += adds "
                                        f"this contribution to it instead of replacing it."),
                     (b + loc, f"Upstream gradient forgotten: you added the local derivative ∂{node}/∂{par} alone;"
                               f" multiply it by ∂{loss}/∂{node} = {show(u)} first."),
                     (b + u * other.local if other else None, wrong_operand), (b - c, sign), (-a, sign)]
        if not math.isfinite(answer):  # no number to type: the step is shown, not asked
            continue
        tol = tolerance(answer, p)
        wrong: list[tuple[float, str]] = []
        for value, message in cands:
            if value is None or not math.isfinite(value) or abs(value - answer) <= tol \
                    or any(abs(value - w[0]) <= tol for w in wrong):
                continue
            wrong.append((value, message))
        eid = s.edge_id(step.node, k)
        pid = s.ids[e.parent]
        mask_edges = {} if kind == "grad" else {eid: f"{show(u)} × ? = ?"}
        out.append(Question(frame=first_frame + j, kind=kind, edge=eid, parent=pid, answer=answer,
                            answer_text=show(answer), tol=tol, wrong=tuple(wrong),
                            prompt=f"Your turn (backward step {j + 1}): {prompt}",
                            hint=f"{made[step.node]};  ∂{loss}/∂{node} = {show(u)}",
                            mask_grads={pid: f"grad {s.cell(UNKNOWN)}"}, mask_edges=mask_edges))
    return out


def answer_key(qs: Sequence[Question]) -> list[str]:
    """Each question and its answer, one a line (for a printed sheet or a test)."""
    return [f"{q.prompt}  →  {q.answer_text}" for q in qs]

