"""explore's page: every grid point's texts (one table of unique strings, points as indices into it),
the typed data the script reads, and the HTML (a still picture first, as the stepper's; see viz/outputs/widget.py).

Every text a person reads is formatted here, once: the grad on x's node and the slope on the plot are
the same string, so they can never disagree.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from string import Template

from ..model.names import NBSP, fixed, num
from ..views.explore_grid import Grid
from ..views.explore_plot import Plot
from .widget import page_css, page_script, script_json, static, still_html, svg_element

GAP_TEXT = "not finite here: a gap in the curve"
NOTE = "Run the cell or trust the notebook to move the sliders."
_STILL = ('<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start">\n'  # the plot beside the graph
          '<div style="flex:0 0 auto;overflow:auto;max-width:100%">{plot}</div>\n'
          '<div style="flex:1 1 360px;min-width:0;overflow:auto">{graph}</div>\n</div>')


@dataclass(frozen=True)
class SliderData:
    """One slider as the page reads it."""

    name: str
    labels: list[str]  # "x = 0.5" at each grid index
    start: int


@dataclass
class Texts:
    """Every point's texts as indices into one table of unique strings (most repeat from point to point)."""

    table: list[str] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)

    def add(self, text: str) -> int:
        if text not in self.where:
            self.where[text] = len(self.table)
            self.table.append(text)
        return self.where[text]


@dataclass(frozen=True)
class PageData:
    """What the script gets (as JSON): ids to change, the strings, and per grid point which string goes where.

    ``points[k]`` is ``[data of each node, grad of each node, first and second line of each edge label,
    the chain-rule line, the slope label]`` as indices into ``texts``; ``marks[k]`` is the plot's
    ``[cx, cy, x1, y1, x2, y2]`` (null where not finite); ``curves[c]`` the curve for the other sliders' index c.
    """

    nodes: list[str]
    edges: list[str]
    sliders: list[SliderData]
    texts: list[str]
    points: list[list[int]]
    marks: list[list[float | None]]
    curves: list[str]
    svg: str
    plot: str
    css: str
    gap: str = GAP_TEXT


@dataclass(frozen=True)
class Formatter:
    """The graph's number formats (the cells are as wide as the widest number anywhere on the grid)."""

    width: int
    precision: int

    def cell(self, x: float) -> str:
        return fixed(x, self.width, self.precision)

    def slope(self, x: float) -> str:
        """x's grad as its node shows it, without the padding: the number printed on the plot."""
        return self.cell(x).replace(NBSP, "").strip()


def formatter(grid: Grid, precision: int) -> Formatter:
    numbers = [x for p in grid.points for x in (*p.data, *p.grad)]
    return Formatter(max(len(fixed(x, 0, precision)) for x in numbers), precision)


def slope_label(f_name: str, x_name: str, number: str) -> str:
    return f"slope of the tangent ∂{f_name}/∂{x_name} = {number}"


@dataclass(frozen=True)
class EdgeLines:
    """Each edge's two label lines at every point, padded to one width per edge (the layout never moves)."""

    first: list[list[str]]  # [point][edge]
    second: list[list[str]]


def edge_lines(grid: Grid, precision: int) -> EdgeLines:
    first = [[f"local {num(x, precision)}" for x in p.local] for p in grid.points]
    second = [[f"+= {num(x, precision)}" for x in p.contribution] for p in grid.points]
    for lines in (first, second):
        for j in range(len(grid.edges)):
            w = max(len(row[j]) for row in lines) + 2
            for row in lines:
                row[j] = row[j].center(w, NBSP)
    return EdgeLines(first, second)


def page_data(grid: Grid, fmt: Formatter, lines: EdgeLines, slopes: list[str], plot: Plot, *,
              node_ids: list[str], edge_ids: list[str], svg: str, plot_svg: str) -> PageData:
    texts = Texts()
    points = []
    for k, p in enumerate(grid.points):
        row = [texts.add(f"data {fmt.cell(x)}") for x in p.data]
        row += [texts.add(f"grad {fmt.cell(x)}") for x in p.grad]
        row += [texts.add(t) for t in lines.first[k]] + [texts.add(t) for t in lines.second[k]]
        row += [texts.add(p.formula), texts.add(slopes[k])]
        points.append(row)
    marks: list[list[float | None]] = [[*(m.point or (None, None)), *(m.tangent or (None,) * 4)]
                                       for m in plot.marks]
    sliders = [SliderData(a.name, [f"{a.name} = {num(v, fmt.precision)}" for v in a.values], a.start)
               for a in grid.axes]
    css = page_css(".chainrule-explore", "explore.css")
    return PageData(node_ids, edge_ids, sliders, texts.table, points, marks, list(plot.curves),
                    svg_element(svg), plot_svg, css)


def page_html(*, uid: str, data: PageData, still: str, plot: str, min_font_px: float, story: str) -> str:
    return Template(static("explore.html")).substitute(
        uid=html.escape(uid), still=still_html(NOTE, _STILL.format(plot=plot, graph=still)),
        min_font_px=f"{min_font_px:g}", story=html.escape(story), data=script_json(asdict(data)),
        js=page_script("explore.js", uid))
