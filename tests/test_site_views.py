"""The course website's kernel-free views (issue 19), as a student uses them: viz.explore's slider in
notebooks 01 (the tangent of x³) and 06 (tanh's saturation), viz.training's scrubber in notebook 08.

The site, its server, the browser and the visit (every request outside 127.0.0.1 blocked and recorded, every
console error recorded, both asserted empty) are test_site.py's fixtures, on test_site.py's build.
Expected numbers are derived by hand (x³ → 3x², 1 − tanh(z)²) or by PyTorch float64 (the training steps).
Screenshots: out/screens/site_explore.png, site_saturation.png, site_training.png.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
import test_site
from test_site import MIN_PX, SCREENS

site, url, browser, visit = test_site.site, test_site.url, test_site.browser, test_site.visit  # the same fixtures

SMALLEST_TEXT = """root => {  // the smallest text drawn in the live view, in CSS px on screen
    let least = Infinity, what = '';
    for (const e of root.querySelectorAll('.cr-live *')) {
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || e.getClientRects().length === 0 || e.closest('[hidden]')) continue;
        let px = parseFloat(getComputedStyle(e).fontSize);
        if (e instanceof SVGElement) px *= e.getScreenCTM().a;  // user units to screen px
        if (px < least) { least = px; what = e.tagName + ' ' + e.textContent.slice(0, 30); }
    }
    return [least, what];
}"""
NODE = """(root, label) => {  // a graph node's texts, found by its label (the first text)
    const g = [...root.querySelectorAll('.cr-svg g.node')]
        .find(g => g.querySelector('text') && g.querySelector('text').textContent.trim() === label);
    return g ? [g.id, ...[...g.querySelectorAll('text')].map(t => t.textContent.replace(/\\s+/g, ' ').trim())] : null;
}"""
EDGE_FROM = """(root, id) => {  // the texts on the edge leaving node `id` (graphviz titles an edge "tail->head")
    const g = [...root.querySelectorAll('.cr-svg g.edge')]
        .find(g => (g.querySelector('title') || {}).textContent.startsWith(id + '->') && g.querySelector('text'));
    return [...g.querySelectorAll('text')].map(t => t.textContent.replace(/\\s+/g, ' ').trim());
}"""
PLOT = """root => {
    const p = root.querySelector('.cr-point'), l = root.querySelector('.cr-tangent');
    return {point: [+p.getAttribute('cx'), +p.getAttribute('cy')], shown: p.getAttribute('display') !== 'none',
            line: ['x1', 'y1', 'x2', 'y2'].map(a => +l.getAttribute(a)),
            curve: root.querySelector('.cr-curve').getAttribute('d'),
            slope: root.querySelector('.cr-slope').textContent};
}"""


def node(root, label: str) -> list[str]:
    found = root.evaluate(NODE, label)
    assert found, f"no node {label!r} on the graph"
    return found


def vertices(d: str) -> np.ndarray:
    return np.array([[float(v) for v in pair.split()] for pair in re.findall(r"[ML]([-\d.]+ [-\d.]+)", d)])


def shot(page, root, name: str) -> None:
    """The whole view in its page. It is taller than the 768 px window (a student scrolls through it), so the window
    grows taller for the picture, at the same width (the same layout), then goes back."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": int(root.bounding_box()["height"]) + 120})
    root.evaluate("r => window.scrollBy(0, r.getBoundingClientRect().top - 64)")  # just under the site's header
    page.screenshot(path=str(SCREENS / f"site_{name}.png"))
    page.set_viewport_size(size)


def smallest_text(root) -> float:
    least, what = root.evaluate(SMALLEST_TEXT)
    assert least >= MIN_PX - 0.01, (least, what)
    return least


