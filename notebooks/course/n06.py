"""Answer keys for notebook 06 (a neuron and its activations)."""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Value
from autograd.exercise import Exercise, Mistake

EPS, AT = 1e-5, 0.3          # Exercise 2 runs the student's my_central(math.tanh, 0.3) with its default eps


def sigma_prime_2() -> Exercise:
    x = Value(2.0)
    s = x.sigmoid()
    s.backward()
    return Exercise(x.grad, mistakes=(
        Mistake("that is σ(2) itself; its derivative is σ(1 − σ)", s.data),
        Mistake("that is tanh's rule 1 − a², not the sigmoid's σ(1 − σ)", 1 - s.data ** 2),
        Mistake("forgot the factor σ: σ' = σ·(1 − σ)", 1 - s.data),
    ))


def central_difference() -> Exercise:
    f, h = math.tanh, EPS
    return Exercise((f(AT + h) - f(AT - h)) / (2 * h), rtol=1e-9, mistakes=(
        Mistake("that is the forward difference (f(x+ε) − f(x))/ε: its error shrinks only like ε, the central "
                "one's like ε²", (f(AT + h) - f(AT)) / h),
        Mistake("forgot the 2 in 2ε", (f(AT + h) - f(AT - h)) / h),
        Mistake("divided by 2, not by 2ε", (f(AT + h) - f(AT - h)) / 2),
        Mistake("a one-sided difference backwards, (f(x) − f(x−ε))/ε", (f(AT) - f(AT - h)) / h),
    ))


def run_my_central(my_central: Callable[..., object]) -> object:
    return my_central(math.tanh, AT)


EXERCISES = {"06.1": sigma_prime_2, "06.2": central_difference}
READ = {"06.2": run_my_central}
