"""The backward pass: ∂L/∂s = Σ_t ∂L/∂t · ∂t/∂s, from ∂L/∂L = 1 down to the inputs.

Because every edge already carries its local derivative ∂t/∂s, backward is one
generic loop over the nodes in reverse topological order:

    for node in reversed(order):
        for parent, local in node.edges:
            parent.grad += node.grad * local

That loop is written once, in :func:`accumulate` (which reads the same pairs from the flat
``_edges`` tuple); ``backward``, ``backward_steps``, ``grad`` and check mode all run it.

No recursion (so any depth works) and no closures (so no reference cycles).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from . import replay
from .ops import value
from .value import NonFiniteError, Value, _Mode, describe

_by_stamp = attrgetter("_stamp")


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each after all of its parents; ``root`` last.

    A breadth-first sweep collects the nodes (no recursion); sorting them by
    their creation stamp then gives the order, because a node is always created
    after the nodes it is computed from. The result is deterministic.
    """
    if not isinstance(root, Value):
        raise TypeError(f"topological_order needs a Value, got {type(root).__name__}")
    seen = {root}  # Values hash by identity
    nodes = [root]
    for node in nodes:  # the list grows while we walk it: a queue without pops
        for parent in node._edges[::2]:  # _edges is flat: parent, local, parent, local, ...
            if parent not in seen:
                seen.add(parent)
                nodes.append(parent)
    nodes.sort(key=_by_stamp)
    return nodes


def _start(root: Value) -> list[Value]:
    """Order the graph, zero the interior nodes' grads and seed ∂root/∂root = 1.

    Leaves keep what earlier calls put there (they accumulate, as in PyTorch);
    interior nodes start from zero on every call, so nothing is counted twice.
    """
    order = topological_order(root)
    for node in order:
        if node._edges:
            node.grad = 0.0
    root.grad += 1.0
    return order


@dataclass(frozen=True)
class EdgeStep:
    """One ``parent.grad += upstream * local`` of the backward pass."""

    parent: Value
    local: float  # ∂node/∂parent
    contribution: float  # upstream · local
    before: float  # parent.grad before the +=
    after: float  # parent.grad after the +=


@dataclass(frozen=True)
class Step:
    """Everything backward does at one node: its upstream gradient and its edge updates."""

    node: Value
    upstream: float  # ∂L/∂node, final when the node is reached
    edges: tuple[EdgeStep, ...]


def accumulate(order: list[Value], *, steps: bool = False,
               rule: Callable[[Value], tuple[Any, ...]] | None = None) -> Iterator[Step]:
    """The backward loop, the one place it is written: for each node from the root down (``order``
    is topological, the root last, its grad seeded), for each edge, ``parent.grad += node.grad · local``.

    ``backward`` runs it as it is. ``backward_steps`` asks for one :class:`Step` per node
    (``steps=True``). Under :func:`~autograd.check_finite` every contribution is checked.
    ``grad(..., create_graph=True)`` gives the ``rule`` that recomputes each node's local
    derivatives as Values; there a grad of ``None`` means "not reached", so no ``0 + x`` nodes are made.
    """
    check = _Mode.check
    upstream: Any
    if not (steps or check or rule):  # the plain loop, on the stored locals: the fast path
        for node in reversed(order):
            upstream = node.grad
            edges = node._edges  # flat: parent, local, parent, local, ... (see value.py)
            for i in range(0, len(edges), 2):
                edges[i].grad += upstream * edges[i + 1]  # parent.grad += upstream · local
        return
    for node in reversed(order):
        upstream = node.grad
        if upstream is None or (rule is not None and not node._edges):
            continue
        locals_ = node._edges[1::2] if rule is None else rule(node)
        records = []
        # the seed 1.0 is not multiplied in for a Value local: the same number, and one node fewer
        seed = rule is not None and type(upstream) is float and upstream == 1.0
        for parent, local in zip(node._edges[::2], locals_, strict=False):  # Σ's offset has a local, no edge
            before = parent.grad
            contribution = local if seed else upstream * local
            parent.grad = contribution if before is None else before + contribution
            if check and not math.isfinite(value(contribution)):
                raise NonFiniteError(
                    f"gradient {value(contribution)!r} flows from {describe(node)} (op {node.op}) to "
                    f"{describe(parent)}: upstream {value(upstream)!r} × local {value(local)!r}"
                )
            if steps:
                records.append(EdgeStep(parent, local, contribution, before, parent.grad))
        if steps:
            yield Step(node, upstream, tuple(records))


