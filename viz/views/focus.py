"""Step through one part of a network: ``viz.step(loss, focus=model.layers[1].neurons[2])``.

The whole backward pass runs on the real graph first. Then the focused module's own nodes
(its parameters, from the module itself, and the nodes nn addressed inside it: ``nn.path_of``)
are copied into a small graph with the same data and the same local derivatives:

- the module's inputs (the previous layer's outputs) become leaves;
- everything after the module is folded into ONE op, the op table's ``fold`` (drawn as ``rest of
  network``; :func:`autograd.replay.fold`), whose local derivative for each of the module's
  outputs is the gradient that reached that output from outside the module (Σ over its outside
  consumers of their grad × local). It is a row like any other: backward, finite differences,
  forward mode and explanations run it as they run ``*``.

Backward through the copy therefore gives the module's nodes exactly the gradients of the
real pass, and the inputs this module's share of theirs.
"""

from __future__ import annotations

from typing import Any

from autograd import EdgeCheck, Value, check_edges, constant, topological_order
from autograd.ops import OPS
from autograd.replay import fold
from autograd.value import _node
from nn.naming import path_of

from ..model.names import clean, op_row, short
from .explain import run

FOLD = OPS["fold"].symbol  # "rest of network"


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
    parameters = _parameters(focus)
    own = set(parameters)
    members = {n for n in order if n in own or ((p := path_of(n.label)) is not None and p.within(name))}
    if not members:
        raise ValueError(f"focus=: no node of this graph belongs to {name!r}; was the loss computed "
                         f"by this model after it was built?")
    in_graph = set(order)
    stranger = next((q for q in parameters if q not in in_graph), None)
    if stranger is not None:
        raise ValueError(f"focus=: {clean(short(name))}'s parameter {clean(short(stranger.label))} is not a node "
                         f"of this graph: is it a module of another model? pass a part of the model that "
                         f"computed this loss")
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
                copy[parent] = _leaf(parent, parent.label or f"in{inputs}")
            edges += [copy[parent], local]
        if node.is_leaf:
            copy[node] = _leaf(node, node.label)
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
    rest = fold([copy[node] for node in outside], list(outside.values()), root.data)
    rest.label = root.label
    outs = ", ".join(short(n.label) for n in outside)
    note = (f"Focus on {short(name)}: the rest of the network is one op, '{FOLD}', whose local derivative "
            f"is the gradient reaching {outs} from outside; inputs show this part's share of their grads.")
    return rest, note


def _leaf(node: Value, label: str) -> Value:
    """A leaf with ``node``'s number and ``label``, a constant if ``node`` is one."""
    return constant(node.data, label=label) if node.is_constant else Value(node.data, label=label)


def _parameters(focus: object) -> list[Value]:
    """The module's parameters that are Values (a stand-in module may give anything)."""
    try:
        found = list(focus.parameters())  # type: ignore[attr-defined]
    except Exception as e:
        why = str(e).splitlines()[0] if str(e) else repr(e)
        raise TypeError(f"focus=: {type(focus).__name__}.parameters() failed: {why}") from None
    return [q for q in found if isinstance(q, Value)]


def checked_edges(root: Value) -> list[EdgeCheck]:
    """:func:`autograd.check_edges` over the graph (a focused one too: the fold is a row like any
    other); an op that is not in the table (redefined since) is a one-line OpError, not a KeyError."""
    for node in topological_order(root):
        if not node.is_leaf:
            op_row(node, "check=True")
    return check_edges(root)
