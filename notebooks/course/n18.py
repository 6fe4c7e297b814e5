"""Answer keys for notebook 18 (second derivatives): the student writes functions, which are run on a few
problems (so a closed form for one of them, or a typed-in √2, does not pass); the expected numbers come from
the engine's grad of grad."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value, grad
from autograd.exercise import Exercise, Mistake

Fn = Callable[[Value], Value]
# second(f, x) runs on these: σ (the exercise's), then two more so that σ's closed form alone cannot pass
SECOND_AT: tuple[tuple[Fn, float], ...] = (
    (lambda v: v.sigmoid(), 0.3),
    (lambda v: v.tanh() * v, -0.7),
    (lambda v: v ** 3 - 2 * v, 1.5),
)
# newton(g, x, steps) runs on these: (g, start, steps)
NEWTON_AT: tuple[tuple[Fn, float, int], ...] = (
    (lambda v: v ** 3 / 3 - 2 * v, 1.0, 6),      # the exercise's: √2
    (lambda v: v ** 3 / 3 - 2 * v, 1.0, 2),      # two steps: not yet √2
    (lambda v: v ** 4 / 4 - 3 * v, 1.5, 6),      # ∛3
)


def _derivatives(f: Fn, x: float) -> tuple[float, float, float]:
    v = Value(x)
    out = f(v)
    (d1,) = grad(out, [v], create_graph=True)
    (d2,) = grad(d1, [v])
    return out.data, d1.data, d2


def read_second(second: Callable[..., object]) -> list[object]:
    return [second(f, x) for f, x in SECOND_AT]


def sigma_second() -> Exercise:
    rows = [_derivatives(f, x) for f, x in SECOND_AT]
    return Exercise([d2 for _, _, d2 in rows], mistakes=(
        Mistake("one grad call only: that is f′(x); call grad again on its result (create_graph=True)",
                [d1 for _, d1, _ in rows]),
        Mistake("that is f(x) itself, no grad call", [f for f, _, _ in rows]),
        Mistake("sign error: for σ, σ″ = σ(1 − σ)(1 − 2σ), and 1 − 2σ < 0 for z > 0", [-d2 for _, _, d2 in rows]),
    ))


def _newton(g: Fn, x: float, steps: int, direction: float = -1.0, use_curvature: bool = True) -> float:
    for _ in range(steps):
        _, d1, d2 = _derivatives(g, x)
        x = x + direction * d1 / (d2 if use_curvature else 1.0)
    return x


def read_newton(newton: Callable[..., object]) -> list[object]:
    return [newton(g, x, steps) for g, x, steps in NEWTON_AT]


def sqrt2_by_newton() -> Exercise:
    return Exercise([_newton(g, x, n) for g, x, n in NEWTON_AT], rtol=1e-9, mistakes=(
        Mistake("one step too few (range(steps - 1)?)", [_newton(g, x, n - 1) for g, x, n in NEWTON_AT]),
        Mistake("stepped the wrong way, x + g′/g″: Newton subtracts", [_newton(g, x, n, direction=+1.0)
                                                                     for g, x, n in NEWTON_AT]),
        Mistake("that is gradient descent with step 1 (x − g′), not Newton's x − g′/g″",
                [_newton(g, x, n, use_curvature=False) for g, x, n in NEWTON_AT]),
    ))


EXERCISES = {"18.1": sigma_second, "18.2": sqrt2_by_newton}
READ = {"18.1": read_second, "18.2": read_newton}
