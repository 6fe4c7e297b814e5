"""Answer keys for notebook 04 (build your own backward), and the Value the notebook ends with.

Notebook 05 starts from :class:`Value` here: notebook 03's Value with notebook 04's
``topological_order`` and ``backward``. Expected answers and named mistakes are computed with the
engine (``autograd``), applying each mistake to the same graph.
"""

from __future__ import annotations

from autograd import Value as _Engine
from autograd import topological_order as _engine_order
from autograd.exercise import Exercise, Mistake

from .n03 import Value as _Value03


def topological_order(root):
    """Every node ``root`` depends on, each after its parents, ``root`` last (no recursion)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent, _ in reversed(node.edges))
    return order


class Value(_Value03):
    """Notebook 03's Value with a backward pass."""

    def backward(self):
        order = topological_order(self)
        for node in order:
            node.grad = 0.0  # a second backward starts again from zero
        self.grad = 1.0  # ∂L/∂L = 1
        for node in reversed(order):  # the root first, each node after every node that uses it
            for parent, local in node.edges:
                parent.grad += node.grad * local  # ∂L/∂parent += ∂L/∂node · ∂node/∂parent


def _order_graph() -> _Engine:
    x = _Engine(0.5, label="x")
    a = x.tanh()
    a.label = "a"
    b = a * x
    b.label = "b"
    out = b + a
    out.label = "L"
    return out


def _no_visited_set(root: _Engine) -> list[float]:
    """Depth-first post-order with no visited set: a node is listed once per path to it."""
    out: list[float] = []
    stack: list[tuple[_Engine, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            out.append(node.data)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return out


def order() -> Exercise:
    """04.1: the data of the nodes, in topological order, of x; a = tanh(x); b = a·x; L = b + a
    (the checker compares numbers; the only order possible is x, a, b, L)."""
    root = _order_graph()
    right = [node.data for node in _engine_order(root)]
    return Exercise(right, mistakes=(
        Mistake("the root first: that is the order backward visits, the topological order reversed",
                right[::-1]),
        Mistake("no visited set: a node is listed once for every path that reaches it", _no_visited_set(root)),
    ))


def overwrite() -> Exercise:
    """04.2: x.grad that `=` instead of `+=` gives on a = x·y; L = a + x at x = 3, y = −2."""
    x, y = _Engine(3.0, label="x"), _Engine(-2.0, label="y")
    root = x * y + x
    nodes = _engine_order(root)

    def run(update) -> float:
        grads = dict.fromkeys(nodes, 0.0)
        grads[root] = 1.0
        for node in reversed(nodes):
            for parent, local in node.edges:
                grads[parent] = update(grads[parent], grads[node] * local)
        return grads[x]

    return Exercise(run(lambda old, new: new), mistakes=(
        Mistake("that is the right gradient, the one += gives: with =, a later contribution replaces an "
                "earlier one", run(lambda old, new: old + new)),
        Mistake("the first contribution only (through L = a + x): with =, the later one, through a, "
                "replaces it", run(lambda old, new: old if old else new)),
    ))


EXERCISES = {"04.1": order, "04.2": overwrite}
