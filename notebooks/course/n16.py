"""Answer keys for 16 · Gates, initialisation and sanity checks. Values are computed with the engine."""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Value
from autograd.exercise import Exercise, Mistake
from nn import cross_entropy


def gates() -> Exercise:
    x, y, z, w = Value(-2.0), Value(5.0), Value(1.0), Value(4.0)
    product, largest = x * y, z.max(w)
    f = 3 * (product + largest)
    f.backward()
    up = product.grad                                  # what the sum sends to x·y (and to the max)
    right = [x.grad, y.grad, z.grad, w.grad]
    return Exercise(
        right,
        mistakes=(
            Mistake("multiply did not swap: x gets upstream·y and y gets upstream·x",
                    [up * x.data, up * y.data, z.grad, w.grad]),
            Mistake("max routed to the smaller input: the whole gradient goes to the larger one",
                    [x.grad, y.grad, w.grad, z.grad]),
            Mistake("max split in half: that is the rule at a tie only; here w > z",
                    [x.grad, y.grad, up / 2, up / 2]),
            Mistake("the upstream 3 is missing: the × 3 on top multiplies every gradient",
                    [g / 3 for g in right]),
        ),
    )


def he_std() -> Exercise:
    n, relu_slope_sq = 256, 0.5                       # E[φ′²] for ReLU
    var = 1 / (n * relu_slope_sq)                     # n · Var(w) · E[φ′²] = 1
    return Exercise(
        math.sqrt(var),
        mistakes=(
            Mistake("the ReLU's factor 1/2 is missing: √(1/n) is the Xavier/LeCun scale for a square layer",
                    math.sqrt(1 / n)),
            Mistake("that is the variance 2/n; the question asks for the standard deviation √(2/n)", var),
        ),
    )


def initial_loss() -> Exercise:
    K = 10
    loss = cross_entropy([Value(0.0) for _ in range(K)], 0).data
    return Exercise(
        loss,
        mistakes=(
            Mistake("that is log₂ 10: the cross-entropy uses the natural log", loss / math.log(2)),
            Mistake("that is log₁₀ 10: the cross-entropy uses the natural log", loss / math.log(10)),
            Mistake("that is the probability 1/K of the right class; the loss is −log of it", math.exp(-loss)),
        ),
    )


EXERCISES: dict[str, Callable[[], Exercise]] = {"16.1": gates, "16.2": he_std, "16.3": initial_loss}
