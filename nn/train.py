"""fit() and predict(): the training loop, with an optional tqdm progress bar.

>>> from nn import MLP, SGD, fit, predict
>>> from nn.data import xor
>>> X, y = xor(40, seed=0)
>>> model = MLP(2, [8, 1], seed=0)
>>> history = fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.5), epochs=5, progress=False)
>>> len(history.loss), len(history.accuracy)
(5, 5)
>>> predict(model, X).shape
(40,)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import Value, gc_paused, no_grad
from autograd.ops import is_real

from .losses import LOSSES, l2_penalty
from .module import Module
from .optim import SGD, Optimizer
from .record import Grid, Live, Recorder, Snapshot, check_record, open_live

Array = np.ndarray[Any, Any]
Output = Value | list[Value]
LossFn = Callable[[list[Any], Array], Value]
CLASSIFICATION = ("hinge", "bce", "cross_entropy")


@dataclass
class History:
    """Per-epoch training record: ``loss`` (data loss + L2 penalty, averaged over the
    epoch's batches, weighted by batch size) and ``accuracy`` (the fraction of
    samples classified right in the epoch's forward passes, before each update;
    None for regression losses and for custom loss functions). ``snapshots``: with
    ``fit(..., record=k)``, one :class:`nn.record.Snapshot` every k optimizer steps
    (``grid``: their boundary grid, for 2-D inputs); else empty."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] | None = None
    snapshots: list[Snapshot] = field(default_factory=list, repr=False)
    grid: Grid | None = field(default=None, repr=False)


def _check_xy(model: Module, X: object, y: object | None = None) -> tuple[Array, Array | None]:
    nin = getattr(model, "nin", None)
    if not isinstance(X, np.ndarray):
        X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or (nin is not None and X.shape[1] != nin):
        raise ValueError(f"X must have shape (n, {nin}) for this model, got {X.shape}")
    if y is None:
        return X, None
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} entries")
    return X, y


def _forward(model: Module) -> Callable[[list[float]], Output]:
    """One sample's output (``model(row)``, which runs its ``forward``): a Value for
    one-output models, else a list of Values."""

    def run(row: list[float]) -> Output:
        out: Output = model(row)
        return out[0] if isinstance(out, list) and len(out) == 1 else out

    return run


def _data(out: Output) -> list[float]:
    return [v.data for v in out] if isinstance(out, list) else [out.data]


def _correct(loss: str, outputs: Sequence[Output], y: Array) -> int:
    if loss == "cross_entropy":
        guess = [int(np.argmax(_data(o))) for o in outputs]
        return int(np.sum(np.asarray(guess) == y))
    scores = np.array([_data(o)[0] for o in outputs])
    if loss == "hinge":
        return int(np.sum((scores > 0) == (y > 0)))
    return int(np.sum((scores > 0) == (y >= 0.5)))


def _progress(epochs: int, enabled: bool, **kwargs: Any) -> Any:
    if not enabled:
        return None
    with warnings.catch_warnings():  # tqdm.auto outside a notebook may warn (TqdmExperimentalWarning)
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm  # type: ignore[import-untyped, unused-ignore]

        return tqdm(total=epochs, unit="epoch", **kwargs)


