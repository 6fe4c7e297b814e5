"""Answer keys for notebook 03 (build your own Value), and the Value the notebook ends with.

Notebook 04 starts from :class:`Value` here (notebook 03's solution, put together). Every expected
answer and every named mistake is computed with the engine (``autograd``) on the same problem.
"""

from __future__ import annotations

import math

from autograd import Value as _Engine
from autograd.exercise import Exercise, Mistake


class Value:
    """A number that remembers how it was made: ``data``, ``grad`` and its ``edges``, one
    ``(parent, local derivative)`` pair per operand, as the slides draw a graph."""

    def __init__(self, data, edges=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self.edges = tuple(edges)  # ((parent, ∂self/∂parent), ...), one pair per use
        self.op = op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other):
        return type(self)(self.data + other.data, ((self, 1.0), (other, 1.0)), "+")

    def __mul__(self, other):
        return type(self)(self.data * other.data, ((self, other.data), (other, self.data)), "*")

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, ((self, 1 - t * t),), "tanh")

    def exp(self):
        e = math.exp(self.data)
        return type(self)(e, ((self, e),), "exp")


def _locals(node: _Engine) -> list[float]:
    return [local for _, local in node.edges]


def product_edges() -> Exercise:
    """03.1: the local derivatives on the two edges of x·y at x = 2, y = −3."""
    x, y = _Engine(2.0), _Engine(-3.0)
    right = _locals(x * y)
    return Exercise(right, mistakes=(
        Mistake("the wrong operand: ∂(x·y)/∂x is the OTHER factor, y", [x.data, y.data]),
        Mistake("the rule for +: a product's local derivatives are not 1", _locals(x + y)),
    ))


def tanh_exp_edges() -> Exercise:
    """03.2: the local derivatives of tanh(x) and exp(x) at x = 0.5."""
    x = _Engine(0.5)
    t, e = x.tanh(), x.exp()
    tanh_local, exp_local = _locals(t)[0], _locals(e)[0]
    return Exercise([tanh_local, exp_local], mistakes=(
        Mistake("tanh′ written with the input: 1 − x², where it is 1 − tanh(x)²", [1 - x.data ** 2, exp_local]),
        Mistake("tanh′ taken as tanh itself: the output t, where it is 1 − t²", [t.data, exp_local]),
        Mistake("exp′ taken as the input x, where it is eˣ, the output", [tanh_local, x.data]),
    ))


EXERCISES = {"03.1": product_edges, "03.2": tanh_exp_edges}
