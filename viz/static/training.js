/* chainrule training scrubber: draws the snapshots recorded by fit(..., record=k) (see viz/outputs/training.py).
   One function expression; the page calls it with the widget's id. It touches only its own container. */
(function (uid) {
  "use strict";
  var page = window.chainrule.start(uid);  // viz/static/page.js
  if (!page) return;
  var root = page.root, data = page.data, q = page.q;
  var n = data.steps.length, k = n - 1, p = data.precision;
  var SVGNS = "http://www.w3.org/2000/svg";

  function num(x) {
    if (typeof x === "string") return x;  // "nan", "inf", "-inf" (JSON has no such numbers)
    return x.toFixed(p);
  }
  function make(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  // -- the loss curve: drawn once; the marker moves ----------------------------------------------
  var col = data.colors;
  var W = 420, H = 270, L = 78, R = 12, T = 12, B = 46;
  var lossSvg = make("svg", {"class": "cr-loss", viewBox: "0 0 " + W + " " + H, width: W, height: H},
                     q(".cr-lossbox"));  // SVGs are made here: none in the stored (sanitized) HTML
  var finite = data.losses.filter(function (v) { return typeof v === "number"; });
  var lo = Math.min.apply(null, finite.concat([0])), hi = Math.max.apply(null, finite);
  if (!(hi > lo)) hi = lo + 1;
  var s0 = data.steps[0], s1 = data.steps[n - 1] > s0 ? data.steps[n - 1] : s0 + 1;
  function sx(step) { return L + (W - L - R) * (step - s0) / (s1 - s0); }
  function sy(v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); }
  make("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: col.axis}, lossSvg);
  make("line", {x1: L, y1: T, x2: L, y2: H - B, stroke: col.axis}, lossSvg);
  function label(x, y, text, anchor) {
    var t = make("text", {x: x, y: y, "text-anchor": anchor, "class": "cr-tick"}, lossSvg);
    t.textContent = text;
  }
  label(L - 6, sy(hi) + 5, hi.toPrecision(3), "end");
  label(L - 6, sy(lo) + 5, lo.toPrecision(3), "end");
  label(L, H - B + 22, String(s0), "middle");
  label(W - R, H - B + 22, String(s1), "end");
  label((L + W - R) / 2, H - 4, "step", "middle");
  var pts = [];
  data.steps.forEach(function (st, i) {
    if (typeof data.losses[i] === "number") pts.push(sx(st).toFixed(1) + "," + sy(data.losses[i]).toFixed(1));
  });
  make("polyline", {points: pts.join(" "), fill: "none", stroke: col.curve, "stroke-width": 2}, lossSvg);
  var rule = make("line", {y1: T, y2: H - B, stroke: col.axis, "stroke-dasharray": "4 3"}, lossSvg);
  var dot = make("circle", {r: 6, fill: col.mark, stroke: col.black, "class": "cr-mark"}, lossSvg);

  // -- the boundary: one canvas pixel per grid cell, the points on an SVG above -------------------
  var grid = data.grid, canvas = document.createElement("canvas"), ctx = null, image = null, rgb = [];
  if (!grid) {
    q(".cr-bpanel").style.display = "none";
  } else {
    canvas.className = "cr-cells";
    q(".cr-board").appendChild(canvas);
    canvas.width = grid.n;
    canvas.height = grid.n;
    ctx = canvas.getContext("2d");
    image = ctx.createImageData(grid.n, grid.n);
    rgb = grid.colors.map(function (c) { return [1, 3, 5].map(function (i) { return parseInt(c.substr(i, 2), 16); }); });
    var ptsSvg = make("svg", {"class": "cr-points", viewBox: "0 0 300 300", preserveAspectRatio: "none"},
                      q(".cr-board")), gx = grid.x, gy = grid.y;
    (data.points || []).forEach(function (pt) {
      var cx = 300 * (pt[0] - gx[0]) / (gx[1] - gx[0]), cy = 300 * (1 - (pt[1] - gy[0]) / (gy[1] - gy[0]));
      make("circle", {cx: cx.toFixed(1), cy: cy.toFixed(1), r: 4.5, fill: grid.colors[pt[2]] || col.black,
                      stroke: col.black, "stroke-width": 1}, ptsSvg);
    });
  }
  function unpack(b64) {
    var raw = atob(b64), out = new Uint8Array(raw.length * 2);
    for (var i = 0; i < raw.length; i++) { var c = raw.charCodeAt(i); out[2 * i] = c >> 4; out[2 * i + 1] = c & 15; }
    return out;
  }
  function drawCells(i) {
    var levels = unpack(grid.cells[i]), m = grid.n, d = image.data;
    for (var r = 0; r < m; r++) {
      for (var c = 0; c < m; c++) {
        var lev = levels[r * m + c], cls, a;
        if (grid.classes === 2) { cls = lev >= 8 ? 1 : 0; a = 0.18 + 0.42 * Math.abs(lev - 7.5) / 7.5; }
        else { cls = lev; a = 0.35; }
        var col = rgb[cls] || [0, 0, 0], o = 4 * ((m - 1 - r) * m + c);  // row 0 is the lowest y: drawn at the bottom
        d[o] = Math.round(255 + (col[0] - 255) * a);
        d[o + 1] = Math.round(255 + (col[1] - 255) * a);
        d[o + 2] = Math.round(255 + (col[2] - 255) * a);
        d[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  // -- the neuron: its graph laid out once by dot; the texts change ------------------------------
  var nd = data.neuron, update = q(".cr-update");
  if (!nd) {
    q(".cr-neuron").style.display = "none";
  } else {
    q(".cr-graph").innerHTML = data.svg;  // the SVG arrives as a JSON string: none in sanitized output
    q(".cr-ntitle").textContent = "neuron " + nd.name + ": its weights and bias at this step";
    q(".cr-rule").textContent = data.note;
  }
  function pad(label, x) {  // no-break spaces: SVG text collapses plain ones, and the columns must line up
    var t = num(x), nb = "\u00a0";
    return (label + nb + nb + nb + nb + nb + nb).substr(0, 6) + (t.charAt(0) === "-" ? t : nb + t);
  }
  function drawNeuron(i) {
    var lines = [], sgd = data.rule === "SGD";
    nd.labels.forEach(function (lab, j) {
      var before = nd.before[i][j], g = nd.grads[i][j], after = nd.after[i][j];
      var node = root.querySelector('[id="' + nd.ids[j] + '"]');
      var t = node ? node.querySelectorAll("text") : [];
      if (t.length >= 3) { t[1].textContent = pad("value", after); t[2].textContent = pad("grad", g); }
      if (sgd) {
        lines.push(lab + " ← " + lab + " − η·∂L/∂" + lab + " = " + num(before) + " − " + num(nd.lr[i]) + " × " +
                   num(g) + " = " + num(after));
      } else {
        var stepTaken = typeof after === "number" && typeof before === "number" ? after - before : "nan";
        lines.push(lab + ": " + num(before) + " → " + num(after) + "  (step " + num(stepTaken) + "; ∂L/∂" + lab +
                   " = " + num(g) + ")");
      }
    });
    update.textContent = lines.join("\n");
  }

  // -- showing snapshot i ----------------------------------------------------------------------
  var slider = q(".cr-slider"), pos = q(".cr-pos"), status = q(".cr-status"), playButton = q('[data-act="play"]');
  function show(to) {
    k = Math.max(0, Math.min(n - 1, to));
    var step = data.steps[k], loss = data.losses[k];
    slider.value = k;
    pos.textContent = "snapshot " + (k + 1) + " / " + n;
    status.textContent = "step " + step + "   loss " + num(loss);
    root.dataset.step = String(step);
    rule.setAttribute("x1", sx(step)); rule.setAttribute("x2", sx(step));
    dot.setAttribute("cx", sx(step));
    dot.setAttribute("cy", typeof loss === "number" ? sy(loss) : -20);
    if (grid) drawCells(k);
    if (nd) drawNeuron(k);
  }
  var every = Math.max(40, Math.min(400, 8000 / n));  // a whole run in about 8 s
  var player = window.chainrule.player(playButton, function () { return k; }, n - 1, show, every), stop = player.stop;
  var acts = {
    first: function () { stop(); show(0); }, prev: function () { stop(); show(k - 1); },
    next: function () { stop(); show(k + 1); }, last: function () { stop(); show(n - 1); }, play: player.play
  };
  window.chainrule.controls(root, acts, window.chainrule.keys, slider, function (to) { stop(); show(to); });
  show(k);
})
