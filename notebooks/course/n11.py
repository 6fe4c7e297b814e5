"""Answer keys for notebook 11 (backprop in matrix form): the same network and batch, on the engine."""

from __future__ import annotations

import numpy as np

from autograd.exercise import Exercise, Mistake
from nn import MLP, MatrixMLP
from nn.data import moons


def _problem() -> tuple[MLP, np.ndarray, np.ndarray]:
    model = MLP(2, [4, 3, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    X, y = moons(8, noise=0.1, seed=3)
    return model, X, y


def gradient_shape() -> Exercise:
    model, X, y = _problem()
    twin = MatrixMLP.from_mlp(model)
    twin.loss_and_grad(X, y, loss="mse")
    dW2 = twin.dW[1]                                          # ∇_{W^(2)} L, computed
    per_sample_df = (len(X), dW2.shape[0])                    # ∇_{f^(2)} L for the batch: one row per sample
    return Exercise(dW2.shape, close=0, mistakes=(
        Mistake("transposed: a gradient has the shape of what it is taken with respect to, and W^(2) is "
                "N^(2) × N^(1)", dW2.T.shape),
        Mistake("that is ∇_{f^(2)} L for the batch, one row per sample; (∇f)ᵀ g^(1) sums the samples away",
                per_sample_df),
        Mistake("the batch is summed: the loss is one number, so each weight has one gradient",
                (len(X), *dW2.shape)),
    ))


def column_form() -> Exercise:
    """Sample 0's share of ∇_{W^(1)} L (deck 001's first layer): ∇_{z_1} L (a_0)ᵀ, from the engine."""
    model, X, y = _problem()
    hidden = model.layers[0](X[0])                            # σ(z) for the 4 units of the first layer
    zs = [h.parents[0] for h in hidden]                       # the pre-activations z_1, as nodes
    out = model.layers[2](model.layers[1](hidden))[0]
    ((out - float(y[0])) ** 2 * (1 / len(X))).backward()      # sample 0's term of the batch's mean loss
    dz = np.array([[z.grad] for z in zs])                     # (4, 1): a column
    a_prev = X[[0]].T                                         # (2, 1): a column
    outer = np.array([[d * a for a in a_prev[:, 0]] for d in dz[:, 0]])
    return Exercise(outer, rtol=1e-9, mistakes=(
        Mistake("a_prev ∇zᵀ: the transpose (2 × 4); the neurons of layer ℓ index the ROWS", outer.T),
    ))


EXERCISES = {"11.1": gradient_shape, "11.2": column_form}
