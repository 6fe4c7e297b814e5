"""chainrule's networks: modules, losses, optimizers, toy data and training on scalar Values.

>>> from nn import MLP, explain_parameters
>>> model = MLP(3, [4, 2], seed=0)
>>> print(explain_parameters(model))
layer 0: 4 neurons × (3 inputs + 1 bias) = 16
layer 1: 2 neurons × (4 inputs + 1 bias) = 10
total: 16 + 10 = 26 parameters
"""

from autograd import gc_paused

from . import data, losses, matrix, optim, rules
from .layers import ACTIVATIONS, INITS, MLP, Layer, Neuron, explain_parameters
from .losses import (
    bce_with_logits,
    cross_entropy,
    hinge,
    huber,
    l2_penalty,
    log_sum_exp,
    mae,
    mse,
    softmax,
)
from .matrix import MatrixMLP
from .module import IncompatibleKeys, Module
from .naming import NodePath, path_of
from .optim import SGD, Adam, Optimizer, linear_decay, step_decay
from .train import History, fit, predict

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MLP",
    "SGD",
    "Adam",
    "History",
    "IncompatibleKeys",
    "Layer",
    "MatrixMLP",
    "Module",
    "Neuron",
    "NodePath",
    "Optimizer",
    "bce_with_logits",
    "cross_entropy",
    "data",
    "explain_parameters",
    "fit",
    "gc_paused",
    "hinge",
    "huber",
    "l2_penalty",
    "linear_decay",
    "log_sum_exp",
    "losses",
    "mae",
    "matrix",
    "mse",
    "optim",
    "path_of",
    "predict",
    "rules",
    "softmax",
    "step_decay",
]
