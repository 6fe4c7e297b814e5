"""Answer keys for 19 · PyTorch and vector-Jacobian products. Computed with the engine (no torch needed)."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value
from autograd import sum as vsum
from autograd.exercise import Exercise, Mistake

X0 = (1.0, 2.0, 3.0)
V = (2.0, -1.0)


def _vjp(seeds: tuple[float, ...]) -> tuple[list[float], int]:
    """Σ seeds_i f_i differentiated for f(x) = (x1·x2, x1 + x3²): returns vᵀJ and the number of outputs."""
    x = [Value(t) for t in X0]
    outs = [x[0] * x[1], x[0] + x[2] ** 2]
    vsum([s * f for s, f in zip(seeds, outs, strict=True)]).backward()
    return [t.grad for t in x], len(outs)


def vjp() -> Exercise:
    right, _ = _vjp(V)
    return Exercise(
        right,
        mistakes=(
            Mistake("v is missing: that is (1, 1)ᵀJ, the sum of J's rows; weight row i by v_i",
                    _vjp((1.0, 1.0))[0]),
            Mistake("only the first output's row, v₁·(row 1): the second output contributes v₂·(row 2) too",
                    _vjp((V[0], 0.0))[0]),
        ),
    )


def jacobian_shape() -> Exercise:
    outputs, inputs = _vjp(V)[1], len(X0)
    return Exercise((outputs, inputs), close=0,
                    mistakes=(Mistake("transposed: torch's Jacobian has one row per output, one column per input",
                                      (inputs, outputs)),))


EXERCISES: dict[str, Callable[[], Exercise]] = {"19.1": vjp, "19.2": jacobian_shape}
