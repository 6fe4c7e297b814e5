"""A Module written by a student, torch style: attributes register themselves, forward() runs on call."""

import random

import numpy as np
import pytest

from autograd import Value
from nn import MLP, SGD, Adam, Layer, Module, bce_with_logits, fit, predict
from nn.data import xor


class TwoLayerNet(Module):
    """x -> h = tanh(W1 x + b1) -> score = w2 . h + b2, every weight a Value written by hand."""

    def __init__(self, nin, nhidden, seed=0):
        rng = random.Random(seed)
        self.W1 = [[Value(rng.uniform(-1, 1)) for _ in range(nin)] for _ in range(nhidden)]
        self.b1 = [Value(0.0) for _ in range(nhidden)]
        self.w2 = [Value(rng.uniform(-1, 1)) for _ in range(nhidden)]
        self.b2 = Value(0.0)

    def forward(self, x):
        h = []
        for row, b in zip(self.W1, self.b1, strict=True):
            z = b
            for w, xi in zip(row, x, strict=True):
                z = z + w * xi
            h.append(z.tanh())
        score = self.b2
        for w, hi in zip(self.w2, h, strict=True):
            score = score + w * hi
        return score


def test_parameters_register_themselves_with_dotted_names_and_labels():
    model = TwoLayerNet(2, 3)
    names = [n for n, _ in model.named_parameters()]
    assert names == ["W1.0.0", "W1.0.1", "W1.1.0", "W1.1.1", "W1.2.0", "W1.2.1",
                     "b1.0", "b1.1", "b1.2", "w2.0", "w2.1", "w2.2", "b2"]
    assert model.num_parameters() == 3 * 2 + 3 + 3 + 1
    assert all(p.label == n for n, p in model.named_parameters())
    assert model.parameters()[0] is model.W1[0][0]


@pytest.mark.parametrize(("opt", "lr"), [(SGD, 0.5), (Adam, 0.05)])
def test_a_hand_written_two_layer_net_trains_with_fit_and_the_built_in_optimizers(opt, lr):
    X, y = xor(80, seed=0)
    model = TwoLayerNet(2, 8, seed=0)
    before = model.state_dict()
    history = fit(model, X, y, loss="bce", optimizer=opt(model, lr=lr), epochs=150, progress=False)
    assert model.state_dict() != before  # the optimizer reached the student's Values
    assert history.loss[-1] < 0.3 * history.loss[0]
    assert history.accuracy[-1] >= 0.95
    assert float(((predict(model, X) > 0) == (y == 1)).mean()) >= 0.95


def test_a_hand_written_training_loop_and_its_gradients():
    X, y = xor(40, seed=1)
    model = TwoLayerNet(2, 4, seed=1)
    opt = Adam(model, lr=0.05)

    def loss_at():
        return bce_with_logits([model(x) for x in X.tolist()], y)

    first = None
    for _ in range(60):
        loss = loss_at()
        opt.zero_grad()
        loss.backward()
        opt.step()
        first = loss.data if first is None else first
    assert loss.data < 0.5 * first
    # the gradients backward gave the student's weights agree with central differences
    loss = loss_at()
    opt.zero_grad()
    loss.backward()
    for p in (model.W1[1][0], model.b1[2], model.w2[3], model.b2):
        old, eps = p.data, 1e-6
        p.data = old + eps
        up = loss_at().data
        p.data = old - eps
        down = loss_at().data
        p.data = old
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)


def test_built_in_modules_nest_inside_a_student_module_and_save_and_load(tmp_path):
    class Net(Module):
        def __init__(self, seed):
            self.hidden = Layer(2, 3, activation="tanh", seed=seed)
            self.head = MLP(3, [1], seed=seed)
            self._cache = Value(7.0)  # private: not a parameter
            self.nin = 2

        def forward(self, x):
            self.last = self.head(self.hidden(x))  # a computed Value: not a parameter
            return self.last

    a, b = Net(0), Net(1)
    names = [n for n, _ in a.named_parameters()]
    assert names[:3] == ["hidden.neurons.0.w.0", "hidden.neurons.0.w.1", "hidden.neurons.0.b"]
    assert names[-1] == "head.layers.0.neurons.0.b"
    assert len(names) == 3 * 3 + 4
    out = a([0.5, -1.0])
    assert out.label == "head.layers.0.neurons.0.z"
    assert out.edges[0][0].edges[1][0].label == "hidden.neurons.0.act"
    assert a.num_parameters() == 13  # `last` and `_cache` were not registered
    assert [n for n, _ in a.named_children()] == ["hidden", "head"]
    path = tmp_path / "net.json"
    a.save(path)
    b.load(path)
    assert b.state_dict() == a.state_dict()
    assert b([0.5, -1.0]).data == out.data
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    fit(a, X, np.array([1, 0]), loss="bce", optimizer=SGD(a, lr=0.1), epochs=2, progress=False)


def test_a_parameter_assigned_later_or_shared_is_named_once():
    class Tied(Module):
        def __init__(self):
            self.w = Value(1.0)
            self.again = [self.w]

        def forward(self, x):
            return self.w * x

    t = Tied()
    assert [n for n, _ in t.named_parameters()] == ["w"]
    t.extra = Value(2.0)
    assert [n for n, _ in t.named_parameters()] == ["w", "extra"]
    assert t.extra.label == "extra"


def test_forward_is_public_and_call_runs_it():
    model = MLP(2, [3, 1], seed=0)
    assert model.forward([1.0, 2.0]).data == model([1.0, 2.0]).data

    class NoForward(Module):
        pass

    with pytest.raises(NotImplementedError, match="NoForward does not define forward"):
        NoForward()(1.0)
