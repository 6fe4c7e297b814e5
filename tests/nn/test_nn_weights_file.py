"""Hostile weights files: every problem is ONE line that names the file, and nothing big is built first."""

import json
import math

import pytest

from nn import MLP, Neuron


def _one_line_naming(excinfo, path):
    message = str(excinfo.value)
    assert "\n" not in message, message
    assert str(path) in message, message
    return message


@pytest.fixture
def saved(tmp_path):
    model = MLP(2, [2, 1], seed=0)
    path = tmp_path / "m.json"
    model.save(path)
    return model, path, json.loads(path.read_text())


def test_a_400_digit_integer_weight(saved):
    model, path, doc = saved
    text = path.read_text().replace(repr(doc["state"]["layers.0.neurons.0.b"]), "9" * 400, 1)
    assert "9" * 400 in text
    path.write_text(text)
    for load in (model.load, MLP.from_file):
        with pytest.raises(ValueError, match=r"'layers\.0\.neurons\.0\.b' is too large for a float") as e:
            load(path)
        _one_line_naming(e, path)
    state = dict(doc["state"], **{"layers.0.neurons.0.b": 10**400})
    with pytest.raises(ValueError, match=r"'layers\.0\.neurons\.0\.b' is too large for a float: 1000"):
        model.load_state_dict(state)
    assert model.state_dict() == doc["state"]  # nothing changed


def test_an_integer_longer_than_pythons_limit(saved):
    model, path, doc = saved
    path.write_text(path.read_text().replace(repr(doc["state"]["layers.0.neurons.0.b"]), "9" * 5000, 1))
    with pytest.raises(ValueError, match="invalid JSON") as e:
        model.load(path)
    _one_line_naming(e, path)


def test_a_key_with_a_newline_gives_one_line(saved):
    model, path, doc = saved
    doc["state"]["evil\nkey"] = 1.0
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match=r"unexpected keys: evil\\nkey") as e:
        model.load(path)
    _one_line_naming(e, path)
    with pytest.raises(KeyError) as e:
        model.load_state_dict({"a\nb": 1.0, "\x1b[31mred": 2.0})
    assert "\n" not in e.value.args[0] and "\x1b" not in e.value.args[0]
    doc["state"] = {"x\ny": "nope"}
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError) as e:
        MLP.from_file(path)
    _one_line_naming(e, path)


def test_many_bad_keys_are_listed_briefly(saved):
    model, _, _ = saved
    with pytest.raises(KeyError, match=r"unexpected keys: k0, k1, .*, k9 and 990 more"):
        model.load_state_dict({f"k{i}": 0.0 for i in range(1000)})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_save_refuses_non_finite_weights_and_writes_nothing(tmp_path, bad):
    model = MLP(2, [2, 1], seed=0)
    model.layers[1].neurons[0].w[1].data = bad
    path = tmp_path / "diverged.json"
    with pytest.raises(ValueError, match=r"not saved: parameter layers\.1\.neurons\.0\.w\.1 is (nan|inf|-inf); "
                                         r"a weights file holds finite numbers only") as e:
        model.save(path)
    _one_line_naming(e, path)
    assert not path.exists()


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_load_refuses_non_strict_json_constants(saved, constant):
    model, path, doc = saved
    path.write_text(path.read_text().replace(repr(doc["state"]["layers.0.neurons.0.b"]), constant, 1))
    with pytest.raises(ValueError, match=f"invalid JSON: {constant} is not a number in strict JSON") as e:
        model.load(path)
    _one_line_naming(e, path)


def test_a_tiny_file_declaring_a_huge_model_is_refused_before_building_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    doc = {"format": "chainrule.nn", "version": 1,
           "architecture": {"type": "MLP", "nin": 20000, "nouts": [20000], "activations": ["linear"]},
           "state": {}}
    path.write_text(json.dumps(doc, separators=(",", ":")))
    assert path.stat().st_size < 160
    built = []  # refused, not built (building takes minutes and ~2 GB): no neuron may be made first
    monkeypatch.setattr(Neuron, "__init__", lambda self, *a, **k: built.append(1) or pytest.fail("built a neuron"))
    with pytest.raises(ValueError, match=r"declares 400020000 parameters but the file holds 0 weights") as e:
        MLP.from_file(path)
    assert built == []
    monkeypatch.undo()
    _one_line_naming(e, path)
    doc["architecture"]["nin"] = 10**400
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="declares") as e:
        MLP.from_file(path)
    _one_line_naming(e, path)


@pytest.mark.parametrize(("arch", "message"), [
    ({"type": "MLP", "nouts": [1], "activations": ["linear"]}, "missing key 'nin'"),
    ({"type": "MLP", "nin": 0, "nouts": [1], "activations": ["linear"]}, "nin must be a positive int"),
    ({"type": "MLP", "nin": 2, "nouts": 3, "activations": ["linear"]}, "not iterable"),
    ({"type": "MLP", "nin": 2, "nouts": [1], "activations": "linear"}, "activations must be a list"),
    ({"type": "MLP", "nin": 2, "nouts": [1], "activations": ["nope\nx"]}, r"unknown activation 'nope\\nx'"),
])
def test_bad_mlp_architectures_name_the_file(tmp_path, arch, message):
    path = tmp_path / "arch.json"
    path.write_text(json.dumps({"format": "chainrule.nn", "version": 1, "architecture": arch,
                                "state": {"w": 0.0, "v": 0.0, "b": 0.0}}))
    with pytest.raises(ValueError, match=message) as e:
        MLP.from_file(path)
    _one_line_naming(e, path)


def test_arrays_nested_100000_deep(saved):
    model, path, _ = saved
    path.write_text('{"format": "chainrule.nn", "version": 1, "architecture": ' + "[" * 100_000
                    + "]" * 100_000 + ', "state": {}}')
    for load in (model.load, MLP.from_file):
        with pytest.raises(ValueError, match="nested too deeply") as e:
            load(path)
        _one_line_naming(e, path)


def test_a_file_that_is_not_utf8(saved):
    model, path, _ = saved
    path.write_bytes(path.read_bytes().replace(b"chainrule.nn", b"chainrule\xff\xfe", 1))
    for load in (model.load, MLP.from_file):
        with pytest.raises(ValueError, match=r"not UTF-8 text \(byte 0xff at offset \d+\)") as e:
            load(path)
        _one_line_naming(e, path)


@pytest.mark.parametrize(("version", "message"), [
    (2, r"key 'version' is 2, this chainrule reads version 1 \(written by a newer chainrule\?\)"),
    (0, r"key 'version' is 0, this chainrule reads version 1$"),
    ("1", r"key 'version' is '1', this chainrule reads version 1$"),
    (True, r"key 'version' is True"),
    (1.0, r"key 'version' is 1.0"),
    (None, "missing key 'version'"),
])
def test_the_version_is_checked(saved, version, message):
    model, path, doc = saved
    if version is None:
        del doc["version"]
    else:
        doc["version"] = version
    path.write_text(json.dumps(doc))
    for load in (model.load, MLP.from_file):
        with pytest.raises(ValueError, match=message) as e:
            load(path)
        _one_line_naming(e, path)


def test_a_good_file_still_round_trips(saved, tmp_path):
    model, path, doc = saved
    assert doc["version"] == 1
    assert MLP.from_file(path).state_dict() == model.state_dict()
    neuron = Neuron(3, seed=0)
    neuron.save(tmp_path / "n.json")
    other = Neuron(3, seed=1)
    other.load(tmp_path / "n.json")
    assert other.state_dict() == neuron.state_dict()
