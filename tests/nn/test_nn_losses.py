"""Losses: values and gradients by hand, against finite differences and torch (float64)."""

import math
import random

import numpy as np
import pytest
from helpers import import_or_fail_in_ci

from autograd import Value, gradcheck
from nn import bce_with_logits, cross_entropy, hinge, huber, l2_penalty, log_sum_exp, mae, mse, softmax


def _torch():
    return import_or_fail_in_ci("torch")  # in CI a missing torch fails, never skips


def _values(xs):
    return [Value(x) for x in xs]


def test_mse_by_hand():
    g = _values([1.0, 3.0])
    loss = mse(g, [0.0, 1.0])  # ((1)² + (2)²)/2
    loss.backward()
    assert loss.data == 2.5
    assert [v.grad for v in g] == pytest.approx([1.0, 2.0])  # (2/N)(g - y)


def test_mae_by_hand():
    g = _values([1.0, -1.0, 2.0])
    loss = mae(g, np.array([0.0, 0.0, 2.0]))
    loss.backward()
    assert loss.data == pytest.approx(2 / 3)
    assert [v.grad for v in g] == pytest.approx([1 / 3, -1 / 3, 0.0])


def test_huber_by_hand():
    g = _values([0.5, 4.0])  # residuals 0.5 (quadratic) and 3 (linear)
    loss = huber(g, [0.0, 1.0], delta=1.0)
    loss.backward()
    assert loss.data == pytest.approx((0.125 + (3 - 0.5)) / 2)
    assert [v.grad for v in g] == pytest.approx([0.25, 0.5])


def test_hinge_by_hand():
    s = _values([0.5, -2.0, 3.0, 2.0])
    loss = hinge(s, [1, 1, -1, 1])  # relu(0.5), relu(3), relu(4), relu(-1)
    loss.backward()
    assert loss.data == pytest.approx(7.5 / 4)
    assert [v.grad for v in s] == pytest.approx([-0.25, -0.25, 0.25, 0.0])


def test_hinge_rejects_01_labels():
    with pytest.raises(ValueError, match=r"hinge: label 1 is 0.0, labels must be -1 or \+1"):
        hinge(_values([1.0, 2.0]), [1, 0])


def test_bce_by_hand_and_stable():
    z = _values([0.0, 1000.0, -1000.0, 2.0])
    loss = bce_with_logits(z, [1, 0, 0, 1])
    loss.backward()
    expected = (math.log(2) + 1000.0 + 0.0 + math.log(1 + math.exp(-2))) / 4
    assert loss.data == pytest.approx(expected, rel=1e-12)
    sig2 = 1 / (1 + math.exp(-2))
    assert [v.grad for v in z] == pytest.approx([(0.5 - 1) / 4, 1 / 4, 0.0, (sig2 - 1) / 4], abs=1e-15)


def test_bce_matches_torch():
    torch = _torch()
    rng = random.Random(0)
    zs = [rng.uniform(-30, 30) for _ in range(8)]
    ys = [rng.choice([0.0, 1.0, 0.3]) for _ in range(8)]
    z = _values(zs)
    loss = bce_with_logits(z, ys)
    loss.backward()
    tz = torch.tensor(zs, dtype=torch.float64, requires_grad=True)
    tl = torch.nn.functional.binary_cross_entropy_with_logits(tz, torch.tensor(ys, dtype=torch.float64))
    tl.backward()
    assert loss.data == pytest.approx(tl.item(), rel=1e-12)
    assert [v.grad for v in z] == pytest.approx(tz.grad.tolist(), rel=1e-10, abs=1e-15)


def test_bce_rejects_targets_outside_01():
    with pytest.raises(ValueError, match=r"bce_with_logits: target 0 is -1.0, targets must lie in \[0, 1\]"):
        bce_with_logits(_values([1.0]), [-1])


def test_softmax_by_hand_and_large_logits():
    p = softmax(_values([1.0, 2.0, 3.0]))
    denom = math.e + math.e**2 + math.e**3
    assert [v.data for v in p] == pytest.approx([math.e / denom, math.e**2 / denom, math.e**3 / denom])
    big = softmax(_values([1000.0, 1000.0 + math.log(3)]))
    assert [v.data for v in big] == pytest.approx([0.25, 0.75])


