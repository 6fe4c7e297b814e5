"""Stage 1 of viz's pipeline, graph → model: what a drawing of an autograd graph shows, before any picture.

graph (autograd Values) → **model** → frames (:mod:`viz.views`) → outputs (:mod:`viz.outputs`).
This folder imports nothing from the other two.

- ``spec``: :class:`~viz.model.spec.Spec`, the typed model: records, op nodes, edge ids (made in one
  place), groups, layout direction;
- ``names``: node names, roles (input, parameter, constant, output, from the engine's and nn's own
  marks) and number formatting;
- ``palette``: every colour and font (Okabe–Ito), also as CSS custom properties for the pages;
- ``foreign``: a student's own ``Value`` class, or a check_engine report, rebuilt as autograd Values.
"""