def backward(root: Value) -> None:
    """Fill in ``grad`` = ∂root/∂v for every node v of root's graph."""
    for _ in accumulate(_start(root)):
        pass


def backward_steps(root: Value) -> Iterator[Step]:
    """Run backward one node at a time, yielding a :class:`Step` record per node.

    The records come in exactly the order of ``backward()`` and hold exactly
    its numbers; the grads are updated as the steps are taken, so consuming
    the whole generator is the same as calling ``backward()``.

    >>> from autograd import Value, backward_steps
    >>> a = Value(3.0, label="a")
    >>> c = a * a
    >>> [(s.node.op or s.node.label, s.upstream) for s in backward_steps(c)]
    [('*', 1.0), ('a', 6.0)]
    """
    return accumulate(_start(root), steps=True)


def zero_grad(root: Value) -> None:
    """Set ``grad`` to 0 on every node of root's graph (leaves included)."""
    for node in topological_order(root):
        node.grad = 0.0


def grad(output: Value, inputs: Iterable[Value], *, create_graph: bool = False) -> list[Any]:
    """∂output/∂input for each of ``inputs``, leaving every ``.grad`` untouched.

    By default the answers are floats: the same loop as ``backward()``, with the
    same numbers in the same order. With ``create_graph=True`` they are Values
    with a graph of their own, built by running each op's local rule on Values
    (see ``ops.py``), so a gradient can be drawn, stepped through and
    differentiated again. An input ``output`` does not depend on gets 0.

    >>> from autograd import Value, grad
    >>> x = Value(3.0, label="x")
    >>> (dy,) = grad(x ** 3, [x], create_graph=True)   # 3x² = 27, as a Value
    >>> (d2y,) = grad(dy, [x], create_graph=True)      # 6x = 18
    >>> dy.data, d2y.data, grad(d2y, [x])              # and 6
    (27.0, 18.0, [6.0])
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad needs a Value output, got {type(output).__name__}")
    if isinstance(inputs, (Value, str, bytes)) or not isinstance(inputs, Iterable):
        raise TypeError(f"grad inputs must be a list of Values, e.g. grad(f, [x, y]), got {type(inputs).__name__}")
    inputs = list(inputs)  # read once: a generator is consumed here, not by the check below
    bad = next((v for v in inputs if not isinstance(v, Value)), None)
    if bad is not None:
        raise TypeError(f"grad inputs must be a list of Values, e.g. grad(f, [x, y]); got a {type(bad).__name__} "
                        "among them")
    order = topological_order(output)
    if create_graph and not _Mode.grad:
        raise RuntimeError("grad(..., create_graph=True) inside no_grad() would record no graph")
    saved = [node.grad for node in order]
    try:  # the backward loop on fresh grads, put back afterwards
        for node in order:
            node.grad = None if create_graph else 0.0  # type: ignore[assignment]  # None: not reached yet
        output.grad = 1.0
        for _ in accumulate(order, rule=_value_locals if create_graph else None):
            pass
        reached = {node: node.grad for node in order}
    finally:
        for node, g in zip(order, saved, strict=True):
            node.grad = g
    if create_graph:
        return [_as_value(reached.get(v)) for v in inputs]
    return [reached.get(v, 0.0) for v in inputs]


def _value_locals(node: Value) -> tuple[Any, ...]:
    op = replay.op_of(node)
    try:
        return replay.local(node, node.parents, node)
    except Exception as e:
        why = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise TypeError(f"create_graph=True: the local rule of op {op.name!r} cannot run on Values ({why}); "
                        "write it with arithmetic and autograd.ops' exp, log, div, ...") from None


def _as_value(g: Any) -> Value:
    """A gradient as a Value: 0 for an input the output does not reach, a constant leaf for a number."""
    g = 0.0 if g is None else g
    return g if isinstance(g, Value) else Value(g, label=repr(float(g)))
