"""Answer keys for notebook 06 (a neuron and its activations)."""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Value
from autograd.exercise import Exercise, Mistake

AT, EPS, BIG = 0.3, 1e-5, 0.1   # Exercise 2 runs my_central(math.tanh, 0.3) with its default eps, then eps=0.1


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
    f = math.tanh
    x = Value(AT)
    x.tanh().backward()                       # the exact derivative: what a closed form would return
    both = lambda d: [d(EPS), d(BIG)]
    # rtol 1e-13: another order of the same operations differs by a few ulps; the exact derivative by 3e-11
    return Exercise(both(lambda h: (f(AT + h) - f(AT - h)) / (2 * h)), rtol=1e-13, atol=1e-15, mistakes=(
        Mistake("that is the forward difference (f(x+ε) − f(x))/ε: its error shrinks only like ε, the central "
                "one's like ε²", both(lambda h: (f(AT + h) - f(AT)) / h)),
        Mistake("forgot the 2 in 2ε", both(lambda h: (f(AT + h) - f(AT - h)) / h)),
        Mistake("divided by 2, not by 2ε", both(lambda h: (f(AT + h) - f(AT - h)) / 2)),
        Mistake("a one-sided difference backwards, (f(x) − f(x−ε))/ε", both(lambda h: (f(AT) - f(AT - h)) / h)),
        Mistake("that is the exact derivative, not a finite difference: use f and ε only", [x.grad, x.grad]),
        Mistake("ε ignored: your function uses its own ε, not the one it is given",
                [(f(AT + EPS) - f(AT - EPS)) / (2 * EPS)] * 2),
    ))


def run_my_central(my_central: Callable[..., object]) -> object:
    first = my_central(math.tanh, AT)
    return first if first is ... else [first, my_central(math.tanh, AT, eps=BIG)]


EXERCISES = {"06.1": sigma_prime_2, "06.2": central_difference}
READ = {"06.2": run_my_central}
