"""The answer keys in notebooks/course/: every solution is "right", every named mistake fires on its own
wrong answer (none is dead, no two share a value), and every key a notebook checks exists."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "notebooks"))

import course  # noqa: E402

from autograd.exercise import dead_mistakes, judge  # noqa: E402

KEYS = course.keys()
CHECKED = re.compile(r"""\bcheck\(\s*["'](\d+\.\w+)["']""")


def checked_keys() -> dict[str, str]:
    """Each key a notebook's code checks, with the notebook's stem."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found.update({key: path.stem for key in CHECKED.findall(cell.source)})
    return found


def test_every_key_a_notebook_checks_exists_and_belongs_to_that_notebook():
    for key, stem in checked_keys().items():
        assert key in KEYS, f"{stem} checks {key!r}, which notebooks/course/ does not define"
        assert int(key.split(".")[0]) == int(stem[:2]), f"{stem} checks another notebook's key {key!r}"


def test_every_key_is_checked_by_its_notebook():
    unused = sorted(set(KEYS) - set(checked_keys()))
    assert not unused, f"keys no notebook checks: {unused}"


@pytest.mark.parametrize("key", KEYS)
def test_the_solution_is_right(key):
    verdict = judge(course.solution(key), course.exercise(key))
    assert verdict.right, verdict.message


@pytest.mark.parametrize("key", KEYS)
def test_every_diagnosis_fires_on_its_own_wrong_answer(key):
    exercise = course.exercise(key)
    assert not dead_mistakes(exercise), dead_mistakes(exercise)
    for mistake in exercise.mistakes:
        verdict = judge(mistake.value, exercise)
        assert verdict.status == "wrong" and verdict.mistake == mistake.name, (mistake.name, verdict.message)
        assert mistake.name in verdict.message


def _sigma(t: float) -> float:
    return 1 / (1 + math.exp(-t))


def _gelu_fd(x: float, h: float = 1e-5) -> float:
    f = lambda t: t * (1 + math.erf(t / math.sqrt(2))) / 2
    return (f(x + h) - f(x - h)) / (2 * h)


_o = 1.2 * _sigma(1.5 * 0.8 - 0.2) + 0.1      # deck 000's network in notebook 09, by hand
HAND = {   # each key's answer, worked out by hand or with math/numpy (never from the keys' engine code)
    "00.1": (3, 4), "00.2": (1, 2), "00.3": 4,
    "01.1": 0.5, "01.2": 6.0,
    "02.1": (1 - math.tanh(0.5) ** 2) * -2.0, "02.2": 12.0,
    "06.1": _sigma(2) * (1 - _sigma(2)), "06.2": [1 - math.tanh(0.3) ** 2, (math.tanh(0.4) - math.tanh(0.2)) / 0.2],
    "08.1": 6, "08.2": 337,
    "09.1": 2 * (_o - 0.5) * _sigma(1.0),
    "09.2": 0.8 - 0.1 * 2 * (_o - 0.5) * 1.2 * _sigma(1.0) * (1 - _sigma(1.0)) * 1.5,
    "09.3": 0.25,
    "10.1": 12, "10.2": 55,
    "13.1": 0.45, "13.2": [[2.0, -1.0], [2.0, -3.0]],
    "14.1": math.exp(1) / (math.exp(2) + math.exp(1) + math.exp(0.1)) - 1, "14.2": 1000 + math.log(3),
    "15.1": 1.0, "15.2": _sigma(-2) - 1, "15.3": 0.0,
    "17.1": [_gelu_fd(x) for x in (-1.5, -0.2, 0.4, 2.0)],
    "17.2": [[_sigma(0.3 + 1.2), _sigma(-1.2 - 0.3)], [_sigma(-0.5), _sigma(0.5)]],
    "18.1": [_sigma(0.3) * (1 - _sigma(0.3)) * (1 - 2 * _sigma(0.3)),    # σ″, (x·tanh x)″, (x³ − 2x)″
             -2 * math.tanh(-0.7) * (1 - math.tanh(-0.7) ** 2) * -0.7 + 2 * (1 - math.tanh(-0.7) ** 2), 9.0],
    "18.2": [math.sqrt(2), 17 / 12, 3 ** (1 / 3)],                   # Newton from 1: 1 → 3/2 → 17/12
}


@pytest.mark.parametrize("key", sorted(HAND))
def test_the_key_agrees_with_a_hand_value(key):
    expected, hand = course.solution(key), HAND[key]
    assert np.allclose(np.asarray(expected, dtype=float), np.asarray(hand, dtype=float), rtol=1e-7, atol=1e-12), \
        (key, expected, hand)
    assert np.shape(expected) == np.shape(hand)


def test_every_key_has_a_hand_value():
    assert sorted(HAND) == [k for k in KEYS if k[:2] in {k2[:2] for k2 in HAND}]


def test_notebook_11s_column_form_key_is_deck_001s_outer_product():
    """11.2's key comes from the engine; numpy's own backward pass gives the same outer product."""
    from nn import MLP, MatrixMLP
    from nn.data import moons
    model = MLP(2, [4, 3, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    X, y = moons(8, noise=0.1, seed=3)
    twin = MatrixMLP.from_mlp(model)
    twin.loss_and_grad(X[[0]], y[[0]], loss="mse")            # sample 0 alone: its share is 1/8 of this
    assert np.allclose(course.solution("11.2"), twin.dW[0] / len(X), rtol=1e-9, atol=1e-15)


def test_a_function_answer_is_run_and_diagnosed():
    right = lambda f, x, eps=1e-5: (f(x + eps) - f(x - eps)) / (2 * eps)
    forward = lambda f, x, eps=1e-5: (f(x + eps) - f(x)) / eps
    assert course.judge("06.2", right).right
    assert "exact derivative" in course.judge("06.2", lambda f, x, eps=1e-5: 1 - f(x) ** 2).message
    assert "ε ignored" in course.judge("06.2", lambda f, x, eps=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5).message
    assert "forward difference" in course.judge("06.2", forward).message
    assert course.judge("06.2", lambda f, x, eps=1e-5: ...).status == "not answered yet"
    assert course.judge("06.2", lambda f, x: 1 / 0).message == \
        "wrong: running your function raised ZeroDivisionError: division by zero"
    assert course.judge("06.2", 0.915).message == "wrong: this exercise wants a function, not float"
    Phi = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2
    phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    assert course.judge("17.1", lambda x, out: (Phi(x) + x * phi(x),)).right
    assert "x·φ(x) term left out" in course.judge("17.1", lambda x, out: (Phi(x),)).message
    assert "must return a tuple" in course.judge("17.1", lambda x, out: Phi(x) + x * phi(x)).message
    assert course.judge("17.1", None).status == "not answered yet"
    assert course.judge("17.2", lambda a, b, out: (math.exp(a - out), math.exp(b - out))).right
    assert "swapped" in course.judge("17.2", lambda a, b, out: (math.exp(b - out), math.exp(a - out))).message
    assert "not divided" in course.judge("17.2", lambda a, b, out: (math.exp(a), math.exp(b))).message
    def newton(g, x, steps):
        from autograd import Value, grad
        for _ in range(steps):
            v = Value(x)
            (g1,) = grad(g(v), [v], create_graph=True)
            (g2,) = grad(g1, [v])
            x = x - g1.data / g2
        return x
    assert course.judge("18.2", newton).right
    assert course.judge("18.2", lambda g, x, steps: ...).status == "not answered yet"
    assert course.judge("18.2", lambda g, x, steps: math.sqrt(2)).status == "wrong"   # typed in: not it
    assert "1 input" in course.judge("17.2", lambda a, b, out: (1.0,)).message or \
        "this op has 2" in course.judge("17.2", lambda a, b, out: (1.0,)).message


@pytest.mark.parametrize("key", KEYS)
def test_the_placeholder_and_a_hostile_answer_never_fail(key):
    assert course.judge(key, ...).status == "not answered yet"
    assert course.judge(key, None).status == "not answered yet"
    for hostile in ("42", float("nan"), 10**400, [[1], [2, 3]], object(), lambda *a: "x", lambda *a: 1 / 0):
        verdict = course.judge(key, hostile)
        assert verdict.status == "wrong" and "\n" not in verdict.message, verdict.message


def test_an_unknown_key_is_a_one_line_lookup_error():
    with pytest.raises(LookupError, match="not of the form"):
        course.exercise("fourteen")
    with pytest.raises(LookupError, match="no answer keys for notebook 99"):
        course.exercise("99.1")
