"""The quiz, the forward pass and forward mode in Chromium (1024×768), on saved pages: no kernel.

Expected numbers are the hand-derived ones of tests/viz/test_viz_views.py, not the stepper's own.
Screenshots go to out/screens/.
"""

from pathlib import Path

import viz
from autograd import parse, topological_order

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "out" / "screens"


def reused():
    return parse("(x*y + x)*z", x=2, y=3, z=5)



def open_saved(browser, stepper, path):
    stepper.save_html(path)
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, errors


def go(page, k):
    page.keyboard.press("Home")
    for _ in range(k):
        page.keyboard.press("ArrowRight")


def text_of(page, uid, node_id, index):
    """A drawn node's text: index -1 = grad, -2 = data; for an edge, 0 = its label."""
    return page.evaluate("""([uid, id, i]) => {
        const t = document.getElementById(uid).querySelector('[id="' + id + '"]').querySelectorAll("text");
        return t[i < 0 ? t.length + i : i].textContent.replace(/\\s+/g, " ").trim(); }""", [uid, node_id, index])


def snap(page, name, renderer_kind):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"views_{name}_{renderer_kind}.png"))


def seed_asking(kind, node="n1", parent="x"):
    """A seed whose quiz asks ``kind`` about the edge parent -> node (found by looking, not assumed)."""
    for seed in range(60):
        st = viz.step(reused(), quiz=True, seed=seed)
        names = {v: k for k, v in st.spec.ids.items()}
        for q in st.questions:
            edge = (st.frames[q.frame - 1].name, st.spec.names[names[q.parent]])
            if (q.kind, *edge) == (kind, node, parent):
                return st, q
    raise AssertionError(f"no seed asks {kind} for {parent} -> {node}")


def test_quiz_wrong_then_right_then_reveal_keeps_score(browser, tmp_path, renderer_kind):
    st, q = seed_asking("grad")
    page, errors = open_saved(browser, st, tmp_path / "quiz.html")
    uid, x = st.uid, st.spec.ids[next(n for n in st.spec.order if n.label == "x")]
    go(page, q.frame)
    assert page.is_visible(".cr-quiz") and "∂L/∂x after this step = ?" in page.inner_text(".cr-q-prompt")
    assert text_of(page, uid, x, -1) == "grad ?"  # the asked number is hidden
    # by hand: x's grad was 5 (through n2) and this step adds 5·3 = 15: 20. Answering 15 replaces, not adds.
    page.fill(".cr-q-input", "15")
    page.press(".cr-q-input", "Enter")
    assert page.inner_text(".cr-q-verdict").startswith("Reused node: x already had grad 5.0")
    snap(page, "quiz_wrong", renderer_kind)
    assert text_of(page, uid, x, -1) == "grad ?" and "0 / 0" in page.inner_text(".cr-q-score")
    page.fill(".cr-q-input", "-20")
    page.click(".cr-q-check")
    assert page.inner_text(".cr-q-verdict").startswith("Sign error")
    page.fill(".cr-q-input", "20")
    page.click(".cr-q-check")
    assert page.inner_text(".cr-q-verdict").startswith("Right (after 3 tries): 20.0")
    assert float(text_of(page, uid, x, -1).split()[-1]) == 20.0  # revealed on the graph
    assert page.inner_text(".cr-q-score").startswith("score 0 / 1")  # right, but not first time
    snap(page, "quiz_right", renderer_kind)
    others = [o for o in st.questions if o is not q]
    go(page, others[0].frame)  # the next question: right at once
    page.fill(".cr-q-input", others[0].answer_text)
    page.click(".cr-q-check")
    assert page.inner_text(".cr-q-verdict").startswith("Right: ")
    assert page.inner_text(".cr-q-score").startswith("score 1 / 2")
    go(page, others[1].frame)  # the last: revealed
    page.click(".cr-q-reveal")
    assert page.inner_text(".cr-q-verdict") == "The answer: " + others[1].answer_text
    assert page.inner_text(".cr-q-score").startswith("score 1 / 3")
    assert page.inner_text(".cr-formula").startswith("∂L/∂")  # the step's chain-rule line is back
    go(page, q.frame)  # coming back: answered, the box locked
    assert page.is_disabled(".cr-q-input") and page.inner_text(".cr-q-verdict").startswith("Right (after 3")
    font = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.cr-quiz *, .cr-q-score')]
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert font >= 14
    assert errors == []


