"""The multivariable chain rule as a sum over paths: ∂L/∂x = Σ over paths x → … → L of Π local derivatives.

:func:`paths` lists every path from a node to the root, using the engine's own edges
(each carries its local derivative, computed from the op table in the forward pass),
multiplies the locals along each path, and checks that the products add up to the
gradient the backward pass gives. It also counts the work: one multiplication per
edge of every path (``1 · local · local · …``, as reverse mode starts from ∂L/∂L = 1),
against reverse mode's one multiplication per edge of the graph, done once. A chain of
diamonds doubles the paths with every diamond while reverse mode's count grows by
four: the lecture's "reverse mode is dynamic programming".
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import graphviz

from autograd import Value, backward_steps, topological_order, zero_grad

from ..model.names import INSTALL_HINT, as_root, check_precision, names, num, op_text
from ..model.palette import FILL, FONT
from .render import render
from .renderers import pipe

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
"""The colour-blind-safe palette; path i gets ``OKABE_ITO[i % 8]``."""
COLOUR_NAMES = dict(zip(OKABE_ITO, ("orange", "sky blue", "bluish green", "yellow", "blue", "vermillion",
                                    "reddish purple", "black"), strict=True))
STYLES = ("solid", "dashed", "dotted")  # paths 9-16 are dashed, 17-24 dotted, ... so colours never repeat alike
MAX_PATHS = 64
CEILING = 4096  # paths() never lists more, whatever max_paths= says: past it the list takes minutes
MAX_DRAWN = 256  # graph() draws at most this many strands; Graphviz takes minutes on thousands


@dataclass(frozen=True)
class Path:
    """One path ``nodes[0] → nodes[1] → … → root`` and the local derivative of each hop."""

    nodes: tuple[Value, ...]  # from the leaf to the root
    operands: tuple[int, ...]  # hop i uses edge operands[i] of nodes[i + 1] (a*a has two edges from a)
    locals: tuple[float, ...]  # hop i: ∂nodes[i+1]/∂nodes[i]
    names: tuple[str, ...]
    product: float  # 1 · locals[0] · locals[1] · …
    color: str
    style: str
    use: str = ""  # " (use 2)" when another path passes through the same nodes (a*a)

    @property
    def multiplications(self) -> int:
        """One per hop, the same unit as reverse mode's ``upstream × local`` per edge."""
        return len(self.locals)

    def route(self) -> str:
        """``x→n1→n2→n3→L``."""
        return "→".join(self.names) + self.use

    def text(self, precision: int = 4) -> str:
        """``x→n1→L: 1.0 × 6.0 = 6.0``."""
        factors = " × ".join(_paren(x, precision) for x in self.locals) or "1"
        return f"{self.route()}: {factors} = {num(self.product, precision)}"


