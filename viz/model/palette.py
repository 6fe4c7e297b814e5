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

# plots (viz/outputs/plots.py): two classes are blue and vermillion, their regions light tints of the same;
# more classes take the palette in this order (points and regions alike), curves blue and vermillion
CLASSES = (BLUE, VERMILLION, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, YELLOW, BLACK)
NEGATIVE_POINT, POSITIVE_POINT = BLUE, VERMILLION
NEGATIVE_REGION, POSITIVE_REGION = "#B3D5E8", "#F2CFB3"  # 30% of each mixed with white
AXIS = "#999999"  # neutral: zero lines and the decision boundary


# neutral greys of the page (text on white, borders): not hues, so outside Okabe-Ito
MUTED_TEXT = "#333333"  # the page's secondary text (details, keys, notes)
KEY_BORDER = "#888888"  # the border of a <kbd> key

# fonts: the one place they are named (drawings take Graphviz's comma list, the page CSS's)
FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
MONO = "DejaVu Sans Mono,Menlo,Consolas,monospace"  # fixed-width numbers: nodes never change size


def _css_font(names: str) -> str:
    return ", ".join(n if n in ("sans-serif", "monospace") or " " not in n else f'"{n}"' for n in names.split(","))


def css_properties(root: str = ".chainrule-stepper") -> str:
    """The palette and fonts as CSS custom properties on a page's root element (the stepper's, or
    ``root``): the page's CSS (viz/static/*.css) reads ``var(--cr-...)`` and declares no colour or font
    of its own."""
    props = {
        "font": _css_font(FONT), "mono": _css_font(MONO), "black": BLACK, "white": WHITE, "grey": GREY,
        "orange": ORANGE, "sky-blue": SKY_BLUE, "yellow": YELLOW, "blue": BLUE, "focus": FOCUS_RING,
        "current": CURRENT, "op-fill": OP_FILL, "edge": EDGE, "muted": MUTED_TEXT, "key-border": KEY_BORDER,
    }
    return root + " {\n" + "".join(f"  --cr-{k}: {v};\n" for k, v in props.items()) + "}\n"
