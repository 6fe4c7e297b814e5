"""How fast the stepper appears: building it and making what a notebook stores (HTML + PNG).

A script, not a test: `python benchmarks/bench_viz.py` prints a markdown table (the median of
several runs, with the fastest). Targets (issue 8): the quick-start graph in under 50 ms, one
neuron of MLP(2, [16, 16, 1]) in under 0.3 s. The display renders the SVG (the live view) and
the PNG (the picture that untrusted hosts show) with two dot runs at once; the image/png entry
of the mimebundle reuses the PNG the HTML already carries.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import viz
from autograd import Value, parse

RUNS = 7


def quick_start() -> Value:
    return parse("log((x+y)**2+z)", x=2, y=1, z=1)


def network(sizes: list[int]) -> tuple[object, Value]:
    import nn

    model = nn.MLP(2, sizes, seed=1)
    return model, (model([0.5, -1.0]) - 1.0) ** 2


def timed(make: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    model, loss = network([16, 16, 1])
    neuron = model.layers[1].neurons[3]  # type: ignore[attr-defined]
    small_model, small = network([4, 4, 1])
    rows = [
        ("quick start: viz.step(f)", lambda: viz.step(quick_start()), None),
        ("quick start: step + notebook display", lambda: viz.step(quick_start())._repr_mimebundle_(), 0.050),
        ("MLP(2,[16,16,1]) one neuron: step(focus=)", lambda: viz.step(loss, focus=neuron), None),
        ("MLP(2,[16,16,1]) one neuron: step + display",
         lambda: viz.step(loss, focus=neuron)._repr_mimebundle_(), 0.300),
        ("MLP(2,[4,4,1]) whole: step + display", lambda: viz.step(small)._repr_mimebundle_(), None),
        ("quick start: viz.draw(f) display", lambda: viz.draw(quick_start())._repr_mimebundle_(), None),
    ]
    del small_model
    print("| what | median | fastest | target |")
    print("| --- | ---: | ---: | ---: |")
    for name, make, target in rows:
        median, fastest = timed(make)
        goal = "" if target is None else f"< {target * 1e3:.0f} ms {'ok' if median < target else 'MISSED'}"
        print(f"| {name} | {median * 1e3:.1f} ms | {fastest * 1e3:.1f} ms | {goal} |", flush=True)


if __name__ == "__main__":
    main()
