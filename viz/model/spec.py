"""viz's model of a graph: what a drawing shows, before any graphviz (names, roles, groups, order).

:func:`spec` walks the graph once (``autograd.topological_order``) and decides every record,
op node, edge and collapsed box. The dot writer (``viz.outputs.dot``), the stepper and its frames read
the same :class:`Spec`. Ids and cluster names are made here from counters, never from user text:
labels reach graphviz only as escaped label and tooltip attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograd import Value, topological_order
from nn.naming import path_of

from .names import (
    as_root,
    check_precision,
    clean,
    fixed,
    grads_ready,
    names,
    num,
    op_text,
    role,
    short,
    tooltip,
)
from .palette import FILL

NO_GRAD = "–"  # shown before backward has run
UNKNOWN = "?"  # a number not computed yet (the forward pass) or asked for (the quiz)
MAX_NODES = 250
RANKDIRS = ("auto", "LR", "TB")
Box = tuple[str, str]  # a collapsed box: its dotted name (a neuron's or a layer's), and its layer's


@dataclass
class Spec:
    """What a drawing shows, before it becomes dot source (the stepper and frames reuse it)."""

    order: list[Value]
    names: dict[Value, str]
    ids: dict[Value, str]  # value node -> graphviz node id
    ready: bool  # has backward run?
    width: int
    precision: int
    rankdir: str  # "LR" or "TB" ("auto" is decided by spec)
    grad_text: dict[str, str] = field(default_factory=dict)  # node id -> "grad ..." text
    data_text: dict[str, str] = field(default_factory=dict)
    fill: dict[str, str] = field(default_factory=dict)
    outline: dict[str, tuple[str, str]] = field(default_factory=dict)  # node id -> (colour, penwidth)
    tooltip: dict[str, str] = field(default_factory=dict)
    records: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of drawn value nodes
    ops: list[tuple[str, str, str]] = field(default_factory=list)  # (op id, text, value id)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (edge id, tail, head, label)
    groups: dict[str, list[str]] = field(default_factory=dict)  # cluster label -> box ids (collapsed)
    prefix: str = ""  # put before every id (the stepper's uid, so two pages on one screen never clash)
    index: dict[Value, int] = field(default_factory=dict)  # node -> its place in ``order``

    def edge_id(self, node: Value, k: int) -> str:
        """The id of ``node``'s k-th edge (to its k-th parent), as drawn."""
        return edge_id(self.index[node], k, self.prefix)

    def cell(self, mark: str) -> str:
        """A number's cell that holds no number yet (``–``, ``?``): as wide as the numbers, so nodes keep their size."""
        return cell(mark, self.width)


def edge_id(i: int, k: int, prefix: str = "") -> str:
    """The one place an edge id is made: the k-th edge of the i-th node in topological order."""
    return f"{prefix}e{i}_{k}"


def cell(mark: str, width: int) -> str:
    """``mark`` padded on the left with no-break spaces to ``width`` characters."""
    return f"{mark:\u00a0>{width}}"


def rule_verdict(rule: float, numeric: float, precision: int) -> str:
    """check=True on an edge whose rule is wrong: what the drawing and the stepper both print."""
    return f"your rule {num(rule, precision)}, finite differences {num(numeric, precision)}"


def check_options(precision: int, rankdir: str, max_nodes: int, collapse: str | None) -> None:
    check_precision(precision)
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be 'auto', 'LR' or 'TB', got {rankdir!r}")
    if not isinstance(max_nodes, int) or isinstance(max_nodes, bool) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int, got {max_nodes!r}")
    if collapse not in ("auto", "neuron", "layer", None):
        raise ValueError(f"collapse must be 'auto', 'neuron', 'layer' or None, got {collapse!r}")


