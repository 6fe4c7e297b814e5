"""Draw the README's picture: the stepper on the quick start's graph, one step into the chain rule.

    python tools/readme_picture.py [OUT]      # default: docs/stepper.png

The picture is the stepper's captioned frame at step 4 of 7 on worked example B, log((x+y)**2+z) at
(2, 1, 1): node n1 = x + y holds ∂L/∂n1 = 0.1·6.0 = 0.6 (6 = 2s, the square's local derivative), and
passes it on to x and y.
tests/test_docs_picture.py redraws it into a temporary folder and checks that the stored one is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograd import parse  # noqa: E402

STORED = ROOT / "docs" / "stepper.png"
STEP = 4  # frame 0 is "before backward"; frame 4 is step 4 of 7
DPI = 96


def draw(out: Path = STORED) -> Path:
    """Write the picture to ``out`` and return its path."""
    import viz

    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    png = viz.step(f).captioned_pngs(dpi=DPI)[STEP]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(png)
    return out


if __name__ == "__main__":
    print(draw(Path(sys.argv[1]) if len(sys.argv) > 1 else STORED))
