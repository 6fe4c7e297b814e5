"""Every colour viz uses, from the Okabe–Ito palette (distinct for colour-blind viewers and on a
washed-out projector). Drawings, stepper frames, the GIF and the live widget all read these.

Fills carry black text; each fill has a contrast of at least 4.5:1 with black, and the line
colours (outlines, the active edge) at least 3:1 with white. tests/viz/test_viz_palette.py checks
both, and that the role fills stay apart under simulated deuteranopia.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design"
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

WHITE = "#FFFFFF"
GREY = "#CCCCCC"  # neutral, not a hue: constants and op nodes

FILL = {
    "input": SKY_BLUE,
    "parameter": BLUISH_GREEN,
    "constant": GREY,
    "intermediate": WHITE,
    "output": YELLOW,
    "group": REDDISH_PURPLE,
}
OP_FILL = "#F2F2F2"
EDGE = "#555555"
CLUSTER = REDDISH_PURPLE
BAD_FILL = VERMILLION  # gradcheck disagrees here
WRONG_RULE = VERMILLION  # check=True: an edge whose local derivative disagrees with finite differences
HIGHLIGHT = VERMILLION  # draw(highlight=...): a thick outline

# the stepper: the current node is filled AND outlined thickly; the parents being updated are
# outlined; the edges carrying the gradient are drawn thick (and, live, flow against the arrow)
CURRENT = ORANGE
CURRENT_OUTLINE = BLACK
TOUCHED = VERMILLION
ACTIVE = VERMILLION
CURRENT_PENWIDTH = "5"
TOUCHED_PENWIDTH = "3"
ACTIVE_PENWIDTH = "3"
FOCUS_RING = BLUE

# plots (viz/plots.py): two classes are blue and vermillion, their regions light tints of the same;
# more classes take the palette in this order (points and regions alike), curves blue and vermillion
CLASSES = (BLUE, VERMILLION, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, YELLOW, BLACK)
NEGATIVE_POINT, POSITIVE_POINT = BLUE, VERMILLION
NEGATIVE_REGION, POSITIVE_REGION = "#B3D5E8", "#F2CFB3"  # 30% of each mixed with white
AXIS = "#999999"  # neutral: zero lines and the decision boundary

