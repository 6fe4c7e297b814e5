"""Benchmarks: chainrule against micrograd 0.1.0, the object floor and a flat-tape floor.

A script, not a test: `make bench` (or `python benchmarks/bench.py`) prints a
markdown table. All ratios in one table come from the same run.

- chain: N steps of y = (y*0.9999 + 0.00005).relu(), build + backward
- wide:  the sum of N products of random pairs, build + backward
- peak memory (tracemalloc) of build + backward

The object floor (benchmarks/floor.py) is the least a one-object-per-node engine
can do: a minimal ``__slots__`` node (data, grad, flat edges, creation stamp)
building the graph micrograd builds. The flat-tape floor is what any scalar tape
must at least do in pure Python: floats in a list, and a list of (out, in, local)
tuples walked backwards once.
"""

from __future__ import annotations

import gc
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograd import Value, gc_paused
from autograd import sum as vsum

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import Node

try:
    from micrograd.engine import Value as MicroValue
except ImportError:  # pragma: no cover - `make bench` installs it
    MicroValue = None


# -- the three contestants ----------------------------------------------------


def chain(node: Any, n: int) -> float:
    """N steps of y = (y*0.9999 + 0.00005).relu() made of ``node`` objects, then backward: x's grad."""
    x = node(0.5)
    y = x
    for _ in range(n):
        y = (y * 0.9999 + 0.00005).relu()
    y.backward()
    return float(x.grad)


def chain_ours(n: int) -> float:
    return chain(Value, n)


def chain_micrograd(n: int) -> float:
    return chain(MicroValue, n)


def chain_object_floor(n: int) -> float:
    return chain(Node, n)


def chain_floor(n: int) -> float:
    vals = [0.5]
    tape: list[tuple[int, int, float]] = []
    y = 0.5
    for _ in range(n):
        i = len(vals)
        m = y * 0.9999
        tape.append((i, i - 1, 0.9999))
        a = m + 0.00005
        tape.append((i + 1, i, 1.0))
        y = a if a > 0.0 else 0.0
        tape.append((i + 2, i + 1, 1.0 if a > 0.0 else 0.0))
        vals += (m, a, y)
    grads = [0.0] * len(vals)
    grads[-1] = 1.0
    for out, inp, local in reversed(tape):
        grads[inp] += grads[out] * local
    return grads[0]


def wide_ours(pairs: list[tuple[float, float]]) -> float:
    leaves = [(Value(a), Value(b)) for a, b in pairs]
    s = vsum([a * b for a, b in leaves])
    s.backward()
    return leaves[0][0].grad


def wide_chain_of_adds(node: Any, pairs: list[tuple[float, float]]) -> float:
    """The sum of the products as micrograd builds it (builtin sum: a chain of N additions)."""
    leaves = [(node(a), node(b)) for a, b in pairs]
    s = sum(a * b for a, b in leaves)
    s.backward()
    return float(leaves[0][0].grad)


def wide_ours_chain(pairs: list[tuple[float, float]]) -> float:
    return wide_chain_of_adds(Value, pairs)


def wide_micrograd(pairs: list[tuple[float, float]]) -> float:
    return wide_chain_of_adds(MicroValue, pairs)


def wide_object_floor(pairs: list[tuple[float, float]]) -> float:
    return wide_chain_of_adds(Node, pairs)


def wide_floor(pairs: list[tuple[float, float]]) -> float:
    vals: list[float] = []
    tape: list[tuple[int, int, float]] = []
    products = []
    for a, b in pairs:
        i = len(vals)
        vals += (a, b, a * b)
        tape.append((i + 2, i, b))
        tape.append((i + 2, i + 1, a))
        products.append(i + 2)
    root = len(vals)
    vals.append(sum(vals[i] for i in products))
    tape.extend((root, i, 1.0) for i in products)
    grads = [0.0] * len(vals)
    grads[root] = 1.0
    for out, inp, local in reversed(tape):
        grads[inp] += grads[out] * local
    return grads[0]


# -- measuring ------------------------------------------------------------------


def in_big_stack(fn: Callable[[], object]) -> object:
    """Run fn in a thread with a large stack and recursion limit (micrograd's topo sort recurses)."""
    result: list[object] = []
    old_limit = sys.getrecursionlimit()
    threading.stack_size(1 << 29)
    sys.setrecursionlimit(10**7)

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as e:
            result.append(e)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    threading.stack_size(0)
    sys.setrecursionlimit(old_limit)
    return result[0]


