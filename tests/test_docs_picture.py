"""The README's picture (docs/stepper.png) is current: tools/readme_picture.py redraws it the same.

Graphviz's dot and the pure-pip renderer lay text out a few pixels apart, so the pictures are compared as a
person would: the same size within a few per cent, and nearly the same when both are shrunk to 96 px wide
(a mean grey-level difference under 2.5 of 255). The same step drawn by the other renderer measured 1.4 here;
a neighbouring step of the same graph 4.8 or more.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import readme_picture  # noqa: E402

WIDTH = 96
MAX_MEAN_DIFFERENCE = 2.5
MAX_SIZE_CHANGE = 0.08


def grey(png: bytes | Path) -> Image.Image:
    data = png.read_bytes() if isinstance(png, Path) else png
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("L")


def difference(a: Image.Image, b: Image.Image) -> str | None:
    """Why two pictures differ to the eye, or None."""
    for i, (x, y) in enumerate(zip(a.size, b.size, strict=True)):
        if abs(x - y) > MAX_SIZE_CHANGE * x:
            return f"{'width' if i == 0 else 'height'} {x} px against {y} px"
    size = (WIDTH, round(WIDTH * a.height / a.width))
    mean = ImageStat.Stat(ImageChops.difference(a.resize(size, Image.LANCZOS), b.resize(size, Image.LANCZOS))).mean[0]
    return f"mean difference {mean:.2f} at {WIDTH} px wide" if mean >= MAX_MEAN_DIFFERENCE else None


def test_the_stored_picture_is_current(tmp_path):
    fresh = readme_picture.draw(tmp_path / "stepper.png")
    why = difference(grey(readme_picture.STORED), grey(fresh))
    assert why is None, f"docs/stepper.png is stale ({why}); run python tools/readme_picture.py"


def test_the_readme_shows_it():
    assert "](docs/stepper.png)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_comparison_sees_another_step():
    import viz
    from autograd import parse

    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    frames = viz.step(f).captioned_pngs(dpi=readme_picture.DPI)
    stored = grey(readme_picture.STORED)
    assert difference(stored, grey(frames[readme_picture.STEP])) is None
    for k in (readme_picture.STEP - 1, readme_picture.STEP + 1):
        assert difference(stored, grey(frames[k])) is not None, k
    assert difference(stored, stored.resize((stored.width // 2, stored.height))) == \
           f"width {stored.width} px against {stored.width // 2} px"
