"""Files and Jupyter: PNG, SVG, PDF, dot and JSON; an inline display that never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import graphviz

from autograd import Value

from ._graph import as_path
from .dot import Drawing, draw, to_json
from .renderers import GraphvizMissing, renderer, run

FORMATS = (".png", ".svg", ".pdf", ".dot", ".gv", ".json")


def pipe(g: graphviz.Digraph, fmt: str, *, dpi: int | None = None, neato_no_op: int | None = None) -> bytes:
    """Render a drawing with the renderer in use (:func:`viz.renderer`): system dot, else pure pip.

    ``dpi`` sets the resolution of PNGs. A missing renderer is a one-line :class:`GraphvizMissing`.
    """
    if dpi is not None and (isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1200):
        raise ValueError(f"dpi must be an int from 10 to 1200, got {dpi!r}")
    return run(g.source, fmt, engine=g.engine, dpi=dpi, neato_no_op=neato_no_op)


def write(path: str | Path, data: bytes | str) -> Path:
    """Write a file (making its folder); an unwritable path is a one-line OSError naming it."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8")
        else:
            p.write_bytes(data)
    except OSError as e:
        raise OSError(f"cannot write {str(p)!r}: {e.strerror or e}") from None
    return p


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
