"""Frames as pictures without another Graphviz run: the stepper's one SVG, recoloured and cut to a window.

An output stage of graph → Spec → frames → outputs. A lecture deck needs the graph at many
frames: that frame's grads, data and edge labels, the current node filled, its inputs outlined,
the edges being updated in colour. Graphviz lays the graph out once (:meth:`viz.Stepper.svg`);
:class:`FramePictures` then paints a :class:`viz.views.frames.Frame` on that SVG by id, as the page's
script does in the browser (``viz/static/stepper.js``), and cuts the drawing to a window around a
step's nodes. A :class:`Picture` is vector SVG (for a PDF page) that also rasterises (resvg) to PNG.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..model.palette import (
    ACTIVE,
    ACTIVE_PENWIDTH,
    CURRENT,
    CURRENT_OUTLINE,
    CURRENT_PENWIDTH,
    TOUCHED,
    TOUCHED_PENWIDTH,
)
from ..views.frames import Frame
from .renderers import svg_to_png

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_TRANSLATE = re.compile(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")
DASHED = "5,2"  # Graphviz's dash pattern for style=dashed


@dataclass(frozen=True)
class Picture:
    """A vector drawing and its size in points."""

    svg: bytes
    width: float
    height: float

    def png(self, dpi: int) -> bytes:
        """The same drawing as PNG (resvg, the DejaVu fonts every drawing uses)."""
        return svg_to_png(self.svg, dpi)


@dataclass(frozen=True)
class Window:
    """A part of the drawing, in the SVG's own coordinates (points, y downwards)."""

    left: float
    top: float
    width: float
    height: float

    def meets(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return x1 >= self.left and x0 <= self.left + self.width and y1 >= self.top and y0 <= self.top + self.height


def _tag(e: ET.Element) -> str:
    return e.tag.rsplit("}", 1)[-1]


class FramePictures:
    """Frames as :class:`Picture`\\ s, painted on one SVG (see the module docstring): ``svg`` is the
    final drawing, ``start`` any full frame (it names the nodes and edges), ``rankdir`` the drawing's."""

    def __init__(self, svg: str, start: Frame, rankdir: str) -> None:
        root = ET.fromstring(svg)
        view = [float(v) for v in root.get("viewBox", "").split()]
        if len(view) != 4:
            raise ValueError("not an SVG from Graphviz (no viewBox)")
        self.width, self.height = view[2], view[3]
        graph = next(e for e in root if _tag(e) == "g")
        m = _TRANSLATE.search(graph.get("transform", ""))
        self.dx, self.dy = (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)
        self.transform = graph.get("transform", "")
        self.items: list[tuple[ET.Element, tuple[float, float, float, float]]] = []
        self.by_id: dict[str, ET.Element] = {}
        for child in graph:
            self.items.append((child, self._extent(child)))
            if child.get("id"):
                self.by_id[child.get("id", "")] = child
        self.saved: dict[str, tuple[str, str, str]] = {}  # a node's shape: fill, stroke, stroke-width
        for nid in start.grads:
            if (shape := self._shape(nid)) is not None:
                self.saved[nid] = (shape.get("fill", "none"), shape.get("stroke", "black"),
                                   shape.get("stroke-width", "1"))
        self.strokes = {eid: self._edge_look(eid) for eid in start.edges}
        self.back = "← " if rankdir == "LR" else "↑ "
        self.dirty: set[str] = set()  # ids of the groups painting changed since they were last written
        self.written: dict[ET.Element, str] = {}

    # -- finding things ------------------------------------------------------------

    def _shape(self, nid: str) -> ET.Element | None:
        g = self.by_id.get(nid)
        return None if g is None else next((e for e in g.iter() if _tag(e) in ("polygon", "ellipse")), None)

    def _texts(self, gid: str) -> list[ET.Element]:
        g = self.by_id.get(gid)
        return [] if g is None else [e for e in g.iter() if _tag(e) == "text"]

    def _edge_look(self, eid: str) -> tuple[str, str, str | None, str]:
        """An edge as the final drawing has it: stroke, stroke-width, dashes, label colour (check=True's
        wrong rules are vermillion and dashed in every frame)."""
        g = self.by_id.get(eid)
        path = None if g is None else next((e for e in g.iter() if _tag(e) == "path"), None)
        text = None if g is None else next((e for e in g.iter() if _tag(e) == "text"), None)
        if path is None:
            return "black", "1", None, "black"
        return (path.get("stroke", "black"), path.get("stroke-width", "1"), path.get("stroke-dasharray"),
                "black" if text is None else text.get("fill", "black"))

    def _extent(self, g: ET.Element) -> tuple[float, float, float, float]:
        """The box around everything drawn in ``g``, in the SVG's coordinates (text widths estimated)."""
        xs: list[float] = []
        ys: list[float] = []
        for e in g.iter():
            tag = _tag(e)
            if tag in ("polygon", "polyline") or (tag == "path" and e.get("d")):
                nums = [float(v) for v in _NUMBER.findall(e.get("points") or e.get("d") or "")]
                xs += nums[0::2]
                ys += nums[1::2]
            elif tag == "ellipse":
                cx, cy, rx, ry = (float(e.get(a, "0")) for a in ("cx", "cy", "rx", "ry"))
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
            elif tag == "text":
                x, y, size = float(e.get("x", "0")), float(e.get("y", "0")), float(e.get("font-size", "12"))
                half = len(e.text or "") * size * 0.3
                xs += [x - 2 * half, x + 2 * half] if e.get("text-anchor") != "middle" else [x - half, x + half]
                ys += [y - size, y + size / 3]
        if not xs:
            return (0.0, 0.0, self.width, self.height)
        return min(xs) + self.dx, min(ys) + self.dy, max(xs) + self.dx, max(ys) + self.dy

    def node_box(self, nid: str) -> tuple[float, float, float, float]:
        """Where node ``nid``'s shape is drawn (left, top, right, bottom in the SVG's coordinates)."""
        shape = self._shape(nid)
        if shape is None:
            raise KeyError(nid)
        return self._extent(shape)

    # -- painting a frame ----------------------------------------------------------

    def paint(self, frame: Frame, highlight: bool = True) -> None:
        """Make the SVG show ``frame``: texts, fills, outlines, edges; ``highlight=False`` leaves out
        the current node, its inputs and the edges being updated."""
        if not highlight:
            frame = dataclasses.replace(frame, node=None, parents=(), active=())
        looks: dict[str, tuple[str, str, str]] = dict(self.saved)  # node id -> fill, stroke, stroke-width
        for pid in frame.parents:
            if pid in looks:
                looks[pid] = (looks[pid][0], TOUCHED, str(TOUCHED_PENWIDTH))
        if frame.node:
            looks[frame.node] = (CURRENT, CURRENT_OUTLINE, str(CURRENT_PENWIDTH))
        for nid, (fill, stroke, width) in looks.items():
            if (shape := self._shape(nid)) is not None:
                self._put(nid, shape, {"fill": fill, "stroke": stroke, "stroke-width": width})
        for index, texts in ((1, frame.grads), (2, frame.datas)):
            for nid, text in texts.items():
                if len(t := self._texts(nid)) >= 3:
                    self._put(nid, t[-index], {}, text)
        active = set(frame.active)
        for eid, text in frame.edges.items():
            self._edge(eid, (self.back + text) if eid in active and text else text, eid in active)

    def _put(self, gid: str, e: ET.Element, attrs: dict[str, str | None], text: str | None = None) -> None:
        """Set ``e``'s attributes (None: remove) and text; a change marks group ``gid`` to be written anew."""
        for name, value in attrs.items():
            if e.get(name) != value:
                self.dirty.add(gid)
                if value is None:
                    del e.attrib[name]
                else:
                    e.set(name, value)
        if text is not None and e.text != text:
            self.dirty.add(gid)
            e.text = text

    def _edge(self, eid: str, text: str, active: bool) -> None:
        g = self.by_id.get(eid)
        if g is None:
            return
        colour, width, dashes, ink = self.strokes[eid]
        if active:
            colour, width, dashes, ink = ACTIVE, str(ACTIVE_PENWIDTH), DASHED, ACTIVE
        for e in g.iter():
            tag = _tag(e)
            if tag == "text":
                self._put(eid, e, {"fill": ink}, text)
            elif tag == "polygon":
                self._put(eid, e, {"stroke": colour, "stroke-width": width, "fill": colour})
            elif tag == "path":
                self._put(eid, e, {"stroke": colour, "stroke-width": width, "stroke-dasharray": dashes})

    # -- the picture ---------------------------------------------------------------

    def _text_of(self, e: ET.Element) -> str:
        """``e`` as SVG text, written again only when painting changed it."""
        gid = e.get("id", "")
        if gid in self.dirty or e not in self.written:
            self.written[e] = ET.tostring(e, encoding="unicode")
            self.dirty.discard(gid)
        return self.written[e]

    def picture(self, frame: Frame, window: Window | None = None, *, highlight: bool = True) -> Picture:
        """``frame``, whole or cut to ``window``: only what meets the window is written."""
        self.paint(frame, highlight)
        w = window or Window(0.0, 0.0, self.width, self.height)
        parts = [self._text_of(e) for e, box in self.items if w.meets(box)]
        head = (f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" width="{w.width:.2f}pt" height="{w.height:.2f}pt" '
                f'viewBox="{w.left:.2f} {w.top:.2f} {w.width:.2f} {w.height:.2f}">'
                f'<rect x="{w.left:.2f}" y="{w.top:.2f}" width="{w.width:.2f}" height="{w.height:.2f}" fill="white"/>'
                f'<g transform="{self.transform}">')
        return Picture((head + "".join(parts) + "</g></svg>").encode(), w.width, w.height)


__all__ = ["FramePictures", "Picture", "Window"]
