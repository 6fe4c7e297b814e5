"""Shared fixtures (plain helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
import shutil
from types import ModuleType

import pytest
from helpers import import_or_fail_in_ci


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch (float64 cross-checks). CI installs torch==2.13.0, so there it must import."""
    return import_or_fail_in_ci("torch")


@pytest.fixture
def forget_user_ops():
    """Tests that call autograd.define_op start and end with the built-in op table only."""
    import autograd.define
    from autograd import OPS
    from autograd.ops import BY_SYMBOL

    before_ops, before_symbols = dict(OPS), dict(BY_SYMBOL)
    yield
    for table, before in ((OPS, before_ops), (BY_SYMBOL, before_symbols)):
        table.clear()
        table.update(before)
    autograd.define._USER.clear()


@pytest.fixture(scope="session")
def path_without_dot(tmp_path_factory) -> str:
    """A PATH like this one, minus Graphviz: one folder of links to every other program."""
    dot = shutil.which("dot")
    hidden = {"dot"} | ({os.path.realpath(dot)} if dot else set())
    farm = tmp_path_factory.mktemp("bin-without-dot")
    for folder in reversed(os.environ.get("PATH", "").split(os.pathsep)):  # the first on PATH wins
        if not folder or not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            if entry.name in hidden or os.path.realpath(entry.path) in hidden:
                continue
            link = farm / entry.name
            if link.is_symlink():
                link.unlink()
            link.symlink_to(entry.path)
    return str(farm)


# The fast loop (`make check`) leaves out what needs a browser, JupyterLab, a kernel per notebook, a built
# wheel, or minutes. The markers are applied here, by file and fixture, so the test files stay as written;
# pyproject.toml registers them.
BY_FILE = {
    "test_jupyterlab.py": ("jupyter", "browser"),
    "test_notebooks.py": ("notebooks",),
    "test_check_engine_notebooks.py": ("notebooks",),  # runs the track's notebooks under a kernel
    "test_wheel.py": ("wheel",),
    "test_viz_deck.py": ("slow",),  # every test draws a whole PDF or PowerPoint deck
}
# Node ids (file::test, parameters left out) measured at 1.5 s or more on a busy 2-core machine with
# `pytest --durations=60 -m "not browser and not jupyter and not notebooks and not wheel"`.
# tests/test_docs_markers.py checks that each still names a test.
SLOW = {
    "tests/test_exercises_notebooks.py::test_every_solution_says_right_in_the_running_notebook",  # a kernel each
    "tests/test_topics.py::test_19_runs_without_torch_and_says_so_in_one_line",  # a kernel
    "docs/nn.md::nn.md",  # trains micrograd's moons demo
    "tests/nn/test_nn_layers.py::test_gaussian_is_the_lectures_fan_in_rule",
    "tests/nn/test_nn_losses.py::test_bce_matches_torch",
    "tests/nn/test_nn_student_module.py::test_a_hand_written_two_layer_net_trains_with_fit_and_the_built_in_optimizers",
    "tests/nn/test_nn_train.py::test_micrograd_moons_demo_reaches_97_percent",
    "tests/test_backward.py::test_one_million_node_chain_at_the_default_recursion_limit",
    "tests/test_edge_check.py::test_the_stepper_marks_the_wrong_edge_too",
    "tests/test_parser.py::test_fuzz_parse_only_ever_raises_value_error",
    "tests/test_property.py::test_random_trees_match_finite_differences",
    "tests/viz/test_viz_stepper.py::test_frames_keep_every_node_in_place",
    "tests/viz/test_viz_stepper.py::test_gif",
    "tests/viz/test_viz_renderers.py::test_a_big_png_says_so_once_and_stays_small_without_dot",
    "tests/viz/test_viz_views.py::test_frames_and_gif_carry_the_caption",
    "tests/viz/test_viz_draw.py::test_auto_rankdir_lays_out_so_a_reader_scrolls_least_sideways",
    "tests/viz/test_viz_plots.py::test_activations_and_their_derivatives_come_from_backward",
    "tests/viz/test_viz_plots.py::test_plot_colours_stay_apart_for_colour_blind_viewers",
    "tests/viz/test_viz_stepper.py::test_cli_html_and_gif",
    "tests/viz/test_viz_worksheet.py::test_two_pages_blank_then_every_gradient",
    "tests/viz/test_training.py::test_save_gif_has_the_chosen_frames",
    "tests/viz/test_explore_hostile.py::test_cli_writes_the_explore_page_and_without_a_range_the_stepper",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        marks = set(BY_FILE.get(name, ()))
        if name.startswith("test_jupyterlab"):  # every file that drives the lab fixture's server
            marks |= {"jupyter", "browser"}
        if "browser" in getattr(item, "fixturenames", ()) or name.startswith("test_site"):
            marks.add("browser")
        if name.startswith("test_site"):
            marks.add("slow")
        if item.nodeid.split("[")[0] in SLOW:
            marks.add("slow")
        for mark in sorted(marks):
            item.add_marker(getattr(pytest.mark, mark))
