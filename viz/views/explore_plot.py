"""explore's tangent plot: f over the first slider's input, the current point and the tangent line.

All geometry is worked out here, in Python, for every grid point (the page only moves the point and
the line): a curve per setting of the other sliders, with a gap wherever f is not finite, and per grid
point the dot's position and the tangent, clipped to the plot. Text is 15 px and up (never under 14).
"""

from __future__ import annotations

import html
import itertools
import math
from dataclasses import dataclass

from ..model.palette import AXIS, BLACK, BLUE, FONT, ORANGE, VERMILLION, WHITE
from .explore_grid import Grid

WIDTH, HEIGHT = 400.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 76.0, 24.0, 56.0, 56.0
TEXT_PX = 16
TICK_PX = 15
Box = tuple[float, float, float, float]  # x lo, x hi, y lo, y hi (data units)


@dataclass(frozen=True)
class Mark:
    """What the plot shows at one grid point (CSS px in the plot's SVG; None where not finite)."""

    point: tuple[float, float] | None
    tangent: tuple[float, float, float, float] | None
    slope: str  # the label over the plot: the same number as x's grad on the graph


@dataclass(frozen=True)
class Plot:
    box: Box
    curves: tuple[str, ...]  # one SVG path per setting of the other sliders (row-major)
    marks: tuple[Mark, ...]  # one per grid point (row-major, as Grid.points)


def y_range(values: list[float]) -> tuple[float, float]:
    """The finite values' range, padded by 6 % (a flat or empty curve gets a range around it)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return -1.0, 1.0
    lo, hi = min(finite), max(finite)
    pad = (hi - lo) * 0.06 if hi > lo else max(1.0, abs(lo) * 0.1)
    lo, hi = lo - pad, hi + pad
    return (lo, hi) if math.isfinite(hi - lo) else (-1e300, 1e300)


def px(x: float, box: Box) -> float:
    return round(LEFT + (x - box[0]) / (box[1] - box[0]) * (WIDTH - LEFT - RIGHT), 2)


def py(y: float, box: Box) -> float:
    return round(TOP + (box[3] - y) / (box[3] - box[2]) * (HEIGHT - TOP - BOTTOM), 2)


def tangent(x0: float, f0: float, slope: float, box: Box) -> tuple[float, float, float, float] | None:
    """The line through (x0, f0) with this slope, cut to the plot's box, in px (None if nothing is inside)."""
    a, b = box[0], box[1]
    if slope != 0.0:  # where the line leaves the box through the top or the bottom
        xs = sorted((x0 + (box[2] - f0) / slope, x0 + (box[3] - f0) / slope))
        a, b = max(a, xs[0]), min(b, xs[1])
    if not a < b:
        return None

    def at(x: float) -> float:
        return min(box[3], max(box[2], f0 + slope * (x - x0)))

    return px(a, box), py(at(a), box), px(b, box), py(at(b), box)


def plot(grid: Grid, slope_text: list[str]) -> Plot:
    """The curves and every grid point's mark; ``slope_text[k]`` is point k's slope label."""
    first = grid.axes[0]
    x_index = grid.order.index(first.leaf)
    box = (first.values[0], first.values[-1], *y_range([p.data[-1] for p in grid.points]))
    curves = []
    for rest in itertools.product(*(range(len(a.values)) for a in grid.axes[1:])):
        d, pen = [], "M"
        for i, x in enumerate(first.values):
            f = grid.at((i, *rest)).data[-1]
            if math.isfinite(f):
                d.append(f"{pen}{px(x, box)} {py(f, box)}")
                pen = "L"
            else:
                pen = "M"  # a gap: the next finite point starts a new piece
        curves.append(" ".join(d))
    marks = []
    for p, text in zip(grid.points, slope_text, strict=True):
        x0, f0, g = first.values[p.index[0]], p.data[-1], p.grad[x_index]
        point = (px(x0, box), py(f0, box)) if math.isfinite(f0) else None
        line = tangent(x0, f0, g, box) if point and math.isfinite(g) else None
        marks.append(Mark(point, line, text))
    return Plot(box, tuple(curves), tuple(marks))


