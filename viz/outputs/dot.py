"""The graph as a ``graphviz.Digraph``: records ``label | data | grad``, op nodes, edge labels.

Value nodes are records; each op is its own small node showing the op table's symbol
(and its constant: ``**2``, ``* 0.5``). An edge from a parent into an op node carries
the local derivative ∂t/∂s (``local``) and, after backward, the contribution
∂L/∂t·∂t/∂s that was added to the parent's grad (``+=``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

import graphviz

from autograd import Value, analytic_grads, numeric_grads, topological_order
from autograd.check import close

from ..model.foreign import as_autograd
from ..model.names import as_root, clean, grads_ready, names, op_row, role
from ..model.palette import ACTIVE_PENWIDTH, BAD_FILL, CLUSTER, EDGE, FONT, HIGHLIGHT, OP_FILL, WRONG_RULE
from ..model.palette import FILL as FILL  # re-exported: viz.outputs.dot.FILL is where it used to be
from ..model.spec import MAX_NODES, Spec, edge_id, rule_verdict, spec, text_view
from ..views.focus import checked_edges
from .renderers import GraphvizMissing, pipe
from .widget import MIN_FONT_PX, check_min_font, drawing_html

# point sizes: at 96 dpi, 11 pt is 14.7 CSS px, the smallest text a drawing has
FONTSIZE = {"node": "12", "op": "11", "edge": "11", "cluster": "12"}
MIN_FONT_PT = min(float(v) for v in FONTSIZE.values())


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that shows itself inline in Jupyter.

    Its HTML display is the SVG as an ``<img>`` in a box that scrolls: it fills the cell,
    but never shrinks text below ``min_font_px`` CSS px (a sanitizer keeps all of it, so
    it shows in an untrusted notebook too). The display method never raises: with no renderer
    (:func:`viz.renderer`) it shows :attr:`text_view` and one line on what to install.
    """

    text_view: str = ""
    min_font_px: float = MIN_FONT_PX

    def pipe(self, format: str | None = None, renderer: str | None = None,  # noqa: A002  (graphviz's names)
             formatter: str | None = None, neato_no_op: int | None = None, quiet: bool = False, *,
             engine: str | None = None, encoding: str | None = None) -> Any:
        """graphviz's ``pipe``, through chainrule's renderer: it works without Graphviz's ``dot``."""
        if renderer is not None or formatter is not None:
            raise ValueError("Drawing.pipe: renderer= and formatter= are not supported; use viz.render")
        g = self.copy()
        g.engine = engine or self.engine
        data = pipe(g, format or self.format or "svg", neato_no_op=neato_no_op)
        return data.decode(encoding) if encoding else data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        try:
            svg = pipe(self, "svg").decode()
            html = drawing_html(svg, min_font_px=self.min_font_px, min_font_pt=MIN_FONT_PT,
                                alt=self.text_view)
            return {"text/html": html, "image/svg+xml": svg, "text/plain": self.text_view}
        except Exception as e:  # a display method never raises
            why = str(e) if isinstance(e, GraphvizMissing) else f"(could not draw: {e})"
            return {"text/plain": f"{self.text_view}\n{why}"}


