"""The numpy twin: the same gradients as the scalar engine (1e-10) for every activation and
loss, and the same SGD trajectory (1e-9)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn import MLP, MatrixMLP, l2_penalty, losses
from nn.layers import ACTIVATIONS

rng = np.random.default_rng(0)
X = rng.normal(size=(7, 3))
TARGETS = {  # loss -> (output width, targets)
    "mse": (2, rng.normal(size=(7, 2))),
    "mae": (2, rng.normal(size=(7, 2))),
    "huber": (2, 2 * rng.normal(size=(7, 2))),
    "hinge": (1, np.array([1, -1, 1, 1, -1, -1, 1])),
    "bce": (1, np.array([1, 0, 1, 1, 0, 0, 1])),
    "cross_entropy": (3, np.array([0, 2, 1, 2, 2, 0, 1])),
}


def _scalar_loss(model, loss, y, l2):
    outputs = [model(x) for x in X]
    value = losses.LOSSES[loss](outputs, y)
    return value + l2_penalty(model, l2) if l2 else value


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("loss", list(TARGETS))
def test_gradients_equal_the_scalar_engine(activation, loss):
    width, y = TARGETS[loss]
    model = MLP(3, [5, 4, width], activation=[activation] * 3, init="gaussian", seed=1)
    twin = MatrixMLP.from_mlp(model)
    value = _scalar_loss(model, loss, y, l2=1e-3)
    value.backward()
    assert twin.loss_and_grad(X, y, loss=loss, l2=1e-3) == pytest.approx(value.data, rel=1e-12, abs=1e-14)
    grads = twin.named_grads()
    assert grads.keys() == dict(model.named_parameters()).keys()
    for name, p in model.named_parameters():
        assert abs(grads[name] - p.grad) <= 1e-10, (name, grads[name], p.grad)


def test_forward_equals_the_scalar_mlp():
    model = MLP(3, [4, 2], activation="tanh", output_activation="sigmoid", seed=2)
    out = MatrixMLP.from_mlp(model).forward(X)
    expected = np.array([[v.data for v in model(x)] for x in X])
    np.testing.assert_allclose(out, expected, rtol=1e-13)


def test_sgd_trajectory_equals_the_scalar_engine():
    from nn import SGD

    y = TARGETS["hinge"][1]
    model = MLP(3, [8, 8, 1], seed=4)
    twin = MatrixMLP.from_mlp(model)
    opt = SGD(model, lr=0.3)
    for _ in range(5):
        value = _scalar_loss(model, "hinge", y, l2=1e-4)
        opt.zero_grad()
        value.backward()
        opt.step()
        twin_value = twin.loss_and_grad(X, y, loss="hinge", l2=1e-4)
        twin.sgd_step(0.3)
        assert twin_value == pytest.approx(value.data, rel=1e-10)
    after = MatrixMLP.from_mlp(model)
    for a, b in zip(twin.W + twin.b, after.W + after.b, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)


def test_write_back_and_to_mlp():
    model = MLP(3, [4, 2], activation="softplus", seed=5)
    twin = MatrixMLP.from_mlp(model)
    twin.W[1][1, 2] = 42.0
    twin.write_back(model)
    assert model.layers[1].neurons[1].w[2].data == 42.0
    clone = twin.to_mlp()
    assert clone.state_dict() == model.state_dict() and clone.activations == model.activations
    with pytest.raises(ValueError, match=r"write_back: the MLP's architecture MLP\(3 → \[5 softplus"):
        twin.write_back(MLP(3, [5, 2], activation="softplus"))


def test_errors_are_named():
    twin = MatrixMLP.from_mlp(MLP(3, [4, 1], seed=0))
    with pytest.raises(ValueError, match=r"X must have shape \(B, 3\), got \(2, 2\)"):
        twin.forward(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        twin.loss_and_grad(X, np.zeros(7), loss="l1")
    with pytest.raises(ValueError, match="hinge: labels must be -1 or"):
        twin.loss_and_grad(X, np.zeros(7), loss="hinge")
    with pytest.raises(ValueError, match="mse: 7 outputs but 6 targets"):
        twin.loss_and_grad(X, np.zeros(6), loss="mse")
    assert repr(twin) == "MatrixMLP(3 → [4 relu, 1 linear], 21 parameters)"


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=1, max_size=3),
    nin=st.integers(1, 3),
    batch=st.integers(1, 4),
    activation=st.sampled_from(sorted(ACTIVATIONS)),
    seed=st.integers(0, 10**6),
)
def test_property_random_architectures_match(sizes, nin, batch, activation, seed):
    data = np.random.default_rng(seed)
    Xb = data.normal(size=(batch, nin))
    yb = data.normal(size=(batch, sizes[-1]))
    model = MLP(nin, sizes, activation=[activation] * len(sizes), init="gaussian", seed=seed)
    twin = MatrixMLP.from_mlp(model)
    outputs = [model(x) for x in Xb]
    value = losses.mse(outputs, yb)
    value.backward()
    assert twin.loss_and_grad(Xb, yb, loss="mse") == pytest.approx(value.data, rel=1e-12, abs=1e-14)
    grads = twin.named_grads()
    for name, p in model.named_parameters():
        assert abs(grads[name] - p.grad) <= 1e-10, name
