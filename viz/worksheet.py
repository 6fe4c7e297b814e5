"""A printable worksheet: page 1 the graph with every grad blank, page 2 the answer key (vector drawings).

The blank page is :func:`viz.draw` of the graph before backward (grads show ``–``); the
key is the same drawing after one backward pass, with each edge's contribution, and
every gradient written out as text.
"""

from __future__ import annotations

from pathlib import Path

import graphviz

from autograd import Value, backward, topological_order, zero_grad

from ._graph import as_root, check_title, names, num
from .deck import COLUMNS, IMAGE_BOX, ROWS, Page, _check, fit, write_pdf
from .dot import draw
from .model import MAX_NODES
from .picture import Picture
from .renderers import pipe
from .widget import svg_size_px

A4 = (842.0, 595.0)  # landscape, in points


def drawings(root: Value, *, show_local: bool = True, rankdir: str = "LR",
             precision: int = 4) -> tuple[graphviz.Digraph, graphviz.Digraph]:
    """(the graph with blank grads, the graph after backward): the two pictures of the worksheet.

    This runs the backward pass: afterwards the grads hold the single-pass values.
    """
    root = as_root(root, "worksheet")
    zero_grad(root)
    blank = draw(root, show_local=show_local, show_contribution=False, rankdir=rankdir, precision=precision)
    backward(root)
    key = draw(root, show_local=True, show_contribution=True, rankdir=rankdir, precision=precision)
    return blank, key


def vector(svg: bytes) -> Picture:
    """Graphviz's SVG as a picture for a PDF page (its size from the SVG, in points)."""
    w, h = svg_size_px(svg.decode())
    return Picture(svg, w * 0.75, h * 0.75)


def worksheet(root: Value, path: str | Path, *, title: str | None = None, show_local: bool = True,
              rankdir: str = "auto", dpi: int = 150, precision: int = 4) -> Path:
    """Write a two-page PDF: the graph with blank grads to fill in, then the answer key.

    ``show_local=False`` hides the local derivatives too (a harder sheet). ``rankdir="auto"``
    draws top-down or left-right, whichever fills the page better. The drawings are vector (``dpi``,
    still checked, no longer matters). Runs the backward pass.
    """
    p = _check(path, dpi, (".pdf",), "worksheet")
    check_title(title, "worksheet")
    if rankdir not in ("auto", "LR", "TB"):
        raise ValueError(f"worksheet: rankdir must be 'auto', 'LR' or 'TB', got {rankdir!r}")
    if (n := len(topological_order(as_root(root, "worksheet")))) > MAX_NODES:
        raise ValueError(f"worksheet: the graph has {n:,} value nodes, more than a page can show ({MAX_NODES}); "
                         "make the worksheet of a smaller expression (one neuron's, say)")
    best: tuple[float, Picture, Picture] | None = None
    for direction in ("TB", "LR") if rankdir == "auto" else (rankdir,):
        blank, key = drawings(root, show_local=show_local, rankdir=direction, precision=precision)
        key_svg = vector(pipe(key, "svg"))
        scale = fit(key_svg, IMAGE_BOX)[2] / key_svg.width
        if best is None or scale > best[0] * 1.05:
            best = (scale, vector(pipe(blank, "svg")), key_svg)
    assert best is not None
    _, blank_pic, key_pic = best
    order = topological_order(root)
    nm = names(order)
    loss = nm[root]
    leaves = [v for v in order if v.is_leaf] + [v for v in order if not v.is_leaf]
    grads = [f"∂{loss}/∂{nm[v]} = {num(v.grad, precision)}" for v in leaves]
    heading = title or f"Worksheet: the backward pass of {loss} = {num(root.data, precision)}"
    pages = [
        Page("sheet", heading,
             f"Fill in every grad: ∂{loss}/∂v for each node v. Start from ∂{loss}/∂{loss} = 1 and work back"
             + (" (each edge shows its local derivative)." if show_local else "."), blank_pic),
        Page("title", "Answer key", f"one backward pass: ∂{loss}/∂v for every node v", key_pic,
             tuple(grads[:ROWS])),
    ]
    rest = grads[ROWS:]
    per_page = ROWS * COLUMNS
    pages += [Page("grads", "Answer key (continued)", "", None, tuple(rest[i:i + per_page]))
              for i in range(0, len(rest), per_page)]
    return write_pdf(pages, p, dpi, size=A4, title=heading)