def timed(fn: Callable[[], object], repeats: int) -> float | str:
    """Median seconds of `repeats` runs, or the name of the exception it raised."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        try:
            fn()
        except RecursionError:
            return "RecursionError"
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_mib(contestant: str, n: int) -> float:
    """Peak memory (tracemalloc) of one build + backward, in a fresh process and a big-stack thread."""
    code = (
        "import random, sys, threading, tracemalloc; sys.setrecursionlimit(10**7); "
        "threading.stack_size(1 << 29); sys.path.insert(0, 'benchmarks'); import bench; "
        f"rng = random.Random(0); pairs = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range({n})]; "
        "tracemalloc.start(); "
        f"t = threading.Thread(target=lambda: bench.{contestant}(pairs)); t.start(); t.join(); "
        "print(tracemalloc.get_traced_memory()[1])"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    return int(out.stdout.strip()) / 2**20


def fmt(t: float | str) -> str:
    if isinstance(t, str):
        return t
    return f"{t * 1e3:.1f} ms" if t >= 1e-3 else f"{t * 1e6:.0f} µs"


def ratio(a: float | str, b: float | str) -> str:
    if isinstance(a, str) or isinstance(b, str):
        return "–"
    return f"{a / b:.2f}×"


def main() -> None:
    quick = "--quick" in sys.argv
    rows = ["| benchmark | chainrule | micrograd 0.1.0 | object floor | flat-tape floor "
            "| chainrule / object floor | chainrule / flat floor | micrograd / chainrule |",
            "|---|---|---|---|---|---|---|---|"]

    def row(name: str, ours: float | str, micro: float | str, obj: float | str, floor: float | str) -> None:
        rows.append(f"| {name} | {fmt(ours)} | {fmt(micro)} | {fmt(obj)} | {fmt(floor)} | {ratio(ours, obj)} "
                    f"| {ratio(ours, floor)} | {ratio(micro, ours)} |")

    # every contestant must compute the same gradient before any of them is timed
    rng = random.Random(0)
    check = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(1000)]
    assert abs(chain_ours(300) - chain_floor(300)) < 1e-12 and abs(chain_object_floor(300) - chain_floor(300)) < 1e-12
    assert abs(wide_object_floor(check) - wide_floor(check)) < 1e-12
    assert abs(wide_ours(check) - wide_floor(check)) < 1e-12 and abs(wide_ours_chain(check) - wide_floor(check)) < 1e-12
    if MicroValue:
        assert abs(chain_micrograd(300) - chain_floor(300)) < 1e-12
        assert abs(wide_micrograd(check[:300]) - wide_floor(check[:300])) < 1e-12

    sizes = [100, 10_000, 100_000] + ([] if quick else [1_000_000])
    for n in sizes:
        reps = 5 if n <= 10_000 else (3 if n <= 100_000 else 1)
        ours = timed(lambda n=n: chain_ours(n), reps)
        obj = timed(lambda n=n: chain_object_floor(n), reps)
        floor = timed(lambda n=n: chain_floor(n), reps)
        micro = timed(lambda n=n: chain_micrograd(n), reps) if MicroValue else "not installed"
        row(f"chain N={n:,}", ours, micro, obj, floor)
    rng = random.Random(0)
    pairs = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(100_000)]
    floor = timed(lambda: wide_floor(pairs), 5)
    obj = timed(lambda: wide_object_floor(pairs), 5)
    micro = in_big_stack(lambda: timed(lambda: wide_micrograd(pairs), 3)) if MicroValue else "not installed"
    assert isinstance(micro, (float, str))
    row("wide N=100,000 (one Σ node)", timed(lambda: wide_ours(pairs), 5), micro, obj, floor)
    row("wide N=100,000 (chain of +, as micrograd builds it)", timed(lambda: wide_ours_chain(pairs), 5), micro,
        obj, floor)
    with gc_paused():  # what nn.fit does: a Value graph has no cycles, refcounting frees it
        obj_paused = timed(lambda: wide_object_floor(pairs), 5)
        row("wide N=100,000 (one Σ node), cyclic GC paused (both)", timed(lambda: wide_ours(pairs), 5), micro,
            obj_paused, floor)
    m_ours, m_floor = peak_mib("wide_ours", 100_000), peak_mib("wide_floor", 100_000)
    m_obj = peak_mib("wide_object_floor", 100_000)
    m_micro = peak_mib("wide_micrograd", 100_000) if MicroValue else float("nan")
    rows.append(f"| peak memory, wide N=100,000 | {m_ours:.0f} MiB | {m_micro:.0f} MiB | {m_obj:.0f} MiB "
                f"| {m_floor:.0f} MiB | {m_ours / m_obj:.2f}× | {m_ours / m_floor:.2f}× | {m_micro / m_ours:.2f}× |")
    print(f"Python {sys.version.split()[0]}, one run; micrograd's wide rows use a raised recursion limit "
          "(its recursive sort fails past ~1,000 nodes otherwise).\n")
    print("\n".join(rows))
    print()
    import bench_mlp

    bench_mlp.main()


if __name__ == "__main__":
    main()
