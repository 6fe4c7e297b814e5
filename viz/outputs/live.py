"""``fit(..., live=True)``: the loss and (for 2-D data) the decision boundary, redrawn in place.

Importing viz registers :class:`LiveView` with ``nn.record`` (nn never imports viz). The
view draws a PNG with matplotlib (no pyplot) and shows it through an IPython display
handle: an empty ``display_data`` output is placed when the fit starts, and each
redraw is an ``update_display_data`` for its display id, so the picture changes in place.

Redraw rate, a budget: a redraw is due only when the drawing done so far plus one more
(estimated by the last one's time, ``GUESS`` seconds before the first) stays within
``BUDGET`` (4 %) of the time since the fit started; the final picture is drawn when the
fit ends. benchmarks/bench_record.py measures it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from nn.record import Grid, Snapshot, register_live

from ..model.palette import BLUE, CLASSES, NEGATIVE_POINT, POSITIVE_POINT, VERMILLION

Array = np.ndarray[Any, Any]

BUDGET = 0.04
"""The largest share of the fit's time the redraws (but the final one) may take."""
GUESS = 0.3
"""Seconds one redraw is assumed to take before the first has been timed."""


class LiveView:
    """One figure, one display handle; ``show`` redraws, ``due`` says whether it is time to."""

    def __init__(self, X: Array, y: Array, grid: Grid | None) -> None:
        from IPython import get_ipython
        from IPython.display import display

        if getattr(get_ipython(), "kernel", None) is None:  # a kernel, not a terminal shell or a test's shell
            raise RuntimeError("fit(..., live=True) redraws in a running Jupyter/IPython kernel; there is none here")
        self.X, self.y, self.grid = X, y, grid
        self._handle = display(display_id=True)  # type: ignore[no-untyped-call]
        self._start = time.perf_counter()
        self._cost = GUESS  # the last redraw's time
        self.redraws = 0
        self.seconds = 0.0  # time spent drawing and sending, all redraws together

    def due(self) -> bool:
        return self.seconds + self._cost <= BUDGET * (time.perf_counter() - self._start)

    def show(self, snapshot: Snapshot, losses: Sequence[float]) -> None:
        from IPython.display import Image

        start = time.perf_counter()
        png = picture(snapshot, losses, self.X, self.y, self.grid)
        if self._handle is not None:
            self._handle.update(Image(data=png, format="png"))  # type: ignore[no-untyped-call]
        self.redraws += 1
        end = time.perf_counter()
        self._cost = end - start
        self.seconds += self._cost


FONT_PT = 12
"""The pictures' text size at DPI dots per inch: 16.7 px in the PNG."""
DPI = 100


def picture(snapshot: Snapshot, losses: Sequence[float], X: Array | None, y: Array | None, grid: Grid | None,
            *, steps: Sequence[int] | None = None, threshold: float | None = None) -> bytes:
    """The PNG: the loss at each step so far (``steps``: their numbers, default 1, 2, ...) and, with a
    grid, the boundary at this step with the data (one output split at ``threshold``: default 0 for
    ±1 labels, else 0.5)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    panels = 2 if grid is not None and snapshot.boundary is not None else 1
    fig = Figure(figsize=(4.4 * panels, 3.6), dpi=DPI)
    axes = fig.subplots(1, panels, squeeze=False)[0]
    ax = axes[0]
    ax.plot(list(steps) if steps is not None else np.arange(1, len(losses) + 1), losses, color=BLUE)
    ax.plot([snapshot.step], [snapshot.loss], "o", color=VERMILLION)
    ax.set_xlabel("step", fontsize=FONT_PT)
    ax.set_ylabel("loss", fontsize=FONT_PT)
    ax.set_title(f"step {snapshot.step}  loss {snapshot.loss:.4g}", fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT)
    if panels == 2:
        assert grid is not None and snapshot.boundary is not None
        ax = axes[1]
        scores = snapshot.boundary
        if scores.ndim == 3:
            k = scores.shape[2]
            split = scores.argmax(axis=2).astype(float)
            colours = ListedColormap(list(CLASSES[:k]))
            labels = None if y is None else np.asarray(y).astype(float)
        else:
            k = 2
            if threshold is None:
                threshold = 0.0 if y is not None and set(np.unique(y).tolist()) <= {-1, 1} else 0.5
            split = (scores > threshold).astype(float)
            colours = ListedColormap([NEGATIVE_POINT, POSITIVE_POINT])
            labels = None if y is None else (np.asarray(y) > threshold).astype(float)
        extent = (grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1])  # imshow: a tenth of contourf's time
        ax.imshow(split, origin="lower", extent=extent, aspect="auto", cmap=colours, alpha=0.3,
                  vmin=-0.5, vmax=k - 0.5, interpolation="bilinear")
        if X is not None and labels is not None:
            ax.scatter(X[:, 0], X[:, 1], c=labels, cmap=colours, vmin=-0.5, vmax=k - 0.5, edgecolors="k", s=18)
        ax.set_title("decision boundary", fontsize=FONT_PT)
        ax.tick_params(labelsize=FONT_PT)
    fig.subplots_adjust(left=0.1 * 2 / panels, right=0.98, bottom=0.16, top=0.9, wspace=0.28)  # tight_layout: slow
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


register_live(LiveView)
