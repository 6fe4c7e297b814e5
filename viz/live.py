"""``fit(..., live=True)``: the loss and (for 2-D data) the decision boundary, redrawn in place.

Importing viz registers :class:`LiveView` with ``nn.record`` (nn never imports viz). The
view draws a PNG with matplotlib (no pyplot) and shows it through an IPython display
handle: an empty ``display_data`` output is placed when the fit starts, and each
redraw is an ``update_display_data`` for its display id, so the picture changes in place.

Redraw rate: a redraw waits until ``RATIO`` times the last drawing's own time has passed
since it finished (and at least ``MIN_INTERVAL`` seconds), so drawing takes at most
1/(RATIO+1) ≈ 9 % of the fit's time; benchmarks/bench_record.py measures it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from nn.record import Grid, Snapshot, register_live

from .palette import BLUE, ORANGE, VERMILLION

Array = np.ndarray[Any, Any]

RATIO = 10.0
"""Wait this many times the last redraw's duration before the next one."""
MIN_INTERVAL = 0.25
"""Never redraw more often than this (seconds)."""


class LiveView:
    """One figure, one display handle; ``show`` redraws, ``due`` says whether it is time to."""

    def __init__(self, X: Array, y: Array, grid: Grid | None) -> None:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is None:
            raise RuntimeError("fit(..., live=True) redraws in a running Jupyter/IPython kernel; there is none here")
        self.X, self.y, self.grid = X, y, grid
        self._handle = display(display_id=True)  # type: ignore[no-untyped-call]
        self._next = 0.0  # time.perf_counter() after which a redraw is due
        self.redraws = 0

    def due(self) -> bool:
        return time.perf_counter() >= self._next

    def show(self, snapshot: Snapshot, losses: Sequence[float]) -> None:
        from IPython.display import Image

        start = time.perf_counter()
        png = picture(snapshot, losses, self.X, self.y, self.grid)
        if self._handle is not None:
            self._handle.update(Image(data=png, format="png"))  # type: ignore[no-untyped-call]
        self.redraws += 1
        end = time.perf_counter()
        self._next = end + max(MIN_INTERVAL, RATIO * (end - start))

    def close(self) -> None:
        pass


def picture(snapshot: Snapshot, losses: Sequence[float], X: Array, y: Array, grid: Grid | None) -> bytes:
    """The PNG: the loss per step so far and, with a grid, the boundary at this step with the data."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    panels = 2 if grid is not None and snapshot.boundary is not None else 1
    fig = Figure(figsize=(4.2 * panels, 3.4), dpi=100)
    axes = fig.subplots(1, panels, squeeze=False)[0]
    ax = axes[0]
    ax.plot(np.arange(1, len(losses) + 1), losses, color=BLUE)
    ax.set_xlabel("step", fontsize=11)
    ax.set_ylabel("loss", fontsize=11)
    ax.set_title(f"step {snapshot.step}  loss {snapshot.loss:.4g}", fontsize=11)
    ax.tick_params(labelsize=11)
    if panels == 2:
        assert grid is not None and snapshot.boundary is not None
        ax = axes[1]
        scores = snapshot.boundary
        labels = np.asarray(y)
        if scores.ndim == 3:
            k = scores.shape[2]
            split = scores.argmax(axis=2).astype(float)
            levels = np.arange(k + 1) - 0.5
        else:
            cut = 0.0 if labels.min() < 0 else 0.5
            split, levels = (scores > cut).astype(float), np.array([-0.5, 0.5, 1.5])
        colours = ListedColormap([ORANGE, BLUE, VERMILLION][: len(levels) - 1] or [ORANGE])
        ax.contourf(grid.xs, grid.ys, split, levels=levels, cmap=colours, alpha=0.3)
        ax.scatter(X[:, 0], X[:, 1], c=labels, cmap=colours, edgecolors="k", s=18)
        ax.set_title("decision boundary", fontsize=11)
        ax.tick_params(labelsize=11)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


register_live(LiveView)