def test_log_sum_exp_no_overflow():
    assert log_sum_exp(_values([1000.0, 1000.0])).data == pytest.approx(1000 + math.log(2))


def test_cross_entropy_gradient_is_softmax_minus_onehot():
    zs = [0.2, -1.3, 2.5, 0.0]
    c = 1
    z = _values(zs)
    loss = cross_entropy(z, c)
    loss.backward()
    e = [math.exp(x) for x in zs]
    y_hat = [x / sum(e) for x in e]
    assert loss.data == pytest.approx(-math.log(y_hat[c]), rel=1e-12)
    onehot = [1.0 if k == c else 0.0 for k in range(4)]
    expected = [p - o for p, o in zip(y_hat, onehot, strict=True)]
    assert [v.grad for v in z] == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_batch_matches_torch():
    torch = _torch()
    rng = random.Random(1)
    rows = [[rng.uniform(-5, 5) for _ in range(3)] for _ in range(5)]
    classes = [0, 2, 1, 2, 0]
    z = [_values(r) for r in rows]
    loss = cross_entropy(z, classes)
    loss.backward()
    tz = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
    tl = torch.nn.functional.cross_entropy(tz, torch.tensor(classes))
    tl.backward()
    assert loss.data == pytest.approx(tl.item(), rel=1e-12)
    ours = np.array([[v.grad for v in r] for r in z])
    np.testing.assert_allclose(ours, tz.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_cross_entropy_bad_class():
    with pytest.raises(ValueError, match=r"cross_entropy: class 0 is 3, must be an int in 0..2"):
        cross_entropy(_values([1.0, 2.0, 3.0]), 3)
    with pytest.raises(ValueError, match="2 rows of logits but 1 class labels"):
        cross_entropy([_values([1.0, 2.0]), _values([1.0, 2.0])], [0])


def test_l2_penalty_by_hand():
    ps = _values([1.0, -2.0])
    loss = l2_penalty(ps, 0.5)  # 0.5·(1 + 4)
    loss.backward()
    assert loss.data == 2.5
    assert [p.grad for p in ps] == [1.0, -2.0]  # 2·alpha·p
    with pytest.raises(ValueError, match="alpha must be a number >= 0, got -1"):
        l2_penalty(ps, -1)


@pytest.mark.parametrize("loss", [
    lambda a, b, c: mse([a, b, c], [0.1, -0.4, 2.0]),
    lambda a, b, c: mae([a, b, c], [0.1, -0.4, 2.0]),
    lambda a, b, c: huber([a, b, c], [0.1, -0.4, 2.0], delta=0.5),
    lambda a, b, c: hinge([a, b, c], [1, -1, 1]),
    lambda a, b, c: bce_with_logits([a, b, c], [1, 0, 1]),
    lambda a, b, c: cross_entropy([a, b, c], 2),
    lambda a, b, c: sum(softmax([a, b, c])[i] * w for i, w in enumerate([1.0, -2.0, 0.5])),
])
def test_gradcheck_every_loss(loss):
    assert gradcheck(loss, [0.7, 0.3, -0.9])


def test_shape_mismatch_and_bad_targets_are_named():
    with pytest.raises(ValueError, match="mse: 2 predictions but 3 targets"):
        mse(_values([1.0, 2.0]), [1, 2, 3])
    with pytest.raises(TypeError, match="mse: target 1 must be a number, got str"):
        mse(_values([1.0, 2.0]), [1, "2"])
    with pytest.raises(ValueError, match="huber: delta must be a positive number, got 0"):
        huber(_values([1.0]), [1.0], delta=0)


def test_nested_predictions_flatten():
    rows = [_values([1.0, 2.0]), _values([3.0, 4.0])]
    assert mse(rows, np.array([[1.0, 2.0], [3.0, 6.0]])).data == 1.0  # (0+0+0+4)/4


def test_a_one_sample_loss_adds_no_mean_nodes():
    from autograd import Value
    from nn import cross_entropy, mse

    z = [Value(2.0), Value(1.0), Value(0.1)]
    loss = cross_entropy(z, 0)
    assert loss.op == "-"  # logsumexp(z) - z_c itself, not Σ(·)·1
    p = Value(3.0)
    assert mse(p, 1.0).op == "**"  # (p - y)², not Σ(·)·1