def digraph(s: Spec, *, font: str = FONT, highlight: Iterable[str] = (),
            edge_labels: dict[str, str] | None = None, edge_color: dict[str, str] | None = None,
            pos: dict[str, dict[str, str]] | None = None, graph_id: str = "") -> Drawing:
    """Turn a :class:`Spec` into dot source. ``pos`` pins every node and edge (for frames).

    Every id and cluster name is ours; user text goes only into escaped ``label`` and
    ``tooltip`` attributes (:func:`_text`), so the SVG is well-formed whatever the labels.
    """
    g = Drawing(graph_attr={"rankdir": s.rankdir, "fontname": font, "bgcolor": "white"},
                node_attr={"fontname": font, "fontsize": FONTSIZE["node"]},
                edge_attr={"fontname": font, "fontsize": FONTSIZE["edge"], "color": EDGE})
    g.attr(id=graph_id or "graph")
    if pos is not None:
        g.attr(bb=pos["graph"]["bb"], splines="true")
    elif s.groups:  # a collapsed network: straight edges read better than routed ones
        g.attr(splines="line", ranksep="1.5")
    hl = set(highlight)
    pinned = pos or {}

    def record(parent: graphviz.Digraph, vid: str, name: str) -> None:
        fields = " | ".join(_esc(t) for t in (name, s.data_text[vid], s.grad_text[vid]))
        attrs = {"shape": "record", "style": "filled", "fillcolor": s.fill[vid], **_marks(vid), **pinned.get(vid, {})}
        label = "{" + fields + "}" if s.rankdir == "LR" else fields
        parent.node(vid, label=graphviz.nohtml(label), id=vid, **attrs)

    def _marks(nid: str) -> dict[str, str]:
        attrs = {}
        if nid in s.tooltip:
            attrs["tooltip"] = _text(s.tooltip[nid])
        if nid in s.outline:
            attrs["color"], attrs["penwidth"] = s.outline[nid]
        if nid in hl:
            attrs.update(color=HIGHLIGHT, penwidth="3")
        return attrs

    in_group = {bid for ids in s.groups.values() for bid in ids}
    for vid, name in s.records:
        if vid not in in_group:
            record(g, vid, name)
    for k, (layer, ids) in enumerate(s.groups.items()):
        with g.subgraph(name=f"cluster_{k}") as c:
            c.attr(label=_text(layer), style="rounded", color=CLUSTER, fontname=font,
                   fontsize=FONTSIZE["cluster"], id=f"{graph_id or 'graph'}-c{k}")
            for bid in ids:
                record(c, bid, next(n for v, n in s.records if v == bid))
    for oid, text, _ in s.ops:
        attrs = {"shape": "ellipse", "style": "filled", "fillcolor": OP_FILL, "fontsize": FONTSIZE["op"],
                 "margin": "0.05,0.02", "height": "0.3", **_marks(oid), **pinned.get(oid, {})}
        g.node(oid, label=_text(text), id=oid, **attrs)
    for eid, tail, head, label in s.edges:
        attrs = {"id": eid}
        text = (edge_labels or {}).get(eid, label)
        if text:
            attrs["label"] = text
        if edge_color and eid in edge_color:
            attrs.update(color=edge_color[eid], fontcolor=edge_color[eid], penwidth=ACTIVE_PENWIDTH, style="dashed")
        attrs.update(pinned.get(eid, {}))
        g.edge(tail, head, **attrs)
    g.text_view = text_view(s)
    return g


_RECORD_SPECIAL = re.compile(r'([{}|<>"\\])')


def _text(text: str) -> str:
    """Text for a graphviz attribute: ``&`` written as ``&amp;`` (dot passes ``&foo;`` through as an
    entity, which breaks the SVG), a backslash as ``\\\\`` (dot reads ``\\"`` as a quote, ``\\N`` as the
    node's name), never read as an HTML-like label (``<...>``); control characters are already
    cleaned by the model."""
    no_html: str = graphviz.nohtml(text.replace("&", "&amp;").replace("\\", "\\\\"))
    return no_html


def _esc(text: str) -> str:
    """A record field: graphviz's record syntax characters escaped, then :func:`_text`."""
    return _RECORD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def draw(root: Value | object, *, precision: int = 4, rankdir: str = "auto", show_local: bool = True,
         show_contribution: bool = True, highlight: Value | Iterable[Value] | None = None,
         check: bool = False, max_nodes: int = MAX_NODES, collapse: str | None = "auto",
         font: str = FONT, min_font_px: float = MIN_FONT_PX) -> Drawing:
    """Draw ``root``'s graph: a record ``label | data | grad`` per value, a node per op.

    Before backward has run, grads show as ``–``. Past ``max_nodes`` value nodes the graph
    is collapsed into one box per neuron (or layer) using nn's labels, or refused.
    ``check=True`` runs gradcheck on every node and colours those that disagree, and labels
    each edge whose local derivative disagrees with finite differences of its op, in vermillion.
    ``rankdir="auto"`` lays a long chain out top to bottom and a wide graph left to right.
    In Jupyter the drawing fills the cell but scrolls rather than show text under ``min_font_px``.

    >>> from autograd import parse
    >>> f = parse("x*y + x", x=2, y=3)
    >>> g = draw(f)
    >>> "grad \u00a0\u00a0\u00a0\u00a0\u00a0–" in g.source, g.source.count("->")
    (True, 6)
    """
    if not isinstance(root, Value):  # a student's own Value class, or check_engine's report: viz/model/foreign.py
        root = as_autograd(root)
    s = spec(root, precision=precision, rankdir=rankdir, show_local=show_local,
             show_contribution=show_contribution, max_nodes=max_nodes, collapse=collapse)
    labels, colours = _mark_bad(s, root) if check else ({}, {})
    marks = [] if highlight is None else [highlight] if isinstance(highlight, Value) else list(highlight)
    for h in marks:
        if not isinstance(h, Value) or h not in s.ids:
            raise ValueError(f"highlight: {h!r:.60} is not a node of this graph")
    g = digraph(s, font=font, highlight=[s.ids[h] for h in marks], edge_labels=labels, edge_color=colours)
    g.min_font_px = check_min_font(min_font_px)
    return g


