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
from dataclasses import dataclass, field
from typing import Any

import graphviz

from autograd import Value, analytic_grads, check_edges, numeric_grads
from autograd.check import close

from ._graph import NEURON, as_root, fixed, grads_ready, names, num, op_text, order_of, role
from .renderers import GraphvizMissing, run

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
FILL = {
    "input": "#dbeafe", "parameter": "#dcfce7", "constant": "#f3f4f6",
    "intermediate": "#ffffff", "output": "#fde68a", "group": "#ede9fe",
}
BAD_FILL = "#fca5a5"
HIGHLIGHT = "#dc2626"
WRONG_RULE = "#D55E00"  # Okabe–Ito vermillion: an edge whose local derivative disagrees with finite differences
NO_GRAD = "–"  # shown before backward has run
MAX_NODES = 250


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that shows itself inline in Jupyter as SVG.

    Its display method never raises: with no renderer (:func:`viz.renderer`) it shows
    :attr:`text_view` and one line on what to install.
    """

    text_view: str = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        try:
            svg = run(self.source, "svg", engine=self.engine).decode()
            return {"image/svg+xml": svg, "text/plain": self.text_view}
        except Exception as e:  # a display method never raises
            why = str(e) if isinstance(e, GraphvizMissing) else f"(could not draw: {e})"
            return {"text/plain": f"{self.text_view}\n{why}"}


@dataclass
class Spec:
    """What a drawing shows, before it becomes dot source (the stepper and frames reuse it)."""

    order: list[Value]
    names: dict[Value, str]
    ids: dict[Value, str]  # value node -> graphviz node id
    ready: bool  # has backward run?
    width: int
    precision: int
    rankdir: str
    grad_text: dict[str, str] = field(default_factory=dict)  # node id -> "grad ..." text
    data_text: dict[str, str] = field(default_factory=dict)
    fill: dict[str, str] = field(default_factory=dict)
    tooltip: dict[str, str] = field(default_factory=dict)
    records: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of drawn value nodes
    ops: list[tuple[str, str, str]] = field(default_factory=list)  # (op id, text, value id)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (edge id, tail, head, label)
    groups: dict[str, list[str]] = field(default_factory=dict)  # layer name -> box ids (collapsed)


def _check_options(precision: int, rankdir: str, max_nodes: int, collapse: str | None) -> None:
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 12:
        raise ValueError(f"precision must be an int from 0 to 12, got {precision!r}")
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"rankdir must be 'LR' or 'TB', got {rankdir!r}")
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
    if collapse not in ("auto", "neuron", "layer", None):
        raise ValueError(f"collapse must be 'auto', 'neuron', 'layer' or None, got {collapse!r}")


def spec(root: Value, *, precision: int = 4, rankdir: str = "LR", show_local: bool = True,
         show_contribution: bool = True, max_nodes: int = MAX_NODES, collapse: str | None = "auto",
         prefix: str = "") -> Spec:
    """Work out every node, op and edge of the drawing (no graphviz yet)."""
    root = as_root(root, "draw")
    _check_options(precision, rankdir, max_nodes, collapse)
    order = order_of(root)
    ready = grads_ready(root)
    numbers = [n.data for n in order] + ([n.grad for n in order] if ready else [])
    width = max(len(fixed(x, 0, precision)) for x in numbers)
    s = Spec(order, names(order), {n: f"{prefix}v{i}" for i, n in enumerate(order)}, ready, width,
             precision, rankdir)
    group = _groups(order, max_nodes, collapse) if len(order) > max_nodes else {}
    index = {n: i for i, n in enumerate(order)}

    for node in order:
        if node in group:
            continue
        vid = s.ids[node]
        s.records.append((vid, s.names[node]))
        s.data_text[vid] = f"data {fixed(node.data, s.width, precision)}"
        s.grad_text[vid] = f"grad {_grad(node.grad if ready else None, s)}"
        s.fill[vid] = FILL[role(node, root)]
    # collapsed boxes: one per neuron or layer, showing its output (.act, else .z, else its last node)
    members: dict[str, list[Value]] = {}
    for node in order:
        if node in group:
            members.setdefault(group[node], []).append(node)
    box_id = {key: f"{prefix}g{i}" for i, key in enumerate(members)}
    for key, nodes in members.items():
        rep = next((n for n in reversed(nodes) if n.label.endswith((".act", ".z"))), nodes[-1])
        bid = box_id[key]
        s.records.append((bid, f"{key} ({len(nodes)} nodes)"))
        s.data_text[bid] = f"{rep.label.rsplit('.', 1)[-1] or 'out'} {fixed(rep.data, s.width, precision)}"
        s.grad_text[bid] = f"grad {_grad(rep.grad if ready else None, s)}"
        s.fill[bid] = FILL["group"]
        layer = m.group("layer") if (m := NEURON.match(key + ".")) else key
        s.groups.setdefault(layer, []).append(bid)

    seen: set[tuple[str, str]] = set()
    for node in order:
        if node.is_leaf:
            continue
        i = index[node]
        if node in group:
            for parent, _ in node.edges:
                if group.get(parent) != group[node]:
                    tail = box_id[group[parent]] if parent in group else s.ids[parent]
                    _add_once(s, seen, tail, box_id[group[node]])
            continue
        oid = f"{prefix}o{i}"
        s.ops.append((oid, op_text(node), s.ids[node]))
        for k, (parent, local) in enumerate(node.edges):
            if parent in group:
                _add_once(s, seen, box_id[group[parent]], oid)
                continue
            lines = []
            if show_local:
                lines.append(f"local {num(local, precision)}")
            if show_contribution and ready:
                lines.append(f"+= {num(node.grad * local, precision)}")
            s.edges.append((f"{prefix}e{i}_{k}", s.ids[parent], oid, "\n".join(lines)))
        s.edges.append((f"{prefix}r{i}", oid, s.ids[node], ""))
    return s


def _add_once(s: Spec, seen: set[tuple[str, str]], tail: str, head: str) -> None:
    if (tail, head) not in seen:
        seen.add((tail, head))
        s.edges.append((f"{tail}_{head}", tail, head, ""))


def _grad(x: float | None, s: Spec) -> str:
    return f"{NO_GRAD:\u00a0>{s.width}}" if x is None else fixed(x, s.width, s.precision)


def _groups(order: list[Value], max_nodes: int, collapse: str | None) -> dict[Value, str]:
    """Assign nodes to neuron or layer boxes by nn's labels, or refuse in one line."""
    n = len(order)
    advice = (f"the graph has {n:,} value nodes, over max_nodes={max_nodes}: pass a larger max_nodes= "
              f"(slow to lay out), or collapse='neuron'/'layer' for a graph with nn labels")
    if collapse is None:
        raise ValueError(advice)
    labelled = {node: m for node in order if (m := NEURON.match(node.label))}
    if not labelled:
        raise ValueError(advice + " (this graph has none)")
    children: dict[Value, list[Value]] = {}
    for node in order:
        for parent, _ in node.edges:
            children.setdefault(parent, []).append(node)
    for level in (["neuron", "layer"] if collapse == "auto" else [collapse]):
        group: dict[Value, str] = {}
        for node in reversed(order):  # children before parents
            if node in labelled:
                m = labelled[node]
                group[node] = m.group(0) if level == "neuron" else m.group("layer")
            elif not node.label and not node.is_leaf:  # an unlabelled interior node joins its consumer's box
                key = next((group[c] for c in children.get(node, []) if c in group), None)
                if key is not None:
                    group[node] = key
        if n - len(group) + len(set(group.values())) <= max_nodes:
            return group
    raise ValueError(advice + " (collapsed, it is still too big)")


