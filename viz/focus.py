"""Step through one part of a network: ``viz.step(loss, focus=model.layers[1].neurons[2])``.

The whole backward pass runs on the real graph first. Then the focused module's own nodes
(every node whose label starts with the module's dotted name) are copied into a small graph
with the same data and the same local derivatives:

- the module's inputs (the previous layer's outputs) become leaves;
- everything after the module is folded into ONE op, ``rest of network``, whose local
  derivative for each of the module's outputs is the gradient that reached that output from
  outside the module (Σ over its outside consumers of their grad × local).

Backward through the copy therefore gives the module's nodes exactly the gradients of the
real pass, and the inputs this module's share of theirs.
"""

from __future__ import annotations

from typing import Any

from autograd import Value, topological_order
from autograd.value import _node

from ._graph import short
from .explain import run

FOLD = "rest of network"


def focus_graph(root: Value, focus: object) -> tuple[Value, str]:
    """The copy described above, and one line saying what was folded."""
    name = getattr(focus, "name", None)
    if not isinstance(name, str) or not callable(getattr(focus, "parameters", None)):
        raise TypeError(f"focus= needs a module of the network (model.layers[1].neurons[2]), "
                        f"got {type(focus).__name__}")
    if not name:
        raise ValueError("focus=: this module has no name inside a network; pass a part of the model "
                         "(model.layers[1].neurons[2]), or step through the whole graph without focus=")
    order = topological_order(root)
    prefix = name + "."
    members = {n for n in order if n.label.startswith(prefix)}
    if not members:
        raise ValueError(f"focus=: no node of this graph belongs to {name!r}; was the loss computed "
                         f"by this model after it was built?")
    run(root)  # the real backward pass: every grad below is the real one
    children: dict[Value, list[tuple[Value, float]]] = {}
    for node in order:
        for parent, local in node.edges:
            children.setdefault(parent, []).append((node, local))
    for node in reversed(order):  # an unlabelled interior node that only feeds the module joins it
        if not node.label and not node.is_leaf and children.get(node) \
                and all(c in members for c, _ in children[node]):
            members.add(node)

    copy: dict[Value, Value] = {}
    inputs = 0
    for node in order:
        if node not in members:
            continue
        edges: list[Any] = []
        for parent, local in node.edges:
            if parent not in copy:  # an input from outside the module: a leaf here
                inputs += 1
                copy[parent] = Value(parent.data, label=parent.label or f"in{inputs}")
            edges += [copy[parent], local]
        if node.is_leaf:
            copy[node] = Value(node.data, label=node.label)
        else:
            copy[node] = _node(node.data, node.op, tuple(edges), node.const)
            if node.offset:  # a Σ node's numbers (autograd keeps them apart from const)
                copy[node]._offset = node.offset
            copy[node].label = node.label
    outside = {}
    for node in order:
        if node in members:
            upstream = sum(c.grad * local for c, local in children.get(node, []) if c not in members)
            if node is not root and any(c not in members for c, _ in children.get(node, [])):
                outside[node] = upstream
    if root in members and not outside:
        return copy[root], f"Focus on {short(name)}."
    edges = [x for node, g in outside.items() for x in (copy[node], g)]
    fold = _node(root.data, FOLD, tuple(edges))
    fold.label = root.label
    outs = ", ".join(short(n.label) for n in outside)
    note = (f"Focus on {short(name)}: the rest of the network is one op, '{FOLD}', whose local derivative "
            f"is the gradient reaching {outs} from outside; inputs show this part's share of their grads.")
    return fold, note
