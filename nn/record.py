"""Snapshots of a fit: ``fit(..., record=k)`` keeps one every k optimizer steps.

A :class:`Snapshot` holds the step, that step's loss, three copies of every parameter
(in ``named_parameters`` order; the names are one tuple shared by all snapshots): its
value before the step's update, its grad ``∂L/∂w`` (what the optimizer read) and its
value after; the optimizer's name and learning rate; and, for 2-D inputs, the model's
output on a :class:`Grid` of ``GRID × GRID`` points fixed at the start of the fit from
the data's range (padded as ``viz.plot_decision_boundary`` pads it).

Memory: each snapshot holds ``8·(3P + GRID²·K)`` bytes of float64 data for P
parameters and K outputs (``8·3P`` without a grid): for MLP(2, [16, 16, 1]),
P = 337 and K = 1, so 8·(3·337 + 1600) = 20 888 bytes. A fit keeps at most
``MAX_SNAPSHOTS`` snapshots: a ``record=`` that would take more is refused before
training starts (about 42 MB for that MLP), never trimmed silently.

>>> import numpy as np
>>> from nn import MLP, SGD, fit
>>> from nn.data import moons
>>> X, y = moons(20, seed=0)
>>> model = MLP(2, [4, 1], seed=0)
>>> h = fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.1), epochs=6, record=2, progress=False)
>>> [s.step for s in h.snapshots]
[2, 4, 6]
>>> s = h.snapshots[-1]
>>> s.params()["layers.0.neurons.0.b"] == model.layers[0].neurons[0].b.data
True
>>> s.optimizer, s.lr, bool(np.allclose(s.values, s.before - 0.1 * s.grads, rtol=0, atol=1e-15))
('SGD', 0.1, True)
>>> s.boundary.shape, s.nbytes == bytes_per_snapshot(model.num_parameters(), outputs=1, grid=True)
((40, 40), True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from autograd import no_grad

from .layers import MLP
from .matrix import MatrixMLP
from .module import Module
from .optim import SGD, Optimizer

Array = np.ndarray[Any, Any]

GRID = 40
"""Points per side of the boundary grid (GRID² model outputs per snapshot)."""
MAX_SNAPSHOTS = 2000
"""The most snapshots one fit keeps (``fit`` refuses a ``record=`` that would take more)."""


def bytes_per_snapshot(n_params: int, outputs: int = 1, grid: bool = True) -> int:
    """The float64 bytes a snapshot holds: ``8·(3P + GRID²·K)``, or ``8·3P`` without a grid."""
    return 8 * (3 * n_params + (GRID * GRID * outputs if grid else 0))


@dataclass(frozen=True)
class Grid:
    """The fixed grid: ``boundary[i, j]`` is the output at ``(xs[j], ys[i])`` (as ``np.meshgrid``)."""

    xs: Array
    ys: Array

    @classmethod
    def around(cls, X: Array) -> Grid:
        pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 0.25
        lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
        return cls(np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID))

    def points(self) -> Array:
        xx, yy = np.meshgrid(self.xs, self.ys)
        return np.column_stack([xx.ravel(), yy.ravel()])


@dataclass(frozen=True)
class Snapshot:
    """The fit after optimizer step ``step`` (1-based): ``loss`` is that step's batch loss
    (measured before its update, as ``History.loss`` is), ``values`` the parameters after
    it, named by ``names``, ``before`` them before it and ``grads`` the ``∂L/∂w`` the step
    used. ``optimizer`` names the rule: ``"SGD"`` (plain: ``values = before − lr·grads``)
    or e.g. ``"Adam"``, ``"SGD, momentum 0.9"``, whose step is ``values − before`` and not
    ``−lr·grads``; ``lr`` is the learning rate that step used. ``boundary``: the outputs
    on the grid (GRID×GRID, or GRID×GRID×K for K outputs), None for inputs that are not 2-D.
    (A snapshot taken only for ``live=True`` between recorded steps has ``before = values``.)"""

    step: int
    loss: float
    names: tuple[str, ...]
    values: Array
    boundary: Array | None
    before: Array
    grads: Array
    optimizer: str = "SGD"
    lr: float = math.nan

    def params(self) -> dict[str, float]:
        """``{dotted name: value}``, as ``model.named_parameters()`` names them."""
        return dict(zip(self.names, self.values.tolist(), strict=True))

    @property
    def nbytes(self) -> int:
        arrays = (self.values, self.before, self.grads, self.boundary)
        return sum(int(a.nbytes) for a in arrays if a is not None)


class Live(Protocol):
    """What ``fit(..., live=True)`` drives; viz.outputs.live registers a factory for it."""

    def due(self) -> bool: ...

    def show(self, snapshot: Snapshot, losses: Sequence[float]) -> None: ...


LiveFactory = Callable[[Array, Array, "Grid | None"], Live]
_LIVE: list[LiveFactory] = []


def register_live(factory: LiveFactory) -> None:
    """Called by ``viz.outputs.live`` on import: the view ``fit(..., live=True)`` opens (nn never imports viz)."""
    _LIVE[:] = [factory]


def open_live(X: Array, y: Array, grid: Grid | None) -> Live:
    if not _LIVE:
        raise RuntimeError("fit(..., live=True) draws with viz: run `import viz` first")
    return _LIVE[0](X, y, grid)


def check_record(record: object, steps: int) -> int | None:
    """``record`` as a step count (or None); a one-line error for anything else."""
    if record is None:
        return None
    if isinstance(record, bool) or not isinstance(record, int) or record < 1:
        raise ValueError(f"record= must be a positive int (a snapshot every k steps) or None, got {record!r}")
    if record > steps:
        raise ValueError(f"record={record} is more than the fit's {steps} optimizer steps: no snapshot would be taken")
    if steps // record > MAX_SNAPSHOTS:
        least = math.ceil(steps / MAX_SNAPSHOTS)
        raise ValueError(f"record={record} would keep {steps // record} snapshots of {steps} steps, over the "
                         f"cap of {MAX_SNAPSHOTS}; use record={least} or more")
    return record


def describe(optimizer: Optimizer | None) -> str:
    """The optimizer's rule as a snapshot names it: ``"SGD"`` only for ``w ← w − lr·∂L/∂w``."""
    if optimizer is None:
        return "SGD"
    if isinstance(optimizer, SGD):
        extras = [f"momentum {optimizer.momentum:g}" if optimizer.momentum else "",
                  f"weight decay {optimizer.weight_decay:g}" if optimizer.weight_decay else ""]
        return ", ".join(["SGD", *[e for e in extras if e]])
    return type(optimizer).__name__


