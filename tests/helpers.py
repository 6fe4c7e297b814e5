"""Helpers shared by the tests (imported as ``from helpers import ...``; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import random
from types import ModuleType

import pytest

from autograd import Value
from autograd import sum as vsum


def import_or_fail_in_ci(name: str) -> ModuleType:
    """Import an optional component: skip locally when it is missing, but fail in CI."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


def two_children():
    """a feeds c = a*b and d = a*4: ∂L/∂a = 2·3 + 1·4 = 10."""
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    c.label = "c"
    d = a * 4
    d.label = "d"
    return c * 2 + d, a


def mlp_loss(sizes=(2, 16, 16, 1), seed=0, use_nn=True):
    """The loss of MLP(2, [16, 16, 1]) on one sample, labelled as nn labels it.

    Uses nn.MLP when nn exists (and use_nn); otherwise a stand-in built the same way.
    """
    if use_nn and importlib.util.find_spec("nn") is not None:
        import nn

        model = nn.MLP(sizes[0], list(sizes[1:]))
        out = model([0.5, -1.0])
        out = out[0] if isinstance(out, (list, tuple)) else out
        return (out - 1.0) ** 2
    rng = random.Random(seed)
    xs: list[Value] = [Value(0.5), Value(-1.0)]
    for layer, nout in enumerate(sizes[1:]):
        acts = []
        for j in range(nout):
            name = f"layers.{layer}.neurons.{j}"
            ws = [Value(rng.uniform(-1, 1), label=f"{name}.w.{k}") for k in range(len(xs))]
            b = Value(0.0, label=f"{name}.b")
            z = vsum([w * x for w, x in zip(ws, xs, strict=True)] + [b])
            z.label = f"{name}.z"
            act = z.relu() if layer < len(sizes) - 2 else z * 1.0
            act.label = f"{name}.act"
            acts.append(act)
        xs = acts
    return (xs[0] - 1.0) ** 2
