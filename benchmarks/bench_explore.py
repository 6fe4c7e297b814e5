"""Build time and page size of viz.explore (issue 19) for the quick-start graph.

A script, not a test: ``python benchmarks/bench_explore.py`` prints a markdown table of median seconds
over a few runs (the whole page: the engine on every grid point, one layout, the still PNG, the HTML)
and the page's size, against the issue's targets. The last row is the largest grid the size limit
allows for this graph (viz.views.explore_grid.MAX_VALUES), to show the page stays under 2 MB there too.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import viz
from autograd import parse, topological_order
from viz.outputs.renderers import renderer
from viz.views.explore_grid import MAX_VALUES


def quick_start():
    return parse("log((x+y)**2+z)", x=2, y=1, z=1)


def largest_steps() -> int:
    """The most steps per slider the limit allows for two sliders on the quick-start graph."""
    order = topological_order(quick_start())
    per_point = 2 * len(order) + 2 * sum(len(n.parents) for n in order) + 1
    return math.isqrt(MAX_VALUES // per_point)


CASES: list[tuple[str, Callable[[], str], float | None]] = [
    ("one slider, 41 steps", lambda: viz.explore(quick_start(), x=(-2, 2)).html(), 0.3),
    ("two sliders, 41²", lambda: viz.explore(quick_start(), x=(-2, 2), y=(-2, 2)).html(), 2.0),
    (f"two sliders, {largest_steps()}² (the size limit)",
     lambda: viz.explore(quick_start(), x=(-2, 2), y=(-2, 2), steps=largest_steps()).html(), None),
]


def median_seconds(fn: Callable[[], str], repeats: int) -> tuple[float, int]:
    size = len(fn().encode())  # warm up (imports, the renderer)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    print(f"viz.explore on log((x+y)**2+z), renderer: {renderer().name}\n")
    print("| page | seconds (median of 5) | target | page size | target |")
    print("|---|---:|---:|---:|---:|")
    for name, fn, target in CASES:
        seconds, size = median_seconds(fn, 5)
        goal = f"< {target:g} s" if target else "–"
        print(f"| {name} | {seconds:.3f} | {goal} | {size / 1e6:.2f} MB | < 2 MB |")


if __name__ == "__main__":
    main()
