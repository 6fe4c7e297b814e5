"""Build time of the teaching views (issue 9) for the quick-start graph and for one neuron.

A script, not a test: ``python benchmarks/bench_views.py`` prints a markdown table of
median seconds over a few runs; ``--decks`` times issue 21's three lecture decks against their
targets. ``rows()`` returns the measurements for
benchmarks/bench.py to merge. A deck lays its graph out once and makes every
page from that one drawing (viz/outputs/picture.py).
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


def mlp_loss(sizes: list[int], extra: bool = False) -> Value:
    """MLP(2, sizes) on one point: (out - 1)**2 (31 nodes for [3, 1]); ``extra`` adds three ops (61 for [3, 3, 1])."""
    import nn

    model = nn.MLP(2, sizes, seed=1)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    return (loss * 0.5 + 0.1).tanh() if extra else loss


DECKS: dict[str, tuple[Callable[[], Value], dict[str, bool], float]] = {  # graph, deck options, target (s)
    "quick start, think (16 pages)": (GRAPHS["quick start: log((x+y)**2+z)"], {"think": True}, 1.0),
    "MLP(2,[3,1]) (31 nodes)": (lambda: mlp_loss([3, 1]), {}, 3.0),
    "MLP(2,[3,3,1]) + 3 ops (61 nodes), think + forward": (lambda: mlp_loss([3, 3, 1], True),
                                                            {"think": True, "forward": True}, 10.0),
}


def deck_rows(repeats: int = 1) -> list[tuple[str, str, float, int]]:
    """(deck, file type, median seconds, pages) for issue 21's three decks, as .pdf and .pptx."""
    from pypdf import PdfReader

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, options, _) in DECKS.items():
            for suffix in (".pdf", ".pptx"):
                path = Path(tmp) / f"deck{suffix}"
                seconds = median_seconds(lambda m=make, o=options, p=path: viz.deck(m(), p, **o), repeats)
                pages = len(PdfReader(path).pages) if suffix == ".pdf" else 0
                out.append((name, suffix, seconds, pages))
    return out


def main() -> None:
    if "--decks" in sys.argv:  # issue 21's targets: python benchmarks/bench_views.py --decks
        print("| deck | pages | .pdf | .pptx | target (.pdf) |")
        print("|---|---:|---:|---:|---:|")
        measured_decks = deck_rows()
        for name, (_, _, target) in DECKS.items():
            pdf, pptx = (next(r for r in measured_decks if r[:2] == (name, s)) for s in (".pdf", ".pptx"))
            print(f"| {name} | {pdf[3]} | {pdf[2]:.2f} s | {pptx[2]:.2f} s | {target:g} s |")
        return
    measured = rows()
    graphs = list(GRAPHS)
    print(f"| view | {' | '.join(graphs)} |")
    print("|---|" + "---:|" * len(graphs))
    for view in dict.fromkeys(v for v, _, _ in measured):
        cells = [f"{t * 1000:,.1f} ms" for v, _, t in measured if v == view]
        print(f"| {view} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
