"""Answer keys for notebook 01 (the chain rule by hand); every value comes from the engine's graph."""

from __future__ import annotations

from autograd import Value
from autograd.exercise import Exercise, Mistake


def example_b_elsewhere() -> Exercise:
    x, y, z = Value(1.0), Value(2.0), Value(3.0)
    n1 = x + y
    n3 = n1 ** 2 + z
    f = n3.log()
    f.backward()
    upstream_of_log = 1 / n3.data          # the log's local derivative, what "upstream" carries down
    no_log = Value(1.0)
    ((no_log + y.data) ** 2 + z.data).backward()   # the same path without the log: upstream forgotten
    return Exercise(x.grad, mistakes=(
        Mistake("that is ∂f/∂z = 1/n3; for x you also need the square's local derivative ∂n2/∂n1 = 2·n1", z.grad),
        Mistake("upstream forgotten: multiply by the log's local derivative 1/n3", no_log.grad),
        Mistake("the square's local derivative is 2·n1, not n1", upstream_of_log * n1.data),
        Mistake("sign error: every local derivative on this path is positive", -x.grad),
    ))


def value_used_twice() -> Exercise:
    def grad_x(build):
        x, y, z = Value(1.0), Value(1.0), Value(2.0)
        build(x + y, z).backward()
        return x.grad
    both = grad_x(lambda s, z: s * z + s ** 2)
    via_product = grad_x(lambda s, z: s * z)
    via_square = grad_x(lambda s, z: s ** 2)
    return Exercise(both, mistakes=(
        Mistake("+= forgotten: only the contribution through s·z survived; the reused s also gets 2s through s²",
                via_product),
        Mistake("+= forgotten: only the contribution through s² survived; s also gets z through s·z", via_square),
        Mistake("multiplied the two contributions; on a graph the contributions of a reused value ADD",
                via_product * via_square),
    ))


EXERCISES = {"01.1": example_b_elsewhere, "01.2": value_used_twice}
