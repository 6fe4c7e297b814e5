"""The stepper as a person sees it: a real JupyterLab (from PyPI) in Debian Chromium at 1024x768.

The server is the session fixture ``lab`` (tests/lab.py, shared with every JupyterLab test file).
Screenshots go to out/screens/lab_*.png. Checked: the course notebook opened untrusted (a picture and one line
of advice, no SVG text), the same notebook trusted (stepping works), the quick start typed into
a new notebook, one neuron of an MLP, and the `jupyter nbconvert --to html` export.
"""

from __future__ import annotations

import json

import nbformat
from lab import MIN_PX, NODE_PT, OUT, open_export, open_notebook, screenshot, trusted_copy
from playwright.sync_api import Page

LIVE_STATE = """root => {
    const svg = root.querySelector(".cr-svg svg");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    let smallest = Infinity;
    for (const t of svg.querySelectorAll("text")) {
        const size = parseFloat(t.getAttribute("font-size")) * scale;
        if (t.getBoundingClientRect().width > 0) smallest = Math.min(smallest, size);
    }
    // what a person sees: the window, cut by every ancestor that clips (JupyterLab's notebook panel)
    let seen = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
    for (let e = root.parentElement; e && e !== document.body; e = e.parentElement) {
        const st = getComputedStyle(e);
        if (st.overflowX !== "visible" || st.overflowY !== "visible") {
            const b = e.getBoundingClientRect();
            seen = {left: Math.max(seen.left, b.left), top: Math.max(seen.top, b.top),
                    right: Math.min(seen.right, b.right), bottom: Math.min(seen.bottom, b.bottom)};
        }
    }
    const within = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1
        && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    const cur = root.querySelector('[data-current="1"]');
    const view = root.querySelector(".cr-view").getBoundingClientRect();
    const inside = !!cur && within(cur.getBoundingClientRect(), seen) && within(cur.getBoundingClientRect(), view);
    const formula = root.querySelector(".cr-formula").getBoundingClientRect();
    const controls = root.querySelector('[data-act="next"]').getBoundingClientRect();
    const header = within(formula, seen) && within(controls, seen);
    return {smallest, current: cur ? cur.id : null, inside, header, pos: root.querySelector(".cr-pos").textContent,
            play: root.querySelector('[data-act="play"]').textContent};
}"""


def step_through(page: Page, root, name: str) -> int:
    """Press → through every step: the current node is on screen each time, text never under 14 px."""
    root.scroll_into_view_if_needed()
    root.locator(".cr-formula").click()
    n = int(root.locator(".cr-pos").text_content().split("/")[1])
    for k in range(1, n + 1):
        page.keyboard.press("ArrowRight")
        state = root.evaluate(LIVE_STATE)
        assert state["pos"] == f"step {k} / {n}", state
        assert state["current"] and state["inside"] and state["header"], (k, state)
        assert state["smallest"] >= MIN_PX - 0.01, (k, state)
        if k == min(3, n):
            screenshot(page, f"{name}_step{k}")
    root.locator('[data-act="play"]').click()
    assert root.evaluate(LIVE_STATE)["play"] == "❚❚ pause"
    root.locator('[data-act="play"]').click()
    assert root.evaluate(LIVE_STATE)["play"] == "▶ play"
    return n


def test_course_notebook_untrusted_shows_pictures_not_svg_text(lab, browser):
    page, errors = open_notebook(browser, lab, "course.ipynb")
    page.wait_for_selector(f"{OUT} .chainrule-stepper img.cr-img", timeout=30_000)
    steppers = page.locator(f"{OUT} .chainrule-stepper")
    assert steppers.count() >= 3
    kinds = steppers.evaluate_all("all => all.map(s => s.querySelector('img.cr-img').src.split(';')[0])")
    assert kinds[0] == "data:image/png" and kinds[-1] == "data:image/svg+xml", kinds
    for i in range(steppers.count()):
        s = steppers.nth(i)
        s.scroll_into_view_if_needed()
        img = s.locator("img.cr-img")
        img.wait_for(state="visible")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        shown, natural = img.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
        assert shown / natural * NODE_PT * 4 / 3 >= MIN_PX - 0.01, (shown, natural)
        # the note says what running the cell gives: stepping, or (a quiz) questions with the answers hidden
        assert s.locator(".cr-note").inner_text().startswith("Run the cell or trust the notebook to ")
        assert s.locator("svg, script, style").count() == 0  # the sanitizer dropped them, and ...
        text = s.inner_text()
        for junk in ("%3", "-v0", "<svg", "frames", "font-size", "function", "{"):
            assert junk not in text, junk  # ... no SVG, JSON, CSS or JS text was left behind
        assert not s.locator(".cr-controls").is_visible()
        if i in (0, steppers.count() - 1):
            screenshot(page, "untrusted" if i == 0 else "untrusted_neuron")
    drawing = page.locator(f"{OUT} .chainrule-drawing img").first  # a drawing: a picture too, readable
    drawing.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=drawing.element_handle())
    shown, natural = drawing.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert shown / natural * NODE_PT * 4 / 3 >= MIN_PX - 0.01
    screenshot(page, "untrusted_drawing")
    assert errors == []


