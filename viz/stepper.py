"""The step-through widget: HTML with an inline SVG, per-step JSON and a small vanilla-JS IIFE.

The graph is laid out once by dot. Each backward step (one record of
:func:`autograd.backward_steps`) becomes a frame: the current node is highlighted,
each edge being updated shows ``upstream × local = contribution``, and the parents'
grads change from before to after the ``+=``. The JS only changes the text and colours
of SVG elements found by id, inside its own container (a unique id per output), so
several steppers in one notebook do not clash. Without JS the page shows the final,
fully backpropagated graph. PNG frames and the GIF pin every node where dot put it
(``neato -n2``), so nothing moves between frames.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import uuid
from pathlib import Path
from typing import Any

from autograd import Value

from ._graph import INSTALL_HINT, as_root, fixed, num
from .dot import NO_GRAD, Spec, digraph, spec
from .explain import formula, run, terms_by_node
from .render import pipe, write

MONO = "DejaVu Sans Mono,Menlo,Consolas,monospace"  # fixed-width numbers: nodes never change size
CURRENT, TOUCHED, ACTIVE = "#fbbf24", "#fed7aa", "#dc2626"
MAX_STEPPER_NODES = 150


class Stepper:
    """Step through ``root``'s backward pass (see :func:`step`)."""

    def __init__(self, root: Value, *, precision: int = 4, rankdir: str = "LR",
                 max_nodes: int = MAX_STEPPER_NODES) -> None:
        root = as_root(root, "step")
        if len(order := _order(root)) > max_nodes:
            raise ValueError(f"step: the graph has {len(order):,} value nodes, over max_nodes={max_nodes}; "
                             f"step through a smaller graph (one neuron) or pass a larger max_nodes=")
        self.root = root
        self.steps = run(root)  # the backward pass itself: grads are the single-pass values afterwards
        self.uid = "cr" + uuid.uuid4().hex[:10]
        self.spec: Spec = spec(root, precision=precision, rankdir=rankdir, show_local=False,
                               show_contribution=False, prefix=f"{self.uid}-")
        s = self.spec
        loss = s.names[root]
        index = {n: i for i, n in enumerate(s.order)}
        self.start_grad = {vid: f"grad {NO_GRAD:\u00a0>{s.width}}" for vid in s.grad_text}
        self.start_edges: dict[str, str] = {}
        self.final_edges: dict[str, str] = {}
        self.frames: list[dict[str, Any]] = []
        for step, terms in zip(self.steps, terms_by_node(self.steps), strict=True):
            i = index[step.node]
            vid = s.ids[step.node]
            frame: dict[str, Any] = {
                "node": vid, "name": s.names[step.node],
                "grads": {vid: f"grad {_fixed(step.upstream, s)}"},
                "edges": {}, "parents": [], "details": [],
                "formula": formula(step, terms, s.names, loss, s.precision),
            }
            for k, e in enumerate(step.edges):
                eid = f"{self.uid}-e{i}_{k}"
                pid = s.ids[e.parent]
                text = f"{num(step.upstream, s.precision)} × {num(e.local, s.precision)} = " \
                       f"{num(e.contribution, s.precision)}"
                self.start_edges[eid] = f"local {num(e.local, s.precision)}"
                self.final_edges[eid] = text
                frame["edges"][eid] = text
                frame["grads"][pid] = f"grad {_fixed(e.after, s)}"
                frame["parents"].append(pid)
                p = s.names[e.parent]
                frame["details"].append(
                    f"∂{loss}/∂{p} += ∂{loss}/∂{s.names[step.node]}·∂{s.names[step.node]}/∂{p} = {text}"
                    f"   (∂{loss}/∂{p}: {num(e.before, s.precision)} → {num(e.after, s.precision)})")
            self.frames.append(frame)
        self._svg: str | None = None
        self._layout: dict[str, dict[str, str]] | None = None

    # -- the state at frame k (0 = before backward, k = after step k) ---------------

    def state(self, k: int) -> dict[str, Any]:
        """Grad texts, edge texts, the current node, the parents and edges being updated at frame ``k``."""
        if not 0 <= k <= len(self.frames):
            raise ValueError(f"frame must be from 0 to {len(self.frames)}, got {k}")
        grads, edges = dict(self.start_grad), dict(self.start_edges)
        for frame in self.frames[:k]:
            grads.update(frame["grads"])
            edges.update(frame["edges"])
        now = self.frames[k - 1] if k else None
        return {"grads": grads, "edges": edges, "node": now and now["node"],
                "parents": now["parents"] if now else [], "active": list(now["edges"]) if now else []}

    def _graph(self, k: int | None, pos: dict[str, dict[str, str]] | None = None) -> Any:
        """The drawing at frame ``k`` (None: the final graph, as the page shows without JS)."""
        s = self.spec
        if k is None:
            return digraph(dataclasses.replace(s), font=MONO, edge_labels=self.final_edges, pos=pos,
                           graph_id=f"{self.uid}-graph")
        st = self.state(k)
        fill = dict(s.fill)
        fill.update({p: TOUCHED for p in st["parents"]})
        if st["node"]:
            fill[st["node"]] = CURRENT
        frame_spec = dataclasses.replace(s, grad_text=st["grads"], fill=fill)
        return digraph(frame_spec, font=MONO, edge_labels=st["edges"], pos=pos,
                       edge_color={e: ACTIVE for e in st["active"]})

    # -- HTML ----------------------------------------------------------------------

    def svg(self) -> str:
        """The final graph as SVG, laid out once by dot (cached)."""
        if self._svg is None:
            svg = pipe(self._graph(None), "svg").decode()
            self._svg = svg[svg.index("<svg"):]
        return self._svg

    def html(self) -> str:
        """The widget: works with or without JS, and with no network."""
        n = len(self.frames)
        data = {"frames": self.frames, "start": {"grads": self.start_grad, "edges": self.start_edges},
                "colors": {"current": CURRENT, "touched": TOUCHED, "active": ACTIVE},
                "loss": self.spec.names[self.root]}
        payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        js = _JS.replace("%UID%", json.dumps(self.uid))
        return _TEMPLATE.format(uid=self.uid, n=n, svg=self.svg(), data=payload,
                                story=html.escape(self.story()), js=js)

    def _repr_html_(self) -> str:
        try:
            return self.html()
        except Exception as e:  # a display method never raises
            return f"<pre>{html.escape(self._text(e))}</pre>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        try:
            return {"text/html": self.html(), "image/png": pipe(self._graph(None), "png"),
                    "text/plain": repr(self)}
        except Exception as e:  # a display method never raises
            return {"text/plain": self._text(e)}

    def story(self) -> str:
        """Every step's formula, one a line (what :func:`viz.explain` prints)."""
        return "\n".join(f"step {i}  {f['formula']}" for i, f in enumerate(self.frames, 1))

    def _text(self, e: Exception) -> str:
        why = INSTALL_HINT if "not installed" in str(e) else f"(could not draw: {e})"
        return f"{self.story()}\n{why}"

    def __repr__(self) -> str:
        return f"<Stepper: {len(self.frames)} backward steps over {len(self.spec.order)} nodes>"

    def save_html(self, path: str | Path) -> Path:
        """A standalone HTML page (no network needed)."""
        # alone on its page, the widget takes the arrow keys at once (in a notebook: click it first)
        focus = f"<script>document.getElementById({json.dumps(self.uid)}).focus();</script>"
        page = (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>chainrule: backward pass</title>"
                f"</head><body>\n{self.html()}\n{focus}\n</body></html>\n")
        return write(path, page)

    # -- frames and the GIF --------------------------------------------------------

    def layout(self) -> dict[str, dict[str, str]]:
        """Where dot put every node, edge and label (in points), from one ``dot -Tjson`` run."""
        if self._layout is None:
            js = json.loads(pipe(self._graph(None), "json"))
            pos: dict[str, dict[str, str]] = {"graph": {"bb": js["bb"]}}
            for obj in js.get("objects", []):
                if "pos" in obj and "id" in obj:
                    pos[obj["id"]] = {"pos": obj["pos"] + "!", "width": obj["width"],
                                      "height": obj["height"], "fixedsize": "true"}
            for edge in js.get("edges", []):
                pos[edge["id"]] = {k: edge[k] for k in ("pos", "lp") if k in edge}
            self._layout = pos
        return self._layout

    def frame_source(self, k: int) -> Any:
        """Frame ``k`` as a drawing with every node pinned (render it with ``neato -n2``)."""
        g = self._graph(k, pos=self.layout())
        g.engine = "neato"
        return g

    def png(self, k: int, dpi: int | None = None) -> bytes:
        """Frame ``k`` (0 = before backward, 1..N = after each step) as PNG."""
        return pipe(self.frame_source(k), "png", dpi=dpi, neato_no_op=2)

    def save_frames(self, folder: str | Path, dpi: int | None = None) -> list[Path]:
        """One PNG per frame, ``frame_000.png`` (before backward) to ``frame_N.png``."""
        return [write(Path(folder) / f"frame_{k:03d}.png", self.png(k, dpi))
                for k in range(len(self.frames) + 1)]

    def save_gif(self, path: str | Path, dpi: int | None = None, duration: int = 900) -> Path:
        """The frames as a looping GIF (``duration`` ms per frame; the last one is held longer)."""
        from PIL import Image

        frames = []
        for k in range(len(self.frames) + 1):
            with Image.open(io.BytesIO(self.png(k, dpi))) as im:
                frames.append(im.convert("RGB"))
        buf = io.BytesIO()
        durations = [duration] * (len(frames) - 1) + [duration * 3]
        frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
        return write(path, buf.getvalue())


