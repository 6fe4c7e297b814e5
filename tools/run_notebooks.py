"""Execute the course notebooks under a real Jupyter kernel (nbclient).

    python tools/run_notebooks.py              # run every notebook, report the time of each
    python tools/run_notebooks.py --write      # ... and store the fresh outputs (make notebooks)
    python tools/run_notebooks.py notebooks/01_chain_rule_by_hand.ipynb
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 60  # seconds; a whole notebook is meant to stay under this too
BUDGET = 60  # seconds per notebook (the course's promise); reported, never a test


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run(nb: nbformat.NotebookNode, cwd: Path) -> float:
    """Run every cell of ``nb`` (in place) in a fresh kernel started in ``cwd``; raise on the first error.
    Returns seconds. The course's notebooks run in notebooks/, where ``from course import check`` finds the keys."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # jupyter's own path-migration notices
        client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                resources={"metadata": {"path": str(cwd)}})
        start = time.perf_counter()
        client.execute()
        return time.perf_counter() - start


def execute(path: Path, write: bool = False) -> float:
    """Run every cell of ``path`` in a fresh kernel; raise on the first error. Returns seconds."""
    nb = nbformat.read(path, as_version=4)
    elapsed = run(nb, path.parent)
    if write:
        nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    write = "--write" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or notebooks()
    total = 0.0
    for path in paths:
        seconds = execute(path, write)
        total += seconds
        over = f" (over the {BUDGET} s budget)" if seconds > BUDGET else ""
        print(f"{path.name}: {seconds:.1f} s{over}{' (outputs written)' if write else ''}", flush=True)
    print(f"{len(paths)} notebook(s): {total:.1f} s in all", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
