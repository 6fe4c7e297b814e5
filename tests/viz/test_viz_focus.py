"""Inside a network: short names, one neuron with focus=, and what the whole network does."""

from __future__ import annotations

import re

import pytest
from helpers import mlp_loss

import viz
from autograd import Value, topological_order, zero_grad
from autograd import sum as vsum
from viz.model.names import names, short
from viz.views.focus import FOLD


def network(seed=1):
    import nn

    model = nn.MLP(2, [16, 16, 1], seed=seed)
    return model, (model([0.5, -1.0]) - 1.0) ** 2


def test_short_names_with_the_full_name_in_the_tooltip():
    assert short("layers.1.neurons.2.w.0") == "L1.n2.w0" and short("layers.0.neurons.13.wx.1") == "L0.n13.wx1"
    _, loss = network()
    s = viz.step(loss, focus=_model_neuron(loss))
    shown = set(s.spec.names.values())
    assert "L1.n3.w0" in shown and not any(n.startswith("layers.") for n in shown)
    vid = next(v for v, name in s.spec.records if name == "L1.n3.w0")
    assert s.spec.tooltip[vid] == "layers.1.neurons.3.w.0"
    assert 'xlink:title="layers.1.neurons.3.w.0"' in s.svg()


def _model_neuron(loss):
    """layers.1.neurons.3 of the network behind ``loss`` (found by its labels, as a stand-in module)."""
    class Part:
        name = "layers.1.neurons.3"

        def parameters(self):
            return [v for v in topological_order(loss) if v.label.startswith(self.name + ".")]

    return Part()


def test_focus_on_one_neuron_gives_the_real_gradients():
    model, loss = network()
    neuron = model.layers[1].neurons[3]
    s = viz.step(loss, focus=neuron)
    zero_grad(loss)
    loss.backward()  # the engine's own pass on the real network
    copies = {n.label: n for n in s.spec.order}
    for name, p in neuron.named_parameters():
        assert copies[p.label].grad == pytest.approx(p.grad, rel=1e-12, abs=1e-15), name
    # and one weight against finite differences through the real network
    w = neuron.w[0]
    eps, w0 = 1e-6, w.data
    w.data = w0 + eps
    up = (model([0.5, -1.0]) - 1.0) ** 2
    w.data = w0 - eps
    down = (model([0.5, -1.0]) - 1.0) ** 2
    w.data = w0
    assert copies[w.label].grad == pytest.approx((up.data - down.data) / (2 * eps), rel=1e-5, abs=1e-9)


def test_focus_shows_the_neuron_its_inputs_as_leaves_and_the_rest_as_one_labelled_op():
    model, loss = network()
    s = viz.step(loss, focus=model.layers[1].neurons[3])
    own = [n for n in s.spec.order if n.label.startswith("layers.1.neurons.3.")]
    inputs = [n for n in s.spec.order if n.label.startswith("layers.0.")]
    assert len(own) == 16 + 16 + 1 + 2  # w, wx, b, z, act
    assert len(inputs) == 16 and all(n.is_leaf for n in inputs)
    root = s.spec.order[-1]
    assert root.op == FOLD and root.data == loss.data and len(root.edges) == 1
    act = root.parents[0]
    assert act.label == "layers.1.neurons.3.act" and root.edges[0][1] == s.steps[1].upstream
    assert FOLD in s.html() and "rest of network" in s.note
    assert len(s.frames) == len(s.spec.order)  # every frame's node is drawn


def test_focus_refuses_what_it_cannot_use_in_one_line():
    _, loss = network()
    for bad, err, pattern in [(object(), TypeError, "focus= needs a module"),
                              (_nameless(), ValueError, "no name inside a network"),
                              (_named("layers.7.neurons.0"), ValueError, "no node of this graph")]:
        with pytest.raises(err, match=pattern) as e:
            viz.step(loss, focus=bad)
        assert "\n" not in str(e.value)


def _nameless():
    import nn

    return nn.Neuron(2)


def _named(name):
    class Part:
        def parameters(self):
            return []

    p = Part()
    p.name = name
    return p


def test_whole_network_is_refused_with_advice_that_works():
    model, loss = network()
    with pytest.raises(ValueError, match="focus=") as e:
        viz.step(loss)
    msg = str(e.value)
    assert "\n" not in msg
    n = int(re.search(r"max_nodes=(\d+)", msg.split("or pass")[1]).group(1))
    assert len(viz.step(loss, max_nodes=n).frames) == n  # the advice works: every node drawn and stepped
    assert len(viz.step(loss, focus=model.layers[0].neurons[0]).frames) > 0


def test_the_stepper_passes_max_nodes_on_and_never_collapses():
    loss = mlp_loss(sizes=(2, 10, 10, 1), use_nn=False)
    order = topological_order(loss)
    assert len(order) > 250  # over draw's own default, where drawings collapse
    s = viz.step(loss, max_nodes=len(order))
    drawn = {vid for vid, _ in s.spec.records}
    assert len(drawn) == len(order) and not s.spec.groups
    assert {f.node for f in s.frames} <= drawn
    xs = [Value(float(i)) for i in range(200)]
    total = vsum(xs)  # one Σ node over 200 leaves: 201 nodes
    with pytest.raises(ValueError, match="max_nodes=150"):
        viz.step(total)
    assert len(viz.step(total, max_nodes=250).spec.records) == len(topological_order(total))


def test_names_stay_unique_after_shortening():
    a, b = Value(1.0, label="layers.1.w.0"), Value(2.0, label="L1.w0")
    nm = names(topological_order(a * b))
    assert len(set(nm.values())) == 3


def test_focus_finds_a_modules_parameters_from_the_module_not_from_their_labels():
    import nn

    class Line(nn.Module):
        def __init__(self):
            self.a = Value(2.0)
            self.b = Value(1.0)

        def forward(self, x):
            return self.a * x + self.b

    class Net(nn.Module):
        def __init__(self):
            self.lines = [Line(), Line()]

        def forward(self, x):
            return self.lines[1](self.lines[0](x))

    net = Net()
    net.lines[0].a.label = "slope"  # a user's own name: no address of the module any more
    loss = net(Value(3.0, label="x")) ** 2  # ((2·3 + 1)·2 + 1)² = 225
    s = viz.step(loss, focus=net.lines[0])
    leaves = {n.label: n for n in s.spec.order if n.is_leaf}
    assert {"slope", "lines.0.b"} <= set(leaves)  # found as the module's parameters
    assert "lines.1.a" not in leaves
    assert leaves["slope"].grad == 2 * 15 * 2 * 3  # dL/da = 2·15 · 2 · x, by hand
    assert leaves["lines.0.b"].grad == 2 * 15 * 2


def test_the_fold_is_checked_like_any_op():
    from autograd import check_edges
    from autograd.replay import op_of

    model, loss = network()
    s = viz.step(loss, focus=model.layers[1].neurons[3], check=True)
    root = s.spec.order[-1]
    assert op_of(root).name == "fold" and root.op == FOLD
    checks = check_edges(root)
    assert any(e.node is root for e in checks)  # the fold's own edges are checked too
    assert all(e.ok for e in checks) and s.wrong_edges == []