def svg(p: Plot, k: int, curve: int, *, x_name: str, f_name: str, tick: list[str]) -> str:
    """The plot as standalone SVG, showing grid point ``k`` on curve ``curve`` (its ticks' texts given:
    x lo, x hi, f lo, f hi). Every element the page changes has a class the script finds it by."""
    e = html.escape
    box_w, box_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    m = p.marks[k]
    hide = "" if m.point else ' display="none"'
    parts = [f'<rect x="0" y="0" width="{WIDTH:g}" height="{HEIGHT:g}" fill="{WHITE}"/>',
             f'<rect x="{LEFT:g}" y="{TOP:g}" width="{box_w:g}" height="{box_h:g}" fill="none" stroke="{AXIS}"/>']
    if p.box[2] < 0 < p.box[3]:  # the zero line
        parts.append(f'<line x1="{LEFT:g}" x2="{WIDTH - RIGHT:g}" y1="{py(0, p.box)}" y2="{py(0, p.box)}" '
                     f'stroke="{AXIS}" stroke-dasharray="4 4"/>')
    bottom, text = HEIGHT - BOTTOM, f'font-family="{e(FONT)}" fill="{BLACK}"'
    parts += [
        f'<text x="{LEFT:g}" y="{bottom + 20:g}" font-size="{TICK_PX}" text-anchor="start" {text}>{e(tick[0])}</text>',
        f'<text x="{WIDTH - RIGHT:g}" y="{bottom + 20:g}" font-size="{TICK_PX}" text-anchor="end" {text}>'
        f'{e(tick[1])}</text>',
        f'<text x="{LEFT + box_w / 2:g}" y="{HEIGHT - 8:g}" font-size="{TEXT_PX}" text-anchor="middle" {text}>'
        f'{e(x_name)}</text>',
        f'<text x="{LEFT - 6:g}" y="{bottom:g}" font-size="{TICK_PX}" text-anchor="end" {text}>{e(tick[2])}</text>',
        f'<text x="{LEFT - 6:g}" y="{TOP + 12:g}" font-size="{TICK_PX}" text-anchor="end" {text}>{e(tick[3])}</text>',
        f'<text x="{LEFT - 6:g}" y="{TOP + box_h / 2 + 6:g}" font-size="{TEXT_PX}" text-anchor="end" {text}>'
        f'{e(f_name)}</text>',
        f'<path class="cr-curve" d="{p.curves[curve]}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>',
        _line(m.tangent),
        f'<circle class="cr-point" r="6" cx="{m.point[0] if m.point else -99}" cy="{m.point[1] if m.point else -99}" '
        f'fill="{ORANGE}" stroke="{BLACK}" stroke-width="1.5"{hide}/>',
        f'<text class="cr-slope" x="{LEFT:g}" y="24" font-size="{TEXT_PX}" {text}>{e(m.slope)}</text>',
        f'<text class="cr-gap" x="{LEFT:g}" y="44" font-size="{TICK_PX}" fill="{VERMILLION}" '
        f'font-family="{e(FONT)}">{"" if m.point else "not finite here: a gap in the curve"}</text>',
    ]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-plot-svg" width="{WIDTH:g}" height="{HEIGHT:g}" '
            f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" aria-label="{e(f_name)} over {e(x_name)} with the '
            f'tangent">' + "".join(parts) + "</svg>")


def _line(t: tuple[float, float, float, float] | None) -> str:
    x1, y1, x2, y2 = t or (0, 0, 0, 0)
    hidden = "" if t else ' display="none"'
    return (f'<line class="cr-tangent" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{VERMILLION}" '
            f'stroke-width="2.5"{hidden}/>')
