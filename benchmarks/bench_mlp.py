"""One training step of micrograd's demo, five ways, as a markdown table.

The step: MLP(2, [16, 16, 1]) on 100 moons points (noise 0.1), hinge loss +
1e-4·Σp², one full-batch forward + backward + SGD update. Every implementation
starts from the same weights and is checked to compute the same loss before it
is timed. Run: ``python benchmarks/bench_mlp.py`` (well under two minutes).
``rows()`` returns the measurements for benchmarks/bench.py to merge.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nn import MLP, SGD, MatrixMLP, hinge, l2_penalty
from nn.data import moons, to_pm1
from nn.train import gc_paused

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import Node

ALPHA, LR, SIZES = 1e-4, 0.1, [16, 16, 1]
MICROGRAD, SCALAR, SCALAR_GC = "micrograd 0.1.0", "chainrule scalar", "chainrule scalar, gc on"
FLOOR, TWIN, TORCH = "flat-tape floor (pure Python)", "numpy matrix twin", "torch CPU, vectorised"
OBJECT_FLOOR = "object floor (pure Python)"


def _time(step: Callable[[], float], repeats: int, warmup: int = 1) -> tuple[float, float]:
    """Median seconds of ``step`` over ``repeats`` runs, and the loss of the first run."""
    loss = step()
    for _ in range(warmup - 1):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), loss


# -- the five implementations --------------------------------------------------------


def chainrule_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    rows, labels, opt = X.tolist(), y.tolist(), SGD(model, lr=LR)

    def step() -> float:
        scores = [model(r) for r in rows]
        loss = hinge(scores, labels) + l2_penalty(model, ALPHA)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.data

    return step


def micrograd_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float] | None:
    try:
        import random

        from micrograd.engine import Value as MValue
        from micrograd.nn import MLP as MicroMLP
    except ImportError:
        return None
    random.seed(0)
    micro = MicroMLP(2, SIZES)
    for p, q in zip(micro.parameters(), model.parameters(), strict=True):
        p.data = q.data
    rows, labels = X.tolist(), y.tolist()

    def step() -> float:  # micrograd's demo.ipynb loss(), then its update
        inputs = [list(map(MValue, row)) for row in rows]
        scores = list(map(micro, inputs))
        losses = [(1 + -yi * si).relu() for yi, si in zip(labels, scores, strict=True)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = ALPHA * sum(p * p for p in micro.parameters())
        total = data_loss + reg_loss
        micro.zero_grad()
        total.backward()
        for p in micro.parameters():
            p.data -= LR * p.grad
        return float(total.data)

    return step


def object_floor_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """micrograd's demo graph built from the object floor's minimal nodes (benchmarks/floor.py)."""
    layers = [[([Node(w.data) for w in n.w], Node(n.b.data)) for n in layer.neurons] for layer in model.layers]
    relu = [layer.activation == "relu" for layer in model.layers]
    params = [p for layer in layers for ws, b in layer for p in [*ws, b]]
    rows, labels = X.tolist(), y.tolist()

    def step() -> float:
        scores = []
        for row in rows:
            xs: list[Any] = row
            for layer, act in zip(layers, relu, strict=True):
                zs = [sum((w * x for w, x in zip(ws, xs, strict=True)), b) for ws, b in layer]
                xs = [z.relu() for z in zs] if act else zs
            scores.append(xs[0])
        losses = [(1 + -yi * si).relu() for yi, si in zip(labels, scores, strict=True)]
        total = sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in params)
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= LR * p.grad
        return float(total.data)

    return step


def floor_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """The same graph as plain floats and a flat tape of (out, in, local) tuples: the floor
    for any scalar engine written in Python."""
    params = [p.data for p in model.parameters()]
    shape = [(layer.nin, layer.nout, layer.activation == "relu") for layer in model.layers]
    rows, labels, n_params = X.tolist(), y.tolist(), len(params)

    def step() -> float:
        vals = list(params)
        tape: list[tuple[int, int, float]] = []
        add = tape.append
        scores = []
        for row in rows:
            xs: list[Any] = row  # floats for the input layer, node indices afterwards
            is_node = False
            offset = 0
            for nin, nout, relu in shape:
                outs = []
                for _ in range(nout):
                    total = 0.0
                    terms = []
                    for j in range(nin):
                        w = vals[offset + j]
                        if is_node:
                            xv = vals[xs[j]]
                            vals.append(w * xv)
                            k = len(vals) - 1
                            add((k, offset + j, xv))
                            add((k, xs[j], w))
                        else:
                            vals.append(w * xs[j])
                            k = len(vals) - 1
                            add((k, offset + j, xs[j]))
                        terms.append(k)
                        total += vals[k]
                    total += vals[offset + nin]
                    vals.append(total)
                    z = len(vals) - 1
                    for k in terms:
                        add((z, k, 1.0))
                    add((z, offset + nin, 1.0))
                    if relu:
                        vals.append(total if total > 0 else 0.0)
                        a = len(vals) - 1
                        add((a, z, 1.0 if total > 0 else 0.0))
                        z = a
                    outs.append(z)
                    offset += nin + 1
                xs, is_node = outs, True
            scores.append(xs[0])
        hinges = []
        for s, yi in zip(scores, labels, strict=True):
            vals.append(1 - yi * vals[s])
            m = len(vals) - 1
            add((m, s, -yi))
            vals.append(vals[m] if vals[m] > 0 else 0.0)
            add((len(vals) - 1, m, 1.0 if vals[m] > 0 else 0.0))
            hinges.append(len(vals) - 1)
        vals.append(sum(vals[h] for h in hinges))
        s = len(vals) - 1
        for h in hinges:
            add((s, h, 1.0))
        vals.append(vals[s] / len(hinges))
        mean = len(vals) - 1
        add((mean, s, 1.0 / len(hinges)))
        squares = []
        for i in range(n_params):
            vals.append(vals[i] * vals[i])
            squares.append(len(vals) - 1)
            add((len(vals) - 1, i, vals[i]))
            add((len(vals) - 1, i, vals[i]))
        vals.append(sum(vals[q] for q in squares))
        reg = len(vals) - 1
        for q in squares:
            add((reg, q, 1.0))
        vals.append(ALPHA * vals[reg])
        scaled = len(vals) - 1
        add((scaled, reg, ALPHA))
        vals.append(vals[mean] + vals[scaled])
        root = len(vals) - 1
        add((root, mean, 1.0))
        add((root, scaled, 1.0))
        grads = [0.0] * len(vals)
        grads[root] = 1.0
        for out, inp, local in reversed(tape):
            grads[inp] += grads[out] * local
        for i in range(n_params):
            params[i] -= LR * grads[i]
        return vals[root]

    return step


def twin_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    twin = MatrixMLP.from_mlp(model)

    def step() -> float:
        loss = twin.loss_and_grad(X, y, loss="hinge", l2=ALPHA)
        twin.sgd_step(LR)
        return loss

    return step


def torch_step(model: MLP, X: np.ndarray, y: np.ndarray) -> Callable[[], float] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    twin = MatrixMLP.from_mlp(model)
    params = []
    for W, b in zip(twin.W, twin.b, strict=True):
        params += [torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)]
    tx, ty = torch.tensor(X), torch.tensor(y, dtype=torch.float64)

    def step() -> float:
        g = tx
        for i in range(0, len(params), 2):
            g = g @ params[i].T + params[i + 1]
            if i + 2 < len(params):
                g = torch.relu(g)
        loss = torch.relu(1 - ty * g[:, 0]).mean() + ALPHA * sum((p * p).sum() for p in params)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad
        return float(loss.item())

    return step


# -- the table --------------------------------------------------------------------------------


def rows(repeats: int = 9) -> list[dict[str, Any]]:
    """One dict per implementation: name, median step seconds, loss of the first step, notes."""
    X, labels = moons(100, noise=0.1, seed=1337)
    y = to_pm1(labels).astype(np.float64)
    reference = MLP(2, SIZES, seed=1337)

    def fresh() -> MLP:
        model = MLP(2, SIZES)
        model.load_state_dict(reference.state_dict())
        return model

    out: list[dict[str, Any]] = []

    def measure(name: str, step: Callable[[], float] | None, reps: int, note: str,
                paused: bool = False) -> None:
        if step is None:
            out.append({"name": name, "seconds": None, "loss": None, "note": "not installed"})
            return
        if paused:
            with gc_paused():
                seconds, loss = _time(step, reps)
        else:
            seconds, loss = _time(step, reps)
        out.append({"name": name, "seconds": seconds, "loss": loss, "note": note})
        gc.collect()

    measure(MICROGRAD, micrograd_step(fresh(), X, y), max(3, repeats // 2), "its demo's code, gc on")
    measure(SCALAR, chainrule_step(fresh(), X, y), repeats, "gc paused, as fit() runs it", paused=True)
    measure(SCALAR_GC, chainrule_step(fresh(), X, y), repeats, "cyclic GC left running")
    measure(OBJECT_FLOOR, object_floor_step(fresh(), X, y), repeats, "minimal __slots__ nodes, micrograd's graph, "
            "gc paused", paused=True)
    measure(FLOOR, floor_step(fresh(), X, y), repeats, "floats + (out, in, local) tuples, gc paused",
            paused=True)
    measure(TWIN, twin_step(fresh(), X, y), repeats * 30, "nn.MatrixMLP, float64")
    measure(TORCH, torch_step(fresh(), X, y), repeats * 30, "float64, 1 thread")
    losses = [r["loss"] for r in out if r["loss"] is not None]
    for r in out:
        if r["loss"] is not None and abs(r["loss"] - losses[0]) > 1e-9:
            raise AssertionError(f"{r['name']} computed loss {r['loss']!r}, expected {losses[0]!r}")
    return out


def _ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1e3:.3f}"


def main() -> None:
    table = rows()
    by = {r["name"]: r["seconds"] for r in table}
    scalar = by[SCALAR]
    print("micrograd's demo step: MLP(2, [16, 16, 1]), 100 moons points, hinge + 1e-4 L2,")
    print("one full-batch forward + backward + SGD update; median of several runs.\n")
    print("| implementation | median step (ms) | × chainrule scalar | × object floor | notes |")
    print("|---|---:|---:|---:|---|")
    for r in table:
        ratio = "n/a" if r["seconds"] is None else f"{r['seconds'] / scalar:.3g}"
        to_obj = "n/a" if r["seconds"] is None else f"{r['seconds'] / by[OBJECT_FLOOR]:.3g}"
        print(f"| {r['name']} | {_ms(r['seconds'])} | {ratio} | {to_obj} | {r['note']} |")
    checks = []
    if by[MICROGRAD]:
        checks.append(("chainrule ≥ 5× faster than micrograd", by[MICROGRAD] / scalar, 5, True))
    checks.append(("chainrule ≤ 3× the flat-tape floor", scalar / by[FLOOR], 3, False))
    checks.append(("chainrule ≤ 1.3× the object floor", scalar / by[OBJECT_FLOOR], 1.3, False))
    checks.append(("twin ≥ 100× faster than chainrule scalar", scalar / by[TWIN], 100, True))
    if by[TORCH]:
        checks.append(("twin time / torch time ≤ 1", by[TWIN] / by[TORCH], 1, False))
    print("\n| target | measured | met? |")
    print("|---|---:|---|")
    for name, value, target, higher in checks:
        met = value >= target if higher else value <= target
        print(f"| {name} | {value:.2f}× | {'yes' if met else 'NO'} |")


if __name__ == "__main__":
    main()
