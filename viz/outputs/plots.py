"""Matplotlib pictures for training: decision boundaries, loss curves, activation functions.

Each function returns the matplotlib ``Figure``. Activation derivatives come from the
engine's backward pass, not from formulas written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from autograd import Value, no_grad
from nn import ACTIVATIONS  # the activations by name, each the engine's op (None: the identity)

from ..model.palette import (
    AXIS,
    BLUE,
    CLASSES,
    NEGATIVE_POINT,
    NEGATIVE_REGION,
    POSITIVE_POINT,
    POSITIVE_REGION,
    VERMILLION,
)


def _figure(ax: Axes | None, **kwargs: Any) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = Figure(**kwargs)
    return fig, fig.add_subplot()


def _scores(model: Any, grid: np.ndarray) -> np.ndarray:
    """The model's output on every grid point: (n,) scores or (n, k) class scores."""
    if hasattr(model, "parameters"):  # an nn Module: one sample at a time, no graph kept
        rows = []
        with no_grad():
            for x in grid:
                out = model([float(x[0]), float(x[1])])
                outs = out if isinstance(out, (list, tuple)) else [out]
                rows.append([o.data if isinstance(o, Value) else float(o) for o in outs])
        scores = np.array(rows, dtype=float)
        return scores[:, 0] if scores.shape[1] == 1 else scores
    if not callable(model):
        raise TypeError(f"plot_decision_boundary needs a model or a predict function, "
                        f"got {type(model).__name__}")
    scores = np.asarray(model(grid), dtype=float)
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if scores.ndim not in (1, 2) or scores.shape[0] != len(grid):
        n = len(grid)
        raise ValueError(f"predict function returned shape {scores.shape}; expected ({n},) or ({n}, k)")
    return scores


def plot_decision_boundary(model_or_predict_fn: Any, X: npt.ArrayLike, y: npt.ArrayLike,
                           ax: Axes | None = None, resolution: int = 80) -> Figure:
    """A 2-D classifier's regions and boundary, with its data on top.

    ``model_or_predict_fn`` is an nn model (called on one ``[x0, x1]`` at a time) or a
    function from an ``(n, 2)`` array to ``(n,)`` scores or ``(n, k)`` class scores.
    One score is split at 0 when the labels are ±1 and at 0.5 otherwise; class scores by argmax.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"y has {len(y)} labels for {len(X)} points")
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 0.25
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    scores = _scores(model_or_predict_fn, np.column_stack([xx.ravel(), yy.ravel()]))
    fig, ax = _figure(ax, figsize=(5, 4.5))
    if scores.ndim == 2:  # class k's region and class k's points share palette colour k
        k = scores.shape[1]
        if k > len(CLASSES):
            raise ValueError(f"plot_decision_boundary: {k} classes, more than the {len(CLASSES)} colours that stay "
                             f"distinct for colour-blind viewers")
        classes = scores.argmax(axis=1).reshape(xx.shape)
        colours = ListedColormap(CLASSES[:k])
        ax.contourf(xx, yy, classes, levels=np.arange(k + 1) - 0.5, cmap=colours, vmin=-0.5, vmax=k - 0.5, alpha=0.3)
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap=colours, vmin=-0.5, vmax=k - 0.5, edgecolors="k", s=25)
    else:  # the negative class is blue, the positive class vermillion: regions and points alike
        threshold = 0.0 if set(np.unique(y).tolist()) <= {-1, 1} else 0.5
        zz = scores.reshape(xx.shape)
        ax.contourf(xx, yy, zz > threshold, levels=[-0.5, 0.5, 1.5], colors=[NEGATIVE_REGION, POSITIVE_REGION],
                    alpha=0.8)
        ax.contour(xx, yy, zz, levels=[threshold], colors=AXIS, linewidths=1.5)
        ax.scatter(X[:, 0], X[:, 1], c=np.where(y > threshold, POSITIVE_POINT, NEGATIVE_POINT), edgecolors="k", s=25)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$",
           title="decision boundary")
    return fig


def _series(history: Any, key: str) -> list[float] | None:
    if isinstance(history, Mapping):
        values = history.get(key)
    else:
        values = getattr(history, key, None)
    return None if values is None else [float(v) for v in values]


def plot_history(history: Any) -> Figure:
    """Loss (and accuracy, when present) per epoch. ``history`` is a dict-like with a
    ``"loss"`` list and an optional ``"accuracy"`` list, or an object with those attributes."""
    loss = _series(history, "loss")
    if not loss:
        raise ValueError("history has no 'loss' values")
    acc = _series(history, "accuracy")
    fig = Figure(figsize=(9 if acc else 5, 3.5))
    axes = fig.subplots(1, 2 if acc else 1, squeeze=False)[0]
    epochs = range(1, len(loss) + 1)
    axes[0].plot(epochs, loss, color=VERMILLION)
    axes[0].set(xlabel="epoch", ylabel="loss", title="loss")
    if acc:
        axes[1].plot(range(1, len(acc) + 1), acc, color=BLUE)
        axes[1].set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0, 1.02))
    fig.tight_layout()
    return fig


def activation_curves(name: str, xs: Iterable[float]) -> tuple[list[float], list[float]]:
    """f(x) and f'(x) at every x, both through the engine (the derivative by backward)."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    fs, ds = [], []
    for x in xs:
        v = Value(float(x), label="x")
        apply = ACTIVATIONS[name]
        out = v if apply is None else apply(v)
        out.backward()
        fs.append(out.data)
        ds.append(v.grad)
    return fs, ds


def plot_activations(names: Sequence[str] = ("sigmoid", "tanh", "relu", "softplus", "linear"),
                     lo: float = -4.0, hi: float = 4.0) -> Figure:
    """Each activation (left) beside its derivative (right), computed through Value ops."""
    if isinstance(names, str):
        names = (names,)
    xs = np.linspace(lo, hi, 201)
    fig = Figure(figsize=(7, 2.2 * len(names)))
    axes = fig.subplots(len(names), 2, squeeze=False)
    for row, name in zip(axes, names, strict=True):
        fs, ds = activation_curves(name, xs)
        row[0].plot(xs, fs, color=BLUE)
        row[0].set_title(f"{name}(x)")
        row[1].plot(xs, ds, color=VERMILLION)
        row[1].set_title(f"{name}'(x)  (by backward)")
        for ax in row:
            ax.axhline(0, color=AXIS, lw=0.6)
            ax.axvline(0, color=AXIS, lw=0.6)
    fig.tight_layout()
    return fig
