"""A/B: this tree's engine against the engine at an earlier commit, on the same machine, interleaved.

A script, not a test: ``python benchmarks/bench_ab.py REV`` (for example the commit before a change
to autograd/) extracts ``autograd/`` at REV with ``git archive``, then times both engines in fresh
processes, alternating A and B so that a busy machine slows both alike. It prints a markdown table of
the fastest times and their ratio, for backward() alone and for build + backward:

- chain: 10⁵ steps of y = (y*0.9999 + 0.00005).relu()
- wide: autograd.sum of 10⁵ products of random pairs
- mixed: 2·10⁴ steps through tanh, exp, * and + (the local rules that call functions)

The cyclic GC stays on, as ``make bench`` runs the engine by default.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3  # A, B, A, B, A, B: each process runs each workload 5 times and keeps its fastest

WORKER = r'''
import gc, random, sys, time
sys.path.insert(0, sys.argv[1])
from autograd import Value
from autograd import sum as vsum

def chain():
    y = Value(0.5)
    for _ in range(100_000):
        y = (y * 0.9999 + 0.00005).relu()
    return y

def wide():
    r = random.Random(1)
    return vsum([Value(r.random()) * Value(r.random()) for _ in range(100_000)])

def mixed():
    y = Value(0.3)
    for _ in range(20_000):
        y = (y * 0.5).tanh() + (y * y).exp() * 0.01
    return y

out = {}
for name, make in [("chain", chain), ("wide", wide), ("mixed", mixed)]:
    build, back = [], []
    for _ in range(5):
        t0 = time.perf_counter(); root = make(); t1 = time.perf_counter(); root.backward()
        back.append(time.perf_counter() - t1); build.append(t1 - t0)
        del root; gc.collect()
    out[name] = (min(back), min(b + k for b, k in zip(build, back)))
print(repr(out))
'''


def extract(rev: str, into: Path) -> Path:
    """``autograd/`` as it was at ``rev``, unpacked under ``into``."""
    try:
        tar = subprocess.run(["git", "archive", rev, "autograd"], cwd=ROOT, capture_output=True, check=True).stdout
    except subprocess.CalledProcessError as e:
        sys.exit(f"bench_ab: git cannot find autograd/ at {rev!r}: {e.stderr.decode().strip().splitlines()[-1]}")
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    return into


def measure(path: Path) -> dict[str, tuple[float, float]]:
    r = subprocess.run([sys.executable, "-c", WORKER, str(path)], capture_output=True, text=True, check=True)
    result: dict[str, tuple[float, float]] = ast.literal_eval(r.stdout.strip())
    return result


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/bench_ab.py REV   (a git commit, tag or branch to compare with)")
    rev = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        old = extract(rev, Path(tmp))
        runs: dict[str, list[dict[str, tuple[float, float]]]] = {"old": [], "new": []}
        for _ in range(ROUNDS):
            runs["old"].append(measure(old))
            runs["new"].append(measure(ROOT))
    print(f"A = autograd/ at {rev}, B = this tree; fastest of {ROUNDS * 5} runs each, interleaved, GC on\n")
    print("| workload | A backward | B backward | B / A | A build + backward | B build + backward | B / A |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in runs["old"][0]:
        a = [min(r[name][i] for r in runs["old"]) for i in (0, 1)]
        b = [min(r[name][i] for r in runs["new"]) for i in (0, 1)]
        print(f"| {name} | {a[0] * 1e3:.1f} ms | {b[0] * 1e3:.1f} ms | {b[0] / a[0]:.3f} "
              f"| {a[1] * 1e3:.1f} ms | {b[1] * 1e3:.1f} ms | {b[1] / a[1]:.3f} |")


if __name__ == "__main__":
    main()
