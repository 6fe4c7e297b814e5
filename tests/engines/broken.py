"""One broken engine per classic bug: each is the right edges engine with that one mistake."""

import math

from tests.engines.edges import Value


class Seed(Value):
    """∂L/∂L never set: backward starts from grad 0."""

    def backward(self):
        topo = self.order()
        for node in topo:
            node.grad = 0.0
        for node in reversed(topo):
            for parent, local in node.edges:
                parent.grad += node.grad * local


class Operand(Value):
    """∂(x·y)/∂x written as x: the local derivative of the other operand."""

    def __mul__(self, other):
        return type(self)(self.data * other.data, ((self, self.data), (other, other.data)))


class TanhRule(Value):
    """tanh' written with the input: 1 − x² instead of 1 − tanh(x)²."""

    def tanh(self):
        return type(self)(math.tanh(self.data), ((self, 1 - self.data ** 2),))


class CountedOnce(Value):
    """Parents kept in a dict keyed by parent: x*x keeps one edge, not two."""

    def __init__(self, data, edges=()):
        super().__init__(data, tuple(dict(edges).items()))


class Overwrite(Value):
    """grad = ... instead of grad += ...: the last contribution wins."""

    def backward(self):
        topo = self.order()
        for node in topo:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(topo):
            for parent, local in node.edges:
                parent.grad = node.grad * local


class Order(Value):
    """No topological order: nodes visited breadth-first from the root."""

    def backward(self):
        queue, seen = [self], {id(self)}
        for node in queue:
            for parent, _ in node.edges:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    queue.append(parent)
        for node in queue:
            node.grad = 0.0
        self.grad = 1.0
        for node in queue:
            for parent, local in node.edges:
                parent.grad += node.grad * local


class NotZeroed(Value):
    """No zeroing: a second backward adds the first one's interior grads again (micrograd's way)."""

    def backward(self):
        self.grad = 1.0
        for node in reversed(self.order()):
            for parent, local in node.edges:
                parent.grad += node.grad * local


class Recursive(Value):
    """A recursive topological sort, as in micrograd: fine for small graphs, dies past the limit."""

    def order(self):
        topo, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent, _ in node.edges:
                    visit(parent)
                topo.append(node)
        visit(self)
        return topo


BY_BUG = {
    "seed": Seed,
    "operand": Operand,
    "rule tanh": TanhRule,
    "counted once": CountedOnce,
    "overwrite": Overwrite,
    "order": Order,
    "not zeroed": NotZeroed,
    "recursion": Recursive,
}
