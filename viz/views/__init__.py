"""Stage 2 of viz's pipeline, model → frames: each view is a function that makes typed frames.

graph → model (:mod:`viz.model`) → **frames** → outputs (:mod:`viz.outputs`). This folder imports
from the model, never from outputs.

- ``frames``: :class:`~viz.views.frames.Frame` (the full state at one step), folded once, and packed
  into the page's JSON from the dataclass;
- ``steps``: the stepper's views: the backward pass, the forward pass first, forward mode, the quiz;
- ``forward``: the forward pass and forward mode as records (the op's formula, Dual tangents, counts);
- ``quiz``: one predict-then-reveal question per backward step, with the likely wrong answers;
- ``focus``: one part of a network as its own graph, the rest folded into one op row;
- ``explain``: the backward pass as text, ∂L/∂s = Σ ∂L/∂t·∂t/∂s with the numbers (also LaTeX);
- ``explore_grid``: explore's frames: every node's data and grad at each point of a grid of inputs;
- ``explore_plot``: explore's tangent plot as geometry: the curve, the point, the tangent line.
"""
