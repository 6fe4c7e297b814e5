"""Module API: names, counts, repr, state_dict, JSON save/load and their errors."""

import json
import pathlib

import pytest

import nn
from nn import MLP, Layer, Neuron, explain_parameters


def test_parameter_counts_from_the_lecture():
    assert MLP(3, [4, 2]).num_parameters() == 26  # (3+1)·4 + (4+1)·2
    assert len(MLP(3, [4, 3, 2]).parameters()) == 39  # 16 + 15 + 8
    assert MLP(2, [16, 16, 1]).num_parameters() == 337  # 48 + 272 + 17


def test_explain_parameters():
    assert explain_parameters(MLP(3, [4, 2])) == (
        "layer 0: 4 neurons × (3 inputs + 1 bias) = 16\n"
        "layer 1: 2 neurons × (4 inputs + 1 bias) = 10\n"
        "total: 16 + 10 = 26 parameters"
    )
    assert explain_parameters(Neuron(3)) == "1 neuron × (3 inputs + 1 bias) = 4 parameters"
    with pytest.raises(TypeError, match="needs a Neuron, Layer or MLP, got int"):
        explain_parameters(3)


def test_named_parameters_are_dotted_and_ordered():
    names = [n for n, _ in MLP(3, [4, 2]).named_parameters()]
    assert names[:5] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.w.2",
                         "layers.0.neurons.0.b", "layers.0.neurons.1.w.0"]
    assert names[-1] == "layers.1.neurons.1.b"
    assert len(set(names)) == 26
    assert [n for n, _ in Layer(2, 1).named_parameters()] == ["neurons.0.w.0", "neurons.0.w.1", "neurons.0.b"]
    assert [n for n, _ in Neuron(1).named_parameters()] == ["w.0", "b"]


def test_repr_nests_with_counts():
    assert repr(MLP(2, [16, 16, 1])) == (
        "MLP(2 → [16 relu, 16 relu, 1 linear], 337 parameters)\n"
        "  (layers.0): Layer(2 → 16 relu, 48 parameters)\n"
        "  (layers.1): Layer(16 → 16 relu, 272 parameters)\n"
        "  (layers.2): Layer(16 → 1 linear, 17 parameters)"
    )
    assert repr(Neuron(3, "tanh")) == "Neuron(3 → tanh, 4 parameters)"


def test_zero_grad():
    model = MLP(2, [3, 1], seed=0)
    model([1.0, 2.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_state_dict_round_trip():
    a, b = MLP(3, [4, 2], seed=1), MLP(3, [4, 2], seed=2)
    x = [0.1, 0.2, -0.3]
    assert [v.data for v in a(x)] != [v.data for v in b(x)]
    state = a.state_dict()
    assert all(type(v) is float for v in state.values())
    assert b.load_state_dict(state) == ([], [])
    assert [v.data for v in a(x)] == [v.data for v in b(x)]


def test_strict_load_names_missing_and_unexpected_keys_and_changes_nothing():
    model = MLP(2, [1], seed=0)
    before = model.state_dict()
    state = dict(before)
    del state["layers.0.neurons.0.b"]
    state["layers.0.neurons.0.w.9"] = 1.0
    with pytest.raises(KeyError, match=r"missing keys: layers\.0\.neurons\.0\.b; "
                                       r"unexpected keys: layers\.0\.neurons\.0\.w\.9"):
        model.load_state_dict(state)
    assert model.state_dict() == before
    result = model.load_state_dict({"layers.0.neurons.0.w.0": 5.0, "extra": 1.0}, strict=False)
    assert result.missing == ["layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert result.unexpected == ["extra"]
    assert model.layers[0].neurons[0].w[0].data == 5.0


def test_load_state_dict_bad_values():
    model = MLP(2, [1], seed=0)
    state = model.state_dict()
    state["layers.0.neurons.0.w.1"] = "0.5"
    with pytest.raises(TypeError, match=r"value for key 'layers.0.neurons.0.w.1' must be a number, got str"):
        model.load_state_dict(state)
    state["layers.0.neurons.0.w.1"] = float("nan")
    with pytest.raises(ValueError, match=r"'layers\.0\.neurons\.0\.w\.1' is not finite"):
        model.load_state_dict(state)


def test_save_load_json(tmp_path):
    a, b = MLP(2, [3, 1], activation="tanh", seed=1), MLP(2, [3, 1], activation="tanh", seed=2)
    path = tmp_path / "model.json"
    a.save(path)
    doc = json.loads(path.read_text())  # plain JSON, readable by anyone
    assert doc["architecture"] == {"type": "MLP", "nin": 2, "nouts": [3, 1],
                                   "activations": ["tanh", "linear"]}
    assert doc["state"]["layers.1.neurons.0.b"] == a.layers[1].neurons[0].b.data
    b.load(path)
    assert b.state_dict() == a.state_dict()
    c = MLP.from_file(path)
    assert c.architecture() == a.architecture() and c.state_dict() == a.state_dict()
    Layer(2, 3).save(path)
    with pytest.raises(ValueError, match="the architecture is not an MLP's"):
        MLP.from_file(path)


def test_load_refuses_another_architecture(tmp_path):
    path = tmp_path / "model.json"
    MLP(2, [3, 1]).save(path)
    with pytest.raises(ValueError, match=r"architecture mismatch: the file has MLP\(nin=2, nouts=\[3, 1\].*"
                                         r"this model is MLP\(nin=2, nouts=\[4, 1\]"):
        MLP(2, [4, 1]).load(path)
    with pytest.raises(ValueError, match="architecture mismatch"):
        MLP(2, [3, 1], activation="tanh").load(path)


def test_malformed_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n "format": "chainrule.nn",\n "state": {,}\n}\n')
    with pytest.raises(ValueError, match=r"bad\.json: invalid JSON at line 3, column"):
        MLP(2, [1]).load(path)


def test_files_missing_keys_or_with_bad_values(tmp_path):
    model = MLP(2, [1], seed=0)
    path = tmp_path / "m.json"
    model.save(path)
    doc = json.loads(path.read_text())
    del doc["state"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="missing key 'state'"):
        model.load(path)
    model.save(path)
    doc = json.loads(path.read_text())
    doc["state"]["layers.0.neurons.0.b"] = [1]
    path.write_text(json.dumps(doc))
    message = r"value for key 'layers\.0\.neurons\.0\.b' must be a number, got list"
    with pytest.raises(ValueError, match=message):
        model.load(path)
    doc["state"]["layers.0.neurons.0.b"] = 0.0
    doc["state"]["layers.0.neurons.0.w.7"] = 0.0
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match=r"unexpected keys: layers\.0\.neurons\.0\.w\.7"):
        model.load(path)
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="expected a JSON object at the top level, got list"):
        model.load(path)


def test_no_pickle_anywhere_in_nn():
    for source in pathlib.Path(nn.__file__).parent.glob("*.py"):
        text = source.read_text()
        assert "import pickle" not in text and "eval(" not in text and "exec(" not in text, source
