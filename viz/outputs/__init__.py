"""Stage 3 of viz's pipeline, frames → outputs: what a person sees, on screen, on paper or in slides.

graph → model (:mod:`viz.model`) → frames (:mod:`viz.views`) → **outputs**.

- ``dot``: a model as a ``graphviz.Digraph`` (records, op nodes, edge labels);
- ``renderers``: the one module that runs Graphviz: the ``dot`` program, or Graphviz in WebAssembly;
- ``render``: files (PNG, SVG, PDF, dot, JSON) and a notebook display that never raises;
- ``widget``: what every page shares (a still picture first, scripts second; the display protocol);
- ``stepper``: the step-through page that shows a view's frames, its PNG frames and GIF; ``step()``;
- ``picture``: a frame painted on the one laid-out SVG, cut to a window (for decks and worksheets);
- ``caption``: a step's chain-rule line drawn under a PNG frame;
- ``deck``: lecture slides (PDF, PowerPoint) from the forward and backward frames;
- ``worksheet``: a printable worksheet, the blank graph and the answer key;
- ``paths``: the chain rule as a sum over paths, with its drawing;
- ``explore``, ``explore_page``: sliders over the inputs, every number on the graph and the tangent;
- ``training``: a recorded fit, scrubbed step by step (loss, boundary, one neuron's update);
- ``live``: ``fit(..., live=True)``'s picture, redrawn in place;
- ``plots``: matplotlib figures (decision boundaries, loss curves, activations).
"""
