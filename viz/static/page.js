/* chainrule pages: what the stepper, explore and the training scrubber do the same way. Each page's
   script comes after this file (viz/outputs/widget.py page_script); it is defined once per browser page,
   so several widgets of any kind, each carrying a copy, share the first. Everything here works on the
   one widget it is given (its root element), never on the document. */
window.chainrule = window.chainrule || {
  // The stepper's keys; a page adds its own (the stepper: zoom and full screen).
  keys: {
    ArrowRight: "next", ArrowDown: "next", PageDown: "next", ArrowLeft: "prev", ArrowUp: "prev",
    PageUp: "prev", Home: "first", End: "last", " ": "play"
  },

  // The widget with id uid, started once: its data (script.cr-data), its CSS, the still picture hidden
  // and the live part shown. Null when it is missing or already running (a re-rendered output).
  start: function (uid) {
    "use strict";
    var root = document.getElementById(uid);
    if (!root || root.dataset.ready) return null;
    root.dataset.ready = "1";
    var data = JSON.parse(root.querySelector("script.cr-data").textContent);
    var style = document.createElement("style");
    style.textContent = data.css;
    root.appendChild(style);
    root.classList.add("chainrule-page");  // the shared controls' CSS (viz/static/page.css)
    function q(sel) { return root.querySelector(sel); }
    var live = q(".cr-live");
    q(".cr-still").style.display = "none";
    live.hidden = false;
    live.style.display = "";
    return {root: root, data: data, q: q, live: live};
  },

  // Play/pause on button: step(k + 1) every `every` ms from now() until last; from the end it starts at 0.
  player: function (button, now, last, step, every) {
    "use strict";
    var timer = null;
    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      button.textContent = "▶ play";
      button.setAttribute("aria-pressed", "false");
    }
    function play() {
      if (timer) { stop(); return; }
      if (now() >= last) step(0);
      button.textContent = "❚❚ pause";
      button.setAttribute("aria-pressed", "true");
      timer = setInterval(function () { if (now() >= last) stop(); else step(now() + 1); }, every);
    }
    return {play: play, stop: stop};
  },

  // The buttons (data-act) and the keys (keys: key -> act) run acts, the slider calls slide(its value);
  // a click anywhere but a control gives the widget the keys. The slider steps by itself with the
  // arrows, and space clicks a focused button.
  controls: function (root, acts, keys, slider, slide) {
    "use strict";
    root.querySelectorAll("button[data-act]").forEach(function (b) {
      b.addEventListener("click", function (e) {
        acts[b.dataset.act]();
        if (e.detail > 0) root.focus({preventScroll: true});  // after a mouse click, the keys act on the widget
      });
    });
    slider.addEventListener("input", function () { slide(parseInt(slider.value, 10)); });
    root.addEventListener("keydown", function (e) {
      var act = keys[e.key];
      if (!act || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target === slider && e.key.indexOf("Arrow") === 0) return;
      if (e.target.tagName === "BUTTON" && e.key === " ") return;
      acts[act]();
      e.preventDefault();
      e.stopPropagation();
    });
    root.addEventListener("click", function (e) {
      if (!e.target.closest("button, input, summary, pre")) root.focus({preventScroll: true});
    });
  }
};
