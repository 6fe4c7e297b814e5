"""``viz.training(history, X, y)``: scrub through a recorded fit, with no kernel.

``fit(..., record=k)`` keeps snapshots (:mod:`nn.record`); this view shows, at the chosen one,

- the loss curve of the snapshots with the current step marked;
- for 2-D data, the decision boundary on the recorded 40×40 grid, with the data points;
- one neuron's small graph (laid out once by dot), its weights and bias with their grads, and
  the update the optimizer made: ``w ← w − η·∂L/∂w`` for plain SGD, else the step it took.

The page carries the snapshots as compact data and draws them itself (``viz/static/training.js``):
each grid cell is 4 bits, the class and how sure the model is (:func:`cell_levels`). Like the
stepper, the stored HTML leads with a still picture (the last snapshot, a PNG) and one line of
advice, shown where scripts do not run (an untrusted notebook, GitHub); the live part is built
from ``<script type="application/json">`` when scripts run (trusted, nbconvert, a saved page).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import graphviz
import numpy as np

from nn.naming import path_of
from nn.record import Grid, Snapshot
from nn.train import History

from ..model.palette import (
    BLACK,
    BLUE,
    CLASSES,
    EDGE,
    FILL,
    MONO,
    NEGATIVE_POINT,
    OP_FILL,
    POSITIVE_POINT,
    VERMILLION,
)
from .renderers import pipe, write
from .widget import (
    MIN_FONT_PX,
    Display,
    check_min_font,
    page_css,
    page_script,
    player_html,
    script_json,
    static,
    still_html,
    still_image,
)

Array = np.ndarray[Any, Any]
NOTE = "Run the cell or trust the notebook to scrub through the training."
LEVELS = 16  # grid cells: 4 bits each; two classes: 0-7 the negative side (0 surest), 8-15 the positive
FONT_PT = 14  # the neuron graph's text (dot points): 18.7 CSS px at its natural size


def _fail(what: str) -> ValueError:
    return ValueError(f"viz.training: {what}")


def cell_levels(boundary: Array, threshold: float) -> Array:
    """The grid's cells as levels 0-15 (row-major, ``boundary[i, j]`` at ``(xs[j], ys[i])``).

    One output: ``8 + ⌊8·tanh(d)⌋`` (at most 15) where ``d = score − threshold > 0``, else
    ``7 − ⌊8·tanh(−d)⌋`` (at least 0): a level of 8 or more is the positive class. K outputs:
    the argmax class.

    >>> cell_levels(np.array([[-5.0, -0.01, 0.0, 0.01, 0.2, 5.0]]), 0.0).tolist()
    [0, 7, 7, 8, 9, 15]
    """
    if boundary.ndim == 3:
        return np.asarray(boundary.argmax(axis=2), dtype=np.uint8).ravel()
    d = boundary.ravel() - threshold
    with np.errstate(invalid="ignore"):
        sure = np.minimum(7, np.floor(8 * np.tanh(np.abs(np.nan_to_num(d, nan=0.0))))).astype(np.uint8)
    levels: Array = np.where(d > 0, 8 + sure, 7 - sure).astype(np.uint8)
    return levels


def pack(levels: Array) -> str:
    """Levels 0-15, two to a byte (the first in the high nibble), as base64."""
    padded = np.append(levels, 0) if len(levels) % 2 else levels
    return base64.b64encode(((padded[0::2] << 4) | padded[1::2]).astype(np.uint8).tobytes()).decode()


@dataclass(frozen=True)
class Neuron:
    """One neuron's parameters: ``name`` (``"layers.0.neurons.3"``), their labels and indices in the snapshot."""

    name: str
    labels: tuple[str, ...]
    index: tuple[int, ...]


def neurons(names: tuple[str, ...]) -> dict[str, Neuron]:
    """Every neuron in the recorded names (an ``nn.Neuron`` has ``w.0 … w.{n-1}`` and ``b``), in order."""
    found: dict[str, list[tuple[str, int]]] = {}
    for k, name in enumerate(names):
        path = path_of(name)  # nn's own address of the parameter, never a pattern on the label
        if path is not None and path.is_parameter and path.module:
            short = "b" if path.kind == "b" else f"w{path.index}"
            found.setdefault(".".join(path.module), []).append((short, k))
    return {n: Neuron(n, tuple(lab for lab, _ in ps), tuple(k for _, k in ps))
            for n, ps in found.items() if any(lab == "b" for lab, _ in ps)}


