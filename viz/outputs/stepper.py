"""The step-through widget, the last stage of graph → Spec → frames → outputs: it shows a view's frames.

The graph is laid out once by dot (the final, backpropagated drawing). Each frame
(:class:`viz.views.frames.Frame`, made by a view in :mod:`viz.views.steps`) is a full state: the page's JS
(``viz/static/stepper.js``) applies it to the SVG elements found by id, inside its own container
(a unique id per output), so several steppers in one notebook do not clash; the same frame drawn
by Graphviz is a PNG frame of the GIF. Where scripts do not run (an untrusted notebook, GitHub)
the stored HTML shows the final graph (or the view's still frame) as an ``<img>`` (see
:mod:`viz.outputs.widget`). PNG frames and the GIF pin every node where dot put it (``neato -n2``), so
nothing moves between frames. (A lecture deck recolours the one SVG per frame instead,
:mod:`viz.outputs.picture`: rasterising, not Graphviz, is what a GIF's frames cost.)
"""

from __future__ import annotations

import dataclasses
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from autograd import Value

from ..model.names import as_root
from ..model.palette import (
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
from ..views.frames import Backward, Frame, Question, View, pack
from ..views.steps import MAX_STEPPER_NODES, MODES, backward_pass, backward_view, forward_mode_view
from .caption import add_captions
from .dot import MIN_FONT_PT, digraph
from .renderers import pipe, write
from .widget import MIN_FONT_PX, Display, check_min_font, stepper_html, still_image

PNG_NODES = 40  # up to this many nodes the still picture is a PNG (sanitizers keep it everywhere)


class Stepper(Display):
    """Shows a view's frames (:class:`viz.views.frames.View`) over the drawing of a backward pass; :func:`viz.step`
    makes one. ``frames`` are the steps (``frames[k - 1]`` is step ``k``); :meth:`frame` ``(0)`` is the start."""

    PAGE_TITLE = "backward pass"

    def __init__(self, backward: Backward, view: View, *, min_font_px: float = MIN_FONT_PX) -> None:
        self.min_font_px = check_min_font(min_font_px)
        self.backward, self.view = backward, view
        self.root, self.spec, self.steps, self.uid = backward.root, backward.spec, backward.steps, backward.uid
        self.final_edges, self.wrong_edges, self.note = backward.final_edges, backward.wrong_edges, backward.note
        self.frames: tuple[Frame, ...] = view.frames[1:]
        self.questions: list[Question] = [f.question for f in self.frames if f.question is not None]
        self.forward_frames = sum(f.phase == "forward" for f in self.frames)
        self.backward_frames = sum(f.phase == "backward" for f in self.frames)
        self._svg: str | None = None
        self._still_done = False
        self._png: bytes | None = None
        self._still_svg: str | None = None
        self._layout: dict[str, dict[str, str]] | None = None

    def frame(self, k: int) -> Frame:
        """Frame ``k``: 0 before the first step, ``k`` after step ``k``."""
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= len(self.frames):
            raise ValueError(f"frame must be from 0 to {len(self.frames)}, got {k!r}")
        return self.view.frames[k]

    def _graph(self, k: int | None, pos: dict[str, dict[str, str]] | None = None) -> Any:
        """The drawing at frame ``k`` (None: the final graph, the still picture and the live SVG)."""
        s = self.spec
        if k is None:
            final = {e: t.center(len(t) + 2, "\u00a0") for e, t in self.final_edges.items()}  # room for "↑ "
            return digraph(dataclasses.replace(s), font=MONO, edge_labels=final, pos=pos,
                           graph_id=f"{self.uid}-graph", edge_color=dict.fromkeys(self.wrong_edges, WRONG_RULE))
        frame = self.frame(k)
        fill, outline = dict(s.fill), dict(s.outline)
        outline.update({p: (TOUCHED, TOUCHED_PENWIDTH) for p in frame.parents})
        if frame.node:
            fill[frame.node] = CURRENT
            outline[frame.node] = (CURRENT_OUTLINE, CURRENT_PENWIDTH)
        frame_spec = dataclasses.replace(s, grad_text=dict(frame.grads), data_text=dict(frame.datas), fill=fill,
                                         outline=outline)
        # the gradient flows against the arrow: the active edges' labels point back to the parent;
        # every label as wide as its final text (centred, no-break spaces), so the frames keep one size
        back = "← " if s.rankdir == "LR" else "↑ "
        labels = {e: ((back if e in frame.active else "") + t).center(len(self.final_edges[e]) + 2, "\u00a0")
                  for e, t in frame.edges.items()}
        return digraph(frame_spec, font=MONO, edge_labels=labels, pos=pos,
                       edge_color={**dict.fromkeys(self.wrong_edges, WRONG_RULE),
                                   **dict.fromkeys(frame.active, ACTIVE)})

    # -- HTML ----------------------------------------------------------------------

    def _render(self) -> None:
        """The final graph as SVG (the live view) and the still picture: a PNG for a graph of up to
        :data:`PNG_NODES` nodes, by two dot runs at once. A bigger graph's PNG is megapixels and takes
        most of a second; its still picture is an SVG shown as an image instead."""
        if self._still_done:
            return
        self._still_done = True
        k, big = self.view.still, len(self.spec.order) > PNG_NODES
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
        """The still picture as SVG: the live SVG unless the view shows another frame (the quiz: its blanks)."""
        self._render()
        return self._still_svg[self._still_svg.index("<svg"):] if self._still_svg else self.svg()

    def html(self) -> str:
        """The widget: a picture first, the live stepper once its script runs; no network needed."""
        self._render()  # the live SVG and the still picture, by two Graphviz runs at once
        words = self.view.words
        data = {**pack(self.view.frames),
                "colors": {"current": CURRENT, "currentOutline": CURRENT_OUTLINE, "currentWidth": CURRENT_PENWIDTH,
                           "touched": TOUCHED, "touchedWidth": TOUCHED_PENWIDTH, "active": ACTIVE,
                           "activeWidth": ACTIVE_PENWIDTH, "focus": FOCUS_RING}}
        if any(f.counter or f.question for f in self.view.frames):  # viz/static/views.js: the counter, the quiz
            data["ext"] = ["views"]
        still = still_image(self.still_svg(), self.still(), min_font_px=self.min_font_px, min_font_pt=MIN_FONT_PT,
                            alt=words.still_alt.format(n=len(self.spec.order)))
        return stepper_html(uid=self.uid, n=len(self.frames), svg=self.svg(), still=still, data=data,
                            story=self.story(), min_font_px=self.min_font_px, note=words.note, words=words.legend,
                            story_title=words.story_title)

    # -- text ----------------------------------------------------------------------

    def caption(self, k: int) -> str:
        """Frame ``k``'s line (drawn on the PNG frames and the GIF): the step and its formula."""
        frame = self.frame(k)
        if not k:
            return frame.formula
        return f"{frame.pos}   {frame.formula}" + (f"\n{frame.counter}" if frame.counter else "")

    def captioned_pngs(self, dpi: int | None = None) -> list[bytes]:
        """Every frame as PNG with its :meth:`caption` under it, all of one size (the saved frames, the GIF)."""
        n = len(self.frames) + 1
        return add_captions([self.png(k, dpi) for k in range(n)], [self.caption(k) for k in range(n)])

    def story(self) -> str:
        """Every step's formula, one a line (what :func:`viz.explain` prints; forward mode: and both modes' counts)."""
        lines = [f"step {i}  {f.formula}" for i, f in enumerate(self.frames, 1)]
        return "\n".join(lines + ([self.view.summary] if self.view.summary else []))

    def summary(self) -> str:
        """Forward mode: both modes' operation counts (:meth:`viz.ForwardMode.summary`)."""
        if not self.view.summary:
            raise ValueError("summary: only forward mode counts operations (viz.step(root, mode='forward'))")
        return self.view.summary

    def __repr__(self) -> str:
        return f"<Stepper: {self.view.kind}>"

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
    ``check=True`` marks each edge whose local derivative disagrees with finite differences
    of its op ("your rule 0.36, finite differences 1.08", in vermillion).

    >>> from autograd import parse
    >>> s = step(parse("x*y + x", x=2, y=3))
    >>> len(s.frames), s.frames[-1].formula
    (4, '∂L/∂x = ∂L/∂n1·∂n1/∂x + ∂L/∂L·∂L/∂x = 1.0·3.0 + 1.0·1.0 = 4.0')
    """
    root = as_root(root, "step")
    if mode not in MODES:
        raise ValueError(f"step: mode must be 'reverse' or 'forward', got {mode!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"step: seed must be an int, got {seed!r}")
    if check and (forward or quiz or mode != "reverse" or wrt is not None):
        raise ValueError("step: check=True goes with the plain backward stepper, not forward=, quiz= or mode=")
    if mode == "forward":
        if forward or quiz:
            raise ValueError("step: mode='forward' shows forward mode alone; forward=/quiz= go with the backward pass")
    elif wrt is not None:
        raise ValueError("step: wrt= goes with mode='forward' (forward mode's seeded inputs)")
    min_font_px = check_min_font(min_font_px)
    b = backward_pass(root, precision=precision, rankdir=rankdir, max_nodes=max_nodes, focus=focus, check=check)
    if mode == "forward":
        view = forward_mode_view(b, wrt)
    else:
        view = backward_view(b, forward=forward, quiz=quiz, seed=seed)
    return Stepper(b, view, min_font_px=min_font_px)
