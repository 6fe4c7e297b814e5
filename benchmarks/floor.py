"""The object floor: the least any one-object-per-node engine can do in pure Python.

One ``__slots__`` object per node with its data, grad, flat ``(parent, local, ...)`` edges
and a creation stamp; ops written out by hand (no table, no checks, no modes); backward
collects the graph breadth-first, sorts it by stamp and runs one loop. Numbers are kept on
the edge, as chainrule does. The workloads build with it the graph micrograd builds.
"""

from __future__ import annotations

import itertools
from operator import attrgetter
from typing import Any

_stamp = itertools.count()
_by_stamp = attrgetter("stamp")


class Node:
    __slots__ = ("data", "grad", "edges", "stamp")

    def __init__(self, data: float, edges: tuple[Any, ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self.edges = edges  # flat: parent, local, parent, local, ...
        self.stamp = next(_stamp)

    def __add__(self, other: Node | float) -> Node:
        if isinstance(other, Node):
            return Node(self.data + other.data, (self, 1.0, other, 1.0))
        return Node(self.data + other, (self, 1.0))

    __radd__ = __add__

    def __mul__(self, other: Node | float) -> Node:
        if isinstance(other, Node):
            return Node(self.data * other.data, (self, other.data, other, self.data))
        return Node(self.data * other, (self, other))

    __rmul__ = __mul__

    def relu(self) -> Node:
        d = self.data
        return Node(d, (self, 1.0)) if d > 0.0 else Node(0.0, (self, 0.0))

    def backward(self) -> None:
        seen = {self}
        nodes = [self]
        for node in nodes:
            for parent in node.edges[::2]:
                if parent not in seen:
                    seen.add(parent)
                    nodes.append(parent)
        nodes.sort(key=_by_stamp)
        self.grad = 1.0
        for node in reversed(nodes):
            upstream = node.grad
            edges = node.edges
            for i in range(0, len(edges), 2):
                edges[i].grad += upstream * edges[i + 1]
