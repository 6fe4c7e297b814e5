"""chainrule's pictures: draw a graph, step through its backward pass, explain it, plot training.

>>> from autograd import parse
>>> import viz
>>> f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
>>> print(viz.explain(f).splitlines()[-1])   # explain runs the backward pass
step 7  ∂L/∂x = ∂L/∂n1·∂n1/∂x = 0.6·1.0 = 0.6
>>> g = viz.draw(f)                 # a graphviz.Digraph that shows itself inline in Jupyter
>>> "grad \\u00a00.6000" in g.source   # numbers are padded with no-break spaces
True
>>> len(viz.step(f).frames)         # the step-through widget: one frame per backward step
7

``viz.render(f, "graph.png")`` saves a picture, ``viz.step(f).save_html("steps.html")``
the widget, and ``python -m viz`` does it all from the command line. Pictures are made
by Graphviz's ``dot`` when it is installed, else by Graphviz in WebAssembly (pure pip);
``viz.renderer()`` says which. The plots
(``plot_decision_boundary``, ``plot_history``, ``plot_activations``) import matplotlib
only when used.
"""

from typing import Any

from .dot import Drawing, analytic_grads, draw, draw_dot, numeric_grads, to_json
from .explain import explain
from .render import GraphvizMissing, mimebundle, render
from .renderers import Renderer, renderer
from .stepper import Stepper, step

_PLOTS = ("plot_decision_boundary", "plot_history", "plot_activations")


def __getattr__(name: str) -> Any:  # matplotlib loads only when a plot is asked for
    if name in _PLOTS:
        from . import plots

        return getattr(plots, name)
    raise AttributeError(f"module 'viz' has no attribute {name!r}")


__all__ = [
    "Drawing",
    "GraphvizMissing",
    "Renderer",
    "Stepper",
    "analytic_grads",
    "draw",
    "draw_dot",
    "explain",
    "mimebundle",
    "numeric_grads",
    "plot_activations",
    "plot_decision_boundary",
    "plot_history",
    "render",
    "renderer",
    "step",
    "to_json",
]
