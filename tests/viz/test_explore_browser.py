"""viz.explore's saved page in Chromium, as a person uses it: move a slider with the keyboard or the mouse,
then read the graph and the tangent plot. Screenshots go to out/screens/explore_*.png.

By hand, for the quick start f = log((x+y)² + z) at y = z = 1: with s = x+1 and r = s² + 1,
f = log r and ∂f/∂x = 2s/r. At x = 1: f = log 5 = 1.6094, ∂f/∂x = 4/5 = 0.8. At x = -2: r = 2, ∂f/∂x = -1.
"""

import math
import re
from pathlib import Path

import pytest

import viz
from autograd import Value, parse

SCREENS = Path(__file__).resolve().parents[2] / "out" / "screens"
MIN_PX = 14.0

SMALLEST_TEXT = """root => {
    let smallest = Infinity;
    for (const svg of root.querySelectorAll(".cr-live svg")) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        for (const t of svg.querySelectorAll("text")) {
            if (t.getBoundingClientRect().width > 0 && t.textContent.trim())
                smallest = Math.min(smallest, parseFloat(t.getAttribute("font-size")) * scale);
        }
    }
    for (const e of root.querySelectorAll(".cr-live *")) {
        if (e.closest("svg")) continue;
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (own && e.getBoundingClientRect().width > 0)
            smallest = Math.min(smallest, parseFloat(getComputedStyle(e).fontSize));
    }
    return smallest;
}"""


def open_saved(browser, ex, tmp_path, name="page.html"):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(ex.save_html(tmp_path / name).as_uri())
    assert page.is_visible(".cr-live") and not page.is_visible(".cr-still")  # the script ran
    return page, errors


def node_texts(page, ex, node):
    return page.evaluate("""id => [...document.querySelector('[id="' + id + '"]').querySelectorAll("text")]
        .map(t => t.textContent.replace(/\\s+/g, " ").trim())""", ex.spec.ids[node])


def vertices(d):
    return [tuple(float(v) for v in pair.split()) for pair in re.findall(r"[ML]([-\d.]+ [-\d.]+)", d)]


def plot_state(page):
    return page.evaluate("""() => {
        const p = document.querySelector(".cr-point"), l = document.querySelector(".cr-tangent");
        return {cx: parseFloat(p.getAttribute("cx")), cy: parseFloat(p.getAttribute("cy")),
                shown: p.getAttribute("display") !== "none", line: l.getAttribute("display") !== "none",
                d: document.querySelector(".cr-curve").getAttribute("d"),
                slope: document.querySelector(".cr-slope").textContent,
                gap: document.querySelector(".cr-gap").textContent,
                formula: document.querySelector(".cr-formula").textContent};
    }""")


def shot(page, name, renderer_kind):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"explore_{name}_{renderer_kind}.png"))


def test_keyboard_moves_x_and_every_number_follows(browser, tmp_path, renderer_kind):
    x, y, z = Value(2.0, label="x"), Value(1.0, label="y"), Value(1.0, label="z")
    f = ((x + y) ** 2 + z).log()
    ex = viz.explore(f, x=(-2, 2))  # 41 steps of 0.1; x = 2 is the last
    page, errors = open_saved(browser, ex, tmp_path)
    slider = page.locator(".cr-slider").first
    assert page.evaluate("document.activeElement.className") == "cr-slider"  # the page gives it the keys
    assert slider.get_attribute("aria-label") == "input x"
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    assert page.inner_text(".cr-value") == "x = 1.0"
    assert node_texts(page, ex, x) == ["x", "data 1.0000", "grad 0.8000"]
    assert node_texts(page, ex, f) == ["L", f"data {math.log(5):.4f}", "grad 1.0000"]
    st = plot_state(page)
    assert st["slope"] == "slope of the tangent ∂L/∂x = 0.8000"  # the same number as on x's node
    assert st["shown"] and st["line"] and st["gap"] == ""
    assert (st["cx"], st["cy"]) == vertices(st["d"])[30]  # on the curve, at x's grid index
    assert st["formula"] == "∂L/∂x = ∂L/∂n1·∂n1/∂x = 0.8·1.0 = 0.8"
    assert page.evaluate(SMALLEST_TEXT, page.query_selector(".chainrule-explore")) >= MIN_PX - 0.01
    shot(page, "keyboard", renderer_kind)
    box = slider.bounding_box()  # the mouse: a click at the slider's left end is x = -2
    page.mouse.click(box["x"] + 1, box["y"] + box["height"] / 2)
    assert page.inner_text(".cr-value") == "x = -2.0"
    assert node_texts(page, ex, x)[1:] == ["data -2.0000", "grad -1.0000"]
    st = plot_state(page)
    assert st["slope"].endswith("= -1.0000") and (st["cx"], st["cy"]) == vertices(st["d"])[0]
    shot(page, "mouse", renderer_kind)
    assert errors == []


