"""``viz.explore(f, x=(lo, hi))``: move an input with a slider and watch every number on the graph change.

The engine computes every node's data and grad and every edge's local derivative and contribution at
each point of a grid (:mod:`viz.views.explore_grid`); the graph is laid out once by dot (values never move a
node); the page ships the numbers as typed JSON and its script (``viz/static/explore.js``) only swaps
texts by id and moves the point on the tangent plot (:mod:`viz.views.explore_plot`). No kernel is needed: a
saved page and an nbconvert export work, and an untrusted notebook shows a picture of the start.
"""

from __future__ import annotations

import base64
import dataclasses
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from autograd import Value, topological_order

from ..model.names import as_root, check_precision, num
from ..model.palette import MONO
from ..model.spec import edge_id, spec
from ..views.explore_grid import MAX_SLIDERS, MAX_VALUES, Grid, axes, check_size, check_steps, compute
from ..views.explore_plot import HEIGHT, WIDTH, plot, svg
from .dot import MIN_FONT_PT, digraph
from .explore_page import edge_lines, formatter, page_data, page_html, slope_label
from .renderers import pipe
from .widget import MIN_FONT_PX, Display, check_min_font, image_html, still_image

MAX_NODES = 100  # a bigger graph is no place for sliders: explore one neuron of it
PNG_NODES = 40  # up to this many nodes the still picture is a PNG, past it the SVG as an image (as the stepper)

__all__ = ["MAX_NODES", "MAX_SLIDERS", "MAX_VALUES", "Explorer", "explore"]


class Explorer(Display):
    """Sliders over one to three inputs of a graph (see :func:`explore`)."""

    PAGE_TITLE = "explore"
    FOCUS = "input"  # on a saved page the first slider has the keys

    def __init__(self, root: Value, ranges: Mapping[str, object], *, node: Value | str | None = None,
                 steps: int = 41, precision: int = 4, rankdir: str = "auto",
                 min_font_px: float = MIN_FONT_PX) -> None:
        root = as_root(root, "explore")
        self.min_font_px = check_min_font(min_font_px)
        precision = check_precision(precision, "explore")
        order = topological_order(root)
        if len(order) > MAX_NODES:
            raise ValueError(f"explore: the graph has {len(order):,} nodes, over the limit of {MAX_NODES}; "
                             "explore a smaller graph (one neuron of a network)")
        found = axes(order, ranges, check_steps(steps))
        check_size(order, found)
        self.uid = "cx" + uuid.uuid4().hex[:10]
        self.spec = spec(root, precision=precision, rankdir=rankdir, show_local=False, show_contribution=False,
                         prefix=f"{self.uid}-", max_nodes=MAX_NODES, collapse=None, wide_labels=True)
        chosen = _chosen(node, order, self.spec.names, found[0].leaf)
        self.grid: Grid = compute(root, order, found, chosen, precision)
        self.root, self.precision = root, precision
        self.fmt = formatter(self.grid, precision)
        self.lines = edge_lines(self.grid, precision)
        x = order.index(found[0].leaf)
        self.f_name, self.x_name = self.spec.names[root], found[0].name
        self.slopes = [slope_label(self.f_name, self.x_name, self.fmt.slope(p.grad[x])) for p in self.grid.points]
        self.plot = plot(self.grid, self.slopes)
        self.node_ids = [self.spec.ids[n] for n in order]
        self.edge_ids = [edge_id(i, k, self.spec.prefix) for i, k in self.grid.edges]
        start = tuple(a.start for a in found)
        self.start = self.grid.points.index(self.grid.at(start))
        self._svg: str | None = None
        self._png: bytes | None = None

    # -- the pictures ---------------------------------------------------------------------

    def _graph(self) -> Any:
        """The drawing at the start point (the live page changes its texts, never its layout)."""
        k, s, fmt = self.start, self.spec, self.fmt
        p = self.grid.points[k]
        data_text = {vid: f"data {fmt.cell(x)}" for vid, x in zip(self.node_ids, p.data, strict=True)}
        grad_text = {vid: f"grad {fmt.cell(x)}" for vid, x in zip(self.node_ids, p.grad, strict=True)}
        labels = {eid: f"{a}\n{b}" for eid, a, b in
                  zip(self.edge_ids, self.lines.first[k], self.lines.second[k], strict=True)}
        return digraph(dataclasses.replace(s, data_text=data_text, grad_text=grad_text), font=MONO,
                       edge_labels=labels, graph_id=f"{self.uid}-graph")

    def _render(self) -> None:
        """The live SVG and the still picture (a PNG for a small graph) by two Graphviz runs at once."""
        if self._svg is not None:
            return
        g = self._graph()
        if len(self.node_ids) > PNG_NODES:
            self._svg = pipe(g, "svg").decode()
            return
        with ThreadPoolExecutor(2) as pool:
            live, still = pool.submit(pipe, g, "svg"), pool.submit(pipe, g, "png")
            self._svg, self._png = live.result().decode(), still.result()

    def svg(self) -> str:
        """The graph at the start point as SVG (laid out once)."""
        self._render()
        assert self._svg is not None
        return self._svg[self._svg.index("<svg"):]

    def still(self) -> bytes | None:
        """The graph at the start point as PNG (None past :data:`PNG_NODES` nodes: the SVG is shown instead)."""
        self._render()
        return self._png

    def still_svg(self) -> str:
        """The still picture as SVG, shown as an image when :meth:`still` is None: the graph at the start."""
        return self.svg()

    def plot_svg(self, k: int | None = None) -> str:
        """The tangent plot at grid point ``k`` (the start point by default) as standalone SVG."""
        k = self.start if k is None else k
        first = self.grid.axes[0]
        curve = _curve_index(self.grid, k)
        ticks = [num(first.values[0], self.precision), num(first.values[-1], self.precision),
                 num(self.plot.box[2], 3), num(self.plot.box[3], 3)]
        return svg(self.plot, k, curve, x_name=self.x_name, f_name=self.f_name, tick=ticks)

    # -- the page ---------------------------------------------------------------------------

    def story(self) -> str:
        """The sliders and the start in words (under the page, and the text shown without Graphviz)."""
        ranges = "; ".join(f"{a.name} from {num(a.values[0])} to {num(a.values[-1])} in {len(a.values)} steps"
                           for a in self.grid.axes)
        p = self.grid.points[self.start]
        at = ", ".join(f"{a.name} = {num(a.values[a.start])}" for a in self.grid.axes)
        return (f"{ranges}.\nAt the start ({at}): "
                f"{self.f_name} = {num(p.data[-1], self.precision)}; {self.slopes[self.start]}\n{p.formula}")

    def html(self) -> str:
        """The widget: a picture of the start first, the live sliders once its script runs; no network needed."""
        self._render()
        plot_svg = self.plot_svg()
        data = page_data(self.grid, self.fmt, self.lines, self.slopes, self.plot, node_ids=self.node_ids,
                         edge_ids=self.edge_ids, svg=self.svg(), plot_svg=plot_svg)
        alt = f"the graph of {self.f_name} at the start point, {len(self.node_ids)} nodes with data and grads"
        graph = still_image(self.svg(), self.still(), min_font_px=self.min_font_px, min_font_pt=MIN_FONT_PT,
                            alt=alt)
        uri = "data:image/svg+xml;base64," + base64.b64encode(plot_svg.encode()).decode()
        plot_img = image_html(uri, (WIDTH, HEIGHT), shrink_limit=1.0, alt=self.slopes[self.start],
                              cls="cr-plot-img")
        return page_html(uid=self.uid, data=data, still=graph, plot=plot_img, min_font_px=self.min_font_px,
                         story=self.story())

    def __repr__(self) -> str:
        sliders = ", ".join(f"{a.name}: {len(a.values)} steps" for a in self.grid.axes)
        return f"<Explorer: {len(self.grid.axes)} slider(s) ({sliders}) over {len(self.node_ids)} nodes>"


