"""fit() and predict(): history, batches, progress bar, and micrograd's moons demo."""

import gc
import io
import warnings

import numpy as np
import pytest

from autograd import gc_paused
from nn import MLP, SGD, Adam, fit, linear_decay, mse, predict
from nn.data import moons, sine, to_pm1


def test_micrograd_moons_demo_reaches_97_percent():
    # micrograd's demo: 100 moons points (noise 0.1), MLP(2, [16, 16, 1]), hinge loss + 1e-4 L2,
    # full-batch SGD with lr = 1.0 - 0.9·k/100 for 100 steps, on the scalar engine (~10 s on one idle core).
    X, y = moons(100, noise=0.1, seed=1337)
    y = to_pm1(y)
    model = MLP(2, [16, 16, 1], seed=1337)
    history = fit(model, X, y, loss="hinge", l2=1e-4, epochs=100, progress=False,
                  optimizer=SGD(model, lr=linear_decay(1.0, 0.1, 100)))
    accuracy = np.mean((predict(model, X) > 0) == (y > 0))  # measured afresh, not taken from fit
    assert accuracy >= 0.97, accuracy
    assert history.loss[-1] < history.loss[0]


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before, so it stays off
    finally:
        gc.enable()


def test_history_shapes_and_regression_has_no_accuracy():
    X, y = sine(20, seed=0)
    model = MLP(1, [8, 1], activation="tanh", seed=0)
    history = fit(model, X, y, loss="mse", optimizer=Adam(model, lr=0.05), epochs=30, progress=False)
    assert len(history.loss) == 30 and history.accuracy is None
    assert history.loss[-1] < 0.5 * history.loss[0]
    # the recorded loss is the data loss on the epoch's forward pass (full batch, no L2)
    model2 = MLP(1, [8, 1], activation="tanh", seed=0)
    first = mse([model2(x) for x in X], y).data
    assert history.loss[0] == pytest.approx(first, rel=1e-12)


def test_minibatches_are_seeded():
    X, y = moons(40, seed=0)
    runs = []
    for _ in range(2):
        model = MLP(2, [4, 1], seed=0)
        runs.append(fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.1), epochs=3, batch_size=7,
                        seed=5, progress=False).loss)
    assert runs[0] == runs[1] and len(runs[0]) == 3


def test_cross_entropy_and_predict_shape():
    X, y = moons(30, seed=0)
    model = MLP(2, [6, 2], seed=0)
    history = fit(model, X, y, loss="cross_entropy", optimizer=SGD(model, lr=0.2), epochs=2, progress=False)
    assert len(history.accuracy) == 2 and 0 <= history.accuracy[0] <= 1
    assert predict(model, X).shape == (30, 2)


def test_custom_loss_function():
    X, y = sine(10, seed=0)
    model = MLP(1, [3, 1], seed=0)
    seen = []

    def loss(outputs, targets):
        seen.append((len(outputs), targets.shape))
        return mse(outputs, targets)

    history = fit(model, X, y, loss=loss, optimizer=SGD(model, lr=0.01), epochs=1, progress=False)
    assert seen == [(10, (10,))] and history.accuracy is None


def test_progress_bar_shows_the_loss_without_warnings():
    X, y = moons(20, seed=0)
    model = MLP(2, [3, 1], seed=0)
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit(model, X, to_pm1(y), loss="hinge", optimizer=SGD(model, lr=0.1), epochs=2, file=out)
    assert "loss=" in out.getvalue() and "2/2" in out.getvalue()


@pytest.mark.parametrize(("kwargs", "err", "message"), [
    ({"loss": "l1"}, ValueError, "unknown loss 'l1'; choose one of: mse, mae, huber, hinge, bce, cross_ent"),
    ({"loss": 3}, TypeError, "loss must be a name or a function, got int"),
    ({"epochs": 0}, ValueError, "epochs must be a positive int, got 0"),
    ({"batch_size": 0}, ValueError, "batch_size must be a positive int or None, got 0"),
    ({"l2": -1}, ValueError, "l2 must be a number >= 0, got -1"),
])
def test_bad_fit_arguments(kwargs, err, message):
    X, y = moons(10, seed=0)
    with pytest.raises(err, match=message):
        fit(MLP(2, [1]), X, y, progress=False, **kwargs)


def test_hinge_with_01_labels_says_how_to_convert():
    X, y = moons(10, seed=0)
    with pytest.raises(ValueError, match=r"labels must be -1 or \+1 \(see nn.data.to_pm1\)"):
        fit(MLP(2, [1]), X, y, loss="hinge", progress=False)


def test_bad_shapes():
    model = MLP(2, [1])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\) for this model, got \(5, 3\)"):
        fit(model, np.zeros((5, 3)), np.zeros(5), progress=False)
    with pytest.raises(ValueError, match="X has 5 rows but y has 4 entries"):
        fit(model, np.zeros((5, 2)), np.zeros(4), progress=False)
    with pytest.raises(ValueError, match=r"got \(2,\)"):
        predict(model, np.zeros(2))