def test_forward_frames_show_data_in_creation_order(browser, tmp_path, renderer_kind):
    root = reused()
    st = viz.step(root, forward=True)
    page, errors = open_saved(browser, st, tmp_path / "forward.html")
    ops = [n for n in topological_order(root) if not n.is_leaf]  # creation order: n1 = 6, n2 = 8, L = 40
    ids = [st.spec.ids[n] for n in ops]
    assert page.inner_text(".cr-pos") == "forward step 0"
    for k in range(len(ops) + 1):
        go(page, k)
        shown = [text_of(page, st.uid, i, -2) for i in ids]
        want = [f"{v:g}" for v in (6.0, 8.0, 40.0)[:k]] + ["?"] * (len(ops) - k)
        assert [s.split()[-1] if s.split()[-1] == "?" else f"{float(s.split()[-1]):g}" for s in shown] == want
        if k:
            assert page.inner_text(".cr-pos") == f"forward step {k} / 3"
        if k == 1:
            assert page.inner_text(".cr-formula") == "n1 = x * y = 2.0 * 3.0 = 6.0"
            snap(page, "forward_step1", renderer_kind)
    go(page, 4)
    assert page.inner_text(".cr-pos") == "backward step 1 / 6"
    assert text_of(page, st.uid, ids[-1], -1).split()[-1] == "1.0000"  # backward starts at ∂L/∂L = 1
    assert errors == []


def test_forward_mode_counters_match_worked_example_a(browser, tmp_path, renderer_kind):
    st = viz.step(parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4), mode="forward")
    page, errors = open_saved(browser, st, tmp_path / "fmode.html")
    assert page.inner_text(".cr-counter") == "operations so far: none"
    for p in range(1, 5):  # by hand: after pass p, p additions and p multiplications carried a derivative
        go(page, 3 * p)
        plural = "s" if p > 1 else ""
        assert page.inner_text(".cr-pos") == f"pass {p} / 4 · step 3 / 3"
        assert page.inner_text(".cr-counter").startswith(
            f"operations so far: {p} addition{plural}, {p} multiplication{plural} carrying a derivative")
        assert float(text_of(page, st.uid, st.spec.ids[st.root], -1).split()[-1]) == [7, 7, 3, 3][p - 1]
    assert "forward mode: 4 passes, 4 additions, 4 multiplications carrying a derivative; reverse mode: 1 pass, " \
           "2 additions, 1 multiplication" in page.inner_text(".cr-counter")
    snap(page, "forward_mode_last", renderer_kind)
    assert errors == []


def test_quiz_without_scripts_shows_the_blank_graph(browser, tmp_path, renderer_kind):
    """A student opens the quiz where scripts do not run (an untrusted notebook): a picture, with no answers."""
    st = viz.step(reused(), quiz=True, seed=1)
    st.save_html(tmp_path / "quiz.html")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto((tmp_path / "quiz.html").as_uri())
    img = page.locator(f"#{st.uid} img.cr-img")
    box = img.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # the picture is there
    assert not page.locator(f"#{st.uid} .cr-live").is_visible()
    assert "answer the questions" in page.inner_text(f"#{st.uid} .cr-note")
    # the picture's pixels are the quiz's blank graph: not those of the plain stepper's answered one
    drawn = page.evaluate("i => i.src", img.element_handle())
    assert drawn.startswith("data:image/png;base64,")
    import base64

    assert base64.b64decode(drawn.split(",", 1)[1]) == st.still() != viz.step(reused()).still()
    snap(page, "quiz_no_scripts", renderer_kind)
    context.close()
