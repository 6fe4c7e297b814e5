"""Re-running one node: the row of the op table that made it, its inputs, and its op on new inputs.

A node keeps its parents (``node.parents``), the symbol of its op (``node.op``) and its
constant input, if any (``node.const``: the 2 of ``x * 2``, the slope of ``leaky_relu``;
``node.offset``: the numbers a Σ node adds). A fold (:func:`fold`, the op whose local
derivatives are given) keeps its weights as its edges' local derivatives and its offset.
Everything that runs a node again goes through the functions here: finite differences
(``check.py``), ``grad(..., create_graph=True)`` (``backward.py``) and the drawings.
:func:`forward` and :func:`local` give the numbers; :func:`apply` makes the same op again
on new Values (a new node, with the same constant) or on forward-mode Duals.

>>> from autograd import Value
>>> x = Value(3.0, label="x")
>>> y = x * 2
>>> op_of(y).name, inputs(y), forward(y, [5.0])
('mul', [Value(data=3.0, grad=0.0, label='x'), 2.0], 10.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .ops import BY_SYMBOL, DEFINED_AT, OPS, RETIRED, Op, OpError
from .value import Value, _node, describe


def op_of(node: Value) -> Op:
    """The row of the op table that made ``node``; one :class:`OpError` line if that row is gone.

    A row is gone when ``define_op`` has defined the op again since the node was built (see
    :func:`autograd.define_op`): such a node keeps its numbers, but its op cannot be re-run.
    """
    op = BY_SYMBOL.get(node.op)
    if op is not None and node._stamp > DEFINED_AT.get(node.op, -1):
        return op
    if not node.op:
        raise OpError(f"{describe(node)} is a leaf: no op made it")
    name = op.name if op is not None else RETIRED.get(node.op)
    if name is None:
        raise OpError(f"no row of the op table has the symbol {node.op!r} (node {describe(node)})")
    raise OpError(f"node {describe(node)} was built by an earlier definition of op {name!r}; "
                  "build the graph again to use the new definition")


def constants(node: Value) -> list[float]:
    """The node's inputs that are plain numbers, not parents: ``[2.0]`` for ``x * 2``, Σ's
    offset (``[0.5]`` for ``sum([x, y, 0.5])``; the n-ary sum adds it like one more input), else ``[]``.
    A fold's are its weights (its edges' local derivatives), then its offset."""
    if node.const is not None:
        return [node.const]
    row = BY_SYMBOL.get(node.op)
    if row is not None and row.given_locals:
        return [*node._edges[1::2], node.offset]
    return [node.offset] if node.offset else []


def inputs(node: Value) -> list[Any]:
    """What the node's op was applied to: its parents, then its constant (``x * 2``: ``[x, 2.0]``)."""
    return [*node.parents, *constants(node)]


def forward(node: Value, parents: Sequence[float]) -> float:
    """The node's op on new parent values (its constant kept): its data, recomputed."""
    return float(op_of(node).forward(*parents, *constants(node)))


def local(node: Value, parents: Sequence[Any], out: Any) -> tuple[Any, ...]:
    """The node's local derivatives at new parent values (floats, or Values for ``create_graph``)."""
    return tuple(op_of(node).local(*parents, *constants(node), out))


def make(op: Op, parents: Sequence[Value], consts: Sequence[float] = (), *, const: float | None = None,
         offset: float = 0.0) -> Value:
    """A row of the op table applied to Values (and constant numbers): the forward value, the local
    derivatives, one edge per parent. Value's methods (speed.py) are the fast form of the same steps."""
    xs = [*(p.data for p in parents), *consts]
    data = op.forward(*xs)
    edges = [x for pair in zip(parents, op.local(*xs, data), strict=False) for x in pair]  # constants: no edge
    out = _node(data, op.symbol, tuple(edges), const)
    if offset:
        out._offset = offset
    return out


def apply(node: Value, parents: Sequence[Any]) -> Any:
    """The node's op applied to new parents, its constant kept: a new node built like ``node``
    (same op, same constant or offset, one edge per parent) from new Values, or a Dual from Duals."""
    op, consts = op_of(node), constants(node)
    if not all(isinstance(p, Value) for p in parents):  # forward mode: Duals apply the row themselves
        return type(parents[0]).apply(op, *parents, *consts)
    return make(op, parents, consts, const=node.const, offset=node.offset)


def fold(parents: Sequence[Value], weights: Sequence[float], value: float) -> Value:
    """One node for the rest of a graph (``viz.step``'s ``focus=``): its data is ``value``, and its local
    derivative for each parent is the given weight, the gradient that reached that parent from the rest.

    It is a row of the op table (``OPS["fold"]``, symbol ``rest of network``): linear, ``c + Σ gᵢ·aᵢ``,
    with ``c`` set so that it gives ``value`` at the parents' data. So backward, finite differences,
    forward mode and ``apply`` run it as any op.

    >>> x = Value(3.0, label="x")
    >>> f = fold([x], [0.5], 10.0)
    >>> f.op, f.data, f.edges[0][1], forward(f, [5.0])
    ('rest of network', 10.0, 0.5, 11.0)
    """
    if len(parents) != len(weights):
        raise ValueError(f"fold: {len(parents)} parent(s) but {len(weights)} weight(s); give one weight per parent")
    offset = value - sum(g * p.data for g, p in zip(weights, parents, strict=True))
    out = make(OPS["fold"], parents, [*weights, offset], offset=offset)
    out.data = value  # the rest's own number, not c + Σ gᵢ·aᵢ rounded again
    return out