def digraph(s: Spec, *, font: str = FONT, highlight: Iterable[str] = (),
            edge_labels: dict[str, str] | None = None, edge_color: dict[str, str] | None = None,
            pos: dict[str, dict[str, str]] | None = None, graph_id: str = "") -> Drawing:
    """Turn a :class:`Spec` into dot source. ``pos`` pins every node and edge (for frames)."""
    g = Drawing(graph_attr={"rankdir": s.rankdir, "fontname": font, "bgcolor": "white"},
                node_attr={"fontname": font, "fontsize": "12"},
                edge_attr={"fontname": font, "fontsize": "10", "color": "#555555"})
    if graph_id:
        g.attr(id=graph_id)
    if pos is not None:
        g.attr(bb=pos["graph"]["bb"], splines="true")
    elif s.groups:  # a collapsed network: straight edges read better than routed ones
        g.attr(splines="line", ranksep="1.5")
    hl = set(highlight)
    pinned = pos or {}

    def node(nid: str, label: str, **attrs: str) -> None:
        if nid in hl:
            attrs.update(color=HIGHLIGHT, penwidth="3")
        if nid in s.tooltip:
            attrs["tooltip"] = s.tooltip[nid]
        if nid in pinned:
            attrs.update(pinned[nid])
        g.node(nid, label=label, id=nid, **attrs)

    in_group = {bid for ids in s.groups.values() for bid in ids}
    for vid, name in s.records:
        fields = " | ".join(_esc(t) for t in (name, s.data_text[vid], s.grad_text[vid]))
        label = "{" + fields + "}" if s.rankdir == "LR" else fields
        if vid not in in_group:
            node(vid, label, shape="record", style="filled", fillcolor=s.fill[vid])
    for layer, ids in s.groups.items():
        with g.subgraph(name=f"cluster_{layer}") as c:
            c.attr(label=layer, style="rounded", color="#a78bfa", fontname=font)
            for bid in ids:
                name = next(n for v, n in s.records if v == bid)
                fields = " | ".join(_esc(t) for t in (name, s.data_text[bid], s.grad_text[bid]))
                attrs = {"shape": "record", "style": "filled", "fillcolor": s.fill[bid], "fontname": font,
                         "fontsize": "12", **pinned.get(bid, {})}
                c.node(bid, label="{" + fields + "}" if s.rankdir == "LR" else fields, id=bid, **attrs)
    for oid, text, _ in s.ops:
        node(oid, text, shape="ellipse", style="filled", fillcolor="#f3f4f6", fontsize="11",
             margin="0.05,0.02", height="0.3")
    for eid, tail, head, label in s.edges:
        attrs = {"id": eid}
        text = (edge_labels or {}).get(eid, label)
        if text:
            attrs["label"] = text
        if edge_color and eid in edge_color:
            attrs.update(color=edge_color[eid], fontcolor=edge_color[eid], penwidth="2.5")
        attrs.update(pinned.get(eid, {}))
        g.edge(tail, head, **attrs)
    g.text_view = text_view(s)
    return g


