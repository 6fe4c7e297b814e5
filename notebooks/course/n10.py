"""Answer keys for notebook 10 (forward vs reverse mode): op counts, measured by counting."""

from __future__ import annotations

import builtins
from collections import Counter

from autograd import forward_mode_grad, reverse_mode_grad
from autograd.exercise import Exercise, Mistake


class _Counting:
    """A dual number that counts every + and * it performs, zero tangent or not (plain forward mode)."""

    counts: Counter[str] = Counter()

    def __init__(self, v: float, t: float) -> None:
        self.v, self.t = v, t

    def __add__(self, o: _Counting) -> _Counting:
        _Counting.counts["add"] += 1
        return _Counting(self.v + o.v, self.t + o.t)

    def __radd__(self, o: float) -> _Counting:   # Python's sum starts from 0
        _Counting.counts["add"] += 1
        return _Counting(o + self.v, self.t)

    def __mul__(self, o: _Counting) -> _Counting:
        _Counting.counts["mul"] += 1
        return _Counting(self.v * o.v, self.t * o.v + self.v * o.t)


def _example_a(x1, x2, x3, x4):
    return (x1 + x2) * (x3 + x4)


def plain_forward_visits() -> Exercise:
    xs = [1.0, 2.0, 3.0, 4.0]
    _Counting.counts = Counter()
    _example_a(*[_Counting(v, 1.0 if j == 0 else 0.0) for j, v in enumerate(xs)])
    one_pass = sum(_Counting.counts.values())
    _Counting.counts = Counter()
    for i in range(len(xs)):
        _example_a(*[_Counting(v, 1.0 if j == i else 0.0) for j, v in enumerate(xs)])
    every = dict(_Counting.counts)
    _, library = forward_mode_grad(_example_a, xs)
    return Exercise(every["add"] + every["mul"], close=0, mistakes=(
        Mistake("that counts only the additions that carry a NON-ZERO tangent (the library's counter); plain "
                "forward mode visits every op in every pass", library["add"]),
        Mistake("that is one pass; forward mode needs one pass per input", one_pass),
        Mistake("you counted the additions only; each pass also does the multiplication", every["add"]),
    ))


def _sum_of_squares(*xs):
    return builtins.sum(x * x for x in xs)


def longer_chain_adds() -> Exercise:
    n = 10
    xs = [float(i) for i in range(1, n + 1)]
    _, fwd = forward_mode_grad(_sum_of_squares, xs)
    _, rev = reverse_mode_grad(_sum_of_squares, xs)
    _Counting.counts = Counter()
    for i in range(n):
        _sum_of_squares(*[_Counting(v, 1.0 if j == i else 0.0) for j, v in enumerate(xs)])
    # the pass for x_i reaches a_i ... a_n; leaving out a_i itself counts a_{i+1} ... a_n
    short_by_one = builtins.sum(n - i for i in range(1, n + 1))
    return Exercise(fwd["add"], close=0, mistakes=(
        Mistake("that is reverse mode's count: each addition once", rev["add"]),
        Mistake("that is every addition in every pass; the pass for x_i only reaches the additions from a_i on",
                _Counting.counts["add"]),
        Mistake("off by one in each pass: the pass for x_i reaches a_i itself too (the pass for x_1 reaches all n)",
                short_by_one),
    ))


EXERCISES = {"10.1": plain_forward_visits, "10.2": longer_chain_adds}