def spec(root: Value, *, precision: int = 4, rankdir: str = "auto", show_local: bool = True,
         show_contribution: bool = True, max_nodes: int = MAX_NODES, collapse: str | None = "auto",
         prefix: str = "", wide_labels: bool = False) -> Spec:
    """Work out every node, op and edge of the drawing (no graphviz yet). ``wide_labels``: the
    caller labels the edges itself, as wide as "1.0 × 0.5 = 0.5" (the stepper)."""
    root = as_root(root, "draw")
    check_options(precision, rankdir, max_nodes, collapse)
    order = topological_order(root)
    ready = grads_ready(root)
    numbers = [n.data for n in order] + ([n.grad for n in order] if ready else [])
    width = max(len(fixed(x, 0, precision)) for x in numbers)
    nm = names(order)
    if rankdir == "auto":
        digits = max(len(num(x, precision)) for x in numbers)  # "0.5", as the edge labels print numbers
        label_chars = 3 * digits + 6 if show_contribution or wide_labels else digits + 6 if show_local else 0
        rankdir = auto_rankdir(order, nm, width, label_chars)
    s = Spec(order, nm, {n: f"{prefix}v{i}" for i, n in enumerate(order)}, ready, width, precision, rankdir)
    group = _groups(order, max_nodes, collapse) if len(order) > max_nodes else {}
    s.prefix = prefix
    s.index = index = {n: i for i, n in enumerate(order)}

    for node in order:
        if node in group:
            continue
        vid = s.ids[node]
        s.records.append((vid, s.names[node]))
        s.data_text[vid] = f"data {fixed(node.data, s.width, precision)}"
        s.grad_text[vid] = f"grad {_grad(node.grad if ready else None, s)}"
        s.fill[vid] = FILL[role(node, root)]
        if tip := tooltip(node, s.names[node]):
            s.tooltip[vid] = tip
    # collapsed boxes: one per neuron or layer, showing its output (.act, else .z, else its last node)
    members: dict[Box, list[Value]] = {}
    for node in order:
        if node in group:
            members.setdefault(group[node], []).append(node)
    box_id = {box: f"{prefix}g{i}" for i, box in enumerate(members)}
    for (key, layer), nodes in members.items():
        rep = next((n for n in reversed(nodes) if _kind(n) in ("act", "z")), nodes[-1])
        bid = box_id[key, layer]
        s.records.append((bid, f"{clean(short(key))} ({len(nodes)} nodes)"))
        s.tooltip[bid] = clean(key, 1000)
        shown = _kind(rep) or clean(rep.label.rsplit(".", 1)[-1]) or "out"
        s.data_text[bid] = f"{shown} {fixed(rep.data, s.width, precision)}"
        s.grad_text[bid] = f"grad {_grad(rep.grad if ready else None, s)}"
        s.fill[bid] = FILL["group"]
        s.groups.setdefault(clean(short(layer)), []).append(bid)

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
            s.edges.append((edge_id(i, k, prefix), s.ids[parent], oid, "\n".join(lines)))
        s.edges.append((f"{prefix}r{i}", oid, s.ids[node], ""))
    return s


def _kind(node: Value) -> str:
    """What the node is inside its neuron, by its address (``act``, ``z``, ``w``...), or "" if it has none."""
    path = path_of(node.label)
    return path.kind if path is not None else ""


def _add_once(s: Spec, seen: set[tuple[str, str]], tail: str, head: str) -> None:
    if (tail, head) not in seen:
        seen.add((tail, head))
        s.edges.append((f"{tail}_{head}", tail, head, ""))


def _grad(x: float | None, s: Spec) -> str:
    return s.cell(NO_GRAD) if x is None else fixed(x, s.width, s.precision)


def _groups(order: list[Value], max_nodes: int, collapse: str | None) -> dict[Value, Box]:
    """Assign nodes to neuron or layer boxes by their address in the network (:func:`nn.path_of`),
    or refuse in one line."""
    n = len(order)
    advice = (f"the graph has {n:,} value nodes, over max_nodes={max_nodes}: pass a larger max_nodes= "
              f"(slow to lay out), or collapse='neuron'/'layer' for a graph with nn labels")
    if collapse is None:
        raise ValueError(advice)
    labelled = {node: (neuron, layer) for node in order if (p := path_of(node.label)) is not None
                and (neuron := p.neuron_name) is not None and (layer := p.layer_name) is not None}
    if not labelled:
        raise ValueError(advice + " (this graph has none)")
    children: dict[Value, list[Value]] = {}
    for node in order:
        for parent, _ in node.edges:
            children.setdefault(parent, []).append(node)
    for level in (["neuron", "layer"] if collapse == "auto" else [collapse]):
        group: dict[Value, Box] = {}
        for node in reversed(order):  # children before parents
            if node in labelled:
                neuron, layer = labelled[node]
                group[node] = (neuron, layer) if level == "neuron" else (layer, layer)
            elif not node.label and not node.is_leaf:  # an unlabelled interior node joins its consumer's box
                key = next((group[c] for c in children.get(node, []) if c in group), None)
                if key is not None:
                    group[node] = key
        if n - len(group) + len(set(group.values())) <= max_nodes:
            return group
    raise ValueError(advice + " (collapsed, it is still too big)")