def test_the_second_slider_moves_the_curve(browser, tmp_path, renderer_kind):
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    ex = viz.explore(f, x=(-2, 2), y=(-1, 1), steps=11)  # y starts at 1 (index 10)
    page, errors = open_saved(browser, ex, tmp_path)
    before = plot_state(page)["d"]
    page.locator(".cr-slider").nth(1).focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert page.locator(".cr-value").nth(1).inner_text() == "y = 0.0"
    st = plot_state(page)
    assert st["d"] != before and (st["cx"], st["cy"]) == vertices(st["d"])[10]  # x = 2 on the y = 0 curve
    xn = next(n for n in ex.grid.order if n.label == "x")
    assert node_texts(page, ex, xn)[1:] == ["data 2.0000", "grad 0.8000"]  # s = 2, r = 5 again
    assert st["slope"].endswith("= 0.8000")
    shot(page, "two_sliders", renderer_kind)
    assert errors == []


def test_log_at_zero_shows_inf_and_a_gap(browser, tmp_path, renderer_kind):
    """f = log(x)·y + y at y = 2: at x = 0, log x = -inf and ∂f/∂x = y/x = inf."""
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    lg = x.log()
    lg.label = "lg"
    f = lg * y + y
    ex = viz.explore(f, x=(0, 2), steps=5)
    page, errors = open_saved(browser, ex, tmp_path)
    page.keyboard.press("Home")
    assert page.inner_text(".cr-value") == "x = 0.0"
    assert node_texts(page, ex, x)[1:] == ["data 0.0000", "grad inf"]
    assert node_texts(page, ex, lg)[1:] == ["data -inf", "grad 2.0000"]
    st = plot_state(page)
    assert not st["shown"] and not st["line"] and st["gap"] == "not finite here: a gap in the curve"
    assert st["slope"].endswith("= inf") and len(vertices(st["d"])) == 4
    shot(page, "log_zero", renderer_kind)
    page.keyboard.press("ArrowRight")  # x = 0.5: back on the curve
    st = plot_state(page)
    assert st["shown"] and st["gap"] == "" and (st["cx"], st["cy"]) == vertices(st["d"])[0]
    assert node_texts(page, ex, x)[2] == "grad 4.0000"  # y/x
    assert "NaN" not in page.inner_text(".chainrule-explore") and errors == []


@pytest.mark.parametrize("label", ['</script><img src=x onerror="window.__pwned=1">',
                                   '"><svg onload="window.__pwned=1">', "a&amp;b<!--"])
def test_hostile_labels_do_not_run_or_break_the_page(browser, tmp_path, renderer_kind, label):
    x = Value(1.0, label=label)
    ex = viz.explore(x * x + 1, {label: (-1, 1)}, steps=5)
    page, errors = open_saved(browser, ex, tmp_path)
    page.keyboard.press("End")
    assert page.evaluate("window.__pwned") is None
    drawn = label if len(label) <= 40 else label[:39] + "…"  # a long label is cut, as every drawing cuts it
    assert page.inner_text(".cr-name") == drawn
    assert page.text_content(".cr-slope").endswith("= 2.0000")  # ∂(x²+1)/∂x = 2x at x = 1
    assert errors == []
