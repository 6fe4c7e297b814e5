"""Answer keys for notebook 00 (notation): shapes, indices and counts, read off the library's own objects."""

from __future__ import annotations

import numpy as np

from autograd.exercise import Exercise, Mistake
from nn import MLP, MatrixMLP

SIZES = (3, [4, 3, 2])  # the exercises' network 3 -> 4 -> 3 -> 2


def _deep() -> MatrixMLP:
    return MatrixMLP.from_mlp(MLP(*SIZES, seed=0))


def shape_of_W2() -> Exercise:
    deep = _deep()
    W2, b2 = deep.W[1], deep.b[1]   # the slides' W^(2) is the second weight matrix, W[1] in Python
    return Exercise(W2.shape, close=0, mistakes=(
        Mistake("transposed: W^(ℓ) has one ROW per neuron of layer ℓ (n_ℓ × n_{ℓ−1}); only deck 004's pseudocode "
                "(W_lᵀ a^(l−1)) stores it the other way round", W2.T.shape),
        Mistake("off by one layer: W^(2) maps a^(1) to a^(2); that shape is W^(3)'s", deep.W[2].shape),
        Mistake("a bias column counted, as deck 002's augmented matrix does; here the bias is a separate "
                "vector b^(2)", np.hstack([W2, b2[:, None]]).shape),
    ))


def index_of_w2_23() -> Exercise:
    to, frm = 2, 3          # deck 000: w^2_{2,3}, "from the third neuron in layer 1 to the second in layer 2"
    return Exercise((to - 1, frm - 1), close=0, mistakes=(
        Mistake("rows and columns swapped: the row is the neuron the weight goes TO (w_{to,from})", (frm - 1, to - 1)),
        Mistake("those are the slide's one-based numbers; numpy counts from 0", (to, frm)),
        Mistake("swapped and one-based: the row is the 'to' neuron, and numpy counts from 0", (frm, to)),
    ))


def deck004_layers() -> Exercise:
    deep = _deep()
    layers_of_neurons = len(deep.W)
    return Exercise(layers_of_neurons + 1, close=0, mistakes=(
        Mistake("that is the course's (and deck 000's) count L; deck 004's sentence adds the input layer",
                layers_of_neurons),
        Mistake("counted the hidden layers only; the output layer is a layer of neurons too", layers_of_neurons - 1),
    ))


EXERCISES = {"00.1": shape_of_W2, "00.2": index_of_w2_23, "00.3": deck004_layers}
