"""Helpers shared by the tests (imported as ``from helpers import ...``; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

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


# -- colours: WCAG contrast, and CIELAB as a deuteranope sees it ------------------------------------

def linear(h: str) -> list[float]:
    """sRGB ``#rrggbb`` to linear RGB."""
    return [(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
            for c in (int(h.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = (0.2126 * r + 0.7152 * g + 0.0722 * b_ for r, g, b_ in (linear(a), linear(b)))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(h: str, deuteranopia: bool) -> tuple[float, float, float]:
    """CIELAB of a colour as seen by a deuteranope (Machado et al. 2009, severity 1.0) or not."""
    m = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    c = linear(h)
    if deuteranopia:
        c = [min(1.0, max(0.0, sum(m[i][j] * c[j] for j in range(3)))) for i in range(3)]
    x, y, z = (sum(w * v for w, v in zip(row, c, strict=True)) for row in
               ([0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]))
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x / 0.95047, y, z / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


# Debian's Chromium, never a downloaded one; no background traffic (this machine's network is closed)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright, closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
