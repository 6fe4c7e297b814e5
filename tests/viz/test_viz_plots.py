import importlib.util
import io
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

import viz
from autograd import Value
from autograd import sum as vsum


class TinyModel:
    """A module-like model (has parameters, called on one sample), or nn.MLP when nn exists."""

    def __init__(self):
        self.w = [Value(1.0), Value(-1.0)]

    def parameters(self):
        return self.w

    def __call__(self, x):
        return vsum(w * xi for w, xi in zip(self.w, x, strict=True)).tanh()


def model():
    if importlib.util.find_spec("nn") is not None:
        import nn

        return nn.MLP(2, [4, 1])
    return TinyModel()


X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, 0.5], [0.5, -1.0]])
Y = np.array([-1, 1, -1, 1])


def test_decision_boundary_with_a_predict_function():
    fig = viz.plot_decision_boundary(lambda g: g[:, 0] - g[:, 1], X, Y, resolution=30)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "decision boundary" and len(ax.collections) >= 2


def test_decision_boundary_with_a_model_and_class_scores():
    assert isinstance(viz.plot_decision_boundary(model(), X, Y, resolution=12), Figure)
    three = lambda g: np.column_stack([g[:, 0], g[:, 1], -g[:, 0]])
    assert isinstance(viz.plot_decision_boundary(three, X, [0, 1, 2, 0], resolution=12), Figure)


def test_decision_boundary_on_given_axes_and_bad_input():
    fig = Figure()
    ax = fig.add_subplot()
    assert viz.plot_decision_boundary(lambda g: g[:, 0], X, Y, ax=ax, resolution=10) is fig
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        viz.plot_decision_boundary(lambda g: g[:, 0], [[1, 2, 3]], [1])
    with pytest.raises(ValueError, match="returned shape"):
        viz.plot_decision_boundary(lambda g: g[:3, 0], X, Y, resolution=10)


def test_history_dict_and_object():
    fig = viz.plot_history({"loss": [1.0, 0.5, 0.25], "accuracy": [0.5, 0.75, 1.0]})
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    assert list(fig.axes[0].lines[0].get_ydata()) == [1.0, 0.5, 0.25]

    class History:
        loss = (3.0, 2.0)

    assert len(viz.plot_history(History()).axes) == 1
    with pytest.raises(ValueError, match="loss"):
        viz.plot_history({"accuracy": [1.0]})


def test_activations_and_their_derivatives_come_from_backward():
    fig = viz.plot_activations()
    assert len(fig.axes) == 10
    xs = fig.axes[1].lines[0].get_xdata()
    sig_grad = fig.axes[1].lines[0].get_ydata()  # sigmoid' by backward
    mid = int(np.argmin(abs(xs)))
    assert sig_grad[mid] == pytest.approx(0.25)
    relu = fig.axes[5].lines[0].get_ydata()
    assert set(np.unique(relu)) == {0.0, 1.0}
    lin = fig.axes[9].lines[0].get_ydata()
    assert set(np.unique(lin)) == {1.0}
    tanh_grad = fig.axes[3].lines[0].get_ydata()
    assert tanh_grad[0] == pytest.approx(1 - math.tanh(xs[0]) ** 2)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        viz.plot_activations(["swish"])


def test_decision_boundary_regions_and_points_share_colours():
    """A correctly classified point sits on a region of its own colour (blue negative, vermillion positive)."""
    import numpy as np
    from matplotlib.colors import to_hex

    from viz.outputs.plots import NEGATIVE_POINT, NEGATIVE_REGION, POSITIVE_POINT, POSITIVE_REGION

    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([-1, 1])
    fig = viz.plot_decision_boundary(lambda G: G[:, 0] - 0.5, X, y, resolution=20)
    ax = fig.axes[0]
    fills = ax.collections[0]  # contourf: one PathCollection with a face colour per level
    region_colours = [to_hex(c) for c in fills.get_facecolor()]
    assert region_colours == [NEGATIVE_REGION.lower(), POSITIVE_REGION.lower()]  # level 0 (score ≤ 0), then level 1
    points = ax.collections[-1]
    assert [to_hex(c) for c in points.get_facecolor()] == [NEGATIVE_POINT.lower(), POSITIVE_POINT.lower()]


OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}


def test_plot_colours_stay_apart_for_colour_blind_viewers():
    """Every plot colour is Okabe–Ito (or a tint of it), and the two classes stay apart for a deuteranope."""
    from helpers import lab
    from matplotlib.colors import to_hex

    from viz.outputs.plots import NEGATIVE_POINT, NEGATIVE_REGION, POSITIVE_POINT, POSITIVE_REGION

    for a, b, least in [(NEGATIVE_POINT, POSITIVE_POINT, 40), (NEGATIVE_REGION, POSITIVE_REGION, 15)]:
        for deut in (False, True):
            assert math.dist(lab(a, deut), lab(b, deut)) >= least, (a, b, deut)
    # three classes: each point drawn in its class's palette colour, in the palette's order
    three = lambda g: np.column_stack([g[:, 0], g[:, 1], -g[:, 0]])
    fig = viz.plot_decision_boundary(three, X, [0, 1, 2, 0], resolution=12)
    fig.savefig(io.BytesIO(), format="png")  # drawn, as a person sees it: the colour map applied
    points = [to_hex(c) for c in fig.axes[0].collections[-1].get_facecolor()]
    assert points == ["#0072b2", "#d55e00", "#009e73", "#0072b2"]
    with pytest.raises(ValueError, match=r"^plot_decision_boundary: 9 classes, more than the 8 colours") as e:
        viz.plot_decision_boundary(lambda g: np.tile(g[:, :1], 9), X, [0, 1, 2, 3], resolution=5)
    assert "\n" not in str(e.value)
    lines = viz.plot_activations(["tanh"]).axes
    curves = {to_hex(line.get_color()) for ax in lines for line in ax.get_lines() if len(line.get_xdata()) > 2}
    assert curves and curves <= OKABE_ITO, curves

