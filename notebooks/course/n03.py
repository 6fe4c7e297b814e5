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


def tanh_edge() -> Exercise:
    """03.2: the local derivative on the edge of tanh(x) at x = 0.5."""
    x = _Engine(0.5)
    t = x.tanh()
    return Exercise(_locals(t), mistakes=(
        Mistake("tanh′ written with the input: 1 − x², where it is 1 − tanh(x)²", [1 - x.data ** 2]),
        Mistake("tanh′ taken as tanh itself: the output t, where it is 1 − t²", [t.data]),
        Mistake("tanh′ written as 1 − t, where it is 1 − t²", [1 - t.data]),
    ))


def exp_edge() -> Exercise:
    """03.3: the local derivative on the edge of exp(x) at x = 0.5."""
    x = _Engine(0.5)
    return Exercise(_locals(x.exp()), mistakes=(
        Mistake("exp′ taken as the input x, where it is eˣ, the output", [x.data]),
        Mistake("exp′ taken as 1, as if exp were the identity", [1.0]),
    ))


EXERCISES = {"03.1": product_edges, "03.2": tanh_edge, "03.3": exp_edge}
