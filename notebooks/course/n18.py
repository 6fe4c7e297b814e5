"""Answer keys for notebook 18 (second derivatives): grad of grad, and Newton's method, on the engine."""

from __future__ import annotations

from autograd import Value, grad
from autograd.exercise import Exercise, Mistake


def sigma_second() -> Exercise:
    z = Value(0.3)
    s = z.sigmoid()
    (ds,) = grad(s, [z], create_graph=True)
    (d2s,) = grad(ds, [z])
    return Exercise(d2s, mistakes=(
        Mistake("one grad call only: that is σ′(0.3); call grad again on its result (create_graph=True)", ds.data),
        Mistake("that is σ(0.3) itself, no grad call", s.data),
        Mistake("sign error: σ″ = σ(1 − σ)(1 − 2σ), and 1 − 2σ < 0 for z > 0", -d2s),
    ))


def _newton(steps: int, direction: float = -1.0, use_curvature: bool = True) -> float:
    x = 1.0
    for _ in range(steps):
        v = Value(x)
        (g1,) = grad(v ** 3 / 3 - 2 * v, [v], create_graph=True)
        (g2,) = grad(g1, [v])
        x = x + direction * g1.data / (g2 if use_curvature else 1.0)
    return x


def sqrt2_by_newton() -> Exercise:
    return Exercise(_newton(6), rtol=1e-12, mistakes=(
        Mistake("one Newton step only; run six", _newton(1)),
        Mistake("two Newton steps only; run six", _newton(2)),
        Mistake("stepped the wrong way, x + g′/g″: Newton subtracts", _newton(6, direction=+1.0)),
        Mistake("that is gradient descent with step 1 (x − g′), not Newton's x − g′/g″", _newton(6, use_curvature=False)),
    ))


EXERCISES = {"18.1": sigma_second, "18.2": sqrt2_by_newton}
