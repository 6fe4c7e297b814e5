"""Costs of fit(..., record=k) and fit(..., live=True) for MLP(2, [16, 16, 1]) on moons; prints a table.

    PYTHONPATH=$PWD python benchmarks/bench_record.py

record: 200 snapshots (record=1 over 200 steps, batch_size=10) against the same fit unrecorded,
and the 200 snapshots' own time. live: in a real IPython kernel (jupyter_client), the same
full-batch fit with live=False and live=True at the default redraw rate, matplotlib imported
beforehand (warm, as in a notebook that has plotted) and not (cold).
"""

from __future__ import annotations

import os
import queue
import sys
import time

import numpy as np

sys.path.insert(0, os.getcwd())

from nn import MLP, SGD, fit
from nn.data import moons
from nn.record import Recorder


def _fit(record: int | None) -> float:
    X, y = moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    start = time.perf_counter()
    fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.1), epochs=20, batch_size=10, seed=0,
        record=record, progress=False)
    return time.perf_counter() - start


def bench_record(repeats: int = 3) -> list[tuple[str, float]]:
    pairs = [(_fit(None), _fit(1)) for _ in range(repeats)]  # interleaved: the machine's load drifts
    plain, recorded = min(p for p, _ in pairs), min(r for _, r in pairs)
    X, _ = moons(100, noise=0.1, seed=0)
    rec = Recorder(MLP(2, [16, 16, 1], seed=0), X)
    start = time.perf_counter()
    for step in range(200):
        rec.take(step, 0.0)
    takes = time.perf_counter() - start
    return [("fit, 200 steps (batch 10), no record", plain),
            ("fit, same, record=1 (200 snapshots)", recorded),
            ("  extra time (difference of the minima; noisy)", recorded - plain),
            ("  200 snapshots alone (Recorder.take)", takes)]


KERNEL_CELL = """
import time
import viz, viz.live
import nn.record
from nn import MLP, SGD, fit
from nn.data import moons
views = []
def factory(*args):
    views.append(viz.live.LiveView(*args))
    return views[-1]
nn.record.register_live(factory)
X, y = moons(100, noise=0.1, seed=0)
def run(live):
    model = MLP(2, [16, 16, 1], seed=0)
    start = time.perf_counter()
    fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.3), epochs={epochs}, live=live, progress=False)
    return time.perf_counter() - start
rows = []
run(False)   # warm-up: the first fit in a fresh kernel is slow for reasons of its own
for i in range({repeats}):   # interleaved, order alternating; the first live run imports matplotlib (cold)
    if i % 2:
        off, on = run(False), run(True)
    else:
        on, off = run(True), run(False)
    rows.append((off, on, views[-1].seconds, views[-1].redraws))
print("RESULT", rows)
"""


def bench_live(epochs: int, repeats: int) -> list[tuple[float, float, float, int]]:
    """Per repeat: (seconds without live, seconds with live, seconds spent drawing, redraws)."""
    import ast

    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        cell = f"import sys; sys.path.insert(0, {os.getcwd()!r})\n" + KERNEL_CELL.format(epochs=epochs,
                                                                                        repeats=repeats)
        msg_id = kc.execute(cell)
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=900)
            except queue.Empty:
                raise SystemExit("kernel went quiet") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                raise SystemExit("\n".join(msg["content"]["traceback"]))
            if msg["msg_type"] == "stream" and "RESULT" in msg["content"]["text"]:
                rows: list[tuple[float, float, float, int]] = ast.literal_eval(msg["content"]["text"].split(" ", 1)[1])
                return rows
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    rows = bench_record()
    print(f"{'case':55s} {'seconds':>9s}")
    for name, value in rows:
        print(f"{name:55s} {value:9.3f}")
    print()
    print("live=True, MLP(2, [16, 16, 1]) on 100 moons, 60 full-batch steps, in a kernel (run 1 is cold)")
    print(f"{'run':>3s} {'live=False s':>12s} {'live=True s':>12s} {'drawing s':>10s} {'redraws':>8s} "
          f"{'drawing/live fit %':>18s} {'wall slow-down %':>16s}")
    for i, (off, on, drawing, redraws) in enumerate(bench_live(epochs=60, repeats=3), start=1):
        print(f"{i:3d} {off:12.2f} {on:12.2f} {drawing:10.2f} {redraws:8d} {100 * drawing / on:18.1f} "
              f"{100 * (on - off) / off:16.1f}")
    print(f"(python {sys.version.split()[0]}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
