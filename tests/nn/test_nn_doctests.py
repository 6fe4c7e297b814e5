"""Run nn's docstring examples and nn/README.md (the README section) even when pytest is
pointed at tests/ only (pyproject's testpaths)."""

import doctest
import importlib
import pathlib

import pytest

import nn

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = ["nn", "nn.module", "nn.layers", "nn.losses", "nn.optim", "nn.data", "nn.train", "nn.matrix"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.failed == 0 and result.attempted > 0, result


def test_readme_section():
    path = pathlib.Path(nn.__file__).parent / "README.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0 and result.attempted > 10, result