def test_notebook_01_tangent_of_x_cubed_follows_the_keyboard(visit):
    """f = x³ on 41 points from -2 to 3 (steps of 1/8), x starting at 2 (point 32). Two PageDowns (-10 each) and
    eight ArrowLefts reach point 4, x = -1.5: f = -3.375 and, by hand, ∂f/∂x = 3x² = 6.75."""
    page = visit.open("notebooks/01_chain_rule_by_hand.html")
    root = page.locator(".chainrule-explore")
    assert root.count() == 1, "notebook 01's page shows no explore view: are its stored outputs current?"
    root.scroll_into_view_if_needed()
    assert root.locator(".cr-live").is_visible() and not root.locator(".cr-still").is_visible()  # the script ran
    slider = root.locator(".cr-slider")
    assert slider.get_attribute("aria-label") == "input x"
    before = root.evaluate(PLOT)
    slider.focus()
    for key in ["PageDown"] * 2 + ["ArrowLeft"] * 8:
        page.keyboard.press(key)
    x = -1.5
    assert float(root.locator(".cr-value").inner_text().split("=")[1]) == x
    assert slider.input_value() == "4"
    assert node(root, "x")[2:] == [f"data {x:.4f}", f"grad {3 * x * x:.4f}"]  # data -1.5000, grad 6.7500
    assert node(root, "L")[2:] == [f"data {x ** 3:.4f}", "grad 1.0000"]
    st = root.evaluate(PLOT)
    assert st["slope"] == f"slope of the tangent ∂L/∂x = {3 * x * x:.4f}"  # the number on x's node
    assert st["point"] != before["point"] and st["shown"]
    curve = vertices(st["curve"])
    xs = np.linspace(-2, 3, 41)
    assert len(curve) == 41 and tuple(st["point"]) == tuple(curve[4])  # the point is the curve's point for x
    # the curve is x³ (pixels are affine in x and in f), so the point sits on x³'s graph at x = -1.5
    sx = np.polyfit(xs, curve[:, 0], 1)
    sy = np.polyfit(xs ** 3, curve[:, 1], 1)
    assert np.abs(np.polyval(sx, xs) - curve[:, 0]).max() < 0.06  # (drawn to 0.01 px)
    assert np.abs(np.polyval(sy, xs ** 3) - curve[:, 1]).max() < 0.06
    assert st["point"][0] == pytest.approx(np.polyval(sx, x), abs=0.06)
    assert st["point"][1] == pytest.approx(np.polyval(sy, x ** 3), abs=0.06)
    # the tangent line: through the point, its pixel slope that of 3x² on these axes
    x1, y1, x2, y2 = st["line"]
    assert (y2 - y1) / (x2 - x1) == pytest.approx(sy[0] * 3 * x * x / sx[0], rel=0.01)
    assert y1 + (st["point"][0] - x1) * (y2 - y1) / (x2 - x1) == pytest.approx(st["point"][1], abs=0.5)
    smallest_text(root)
    shot(page, root, "explore")


def test_notebook_06_tanh_saturates_as_z_grows(visit):
    """z = 1.5·x + 0.5 with x on 41 points from -4 to 4 (steps of 0.2), starting at x = 0. Five ArrowRights make
    x one larger. ∂a/∂z, the local derivative on the edge z → tanh, is 1 − tanh(z)² by hand: it goes to 0."""
    page = visit.open("notebooks/06_neuron_and_activations.html")
    root = page.locator(".chainrule-explore")
    assert root.count() == 1, "notebook 06's page shows no explore view: are its stored outputs current?"
    root.scroll_into_view_if_needed()
    root.locator(".cr-slider").focus()
    shown = []
    for x in (0, 1, 2, 3, 4):
        if x:
            for _ in range(5):
                page.keyboard.press("ArrowRight")
        z = 1.5 * x + 0.5
        want = 1 - math.tanh(z) ** 2
        assert float(root.locator(".cr-value").inner_text().split("=")[1]) == x
        zid, _, z_data, z_grad = node(root, "z")
        assert z_data == f"data {z:.4f}" and node(root, "a")[2] == f"data {math.tanh(z):.4f}"
        local, passed = root.evaluate(EDGE_FROM, zid)
        assert local.startswith("local ") and passed.startswith("+= ")
        got = float(local.split()[1])
        assert got == pytest.approx(want, rel=1e-3, abs=5e-5), (x, local)  # as printed: 4 digits
        assert float(passed.split()[1]) == pytest.approx(want, rel=1e-3, abs=5e-5)  # 1·∂a/∂z reaches z
        assert float(z_grad.split()[1]) == pytest.approx(want, abs=5e-5)  # ∂a/∂z on z's node
        assert root.locator(".cr-formula").inner_text().startswith("∂a/∂z = ")
        shown.append(got)
    assert shown == sorted(shown, reverse=True) and shown[0] > 0.75  # 1 − tanh(0.5)² = 0.786
    assert shown[-1] < 1e-4 and shown[-1] == pytest.approx(9.0415e-6, rel=1e-3)  # z = 6.5: saturated
    assert node(root, "z")[3] == "grad 0.0000"
    smallest_text(root)
    shot(page, root, "saturation")


