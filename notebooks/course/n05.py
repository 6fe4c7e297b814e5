"""Answer keys for notebook 05 (your own Value trains a neuron). The engine (``autograd``) computes
every expected answer and every named mistake on the same neuron and the same data."""

from __future__ import annotations

from autograd import Value as _Engine
from autograd.exercise import Exercise, Mistake

INPUTS = (2.0, -1.0)
PARAMS = (-0.5, 0.75, 0.25)  # w1, w2, b
DATA = (((2.0, 3.0), -1.0), ((3.0, -1.0), 1.0), ((0.5, 1.0), -1.0), ((1.0, -2.0), 1.0))
START = (0.1, -0.1, 0.0)
STEPS, LR = 25, 0.1


def neuron(x1, x2, w1, w2, b):
    return (w1 * x1 + w2 * x2 + b).tanh()


def total_loss(value, w1, w2, b):
    """Σ (a − y)² over DATA, with only + * tanh (a − y is a + (−y))."""
    loss = value(0.0)
    for (x1, x2), y in DATA:
        diff = neuron(value(x1), value(x2), w1, w2, b) + value(-y)
        loss = loss + diff * diff
    return loss


def neuron_grads() -> Exercise:
    """05.1: [∂a/∂w1, ∂a/∂w2, ∂a/∂b] for a = tanh(w1·x1 + w2·x2 + b)."""
    (x1, x2), (w1, w2, b) = INPUTS, PARAMS
    params = [_Engine(p) for p in PARAMS]
    a = neuron(_Engine(x1), _Engine(x2), *params)
    a.backward()
    z = w1 * x1 + w2 * x2 + b
    slope = 1 - a.data ** 2
    return Exercise([p.grad for p in params], mistakes=(
        Mistake("the upstream gradient forgotten: tanh′ = 1 − a² left out", [x1, x2, 1.0]),
        Mistake("the wrong operand: ∂(w·x)/∂w is x, not w", [w1 * slope, w2 * slope, slope]),
        Mistake("tanh′ written with z: 1 − z², where it is 1 − tanh(z)²", [(1 - z * z) * x1, (1 - z * z) * x2,
                                                                             1 - z * z]),
    ))


def train(update, steps: int = STEPS, lr: float = LR) -> list[float]:
    """The notebook's training loop, on the engine: the loss before each step."""
    params = [_Engine(p) for p in START]
    losses = []
    for _ in range(steps):
        for p in params:
            p.grad = 0.0  # the engine's leaves accumulate; the student's backward zeroes them
        loss = total_loss(_Engine, *params)
        loss.backward()
        for p in params:
            p.data = update(p.data, p.grad, lr)
        losses.append(loss.data)
    return losses


def trained() -> Exercise:
    """05.2: the loss before the last of 25 steps of gradient descent with learning rate 0.1."""
    right = train(lambda data, grad, lr: data - lr * grad)[-1]
    return Exercise(right, mistakes=(
        Mistake("a step up the slope: p.data += lr · p.grad climbs the loss", train(
            lambda data, grad, lr: data + lr * grad)[-1]),
        Mistake("the step changed p.grad, not p.data: the parameters never moved", train(
            lambda data, grad, lr: data)[-1]),
    ))


def reference_loss() -> _Engine:
    """The loss graph at the starting parameters, on the engine (for a drawing)."""
    return total_loss(_Engine, *(_Engine(p, label=n) for p, n in zip(START, ("w1", "w2", "b"), strict=True)))


EXERCISES = {"05.1": neuron_grads, "05.2": trained}
