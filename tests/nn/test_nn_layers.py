"""Neuron, Layer, MLP: forward values by hand, one Σ node per neuron, labels, inputs, initialisers."""

import math
import re

import numpy as np
import pytest

from autograd import Value, topological_order
from nn import MLP, Layer, Neuron


def _neuron(activation: str) -> Neuron:
    n = Neuron(2, activation=activation)
    n.w[0].data, n.w[1].data, n.b.data = 2.0, -3.0, 0.5
    return n


# z = 2·1 + (-3)·2 + 0.5 = -3.5 for every activation below
@pytest.mark.parametrize(("activation", "expected"), [
    ("linear", -3.5),
    ("relu", 0.0),
    ("tanh", (math.exp(-3.5) - math.exp(3.5)) / (math.exp(-3.5) + math.exp(3.5))),
    ("sigmoid", 1 / (1 + math.exp(3.5))),
    ("leaky_relu", -0.035),
    ("softplus", math.log(1 + math.exp(-3.5))),
])
def test_neuron_forward_by_hand(activation, expected):
    assert _neuron(activation)([1.0, 2.0]).data == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_preactivation_is_one_sum_node_over_products_and_bias():
    n = _neuron("tanh")
    out = n([1.0, 2.0])
    (z, _), = out.edges
    assert z.op == "Σ" and z.label == "z"
    parents = [p for p, _ in z.edges]
    assert len(parents) == 3 and parents[-1] is n.b
    assert [p.label for p in parents[:2]] == ["wx.0", "wx.1"]
    assert [p.op for p in parents[:2]] == ["*", "*"]


def test_neuron_gradients_by_hand():
    # out = tanh(z), z = -3.5: ∂out/∂w_j = (1 - tanh²z)·x_j, ∂out/∂b = 1 - tanh²z
    n = _neuron("tanh")
    out = n([1.0, 2.0])
    out.backward()
    d = 1 - math.tanh(-3.5) ** 2
    assert [w.grad for w in n.w] == pytest.approx([d * 1.0, d * 2.0], rel=1e-12)
    assert n.b.grad == pytest.approx(d, rel=1e-12)


def test_mlp_gradients_match_finite_differences():
    model = MLP(3, [4, 3, 2], activation=["tanh", "sigmoid", "softplus"], seed=3)
    x = [0.3, -1.2, 0.7]

    def f():
        a, b = model(x)
        return a * a + 3 * b

    f().backward()
    eps = 1e-6
    for name, p in model.named_parameters():
        old = p.data
        p.data = old + eps
        up = f().data
        p.data = old - eps
        down = f().data
        p.data = old
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8), name


LABEL = re.compile(r"^layers\.(\d+)\.neurons\.(\d+)\.(w\.\d+|b|wx\.\d+|z|act)$")


def test_every_node_the_mlp_creates_is_labelled_with_its_dotted_name():
    model = MLP(2, [3, 2], activation="relu", output_activation="sigmoid", seed=0)
    outs = model([Value(0.5, label="x0"), Value(-1.0, label="x1")])
    assert [o.label for o in outs] == ["layers.1.neurons.0.act", "layers.1.neurons.1.act"]
    root = outs[0] + outs[1]
    labelled = [v for v in topological_order(root) if v is not root and v.label not in ("x0", "x1")]
    assert labelled and all(LABEL.match(v.label) for v in labelled), [v.label for v in labelled]
    for name, p in model.named_parameters():
        assert p.label == name
    z = outs[1].edges[0][0]
    assert z.label == "layers.1.neurons.1.z"
    assert model.layers[1].neurons[1].w[2].label == "layers.1.neurons.1.w.2"


def test_linear_output_is_the_z_node():
    out = MLP(2, [3, 1], seed=0)([1.0, 1.0])
    assert isinstance(out, Value) and out.label == "layers.1.neurons.0.z"


def test_return_types():
    assert isinstance(Neuron(2)([1, 2]), Value)
    layer = Layer(2, 1, seed=0)
    assert isinstance(layer([1, 2]), list) and len(layer([1, 2])) == 1  # a Layer always gives a list
    assert isinstance(MLP(2, [3, 1])([1, 2]), Value)  # one output: a Value
    outs = MLP(2, [3, 2])([1, 2])
    assert isinstance(outs, list) and len(outs) == 2


def test_inputs_list_tuple_numpy_and_values_agree():
    model = MLP(2, [4, 1], seed=5)
    a = model([0.25, -1.5]).data
    assert model((0.25, -1.5)).data == a
    assert model(np.array([0.25, -1.5])).data == a
    assert model([Value(0.25), Value(-1.5)]).data == a
    one = MLP(1, [3, 1], seed=0)
    assert one(0.5).data == one([0.5]).data  # one input may be given bare


