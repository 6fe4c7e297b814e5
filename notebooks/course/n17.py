"""Answer keys for notebook 17 (write your own op): a student's local rule, run at a few points.

The answer is a function; ``READ`` turns it into the numbers it gives, which are then checked as any other
answer. The expected numbers come from the engine (smoothmax) or from the closed form the exercise states
(GELU; tests compare it with finite differences).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd import Value
from autograd.exercise import Exercise, Mistake
from course import AnswerError

GELU_AT = (-1.5, -0.2, 0.4, 2.0)
SMOOTHMAX_AT = ((0.3, -1.2), (2.0, 2.5))


def gelu_forward(x: float) -> float:
    return x * (1 + math.erf(x / math.sqrt(2))) / 2


def _Phi(x: float) -> float:
    return (1 + math.erf(x / math.sqrt(2))) / 2


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _one_tuple(result: object, n: int) -> Sequence[object]:
    if not isinstance(result, (tuple, list)):
        raise AnswerError(f"your rule returned {result!r}; it must return a tuple, one local derivative per input, "
                        f"e.g. ({result!r},)" if n == 1 else f"your rule returned {result!r}, not a tuple of {n}")
    if len(result) != n:
        raise AnswerError(f"your rule returned {len(result)} value(s); this op has {n} input(s)")
    return result


def read_gelu(rule: Callable[..., object]) -> list[object]:
    return [_one_tuple(rule(x, gelu_forward(x)), 1)[0] for x in GELU_AT]


def read_smoothmax(rule: Callable[..., object]) -> list[list[object]]:
    out = []
    for a, b in SMOOTHMAX_AT:
        out.append(list(_one_tuple(rule(a, b, math.log(math.exp(a) + math.exp(b))), 2)))
    return out


def gelu() -> Exercise:
    return Exercise([_Phi(x) + x * _phi(x) for x in GELU_AT], rtol=1e-9, mistakes=(
        Mistake("the x·φ(x) term left out: that is Φ(x) alone", [_Phi(x) for x in GELU_AT]),
        Mistake("φ(x) without its factor x", [_Phi(x) + _phi(x) for x in GELU_AT]),
        Mistake("that is gelu(x) itself, the forward, not its derivative", [gelu_forward(x) for x in GELU_AT]),
    ))


def smoothmax() -> Exercise:
    right, swapped, unnormalised = [], [], []
    for a0, b0 in SMOOTHMAX_AT:
        a, b = Value(a0), Value(b0)
        (a.exp() + b.exp()).log().backward()
        right.append([a.grad, b.grad])
        swapped.append([b.grad, a.grad])
        unnormalised.append([math.exp(a0), math.exp(b0)])
    return Exercise(right, rtol=1e-9, mistakes=(
        Mistake("the two derivatives swapped: the first is ∂/∂a, the second ∂/∂b", swapped),
        Mistake("eᵃ and eᵇ not divided by eᵃ + eᵇ (= e^out)", unnormalised),
    ))


EXERCISES = {"17.1": gelu, "17.2": smoothmax}
READ = {"17.1": read_gelu, "17.2": read_smoothmax}
