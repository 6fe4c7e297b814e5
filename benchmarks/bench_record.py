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
import time{warm}
import viz
from nn import MLP, SGD, fit
from nn.data import moons
X, y = moons(100, noise=0.1, seed=0)
def run(live):
    model = MLP(2, [16, 16, 1], seed=0)
    start = time.perf_counter()
    fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.3), epochs={epochs}, live=live, progress=False)
    return time.perf_counter() - start
{order}
print("RESULT", off, on)
"""


def bench_live(epochs: int, warm: bool) -> tuple[float, float]:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        order = "on = run(True); off = run(False)" if not warm else "off = run(False); on = run(True)"
        cell = f"import sys; sys.path.insert(0, {os.getcwd()!r})\n" + KERNEL_CELL.format(
            warm="\nimport matplotlib.figure, matplotlib.backends.backend_agg" if warm else "",
            epochs=epochs, order=order)
        msg_id = kc.execute(cell)
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=600)
            except queue.Empty:
                raise SystemExit("kernel went quiet") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                raise SystemExit("\n".join(msg["content"]["traceback"]))
            if msg["msg_type"] == "stream" and "RESULT" in msg["content"]["text"]:
                _, off, on = msg["content"]["text"].split()
                return float(off), float(on)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    rows = bench_record()
    for warm in (True, False):
        off, on = bench_live(epochs=60, warm=warm)
        label = "warm" if warm else "cold"
        rows += [(f"fit, 60 full-batch steps, live=False ({label})", off),
                 (f"fit, same, live=True ({label})", on),
                 (f"  slow-down ({label}), %", 100 * (on - off) / off)]
    print(f"{'case':55s} {'seconds':>9s}")
    for name, value in rows:
        print(f"{name:55s} {value:9.3f}")
    print(f"(python {sys.version.split()[0]}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
