"""A printable worksheet: page 1 the graph with every grad blank, page 2 the answer key (vector drawings).

An output stage of graph → Spec → frames → outputs, like the deck: the blank page is the
stepper's frame 0 (before backward: grads show ``–``, each edge its local derivative), the key
its last frame (after one backward pass, each edge's ``upstream × local = contribution``), both
painted on the one drawing (:class:`viz.outputs.picture.FramePictures`); every gradient is also written
out as text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from autograd import Value, topological_order

from ..model.names import as_root, check_title, names, num
from ..model.spec import MAX_NODES
from .deck import COLUMNS, ROWS, Page, _check, check_rankdir, laid_out, write_pdf
from .picture import FramePictures, Picture

A4 = (842.0, 595.0)  # landscape, in points


def pictures(root: Value, *, show_local: bool = True, rankdir: str = "auto",
             precision: int = 4) -> tuple[Picture, Picture]:
    """(the graph with blank grads, the graph after backward): the stepper's first and last frames.

    This runs the backward pass: afterwards the grads hold the single-pass values.
    """
    n = len(topological_order(root))
    stepper = laid_out(root, rankdir, precision, forward=False, max_nodes=max(n, 1), who="worksheet")
    paint = FramePictures(stepper.svg(), stepper.frame(0), stepper.spec.rankdir)
    blank = stepper.frame(0)
    if not show_local:  # a harder sheet: no local derivatives either
        blank = dataclasses.replace(blank, edges=dict.fromkeys(blank.edges, ""))
    return paint.picture(blank, highlight=False), paint.picture(stepper.frame(len(stepper.frames)), highlight=False)


def worksheet(root: Value, path: str | Path, *, title: str | None = None, show_local: bool = True,
              rankdir: str = "auto", dpi: int = 150, precision: int = 4) -> Path:
    """Write a two-page PDF: the graph with blank grads to fill in, then the answer key.

    ``show_local=False`` hides the local derivatives too (a harder sheet). ``rankdir="auto"``
    draws top-down or left-right, whichever fills the page better. The drawings are vector (``dpi``,
    still checked, no longer matters). Runs the backward pass.
    """
    p = _check(path, dpi, (".pdf",), "worksheet")
    check_title(title, "worksheet")
    check_rankdir(rankdir, "worksheet")
    if (n := len(topological_order(as_root(root, "worksheet")))) > MAX_NODES:
        raise ValueError(f"worksheet: the graph has {n:,} value nodes, more than a page can show ({MAX_NODES}); "
                         "make the worksheet of a smaller expression (one neuron's, say)")
    blank_pic, key_pic = pictures(root, show_local=show_local, rankdir=rankdir, precision=precision)
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
