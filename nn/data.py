"""Toy datasets (numpy only, seeded): the TensorFlow Playground's and micrograd's.

Every function returns ``(X, y)``: ``X`` has shape ``(n, 2)`` (``(n, 1)`` for
``sine``), float64. Classification labels are int64 class indices ``0, 1, ...``
(``0/1`` for the two-class sets); :func:`to_pm1` turns 0/1 into the -1/+1 that
:func:`nn.losses.hinge` wants. ``sine`` is regression: ``y`` is float64.
``noise`` is the standard deviation of Gaussian noise added to the points
(to the targets for ``sine``). The same ``seed`` always gives the same data.

>>> X, y = moons(100, noise=0.1, seed=0)
>>> X.shape, y.shape, sorted(set(y.tolist()))
((100, 2), (100,), [0, 1])
>>> to_pm1(y[:4]).tolist() == [2 * int(v) - 1 for v in y[:4]]
True
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from autograd.ops import is_real

Array = np.ndarray[Any, Any]


def _check(n: object, noise: object, who: str) -> tuple[int, float]:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or int(n) < 2:
        raise ValueError(f"{who}: n must be an int >= 2, got {n!r}")
    value = float(noise) if is_real(noise) else math.nan  # type: ignore[arg-type]  # is_real checked it
    if not value >= 0:
        raise ValueError(f"{who}: noise must be a number >= 0, got {noise!r}")
    return int(n), value


def _finish(X: Array, y: Array, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    X = X + rng.normal(0.0, noise, size=X.shape) if noise else X
    order = rng.permutation(len(y))
    return X[order].astype(np.float64), y[order]


def moons(n: int = 100, noise: float = 0.1, seed: int | None = None) -> tuple[Array, Array]:
    """Two interleaving half circles (as scikit-learn's make_moons): label 0 upper, 1 lower."""
    n, noise = _check(n, noise, "moons")
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n_in)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5], axis=1)
    y = np.array([0] * n_out + [1] * n_in, dtype=np.int64)
    return _finish(np.vstack([outer, inner]), y, noise, rng)


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5,
            seed: int | None = None) -> tuple[Array, Array]:
    """A circle of radius 1 (label 0) around one of radius ``factor`` (label 1)."""
    n, noise = _check(n, noise, "circles")
    if not is_real(factor) or not 0 < factor < 1:
        raise ValueError(f"circles: factor must be a number in (0, 1), got {factor!r}")
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * math.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * math.pi, n_in, endpoint=False)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = factor * np.stack([np.cos(t_in), np.sin(t_in)], axis=1)
    y = np.array([0] * n_out + [1] * n_in, dtype=np.int64)
    return _finish(np.vstack([outer, inner]), y, noise, rng)


def xor(n: int = 100, noise: float = 0.0, seed: int | None = None) -> tuple[Array, Array]:
    """Points uniform in [-1, 1]²; label 1 when exactly one coordinate is positive (x₁>0 XOR x₂>0)."""
    n, noise = _check(n, noise, "xor")
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(np.int64)
    return _finish(X, y, noise, rng)


def spiral(n: int = 100, noise: float = 0.0, classes: int = 2, turns: float = 1.0,
           seed: int | None = None) -> tuple[Array, Array]:
    """``classes`` interleaved spiral arms (radius 0 → 1), label = arm index 0..classes-1."""
    n, noise = _check(n, noise, "spiral")
    if isinstance(classes, bool) or not isinstance(classes, int) or not 2 <= classes <= n:
        raise ValueError(f"spiral: classes must be an int from 2 to n, got {classes!r}")
    rng = np.random.default_rng(seed)
    sizes = [n // classes + (1 if k < n % classes else 0) for k in range(classes)]
    Xs, ys = [], []
    for k, m in enumerate(sizes):
        r = np.linspace(0.05, 1.0, m)
        t = 2 * math.pi * (turns * r + k / classes)
        Xs.append(np.stack([r * np.cos(t), r * np.sin(t)], axis=1))
        ys.append(np.full(m, k, dtype=np.int64))
    return _finish(np.vstack(Xs), np.concatenate(ys), noise, rng)


def blobs(n: int = 100, noise: float = 0.5, centers: int = 2, seed: int | None = None) -> tuple[Array, Array]:
    """Gaussian blobs of std ``noise`` around ``centers`` points on a circle of radius 2; label = blob."""
    n, noise = _check(n, noise, "blobs")
    if isinstance(centers, bool) or not isinstance(centers, int) or not 2 <= centers <= n:
        raise ValueError(f"blobs: centers must be an int from 2 to n, got {centers!r}")
    rng = np.random.default_rng(seed)
    y = np.arange(n, dtype=np.int64) % centers
    angles = 2 * math.pi * y / centers
    X = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return _finish(X, y, noise, rng)


def sine(n: int = 100, noise: float = 0.1, seed: int | None = None) -> tuple[Array, Array]:
    """1-D regression: x uniform in [-π, π], shape (n, 1); y = sin(x) + N(0, noise²), shape (n,)."""
    n, noise = _check(n, noise, "sine")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-math.pi, math.pi, size=n)
    y = np.sin(x) + (rng.normal(0.0, noise, size=n) if noise else 0.0)
    return x.reshape(n, 1).astype(np.float64), np.asarray(y, dtype=np.float64)


def to_pm1(y: Array) -> Array:
    """Labels 0/1 → -1/+1 (for hinge loss); anything else is a ValueError naming it."""
    y = np.asarray(y)
    bad = y[(y != 0) & (y != 1)]
    if bad.size:
        raise ValueError(f"to_pm1: labels must be 0 or 1, found {bad.reshape(-1).tolist()[0]!r}")
    return (2 * y.astype(np.int64) - 1).astype(np.int64)
