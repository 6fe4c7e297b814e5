"""fit(..., record=k): snapshots against a hand loop, the grid, the memory formula, bad input."""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from nn import MLP, SGD, Adam, Module, fit, predict
from nn.data import moons


def _data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, X[:, 0] * 0.5 - X[:, 1] ** 2  # a regression target


def test_record_1_reproduces_a_hand_loop_with_adam():
    X, y = _data()
    model = MLP(2, [3, 1], activation="tanh", seed=3)
    h = fit(model, X, y, loss="mse", optimizer=Adam(model, lr=0.05), epochs=6, record=1, progress=False)
    twin = MLP(2, [3, 1], activation="tanh", seed=3)
    opt = Adam(twin, lr=0.05)
    want_values, want_losses, want_before, want_grads = [], [], [], []
    for _ in range(6):  # the hand loop: mean squared error written out, one full-batch step
        loss = sum(((twin(list(x)) - float(t)) ** 2 for x, t in zip(X, y, strict=True)), start=0.0) * (1 / len(X))
        opt.zero_grad()
        loss.backward()
        want_before.append([p.data for p in twin.parameters()])
        want_grads.append([p.grad for p in twin.parameters()])
        opt.step()
        want_losses.append(loss.data)
        want_values.append([p.data for p in twin.parameters()])
    assert [s.step for s in h.snapshots] == [1, 2, 3, 4, 5, 6]
    assert h.snapshots[0].names == tuple(name for name, _ in twin.named_parameters())
    for snap, values, loss, before, grads in zip(h.snapshots, want_values, want_losses, want_before, want_grads,
                                                 strict=True):
        np.testing.assert_allclose(snap.values, values, rtol=0, atol=1e-12)
        np.testing.assert_allclose(snap.before, before, rtol=0, atol=1e-12)
        np.testing.assert_allclose(snap.grads, grads, rtol=0, atol=1e-12)
        assert snap.loss == pytest.approx(loss, abs=1e-12)
        assert snap.optimizer == "Adam" and snap.lr == 0.05
    np.testing.assert_array_equal(h.snapshots[1].before, h.snapshots[0].values)  # record=1: one after the other
    assert h.snapshots[0].values.tolist() != h.snapshots[-1].values.tolist()  # a copy, not the live values


def test_minibatch_steps_are_counted_and_recorded_every_k():
    X, y = _data(10)
    model = MLP(2, [3, 1], seed=0)
    h = fit(model, X, y, optimizer=SGD(model, lr=0.01), epochs=4, batch_size=4, record=3, seed=0, progress=False)
    assert [s.step for s in h.snapshots] == [3, 6, 9, 12]  # 3 batches (4+4+2) × 4 epochs = 12 steps
    assert h.snapshots[-1].params() == {name: p.data for name, p in model.named_parameters()}


def test_sgd_snapshot_holds_the_plain_update_and_its_scheduled_lr():
    X, y = _data(6)
    model = MLP(2, [3, 1], seed=2)
    h = fit(model, X, y, optimizer=SGD(model, lr=lambda k: 0.1 / (k + 1)), epochs=4, record=2, progress=False)
    for snap in h.snapshots:  # step k (1-based) uses lr(k - 1)
        assert snap.optimizer == "SGD" and snap.lr == pytest.approx(0.1 / snap.step, rel=1e-15)
        np.testing.assert_allclose(snap.values, snap.before - snap.lr * snap.grads, rtol=0, atol=1e-15)
        assert np.abs(snap.grads).max() > 0
    m = MLP(2, [3, 1], seed=2)
    h2 = fit(m, X, y, optimizer=SGD(m, lr=0.1, momentum=0.9), epochs=2, record=1, progress=False)
    assert h2.snapshots[0].optimizer == "SGD, momentum 0.9"


