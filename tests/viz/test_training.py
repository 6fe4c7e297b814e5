"""viz.training's data against the recorded snapshots and hand values; bad input; save_html and save_gif."""

import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image

import viz
from nn import MLP, SGD, Adam, fit
from nn.data import moons
from nn.record import Recorder
from nn.train import History
from viz.outputs.training import cell_levels, neurons, pack


@pytest.fixture(scope="module")
def moons_fit():
    X, y = moons(30, noise=0.1, seed=0)
    model = MLP(2, [4, 1], seed=0)
    h = fit(model, X, y, loss="mse", optimizer=SGD(model, lr=0.2), epochs=12, record=3, progress=False)
    return h, X, y


def _page_data(page: str) -> dict:
    raw = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw)


def _unpack(b64: str, n: int) -> list[int]:  # the test's own decoding: two 4-bit levels a byte, high first
    out = []
    for byte in base64.b64decode(b64):
        out += [byte // 16, byte % 16]
    return out[:n]


def test_cell_levels_by_hand():
    # d = score - 0.5: -5.5 → 7 - ⌊8·tanh 5.5⌋ = 0; -0.01 → 7; 0 → 7 (not positive); 0.01 → 8;
    # 0.2 → 8 + ⌊8·0.1974⌋ = 9; 5.5 → 15
    levels = cell_levels(np.array([[-5.0, 0.49, 0.5], [0.51, 0.7, 6.0]]), 0.5)
    assert levels.tolist() == [0, 7, 7, 8, 9, 15]
    three = np.zeros((1, 2, 3))
    three[0, 0, 2], three[0, 1, 1] = 1.0, 1.0
    assert cell_levels(three, 0.0).tolist() == [2, 1]  # K outputs: the argmax class


def test_pack_two_levels_a_byte():
    assert pack(np.array([1, 2, 15, 0], dtype=np.uint8)) == base64.b64encode(bytes([0x12, 0xF0])).decode()
    assert pack(np.array([3, 4, 5], dtype=np.uint8)) == base64.b64encode(bytes([0x34, 0x50])).decode()


def test_neurons_are_found_by_their_parameter_names():
    found = neurons(tuple(name for name, _ in MLP(2, [3, 1]).named_parameters()))
    assert list(found) == ["layers.0.neurons.0", "layers.0.neurons.1", "layers.0.neurons.2", "layers.1.neurons.0"]
    assert found["layers.0.neurons.1"].labels == ("w0", "w1", "b")
    assert found["layers.1.neurons.0"].labels == ("w0", "w1", "w2", "b")


def test_page_data_is_the_snapshots(moons_fit):
    h, X, y = moons_fit
    t = viz.training(h, X, y, neuron="layers.0.neurons.2")
    data = json.loads(json.dumps(t.data()))  # the page's JSON (test_html_... reads it out of a page)
    assert data["steps"] == [3, 6, 9, 12] and data["losses"] == [s.loss for s in h.snapshots]
    assert data["grid"]["n"] == 40 and data["grid"]["x"] == [h.grid.xs[0], h.grid.xs[-1]]
    for snap, cells in zip(h.snapshots, data["grid"]["cells"], strict=True):
        levels = np.array(_unpack(cells, 1600)).reshape(40, 40)
        np.testing.assert_array_equal(levels >= 8, snap.boundary > 0.5)  # 0/1 labels: split at 0.5
    assert [p[2] for p in data["points"]] == [int(v) for v in y]
    nd = data["neuron"]
    assert nd["labels"] == ["w0", "w1", "b"]
    for i, snap in enumerate(h.snapshots):
        params = snap.params()
        names = [f"layers.0.neurons.2.{n}" for n in ("w.0", "w.1", "b")]
        assert nd["after"][i] == [params[n] for n in names]
        k = [snap.names.index(n) for n in names]
        assert nd["before"][i] == snap.before[k].tolist() and nd["grads"][i] == snap.grads[k].tolist()
        assert nd["lr"][i] == 0.2


def test_sgd_update_lines_by_hand():
    # one linear neuron, one sample x = (1, 2), target 0.5, mse: z = w0 + 2·w1 + b, ∂L/∂w = 2(z − 0.5)·(1, 2, 1)
    model = MLP(2, [1], seed=0)
    w0, w1, b = (p.data for p in model.parameters())
    h = fit(model, np.array([[1.0, 2.0]]), np.array([0.5]), optimizer=SGD(model, lr=0.1), epochs=1, record=1,
            progress=False)
    g = 2 * (w0 + 2 * w1 + b - 0.5)
    grads = [g * 1, g * 2, g * 1]
    lines = viz.training(h).update_lines(0)
    for line, lab, before, grad in zip(lines, ("w0", "w1", "b"), (w0, w1, b), grads, strict=True):
        assert line == (f"{lab} ← {lab} − η·∂L/∂{lab} = {before:.4f} − 0.1000 × {grad:.4f} = "
                        f"{before - 0.1 * grad:.4f}")


def test_adam_shows_the_step_it_took_and_says_so(moons_fit):
    _, X, y = moons_fit
    model = MLP(2, [2, 1], seed=1)
    h = fit(model, X, y, optimizer=Adam(model, lr=0.05), epochs=2, record=1, progress=False)
    t = viz.training(h, X, y)
    assert "Adam, not plain SGD" in t.rule_note() and "actually" in t.rule_note()
    s = h.snapshots[1]
    w0 = s.names.index("layers.0.neurons.0.w.0")
    assert t.update_lines(1)[0] == (f"w0: {s.before[w0]:.4f} → {s.values[w0]:.4f}  (step "
                                    f"{s.values[w0] - s.before[w0]:.4f}; ∂L/∂w0 = {s.grads[w0]:.4f})")
    assert "η" not in t.update_lines(1)[0]


def test_html_leads_with_the_still_picture_and_one_line_of_advice(moons_fit):
    h, X, y = moons_fit
    page = viz.training(h, X, y).html()
    assert _page_data(page)["steps"] == [3, 6, 9, 12] and "<svg" in _page_data(page)["svg"]
    still = page[:page.index("<script")]
    assert "data:image/png;base64," in still
    assert "Run the cell or trust the notebook to scrub through the training." in still
    assert "<svg" not in still  # the neuron's SVG travels inside the JSON only
    bundle = viz.training(h, X, y)._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG") and "text/html" in bundle


def test_page_for_200_snapshots_of_micrograds_mlp_stays_small(tmp_path):
    X, y = moons(100, noise=0.1, seed=0)
    rec = Recorder(MLP(2, [16, 16, 1], seed=0), X)
    h = History(snapshots=[rec.take(k, 1.0 / k) for k in range(1, 201)], grid=rec.grid)
    size = viz.training(h, X, y).save_html(tmp_path / "t.html").stat().st_size
    assert size < 600_000, size  # 200 × 1600 cells at 4 bits are 160 kB, 213 kB as base64


def test_save_gif_has_the_chosen_frames(moons_fit, tmp_path):
    h, X, y = moons_fit
    t = viz.training(h, X, y)
    assert t.frames(3) == [0, 2, 3] and t.frames(30) == [0, 1, 2, 3]
    path = t.save_gif(tmp_path / "t.gif", frames=3)
    with Image.open(path) as im:
        assert im.n_frames == 3
        sizes = set()
        for i in range(3):
            im.seek(i)
            sizes.add(im.size)
        assert len(sizes) == 1


def test_a_display_that_cannot_draw_says_so_in_text(moons_fit, monkeypatch):
    h, X, y = moons_fit
    t = viz.training(h, X, y)
    monkeypatch.setattr(t, "still", lambda: (_ for _ in ()).throw(RuntimeError("no matplotlib")))
    assert t._repr_mimebundle_() == {"text/plain": "<Training: 4 snapshots, steps 3 to 12>\n(could not draw: "
                                                   "no matplotlib)"}


def test_boundary_without_data_and_three_inputs_without_boundary():
    X3 = np.random.default_rng(0).normal(size=(6, 3))
    model = MLP(3, [2, 1], seed=0)
    h = fit(model, X3, X3[:, 0], epochs=2, record=1, progress=False)
    data = _page_data(viz.training(h).html())
    assert "grid" not in data and "points" not in data and data["neuron"]["labels"] == ["w0", "w1", "w2", "b"]


@pytest.fixture(scope="module")
def small():
    X, y = moons(10, seed=0)
    model = MLP(2, [2, 1], seed=0)
    return fit(model, X, y, epochs=2, record=1, progress=False), X, y


@pytest.mark.parametrize(("call", "words"), [
    (lambda h, X, y: viz.training([1, 2]), "expected the History that fit(..., record=k) returns, got list"),
    (lambda h, X, y: viz.training(h.snapshots), "got list"),
    (lambda h, X, y: viz.training(fit(MLP(2, [1], seed=0), X, y, epochs=1, progress=False)),
     "the history has no snapshots: train with fit(..., record=k)"),
    (lambda h, X, y: viz.training(h, neuron="layers.5.neurons.0"),
     "no neuron 'layers.5.neurons.0' in this model; its neurons are layers.0.neurons.0, layers.0.neurons.1, "
     "layers.1.neurons.0"),
    (lambda h, X, y: viz.training(h, neuron=0), "neuron= must be a name such as 'layers.0.neurons.0', got int"),
    (lambda h, X, y: viz.training(h, X), "pass both X and y"),
    (lambda h, X, y: viz.training(h, X[:, :1], y), "X must have shape (n, 2) like the recorded grid, got (10, 1)"),
    (lambda h, X, y: viz.training(h, X, y[:3]), "y must have shape (10,) for X's 10 rows, got (3,)"),
    (lambda h, X, y: viz.training(h, X * np.nan, y), "X holds nan or inf"),
    (lambda h, X, y: viz.training(h, threshold=float("nan")), "threshold= must be a finite number, got nan"),
    (lambda h, X, y: viz.training(h, precision=0), "precision must be an int from 1 to 10, got 0"),
    (lambda h, X, y: viz.training(h).frames(0), "frames= must be a positive int, got 0"),
    (lambda h, X, y: viz.training(h).save_gif("x.gif", duration=5), "duration= must be an int of at least 20"),
])
def test_bad_input_is_one_line_naming_it(small, call, words):
    h, X, y = small
    with pytest.raises(ValueError) as err:
        call(h, X, y)
    assert str(err.value).startswith("viz.training: ") and words in str(err.value) and "\n" not in str(err.value)


def test_data_for_a_history_without_a_grid_is_refused():
    X3 = np.zeros((4, 3))
    h = fit(MLP(3, [1], seed=0), X3, np.zeros(4), epochs=1, record=1, progress=False)
    with pytest.raises(ValueError, match=r"^viz.training: the history has no decision-boundary grid"):
        viz.training(h, X3, np.zeros(4))


def test_still_picture_text_is_at_least_14_px():
    from viz.outputs.live import DPI, FONT_PT
    from viz.outputs.widget import png_size_px

    assert FONT_PT * DPI / 72 >= 14 * 1.0  # matplotlib's points at DPI, in the PNG's pixels
    X, y = moons(10, seed=0)
    h = fit(MLP(2, [2, 1], seed=0), X, y, epochs=1, record=1, progress=False)
    page = viz.training(h, X, y).html()
    width = png_size_px(viz.training(h, X, y).still())[0]
    lo = float(re.search(r"min-width:(\d+)px", page).group(1))
    assert lo / width * FONT_PT * DPI / 72 >= 14 - 0.5  # never shrunk below 14 px on screen
    with Image.open(io.BytesIO(viz.training(h, X, y).still())) as im:
        assert im.size[0] == width


def test_a_diverged_fit_still_makes_a_page(moons_fit):
    import dataclasses

    h, X, y = moons_fit
    last = h.snapshots[-1]
    bad = dataclasses.replace(last, loss=float("nan"), values=last.values * np.inf,
                              boundary=np.full_like(last.boundary, np.nan))
    page = viz.training(History(snapshots=[*h.snapshots[:-1], bad], grid=h.grid), X, y).html()
    data = _page_data(page)  # strict JSON: nan and inf travel as strings the page prints
    assert data["losses"][-1] == "nan"
    assert all(v in ("inf", "-inf", "nan") for v in data["neuron"]["after"][-1])
