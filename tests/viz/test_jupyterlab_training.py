"""viz.training in a real JupyterLab (the session fixture ``lab``) at 1024x768: untrusted, the stored notebook
shows the still picture and one line of advice (no SVG, JSON or JS text); trusted, the keys scrub and the page
shows the history's numbers. Screenshots: out/screens/lab_training_*.png."""

from __future__ import annotations

import numpy as np
import pytest
from lab import MIN_PX, OUT, open_export, open_notebook, run_cells, screenshot, trusted_copy

from nn import MLP, SGD, fit
from nn.data import moons

CELL = """import viz
from nn import MLP, SGD, fit
from nn.data import moons
X, y = moons(40, noise=0.1, seed=0)
model = MLP(2, [6, 1], activation="tanh", seed=0)
history = fit(model, X, y, loss="mse", optimizer=SGD(model, lr=0.2), epochs=20, record=2, progress=False)
viz.training(history, X, y)"""


def _history():  # the same fit here: the test's own numbers to compare with what the page shows
    X, y = moons(40, noise=0.1, seed=0)
    model = MLP(2, [6, 1], activation="tanh", seed=0)
    return fit(model, X, y, loss="mse", optimizer=SGD(model, lr=0.2), epochs=20, record=2, progress=False)


@pytest.fixture(scope="module")
def notebooks(lab):
    run_cells(lab, "training.ipynb", [CELL])
    trusted_copy(lab, "training.ipynb", "training_trusted.ipynb")
    return lab


def test_untrusted_shows_the_picture_and_one_line(notebooks, browser):
    page, errors = open_notebook(browser, notebooks, "training.ipynb")
    root = page.locator(f"{OUT} .chainrule-training").first
    img = root.locator(".cr-still img")
    img.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    assert root.locator(".cr-note").inner_text() == "Run the cell or trust the notebook to scrub through the training."
    assert root.locator("svg, script, style, canvas").count() == 0
    text = root.inner_text()
    for junk in ("{", "function", "<svg", "cells"):
        assert junk not in text, junk
    assert not root.locator(".cr-controls").is_visible()
    screenshot(page, "training_untrusted")
    assert errors == []


def test_trusted_scrubs_to_the_histories_numbers(notebooks, browser):
    h = _history()
    page, errors = open_notebook(browser, notebooks, "training_trusted.ipynb")
    page.wait_for_selector(f"{OUT} .chainrule-training .cr-live:not([hidden])", timeout=30_000)
    root = page.locator(f"{OUT} .chainrule-training").first
    root.scroll_into_view_if_needed()
    root.locator(".cr-status").click()  # gives the widget the keys
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    snap = h.snapshots[3]
    assert root.locator(".cr-status").inner_text().split() == ["step", str(snap.step), "loss", f"{snap.loss:.4f}"]
    w0 = snap.params()["layers.0.neurons.0.w.0"]
    assert root.locator(".cr-update").inner_text().splitlines()[0].endswith(f"= {w0:.4f}")
    rgba = root.evaluate("""r => { const c = r.querySelector('.cr-cells');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data); }""")
    rgb = np.array(rgba).reshape(40, 40, 4)[::-1, :, :3]
    np.testing.assert_array_equal(rgb[:, :, 0] > rgb[:, :, 2], snap.boundary > 0.5)
    sizes = root.evaluate("""r => [...r.querySelectorAll('.cr-live *')]
        .filter(e => e.getClientRects().length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => [parseFloat(getComputedStyle(e).fontSize) * (e instanceof SVGElement ? e.getScreenCTM().a : 1),
                   e.tagName + ' ' + e.textContent.slice(0, 20)])""")
    assert min(sizes)[0] >= MIN_PX - 0.01, min(sizes)
    screenshot(page, "training_trusted")
    assert errors == []


def test_nbconvert_export_scrubs(notebooks, browser, tmp_path):
    page, root, errors = open_export(browser, notebooks, "training.ipynb", tmp_path / "export", ".chainrule-training")
    root.locator(".cr-status").click()
    page.keyboard.press("Home")
    page.keyboard.press("PageDown")
    snap = _history().snapshots[1]
    assert root.locator(".cr-status").inner_text().split() == ["step", str(snap.step), "loss", f"{snap.loss:.4f}"]
    assert errors == []  # the widget's own script raised nothing (the export's CDN links are not ours)
    page.close()
