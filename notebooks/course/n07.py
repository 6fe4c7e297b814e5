"""Answer keys for 07 · Gradient descent. Every value, right or wrong, is computed with the engine."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value
from autograd import sum as vsum
from autograd.exercise import Exercise, Mistake


def _grad_f(x: float, y: float, twist: bool = True) -> list[float]:
    """∇f of f = x² + 3y² + sin(xy) (twist=False drops the sin(xy) term), by the engine."""
    xv, yv = Value(x), Value(y)
    f = xv**2 + 3 * yv**2
    if twist:
        f = f + (xv * yv).sin()
    f.backward()
    return [xv.grad, yv.grad]


def one_step() -> Exercise:
    p, eta = [1.0, 0.0], 0.1
    g = _grad_f(*p)
    g_plain = _grad_f(*p, twist=False)
    return Exercise(
        [p[k] - eta * g[k] for k in range(2)],
        mistakes=(
            Mistake("ascent: p + η∇f goes uphill; descent subtracts the gradient",
                    [p[k] + eta * g[k] for k in range(2)]),
            Mistake("η forgotten: the step is η∇f, not ∇f", [p[k] - g[k] for k in range(2)]),
            Mistake("that is the step −η∇f; the question asks for the new point p − η∇f",
                    [-eta * g[k] for k in range(2)]),
            Mistake("the sin(xy) term was dropped: its derivative adds x·cos(xy) = 1 to ∂f/∂y at (1, 0)",
                    [p[k] - eta * g_plain[k] for k in range(2)]),
        ),
    )


def _gradient(n: int, reduce: str) -> float:
    """∂L/∂w of the squared error of ŷ = w·x over n fixed samples at w = 0, summed or averaged."""
    w = Value(0.0)
    L = vsum([(0.5 + 0.1 * i - w * (1.0 + 0.05 * i)) ** 2 for i in range(n)])
    if reduce == "mean":
        L = L * (1 / n)
    L.backward()
    return w.grad


def summed_eta() -> Exercise:
    n, eta_mean = 40, 0.05
    ratio = _gradient(n, "sum") / _gradient(n, "mean")          # N, measured on the engine
    return Exercise(
        eta_mean / ratio,
        mistakes=(
            Mistake("multiplied by N: the summed loss's gradient is already N times larger, so η must be "
                    "divided by N", eta_mean * ratio),
            Mistake("η unchanged: the summed loss's gradient is N times the mean's, so each step would be "
                    "N times longer", eta_mean),
        ),
    )


def quarter_step() -> Exercise:
    eta0, tau = 0.2, 30

    def first(fraction: float) -> int:
        t = 0
        while eta0 / (1 + t / tau) > fraction * eta0:
            t += 1
        return t

    return Exercise(first(1 / 4), close=0,
                    mistakes=(Mistake("that is where η falls to a third of η₀ (1 + t/τ = 3)", first(1 / 3)),
                              Mistake("that is where η falls to half of η₀ (1 + t/τ = 2)", first(1 / 2)),
                              Mistake("that is 4τ, where η is a fifth of η₀: a quarter needs 1 + t/τ = 4", first(1 / 5))))


EXERCISES: dict[str, Callable[[], Exercise]] = {"07.1": one_step, "07.2": summed_eta, "07.3": quarter_step}