class Paths:
    """Every path from ``leaf`` to ``root``, their products, and the count of multiplications.

    ``total`` (the sum of the products) equals ``grad`` (``leaf.grad`` after one backward
    pass). Jupyter shows it as a drawing, one Okabe–Ito colour per path, captioned with
    the sum. ``graph()`` gives that drawing as a ``graphviz.Digraph``.
    """

    def __init__(self, root: Value, leaf: Value, *, max_paths: int = MAX_PATHS, precision: int = 4) -> None:
        root, leaf = as_root(root, "paths"), as_root(leaf, "paths (the leaf)")
        if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 1:
            raise ValueError(f"paths: max_paths must be a positive int, got {max_paths!r}")
        check_precision(precision, "paths")
        order = topological_order(root)
        nm = names(order)
        if leaf not in nm:
            raise ValueError(f"paths: {leaf!r:.60} is not a node of the graph of {nm[root]}")
        self.root, self.leaf, self.precision = root, leaf, precision
        self.names = nm
        # the nodes that depend on leaf, and how many paths reach each one (a*a counts twice)
        start = order.index(leaf)
        count: dict[Value, int] = {leaf: 1}
        for node in order[start + 1:]:
            c = sum(count.get(p, 0) for p in node.parents)
            if c:
                count[node] = c
        self.count = count[root]  # counted before any path is listed: a huge count is refused at once
        if self.count > min(max_paths, CEILING):
            over = f"max_paths={max_paths}" if max_paths <= CEILING else f"the ceiling of {CEILING:,} paths"
            more = ", or pass a larger max_paths=" if max_paths < CEILING else ""
            raise ValueError(
                f"paths: {nm[leaf]} reaches {nm[root]} along {self.count:,} paths, over {over}; "
                f"pick a node nearer the output or a smaller graph{more} "
                f"(reverse mode needs no path list: that is the point)")
        # one backward pass; its records give leaf.grad and reverse mode's multiplications
        zero_grad(root)
        steps = list(backward_steps(root))
        self.grad = leaf.grad
        self.reverse_multiplications = sum(1 for s in steps for e in s.edges if e.parent in count)
        self.reverse_multiplications_all = sum(len(s.edges) for s in steps)
        self.paths = self._enumerate(count)
        routes = [q.route() for q in self.paths]
        for i, q in enumerate(self.paths):  # a*a: two paths through the same nodes, one per use of a
            if routes.count(routes[i]) > 1:
                k = routes[:i + 1].count(routes[i])
                self.paths[i] = dataclasses.replace(q, use=f" (use {k})")
        self.total = math.fsum(p.product for p in self.paths)
        self.path_multiplications = sum(p.multiplications for p in self.paths)

    def _enumerate(self, count: dict[Value, int]) -> list[Path]:
        """Depth first from the root down to the leaf, operands in order: a deterministic list."""
        found: list[Path] = []
        stack: list[tuple[Value, tuple[tuple[Value, int, float], ...]]] = [(self.root, ())]
        while stack:
            node, below = stack.pop()  # below: the hops from node up to the root
            if node is self.leaf:
                hops = [(node, -1, 1.0), *below]
                nodes = tuple(h[0] for h in hops)
                locals_ = tuple(h[2] for h in hops[1:])
                operands = tuple(h[1] for h in hops[1:])
                product = 1.0
                for x in locals_:
                    product *= x
                i = len(found)
                found.append(Path(nodes, operands, locals_, tuple(self.names[n] for n in nodes), product,
                                  OKABE_ITO[i % 8], STYLES[(i // 8) % 3]))
                continue
            for k, (parent, local) in reversed(list(enumerate(node.edges))):  # popped in operand order
                if parent in count:
                    stack.append((parent, ((node, k, local), *below)))
        return found

    # -- words ---------------------------------------------------------------------

    def caption(self) -> str:
        """``∂L/∂x = 0.6 = 0.6 (x→n1→n2→n3→L)``: the gradient, then one product per path."""
        p = self.precision
        terms = " + ".join(f"{_paren(q.product, p)} ({q.route()})" for q in self.paths)
        return f"∂{self.names[self.root]}/∂{self.names[self.leaf]} = {num(self.grad, p)} = {terms}"

    def cost(self) -> str:
        """The work of the two ways, in multiplications."""
        n = self.count
        return (f"{n} path{'s' if n != 1 else ''}: {self.path_multiplications} multiplications along the paths; "
                f"reverse mode: {self.reverse_multiplications} "
                f"(one per edge, {self.reverse_multiplications_all} for every gradient of the graph)")

    def text(self) -> str:
        """The caption, the cost, and one line per path."""
        lines = [self.caption(), self.cost()]
        lines += [f"path {i}: {q.text(self.precision)}" for i, q in enumerate(self.paths, 1)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Paths: {self.count} from {self.names[self.leaf]} to {self.names[self.root]}, sum {self.total!r}>"

    # -- the drawing ---------------------------------------------------------------

    def graph(self, rankdir: str = "LR") -> graphviz.Digraph:
        """The nodes on the paths, one coloured strand per path, the sum as the caption."""
        if rankdir not in ("LR", "TB"):
            raise ValueError(f"rankdir must be 'LR' or 'TB', got {rankdir!r}")
        if self.count > MAX_DRAWN:
            raise ValueError(f"paths: {self.count:,} paths are too many to draw (at most {MAX_DRAWN}); "
                             f"print .text() instead, or pick a node nearer the output")
        p = self.precision
        g = graphviz.Digraph(graph_attr={"rankdir": rankdir, "fontname": FONT, "bgcolor": "white",
                                         "labelloc": "b", "labeljust": "l", "fontsize": "16",
                                         "nodesep": "0.4", "ranksep": "0.9"},
                             node_attr={"fontname": FONT, "fontsize": "16", "shape": "box",
                                        "style": "rounded,filled", "fillcolor": "#ffffff"},
                             edge_attr={"fontname": FONT, "fontsize": "14", "penwidth": "3", "arrowsize": "0.8"})
        on_path: list[Value] = []
        for q in self.paths:
            on_path += [n for n in q.nodes if n not in on_path]
        ids = {n: f"p{i}" for i, n in enumerate(sorted(on_path, key=lambda n: n._stamp))}
        for n, nid in ids.items():
            op = f"  ({op_text(n)})" if n.op else ""
            fill = FILL["output"] if n is self.root else FILL["input"] if n is self.leaf else FILL["intermediate"]
            g.node(nid, label=f"{_plain(self.names[n])}{op}\n= {num(n.data, p)}", fillcolor=fill)
        labelled: set[tuple[Value, int]] = set()
        for q in self.paths:
            for i, local in enumerate(q.locals):
                child, k = q.nodes[i + 1], q.operands[i]
                attrs = {"color": q.color, "style": q.style}
                if (child, k) not in labelled:  # the local derivative, once per edge
                    labelled.add((child, k))
                    attrs["label"] = f"×{_paren(local, p)}"
                g.edge(ids[q.nodes[i]], ids[child], **attrs)
        if self.count <= 3:
            head = [self.caption()]
        else:  # the products only, 8 to a line; the routes are listed below
            terms = [_paren(q.product, p) for q in self.paths]
            head = [f"∂{self.names[self.root]}/∂{self.names[self.leaf]} = {num(self.grad, p)} = "
                    + " + ".join(terms[:8])]
            head += ["      + " + " + ".join(terms[i:i + 8]) for i in range(8, len(terms), 8)]
            head[-1] += f"   (paths 1 to {self.count} below)"
        # a plain label, not an HTML one: Graphviz in WebAssembly (the pure-pip renderer) has no HTML labels
        lines = [*head, self.cost()]
        lines += [f"path {i} ({COLOUR_NAMES[q.color]}, {q.style}): {q.text(p)}" for i, q in enumerate(self.paths, 1)]
        g.attr(label="".join(_plain(line) + "\\l" for line in lines), labeljust="l")
        return g

    def svg(self) -> str:
        return pipe(self.graph(), "svg").decode()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        """SVG and PNG via viz.outputs.renderers.pipe; text when that fails. Never raises."""
        try:
            text = self.text()
        except Exception as e:  # a display method never raises
            return {"text/plain": f"{self!r} ({e})"}
        try:
            g = self.graph()
            return {"image/svg+xml": pipe(g, "svg").decode(), "image/png": pipe(g, "png"), "text/plain": text}
        except Exception as e:
            why = INSTALL_HINT if "not installed" in str(e) else f"(could not draw: {e})"
            return {"text/plain": f"{text}\n{why}"}

    def save(self, path: Any, dpi: int | None = None) -> Any:
        """Write the drawing (.png .svg .pdf .dot) with :func:`viz.render`; returns the path."""
        return render(self.graph(), path, dpi=dpi)


def _plain(line: str) -> str:
    """A line for a plain Graphviz label: backslashes kept literal (``\\l`` ends each line)."""
    return line.replace("\\", "\\\\")


def _paren(x: float, precision: int) -> str:
    s = num(x, precision)
    return f"({s})" if s.startswith("-") else s


def paths(root: Value, leaf: Value, *, max_paths: int = MAX_PATHS, precision: int = 4) -> Paths:
    """Every path from ``leaf`` to ``root`` with the product of its local derivatives (runs backward).

    >>> from autograd import parse
    >>> import viz
    >>> f = parse("x*y + x", x=2, y=3)
    >>> x = next(n for n in f.parents if n.label == "x")
    >>> p = viz.paths(f, x)
    >>> print(p.caption())
    ∂L/∂x = 4.0 = 3.0 (x→n1→L) + 1.0 (x→L)
    >>> p.total == x.grad == 4.0
    True
    """
    return Paths(root, leaf, max_paths=max_paths, precision=precision)
