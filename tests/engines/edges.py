"""A right engine as the slides draw it: each node keeps (parent, local derivative) per edge."""

import math


class Value:
    def __init__(self, data, edges=()):
        self.data = data
        self.grad = 0.0
        self.edges = tuple(edges)  # ((parent, ∂self/∂parent), ...), one per use

    def __add__(self, other):
        return type(self)(self.data + other.data, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other):
        return type(self)(self.data * other.data, ((self, other.data), (other, self.data)))

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, ((self, 1 - t * t),))

    def exp(self):
        e = math.exp(self.data)
        return type(self)(e, ((self, e),))

    def order(self):
        """Iterative depth-first post-order: every node after its parents."""
        topo, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                topo.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p, _ in node.edges)
        return topo

    def backward(self):
        topo = self.order()
        for node in topo:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(topo):
            for parent, local in node.edges:
                parent.grad += node.grad * local