@pytest.mark.parametrize(("bad", "err", "message"), [
    ([1.0, 2.0, 3.0], ValueError, "MLP expects 2 inputs, got 3"),
    (np.zeros((1, 2)), ValueError, r"1-D input of length 2, got an array of shape \(1, 2\)"),
    ([1.0, True], TypeError, "input 1 must be a number or a Value, got bool"),
    ([1.0, "a"], TypeError, "input 1 must be a number or a Value, got str"),
    ("ab", TypeError, "got str"),
])
def test_bad_inputs_are_named(bad, err, message):
    with pytest.raises(err, match=message):
        MLP(2, [3, 1])(bad)


def test_layer_wrong_length_names_the_layer():
    model = MLP(2, [3, 1])
    with pytest.raises(ValueError, match=r"Layer layers\.1 expects 3 inputs, got 2"):
        model.layers[1]([1.0, 2.0])


def test_unknown_activation_lists_the_options():
    with pytest.raises(ValueError, match=r"unknown activation 'swish'; choose one of: relu, tanh, sigmoid, "
                                         r"leaky_relu, softplus, linear"):
        MLP(2, [3, 1], activation="swish")
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        MLP(2, [3, 1], activation=["relu", "gelu"])


def test_activation_per_layer():
    model = MLP(2, [3, 3, 1], activation=["tanh", "sigmoid", "linear"])
    assert model.activations == ["tanh", "sigmoid", "linear"]
    assert [layer.activation for layer in model.layers] == ["tanh", "sigmoid", "linear"]
    with pytest.raises(ValueError, match="2 names for 3 layers"):
        MLP(2, [3, 3, 1], activation=["tanh", "relu"])
    with pytest.raises(ValueError, match="output_activation only when activation is a single name"):
        MLP(2, [3, 1], activation=["tanh", "relu"], output_activation="sigmoid")


def test_default_is_micrograds_relu_hidden_linear_output():
    assert MLP(2, [16, 16, 1]).activations == ["relu", "relu", "linear"]
    assert MLP(2, [4, 1], output_activation="sigmoid").activations == ["relu", "sigmoid"]


def test_matches_micrograd_forward_and_backward():
    import random

    import micrograd.nn as micro

    random.seed(7)
    theirs = micro.MLP(2, [16, 16, 1])
    ours = MLP(2, [16, 16, 1])
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        p.data = q.data
    x = [0.7, -0.4]
    a, b = ours(x), theirs(x)
    assert a.data == pytest.approx(b.data, rel=1e-12)
    a.backward()
    b.backward()
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert p.grad == pytest.approx(q.grad, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", True])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="must be a positive int"):
        MLP(2, [bad, 1])
    with pytest.raises(ValueError, match="MLP nin must be a positive int"):
        MLP(bad, [1])


def test_empty_nouts():
    with pytest.raises(ValueError, match="non-empty list of layer sizes"):
        MLP(2, [])


# -- initialisers -------------------------------------------------------------------------


@pytest.mark.parametrize("init", ["uniform", "gaussian", "xavier", "he"])
def test_same_seed_same_weights(init):
    a = MLP(3, [5, 2], init=init, seed=11).state_dict()
    assert a == MLP(3, [5, 2], init=init, seed=11).state_dict()
    assert a != MLP(3, [5, 2], init=init, seed=12).state_dict()


def _weights_biases(layer):
    return (np.array([[w.data for w in n.w] for n in layer.neurons]),
            np.array([n.b.data for n in layer.neurons]))


def test_uniform_is_micrograds():
    W, b = _weights_biases(MLP(50, [40], seed=0).layers[0])
    assert np.all(np.abs(W) <= 1) and W.max() > 0.95 and W.min() < -0.95
    assert np.all(b == 0)


def test_gaussian_is_the_lectures_fan_in_rule():
    W, b = _weights_biases(MLP(400, [300], init="gaussian", seed=0).layers[0])
    assert W.mean() == pytest.approx(0, abs=0.002)
    assert W.std() == pytest.approx(math.sqrt(1 / 400), rel=0.02)
    assert b.std() == pytest.approx(1.0, rel=0.15)


def test_xavier_bound():
    W, b = _weights_biases(MLP(300, [200], init="xavier", seed=0).layers[0])
    bound = math.sqrt(6 / (300 + 200))
    assert np.all(np.abs(W) <= bound) and np.abs(W).max() > 0.99 * bound
    assert np.all(b == 0)


def test_he_std():
    W, _ = _weights_biases(MLP(400, [300], init="he", seed=0).layers[0])
    assert W.std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)


def test_unknown_init():
    message = "unknown init 'zeros'; choose one of: uniform, gaussian, xavier, he$"
    with pytest.raises(ValueError, match=message):
        MLP(2, [1], init="zeros")


def test_bad_seed_type():
    with pytest.raises(TypeError, match="seed must be an int"):
        MLP(2, [1], seed="x")
