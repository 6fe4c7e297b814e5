"""chainrule's engine: scalar reverse-mode automatic differentiation.

>>> from autograd import Value
>>> x, y = Value(2.0, label="x"), Value(1.0, label="y")
>>> f = ((x + y) ** 2).log()
>>> f.backward()
>>> round(x.grad, 6), round(y.grad, 6)
(0.666667, 0.666667)
"""

__version__ = "0.1.0"  # the package version, written only here (pyproject.toml reads it)

from .backward import EdgeStep, Step, backward, backward_steps, grad, topological_order, zero_grad
from .check import (
    Dual,
    EdgeCheck,
    GradcheckError,
    analytic_grads,
    check_edges,
    forward_mode_grad,
    gradcheck,
    numeric_grads,
    reverse_mode_grad,
)
from .define import define_op
from .expr import parse
from .ops import FUNCTIONS, OPS, Op, OpError
from .value import NonFiniteError, Value, check_finite, constant, gc_paused, no_grad
from .value import vsum as sum  # noqa: A004  (autograd.sum, an n-ary Σ node)

__all__ = [
    "FUNCTIONS",
    "OPS",
    "Dual",
    "EdgeCheck",
    "EdgeStep",
    "GradcheckError",
    "NonFiniteError",
    "Op",
    "OpError",
    "Step",
    "Value",
    "analytic_grads",
    "backward",
    "backward_steps",
    "check_edges",
    "check_finite",
    "constant",
    "define_op",
    "forward_mode_grad",
    "gc_paused",
    "grad",
    "gradcheck",
    "no_grad",
    "numeric_grads",
    "parse",
    "reverse_mode_grad",
    "sum",
    "topological_order",
    "zero_grad",
]
