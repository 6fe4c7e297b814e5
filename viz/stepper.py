"""The step-through widget: a picture first, then the live SVG, per-step JSON and a small JS function.

The graph is laid out once by dot. Each backward step (one record of
:func:`autograd.backward_steps`) becomes a frame: the current node is filled and outlined,
each edge being updated shows ``upstream × local = contribution``, and the parents'
grads change from before to after the ``+=``. The JS (``viz/static/stepper.js``) only changes
the text and colours of SVG elements found by id, inside its own container (a unique id per
output), so several steppers in one notebook do not clash. Where scripts do not run (an
untrusted notebook, GitHub) the stored HTML shows the final, fully backpropagated graph as an
``<img>`` (see :mod:`viz.widget`). PNG frames and the GIF pin every node where dot put it
(``neato -n2``), so nothing moves between frames. (A lecture deck recolours the one SVG per
frame instead, :mod:`viz.picture`: rasterising, not Graphviz, is what a GIF's frames cost.)
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from autograd import Value, topological_order

from ._graph import INSTALL_HINT, as_root, fixed, num
from .dot import MIN_FONT_PT, digraph
from .explain import formula, run, terms_by_node
from .focus import checked_edges, focus_graph
from .model import NO_GRAD, Spec, rule_verdict, spec
from .palette import (
    ACTIVE,
    ACTIVE_PENWIDTH,
    CURRENT,
    CURRENT_OUTLINE,
    CURRENT_PENWIDTH,
    FOCUS_RING,
    MONO,
    TOUCHED,
    TOUCHED_PENWIDTH,
    WRONG_RULE,
)
from .renderers import pipe, write
from .widget import BACKWARD_WORDS, MIN_FONT_PX, NOTE, check_min_font, stepper_html, still_image

MAX_STEPPER_NODES = 150
PNG_NODES = 40  # up to this many nodes the still picture is a PNG (sanitizers keep it everywhere)


class Stepper:
    """Step through ``root``'s backward pass (see :func:`step`)."""

    # what the page says in this view (viz/views.py says other things for the quiz and forward mode)
    still_note: str = NOTE  # above the still picture, where scripts do not run
    words: tuple[str, str, str] = BACKWARD_WORDS  # the legend: the current node, its inputs, the lit edges
    story_title = "every step as text"
    still_alt = "the backward pass done: {n} nodes with their final gradients"

    def __init__(self, root: Value, *, precision: int = 4, rankdir: str = "auto",
                 max_nodes: int = MAX_STEPPER_NODES, focus: object = None,
                 min_font_px: float = MIN_FONT_PX, check: bool = False) -> None:
        root = as_root(root, "step")
        self.min_font_px = check_min_font(min_font_px)
        self.note = ""
        if focus is not None:
            root, self.note = focus_graph(root, focus)
        if not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1:
            raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
        if len(order := topological_order(root)) > max_nodes:
            raise ValueError(
                f"step: the graph has {len(order):,} value nodes, over max_nodes={max_nodes}; step through "
                f"one neuron with focus= (viz.step(loss, focus=model.layers[0].neurons[0])), or pass "
                f"max_nodes={len(order)} (slow to lay out)")
        self.root = root
        self.steps = run(root)  # the backward pass itself: grads are the single-pass values afterwards
        self.uid = "cr" + uuid.uuid4().hex[:10]
        # collapse=None: every node the frames step through is drawn (max_nodes means what it says)
        self.spec: Spec = spec(root, precision=precision, rankdir=rankdir, show_local=False,
                               show_contribution=False, prefix=f"{self.uid}-", max_nodes=max_nodes,
                               collapse=None, wide_labels=True)
        s = self.spec
        loss = s.names[root]
        self.start_grad = {vid: f"grad {s.cell(NO_GRAD)}" for vid in s.grad_text}
        self.start_edges: dict[str, str] = {}
        self.final_edges: dict[str, str] = {}
        self.frames: list[dict[str, Any]] = []
        # check=True: the edges whose local derivative disagrees with finite differences of its op
        wrong = {s.edge_id(e.node, e.index): e for e in checked_edges(root) if not e.ok} if check else {}
        self.wrong_edges = sorted(wrong)
        for step, terms in zip(self.steps, terms_by_node(self.steps), strict=True):
            vid = s.ids[step.node]
            frame: dict[str, Any] = {
                "node": vid, "name": s.names[step.node],
                "grads": {vid: f"grad {_fixed(step.upstream, s)}"},
                "edges": {}, "parents": [], "details": [],
                "formula": formula(step, terms, s.names, loss, s.precision),
            }
            for k, e in enumerate(step.edges):
                eid = s.edge_id(step.node, k)
                pid = s.ids[e.parent]
                text = f"{num(step.upstream, s.precision)} × {num(e.local, s.precision)} = " \
                       f"{num(e.contribution, s.precision)}"
                self.start_edges[eid] = f"local {num(e.local, s.precision)}"
                if eid in wrong:  # the student's rule, against finite differences, where it is wrong
                    bad = wrong[eid]
                    verdict = rule_verdict(bad.rule, bad.numeric, s.precision)
                    self.start_edges[eid] = verdict
                    text = f"{text}  ({verdict})"
                self.final_edges[eid] = text
                frame["edges"][eid] = text
                frame["grads"][pid] = f"grad {_fixed(e.after, s)}"
                frame["parents"].append(pid)
                p = s.names[e.parent]
                frame["details"].append(
                    f"∂{loss}/∂{p} += ∂{loss}/∂{s.names[step.node]}·∂{s.names[step.node]}/∂{p} = {text}"
                    f"   (∂{loss}/∂{p}: {num(e.before, s.precision)} → {num(e.after, s.precision)})")
            self.frames.append(frame)
        self._svg: str | None = None
        self._still_done = False
        self._png: bytes | None = None
        self._still_svg: str | None = None
        self._layout: dict[str, dict[str, str]] | None = None

    # -- the state at frame k (0 = before backward, k = after step k) ---------------

    def state(self, k: int) -> dict[str, Any]:
        """Grad texts, edge texts, the current node, the parents and edges being updated at frame ``k``."""
        if not 0 <= k <= len(self.frames):
            raise ValueError(f"frame must be from 0 to {len(self.frames)}, got {k}")
        grads, edges = dict(self.start_grad), dict(self.start_edges)
        for frame in self.frames[:k]:
            grads.update(frame["grads"])
            edges.update(frame["edges"])
        now = self.frames[k - 1] if k else None
        return {"grads": grads, "edges": edges, "node": now and now["node"],
                "parents": now["parents"] if now else [], "active": list(now["edges"]) if now else []}

    def _graph(self, k: int | None, pos: dict[str, dict[str, str]] | None = None) -> Any:
        """The drawing at frame ``k`` (None: the final graph, the still picture and the live SVG)."""
        s = self.spec
        if k is None:
            final = {e: t.center(len(t) + 2, "\u00a0") for e, t in self.final_edges.items()}  # room for "↑ "
            return digraph(dataclasses.replace(s), font=MONO, edge_labels=final, pos=pos,
                           graph_id=f"{self.uid}-graph", edge_color=dict.fromkeys(self.wrong_edges, WRONG_RULE))
        st = self.state(k)
        fill, outline = dict(s.fill), dict(s.outline)
        outline.update({p: (TOUCHED, TOUCHED_PENWIDTH) for p in st["parents"]})
        if st["node"]:
            fill[st["node"]] = CURRENT
            outline[st["node"]] = (CURRENT_OUTLINE, CURRENT_PENWIDTH)
        frame_spec = dataclasses.replace(s, grad_text=st["grads"], fill=fill, outline=outline)
        # the gradient flows against the arrow: the active edges' labels point back to the parent;
        # every label as wide as its final text (centred, no-break spaces), so the frames keep one size
        back = "← " if s.rankdir == "LR" else "↑ "
        labels = {e: ((back if e in st["active"] else "") + t).center(len(self.final_edges[e]) + 2, "\u00a0")
                  for e, t in st["edges"].items()}
        return digraph(frame_spec, font=MONO, edge_labels=labels, pos=pos,
                       edge_color={**dict.fromkeys(self.wrong_edges, WRONG_RULE),
                                   **dict.fromkeys(st["active"], ACTIVE)})

    # -- HTML ----------------------------------------------------------------------

    def still_frame(self) -> int | None:
        """The frame the still picture shows (None: the final graph; the quiz shows its blanks)."""
        return None

    def _render(self) -> None:
        """The final graph as SVG (the live view) and the still picture: a PNG for a graph of up to
        :data:`PNG_NODES` nodes, by two dot runs at once. A bigger graph's PNG is megapixels and takes
        most of a second; its still picture is an SVG shown as an image instead."""
        if self._still_done:
            return
        self._still_done = True
        k, big = self.still_frame(), len(self.spec.order) > PNG_NODES
        live = self._graph(None)
        if k is None and big:  # the still picture is the live SVG
            self.svg()
            return
        with ThreadPoolExecutor(2) as pool:
            frame = live if k is None else self._graph(k)
            svg = pool.submit(pipe, live, "svg") if self._svg is None else None
            still = pool.submit(pipe, frame, "svg" if big else "png")
            if svg is not None:
                self._svg = svg.result().decode()
            if big:
                self._still_svg = still.result().decode()
            else:
                self._png = still.result()

    def svg(self) -> str:
        """The final graph as SVG, laid out once by dot (cached; a deck needs only this)."""
        if self._svg is None:
            self._svg = pipe(self._graph(None), "svg").decode()
        return self._svg[self._svg.index("<svg"):]

    def still(self) -> bytes | None:
        """The still picture as PNG (cached), shown where scripts do not run; None past
        :data:`PNG_NODES` nodes, where :meth:`still_svg` is shown as an image instead."""
        self._render()
        return self._png

    def still_svg(self) -> str:
        """The still picture as SVG: the live SVG unless :meth:`still_frame` picks another frame."""
        self._render()
        return self._still_svg[self._still_svg.index("<svg"):] if self._still_svg else self.svg()

    def html(self) -> str:
        """The widget: a picture first, the live stepper once its script runs; no network needed."""
        self._render()  # the live SVG and the still picture, by two Graphviz runs at once
        s = self.spec
        loss = s.names[self.root]
        intro = f"Forward pass done; no gradient yet. Backward starts at ∂{loss}/∂{loss} = 1."
        data = {"frames": self.frames, "start": {"grads": self.start_grad, "edges": self.start_edges},
                "colors": {"current": CURRENT, "currentOutline": CURRENT_OUTLINE, "currentWidth": CURRENT_PENWIDTH,
                           "touched": TOUCHED, "touchedWidth": TOUCHED_PENWIDTH, "active": ACTIVE,
                           "activeWidth": ACTIVE_PENWIDTH, "focus": FOCUS_RING},
                "loss": loss, "intro": f"{self.note} {intro}".strip()}
        data.update(self.page_extra())  # hook: viz/views.py (forward pass, forward mode, quiz)
        svg = self.svg()
        still = still_image(self.still_svg(), self.still(), min_font_px=self.min_font_px, min_font_pt=MIN_FONT_PT,
                            alt=self.still_alt.format(n=len(s.order)))
        return stepper_html(uid=self.uid, n=len(self.frames), svg=svg, still=still, data=data, story=self.story(),
                            min_font_px=self.min_font_px, note=self.still_note, words=self.words,
                            story_title=self.story_title)

    def _repr_html_(self) -> str:
        try:
            return self.html()
        except Exception as e:  # a display method never raises
            return f"<pre>{html.escape(self._text(e))}</pre>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        try:  # the PNG (or SVG) is the still picture the HTML already carries: no extra dot run
            bundle: dict[str, Any] = {"text/html": self.html(), "text/plain": repr(self)}
            png = self.still()
            bundle.update({"image/png": png} if png is not None else {"image/svg+xml": self.still_svg()})
            return bundle
        except Exception as e:  # a display method never raises
            return {"text/plain": self._text(e)}

    # -- hooks for viz/views.py (the forward pass, forward mode and the quiz extend the stepper) --

    def page_extra(self) -> dict[str, Any]:
        """Extra JSON for the page; a non-empty ``ext`` list loads viz/static/views.js."""
        return {}

    def caption(self, k: int) -> str:
        """Frame ``k``'s chain-rule line (drawn on the PNG frames and the GIF)."""
        if not k:
            return f"Forward pass done; no gradient yet. Backward starts at ∂{self.spec.names[self.root]}/∂" \
                   f"{self.spec.names[self.root]} = 1."
        return f"step {k} / {len(self.frames)}   {self.frames[k - 1]['formula']}"

    def captioned_pngs(self, dpi: int | None = None) -> list[bytes]:
        """Every frame as PNG with its :meth:`caption` under it, all of one size (the saved frames, the GIF)."""
        from .caption import add_captions

        n = len(self.frames) + 1
        return add_captions([self.png(k, dpi) for k in range(n)], [self.caption(k) for k in range(n)])

    def story(self) -> str:
        """Every step's formula, one a line (what :func:`viz.explain` prints)."""
        return "\n".join(f"step {i}  {f['formula']}" for i, f in enumerate(self.frames, 1))

    def _text(self, e: Exception) -> str:
        why = INSTALL_HINT if "not installed" in str(e) else f"(could not draw: {e})"
        return f"{self.story()}\n{why}"

    def __repr__(self) -> str:
        return f"<Stepper: {len(self.frames)} backward steps over {len(self.spec.order)} nodes>"

    def save_html(self, path: str | Path) -> Path:
        """A standalone HTML page (no network needed)."""
        # alone on its page, the widget takes the arrow keys at once (in a notebook: click it first)
        focus = f"<script>document.getElementById({json.dumps(self.uid)}).focus();</script>"
        page = (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>chainrule: backward pass</title>"
                f"</head><body>\n{self.html()}\n{focus}\n</body></html>\n")
        return write(path, page)

    # -- frames and the GIF --------------------------------------------------------

    def layout(self) -> dict[str, dict[str, str]]:
        """Where dot put every node, edge and label (in points), from one ``dot -Tjson`` run."""
        if self._layout is None:
            js = json.loads(pipe(self._graph(None), "json"))
            pos: dict[str, dict[str, str]] = {"graph": {"bb": js["bb"]}}
            for obj in js.get("objects", []):
                if "pos" in obj and "id" in obj:
                    pos[obj["id"]] = {"pos": obj["pos"] + "!", "width": obj["width"],
                                      "height": obj["height"], "fixedsize": "true"}
            for edge in js.get("edges", []):
                pos[edge["id"]] = {k: edge[k] for k in ("pos", "lp") if k in edge}
            self._layout = pos
        return self._layout

    def frame_source(self, k: int) -> Any:
        """Frame ``k`` as a drawing with every node pinned (render it with ``neato -n2``)."""
        g = self._graph(k, pos=self.layout())
        g.engine = "neato"
        return g

    def png(self, k: int, dpi: int | None = None) -> bytes:
        """Frame ``k`` (0 = before backward, 1..N = after each step) as PNG."""
        return pipe(self.frame_source(k), "png", dpi=dpi, neato_no_op=2)

    def save_frames(self, folder: str | Path, dpi: int | None = None) -> list[Path]:
        """One PNG per frame, ``frame_000.png`` (before backward) to ``frame_N.png``."""
        return [write(Path(folder) / f"frame_{k:03d}.png", png) for k, png in enumerate(self.captioned_pngs(dpi))]

    def save_gif(self, path: str | Path, dpi: int | None = None, duration: int = 900) -> Path:
        """The frames as a looping GIF (``duration`` ms per frame; the last one is held longer)."""
        from PIL import Image

        frames = []
        for png in self.captioned_pngs(dpi):
            with Image.open(io.BytesIO(png)) as im:
                frames.append(im.convert("RGB"))
        buf = io.BytesIO()
        durations = [duration] * (len(frames) - 1) + [duration * 3]
        frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
        return write(path, buf.getvalue())


def _fixed(x: float, s: Spec) -> str:
    return fixed(x, s.width, s.precision)
