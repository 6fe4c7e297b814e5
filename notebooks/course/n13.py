"""Answer keys for notebook 13 (universal approximation): deck 002's ReLU pair, on the engine."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograd import Value
from autograd.exercise import Exercise, Mistake

Act = Callable[[Value], Value]


def _h(t: float, c: float, b: float, d: float, g1: Act = Value.relu, g2: Act = Value.relu,
       half: float | None = None) -> float:
    z = Value(t)
    off = 1 / (2 * d) if half is None else half
    return (g1(c * (z - b) + off) - g2(c * (z - b) - off)).data


def point_on_the_ramp() -> Exercise:
    t, c, b, d = 0.55, 4.0, 0.5, 2.0
    identity: Act = lambda u: u
    return Exercise(_h(t, c, b, d), mistakes=(
        Mistake("both ReLUs taken as on, the case u > 1/(2d) (the top of the step, 1/d); but u = c(z − b) is "
                "below 1/(2d): still on the ramp", _h(t, c, b, d, identity, identity)),
        Mistake("forgot the + 1/(2d) inside the first ReLU: on the ramp h = u + 1/(2d)",
                (Value(c * (t - b)).relu() - Value(c * (t - b) - 1 / (2 * d)).relu()).data),
        Mistake("u is c(z − b), not z − b", _h(t, 1.0, b, d)),
    ))


def _rows(pre: Callable[[Value, float], Value]) -> np.ndarray:
    """The rows (slope, constant) of the two hidden units' pre-activations, read off the engine."""
    rows = []
    for sign in (+1, -1):
        z = Value(0.0)
        u = pre(z, sign)
        u.backward()
        rows.append([z.grad, u.data])      # slope ∂u/∂z and the constant u(0): W₁'s row for the input [z, 1]
    return np.array(rows)


def two_rows_of_W1() -> Exercise:
    b, c, d = 1.0, 2.0, 0.5
    return Exercise(_rows(lambda z, s: c * (z - b) + s / (2 * d)), mistakes=(
        Mistake("forgot to multiply b by c: c(z − b) = c·z − b·c", _rows(lambda z, s: c * z - b + s / (2 * d))),
        Mistake("sign error: the constant is −b·c ± 1/(2d)", _rows(lambda z, s: c * (z + b) + s / (2 * d))),
        Mistake("1/(2d) read as d/2", _rows(lambda z, s: c * (z - b) + s * d / 2)),
    ))


EXERCISES = {"13.1": point_on_the_ramp, "13.2": two_rows_of_W1}
