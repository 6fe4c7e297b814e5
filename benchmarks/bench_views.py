"""Build time of the teaching views (issue 9) for the quick-start graph and for one neuron.

A script, not a test: ``python benchmarks/bench_views.py`` prints a markdown table of
median seconds over a few runs. ``rows()`` returns the measurements for
benchmarks/bench.py to merge. The views that draw pictures (deck, worksheet) run
Graphviz once per frame, so their time is mostly Graphviz's.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import viz
from autograd import Value, parse, topological_order

GRAPHS: dict[str, Callable[[], Value]] = {
    "quick start: log((x+y)**2+z)": lambda: parse("log((x+y)**2+z)", x=2, y=1, z=1),
    "one neuron: tanh(w1*x1 + w2*x2 + b)": lambda: parse("tanh(w1*x1 + w2*x2 + b)", w1=0.5, x1=2.0, w2=-1.0,
                                                         x2=0.5, b=0.1),
}


def first_input(root: Value) -> Value:
    return next(n for n in topological_order(root) if n.is_leaf)


def views(folder: Path) -> dict[str, Callable[[Value], object]]:
    return {
        "viz.paths (first input)": lambda f: viz.paths(f, first_input(f)).graph().source,
        "viz.forward_pass": lambda f: viz.forward_pass(f).text(),
        "viz.forward_mode (every input)": lambda f: viz.forward_mode(f).text(),
        "viz.deck .pdf": lambda f: viz.deck(f, folder / "deck.pdf"),
        "viz.deck .pptx": lambda f: viz.deck(f, folder / "deck.pptx"),
        "viz.deck .pdf, forward + think": lambda f: viz.deck(f, folder / "full.pdf", forward=True, think=True),
        "viz.worksheet .pdf": lambda f: viz.worksheet(f, folder / "sheet.pdf"),
        "viz.step(forward=True) page": lambda f: viz.step(f, forward=True).html(),
        "viz.step(quiz=True) page": lambda f: viz.step(f, quiz=True).html(),
        "viz.step(mode='forward') page": lambda f: viz.step(f, mode="forward").html(),
        "viz.step(forward=True) captioned GIF": lambda f: viz.step(f, forward=True).save_gif(folder / "a.gif"),
    }


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up (imports, font loading)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rows(repeats: int = 3) -> list[tuple[str, str, float]]:
    """(view, graph, median seconds) for every view and graph."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for view, build in views(Path(tmp)).items():
            for graph, make in GRAPHS.items():
                out.append((view, graph, median_seconds(lambda b=build, m=make: b(m()), repeats)))
    return out


def main() -> None:
    measured = rows()
    graphs = list(GRAPHS)
    print(f"| view | {' | '.join(graphs)} |")
    print("|---|" + "---:|" * len(graphs))
    for view in dict.fromkeys(v for v, _, _ in measured):
        cells = [f"{t * 1000:,.1f} ms" for v, _, t in measured if v == view]
        print(f"| {view} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