class Training(Display):
    """The scrubber over ``history.snapshots`` (see :func:`training`)."""

    PAGE_TITLE = "training"

    def __init__(self, history: object, X: object = None, y: object = None, *, neuron: str | None = None,
                 threshold: float | None = None, precision: int = 4, min_font_px: float = MIN_FONT_PX) -> None:
        if not isinstance(history, History):
            raise _fail(f"expected the History that fit(..., record=k) returns, got {type(history).__name__}")
        if not history.snapshots:
            raise _fail("the history has no snapshots: train with fit(..., record=k) to record them")
        if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 10:
            raise _fail(f"precision must be an int from 1 to 10, got {precision!r}")
        self.min_font_px = check_min_font(min_font_px)
        self.precision = precision
        self.snapshots: list[Snapshot] = list(history.snapshots)
        self.grid: Grid | None = history.grid
        self.X, self.y = self._data(X, y)
        self.threshold = self._threshold(threshold)
        found = neurons(self.snapshots[0].names)
        if neuron is not None and not isinstance(neuron, str):
            raise _fail(f"neuron= must be a name such as 'layers.0.neurons.0', got {type(neuron).__name__}")
        if neuron is not None and neuron not in found:
            known = list(found)
            listed = (f"{known[0]} … {known[-1]} ({len(known)})" if len(known) > 6 else ", ".join(known)) or "none"
            raise _fail(f"no neuron {neuron!r} in this model; its neurons are {listed}")
        self.neuron: Neuron | None = found[neuron] if neuron is not None else next(iter(found.values()), None)
        self.uid = "crt" + uuid.uuid4().hex[:10]
        self._png: bytes | None = None
        self._svg: str | None = None

    def _data(self, X: object, y: object) -> tuple[Array | None, Array | None]:
        if X is None and y is None:
            return None, None
        if X is None or y is None:
            raise _fail("pass both X and y (the data the model was fitted on), or neither")
        Xa, ya = np.asarray(X, dtype=np.float64), np.asarray(y)
        if self.grid is None:
            raise _fail("the history has no decision-boundary grid (the inputs were not 2-D); leave out X and y")
        if Xa.ndim != 2 or Xa.shape[1] != 2:
            raise _fail(f"X must have shape (n, 2) like the recorded grid, got {Xa.shape}")
        if ya.shape != (len(Xa),):
            raise _fail(f"y must have shape ({len(Xa)},) for X's {len(Xa)} rows, got {ya.shape}")
        if not np.isfinite(Xa).all():
            raise _fail("X holds nan or inf")
        return Xa, ya

    def _threshold(self, threshold: float | None) -> float:
        if threshold is not None:
            if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
                raise _fail(f"threshold= must be a finite number, got {threshold!r}")
            return float(threshold)
        labels = set(np.unique(self.y).tolist()) if self.y is not None else set()
        return 0.0 if labels and labels <= {-1, 1} else 0.5  # as viz.plot_decision_boundary splits one score

    # -- what the page shows at snapshot k ---------------------------------------------------

    def classes(self) -> int:
        """How many classes the boundary has: 2 for one output, K for K outputs (0 without a grid)."""
        b = self.snapshots[0].boundary
        return 0 if b is None else (2 if b.ndim == 2 else int(b.shape[2]))

    def update_lines(self, k: int) -> list[str]:
        """The neuron's update at snapshot ``k``, one line a parameter (what the page prints)."""
        s, n = self.snapshots[k], self.neuron
        if n is None:
            return []
        f = self._num
        if s.optimizer == "SGD":
            return [f"{lab} ← {lab} − η·∂L/∂{lab} = {f(s.before[i])} − {f(s.lr)} × {f(s.grads[i])} = {f(s.values[i])}"
                    for lab, i in zip(n.labels, n.index, strict=True)]
        return [f"{lab}: {f(s.before[i])} → {f(s.values[i])}  (step {f(s.values[i] - s.before[i])};"
                f" ∂L/∂{lab} = {f(s.grads[i])})" for lab, i in zip(n.labels, n.index, strict=True)]

    def _num(self, x: float) -> str:
        return f"{x:.{self.precision}f}" if math.isfinite(x) else repr(float(x))

    def rule_note(self) -> str:
        opt = self.snapshots[0].optimizer
        if opt == "SGD":
            return "Plain SGD: each parameter moves by −η times its gradient (η: this step's learning rate)."
        return (f"The optimizer is {opt}, not plain SGD: its step is not −η·∂L/∂w, so the step it actually "
                f"took is shown.")

    def data(self) -> dict[str, Any]:
        """The page's JSON: the snapshots as compact data (the JS draws them)."""
        snaps = self.snapshots
        out: dict[str, Any] = {"steps": [s.step for s in snaps], "losses": [s.loss for s in snaps],
                               "precision": self.precision, "rule": snaps[0].optimizer, "note": self.rule_note(),
                               "colors": {"curve": BLUE, "mark": VERMILLION, "axis": EDGE, "black": BLACK}}
        if self.grid is not None and snaps[0].boundary is not None:
            g = self.grid
            k = self.classes()
            out["grid"] = {"n": len(g.xs), "x": [float(g.xs[0]), float(g.xs[-1])],
                           "y": [float(g.ys[0]), float(g.ys[-1])], "classes": k,
                           "colors": [NEGATIVE_POINT, POSITIVE_POINT] if k == 2 else list(CLASSES[:k]),
                           "cells": [pack(cell_levels(s.boundary, self.threshold)) for s in snaps
                                     if s.boundary is not None]}
        if self.X is not None and self.y is not None:
            k = self.classes()
            labels = (self.y > self.threshold).astype(int) if k == 2 else self.y.astype(int)
            out["points"] = [[round(float(a), 4), round(float(b), 4), int(c)] for (a, b), c in
                             zip(self.X.tolist(), labels.tolist(), strict=True)]
        if self.neuron is not None:
            idx = list(self.neuron.index)
            out["neuron"] = {"name": self.neuron.name, "labels": list(self.neuron.labels),
                             "ids": [f"{self.uid}-p{i}" for i in range(len(idx))],
                             "before": [s.before[idx].tolist() for s in snaps],
                             "grads": [s.grads[idx].tolist() for s in snaps],
                             "after": [s.values[idx].tolist() for s in snaps], "lr": [s.lr for s in snaps]}
        return out

    # -- pictures -------------------------------------------------------------------------------

    def graph(self) -> graphviz.Digraph:
        """The neuron's graph: a box per parameter (name, value, grad) into ``Σ wᵢ·inᵢ + b``, then its output."""
        n = self.neuron
        assert n is not None
        g = graphviz.Digraph(graph_attr={"rankdir": "LR", "bgcolor": "white", "ranksep": "0.4", "nodesep": "0.12"},
                             node_attr={"fontname": MONO, "fontsize": str(FONT_PT)},
                             edge_attr={"color": EDGE})
        g.attr(id=f"{self.uid}-graph")
        width = self.precision + 7
        blank = "·" * width
        first = n.name.split(".")[:2] == ["layers", "0"]
        for i, lab in enumerate(n.labels):
            what = "bias" if lab == "b" else (f"× x{lab[1:]}" if first else f"× input {lab[1:]}")
            label = f"{lab}  {what}\\l{'value':6s}{blank}\\l{'grad':6s}{blank}\\l"
            g.node(f"{self.uid}-p{i}", label=label, id=f"{self.uid}-p{i}", shape="box", style="filled",
                   fillcolor=FILL["parameter"])
            g.edge(f"{self.uid}-p{i}", f"{self.uid}-sum")
        g.node(f"{self.uid}-sum", label="Σ wᵢ·inᵢ + b", id=f"{self.uid}-sum", shape="ellipse", style="filled",
               fillcolor=OP_FILL)
        g.node(f"{self.uid}-out", label=f"{n.name}\\nact(Σ)", id=f"{self.uid}-out", shape="box", style="filled",
               fillcolor=FILL["output"])
        g.edge(f"{self.uid}-sum", f"{self.uid}-out")
        return g

    def svg(self) -> str:
        if self._svg is None:
            svg = pipe(self.graph(), "svg").decode()
            self._svg = re.sub(r"<!--.*?-->\n?", "", svg[svg.index("<svg"):], flags=re.S)
        return self._svg

    def picture(self, k: int) -> bytes:
        """Snapshot ``k`` as a PNG: the whole loss curve with this step marked (the axes stay put from frame
        to frame), and the boundary at this step with the data (matplotlib)."""
        from .live import picture

        snaps = self.snapshots
        return picture(snaps[k], [s.loss for s in snaps], self.X, self.y, self.grid,
                       steps=[s.step for s in snaps], threshold=self.threshold)

    def still(self) -> bytes:
        """The still picture (the last snapshot), shown where scripts do not run."""
        if self._png is None:
            self._png = self.picture(len(self.snapshots) - 1)
        return self._png

    def still_svg(self) -> str:
        """Never asked for (the still picture is always a PNG, :meth:`still`): a one-line error."""
        raise ValueError("training: the still picture is a PNG (still()); there is no SVG of it")

    def story(self) -> str:
        """What is shown when the page cannot draw: the snapshots in one line."""
        return repr(self)

    # -- HTML ---------------------------------------------------------------------------------

    def html(self) -> str:
        """The widget: the still picture first, the live scrubber once its script runs; no network needed."""
        from .live import DPI
        from .live import FONT_PT as PICTURE_PT

        n = len(self.snapshots)
        payload = {**self.data(), "css": page_css(".chainrule-training", "training.css")}
        if self.neuron is not None:
            payload["svg"] = self.svg()
        png = self.still()
        still = still_image("", png, min_font_px=self.min_font_px, min_font_pt=PICTURE_PT * DPI / 96,
                            alt=f"training: the loss and the decision boundary after step {self.snapshots[-1].step}")
        return Template(static("training.html")).substitute(
            uid=html.escape(self.uid), still=still_html(NOTE, still), player=player_html("snapshot", n - 1, n - 1),
            min_font_px=f"{self.min_font_px:g}", data=script_json(payload), js=page_script("training.js", self.uid))

    def __repr__(self) -> str:
        s = self.snapshots
        return f"<Training: {len(s)} snapshots, steps {s[0].step} to {s[-1].step}>"

    def frames(self, count: int) -> list[int]:
        """Up to ``count`` snapshot indices, evenly spread, the first and the last included."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise _fail(f"frames= must be a positive int, got {count!r}")
        n, m = len(self.snapshots), min(count, len(self.snapshots))
        return sorted({round(i * (n - 1) / max(m - 1, 1)) for i in range(m)} | {n - 1})

    def caption(self, k: int) -> str:
        s = self.snapshots[k]
        lines = self.update_lines(k)
        where = f"   {self.neuron.name}: {lines[0]}" if self.neuron is not None and lines else ""
        return f"step {s.step}   loss {self._num(s.loss)}{where}"

    def save_gif(self, path: str | Path, frames: int = 30, duration: int = 300) -> Path:
        """Up to ``frames`` snapshots (evenly spread) as a looping GIF, each with its step, loss and the
        neuron's first update as a caption; ``duration`` ms a frame, the last held three times as long."""
        from PIL import Image

        from .caption import add_captions

        if isinstance(duration, bool) or not isinstance(duration, int) or duration < 20:
            raise _fail(f"duration= must be an int of at least 20 (ms), got {duration!r}")
        picks = self.frames(frames)
        pngs = add_captions([self.picture(k) for k in picks], [self.caption(k) for k in picks])
        images = []
        for png in pngs:
            with Image.open(io.BytesIO(png)) as im:
                images.append(im.convert("RGB"))
        buf = io.BytesIO()
        images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], loop=0,
                       duration=[duration] * (len(images) - 1) + [duration * 3])
        return write(path, buf.getvalue())


def training(history: object, X: object = None, y: object = None, *, neuron: str | None = None,
             threshold: float | None = None, precision: int = 4, min_font_px: float = MIN_FONT_PX) -> Training:
    """Scrub through a fit recorded with ``fit(..., record=k)``: the loss curve, the decision boundary
    with the data ``X, y`` (2-D inputs), and ``neuron``'s parameters, grads and update at each snapshot.

    ``neuron``: a name such as ``"layers.0.neurons.3"`` (default: the first). ``threshold``: where one
    output splits the classes (default: 0 for ±1 labels, else 0.5, as ``plot_decision_boundary``).
    Shows itself in Jupyter; ``save_html(path)`` and ``save_gif(path)`` for slides.
    """
    return Training(history, X, y, neuron=neuron, threshold=threshold, precision=precision,
                    min_font_px=min_font_px)