def _frozen(values: list[float]) -> Array:
    array = np.array(values, dtype=np.float64)
    array.flags.writeable = False
    return array


class Recorder:
    """Takes snapshots of ``model`` during a fit (the grid is fixed here, from X). ``fit`` calls
    :meth:`before_step` just before each optimizer step and :meth:`take` after it."""

    def __init__(self, model: Module, X: Array, optimizer: Optimizer | None = None) -> None:
        self.model = model
        named = list(model.named_parameters())
        self.names = tuple(name for name, _ in named)
        self.params = [p for _, p in named]
        self.grid = Grid.around(X) if X.shape[1] == 2 else None
        self._points = self.grid.points() if self.grid is not None else None
        self.optimizer = optimizer
        self.rule = describe(optimizer)
        self._before: tuple[int, Array, float] | None = None

    def before_step(self, step: int, every: int | None) -> None:
        """Keep the parameters (and the learning rate) before step ``step`` if it will be recorded."""
        if every and step % every == 0:
            lr = self.optimizer.current_lr() if self.optimizer is not None else math.nan
            self._before = (step, _frozen([p.data for p in self.params]), lr)

    def take(self, step: int, loss: float) -> Snapshot:
        values = _frozen([p.data for p in self.params])
        grads = _frozen([p.grad for p in self.params])
        before, lr = values, math.nan
        if self._before is not None and self._before[0] == step:
            _, before, lr = self._before
        boundary = None
        if self._points is not None:
            boundary = self._outputs(self._points).reshape(GRID, GRID, -1)
            if boundary.shape[2] == 1:
                boundary = boundary[:, :, 0]
            boundary.flags.writeable = False
        return Snapshot(step, float(loss), self.names, values, boundary, before, grads, self.rule, lr)

    def _outputs(self, points: Array) -> Array:
        if isinstance(self.model, MLP):  # the numpy twin: same numbers, a thousand times faster
            return MatrixMLP.from_mlp(self.model).forward(points)
        with no_grad():
            outs = [self.model(row) for row in points.tolist()]
        return np.array([[v.data for v in o] if isinstance(o, list) else [o.data] for o in outs])