def test_boundary_is_the_model_output_on_the_documented_grid():
    X, y = moons(40, noise=0.1, seed=0)
    model = MLP(2, [8, 8, 1], seed=0)
    h = fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.3), epochs=4, record=4, progress=False)
    grid = h.grid
    assert grid is not None and grid.xs.shape == grid.ys.shape == (40,)
    pad = 0.1 * (X[:, 0].max() - X[:, 0].min()) + 0.25  # the padding viz.plot_decision_boundary uses
    assert grid.xs[0] == pytest.approx(X[:, 0].min() - pad) and grid.xs[-1] == pytest.approx(X[:, 0].max() + pad)
    xx, yy = np.meshgrid(grid.xs, grid.ys)
    want = predict(model, np.column_stack([xx.ravel(), yy.ravel()])).reshape(40, 40)  # scalar engine
    np.testing.assert_allclose(h.snapshots[-1].boundary, want, rtol=0, atol=1e-12)


class Quadratic(Module):  # not an MLP: the boundary comes from the scalar engine
    def __init__(self):
        super().__init__()
        self.a = MLP(2, [2], activation="linear", seed=1)

    def forward(self, x):
        u, v = self.a(x)
        return [u * v, u + v, u - v]


def test_memory_per_snapshot_matches_the_documented_formula():
    X, y = moons(30, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    h = fit(model, X, y, loss="bce", epochs=2, record=1, progress=False)
    snap = h.snapshots[0]
    assert snap.nbytes == 8 * (3 * 337 + 40 * 40) == 20888  # before, grads, after; the grid
    assert snap.values.nbytes == snap.before.nbytes == snap.grads.nbytes == 8 * 337
    k3 = Quadratic()
    h3 = fit(k3, X, y, loss="cross_entropy", optimizer=SGD(k3, lr=0.01), epochs=1, record=1, progress=False)
    s3 = h3.snapshots[0]
    assert s3.boundary.shape == (40, 40, 3)
    assert s3.nbytes == 8 * (3 * 6 + 40 * 40 * 3)
    P, (px, py) = s3.params(), h3.grid.points()[5]  # the module's own forward, by hand at one grid point
    u = P["a.layers.0.neurons.0.w.0"] * px + P["a.layers.0.neurons.0.w.1"] * py + P["a.layers.0.neurons.0.b"]
    v = P["a.layers.0.neurons.1.w.0"] * px + P["a.layers.0.neurons.1.w.1"] * py + P["a.layers.0.neurons.1.b"]
    np.testing.assert_allclose(s3.boundary[0, 5], [u * v, u + v, u - v], rtol=1e-12)


def test_snapshots_are_frozen_and_read_only():
    X, y = _data()
    model = MLP(2, [2, 1], seed=0)
    snap = fit(model, X, y, epochs=1, record=1, progress=False).snapshots[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.step = 3
    with pytest.raises(ValueError):
        snap.values[0] = 1.0


def test_three_inputs_record_parameters_without_a_grid():
    X = np.random.default_rng(0).normal(size=(6, 3))
    model = MLP(3, [2, 1], seed=0)
    h = fit(model, X, X[:, 0], epochs=2, record=2, progress=False)
    assert h.grid is None and h.snapshots[0].boundary is None
    assert h.snapshots[0].nbytes == 8 * 3 * 11


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "2", 7, 1])
def test_bad_record_is_a_one_line_error_naming_record(bad):
    X, y = _data(4)
    model = MLP(2, [2, 1], seed=0)
    epochs = 6 if bad != 1 else 2001  # record=1 over 2001 steps passes the cap of 2000 snapshots
    with pytest.raises(ValueError) as err:
        fit(model, X, y, epochs=epochs, record=bad, progress=False, batch_size=None)
    assert "record=" in str(err.value) and "\n" not in str(err.value)
    assert repr(bad) in str(err.value) or str(bad) in str(err.value)


def test_no_snapshots_without_record():
    X, y = _data(4)
    h = fit(MLP(2, [2, 1], seed=0), X, y, epochs=2, progress=False)
    assert h.snapshots == [] and h.grid is None


def test_live_without_viz_says_import_viz():
    code = ("import numpy as np\nfrom nn import MLP, fit\n"
            "fit(MLP(2, [2, 1], seed=0), np.zeros((3, 2)), np.zeros(3), epochs=1, live=True, progress=False)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "RuntimeError: fit(..., live=True) draws with viz: run `import viz` first")


def test_live_must_be_a_bool():
    X, y = _data(4)
    with pytest.raises(ValueError, match=r"^live= must be True or False, got 'yes'$"):
        fit(MLP(2, [2, 1], seed=0), X, y, epochs=1, live="yes", progress=False)
