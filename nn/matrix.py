"""The numpy matrix twin of an MLP: the same network, batched, with hand-written backprop.

Layer ℓ holds ``W[ℓ]`` (shape M×D: one row per neuron) and ``b[ℓ]`` (shape M).
On a batch ``X`` of shape (B, N0) the forward pass is ``f = g @ W.T + b``,
``g = φ(f)`` with ``g = X`` for the first layer. The backward pass is the
lecture's equations, batched:

    ∇f = ∇g ⊙ φ'(f)        ∇W = (∇f)ᵀ g_prev        ∇b = Σ_batch ∇f        ∇g_prev = ∇f W

These are the scalar engine's sums, grouped into matrix products: the twin's
gradients equal the scalar MLP's to rounding (the tests check 1e-10).

>>> import numpy as np

>>> from nn import MLP, hinge, l2_penalty
>>> model = MLP(2, [4, 1], seed=0)
>>> twin = MatrixMLP.from_mlp(model)
>>> [W.shape for W in twin.W]
[(4, 2), (1, 4)]
>>> X, y = np.array([[0.5, -1.0], [1.0, 2.0]]), np.array([1, -1])
>>> loss = twin.loss_and_grad(X, y, loss="hinge", l2=1e-4)
>>> scalar = hinge([model(x) for x in X], y) + l2_penalty(model, 1e-4)
>>> scalar.backward()
>>> w = model.layers[0].neurons[1].w[0]   # W[0][1, 0]
>>> abs(loss - scalar.data) < 1e-12, bool(abs(twin.dW[0][1, 0] - w.grad) < 1e-12)
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.ops import is_real

from .layers import MLP, check_activation
from .rules import RULES, sigmoid, softplus

Array = np.ndarray[Any, Any]


# name -> (φ(f), φ'(f, g)): the op table's rules on arrays (nn.rules); φ' may use the output g,
# as the lecture's sigmoid rule does
ACTIVATIONS: dict[str, tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]] = {
    **{name: (RULES[name].forward, RULES[name].local) for name in ("relu", "tanh", "sigmoid", "leaky_relu",
                                                                  "softplus")},
    "linear": (lambda f: f, lambda f, g: np.ones_like(f)),
}


def loss_and_grad(out: Array, y: Array, loss: str, delta: float = 1.0) -> tuple[float, Array]:
    """A loss of :mod:`nn.losses` on a batch of outputs (B, K): ``(value, ∂L/∂out)``."""
    if loss == "cross_entropy":
        c = np.asarray(y).reshape(-1).astype(np.int64)
        if len(c) != len(out) or c.min() < 0 or c.max() >= out.shape[1]:
            raise ValueError(f"cross_entropy: need {len(out)} class indices in 0..{out.shape[1] - 1}")
        m = out.max(axis=1, keepdims=True)
        e = np.exp(out - m)
        s = e.sum(axis=1, keepdims=True)
        lse = (m + np.log(s))[:, 0]
        rows = np.arange(len(c))
        grad = e / s
        grad[rows, c] -= 1.0
        return float(np.mean(lse - out[rows, c])), grad / len(c)
    Y = np.asarray(y, dtype=np.float64)
    if Y.size != out.size:
        raise ValueError(f"{loss}: {out.size} outputs but {Y.size} targets")
    Y = Y.reshape(out.shape)
    n = out.size
    r = out - Y
    if loss == "mse":
        return float(np.mean(r * r)), 2.0 * r / n
    if loss == "mae":
        return float(np.mean(np.abs(r))), np.sign(r) / n
    if loss == "huber":
        small = np.abs(r) <= delta
        value = np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
        return float(np.mean(value)), np.where(small, r, delta * np.sign(r)) / n
    if loss == "hinge":
        if not np.all(np.isin(Y, (-1.0, 1.0))):
            raise ValueError("hinge: labels must be -1 or +1 (see nn.data.to_pm1)")
        margin = 1.0 - Y * out
        return float(np.mean(np.maximum(margin, 0.0))), np.where(margin > 0, -Y, 0.0) / n
    if loss == "bce":
        return float(np.mean(softplus(out) - out * Y)), (sigmoid(out) - Y) / n
    raise ValueError(f"unknown loss {loss!r}; choose one of: mse, mae, huber, hinge, bce, cross_entropy")


class MatrixMLP:
    """An MLP as weight matrices; see the module docstring for the equations."""

    def __init__(self, W: list[Array], b: list[Array], activations: list[str]) -> None:
        if not (len(W) == len(b) == len(activations)) or not W:
            raise ValueError("MatrixMLP needs one W, one b and one activation per layer")
        for i, (Wi, bi) in enumerate(zip(W, b, strict=True)):
            if Wi.ndim != 2 or bi.shape != (Wi.shape[0],):
                raise ValueError(f"layer {i}: W must be (M, D) and b (M,), got {Wi.shape} and {bi.shape}")
            if i and Wi.shape[1] != W[i - 1].shape[0]:
                raise ValueError(f"layer {i}: W has {Wi.shape[1]} inputs, layer {i - 1} has {len(W[i - 1])}")
        self.W = [np.array(Wi, dtype=np.float64) for Wi in W]
        self.b = [np.array(bi, dtype=np.float64) for bi in b]
        self.activations = [check_activation(a) for a in activations]
        self.dW = [np.zeros_like(Wi) for Wi in self.W]
        self.db = [np.zeros_like(bi) for bi in self.b]
        self._f: list[Array] = []
        self._g: list[Array] = []

    # -- to and from the scalar MLP --------------------------------------------

    @classmethod
    def from_mlp(cls, mlp: MLP) -> MatrixMLP:
        """Copy the scalar MLP's weights: ``W[ℓ][m, d] = layers.ℓ.neurons.m.w.d``."""
        W = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in mlp.layers]
        b = [np.array([n.b.data for n in layer.neurons]) for layer in mlp.layers]
        return cls(W, b, list(mlp.activations))

    def write_back(self, mlp: MLP) -> None:
        """Copy the weights into ``mlp`` (which must have the same architecture)."""
        if [layer.activation for layer in mlp.layers] != self.activations or \
                [(layer.nout, layer.nin) for layer in mlp.layers] != [W.shape for W in self.W]:
            raise ValueError(f"write_back: the MLP's architecture {mlp._describe()} differs from {self!r}")
        for layer, W, b in zip(mlp.layers, self.W, self.b, strict=True):
            for n, row, bias in zip(layer.neurons, W.tolist(), b.tolist(), strict=True):
                for w, x in zip(n.w, row, strict=True):
                    w.data = x
                n.b.data = bias

    def to_mlp(self) -> MLP:
        """A new scalar MLP with these weights."""
        mlp = MLP(self.W[0].shape[1], [W.shape[0] for W in self.W], activation=list(self.activations))
        self.write_back(mlp)
        return mlp

    # -- forward and backward ---------------------------------------------------

    def forward(self, X: Array) -> Array:
        """Outputs for a batch X of shape (B, N0): shape (B, M_L). Keeps f and g for backward."""
        g = np.asarray(X, dtype=np.float64)
        if g.ndim != 2 or g.shape[1] != self.W[0].shape[1]:
            raise ValueError(f"X must have shape (B, {self.W[0].shape[1]}), got {g.shape}")
        self._f, self._g = [], [g]
        for W, b, act in zip(self.W, self.b, self.activations, strict=True):
            f = g @ W.T + b
            g = ACTIVATIONS[act][0](f)
            self._f.append(f)
            self._g.append(g)
        return g

    def backward(self, grad_out: Array, l2: float = 0.0) -> None:
        """From ∂L/∂output (B, M_L) fill ``dW`` and ``db`` (plus ``2·l2·W`` for an L2 penalty)."""
        if not self._f:
            raise RuntimeError("backward() needs a forward() first")
        dg = grad_out
        for i in reversed(range(len(self.W))):
            df = dg * ACTIVATIONS[self.activations[i]][1](self._f[i], self._g[i + 1])
            self.dW[i] = df.T @ self._g[i]
            self.db[i] = df.sum(axis=0)
            if l2:
                self.dW[i] += 2.0 * l2 * self.W[i]
                self.db[i] += 2.0 * l2 * self.b[i]
            if i:
                dg = df @ self.W[i]

    def loss_and_grad(self, X: Array, y: Array, loss: str = "mse", l2: float = 0.0,
                      delta: float = 1.0) -> float:
        """Forward, loss (+ ``l2 · Σ p²``), backward; returns the loss, fills ``dW``/``db``."""
        if not is_real(l2) or l2 < 0:
            raise ValueError(f"l2 must be a number >= 0, got {l2!r}")
        value, grad = loss_and_grad(self.forward(X), y, loss, delta)
        if l2:
            pairs = zip(self.W, self.b, strict=True)
            value += l2 * sum(float(np.sum(W * W)) + float(np.sum(b * b)) for W, b in pairs)
        self.backward(grad, l2)
        return value

    def sgd_step(self, lr: float) -> None:
        """``W ← W - lr·∇W``, ``b ← b - lr·∇b`` (plain SGD, as ``nn.optim.SGD`` without momentum)."""
        for W, b, dW, db in zip(self.W, self.b, self.dW, self.db, strict=True):
            W -= lr * dW
            b -= lr * db

    def named_grads(self) -> dict[str, float]:
        """The gradients under the scalar MLP's parameter names (``layers.0.neurons.3.w.1``)."""
        out: dict[str, float] = {}
        for i, (dW, db) in enumerate(zip(self.dW, self.db, strict=True)):
            for m, (row, bias) in enumerate(zip(dW.tolist(), db.tolist(), strict=True)):
                for d, x in enumerate(row):
                    out[f"layers.{i}.neurons.{m}.w.{d}"] = x
                out[f"layers.{i}.neurons.{m}.b"] = bias
        return out

    def predict(self, X: Array) -> Array:
        """Outputs as ``nn.predict`` gives them: (B,) for one output, else (B, K)."""
        out = self.forward(X)
        return out[:, 0] if out.shape[1] == 1 else out

    def __repr__(self) -> str:
        sizes = ", ".join(f"{W.shape[0]} {a}" for W, a in zip(self.W, self.activations, strict=True))
        count = sum(W.size + b.size for W, b in zip(self.W, self.b, strict=True))
        return f"MatrixMLP({self.W[0].shape[1]} → [{sizes}], {count} parameters)"
