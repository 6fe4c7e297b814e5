/* chainrule stepper extension (viz/views/steps.py): forward mode's operation counter and predict-then-reveal
   quizzes. stepper.js calls window.chainruleExt.views(api) once per widget; the function it returns
   runs after every show(k) with frame k. All numbers, right and wrong, come in the JSON: a quiz
   frame's question (viz/views/frames.py Question) carries its answer, the likely wrong answers and the
   texts shown while asking. */
window.chainruleExt = window.chainruleExt || {};
window.chainruleExt.views = function (api) {
  "use strict";
  var frames = api.data.frames, quiz = [];
  var pos = api.q(".cr-pos"), formula = api.q(".cr-formula"), details = api.q(".cr-details");
  var byFrame = {}, state = {}, score = {right: 0, done: 0};
  frames.forEach(function (frame, k) {
    var qn = frame.question;
    if (!qn) return;
    quiz.push(qn);
    byFrame[k] = qn;
    state[k] = {tries: 0, done: false, right: false};
  });

  function setText(id, index, text) {  // index: from the end of the node's texts (1 = grad, 2 = data)
    var t = api.texts(api.el(id));
    if (index < 0 && t.length) t[0].textContent = text;
    else if (t.length >= 3) t[t.length - index].textContent = text;
  }
  function each(obj, f) { Object.keys(obj || {}).forEach(function (id) { f(id, obj[id]); }); }

  // -- forward mode's operation counter (and, in the last frame, both modes' totals) --------------
  var counter = null;
  if (frames[0].counter) {
    counter = document.createElement("div");
    counter.className = "cr-counter";
    counter.setAttribute("aria-live", "polite");
    details.parentNode.insertBefore(counter, details.nextSibling);
  }

  // -- the quiz panel: a prompt, a number box, check and reveal, the verdict and the score --------
  var panel = null, input, verdict, scoreLine, prompt, hint;
  if (quiz.length) {
    panel = document.createElement("div");
    panel.className = "cr-quiz";
    panel.innerHTML = '<div class="cr-q-prompt"></div><div class="cr-q-hint"></div>' +
      '<label class="cr-q-row">your answer <input type="text" inputmode="decimal" class="cr-q-input" ' +
      'autocomplete="off" aria-label="your answer"> <button type="button" class="cr-q-check">check</button> ' +
      '<button type="button" class="cr-q-reveal">reveal</button></label>' +
      '<div class="cr-q-verdict" aria-live="polite"></div>';
    scoreLine = document.createElement("span");
    scoreLine.className = "cr-q-score";
    pos.parentNode.insertBefore(scoreLine, pos.nextSibling);
    formula.parentNode.insertBefore(panel, formula.nextSibling);
    prompt = panel.querySelector(".cr-q-prompt");
    hint = panel.querySelector(".cr-q-hint");
    input = panel.querySelector(".cr-q-input");
    verdict = panel.querySelector(".cr-q-verdict");
    input.addEventListener("keydown", function (e) {  // typing "-0.5" must not zoom or step the widget
      e.stopPropagation();
      if (e.key === "Enter") { check(); e.preventDefault(); }
    });
    panel.querySelector(".cr-q-check").addEventListener("click", check);
    panel.querySelector(".cr-q-reveal").addEventListener("click", revealAnswer);
  }
  function parse(text) {  // "0.5", "-2", "1/3", "2e-3", "1,5"
    text = text.trim().replace(",", ".").replace("−", "-");
    var m = /^([-+]?[\d.]+(?:e[-+]?\d+)?)\s*\/\s*([-+]?[\d.]+)$/i.exec(text);
    var x = m ? parseFloat(m[1]) / parseFloat(m[2]) : (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? parseFloat(text) : NaN);
    return isFinite(x) ? x : NaN;
  }
  function showScore() {
    scoreLine.textContent = "score " + score.right + " / " + score.done + " (of " + quiz.length + ")";
  }
  function finish(qn, right, message) {
    var st = state[qn.frame];
    st.done = true;
    st.right = right;
    st.message = message;
    score.done += 1;
    if (right) score.right += 1;
    verdict.textContent = message;
    verdict.className = "cr-q-verdict " + (right ? "cr-q-right" : "cr-q-shown");
    api.show(qn.frame);  // the step, now in full
    api.root.focus({preventScroll: true});  // the arrow keys step on at once
  }
  function check() {
    var qn = byFrame[api.now()]; if (!qn || state[qn.frame].done) return;
    var x = parse(input.value), st = state[qn.frame];
    if (isNaN(x)) { verdict.textContent = "Type a number, like 0.5, -2 or 1/3."; verdict.className = "cr-q-verdict"; return; }
    st.tries += 1;
    if (Math.abs(x - qn.answer) <= qn.tol) {
      finish(qn, st.tries === 1, (st.tries === 1 ? "Right: " : "Right (after " + st.tries + " tries): ") + qn.answer_text);
      return;
    }
    var why = "Not quite; look again at the highlighted edge and the formula of the op.";
    for (var i = 0; i < qn.wrong.length; i++) {
      if (Math.abs(x - qn.wrong[i][0]) <= qn.tol) { why = qn.wrong[i][1]; break; }
    }
    verdict.textContent = why;
    verdict.className = "cr-q-verdict cr-q-wrong";
  }
  function revealAnswer() {
    var qn = byFrame[api.now()]; if (!qn || state[qn.frame].done) return;
    finish(qn, false, "The answer: " + qn.answer_text);
  }

  return function (k, frame) {
    if (counter) counter.textContent = frame.counter;
    if (!panel) return;
    showScore();
    var qn = byFrame[k];
    if (!qn) { panel.hidden = true; return; }
    panel.hidden = false;
    var st = state[k];
    prompt.textContent = qn.prompt;
    hint.textContent = qn.hint;
    if (st.done) {
      input.disabled = true;
      verdict.textContent = st.message;
      verdict.className = "cr-q-verdict " + (st.right ? "cr-q-right" : "cr-q-shown");
      return;
    }
    input.disabled = false;
    input.value = "";
    verdict.textContent = "";
    verdict.className = "cr-q-verdict";
    each(qn.mask_grads, function (id, text) { setText(id, 1, text); });
    each(qn.mask_edges, function (id, text) { setText(id, -1, text); });
    formula.textContent = "Predict, then check: what number goes where the ? is?";
    details.textContent = "";
  };
};