def draw_dot(root: Value, format: str = "svg", rankdir: str = "auto") -> Drawing:  # noqa: A002
    """micrograd's ``draw_dot(root, format, rankdir)``, drawn the chainrule way."""
    g = draw(root, rankdir=rankdir)
    g.format = format
    return g


# ---------------------------------------------------------------------------
# check=True: autograd's finite differences (whole graph, and per edge), compared with the rules
# ---------------------------------------------------------------------------

def _mark_bad(s: Spec, root: Value) -> tuple[dict[str, str], dict[str, str]]:
    """Colour the nodes whose grad disagrees; return the label and colour of each edge whose rule does."""
    if len(s.order) > len(s.records):
        raise ValueError("check=True needs the full graph; this one is collapsed (raise max_nodes=)")
    for node in s.order:  # an op the table no longer has: one line, before finite differences need it
        if not node.is_leaf:
            op_row(node, "check=True")
    numeric, analytic = numeric_grads(root), analytic_grads(root)
    for node in s.order:
        a, n = analytic[node], numeric[node]
        if not (math.isfinite(a) and math.isfinite(n) and close(a, n)) and a != n:
            vid = s.ids[node]
            s.fill[vid] = BAD_FILL
            s.tooltip[vid] = f"gradcheck: backward gives {a!r}, finite differences give {n!r}"
    index = {node: i for i, node in enumerate(s.order)}
    labels, colours = {}, {}
    for e in checked_edges(root):
        if not e.ok:
            eid = edge_id(index[e.node], e.index)
            labels[eid] = rule_verdict(e.rule, e.numeric, s.precision)
            colours[eid] = WRONG_RULE
    return labels, colours


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

def _j(x: float | None) -> float | str | None:
    return x if x is None or math.isfinite(x) else repr(x)


def to_json(root: Value, indent: int | None = None) -> str:
    """The graph as JSON: nodes, edges with local derivatives, and the backward order.

    Grads and contributions are ``null`` before backward has run; inf and nan are
    written as the strings ``"inf"``, ``"-inf"``, ``"nan"`` (JSON has no such numbers). Labels are
    cleaned as drawings clean them (a lone surrogate, which UTF-8 cannot hold, becomes U+FFFD).

    >>> from autograd import parse
    >>> data = json.loads(to_json(parse("x*x", x=3)))
    >>> [e["local"] for e in data["edges"]], data["backward_order"]
    ([3.0, 3.0], ['v1', 'v0'])
    """
    root = as_root(root, "to_json")
    order = topological_order(root)
    ready = grads_ready(root)
    nm = names(order)
    ids = {n: f"v{i}" for i, n in enumerate(order)}
    nodes = [{"id": ids[n], "name": nm[n], "label": clean(n.label, None), "op": clean(n.op, None),
              "const": _j(n.const), "offset": _j(n.offset), "data": _j(n.data),
              "grad": _j(n.grad) if ready else None, "role": role(n, root)}
             for n in order]
    edges = [{"id": edge_id(i, k), "source": ids[p], "target": ids[n], "local": _j(local),
              "contribution": _j(n.grad * local) if ready else None}
             for i, n in enumerate(order) for k, (p, local) in enumerate(n.edges)]
    data = {"root": ids[root], "grads_ready": ready, "nodes": nodes, "edges": edges,
            "backward_order": [ids[n] for n in reversed(order)]}
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
