"""Answer keys for notebook 14 (softmax and cross-entropy), from the engine's softmax and log-sum-exp."""

from __future__ import annotations

import math

from autograd import Value
from autograd.exercise import Exercise, Mistake
from nn import cross_entropy, log_sum_exp, softmax

LOGITS = [2.0, 1.0, 0.1]


def another_true_class() -> Exercise:
    c = 1
    z = [Value(v) for v in LOGITS]
    cross_entropy(z, c).backward()
    y_hat = softmax([Value(v) for v in LOGITS])[c].data
    return Exercise(z[c].grad, mistakes=(
        Mistake("forgot the −1 of the one-hot target: for the true class it is ŷ_c − 1", y_hat),
        Mistake("sign error: ∂L/∂z_c = ŷ_c − 1 is negative (raising the true logit lowers the loss)", 1 - y_hat),
        Mistake("that is ∂L/∂ŷ_c = −1/ŷ_c; carry on through the softmax", -1 / y_hat),
    ))


def log_sum_exp_equal() -> Exercise:
    zs = [1000.0] * 3
    try:
        naive = math.log(sum(math.exp(v) for v in zs))
    except OverflowError:      # e^1000 does not fit in a float: numpy would say inf
        naive = math.inf
    return Exercise(log_sum_exp([Value(v) for v in zs]).data, mistakes=(
        Mistake("that is what the naive formula returns: e^1000 overflows. Factor the largest term out", naive),
        Mistake("forgot the log of the number of equal terms: log(K·e^m) = m + log K", max(zs)),
        Mistake("the log of a sum is not the sum of the logs (Σ log e^{z_k} = Σ z_k)", sum(zs)),
    ))


EXERCISES = {"14.1": another_true_class, "14.2": log_sum_exp_equal}
