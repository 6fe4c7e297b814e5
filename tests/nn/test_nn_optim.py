"""SGD and Adam against torch.optim in float64; schedules by hand; argument errors."""


import pytest
from helpers import import_or_fail_in_ci

from autograd import Value
from nn import MLP, SGD, Adam, linear_decay, step_decay


def _torch():
    return import_or_fail_in_ci("torch")  # in CI a missing torch fails, never skips


START = [0.5, -1.5, 2.0]


def _loss(w, tanh):  # (w0·w1 - 1)² + tanh(w2)·w0 + w2²
    return (w[0] * w[1] - 1) ** 2 + tanh(w[2]) * w[0] + w[2] * w[2]


def _run_ours(make, steps=6):
    w = [Value(x) for x in START]
    opt = make(w)
    history = []
    for _ in range(steps):
        opt.zero_grad()
        _loss(w, lambda v: v.tanh()).backward()
        opt.step()
        history.append([v.data for v in w])
    return history


def _run_torch(torch, make, steps=6):
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = make([w])
    history = []
    for _ in range(steps):
        opt.zero_grad()
        _loss(w, torch.tanh).backward()
        opt.step()
        history.append(w.detach().tolist())
    return history


@pytest.mark.parametrize(("momentum", "weight_decay"), [(0.0, 0.0), (0.9, 0.0), (0.0, 0.1), (0.8, 0.05)])
def test_sgd_matches_torch(momentum, weight_decay):
    torch = _torch()
    ours = _run_ours(lambda p: SGD(p, lr=0.05, momentum=momentum, weight_decay=weight_decay))
    theirs = _run_torch(torch, lambda p: torch.optim.SGD(p, lr=0.05, momentum=momentum,
                                                          weight_decay=weight_decay))
    for a, b in zip(ours, theirs, strict=True):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_adam_matches_torch(weight_decay):
    torch = _torch()
    ours = _run_ours(lambda p: Adam(p, lr=0.1, betas=(0.8, 0.95), eps=1e-6, weight_decay=weight_decay))
    theirs = _run_torch(torch, lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.95), eps=1e-6,
                                                           weight_decay=weight_decay))
    for a, b in zip(ours, theirs, strict=True):
        assert a == pytest.approx(b, rel=1e-10, abs=1e-12)


def test_first_adam_step_by_hand():
    # bias-corrected m̂ = g, v̂ = g², so the first step moves by lr·g/(|g| + eps) ≈ lr·sign(g)
    w = Value(3.0)
    opt = Adam([w], lr=0.1, eps=0.0 + 1e-12)
    (w * w).backward()  # g = 6
    opt.step()
    assert w.data == pytest.approx(2.9, rel=1e-10)


def test_lr_schedule_is_called_with_the_step_index():
    w = Value(0.0)
    opt = SGD([w], lr=step_decay(1.0, 0.5, 2))
    for _ in range(5):
        opt.zero_grad()
        (w * 1.0).backward()  # grad 1: w decreases by lr(k) at step k
        opt.step()
    assert w.data == -(1.0 + 1.0 + 0.5 + 0.5 + 0.25)
    assert opt.steps == 5 and opt.current_lr() == 0.25


def test_linear_decay_is_micrograds_schedule():
    lr = linear_decay(1.0, 0.1, 100)
    for k in (0, 1, 37, 99):
        assert lr(k) == pytest.approx(1.0 - 0.9 * k / 100, rel=1e-14)


def test_optimizers_accept_a_module():
    model = MLP(2, [3, 1], seed=0)
    opt = SGD(model, lr=0.1)
    assert opt.params == model.parameters()
    model([1.0, 2.0]).backward()
    opt.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: SGD(p, lr=-0.1), "SGD lr must be a positive number, got -0.1"),
    (lambda p: SGD(p, lr=0.1, momentum=1.5), r"SGD momentum must be a number in \[0, 1\), got 1.5"),
    (lambda p: SGD(p, lr=0.1, weight_decay=-1), "SGD weight_decay must be a number >= 0, got -1"),
    (lambda p: Adam(p, betas=(0.9, 1.0)), r"Adam betas\[1\] must be a number in \[0, 1\), got 1.0"),
    (lambda p: Adam(p, eps=0), "Adam eps must be a positive number, got 0"),
    (lambda p: SGD([], lr=0.1), "SGD got an empty parameter list"),
    (lambda p: step_decay(1.0, 0.5, 0), "step_decay every must be a positive int, got 0"),
])
def test_bad_arguments_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])


def test_non_value_parameter():
    with pytest.raises(TypeError, match="SGD: parameter 1 must be a Value, got float"):
        SGD([Value(1.0), 2.0], lr=0.1)