def torch_fit(torch, steps: int, layer: int, j: int) -> list[dict]:
    """Notebook 08's fit, step by step in PyTorch float64 from the same start (MLP(2, [16, 16, 1], seed=1337), U(-1, 1)
    weights, zero biases): full batch, loss mean(relu(1 − y·score)) + 1e-4·Σp², SGD with lr 1 − 0.9·t/100 at the
    (t+1)-th step. Per step: the loss, the lr, and neuron j of `layer`: [w0, w1, b] before, their grads, after."""
    from nn import MLP
    from nn.data import moons, to_pm1

    X, y01 = moons(100, noise=0.1, seed=1337)
    start = {name: p.data for name, p in MLP(2, [16, 16, 1], seed=1337).named_parameters()}
    sizes = [2, 16, 16, 1]
    W = [torch.tensor([[start[f"layers.{m}.neurons.{o}.w.{i}"] for i in range(sizes[m])] for o in range(sizes[m + 1])],
                      dtype=torch.float64, requires_grad=True) for m in range(3)]
    B = [torch.tensor([start[f"layers.{m}.neurons.{o}.b"] for o in range(sizes[m + 1])], dtype=torch.float64,
                      requires_grad=True) for m in range(3)]
    Xt, yt = torch.tensor(X, dtype=torch.float64), torch.tensor(to_pm1(y01), dtype=torch.float64)

    def neuron() -> list[float]:
        return [*W[layer][j].tolist(), B[layer][j].item()]

    out = []
    for t in range(steps):
        h = Xt
        for m in range(3):
            h = h @ W[m].T + B[m]
            h = torch.relu(h) if m < 2 else h
        loss = torch.relu(1 - yt * h[:, 0]).mean() + 1e-4 * sum((p * p).sum() for p in W + B)
        loss.backward()
        lr, before = 1.0 - 0.9 * t / 100, neuron()
        grads = [*W[layer].grad[j].tolist(), B[layer].grad[j].item()]
        with torch.no_grad():
            for p in W + B:
                p -= lr * p.grad
                p.grad = None
        out.append({"loss": loss.item(), "lr": lr, "before": before, "grads": grads, "after": neuron()})
    return out


MARK = "r => ['cx', 'cy'].map(a => +r.querySelector('.cr-mark').getAttribute(a))"
UPDATE = re.compile(r"^(\w+) ← \1 − η·∂L/∂\1 = (\S+) − (\S+) × (\S+) = (\S+)$")


