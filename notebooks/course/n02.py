"""Answer keys for notebook 02 (stepping through backprop); every value comes from the engine's graph."""

from __future__ import annotations

from autograd import Value
from autograd.exercise import Exercise, Mistake


def neuron_other_numbers() -> Exercise:
    v = {k: Value(x) for k, x in dict(x1=1.0, x2=-2.0, w1=0.5, w2=0.25, b=0.5).items()}
    z = v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]
    a = z.tanh()
    a.backward()
    da_dz = z.grad                            # 1 − a², what arrives at the product x2·w2
    return Exercise(v["w2"].grad, mistakes=(
        Mistake("upstream forgotten: multiply x2 by ∂a/∂z = 1 − a²", v["x2"].data),
        Mistake("the other operand's derivative: ∂(x2·w2)/∂w2 is x2, not w2", da_dz * v["w2"].data),
        Mistake("sign error: x2 is negative, so is ∂a/∂w2", -v["w2"].grad),
        Mistake("used 1 − z² instead of 1 − a²: tanh'(z) = 1 − tanh(z)²", (1 - z.data ** 2) * v["x2"].data),
    ))


def reaches_the_loss_twice() -> Exercise:
    a, b = Value(2.0), Value(3.0)
    c = a * b
    L = c * a
    L.backward()
    direct = c.data                           # ∂L/∂a along the direct edge
    through_c = c.grad * b.data               # ∂L/∂c · ∂c/∂a
    return Exercise(a.grad, mistakes=(
        Mistake("+= forgotten: a reaches L directly AND through c, and the two contributions add", direct),
        Mistake("multiplied the two contributions; they add", direct * through_c),
        Mistake("that is ∂L/∂b", b.grad),
    ))


EXERCISES = {"02.1": neuron_other_numbers, "02.2": reaches_the_loss_twice}
