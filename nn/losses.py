"""Losses built from Value ops, so ``loss.backward()`` reaches every parameter.

Shapes. ``predictions`` is one Value, a list of Values (one per sample, or one
per output), or a list of lists (samples × outputs). ``targets`` are plain
numbers (or a numpy array) of the same shape. Element-wise losses (mse, mae,
huber, hinge, bce_with_logits) flatten both and take the mean over all
elements. ``cross_entropy`` takes logits (one list per sample, or one list for
one sample) and integer class indices, and averages over samples.

>>> from autograd import Value
>>> g = [Value(1.0), Value(3.0)]
>>> loss = mse(g, [0.0, 1.0])   # ((1-0)² + (3-1)²) / 2
>>> loss.backward()
>>> loss.data, [v.grad for v in g]  # (2/N)(g - y)
(2.5, [1.0, 2.0])
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any, Union

import numpy as np

from autograd import OPS, Value
from autograd import sum as vsum
from autograd.ops import is_real

from .module import Module

Pred = Value | Sequence[Any]
Target = Union[float, Sequence[Any], "np.ndarray[Any, Any]"]


def _flat(x: object, what: str) -> list[Any]:
    if isinstance(x, np.ndarray):
        return list(x.reshape(-1).tolist())
    if isinstance(x, (list, tuple)):
        out: list[Any] = []
        for item in x:
            out.extend(_flat(item, what) if isinstance(item, (list, tuple, np.ndarray)) else [item])
        return out
    return [x]


def _pairs(name: str, predictions: Pred, targets: Target) -> list[tuple[Value | float, float]]:
    preds, ys = _flat(predictions, "predictions"), _flat(targets, "targets")
    if len(preds) != len(ys):
        raise ValueError(f"{name}: {len(preds)} predictions but {len(ys)} targets")
    if not preds:
        raise ValueError(f"{name}: no predictions")
    pairs = []
    for i, (p, y) in enumerate(zip(preds, ys, strict=True)):
        if not (isinstance(p, Value) or is_real(p)):
            raise TypeError(f"{name}: prediction {i} must be a Value or a number, got {type(p).__name__}")
        if not is_real(y):
            raise TypeError(f"{name}: target {i} must be a number, got {type(y).__name__}: {y!r:.40}")
        pairs.append((p if isinstance(p, Value) else float(p), float(y)))
    return pairs


def _mean(terms: list[Any]) -> Value:
    if len(terms) == 1 and isinstance(terms[0], Value):
        return terms[0]  # the mean of one term is that term: no extra Σ and ×1 nodes in a drawing
    return vsum(terms) * (1.0 / len(terms))


def mse(predictions: Pred, targets: Target) -> Value:
    """Mean squared error ``(1/N) Σ (g_i - y_i)²``; ``∂L/∂g_i = (2/N)(g_i - y_i)``."""
    return _mean([(p - y) ** 2 for p, y in _pairs("mse", predictions, targets)])


def mae(predictions: Pred, targets: Target) -> Value:
    """Mean absolute error ``(1/N) Σ |g_i - y_i|`` (gradient sign(g - y)/N, 0 at a tie)."""
    return _mean([abs(p - y) for p, y in _pairs("mae", predictions, targets)])


def huber(predictions: Pred, targets: Target, delta: float = 1.0) -> Value:
    """Mean Huber loss: ``½r²`` where ``|r| ≤ delta``, else ``delta·(|r| - ½delta)``, r = g - y."""
    if not is_real(delta) or not delta > 0:
        raise ValueError(f"huber: delta must be a positive number, got {delta!r}")
    d = float(delta)
    terms = []
    for p, y in _pairs("huber", predictions, targets):
        r = p - y
        terms.append(0.5 * r * r if abs(_data(r)) <= d else d * (_abs(r) - 0.5 * d))
    return _mean(terms)


def hinge(scores: Pred, labels: Target) -> Value:
    """micrograd's max-margin loss: mean of ``relu(1 - y·score)``, labels y in {-1, +1}.

    Labels 0/1 (as :mod:`nn.data` returns) convert with :func:`nn.data.to_pm1`.
    """
    pairs = _pairs("hinge", scores, labels)
    for i, (_, y) in enumerate(pairs):
        if y not in (-1.0, 1.0):
            raise ValueError(f"hinge: label {i} is {y!r}, labels must be -1 or +1 (see nn.data.to_pm1)")
    return _mean([_relu(1 + -y * p) for p, y in pairs])


def bce_with_logits(logits: Pred, targets: Target) -> Value:
    """Binary cross-entropy on logits z (not probabilities), targets y in [0, 1], stably.

    Per sample ``max(z,0) - z·y + log(1 + e^-|z|)`` = ``softplus(z) - z·y``; the
    engine's softplus is computed in exactly that stable form and its local
    derivative is σ(z), so ``∂L/∂z = (σ(z) - y)/N`` holds everywhere, z = 0 included.
    """
    pairs = _pairs("bce_with_logits", logits, targets)
    for i, (_, y) in enumerate(pairs):
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"bce_with_logits: target {i} is {y!r}, targets must lie in [0, 1]")
    return _mean([_softplus(z) - z * y for z, y in pairs])


def softmax(values: Sequence[Value | float]) -> list[Value]:
    """``softmax(z)_k = e^{z_k - m} / Σ_k' e^{z_k' - m}``, m = max z (no overflow).

    >>> [round(p.data, 4) for p in softmax([Value(1.0), Value(2.0), Value(3.0)])]
    [0.09, 0.2447, 0.6652]
    """
    zs = _logit_row("softmax", values)
    m = max(_data(z) for z in zs)
    exps = [_exp(z - m) for z in zs]
    total = vsum(exps)
    return [e / total for e in exps]


def log_sum_exp(values: Sequence[Value | float]) -> Value:
    """``m + log Σ_k e^{z_k - m}`` with m = max z: log Σ e^z without overflow."""
    zs = _logit_row("log_sum_exp", values)
    m = max(_data(z) for z in zs)
    return vsum([_exp(z - m) for z in zs]).log() + m


def cross_entropy(logits: Sequence[Any], classes: int | Sequence[int] | np.ndarray[Any, Any]) -> Value:
    """Softmax cross-entropy ``-log ŷ_c = logsumexp(z) - z_c``, mean over samples.

    ``logits``: one list of K Values (one sample, ``classes`` an int) or a list
    of such lists (``classes`` a sequence of ints). ``∂L/∂z = ŷ - onehot(c)``.
    """
    if logits and isinstance(logits[0], (list, tuple)):
        rows = list(logits)
        cs = list(np.asarray(classes).reshape(-1).tolist()) if not isinstance(classes, int) else [classes]
    else:
        rows, cs = [logits], [classes]
    if len(rows) != len(cs):
        raise ValueError(f"cross_entropy: {len(rows)} rows of logits but {len(cs)} class labels")
    terms = []
    for i, (row, c) in enumerate(zip(rows, cs, strict=True)):
        zs = _logit_row("cross_entropy", row)
        if isinstance(c, bool) or not isinstance(c, numbers.Integral) or not 0 <= int(c) < len(zs):
            raise ValueError(f"cross_entropy: class {i} is {c!r}, must be an int in 0..{len(zs) - 1}")
        terms.append(log_sum_exp(zs) - zs[int(c)])
    return _mean(terms)


def l2_penalty(params: Module | Iterable[Value], alpha: float) -> Value:
    """``alpha · Σ p²`` over the parameters (micrograd's regularisation; gradient 2·alpha·p)."""
    if not is_real(alpha) or alpha < 0:
        raise ValueError(f"l2_penalty: alpha must be a number >= 0, got {alpha!r}")
    ps = params.parameters() if isinstance(params, Module) else list(params)
    out = vsum([p * p for p in ps]) * float(alpha)
    return out


def _logit_row(name: str, values: object) -> list[Value | float]:
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError(f"{name}: expects a non-empty list of Values, got {type(values).__name__}")
    for i, v in enumerate(values):
        if not (isinstance(v, Value) or is_real(v)):
            raise TypeError(f"{name}: item {i} must be a Value or a number, got {type(v).__name__}")
    return list(values)


def _data(x: Value | float) -> float:
    return x.data if isinstance(x, Value) else float(x)


def _abs(x: Value | float) -> Value | float:
    return abs(x) if isinstance(x, Value) else OPS["abs"].forward(x)


def _relu(x: Value | float) -> Value | float:
    return x.relu() if isinstance(x, Value) else OPS["relu"].forward(x)


def _exp(x: Value | float) -> Value:
    return x.exp() if isinstance(x, Value) else Value(OPS["exp"].forward(x))


def _softplus(x: Value | float) -> Value | float:
    return x.softplus() if isinstance(x, Value) else OPS["softplus"].forward(x)


LOSSES = {
    "mse": mse,
    "mae": mae,
    "huber": huber,
    "hinge": hinge,
    "bce": bce_with_logits,
    "cross_entropy": cross_entropy,
}
"""Losses by name, as ``fit(loss=...)`` and the matrix twin accept them."""
