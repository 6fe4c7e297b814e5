"""Re-running one node: the row of the op table that made it, its inputs, and its op on new inputs.

A node keeps its parents (``node.parents``), the symbol of its op (``node.op``) and its
constant input, if any (``node.const``: the 2 of ``x * 2``, the slope of ``leaky_relu``;
``node.offset``: the numbers a Σ node adds).
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

from .ops import BY_SYMBOL, DEFINED_AT, RETIRED, Op, OpError
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
    offset (``[0.5]`` for ``sum([x, y, 0.5])``; the n-ary sum adds it like one more input), else ``[]``."""
    if node.const is not None:
        return [node.const]
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
