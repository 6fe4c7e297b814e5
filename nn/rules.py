"""numpy versions of the op table's rules, for the matrix twin (``nn.matrix``).

The op table (``autograd.ops``, standard library only) is the source: each
:class:`Rule` here is named after its row of ``autograd.OPS`` and computes, on a
whole array, the same forward value and the same local derivative as that row
does for one float, branch for branch (the same stable forms, the same kinks,
the same nan and inf). ``tests/nn/test_nn_rules.py`` checks every rule against
its row at thousands of points, extremes included.

``local(a, out)`` takes the input and the output, as the op table's ``local`` does.

>>> import numpy as np
>>> from autograd import OPS
>>> a = np.array([-2.0, 0.0, 3.0])
>>> RULES["softplus"].forward(a).tolist() == [OPS["softplus"].forward(x) for x in a.tolist()]
True
>>> RULES["relu"].local(a, RULES["relu"].forward(a)).tolist()
[0.0, 0.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from autograd.ops import LEAKY_SLOPE

Array = np.ndarray[Any, Any]


class Rule(NamedTuple):
    """One op-table row on arrays: ``forward(a) -> out`` and ``local(a, out) -> ∂out/∂a``."""

    forward: Callable[[Array], Array]
    local: Callable[[Array, Array], Array]


def _nan_where_nan(a: Array, value: Array) -> Array:
    return np.where(np.isnan(a), np.nan, value)


def sigmoid(a: Array) -> Array:
    """``OPS["sigmoid"]``: 1/(1 + e^-a) for a >= 0, e^a/(1 + e^a) below, so nothing overflows."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softplus(a: Array) -> Array:
    """``OPS["softplus"]``: log(1 + e^a) = max(a, 0) + log1p(e^-|a|)."""
    return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


def relu(a: Array) -> Array:
    """``OPS["relu"]``: a for a > 0, else 0 (nan stays nan)."""
    return _nan_where_nan(a, np.where(a > 0, a, 0.0))


def relu_local(a: Array, out: Array) -> Array:
    """``OPS["relu"].local``: 0 for a <= 0, else 1 (the subgradient at 0 is 0; 1 at nan, as torch)."""
    return np.where(a <= 0, 0.0, 1.0)


def leaky_relu(a: Array, slope: float = LEAKY_SLOPE) -> Array:
    """``OPS["leaky_relu"]``: a for a > 0, else slope·a."""
    return np.where(a > 0, a, a * slope)


def leaky_relu_local(a: Array, out: Array, slope: float = LEAKY_SLOPE) -> Array:
    """``OPS["leaky_relu"].local`` (for ∂/∂a): 1 for a > 0, else slope (slope at nan, as torch)."""
    return np.where(a > 0, 1.0, slope)


RULES: dict[str, Rule] = {
    "relu": Rule(relu, relu_local),
    "tanh": Rule(np.tanh, lambda a, out: 1.0 - out * out),
    "sigmoid": Rule(sigmoid, lambda a, out: out * (1.0 - out)),
    "leaky_relu": Rule(leaky_relu, leaky_relu_local),  # at the default slope, autograd.ops.LEAKY_SLOPE
    "softplus": Rule(softplus, lambda a, out: sigmoid(a)),
}
"""The op-table rows the matrix twin uses, by their ``autograd.OPS`` name."""
