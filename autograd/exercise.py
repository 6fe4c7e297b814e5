"""The course's exercise checker: "not answered yet", "right", "close, but not right", or "wrong" and the mistake.

    >>> from autograd.exercise import Exercise, Mistake, check
    >>> ex = Exercise(0.75, mistakes=(Mistake("upstream forgotten", 0.5),))
    >>> check(..., ex)
    not answered yet: replace the ... with your answer, then run this cell again
    >>> check(0.5, ex)
    wrong: 0.5. This is what you get from a known mistake: upstream forgotten
    >>> check(0.75, ex)
    right: 0.75

Why not otter-grader or nbgrader. Both were looked at. otter-grader's ``grader.check("q1")`` runs a
test file that sits next to the notebook (``tests/q1.py``), where the expected value is one click
away, and it reports which assertion failed, not which mistake the student made; it also brings
a large dependency tree (and a grading server) into a course that only needs a self-check.
nbgrader's hidden tests are stripped from the student's copy and run only when the instructor
grades, so they give no feedback while the student works. Neither checks a matrix's orientation
or names a transposed, flattened or reshaped answer. The job here is small (compare one answer
with one expected value and a few computed wrong answers, never raise), so it is this module,
standard library only; array answers are duck-typed through ``.shape`` and ``.tolist()``.

The answers themselves live out of sight, in ``notebooks/course/nNN.py``, one module per
notebook, which computes each expected value and each mistake's value with the engine.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["not answered yet", "right", "close, but not right", "wrong"]
NOT_ANSWERED = "not answered yet: replace the ... with your answer, then run this cell again"


@dataclass(frozen=True)
class Mistake:
    """A named wrong answer: ``value`` is what the mistake ``name`` gives on this problem."""

    name: str
    value: object


@dataclass(frozen=True)
class Exercise:
    """One exercise's key: the expected answer, its known mistakes, and how tightly to compare.

    A number matches when ``|answer - expected| <= max(atol, rtol·|expected|)``: relative, with an
    absolute floor for answers near zero. Within ``close`` (relative) it is "close, but not right";
    ``close=0`` turns that off (counts, integers).
    """

    expected: object
    mistakes: tuple[Mistake, ...] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    close: float = 1e-2


@dataclass(frozen=True)
class Verdict:
    """What the checker says: its status, the line it prints, and the mistake it named (if any)."""

    status: Status
    message: str
    mistake: str | None = None

    @property
    def right(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class _Array:
    """An answer read as numbers: its shape (``()`` for a number) and its entries in row-major order."""

    shape: tuple[int, ...]
    flat: tuple[float, ...] = field(repr=False)


class _Unreadable(Exception):
    """The answer is not a number or an array of numbers; the message says what it is."""


_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist = 40, 40, 6


def _show(answer: object) -> str:
    try:
        text = _SHORT.repr(answer)
    except Exception:  # a student's object whose __repr__ raises
        text = "<"
    return f"a {type(answer).__name__} object" if text.startswith("<") else text


def _has(x: object, name: str) -> bool:
    try:
        return hasattr(x, name)
    except Exception:  # an attribute lookup that raises something other than AttributeError
        return False


def _number(x: object) -> float:
    if isinstance(x, bool):
        raise _Unreadable(f"{x} is a truth value, not a number")
    if isinstance(x, str):
        raise _Unreadable(f"{_show(x)} is a string, not a number (drop the quotes)")
    if isinstance(x, complex):
        raise _Unreadable(f"{x} is a complex number; the answer is real")
    if _has(x, "grad") and _has(x, "data") and not _has(x, "shape"):
        raise _Unreadable(f"{_show(x)} is a node, not a number: give its .grad or its .data")
    try:
        return float(x)  # type: ignore[arg-type]
    except OverflowError:
        raise _Unreadable("that number is too large to be a float") from None
    except Exception as error:
        raise _Unreadable(f"{_show(x)} cannot be read as a number ({type(error).__name__})") from None


def _nested(x: object, depth: int = 0) -> tuple[tuple[int, ...], list[float]]:
    if depth > 8:
        raise _Unreadable("the answer is nested too deeply to be a vector or a matrix")
    if isinstance(x, (list, tuple)):
        parts = [_nested(item, depth + 1) for item in x]
        shapes = {shape for shape, _ in parts}
        if len(shapes) > 1:
            raise _Unreadable("its rows have different lengths (a ragged list is not a matrix)")
        inner = shapes.pop() if shapes else ()
        return (len(parts), *inner), [v for _, flat in parts for v in flat]
    return (), [_number(x)]


def read(answer: object) -> _Array:
    """The answer as a shape and numbers; raises ``_Unreadable`` with a one-line reason."""
    if _has(answer, "shape") and _has(answer, "tolist"):
        try:
            shape = tuple(int(n) for n in answer.shape)  # type: ignore[attr-defined]
            listed = answer.tolist()  # type: ignore[attr-defined]
        except Exception as error:
            raise _Unreadable(f"{_show(answer)} has a shape but cannot be listed ({type(error).__name__})") from None
        inner, flat = _nested(listed)
        if inner != shape:
            raise _Unreadable(f"{_show(answer)} says its shape is {shape} but lists {inner}")
        return _Array(shape, tuple(flat))
    if isinstance(answer, (set, frozenset, dict)):
        raise _Unreadable(f"{_show(answer)} is a {type(answer).__name__}; give a number, a list or an array")
    shape, flat = _nested(answer)
    return _Array(shape, tuple(flat))


def _same(a: _Array, b: _Array, rtol: float, atol: float) -> bool:
    if a.shape != b.shape:
        return False
    for p, q in zip(a.flat, b.flat, strict=True):
        if p == q:
            continue
        if math.isnan(p) or math.isnan(q) or math.isinf(p) or math.isinf(q):
            return False
        if abs(p - q) > max(atol, rtol * abs(q)):
            return False
    return True


def _describe(a: _Array, answer: object) -> str:
    return _show(answer) if not a.shape else f"an array of shape {a.shape}"


def _layout_name(want: tuple[int, ...]) -> str:
    return "a number" if not want else f"of shape {want}"


def _shape_mistake(got: _Array, want: _Array, ex: Exercise) -> str | None:
    """Names a transposed, flattened or reshaped answer (same numbers, another layout), else None."""
    if got.shape == want.shape or not want.shape or len(got.flat) != len(want.flat):
        return None
    if len(want.shape) == 2 and got.shape == want.shape[::-1]:
        rows, cols = want.shape
        transposed = tuple(want.flat[r * cols + c] for c in range(cols) for r in range(rows))
        if _same(got, _Array(got.shape, transposed), ex.rtol, ex.atol):
            return "transposed"
    if _same(got, _Array(got.shape, want.flat), ex.rtol, ex.atol):
        return "flattened" if len(got.shape) == 1 and len(want.shape) > 1 else "reshaped"
    return None


def judge(answer: object, exercise: Exercise) -> Verdict:
    """The verdict on ``answer`` (never raises on a student's answer; see ``check`` for the printed form)."""
    if answer is ... or answer is None:
        return Verdict("not answered yet", NOT_ANSWERED)
    want = read(exercise.expected)  # the key is ours: let a broken key raise
    try:
        got = read(answer)
    except _Unreadable as why:
        return Verdict("wrong", f"wrong: {why}")
    except RecursionError:
        return Verdict("wrong", "wrong: the answer refers to itself (a list that contains itself)")
    shown = _describe(got, answer)
    if any(math.isnan(v) for v in got.flat) and not any(math.isnan(v) for v in want.flat):
        return Verdict("wrong", f"wrong: {shown} is or holds nan, not a number (0/0, inf - inf or an overflow)")
    if _same(got, want, exercise.rtol, exercise.atol):
        return Verdict("right", f"right: {shown}")
    for mistake in exercise.mistakes:
        try:
            value = read(mistake.value)
        except _Unreadable:
            continue
        if _same(got, value, exercise.rtol, exercise.atol):
            return Verdict("wrong", f"wrong: {shown}. This is what you get from a known mistake: {mistake.name}",
                           mistake.name)
    layout = _shape_mistake(got, want, exercise)
    if layout is not None:
        return Verdict("wrong", f"wrong: {shown}, the right numbers {layout} (the answer is "
                                f"{_layout_name(want.shape)})", layout)
    if got.shape != want.shape:
        return Verdict("wrong", f"wrong: {shown}, but the answer is {_layout_name(want.shape)}")
    if exercise.close > 0 and _same(got, want, exercise.close, exercise.atol):
        return Verdict("close, but not right",
                       f"close, but not right: {shown} is within {exercise.close:.0%} of the answer, not within "
                       f"{exercise.rtol:g}; keep every decimal (do not round), or look for a small slip")
    return Verdict("wrong", f"wrong: {shown} is not it. Work through it once more, or open the solution below.")


def check(answer: object, exercise: Exercise) -> None:
    """Print the verdict on ``answer`` in one line. Never raises on a student's answer, never fails a cell."""
    print(judge(answer, exercise).message)


def dead_mistakes(exercise: Exercise) -> list[str]:
    """What is wrong with an exercise's key: a mistake that the checker can never name (it equals the
    answer, or an earlier mistake), or that cannot be read. Empty for a sound key."""
    problems = []
    for i, mistake in enumerate(exercise.mistakes):
        verdict = judge(mistake.value, exercise)
        if verdict.mistake != mistake.name:
            problems.append(f"{mistake.name!r} gives {_show(mistake.value)}, which the checker calls: {verdict}")
        elif any(m.name == mistake.name for m in exercise.mistakes[:i]):
            problems.append(f"{mistake.name!r} is named twice")
    return problems

