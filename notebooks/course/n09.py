"""Answer keys for notebook 09 (one SGD step by hand): deck 000's scalar network, on the engine."""

from __future__ import annotations

from autograd import Value, grad
from autograd.exercise import Exercise, Mistake

X, Y, ETA = 1.5, 0.5, 0.1
START = dict(w1=0.8, b1=-0.2, w2=1.2, b2=0.1)


def _network() -> tuple[dict[str, Value], dict[str, Value]]:
    p = {k: Value(v) for k, v in START.items()}
    a1 = p["w1"] * X + p["b1"]
    z1 = a1.sigmoid()
    o = p["w2"] * z1 + p["b2"]
    C = (o - Y) ** 2
    C.backward()
    return p, dict(a1=a1, z1=z1, o=o, C=C)


def output_weight_gradient() -> Exercise:
    p, n = _network()
    dC_do, z1 = n["o"].grad, n["z1"].data
    return Exercise(p["w2"].grad, mistakes=(
        Mistake("forgot the 2 from the square: ∂C/∂o = 2(o − y)", (n["o"].data - Y) * z1),
        Mistake("forgot the local derivative ∂a^(2)/∂w^(2) = z^(1)", dC_do),
        Mistake("the other operand's derivative: ∂(w^(2)·z^(1))/∂w^(2) is z^(1), not w^(2)", dC_do * p["w2"].data),
        Mistake("sign error: ∂C/∂o = 2(o − y), and o > y here", -p["w2"].grad),
    ))


def updated_hidden_weight() -> Exercise:
    p, n = _network()
    w1, g = START["w1"], p["w1"].grad
    dC_dz1 = n["z1"].grad                     # before the sigmoid's local derivative
    dC_da1 = n["a1"].grad                     # before the last factor x
    return Exercise(w1 - ETA * g, mistakes=(
        Mistake("sign error: gradient DESCENT subtracts η·∂C/∂w", w1 + ETA * g),
        Mistake("forgot the learning rate η", w1 - g),
        Mistake("forgot the sigmoid's local derivative φ'(a^(1)) = z^(1)(1 − z^(1))", w1 - ETA * dC_dz1 * X),
        Mistake("forgot the last factor ∂a^(1)/∂w^(1) = x", w1 - ETA * dC_da1),
    ))


def largest_learning_rate() -> Exercise:
    x, y = 2.0, 1.0                           # L(w) = (w·x − y)², section 4
    w = Value(0.0)
    (dL,) = grad((w * x - y) ** 2, [w], create_graph=True)
    (curvature,) = grad(dL, [w])              # L'' = 2x²: one step multiplies w − w* by 1 − η·L''
    return Exercise(2 / curvature, mistakes=(
        Mistake("at that η one step lands exactly on w* (1 − ηL'' = 0); larger η still converge, overshooting",
                1 / curvature),
        Mistake("forgot the 2 of the square: ∂L/∂w = 2x(wx − y), so L'' = 2x²", 2 / (curvature / 2)),
    ))


EXERCISES = {"09.1": output_weight_gradient, "09.2": updated_hidden_weight, "09.3": largest_learning_rate}