def check_snapshot(root, data: dict, i: int, ref: list[dict]) -> None:
    """Snapshot i is shown: its loss as the page's own data says, the marker on the curve's point i, and the neuron's
    numbers and update as PyTorch computed that step (the page prints 4 decimals)."""
    step, n = data["steps"][i], len(data["steps"])
    assert root.locator(".cr-pos").inner_text() == f"snapshot {i + 1} / {n}"
    assert root.locator(".cr-status").inner_text().split() == ["step", str(step), "loss", f"{data['losses'][i]:.4f}"]
    points = root.locator(".cr-loss polyline").get_attribute("points")
    curve = [tuple(map(float, xy.split(","))) for xy in points.split()]
    assert root.evaluate(MARK) == pytest.approx(curve[i], abs=0.06)  # the marker on the loss curve, at this step
    want = ref[step - 1]
    assert data["losses"][i] == pytest.approx(want["loss"], abs=1e-9)  # the page's data is PyTorch's loss
    lines = root.locator(".cr-update").inner_text().splitlines()
    assert [UPDATE.match(line).group(1) for line in lines] == ["w0", "w1", "b"], lines
    for k, line in enumerate(lines):
        before, lr, grad, after = map(float, UPDATE.match(line).groups()[1:])
        assert (before, lr, grad, after) == pytest.approx(
            (want["before"][k], want["lr"], want["grads"][k], want["after"][k]), abs=5.1e-5), (step, line)
    boxes = [root.locator(f'.cr-graph [id$="-p{k}"] text').all_text_contents() for k in range(3)]
    for k, box in enumerate(boxes):
        assert box[1].split()[0] == "value" and float(box[1].split()[1]) == pytest.approx(want["after"][k], abs=5.1e-5)
        assert box[2].split()[0] == "grad" and float(box[2].split()[1]) == pytest.approx(want["grads"][k], abs=5.1e-5)


def test_notebook_08_scrubs_the_training_and_matches_pytorch(visit, torch):
    """Keys to step 7, the slider to step 12: loss, marker, neuron layers.0.neurons.5; then play and pause."""
    ref = torch_fit(torch, 12, layer=0, j=5)  # (the `torch` fixture: in CI a missing torch fails)
    page = visit.open("notebooks/08_training_an_mlp.html")
    root = page.locator(".chainrule-training")
    assert root.count() == 1, "notebook 08's page shows no training view: are its stored outputs current?"
    data = json.loads(root.locator("script.cr-data").text_content())
    assert data["steps"] == list(range(1, 101)) and data["neuron"]["name"] == "layers.0.neurons.5"
    first, last = re.search(r"100 epochs in [\d.]+ s;\s+loss ([\d.]+) → ([\d.]+);", page.inner_text("article")).groups()
    assert (f"{data['losses'][0]:.3f}", f"{data['losses'][-1]:.4f}") == (first, last)  # what the notebook printed
    root.scroll_into_view_if_needed()
    assert root.locator(".cr-live").is_visible() and not root.locator(".cr-still img").is_visible()
    root.focus()
    page.keyboard.press("Home")
    check_snapshot(root, data, 0, ref)
    mark, cells = root.evaluate(MARK), root.evaluate("r => r.querySelector('.cr-cells').toDataURL()")
    for key in ["ArrowRight"] * 7 + ["ArrowLeft"]:
        page.keyboard.press(key)
    check_snapshot(root, data, 6, ref)  # step 7
    assert root.evaluate(MARK)[0] > mark[0] and root.evaluate(MARK) != mark  # the marker moved along the curve
    assert root.evaluate("r => r.querySelector('.cr-cells').toDataURL()") != cells  # and the boundary changed
    slider = root.locator(".cr-slider")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(11):
        page.keyboard.press("ArrowRight")  # the range input steps itself
    assert slider.input_value() == "11"
    check_snapshot(root, data, 11, ref)  # step 12
    assert root.evaluate(SMALLEST_TEXT)[0] >= MIN_PX - 0.01, root.evaluate(SMALLEST_TEXT)
    shot(page, root, "training")
    root.focus()
    page.keyboard.press(" ")
    page.wait_for_function("r => r.dataset.step !== '12'", arg=root.element_handle(), timeout=3000)
    assert root.locator('[data-act="play"]').get_attribute("aria-pressed") == "true"
    page.keyboard.press(" ")
    assert root.locator('[data-act="play"]').get_attribute("aria-pressed") == "false"
    held = root.locator(".cr-status").inner_text()
    page.wait_for_timeout(800)
    assert root.locator(".cr-status").inner_text() == held and int(held.split()[1]) > 12  # paused, after playing
    page.keyboard.press("End")
    assert root.locator(".cr-status").inner_text().split() == ["step", "100", "loss", last]