def test_course_notebook_trusted_steps(lab, browser):
    trusted_copy(lab, "course.ipynb", "trusted.ipynb")
    page, errors = open_notebook(browser, lab, "trusted.ipynb")
    page.wait_for_selector(f"{OUT} .chainrule-stepper .cr-live:not([hidden])", timeout=30_000)
    page.wait_for_timeout(300)
    root = page.locator(f"{OUT} .chainrule-stepper").first
    assert not root.locator(".cr-still").is_visible()
    assert step_through(page, root, "trusted") == 10
    assert errors == []


def run_typed_cell(page: Page, code: str) -> None:
    """Type ``code`` into the last cell as a person would, then Shift+Enter."""
    cell = page.locator(".jp-Notebook .jp-Cell").last
    cell.locator(".cm-content").click()
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")


def test_quick_start_and_one_neuron_typed_into_a_new_notebook(lab, browser):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells.append(nbformat.v4.new_code_cell(""))
    nbformat.write(nb, lab.root / "typed.ipynb")
    page, errors = open_notebook(browser, lab, "typed.ipynb")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    run_typed_cell(page, 'from autograd import parse\nimport viz\nf = parse("log((x+y)**2+z)", x=2, y=1, z=1)\n'
                         "viz.step(f)")
    live = f"{OUT} .chainrule-stepper .cr-live:not([hidden])"
    page.wait_for_selector(live, timeout=60_000)
    root = page.locator(f"{OUT} .chainrule-stepper").first
    assert step_through(page, root, "quickstart") == 7
    run_typed_cell(page, "import nn\nmodel = nn.MLP(2, [16, 16, 1], seed=1)\nloss = (model([0.5, -1.0]) - 1.0) ** 2\n"
                         "viz.step(loss, focus=model.layers[1].neurons[3])")
    page.wait_for_function(f"document.querySelectorAll({json.dumps(live)}).length >= 2", timeout=60_000)
    root = page.locator(f"{OUT} .chainrule-stepper").nth(1)
    assert "rest of network" in root.locator(".cr-formula").text_content()
    assert step_through(page, root, "neuron") > 40
    run_typed_cell(page, "f")  # a Value shows its drawing: it fills the cell, text never under 14 px
    img = page.locator(f"{OUT} .chainrule-drawing img").first
    img.wait_for(state="visible", timeout=60_000)
    img.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    shown, natural, box, scroll, cell = img.evaluate(
        """i => [i.getBoundingClientRect().width, i.naturalWidth, i.parentElement.clientWidth,
                 i.parentElement.scrollWidth, i.closest('.jp-OutputArea-output').clientWidth]""")
    assert shown / natural * NODE_PT * 4 / 3 >= MIN_PX - 0.01, (shown, natural)
    assert box <= cell and (scroll > box) == (shown > box + 1), (shown, box, scroll, cell)  # it scrolls
    screenshot(page, "value_display")
    assert errors == []


def test_nbconvert_html_export_is_live(lab, browser, tmp_path):
    page, root, errors = open_export(browser, lab, "course.ipynb", tmp_path / "export", ".chainrule-stepper")
    assert step_through(page, root, "nbconvert") == 10
    assert errors == []  # the widget's own script raised nothing (the export's CDN links are not ours)


# -- issue 9: the quiz (viz.step(L, quiz=True) in the course notebook), trusted in JupyterLab and exported --------

def answer_first_question(page: Page, root) -> None:
    """The quiz's first question is about ∂L/∂L = 1 and local derivatives 1 (L = c·2 + d): the answer is 1."""
    root.scroll_into_view_if_needed()
    root.locator(".cr-formula").click()
    page.keyboard.press("ArrowRight")
    assert root.locator(".cr-quiz").is_visible() and root.locator(".cr-pos").text_content() == "backward step 1 / 6"
    root.locator(".cr-q-input").fill("-1")
    root.locator(".cr-q-input").press("Enter")
    assert root.locator(".cr-q-verdict").text_content().startswith("Sign error")
    root.locator(".cr-q-input").fill("1")
    root.locator(".cr-q-check").click()
    assert root.locator(".cr-q-verdict").text_content() == "Right (after 2 tries): 1.0"
    assert root.locator(".cr-q-score").text_content().startswith("score 0 / 1")
    page.keyboard.press("ArrowRight")  # the widget has the keys again: on to the next question
    assert root.locator(".cr-pos").text_content() == "backward step 2 / 6"
    smallest = root.evaluate("""r => Math.min(...[...r.querySelectorAll('.cr-quiz *, .cr-q-score')]
        .filter(e => e.getBoundingClientRect().width > 0).map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert smallest >= MIN_PX


def test_quiz_in_trusted_lab_and_in_the_nbconvert_export(lab, browser, tmp_path):
    trusted_copy(lab, "course.ipynb", "quiz.ipynb")
    page, errors = open_notebook(browser, lab, "quiz.ipynb")
    page.wait_for_selector(f"{OUT} .chainrule-stepper .cr-quiz", state="attached", timeout=30_000)
    root = page.locator(f"{OUT} .chainrule-stepper:has(.cr-quiz)").first
    answer_first_question(page, root)
    screenshot(page, "quiz")
    assert errors == []
    quiz = ".chainrule-stepper:has(.cr-quiz)"
    page, root, errors = open_export(browser, lab, "course.ipynb", tmp_path / "export", quiz)
    answer_first_question(page, root)
    assert errors == []
