"""The course's answer keys, out of the student's sight: ``check("14.1", answer)`` in a notebook.

A notebook imports ``from course import check`` (the kernel runs in ``notebooks/``). The key's
notebook number picks the module: ``"14.1"`` is in ``course/n14.py``. Each module holds

    EXERCISES = {"14.1": dz1, "14.2": ...}   # key -> a function returning an autograd.exercise.Exercise

and each function computes the expected answer AND every wrong answer by applying the named
mistake to the problem with the engine (no number typed in because it looks like a mistake):

    def dz1() -> Exercise:
        z = ...build the graph with autograd...
        return Exercise(right_value, mistakes=(Mistake("upstream forgotten", local_only), ...))

``keys()`` lists every key, ``exercise(key)`` gives its Exercise (``.expected`` is the solution),
``judge(key, answer)`` the Verdict without printing; tests use these.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

from autograd.exercise import Exercise, Mistake, Verdict
from autograd.exercise import judge as _judge

__all__ = ["Exercise", "Mistake", "Verdict", "check", "exercise", "judge", "keys", "solution"]


def _module_name(key: str) -> str:
    number, dot, rest = key.partition(".")
    if not (dot and number.isdigit() and rest):
        raise LookupError(f"exercise key {key!r} is not of the form 'NN.k' (notebook number, exercise)")
    return f"{__name__}.n{int(number):02d}"


def _table(module: str) -> dict[str, Callable[[], Exercise]]:
    try:
        found: dict[str, Callable[[], Exercise]] = importlib.import_module(module).EXERCISES
    except ModuleNotFoundError:
        raise LookupError(f"no answer keys for notebook {module.rsplit('.n', 1)[-1]} ({module})") from None
    return found


@cache
def exercise(key: str) -> Exercise:
    """The key's Exercise, computed once per kernel."""
    table = _table(_module_name(key))
    if key not in table:
        raise LookupError(f"no exercise {key!r}; this notebook's keys are {sorted(table)}")
    return table[key]()


def judge(key: str, answer: object) -> Verdict:
    """The verdict on ``answer`` for exercise ``key``, not printed."""
    return _judge(answer, exercise(key))


def check(key: str, answer: object) -> None:
    """Print one line: not answered yet / right / close, but not right / wrong and the mistake."""
    print(judge(key, answer).message)


def solution(key: str) -> object:
    """The expected answer of exercise ``key`` (for tests that fill the placeholders)."""
    return exercise(key).expected


def keys() -> list[str]:
    """Every exercise key of every notebook, in course order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("n") and info.name[1:].isdigit():
            found += list(_table(f"{__name__}.{info.name}"))
    return sorted(found, key=lambda k: tuple(int(p) if p.isdigit() else p for p in k.split(".")))
