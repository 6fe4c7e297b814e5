"""Answer keys for notebook 15 (losses and generalisation), from the engine and nn's losses."""

from __future__ import annotations

from autograd import Value
from autograd.exercise import Exercise, Mistake
from nn import bce_with_logits, huber, mse


def huber_far_away() -> Exercise:
    r, delta = 3.0, 1.0
    p = Value(r)
    loss = huber([p], [0.0], delta=delta)
    loss.backward()
    half_square = Value(r)
    (0.5 * half_square ** 2).backward()
    sq = Value(r)
    mse([sq], [0.0]).backward()
    return Exercise(p.grad, mistakes=(
        Mistake("that is ½r²'s gradient r; beyond δ Huber is linear, with slope δ", half_square.grad),
        Mistake("that is the squared error's 2r", sq.grad),
        Mistake("that is the Huber loss itself, δ(|r| − δ/2), not its gradient", loss.data),
    ))


def confidently_wrong() -> Exercise:
    z = Value(-2.0)
    bce_with_logits([z], [1.0]).backward()
    s = Value(-2.0).sigmoid().data
    v = Value(-2.0)
    ((v.sigmoid() - 1.0) ** 2).backward()
    return Exercise(z.grad, mistakes=(
        Mistake("sign error: σ(z) − y is negative here (raising z lowers the loss)", -z.grad),
        Mistake("forgot the − y", s),
        Mistake("that is the squared error through the sigmoid, 2(σ − y)σ(1 − σ)", v.grad),
    ))


def dead_neuron_bias() -> Exercise:
    upstream = 5.0
    b = Value(0.0)
    z = Value(-3.0) + b                       # z = w·x + b on this sample: b adds into z with local 1
    (z.relu() * upstream).backward()
    return Exercise(b.grad, mistakes=(
        Mistake("the ReLU's local derivative is 0 for z < 0, so nothing passes", upstream * 1.0),
        Mistake("you multiplied by z; the ReLU's local derivative is 0 or 1, never z", upstream * z.data),
        Mistake("upstream forgotten, and relu'(z) taken as 1 (its value for z > 0)", 1.0),
    ))


EXERCISES = {"15.1": huber_far_away, "15.2": confidently_wrong, "15.3": dead_neuron_bias}