def _order(root: Value) -> list[Value]:
    from autograd import topological_order

    return topological_order(root)


def _fixed(x: float, s: Spec) -> str:
    return fixed(x, s.width, s.precision)


def step(root: Value, *, precision: int = 4, rankdir: str = "LR",
         max_nodes: int = MAX_STEPPER_NODES) -> Stepper:
    """The step-through widget for ``root``'s backward pass (this runs the backward pass).

    Displays itself in Jupyter, VS Code, Colab and nbviewer; ``.save_html(path)``,
    ``.save_frames(folder)`` and ``.save_gif(path)`` export it.

    >>> from autograd import parse
    >>> s = step(parse("x*y + x", x=2, y=3))
    >>> len(s.frames), s.frames[-1]["formula"]
    (4, '∂L/∂x = ∂L/∂n1·∂n1/∂x + ∂L/∂L·∂L/∂x = 1.0·3.0 + 1.0·1.0 = 4.0')
    """
    return Stepper(root, precision=precision, rankdir=rankdir, max_nodes=max_nodes)


_TEMPLATE = """<div id="{uid}" class="chainrule-stepper" tabindex="0" \
style="font-family:DejaVu Sans,Helvetica,Arial,sans-serif;outline:none">
<div class="cr-controls" style="display:none;margin:4px 0">
<button type="button" data-act="prev" title="previous (←)">◀</button>
<button type="button" data-act="play" title="play / pause (space)">▶ play</button>
<button type="button" data-act="next" title="next (→)">▶</button>
<input type="range" class="cr-slider" min="0" max="{n}" value="{n}" style="vertical-align:middle;width:40%">
<span class="cr-pos">step {n} / {n}</span>
</div>
<div class="cr-formula" style="font-family:DejaVu Sans Mono,Menlo,monospace;margin:4px 0;min-height:1.3em">\
Backward pass complete: every node shows its final gradient.</div>
<div class="cr-details" style="font-family:DejaVu Sans Mono,Menlo,monospace;font-size:85%;color:#444;\
white-space:pre;min-height:1.2em"></div>
<style>#{uid} .cr-svg svg {{max-width:100%;height:auto}}</style>
<div class="cr-svg" style="overflow:auto">{svg}</div>
<details><summary>every step as text</summary><pre>{story}</pre></details>
<script type="application/json" class="cr-data">{data}</script>
<script>{js}</script>
</div>"""

