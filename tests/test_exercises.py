"""The answer keys in notebooks/course/: every solution is "right", every named mistake fires on its own
wrong answer (none is dead, no two share a value), and every key a notebook checks exists."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "notebooks"))

import course  # noqa: E402

from autograd.exercise import dead_mistakes  # noqa: E402

KEYS = course.keys()
CHECKED = re.compile(r"""\bcheck\(\s*["'](\d+\.\w+)["']""")


def checked_keys() -> dict[str, str]:
    """Each key a notebook's code checks, with the notebook's stem."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found.update({key: path.stem for key in CHECKED.findall(cell.source)})
    return found


def test_every_key_a_notebook_checks_exists_and_belongs_to_that_notebook():
    for key, stem in checked_keys().items():
        assert key in KEYS, f"{stem} checks {key!r}, which notebooks/course/ does not define"
        assert int(key.split(".")[0]) == int(stem[:2]), f"{stem} checks another notebook's key {key!r}"


def test_every_key_is_checked_by_its_notebook():
    unused = sorted(set(KEYS) - set(checked_keys()))
    assert not unused, f"keys no notebook checks: {unused}"


@pytest.mark.parametrize("key", KEYS)
def test_the_solution_is_right(key):
    verdict = course.judge(key, course.solution(key))
    assert verdict.right, verdict.message


@pytest.mark.parametrize("key", KEYS)
def test_every_diagnosis_fires_on_its_own_wrong_answer(key):
    exercise = course.exercise(key)
    assert not dead_mistakes(exercise), dead_mistakes(exercise)
    for mistake in exercise.mistakes:
        verdict = course.judge(key, mistake.value)
        assert verdict.status == "wrong" and verdict.mistake == mistake.name, (mistake.name, verdict.message)
        assert mistake.name in verdict.message


@pytest.mark.parametrize("key", KEYS)
def test_the_placeholder_and_a_hostile_answer_never_fail(key):
    assert course.judge(key, ...).status == "not answered yet"
    assert course.judge(key, "42").status == "wrong"
    assert course.judge(key, float("nan")).status == "wrong"


def test_an_unknown_key_is_a_one_line_lookup_error():
    with pytest.raises(LookupError, match="not of the form"):
        course.exercise("fourteen")
    with pytest.raises(LookupError, match="no answer keys for notebook 99"):
        course.exercise("99.1")
