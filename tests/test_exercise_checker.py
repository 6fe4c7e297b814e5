"""autograd.exercise: the course's one checker. Verdicts, tolerance, shape and layout, hostile answers."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from autograd import Value
from autograd.exercise import Exercise, Mistake, check, dead_mistakes, judge


def printed(answer: object, ex: Exercise) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert check(answer, ex) is None  # a check cell never fails, whatever the answer
    return buf.getvalue()


SCALAR = Exercise(0.786448, mistakes=(Mistake("upstream forgotten", 0.5), Mistake("+= forgotten", 0.25)))
M = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
MATRIX = Exercise(M, mistakes=(Mistake("summed instead of averaged", 2 * M),))


@pytest.mark.parametrize("placeholder", [..., None])
def test_the_placeholder_is_not_answered_yet_and_never_fails(placeholder):
    assert judge(placeholder, SCALAR).status == "not answered yet"
    assert printed(placeholder, SCALAR).startswith("not answered yet")


def test_right_within_a_tight_relative_tolerance():
    assert judge(0.786448, SCALAR).right
    assert judge(0.786448 * (1 + 5e-7), SCALAR).right
    assert judge(np.float64(0.786448), SCALAR).right
    assert printed(0.786448, SCALAR).startswith("right")


def test_close_but_not_right_for_a_rounded_answer():
    verdict = judge(0.7864, SCALAR)   # rounded to four decimals: 6e-5 relative
    assert verdict.status == "close, but not right" and not verdict.right
    assert judge(0.786448 * (1 + 2e-6), SCALAR).status == "close, but not right"
    assert judge(0.80, SCALAR).status == "wrong"          # 1.7 % off is not close


def test_the_absolute_floor_near_zero():
    zero = Exercise(0.0)
    assert judge(1e-12, zero).right and judge(-1e-10, zero).right
    assert judge(1e-3, zero).status == "wrong"


def test_an_integer_answer_is_not_close_when_close_is_off():
    count = Exercise(1000, close=0)
    assert judge(1000, count).right and judge(1000.0, count).right
    assert judge(1001, count).status == "wrong" and judge(1002, count).status == "wrong"


def test_each_mistake_is_named():
    verdict = judge(0.5, SCALAR)
    assert verdict.status == "wrong" and verdict.mistake == "upstream forgotten"
    assert "upstream forgotten" in printed(0.5, SCALAR)
    assert judge(0.25, SCALAR).mistake == "+= forgotten"
    assert judge(0.1, SCALAR).mistake is None and "not it" in printed(0.1, SCALAR)


def test_a_matrix_is_checked_by_shape_and_orientation():
    assert judge(M.copy(), MATRIX).right and judge(M.tolist(), MATRIX).right
    assert judge(M.T, MATRIX).mistake == "transposed"
    assert judge(M.ravel(), MATRIX).mistake == "flattened"
    assert judge(M.reshape(3, 2), MATRIX).mistake == "reshaped"   # same order, not the transpose
    assert judge(M.reshape(1, 6), MATRIX).mistake == "reshaped"
    assert judge(2 * M, MATRIX).mistake == "summed instead of averaged"
    assert "of shape (2, 3)" in judge(np.ones((3, 3)), MATRIX).message
    assert judge(np.ones((2, 3)), MATRIX).status == "wrong"


def test_a_column_vector_is_not_a_row():
    column = Exercise(np.array([[1.0], [2.0], [3.0]]))
    assert judge(np.array([[1.0, 2.0, 3.0]]), column).mistake == "transposed"
    assert judge(np.array([1.0, 2.0, 3.0]), column).mistake == "flattened"
    assert judge([[1.0], [2.0], [3.0]], column).right


def test_a_scalar_is_not_a_one_element_list():
    assert "the answer is a number" in judge([0.786448], SCALAR).message


class RaisesOnFloat:
    def __float__(self) -> float:
        raise RuntimeError("no")


class RaisesOnRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class RaisesOnAttribute:
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ValueError(name)  # .shape, .grad, ... raise something hasattr() does not catch


class LyingShape:
    shape = (2, 2)

    def tolist(self) -> list[float]:
        return [1.0, 2.0]


loop: list[object] = []
loop.append(loop)


@pytest.mark.parametrize("answer,says", [
    ("0.786448", "string"),
    (True, "truth value"),
    (float("nan"), "nan"),
    (float("inf"), "not it"),
    (-float("inf"), "not it"),
    (10**400, "too large"),
    (1 + 2j, "complex"),
    ([[1.0, 2.0], [3.0]], "ragged"),
    ([[[[[[[[[[1.0]]]]]]]]]], "nested"),
    ({0.786448}, "set"),
    ({"a": 1}, "dict"),
    (RaisesOnFloat(), "cannot be read"),
    (RaisesOnRepr(), "cannot be read"),
    (RaisesOnAttribute(), "cannot be read"),
    (LyingShape(), "says its shape"),
    (Value(0.786448), "node"),
    (object(), "cannot be read"),
    (loop, "wrong"),
    (print, "cannot be read"),
    (np.array(["a", "b"]), "string"),
])
def test_a_hostile_answer_gets_one_clear_line_never_a_traceback(answer, says):
    text = printed(answer, SCALAR)
    assert text.count("\n") == 1 and text.startswith("wrong"), text
    assert says in text, text
    assert judge(answer, MATRIX).status == "wrong"


def test_an_infinite_expected_answer_matches_itself():
    assert judge(float("inf"), Exercise(float("inf"))).right
    assert judge(-float("inf"), Exercise(float("inf"))).status == "wrong"


def test_dead_mistakes_are_found():
    assert dead_mistakes(SCALAR) == [] and dead_mistakes(MATRIX) == []
    same_as_answer = Exercise(1.0, mistakes=(Mistake("a", 1.0),))
    twice = Exercise(1.0, mistakes=(Mistake("a", 2.0), Mistake("b", 2.0)))
    transposed_named = Exercise(M, mistakes=(Mistake("W instead of Wᵀ", M.T), Mistake("again", M.T)))
    assert len(dead_mistakes(same_as_answer)) == 1
    assert len(dead_mistakes(twice)) == 1 and "'b'" in dead_mistakes(twice)[0]
    assert len(dead_mistakes(transposed_named)) == 1
    assert judge(M.T, transposed_named).mistake == "W instead of Wᵀ"   # a named mistake wins over layout