_JS = """(function () {
  var root = document.getElementById(%UID%);
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector("script.cr-data").textContent);
  var frames = data.frames, n = frames.length, colors = data.colors, timer = null, k = 0;
  function el(id) { return root.querySelector('[id="' + id + '"]'); }
  function shape(g) { return g && g.querySelector("polygon, ellipse"); }
  function texts(g) { return g ? g.querySelectorAll("text") : []; }
  var fills = {}, nodeIds = Object.keys(data.start.grads), edgeIds = Object.keys(data.start.edges);
  nodeIds.forEach(function (id) { var s = shape(el(id)); if (s) fills[id] = s.getAttribute("fill"); });
  var strokes = {};
  edgeIds.forEach(function (id) {
    var p = el(id) && el(id).querySelector("path");
    if (p) strokes[id] = p.getAttribute("stroke");
  });
  var slider = root.querySelector(".cr-slider"), pos = root.querySelector(".cr-pos");
  var formula = root.querySelector(".cr-formula"), details = root.querySelector(".cr-details");
  function setEdge(id, text, active) {
    var g = el(id); if (!g) return;
    var t = texts(g);
    if (t.length) { t[0].textContent = text; t[0].setAttribute("fill", active ? colors.active : "black"); }
    g.querySelectorAll("path, polygon").forEach(function (p) {
      p.setAttribute("stroke", active ? colors.active : strokes[id]);
      p.setAttribute("stroke-width", active ? "2.5" : "1");
      if (p.tagName.toLowerCase() === "polygon") p.setAttribute("fill", active ? colors.active : strokes[id]);
    });
  }
  function show(to) {
    k = Math.max(0, Math.min(n, to));
    var grads = Object.assign({}, data.start.grads), edges = Object.assign({}, data.start.edges);
    for (var i = 0; i < k; i++) {
      Object.assign(grads, frames[i].grads);
      Object.assign(edges, frames[i].edges);
    }
    var now = k ? frames[k - 1] : null;
    nodeIds.forEach(function (id) {
      var g = el(id), t = texts(g), s = shape(g);
      if (t.length >= 3) t[2].textContent = grads[id];
      if (s) s.setAttribute("fill", fills[id]);
      if (g) g.setAttribute("data-current", "0");
    });
    edgeIds.forEach(function (id) { setEdge(id, edges[id], now !== null && id in now.edges); });
    if (now) {
      now.parents.forEach(function (id) {
        var s = shape(el(id));
        if (s) s.setAttribute("fill", colors.touched);
      });
      var g = el(now.node), s = shape(g);
      if (s) s.setAttribute("fill", colors.current);
      if (g) g.setAttribute("data-current", "1");
      formula.textContent = "step " + k + " / " + n + ":  " + now.formula;
      details.textContent = now.details.join("\\n");
    } else {
      formula.textContent = "Forward pass done; no gradient yet. Backward starts at ∂" + data.loss +
        "/∂" + data.loss + " = 1.";
      details.textContent = "";
    }
    slider.value = k;
    pos.textContent = "step " + k + " / " + n;
  }
  function play() {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (k >= n) show(0);
    timer = setInterval(function () {
      if (k >= n) { clearInterval(timer); timer = null; } else show(k + 1);
    }, 900);
  }
  root.querySelector(".cr-controls").style.display = "block";
  root.querySelector('[data-act="prev"]').addEventListener("click", function () { show(k - 1); });
  root.querySelector('[data-act="next"]').addEventListener("click", function () { show(k + 1); });
  root.querySelector('[data-act="play"]').addEventListener("click", play);
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  root.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") show(k + 1);
    else if (e.key === "ArrowLeft") show(k - 1);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(n);
    else if (e.key === " ") play();
    else return;
    e.preventDefault();
  });
  root.addEventListener("click", function () { root.focus(); });
  show(0);
})();"""
