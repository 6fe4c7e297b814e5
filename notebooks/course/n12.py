"""Answer keys for 12 · Jacobians and the L-layer recursion. Every value is computed with the engine."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value
from autograd import sum as vsum
from autograd.exercise import Exercise, Mistake

Z = (0.5, -1.0, 2.0)
W_EX = ((1.0, 2.0, 0.0), (0.0, -1.0, 3.0), (2.0, 0.0, 1.0))
G_EX = (0.5, -1.0, 2.0)


def _diag(entries: list[float]) -> list[list[float]]:
    return [[entries[i] if i == j else 0.0 for j in range(len(entries))] for i in range(len(entries))]


def diag_jacobian() -> Exercise:
    zs = [Value(v) for v in Z]
    hs = [z.tanh() for z in zs]
    derivative = []
    for z, h in zip(zs, hs, strict=True):
        h.backward()                       # h_i depends on z_i only: one backward per unit
        derivative.append(z.grad)
    tanh_values = [h.data for h in hs]
    return Exercise(
        _diag(derivative),
        mistakes=(
            Mistake("g(z) on the diagonal: the Jacobian holds the derivative g′(z) = 1 − tanh²(z)",
                    _diag(tanh_values)),
            Mistake("the square is missing: tanh′(z) = 1 − tanh²(z), not 1 − tanh(z)",
                    _diag([1 - t for t in tanh_values])),
            Mistake("that is only the diagonal, a vector; the Jacobian is the 3 × 3 matrix with it on the diagonal",
                    derivative),
        ),
    )


def _through(matrix: tuple[tuple[float, ...], ...], transpose: bool) -> list[float]:
    """∂L/∂h for ŷ = M h (or Mᵀ h) and L = Σ g_k ŷ_k, by the engine."""
    h = [Value(0.3 * (k + 1)) for k in range(3)]
    rows = [list(r) for r in matrix]
    if transpose:
        rows = [list(c) for c in zip(*rows, strict=True)]
    y = [vsum([w * hj for w, hj in zip(row, h, strict=True)]) for row in rows]
    vsum([g * yk for g, yk in zip(G_EX, y, strict=True)]).backward()
    return [v.grad for v in h]


def linear_layer() -> Exercise:
    return Exercise(
        _through(W_EX, transpose=False),
        mistakes=(
            Mistake("W·∂L/∂ŷ: h_j feeds every output through column j of W, so it is Wᵀ·∂L/∂ŷ",
                    _through(W_EX, transpose=True)),
            Mistake("that is ∂L/∂ŷ itself: multiply it by the layer's Jacobian (transposed)", list(G_EX)),
        ),
    )


EXERCISES: dict[str, Callable[[], Exercise]] = {"12.1": diag_jacobian, "12.2": linear_layer}
