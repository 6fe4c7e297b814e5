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

import sys
from typing import Any

from autograd import Value, analytic_grads, numeric_grads  # moved to the engine; still importable from viz

from .outputs.deck import deck
from .outputs.deck import pages as deck_pages
from .outputs.dot import Drawing, draw, draw_dot, to_json
from .outputs.explore import Explorer, explore
from .outputs.live import LiveView  # importing it registers the view fit(..., live=True) opens (nn never imports viz)
from .outputs.paths import Paths, paths
from .outputs.render import GraphvizMissing, mimebundle, render
from .outputs.renderers import Renderer, renderer
from .outputs.stepper import Stepper, step
from .outputs.training import Training, training
from .outputs.worksheet import worksheet
from .views.explain import explain
from .views.forward import ForwardMode, ForwardPass, forward_mode, forward_pass


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext viz``: show every Value as its graph in this IPython or Jupyter session.

    Importing viz does the same when IPython is running; the engine itself never imports viz.
    """
    ipython.display_formatter.mimebundle_formatter.for_type(Value, mimebundle)


def _register_with_ipython() -> None:
    ipython_module = sys.modules.get("IPython")
    ipython = ipython_module.get_ipython() if ipython_module is not None else None
    if ipython is not None:
        load_ipython_extension(ipython)


_register_with_ipython()

_PLOTS = ("plot_decision_boundary", "plot_history", "plot_activations")


def __getattr__(name: str) -> Any:  # matplotlib loads only when a plot is asked for
    if name in _PLOTS:
        from .outputs import plots

        return getattr(plots, name)
    raise AttributeError(f"module 'viz' has no attribute {name!r}")


__all__ = [
    "Drawing",
    "Explorer",
    "ForwardMode",
    "ForwardPass",
    "GraphvizMissing",
    "LiveView",
    "Paths",
    "Renderer",
    "Stepper",
    "Training",
    "analytic_grads",
    "deck",
    "deck_pages",
    "draw",
    "draw_dot",
    "explain",
    "explore",
    "forward_mode",
    "forward_pass",
    "load_ipython_extension",
    "mimebundle",
    "numeric_grads",
    "paths",
    "plot_activations",
    "plot_decision_boundary",
    "plot_history",
    "render",
    "renderer",
    "step",
    "to_json",
    "training",
    "worksheet",
]
