"""viz.training's saved page in Chromium, as a person uses it: keys and the slider scrub to a snapshot;
the shown loss, the drawn boundary cells and the neuron's numbers are that snapshot's; play/pause; text size."""

from pathlib import Path

import numpy as np
import pytest

import viz
from nn import MLP, SGD, fit
from nn.data import moons

SCREENS = Path("out/screens")
NEURON = "layers.1.neurons.2"


@pytest.fixture(scope="module")
def saved(tmp_path_factory, renderer_kind):
    X, y = moons(40, noise=0.1, seed=0)
    model = MLP(2, [6, 6, 1], activation="tanh", seed=0)
    h = fit(model, X, y, loss="mse", optimizer=SGD(model, lr=0.2), epochs=24, record=2, progress=False)
    k = [h.snapshots[0].names.index(f"{NEURON}.w.{i}") for i in range(6)]
    assert all(np.abs(s.grads[k]).max() > 1e-3 for s in h.snapshots)  # the neuron learns: its numbers move
    path = viz.training(h, X, y, neuron=NEURON).save_html(tmp_path_factory.mktemp("t") / "training.html")
    return h, path


@pytest.fixture
def page(browser, saved):
    p = browser.new_page(viewport={"width": 1024, "height": 900})
    errors = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.goto(saved[1].as_uri())
    p.wait_for_selector(".cr-live:not([hidden])")
    yield p
    assert not errors, errors
    p.close()


def _cells(page):
    """The 40×40 drawn cells as (r, g, b), row 0 the lowest y (the canvas draws it at the bottom)."""
    rgba = page.evaluate("""() => {
        const c = document.querySelector('.cr-cells');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    }""")
    return np.array(rgba).reshape(40, 40, 4)[::-1, :, :3]


def _check_shown(page, snap):
    status = page.inner_text(".cr-status")
    assert status.split() == ["step", str(snap.step), "loss", f"{snap.loss:.4f}"]
    rgb = _cells(page)
    bluish = rgb[:, :, 2] > rgb[:, :, 0]  # Okabe-Ito blue (negative) vs vermillion (positive), over white
    np.testing.assert_array_equal(~bluish, snap.boundary > 0.5)  # 0/1 labels: split at 0.5
    params = snap.params()
    lines = page.inner_text(".cr-update").splitlines()
    names = [f"{NEURON}.w.{i}" for i in range(6)] + [f"{NEURON}.b"]
    assert len(lines) == 7
    for line, name in zip(lines, names, strict=True):
        k = snap.names.index(name)
        want = f"= {snap.before[k]:.4f} − {snap.lr:.4f} × {snap.grads[k]:.4f} = {params[name]:.4f}"
        assert line.endswith(want), (line, want)
    box = page.locator('.cr-graph [id$="-p0"] text').all_text_contents()
    w0 = params[f"{NEURON}.w.0"]
    assert box[1].split() == ["value", f"{w0:.4f}"], box  # (split() splits at no-break spaces too)


def test_keys_scrub_to_a_snapshot_and_show_its_numbers(page, saved, renderer_kind):
    h, _ = saved
    page.focus(".chainrule-training")
    page.keyboard.press("Home")
    _check_shown(page, h.snapshots[0])
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowLeft")
    _check_shown(page, h.snapshots[4])
    assert page.input_value(".cr-slider") == "4"
    page.screenshot(path=str(SCREENS / f"training_step5_{renderer_kind}.png"), full_page=True)
    page.keyboard.press("End")
    _check_shown(page, h.snapshots[-1])


def test_the_slider_scrubs(page, saved):
    h, _ = saved
    slider = page.locator(".cr-slider")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(7):
        page.keyboard.press("ArrowRight")  # the range input steps itself and says so by an input event
    _check_shown(page, h.snapshots[7])
    box = slider.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] / 2)
    _check_shown(page, h.snapshots[-1])


def test_play_and_pause(page, saved):
    h, _ = saved
    page.focus(".chainrule-training")
    page.keyboard.press("Home")
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('.chainrule-training').dataset.step !== '2'", timeout=3000)
    assert page.get_attribute('[data-act="play"]', "aria-pressed") == "true"
    page.keyboard.press(" ")
    assert page.get_attribute('[data-act="play"]', "aria-pressed") == "false"
    held = page.inner_text(".cr-status")
    page.wait_for_timeout(800)
    assert page.inner_text(".cr-status") == held
    steps = [s.step for s in h.snapshots]
    assert int(held.split()[1]) in steps[1:]


def test_text_is_never_under_14_px_and_the_still_shows_without_scripts(browser, page, saved, renderer_kind):
    smallest = page.evaluate("""() => {
        let least = Infinity, what = '';
        const root = document.querySelector('.chainrule-training .cr-live');
        for (const e of root.querySelectorAll('*')) {
            const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            if (!own || e.getClientRects().length === 0 || e.closest('[hidden]')) continue;
            let px = parseFloat(getComputedStyle(e).fontSize);
            if (e instanceof SVGElement) px *= e.getScreenCTM().a;  // user units to screen px
            if (px < least) { least = px; what = e.tagName + ' ' + e.textContent.slice(0, 30); }
        }
        return [least, what];
    }""")
    assert smallest[0] >= 14 - 0.01, smallest
    quiet = browser.new_page(java_script_enabled=False, viewport={"width": 1024, "height": 700})
    quiet.goto(saved[1].as_uri())
    img = quiet.locator(".cr-still img")
    assert img.is_visible() and quiet.evaluate("document.querySelector('.cr-still img').naturalWidth") > 0
    assert quiet.locator(".cr-live").is_hidden()
    quiet.screenshot(path=str(SCREENS / f"training_still_{renderer_kind}.png"))
    quiet.close()
