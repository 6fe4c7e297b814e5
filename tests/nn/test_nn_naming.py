"""nn's addresses as data: NodePath is what nn writes into labels, path_of reads them back."""

from __future__ import annotations

import pytest

import nn
from autograd import topological_order
from nn.naming import NodePath, abbreviate, dotted, path_of


def test_every_label_an_mlp_writes_reads_back_as_its_address():
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([0.5, -1.0])
    out = out[0] if isinstance(out, list) else out
    for node in topological_order(out):
        if not node.label:
            continue
        p = path_of(node.label)
        assert p is not None and p.label == node.label, node.label
    p = path_of(model.layers[1].neurons[0].w[2].label)
    assert (p.layer, p.neuron, p.kind, p.index, p.is_parameter) == (1, 0, "w", 2, True)
    assert path_of(model.layers[0].neurons[2].b.label) == NodePath(("layers", "0", "neurons", "2"), "b")
    z = path_of("layers.0.neurons.2.z")
    assert not z.is_parameter and (z.neuron_name, z.layer_name) == ("layers.0.neurons.2", "layers.0")


def test_a_label_nn_did_not_write_has_no_address():
    for label in ["x", "", "2.0", "w", "wx", "layers.0.neurons.1.w", "z.1", "layers.0.neurons.1.zz", "act.0"]:
        assert path_of(label) is None, label
    lone = path_of("b")  # a neuron with no name labels its bias "b"
    assert lone == NodePath((), "b") and lone.neuron is None and lone.layer_name is None


def test_within_follows_the_module_tree_not_the_text():
    p = path_of("layers.1.neurons.12.wx.0")
    assert p.within("layers.1") and p.within("layers.1.neurons.12")
    assert not p.within("layers.1.neurons.1")  # a text prefix, not a module of it
    assert not p.within("layers.10")


def test_the_names_a_module_gives_use_the_same_dotted_form():
    assert dotted("", "w.0") == "w.0" and dotted("layers.2", "neurons.0") == "layers.2.neurons.0"
    neuron = nn.MLP(2, [3]).layers[0].neurons[1]
    assert [name for name, _ in neuron.named_parameters()] == ["w.0", "w.1", "b"]
    assert [p.label for p in neuron.parameters()] == ["layers.0.neurons.1.w.0", "layers.0.neurons.1.w.1",
                                                     "layers.0.neurons.1.b"]


@pytest.mark.parametrize(("name", "short"), [
    ("layers.1.neurons.2.w.0", "L1.n2.w0"), ("layers.0.neurons.13.wx.1", "L0.n13.wx1"),
    ("x.1", "x1"), ("a.1.2", "a1.2"), ("x1.2", "x1.2"), ("a.b", "a.b"), ("", ""),
])
def test_abbreviate(name, short):
    assert abbreviate(name) == short
