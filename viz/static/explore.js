/* chainrule explore: sliders over a graph's inputs, every number precomputed by the engine (viz/outputs/explore.py, viz/views/explore_grid.py).
   This file is one function expression; the page calls it with the widget's id. It only swaps texts of
   elements found by id inside its own container and moves the plotted point: it computes no derivative. */
(function (uid) {
  "use strict";
  var page = window.chainrule.start(uid);  // viz/static/page.js
  if (!page) return;
  var root = page.root, data = page.data, q = page.q, live = page.live, view = q(".cr-view");
  q(".cr-svg").innerHTML = data.svg;  // the SVGs arrive as JSON strings: no SVG text in sanitized output
  q(".cr-plot").innerHTML = data.plot;
  var svg = q(".cr-svg svg"), box = svg.viewBox.baseVal;
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  // -- size: graph text never under minPx CSS px; past that, the view scrolls -----------------------
  var minPx = parseFloat(root.dataset.minFontPx) || 14, minUnits = Infinity;
  svg.querySelectorAll("text").forEach(function (t) {
    var s = parseFloat(t.getAttribute("font-size"));
    if (s > 0 && s < minUnits) minUnits = s;
  });
  if (!isFinite(minUnits)) minUnits = 12;
  var minScale = minPx / minUnits;
  function fit() {
    var s = Math.max(minScale, Math.min((view.clientWidth - 4) / box.width, 2));
    svg.style.width = (box.width * s) + "px";
    svg.style.height = (box.height * s) + "px";
    root.dataset.scale = String(s);
  }

  // -- the elements the sliders change ------------------------------------------------------------------
  function el(id) { return root.querySelector('[id="' + id + '"]'); }
  function texts(id) { var g = el(id); return g ? g.querySelectorAll("text") : []; }
  var nodes = data.nodes.map(texts), edges = data.edges.map(texts), T = data.texts;
  var n = nodes.length, m = edges.length, formula = q(".cr-formula");
  var slope = q(".cr-slope"), gap = q(".cr-gap"), point = q(".cr-point"), line = q(".cr-tangent"),
      curve = q(".cr-curve");
  var sizes = data.sliders.map(function (s) { return s.labels.length; });
  var idx = data.sliders.map(function (s) { return s.start; });
  var perCurve = data.points.length / sizes[0];
  var rows = [];

  function show() {
    var k = 0;
    for (var i = 0; i < idx.length; i++) k = k * sizes[i] + idx[i];
    var row = data.points[k];
    nodes.forEach(function (t, j) {
      if (t.length < 2) return;
      t[t.length - 2].textContent = T[row[j]];
      t[t.length - 1].textContent = T[row[n + j]];
    });
    edges.forEach(function (t, j) {
      if (t.length < 2) return;
      t[0].textContent = T[row[2 * n + j]];
      t[1].textContent = T[row[2 * n + m + j]];
    });
    formula.textContent = T[row[2 * n + 2 * m]];
    slope.textContent = T[row[2 * n + 2 * m + 1]];
    var mk = data.marks[k];
    if (mk[0] === null) {
      point.setAttribute("display", "none");
      gap.textContent = data.gap;
    } else {
      point.removeAttribute("display");
      point.setAttribute("cx", mk[0]);
      point.setAttribute("cy", mk[1]);
      gap.textContent = "";
    }
    if (mk[2] === null) line.setAttribute("display", "none");
    else {
      line.removeAttribute("display");
      ["x1", "y1", "x2", "y2"].forEach(function (a, j) { line.setAttribute(a, mk[2 + j]); });
    }
    curve.setAttribute("d", data.curves[k % perCurve]);
    rows.forEach(function (r, j) {
      var text = data.sliders[j].labels[idx[j]];
      r.output.textContent = text;
      r.input.setAttribute("aria-valuetext", text);
    });
    root.dataset.point = String(k);
  }

  var keys = {ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -10, PageUp: 10,
              Home: "home", End: "end"};
  var holder = q(".cr-sliders");
  data.sliders.forEach(function (s, i) {
    var label = document.createElement("label"), name = document.createElement("span");
    var input = document.createElement("input"), output = document.createElement("output");
    label.className = "cr-slider-row";
    name.className = "cr-name";
    name.textContent = s.name;
    input.type = "range";
    input.className = "cr-slider";
    input.min = "0";
    input.max = String(s.labels.length - 1);
    input.step = "1";
    input.value = String(s.start);
    input.setAttribute("aria-label", "input " + s.name);
    output.className = "cr-value";
    label.appendChild(name);
    label.appendChild(input);
    label.appendChild(output);
    holder.appendChild(label);
    input.addEventListener("input", function () { idx[i] = parseInt(input.value, 10); show(); });
    // the keys are handled here, not left to the browser: a host (JupyterLab) may take arrow keys for itself
    input.addEventListener("keydown", function (e) {
      var by = keys[e.key], last = s.labels.length - 1;
      if (by === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
      idx[i] = Math.max(0, Math.min(last, by === "home" ? 0 : by === "end" ? last : idx[i] + by));
      input.value = String(idx[i]);
      show();
      e.preventDefault();
      e.stopPropagation();
    });
    rows.push({input: input, output: output});
  });
  if (window.ResizeObserver) {
    var last = 0;
    new ResizeObserver(function () {
      if (Math.abs(view.clientWidth - last) > 8) { last = view.clientWidth; fit(); }
    }).observe(live);
  }
  fit();
  show();
})
