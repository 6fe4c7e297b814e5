"""The package's metadata: one version, an SPDX licence with its file, a changelog that knows the version."""

import importlib.metadata
import re
from pathlib import Path

import pytest

import autograd

tomllib = pytest.importorskip("tomllib")  # Python 3.11+, as CI runs

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_version_is_written_once_and_installed_metadata_agrees():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "autograd.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", autograd.__version__)
    assert importlib.metadata.version("chainrule") == autograd.__version__


def test_the_license_is_an_spdx_expression_with_its_file():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in text
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]  # the first to read SPDX licences


def test_the_changelog_has_an_unreleased_section_and_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\]", text, flags=re.M)
    assert headings[0] == "Unreleased"
    assert autograd.__version__ in headings


def test_make_demo_installs_no_dev_tools():
    makefile = (ROOT / "Makefile").read_text()
    demo = re.search(r"^demo:(.*)$", makefile, flags=re.M).group(1)
    assert "setup" not in demo and "$(DEMO_STAMP)" in demo
    recipe = re.search(r"^\$\(DEMO_STAMP\):.*\n((?:\t.*\n)+)", makefile, flags=re.M).group(1)
    assert "-e '.[nn,viz]'" in recipe and "dev" not in recipe
