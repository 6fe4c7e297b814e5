"""Costs of fit(..., record=k), viz.training and fit(..., live=True) for MLP(2, [16, 16, 1]) on moons.

    PYTHONPATH=$PWD python benchmarks/bench_record.py [--no-kernel]

record: 200 snapshots (record=1 over 200 steps, batch_size=10) against the same fit unrecorded,
and the 200 snapshots' own time (the target: under 0.5 s extra). training: viz.training's page
for those 200 snapshots, its size and the time to make it. live, in process: the full-batch fit
with live=False and live=True at the default redraw rate, the view a stand-in for the display
that does the real drawing (a PNG per redraw) and sends nothing; prints the ratio (the target:
at most 1.10). live, in a kernel (jupyter_client; left out with --no-kernel): the same, with the
real display handle, matplotlib imported beforehand (warm) and not (cold).
"""

from __future__ import annotations

import os
import queue
import sys
import time

import numpy as np

sys.path.insert(0, os.getcwd())

import nn.record
import viz
import viz.outputs.live
from nn import MLP, SGD, fit
from nn.data import moons
from nn.record import Grid, Recorder
from nn.train import History

Array = np.ndarray


class StandIn(viz.outputs.live.LiveView):
    """LiveView without a kernel: the same budget and the same drawing, no display message."""

    def __init__(self, X: Array, y: Array, grid: Grid | None) -> None:
        self.X, self.y, self.grid = X, y, grid
        self._handle = None
        self._start = time.perf_counter()
        self._cost = viz.outputs.live.GUESS
        self.redraws = 0
        self.seconds = 0.0


def bench_live_here(epochs: int = 100, repeats: int = 3) -> list[tuple[float, float, float, int]]:
    """Per repeat: (seconds live=False, seconds live=True, seconds drawing, redraws), interleaved."""
    views: list[StandIn] = []

    def factory(X: Array, y: Array, grid: Grid | None) -> StandIn:
        views.append(StandIn(X, y, grid))
        return views[-1]

    nn.record.register_live(factory)
    X, y = moons(100, noise=0.1, seed=0)

    def run(live: bool) -> float:
        model = MLP(2, [16, 16, 1], seed=0)
        start = time.process_time()  # CPU seconds: the machine is shared, wall time drifts
        fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.3), epochs=epochs, live=live, progress=False)
        return time.process_time() - start

    viz.outputs.live.picture  # noqa: B018
    run(True)  # warm: matplotlib imported, as in a notebook that has plotted
    rows = []
    for i in range(repeats):
        off, on = (run(False), run(True)) if i % 2 else (lambda a, b: (b, a))(run(True), run(False))
        rows.append((off, on, views[-1].seconds, views[-1].redraws))
    nn.record.register_live(viz.outputs.live.LiveView)
    return rows


def bench_training() -> tuple[float, int]:
    """(seconds to make the page, its bytes) for 200 snapshots of MLP(2, [16, 16, 1])."""
    import tempfile

    X, y = moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    h = fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.1), epochs=20, batch_size=10, seed=0,
            record=1, progress=False)
    assert len(h.snapshots) == 200 and isinstance(h, History)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        size = viz.training(h, X, y).save_html(os.path.join(tmp, "t.html")).stat().st_size
    return time.perf_counter() - start, size


def _fit(record: int | None) -> float:
    X, y = moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    start = time.process_time()  # CPU seconds (see bench_live_here)
    fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.1), epochs=20, batch_size=10, seed=0,
        record=record, progress=False)
    return time.process_time() - start


def bench_record(repeats: int = 3) -> list[tuple[str, float]]:
    pairs = [(_fit(None), _fit(1)) for _ in range(repeats)]  # interleaved: the machine's load drifts
    plain, recorded = min(p for p, _ in pairs), min(r for _, r in pairs)
    X, _ = moons(100, noise=0.1, seed=0)
    rec = Recorder(MLP(2, [16, 16, 1], seed=0), X)
    start = time.perf_counter()
    for step in range(200):
        rec.take(step, 0.0)
    takes = time.perf_counter() - start
    return [("fit, 200 steps (batch 10), no record (CPU s)", plain),
            ("fit, same, record=1 (200 snapshots)", recorded),
            ("  extra time (difference of the minima; noisy)", recorded - plain),
            ("  200 snapshots alone (Recorder.take)", takes)]


KERNEL_CELL = """
import time
import viz, viz.outputs.live
import nn.record
from nn import MLP, SGD, fit
from nn.data import moons
views = []
def factory(*args):
    views.append(viz.outputs.live.LiveView(*args))
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
    seconds, size = bench_training()
    print(f"{'viz.training page, 200 snapshots: seconds':55s} {seconds:9.3f}")
    print(f"{'viz.training page, 200 snapshots: kB':55s} {size / 1000:9.1f}")
    print()
    print("live=True in process (a stand-in display that draws every PNG), MLP(2, [16, 16, 1]), 100 moons, "
          "100 full-batch steps")
    print(f"{'run':>3s} {'live=False s':>12s} {'live=True s':>12s} {'drawing s':>10s} {'redraws':>8s} "
          f"{'ratio on/off':>12s}")
    live = bench_live_here()
    for i, (off, on, drawing, redraws) in enumerate(live, start=1):
        print(f"{i:3d} {off:12.2f} {on:12.2f} {drawing:10.2f} {redraws:8d} {on / off:12.3f}")
    print(f"ratio of the minima (CPU seconds; the target is at most 1.10): "
          f"{min(r[1] for r in live) / min(r[0] for r in live):.3f}")
    if "--no-kernel" in sys.argv:
        return
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