# A notebook cell is about 900 x 650 CSS px; dot measures in points (3/4 px).
CELL_PT = (675.0, 490.0)
# Graph text is 12 pt (16 CSS px) and never shown under 14 CSS px: past that a drawing scrolls.
MIN_SCALE = 14 / 16


def auto_rankdir(order: list[Value], nm: dict[Value, str], number_chars: int, label_chars: int) -> str:
    """``"LR"`` or ``"TB"``: whichever a reader scrolls less sideways in a notebook cell.

    A drawing shrinks to fit the cell, but never under the minimum text size; past that it
    scrolls. Scrolling down is natural in a notebook, scrolling sideways is not. So the layout
    that overflows the cell's width less wins; where they tie, top to bottom unless left to
    right shrinks clearly less. A long chain reads top to bottom, a wide and shallow graph left
    to right. The sizes are estimates from dot's defaults (12 pt text, ranks 0.5 in apart, nodes 0.25 in apart, an input
    placed just before its first use, as dot places it), not a layout. ``number_chars`` is the
    width of the records' numbers ("2.0000": 6), ``label_chars`` the edge labels' ("local 0.5":
    9, "1.0 × 0.5 = 0.5": 15, none: 0).

    >>> from autograd import Value, parse, sum
    >>> auto_rankdir(*_estimate_args(parse("log((x+y)**2+z)", x=2, y=1, z=1)))  # deep: top to bottom
    'TB'
    >>> auto_rankdir(*_estimate_args(parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4)))
    'TB'
    >>> wide = sum([Value(i) * Value(1.0) for i in range(12)])  # 12 products into one Σ: left to right
    >>> auto_rankdir(*_estimate_args(wide))
    'LR'
    """
    depth = dict.fromkeys(order, 0)  # ranks counted back from the root: each node just before its first use
    for node in reversed(order):
        for p in node.parents:
            depth[p] = max(depth[p], depth[node] + 1)
    levels = max(depth.values()) + 1
    per_level: dict[int, int] = {}
    for node in order:
        per_level[depth[node]] = per_level.get(depth[node], 0) + 1
    breadth = max(per_level.values())
    char = 7.2  # pt per character at 12 pt
    name = max(len(n) for n in nm.values())
    record = (name + 2 * (number_chars + 5)) * char + 48  # "x | data 2.0000 | grad 5.0000", either way
    label = label_chars * char * 0.85  # edge labels are 10-11 pt
    ranks, ops = levels, levels - 1
    lr_w = ranks * record + ops * (40 + label) + (ranks + ops - 1) * 36
    lr_h = breadth * (24 + 18)
    tb_w = breadth * (record + 18) + label  # top to bottom, the labels mostly fit beside the edges
    tb_h = ranks * 24 + ops * 22 + (ranks + ops - 1) * 36 + (ops * 18 if label_chars else 0)

    def fit(w: float, h: float) -> float:
        return min(1.0, CELL_PT[0] / w, CELL_PT[1] / h)

    def sideways(w: float, h: float) -> float:  # how far past the cell's width, as shown
        return max(0.0, w * max(MIN_SCALE, fit(w, h)) - CELL_PT[0])

    tb, lr = sideways(tb_w, tb_h), sideways(lr_w, lr_h)
    if abs(tb - lr) > 0.05 * CELL_PT[0]:
        return "TB" if tb < lr else "LR"
    return "LR" if fit(lr_w, lr_h) > fit(tb_w, tb_h) * 1.05 else "TB"


def _estimate_args(root: Value) -> tuple[list[Value], dict[Value, str], int, int]:
    order = topological_order(root)
    return order, names(order), 6, 15


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
