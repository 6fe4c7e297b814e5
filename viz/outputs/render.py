"""Files and Jupyter: PNG, SVG, PDF, dot and JSON; an inline display that never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import graphviz

from autograd import Value

from ..model.names import as_path
from .dot import Drawing, draw, to_json
from .renderers import GraphvizMissing, pipe, renderer, write

FORMATS = (".png", ".svg", ".pdf", ".dot", ".gv", ".json")


def render(obj: Value | graphviz.Digraph, path: str | Path, *, dpi: int | None = None,
           **draw_options: Any) -> Path:
    """Save a Value's drawing (or a drawing) to ``path``; the suffix picks the format.

    Suffixes: .png .svg .pdf (via :func:`viz.renderer`), .dot/.gv (the source), .json (Values only).
    ``draw_options`` go to :func:`viz.draw` when ``obj`` is a Value. Returns the path.
    """
    p = as_path(path, "render")
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        kind = p.suffix or "(none)"
        raise ValueError(f"unknown file type {kind!r} for {str(p)!r}; use one of {' '.join(FORMATS)}")
    if suffix == ".json":
        if not isinstance(obj, Value):
            raise ValueError("a .json file needs a Value, not a drawing")
        return write(p, to_json(obj, indent=1))
    if isinstance(obj, Value):
        g: graphviz.Digraph = draw(obj, **draw_options)
    elif isinstance(obj, graphviz.Digraph):
        if draw_options:
            raise ValueError(f"drawing options {sorted(draw_options)} only apply when rendering a Value")
        g = obj
    else:
        raise TypeError(f"render needs a Value or a drawing, got {type(obj).__name__}")
    if suffix in (".dot", ".gv"):
        return write(p, g.source)
    return write(p, pipe(g, suffix[1:], dpi=dpi))


def mimebundle(root: Any) -> dict[str, Any]:
    """What Jupyter should show for a Value: its drawing as SVG, else text. Never raises."""
    try:
        text = repr(root)
    except Exception:
        text = f"<{type(root).__name__}>"
    try:
        bundle = draw(root)._repr_mimebundle_()
    except Exception as e:  # too big, not a Value, ...: say why in the text view
        return {"text/plain": f"{text}\n({e})"}
    bundle["text/plain"] = f"{text}\n{bundle['text/plain']}" if "image/svg+xml" not in bundle else text
    return bundle


__all__ = ["FORMATS", "Drawing", "GraphvizMissing", "mimebundle", "pipe", "render", "renderer", "write"]