_RECORD_SPECIAL = re.compile(r'([{}|<>"\\])')


def _esc(text: str) -> str:
    return _RECORD_SPECIAL.sub(r"\\\1", text)


def text_view(s: Spec, limit: int = 60) -> str:
    """A readable text view of the graph, inputs first (shown when Graphviz is missing)."""
    lines = []
    for node in s.order[:limit]:
        name = s.names[node]
        if node.is_leaf:
            rhs = ""
        else:
            args = [s.names[p] for p in node.parents]
            op = op_text(node)
            if len(args) == 1 or node.op == "Σ":
                rhs = f" = {op}({', '.join(args)})"
            else:
                rhs = f" = {f' {op} '.join(args)}"
            if node.const is not None and node.op not in ("Σ", "LReLU") and len(args) == 1:
                rhs = f" = {args[0]} {op}"
        grad = num(node.grad, s.precision) if s.ready else NO_GRAD
        lines.append(f"{name}{rhs} = {num(node.data, s.precision)}    grad {grad}")
    if len(s.order) > limit:
        lines.append(f"... and {len(s.order) - limit:,} more nodes")
    return "\n".join(lines)


def draw(root: Value, *, precision: int = 4, rankdir: str = "LR", show_local: bool = True,
         show_contribution: bool = True, highlight: Value | Iterable[Value] | None = None,
         check: bool = False, max_nodes: int = MAX_NODES, collapse: str | None = "auto",
         font: str = FONT) -> Drawing:
    """Draw ``root``'s graph: a record ``label | data | grad`` per value, a node per op.

    Before backward has run, grads show as ``–``. Past ``max_nodes`` value nodes the graph
    is collapsed into one box per neuron (or layer) using nn's labels, or refused.
    ``check=True`` runs gradcheck on every node and colours those that disagree red, and labels
    each edge whose local derivative disagrees with finite differences of its op, in vermillion.

    >>> from autograd import parse
    >>> f = parse("x*y + x", x=2, y=3)
    >>> g = draw(f)
    >>> "grad \u00a0\u00a0\u00a0\u00a0\u00a0–" in g.source, g.source.count("->")
    (True, 6)
    """
    s = spec(root, precision=precision, rankdir=rankdir, show_local=show_local,
             show_contribution=show_contribution, max_nodes=max_nodes, collapse=collapse)
    labels, colours = _mark_bad(s, root) if check else ({}, {})
    marks = [] if highlight is None else [highlight] if isinstance(highlight, Value) else list(highlight)
    for h in marks:
        if not isinstance(h, Value) or h not in s.ids:
            raise ValueError(f"highlight: {h!r:.60} is not a node of this graph")
    return digraph(s, font=font, highlight=[s.ids[h] for h in marks], edge_labels=labels, edge_color=colours)


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR") -> Drawing:  # noqa: A002
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
    numeric, analytic = numeric_grads(root), analytic_grads(root)
    for node in s.order:
        a, n = analytic[node], numeric[node]
        if not (math.isfinite(a) and math.isfinite(n) and close(a, n)) and a != n:
            vid = s.ids[node]
            s.fill[vid] = BAD_FILL
            s.tooltip[vid] = f"gradcheck: backward gives {a!r}, finite differences give {n!r}"
    index = {node: i for i, node in enumerate(s.order)}
    labels, colours = {}, {}
    for e in check_edges(root):
        if not e.ok:
            eid = f"e{index[e.node]}_{e.index}"
            labels[eid] = f"your rule {num(e.rule, s.precision)}, finite differences {num(e.numeric, s.precision)}"
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
    written as the strings ``"inf"``, ``"-inf"``, ``"nan"`` (JSON has no such numbers).

    >>> from autograd import parse
    >>> data = json.loads(to_json(parse("x*x", x=3)))
    >>> [e["local"] for e in data["edges"]], data["backward_order"]
    ([3.0, 3.0], ['v1', 'v0'])
    """
    root = as_root(root, "to_json")
    order = order_of(root)
    ready = grads_ready(root)
    nm = names(order)
    ids = {n: f"v{i}" for i, n in enumerate(order)}
    nodes = [{"id": ids[n], "name": nm[n], "label": n.label, "op": n.op, "const": _j(n.const),
              "data": _j(n.data), "grad": _j(n.grad) if ready else None, "role": role(n, root)}
             for n in order]
    edges = [{"id": f"e{i}_{k}", "source": ids[p], "target": ids[n], "local": _j(local),
              "contribution": _j(n.grad * local) if ready else None}
             for i, n in enumerate(order) for k, (p, local) in enumerate(n.edges)]
    data = {"root": ids[root], "grads_ready": ready, "nodes": nodes, "edges": edges,
            "backward_order": [ids[n] for n in reversed(order)]}
    return json.dumps(data, indent=indent, ensure_ascii=False)
