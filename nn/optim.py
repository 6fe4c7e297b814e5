"""Optimizers that update Value parameters in place from their ``grad``: SGD and Adam.

Both follow ``torch.optim`` exactly (same update order, same defaults), and the
learning rate may be a number or a schedule ``step_index -> lr`` (step 0 is the
first call to ``step()``).

>>> from autograd import Value
>>> w = Value(1.0)
>>> opt = SGD([w], lr=0.1)
>>> (w * w).backward()      # dL/dw = 2w = 2
>>> opt.step()
>>> round(w.data, 10)       # 1 - 0.1·2
0.8
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from autograd import Value
from autograd.ops import is_real

from .module import Module

Schedule = Callable[[int], float]


def step_decay(lr0: float, factor: float, every: int) -> Schedule:
    """``lr(k) = lr0 · factor^(k // every)``: multiply by ``factor`` every ``every`` steps.

    >>> lr = step_decay(1.0, 0.5, 10)
    >>> lr(0), lr(9), lr(10), lr(25)
    (1.0, 1.0, 0.5, 0.25)
    """
    _check_positive(lr0, "step_decay lr0")
    _check_positive(factor, "step_decay factor")
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"step_decay every must be a positive int, got {every!r}")
    return lambda k: lr0 * factor ** (k // every)


def linear_decay(start: float, end: float, steps: int) -> Schedule:
    """``lr(k)`` goes linearly from ``start`` (k = 0) to ``end`` (k = steps), then stays there.

    micrograd's demo schedule ``1.0 - 0.9·k/100`` is ``linear_decay(1.0, 0.1, 100)``.

    >>> lr = linear_decay(1.0, 0.1, 100)
    >>> lr(0), round(lr(50), 12), round(lr(100), 12), round(lr(500), 12)
    (1.0, 0.55, 0.1, 0.1)
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"linear_decay steps must be a positive int, got {steps!r}")
    return lambda k: start - (start - end) * min(k, steps) / steps


def _real(x: object, ok: Callable[[float], bool], what: str, rule: str) -> float:
    """``float(x)`` if x is a real number (not a bool) with ``ok(x)``, else a ValueError naming it."""
    value = float(x) if is_real(x) else math.nan  # type: ignore[arg-type]
    if not (math.isfinite(value) and ok(value)):
        raise ValueError(f"{what} must be {rule}, got {x!r}")
    return value


def _check_positive(x: object, what: str) -> float:
    return _real(x, lambda v: v > 0, what, "a positive number")


def _check_unit(x: object, what: str) -> float:
    return _real(x, lambda v: 0.0 <= v < 1.0, what, "a number in [0, 1)")


def _check_nonneg(x: object, what: str) -> float:
    return _real(x, lambda v: v >= 0, what, "a number >= 0")


class Optimizer:
    """Holds the parameters, the step count and the learning rate (a number or a schedule)."""

    def __init__(self, params: Module | Iterable[Value], lr: float | Schedule) -> None:
        name = type(self).__name__
        ps = params.parameters() if isinstance(params, Module) else list(params)
        if not ps:
            raise ValueError(f"{name} got an empty parameter list")
        for i, p in enumerate(ps):
            if not isinstance(p, Value):
                raise TypeError(f"{name}: parameter {i} must be a Value, got {type(p).__name__}")
        if not callable(lr):
            _check_positive(lr, f"{name} lr")
        self.params = ps
        self.lr = lr
        self.steps = 0  # how many times step() has run

    def current_lr(self) -> float:
        """The learning rate the next ``step()`` will use."""
        lr = self.lr(self.steps) if callable(self.lr) else self.lr
        return float(lr)

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """``w ← w - lr·v`` with ``v = momentum·v + (grad + weight_decay·w)`` (torch.optim.SGD, dampening 0)."""

    def __init__(self, params: Module | Iterable[Value], lr: float | Schedule, momentum: float = 0.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = _check_unit(momentum, "SGD momentum")
        self.weight_decay = _check_nonneg(weight_decay, "SGD weight_decay")
        self._velocity: list[float] | None = None

    def step(self) -> None:
        lr, mu, wd = self.current_lr(), self.momentum, self.weight_decay
        if mu:
            first = self._velocity is None
            velocity = self._velocity or [0.0] * len(self.params)
            for i, p in enumerate(self.params):
                g = p.grad + wd * p.data if wd else p.grad
                velocity[i] = g if first else mu * velocity[i] + g
                p.data -= lr * velocity[i]
            self._velocity = velocity
        elif wd:
            for p in self.params:
                p.data -= lr * (p.grad + wd * p.data)
        else:
            for p in self.params:
                p.data -= lr * p.grad
        self.steps += 1


class Adam(Optimizer):
    """Adam (torch.optim.Adam): bias-corrected first and second moments of the gradient."""

    def __init__(self, params: Module | Iterable[Value], lr: float | Schedule = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"Adam betas must be a pair of numbers, got {betas!r}")
        self.betas = (_check_unit(betas[0], "Adam betas[0]"), _check_unit(betas[1], "Adam betas[1]"))
        self.eps = _check_positive(eps, "Adam eps")
        self.weight_decay = _check_nonneg(weight_decay, "Adam weight_decay")
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def step(self) -> None:
        lr, (b1, b2), eps, wd = self.current_lr(), self.betas, self.eps, self.weight_decay
        t = self.steps + 1
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t
        m, v = self._m, self._v
        for i, p in enumerate(self.params):
            g = p.grad + wd * p.data if wd else p.grad
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = b2 * v[i] + (1.0 - b2) * g * g
            p.data -= (lr / c1) * m[i] / (math.sqrt(v[i]) / math.sqrt(c2) + eps)
        self.steps += 1
