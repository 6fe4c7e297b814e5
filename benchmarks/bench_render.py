"""Render times: Graphviz's dot against the pure-pip renderer (Graphviz in WebAssembly + resvg).

A script, not a test: `make bench` (or `python benchmarks/bench_render.py`) prints a markdown table.
Each graph is a balanced tree of products over N/2 inputs, then a log: N value nodes, about 1.5 N
drawn nodes with the op nodes, drawn uncollapsed. Times are the best of a few runs in one process, after a first
call that compiles the WebAssembly module (its cost is printed once, above the table). The PNG is
96 dpi, lowered by the pure-pip renderer to stay under its pixel budget (the dpi column says so).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograd import Value, topological_order
from viz import draw
from viz.outputs import renderers
from viz.outputs.render import pipe

SIZES = (10, 200, 1000)


def tree(n: int) -> Value:
    """n value nodes (n even: n/2 inputs, multiplied pairwise up to one root, n/2 - 1 products, and a log)."""
    xs = [Value(0.5 + i / n, label=f"x{i}") for i in range(n // 2)]
    while len(xs) > 1:
        xs = [xs[i] * xs[i + 1] if i + 1 < len(xs) else xs[i] for i in range(0, len(xs), 2)]
    return xs[0].log()


def best(g: Any, fmt: str, runs: int) -> tuple[float, bytes]:
    """The best time of ``runs`` renders, and what was rendered."""
    times, data = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        data = pipe(g, fmt)
        times.append(time.perf_counter() - start)
    return min(times), data


def first_wasm_call() -> str:
    """A new process's first pure-pip render: compiling the WebAssembly module, then with wasmtime's cache."""
    code = ("import time, os; os.environ['CHAINRULE_RENDERER'] = 'wasm'\n"
            "from viz.outputs.renderers import run\n"
            "t = time.perf_counter(); run('digraph { a -> b }', 'svg'); print(time.perf_counter() - t)")
    root = Path(__file__).resolve().parent.parent
    times = []
    with tempfile.TemporaryDirectory() as cache:  # an empty cache: as on a student's first run
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        for _ in range(2):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                                 env=env, check=True)
            times.append(float(out.stdout))
    return f"{times[0]:.2f} s the very first time (compiling), {times[1]:.2f} s after that (wasmtime's cache)"


def main() -> None:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # dot's 1,000-node PNG is big, and ours
    logging.getLogger("viz").setLevel(logging.ERROR)  # the "PNG this big" note: the dpi column shows it
    kinds = ["dot", "wasm"] if shutil.which("dot") else ["wasm"]
    print(f"first pure-pip render in a new process: {first_wasm_call()}")
    print()
    print("| value nodes | drawn nodes | renderer | SVG | PNG | PNG size (dpi) |")
    print("|---:|---:|---|---:|---:|---|")
    for n in SIZES:
        root = tree(n)
        root.backward()
        g = draw(root, max_nodes=10 * n, collapse=None)
        drawn = g.source.count("shape=record") + g.source.count("shape=ellipse")
        for kind in kinds:
            os.environ[renderers.ENV] = kind
            runs = 3 if n <= 200 else 1
            pipe(g, "svg")  # warm up (the wasm module)
            svg_s, svg = best(g, "svg", runs)
            png_s, png = best(g, "png", runs)
            dpi = renderers.png_dpi(svg, None)[0] if kind == "wasm" else 96
            with Image.open(io.BytesIO(png)) as im:
                size = f"{im.width:,}×{im.height:,} ({dpi})"
            print(f"| {len(topological_order(root)):,} | {drawn:,} | {kind} | {svg_s:.3f} s | {png_s:.3f} s | {size} |")
    os.environ.pop(renderers.ENV, None)
    print()
    print(f"pure-pip PNGs stay under {renderers.MAX_WASM_PIXELS:,} pixels (viz.outputs.renderers.MAX_WASM_PIXELS);"
          " SVG has no limit.")


if __name__ == "__main__":
    main()
