"""explore's numbers: at every point of a grid over one to three inputs, every node's data and grad and
every edge's local derivative and contribution, all made by the engine.

At each grid point the graph is built again node by node with :func:`autograd.replay.apply` (the op
table's row of each node, its constant kept, on the new inputs), and :func:`autograd.backward_steps`
runs the backward pass on the copy. Nothing here knows a rule; the user's graph is never changed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from autograd import Value, backward_steps
from autograd.replay import apply

from ..model.names import names, op_row
from .explain import formula, terms_by_node

MAX_SLIDERS = 3
# grid points × numbers per point (each node's data and grad, each edge's local and contribution, the
# chain-rule line): 7 to 17 bytes each in the page (17 where hardly any text repeats, as on
# sin(x*y*z) + cos(x+y+z)·exp(0.3x) with three sliders), so this keeps a page under its 2 MB budget
MAX_VALUES = 100_000


@dataclass(frozen=True)
class Axis:
    """One slider: the input it moves, its name as drawn, its grid and where it starts."""

    leaf: Value
    name: str
    values: tuple[float, ...]
    start: int  # the grid index nearest the input's own value


@dataclass(frozen=True)
class Point:
    """The engine's numbers at one grid point (nodes in topological order, edges in :attr:`Grid.edges` order)."""

    index: tuple[int, ...]  # one grid index per axis
    data: tuple[float, ...]
    grad: tuple[float, ...]
    local: tuple[float, ...]
    contribution: tuple[float, ...]
    formula: str  # the chosen node's chain-rule line


@dataclass(frozen=True)
class Grid:
    """Every grid point, row-major over the axes (the last axis moves fastest)."""

    axes: tuple[Axis, ...]
    order: tuple[Value, ...]  # the user's nodes, topological; the root last
    edges: tuple[tuple[int, int], ...]  # (node index, k): the node's k-th edge
    chosen: int  # the node whose chain-rule line is shown
    points: tuple[Point, ...]

    def at(self, index: tuple[int, ...]) -> Point:
        """The point at one grid index per axis."""
        flat = 0
        for i, axis in zip(index, self.axes, strict=True):
            flat = flat * len(axis.values) + i
        return self.points[flat]


def check_steps(steps: object) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 2:
        raise ValueError(f"explore: steps must be an int of at least 2, got {steps!r:.60}")
    return steps


def check_range(name: str, bounds: object) -> tuple[float, float]:
    """``(lo, hi)``: two finite numbers, lo < hi; else one line naming the input."""
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 2 or any(
            isinstance(b, bool) or not isinstance(b, (int, float)) for b in bounds):
        raise TypeError(f"explore: {name} needs a range (lo, hi) of two numbers, got {bounds!r:.60}")
    lo, hi = float(bounds[0]), float(bounds[1])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"explore: the range of {name} must be finite, got ({lo!r}, {hi!r})")
    if lo >= hi:
        raise ValueError(f"explore: the range of {name} needs lo < hi, got ({lo!r}, {hi!r})")
    return lo, hi


def axes(order: list[Value], ranges: Mapping[str, object], steps: int) -> tuple[Axis, ...]:
    """One :class:`Axis` per named input, in the order given; one line for any name that is not a leaf."""
    if not ranges:
        raise ValueError("explore: name one to three inputs to move, as in explore(f, x=(-2, 2))")
    if len(ranges) > MAX_SLIDERS:
        raise ValueError(f"explore: at most {MAX_SLIDERS} sliders, got {len(ranges)} ({', '.join(ranges)})")
    nm = names(order)
    leaves = {nm[n]: n for n in order if n.is_leaf}
    by_label = {n.label: n for n in order if n.is_leaf and n.label}
    out: list[Axis] = []
    for name, bounds in ranges.items():
        leaf = leaves.get(name) or by_label.get(name)
        if leaf is None:
            shown = ", ".join(leaves) or "(none)"
            raise ValueError(f"explore: {name!r:.60} is not an input of this graph; its inputs are {shown:.300}")
        lo, hi = check_range(nm[leaf], bounds)
        values = tuple(lo + (hi - lo) * i / (steps - 1) for i in range(steps))
        start = min(range(steps), key=lambda i: abs(values[i] - leaf.data)) if math.isfinite(leaf.data) else 0
        if any(a.leaf is leaf for a in out):
            raise ValueError(f"explore: the input {nm[leaf]!r} is given twice")
        out.append(Axis(leaf, nm[leaf], values, start))
    return tuple(out)


def check_size(order: list[Value], found: tuple[Axis, ...]) -> None:
    """One line when the grid would not fit the page's budget: the size asked for and the limit."""
    n_edges = sum(len(node.parents) for node in order)
    per_point = 2 * len(order) + 2 * n_edges + 1
    points = math.prod(len(a.values) for a in found)
    if points * per_point > MAX_VALUES:
        fits = max(2, int((MAX_VALUES / per_point) ** (1 / len(found))))
        raise ValueError(
            f"explore: the grid is too large: {' × '.join(str(len(a.values)) for a in found)} = {points:,} points "
            f"× {per_point} numbers = {points * per_point:,}, over the limit of {MAX_VALUES:,} (a page under "
            f"2 MB); use steps={fits} or fewer, or fewer sliders")


def compute(root: Value, order: list[Value], found: tuple[Axis, ...], chosen: Value, precision: int) -> Grid:
    """Run the engine at every grid point (see the module docstring)."""
    for node in order:  # an op the table no longer has: one line, before any point is computed
        if not node.is_leaf:
            op_row(node, "explore")
    place = {node: i for i, node in enumerate(order)}
    edges = tuple((place[node], k) for node in order for k in range(len(node.parents)))
    nm = names(order)
    points = [_point(order, place, edges, found, index, chosen, nm, precision)
              for index in itertools.product(*(range(len(a.values)) for a in found))]
    return Grid(found, tuple(order), edges, place[chosen], tuple(points))


def _point(order: list[Value], place: dict[Value, int], edges: tuple[tuple[int, int], ...], found: tuple[Axis, ...],
           index: tuple[int, ...], chosen: Value, nm: dict[Value, str], precision: int) -> Point:
    moved = {a.leaf: a.values[i] for a, i in zip(found, index, strict=True)}
    try:
        copy: list[Value] = []
        for node in order:
            if node.is_leaf:
                copy.append(Value(moved.get(node, node.data)))
            else:
                copy.append(apply(node, [copy[place[p]] for p in node.parents]))
        steps = list(backward_steps(copy[-1]))
    except (ArithmeticError, ValueError):  # an op that raises here (or check_finite is on): a gap, not a crash
        nan = math.nan
        return Point(index, (nan,) * len(order), (nan,) * len(order), (nan,) * len(edges), (nan,) * len(edges),
                     f"∂{nm[order[-1]]}/∂{nm[chosen]} = nan (the graph could not be computed here)")
    mine = {node: i for i, node in enumerate(copy)}
    local: dict[tuple[int, int], tuple[float, float]] = {}
    line = ""
    names_copy = {c: nm[order[i]] for i, c in enumerate(copy)}
    for step, terms in zip(steps, terms_by_node(steps), strict=True):
        i = mine[step.node]
        for k, e in enumerate(step.edges):
            local[(i, k)] = (e.local, e.contribution)
        if order[i] is chosen:
            line = formula(step, terms, names_copy, nm[order[-1]], precision)
    return Point(index, tuple(c.data for c in copy), tuple(c.grad for c in copy),
                 tuple(local[e][0] for e in edges), tuple(local[e][1] for e in edges), line)
