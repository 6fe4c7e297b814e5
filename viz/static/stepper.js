/* chainrule stepper: shows frames recorded as JSON (viz/views/frames.py: each frame is the full state at
   its step, so nothing is folded here; pack() writes every text once, in data.texts, and each frame's
   grads/datas/edges is a row of indexes into it). This file is one function expression; the page
   calls it with the widget's id. It only touches elements inside its own container, so several
   steppers in one page do not clash. */
(function (uid) {
  "use strict";
  var page = window.chainrule.start(uid);  // viz/static/page.js
  if (!page) return;
  var root = page.root, data = page.data, q = page.q, live = page.live;
  var frames = data.frames, n = frames.length - 1, colors = data.colors, k = 0;
  root.style.setProperty("--cr-focus", colors.focus);
  var view = q(".cr-view"), top = q(".cr-top");
  q(".cr-svg").innerHTML = data.svg;  // the SVG arrives as a JSON string: no SVG text in sanitized output
  var svg = q(".cr-svg svg");
  var box = svg.viewBox.baseVal, vbW = box.width, vbH = box.height;
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  // -- size: graph text never under minPx CSS px; past that, the view scrolls ----------------
  var minPx = parseFloat(root.dataset.minFontPx) || 14;
  var minUnits = Infinity;
  svg.querySelectorAll("text").forEach(function (t) {
    var s = parseFloat(t.getAttribute("font-size"));
    if (s > 0 && s < minUnits) minUnits = s;
  });
  if (!isFinite(minUnits)) minUnits = 12;
  var natural = 4 / 3;  // dot measures in points: 1 pt = 4/3 CSS px
  var minScale = minPx / minUnits, scale = 0, fitting = true;
  function setScale(s) {
    var most = natural * (document.fullscreenElement === root ? 4 : 2.5);
    scale = Math.max(minScale, Math.min(s, Math.max(most, minScale)));
    svg.style.width = (vbW * scale) + "px";
    svg.style.height = (vbH * scale) + "px";
    root.dataset.scale = String(scale);
  }
  function scroller() {  // the nearest ancestor that scrolls (JupyterLab's notebook panel), else the window
    for (var e = root.parentElement; e && e !== document.body; e = e.parentElement) {
      var o = getComputedStyle(e).overflowY;
      if ((o === "auto" || o === "scroll") && e.scrollHeight > e.clientHeight + 1) return e;
    }
    return null;
  }
  function visible() {  // the part of the screen the widget can use
    var s = document.fullscreenElement === root ? null : scroller();
    var r = s ? s.getBoundingClientRect() : {top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth};
    return {top: Math.max(0, r.top), bottom: Math.min(window.innerHeight, r.bottom),
            left: Math.max(0, r.left), right: Math.min(window.innerWidth, r.right)};
  }
  function sizeView() {  // the controls, the formula and the graph fit on the screen together
    var v = visible();
    view.style.maxHeight = Math.max(200, v.bottom - v.top - top.offsetHeight - 24) + "px";
  }
  function fit() {
    fitting = true;
    sizeView();
    setScale(Math.min((live.clientWidth - 20) / vbW, (parseFloat(view.style.maxHeight) - 6) / vbH));
  }
  function zoom(by) { fitting = false; setScale(scale * by); reveal(false); }

  // -- the graph's elements, found by id inside this widget -----------------------------------
  function el(id) { return root.querySelector('[id="' + id + '"]'); }
  function shape(g) { return g && g.querySelector("polygon, ellipse"); }
  function texts(g) { return g ? g.querySelectorAll("text") : []; }
  var nodeIds = data.nodes, edgeIds = data.edgeIds, saved = {};
  function text(row, i) { return data.texts[data.rows[row][i]]; }
  nodeIds.forEach(function (id) {
    var s = shape(el(id));
    if (s) saved[id] = [s.getAttribute("fill"), s.getAttribute("stroke"), s.getAttribute("stroke-width")];
  });
  var strokes = {};
  edgeIds.forEach(function (id) {
    var p = el(id) && el(id).querySelector("path");
    if (p) strokes[id] = p.getAttribute("stroke");
  });
  function backArrow(g, p) {  // a second arrowhead at the tail: the gradient flows against the arrow
    var mark = g.querySelector(".cr-back");
    if (mark || !p.getTotalLength) return mark;
    var a = p.getPointAtLength(0), b = p.getPointAtLength(Math.min(12, p.getTotalLength()));
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    dx /= len; dy /= len;
    var bx = a.x + 12 * dx, by = a.y + 12 * dy, w = 5;
    mark = document.createElementNS("http://www.w3.org/2000/svg", "polygon");
    mark.setAttribute("class", "cr-back");
    mark.setAttribute("points", [a.x, a.y, bx - w * dy, by + w * dx, bx + w * dy, by - w * dx].join(" "));
    g.appendChild(mark);
    return mark;
  }
  function setEdge(id, text, active) {
    var g = el(id); if (!g) return;
    var t = texts(g);
    if (t.length) { t[0].textContent = text; t[0].setAttribute("fill", active ? colors.active : "black"); }
    g.querySelectorAll("path, polygon:not(.cr-back)").forEach(function (p) {
      p.setAttribute("stroke", active ? colors.active : strokes[id]);
      p.setAttribute("stroke-width", active ? colors.activeWidth : "1");
      if (p.tagName.toLowerCase() === "polygon") p.setAttribute("fill", active ? colors.active : strokes[id]);
      else p.classList.toggle("cr-flow", active);
    });
    var path = g.querySelector("path"), back = active ? backArrow(g, path) : g.querySelector(".cr-back");
    if (back) {
      back.setAttribute("fill", colors.active);
      back.style.display = active ? "" : "none";
    }
  }
  function paint(id, fill, stroke, width) {
    var s = shape(el(id)); if (!s) return;
    s.setAttribute("fill", fill);
    s.setAttribute("stroke", stroke);
    s.setAttribute("stroke-width", width);
  }

  // -- showing frame k (0 = before backward, k = after step k) --------------------------------
  var slider = q(".cr-slider"), pos = q(".cr-pos"), formula = q(".cr-formula"), details = q(".cr-details");
  var playButton = q('[data-act="play"]'), fullButton = q('[data-act="full"]');
  function reveal(page) {  // scroll the current node into view: first inside the view, then the page
    var g = q('[data-current="1"]'); if (!g) return;
    var v = view.getBoundingClientRect(), r = g.getBoundingClientRect(), m = 24;
    if (r.left < v.left + m || r.right > v.right - m) {
      view.scrollLeft += (r.left + r.right) / 2 - (v.left + v.right) / 2;
    }
    if (r.top < v.top + m || r.bottom > v.bottom - m) {
      view.scrollTop += (r.top + r.bottom) / 2 - (v.top + v.bottom) / 2;
    }
    if (!page) return;
    var s = visible(), t = top.getBoundingClientRect();
    r = g.getBoundingClientRect();
    if (t.top < s.top || r.top < s.top || r.bottom > s.bottom || r.left < s.left || r.right > s.right) {
      live.scrollIntoView({block: r.top < s.top || t.top < s.top ? "start" : "end", inline: "nearest"});
    }
  }
  function show(to, page) {
    k = Math.max(0, Math.min(n, to));
    var frame = frames[k];
    nodeIds.forEach(function (id, i) {
      var g = el(id), t = texts(g);
      if (t.length >= 3) {
        t[t.length - 1].textContent = text(frame.grads, i);
        t[t.length - 2].textContent = text(frame.datas, i);
      }
      if (saved[id]) paint(id, saved[id][0], saved[id][1], saved[id][2] || "1");
      if (g) g.setAttribute("data-current", "0");
    });
    edgeIds.forEach(function (id, i) { setEdge(id, text(frame.edges, i), frame.active.indexOf(id) >= 0); });
    frame.parents.forEach(function (id) {
      if (saved[id]) paint(id, saved[id][0], colors.touched, colors.touchedWidth);
    });
    if (frame.node) {
      var g = el(frame.node);
      paint(frame.node, colors.current, colors.currentOutline, colors.currentWidth);
      if (g) g.setAttribute("data-current", "1");
    }
    formula.textContent = frame.formula;
    details.textContent = frame.details.join("\n");
    slider.value = k;
    pos.textContent = frame.pos;
    after.forEach(function (f) { f(k, frame); });  // extensions (views.js) redraw their part
    reveal(page);
  }
  var player = window.chainrule.player(playButton, function () { return k; }, n,
                                       function (to) { show(to, true); }, 1200), stop = player.stop;
  function full() {
    if (document.fullscreenElement === root) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen().catch(function () { /* refused: stay */ });
  }
  var acts = {
    first: function () { stop(); show(0, true); },
    prev: function () { stop(); show(k - 1, true); },
    next: function () { stop(); show(k + 1, true); },
    last: function () { stop(); show(n, true); },
    play: player.play,
    "zoom-in": function () { zoom(1.25); },
    "zoom-out": function () { zoom(1 / 1.25); },
    fit: function () { fit(); reveal(false); },
    full: full
  };
  var keys = Object.assign({"+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "0": "fit", f: "full"},
                           window.chainrule.keys);
  window.chainrule.controls(root, acts, keys, slider, function (to) { stop(); show(to, true); });
  document.addEventListener("fullscreenchange", function () {
    var on = document.fullscreenElement === root;
    fullButton.textContent = on ? "leave full screen" : "full screen";
    if (fitting) fit(); else sizeView();
    reveal(false);
  });
  if (window.ResizeObserver) {
    var last = 0;
    new ResizeObserver(function () {
      var w = live.clientWidth;
      if (fitting && Math.abs(w - last) > 8) { last = w; fit(); reveal(false); }  // keep the node in view
    }).observe(live);
  }
  // -- extension point: viz/static/views.js registers window.chainruleExt[name](api), which
  //    returns a function called after every show(k) (the forward pass, forward mode, the quiz)
  var after = [];
  (data.ext || []).forEach(function (name) {
    var make = window.chainruleExt && window.chainruleExt[name];
    if (make) after.push(make({root: root, data: data, q: q, el: el, texts: texts, paint: paint,
                               show: function (to) { show(to, false); }, now: function () { return k; }}));
  });
  fit();
  show(0, false);
})