def _curve_index(grid: Grid, k: int) -> int:
    """Which curve grid point ``k`` lies on: its index over the sliders after the first (row-major)."""
    return k % (len(grid.points) // len(grid.axes[0].values))


def _chosen(node: Value | str | None, order: list[Value], nm: dict[Value, str], first: Value) -> Value:
    """The node whose chain-rule line the page shows: a node of the graph, its name, or the first slider's input."""
    if node is None:
        return first
    if isinstance(node, Value):
        if node in nm:
            return node
        raise ValueError("explore: node= is not a node of this graph")
    if isinstance(node, str):
        for n in order:
            if nm[n] == node or n.label == node:
                return n
        raise ValueError(f"explore: node={node!r:.60} names no node of this graph; its nodes are "
                         f"{', '.join(nm[n] for n in order):.300}")
    raise TypeError(f"explore: node= must be a Value or a name, got {type(node).__name__}")


def explore(root: Value, ranges: Mapping[str, object] | None = None, /, *, node: Value | str | None = None,
            steps: int = 41, precision: int = 4, rankdir: str = "auto", min_font_px: float = MIN_FONT_PX,
            **sliders: object) -> Explorer:
    """Sliders over one to three inputs of ``root``'s graph: ``explore(f, x=(-2, 2), y=(0, 1))``.

    For every point of a grid (``steps`` per slider) the engine computes every node's data and grad, and
    every edge's local derivative and contribution; moving a slider swaps them in on the drawn graph,
    with the chain-rule line of ``node`` (default: the first slider's input). Beside the graph, the plot
    of ``root`` over the first slider's input, the others held, with the tangent whose slope is the grad
    on that input's node. Inputs not given keep their values. An input whose name is not a Python name
    (or clashes with an option) goes in ``ranges``: ``explore(f, {"steps": (0, 1)})``. Works without a
    kernel: :meth:`Explorer.save_html`, an nbconvert export; an untrusted notebook shows a picture.

    >>> from autograd import parse
    >>> ex = explore(parse("x*y + x", x=1, y=3), x=(-2, 2), steps=5)
    >>> [p.grad[0] for p in ex.grid.points]  # ∂f/∂x = y + 1 at every x
    [4.0, 4.0, 4.0, 4.0, 4.0]
    """
    if ranges is not None and not isinstance(ranges, Mapping):
        raise TypeError(f"explore: ranges must be a dict of name: (lo, hi), got {type(ranges).__name__}")
    both = {**(ranges or {}), **sliders}
    if ranges and (twice := set(ranges) & set(sliders)):
        raise ValueError(f"explore: {', '.join(sorted(twice))} given twice")
    return Explorer(root, both, node=node, steps=steps, precision=precision, rankdir=rankdir,
                    min_font_px=min_font_px)