def fit(model: Module, X: Array, y: Array, loss: str | LossFn = "mse", optimizer: Optimizer | None = None,
        epochs: int = 100, batch_size: int | None = None, progress: bool = True, seed: int | None = None,
        l2: float = 0.0, record: int | None = None, live: bool = False, **tqdm_kwargs: Any) -> History:
    """Train ``model`` on ``(X, y)``; return a :class:`History`.

    ``loss``: a name from ``nn.losses.LOSSES`` ("mse", "mae", "huber", "hinge",
    "bce", "cross_entropy") or a function ``(outputs, y_batch) -> Value`` where
    ``outputs`` has one entry per sample (a Value for one-output models, else a
    list). ``optimizer``: default ``SGD(model, lr=0.05)``. ``batch_size=None`` is
    full batch; otherwise the samples are shuffled each epoch (seeded by ``seed``)
    and each batch makes one step. ``l2`` adds ``l2_penalty(model, l2)`` to the
    loss. ``progress`` shows a tqdm bar with the current loss (extra keyword
    arguments go to tqdm, e.g. ``file=``).

    ``record=k`` keeps a snapshot every k optimizer steps in ``history.snapshots``
    (step, loss, the parameters before and after the step and their grads, and for 2-D
    inputs the outputs on a 40×40 grid: 8·(3P + 1600·K) bytes each for P parameters and
    K outputs; see :mod:`nn.record` for the cap).
    ``live=True`` (in Jupyter, after ``import viz``) redraws the loss and boundary in
    place while the fit runs, rarely enough that drawing costs under a tenth of the time.
    """
    X, y_checked = _check_xy(model, X, y)
    assert y_checked is not None
    y = y_checked
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}, or a function")
        loss_fn: LossFn = LOSSES[loss]
    elif callable(loss):
        loss_fn = loss
    else:
        raise TypeError(f"loss must be a name or a function, got {type(loss).__name__}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    n = len(X)
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int)
                                   or not 1 <= batch_size):
        raise ValueError(f"batch_size must be a positive int or None, got {batch_size!r}")
    if not is_real(l2) or l2 < 0:
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}")
    if not isinstance(live, bool):
        raise ValueError(f"live= must be True or False, got {live!r}")
    steps = epochs * -(-n // min(batch_size or n, n))
    every = check_record(record, steps)
    opt = optimizer if optimizer is not None else SGD(model, lr=0.05)
    recorder = Recorder(model, X, opt) if every or live else None
    view: Live | None = open_live(X, y, recorder.grid) if live and recorder else None
    step_losses: list[float] = []
    forward = _forward(model)
    rows = X.tolist()
    rng = np.random.default_rng(seed)
    classify = isinstance(loss, str) and loss in CLASSIFICATION
    history = History(accuracy=[] if classify else None, grid=recorder.grid if every and recorder else None)
    bar = _progress(epochs, progress, **tqdm_kwargs)
    try:
        with gc_paused():
            for _ in range(epochs):
                order = rng.permutation(n) if batch_size is not None and batch_size < n else np.arange(n)
                size = batch_size or n
                total, correct = 0.0, 0
                for start in range(0, n, size):
                    idx = order[start:start + size]
                    outputs = [forward(rows[i]) for i in idx]
                    yb = y[idx]
                    value = loss_fn(outputs, yb)
                    if l2:
                        value = value + l2_penalty(opt.params, float(l2))
                    opt.zero_grad()
                    value.backward()
                    if recorder is not None:
                        recorder.before_step(len(step_losses) + 1, every)
                    opt.step()
                    total += value.data * len(idx)
                    if recorder is not None:
                        step_losses.append(value.data)
                        _watch(recorder, history, every, view, step_losses)
                    if classify:
                        correct += _correct(str(loss), outputs, yb)
                history.loss.append(total / n)
                if history.accuracy is not None:
                    history.accuracy.append(correct / n)
                if bar is not None:
                    postfix = {"loss": f"{total / n:.4f}"}
                    if history.accuracy:
                        postfix["acc"] = f"{history.accuracy[-1]:.3f}"
                    bar.set_postfix(postfix)
                    bar.update(1)
        if view is not None and recorder is not None:
            view.show(recorder.take(len(step_losses), step_losses[-1]), step_losses)
    finally:
        if bar is not None:
            bar.close()
    return history


def _watch(recorder: Recorder, history: History, every: int | None, view: Live | None,
           losses: list[float]) -> None:
    step = len(losses)
    snap = recorder.take(step, losses[-1]) if every and step % every == 0 else None
    if snap is not None:
        history.snapshots.append(snap)
    if view is not None and view.due():
        view.show(snap or recorder.take(step, losses[-1]), losses)


def predict(model: Module, X: Array) -> Array:
    """The model's outputs on every row of X, without building a graph.

    Shape ``(n,)`` for a one-output model, ``(n, k)`` for k outputs (raw scores:
    threshold at 0 for hinge/bce, argmax for cross-entropy).
    """
    X, _ = _check_xy(model, X)
    forward = _forward(model)
    with no_grad():
        outs = [forward(row) for row in X.tolist()]
    if outs and isinstance(outs[0], list):
        return np.array([_data(o) for o in outs])
    return np.array([_data(o)[0] for o in outs])
