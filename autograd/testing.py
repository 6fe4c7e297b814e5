"""Check a student's own ``Value`` class against this engine: :func:`check_engine`.

>>> from autograd import Value
>>> report = check_engine(Value)
>>> report.ok, report.bugs
(True, ())

The checker builds a battery of small graphs twice, once with the student's class and once with
:class:`autograd.Value`, runs ``backward()`` on both and compares every gradient. It only calls
``Value(x)``, ``+``, ``*``, ``.tanh()``, ``.exp()`` and ``.backward()`` and reads ``.data`` and
``.grad``, so closures (micrograd) and edges with local derivatives (the slides) both work. Each
graph isolates one thing, so a wrong number names its bug:

=================  ================================================================  ============
bug                what the student wrote                                            graph
=================  ================================================================  ============
``seed``           ∂L/∂L left at 0 (or set to something other than 1)               L = x*y
``operand``        the local derivative of the other operand (∂(xy)/∂x = x)          L = x*y
``rule +/*/tanh``  a wrong local rule for that op                                   one op each
``counted once``   parents kept in a set or dict, so x*x has one edge, not two       L = x*x
``overwrite``      ``grad = ...`` instead of ``grad += ...``                          L = x*y + x
``order``          nodes visited without a topological order                         two diamonds
``not zeroed``     grads left from an earlier backward counted again                 x*x*x, twice
``recursion``      a recursive topological sort that dies on a deep chain            x+c1+...+cN
=================  ================================================================  ============

A later bug is looked for only when the earlier ones are absent (the seed first, then the local
rules, then reuse, then order), so each broken engine is named by its one bug. Anything the class
does wrong beyond that (no constructor, a missing op, an exception, nan, a call that hangs for
more than a few seconds) is a line of the report, never a traceback.

``viz.draw(report)`` (or ``viz.draw(report.failed[0])``) draws the graph a bug showed up on, with
the student's gradients beside the right ones. The engine itself never imports viz.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .battery import BATTERY, TIMEOUT, Result, close, deep_chain, has_op, is_stub, num, run_graph, short, start

__all__ = ["BUGS", "EngineReport", "Result", "check_engine", "is_stub"]

OPS = ("+", "*", "tanh", "exp")
BUGS: dict[str, str] = {
    "constructor": "Value(x) must store x in .data and start .grad at 0",
    "missing": "an op the checks need is not written yet",
    "forward": "an op computes the wrong .data",
    "no backward": "the class has no backward() method yet",
    "raises": "the class raised an exception",
    "nan": "a gradient or a value came out nan",
    "hang": f"a call ran for more than {TIMEOUT:g} s (an endless loop?)",
    "seed": "backward() must start with ∂L/∂L = 1 on the root (root.grad = 1)",
    "operand": "a product's local rule uses the wrong operand: ∂(x·y)/∂x is y, not x",
    "rule +": "the local rule for + is wrong: ∂(x+y)/∂x = ∂(x+y)/∂y = 1",
    "rule *": "the local rule for * is wrong: ∂(x·y)/∂x = y and ∂(x·y)/∂y = x",
    "rule tanh": "the local rule for tanh is wrong: ∂tanh(x)/∂x = 1 − tanh(x)², written with the output t",
    "rule exp": "the local rule for exp is wrong: ∂eˣ/∂x = eˣ, the output itself",
    "counted once": "x*x has two edges to x, one per use; keep parents in a list or tuple, not a set or dict",
    "overwrite": "a gradient is assigned (grad = ...) where contributions must add up (grad += ...)",
    "order": "backward must visit each node once, in reverse topological order: a node only after "
             "every node that uses it",
    "not zeroed": "a second backward() counted the first one's interior gradients again: zero every "
                  "grad in the graph before seeding (or at least the non-leaf ones)",
    "recursion": "the topological sort recursed too deep on a long chain: build it with an explicit stack",
    "deep chain": "a long chain of additions gives the wrong gradient",
}



RULE_OF = {"product": "rule *", "sum": "rule +", "tanh": "rule tanh", "exp": "rule exp"}


@dataclass(frozen=True)
class EngineReport:
    """What :func:`check_engine` found. Shows itself as its message (text, or Markdown in Jupyter)."""

    ok: bool
    bugs: tuple[str, ...]
    results: tuple[Result, ...]
    lines: tuple[str, ...]

    @property
    def message(self) -> str:
        return "\n".join(self.lines)

    @property
    def failed(self) -> tuple[Result, ...]:
        """The graphs that came out wrong, each drawable with ``viz.draw(result)``."""
        return tuple(r for r in self.results if not r.ok and r.graph is not None)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {line}" if line[:1] in "✓✗" else f"\n{line}\n" for line in self.lines)


def check_engine(cls: object, *, ops: Sequence[str] = OPS, backward: bool = True,
                 deep: int | None = None) -> EngineReport:
    """Run the student's class ``cls`` through the battery and name the bugs found.

    ``ops`` limits the checks to the ops written so far; ``backward=False`` checks only the
    forward values (before backward exists). ``deep`` is the length of the chain the recursion
    check builds (default: twice the interpreter's recursion limit, at least 2,000).
    """
    if not isinstance(cls, type):
        raise TypeError(f"check_engine needs a class (check_engine(Value)), got {short(cls)}")
    if isinstance(ops, str) or not set(ops) <= set(OPS):
        raise ValueError(f"ops must be a sequence drawn from {OPS}, got {ops!r}")
    lines: list[str] = []
    bugs: list[str] = []

    def bug(name: str, line: str) -> None:
        if name not in bugs:
            bugs.append(name)
        lines.append(line)

    broken = start(cls)
    if broken:
        bug("constructor", f"✗ {broken}")
        return _report(bugs, (), lines, cls)
    ok_ops = []
    for op in ops:
        why = has_op(cls, op)
        if why:
            bug("missing", f"✗ {op}: {why}")
        else:
            ok_ops.append(op)
    has_backward = callable(getattr(cls, "backward", None)) and not is_stub(getattr(cls, "backward", None))
    if backward and not has_backward:
        why = "not written yet (backward has an empty body)" if callable(getattr(cls, "backward", None)) \
            else "the class has no backward() method yet"
        bug("no backward", f"✗ backward: {why}")
    results = tuple(run_graph(cls, g, backward and has_backward) for g in BATTERY if set(g.ops) <= set(ok_ops))
    by = {r.name: r for r in results}
    counts = Counter(r.note for r in results if r.problem)  # the same error on many graphs is said once
    for r in results:
        if r.problem and counts[r.note]:
            more = counts.pop(r.note) - 1
            bug(r.problem, r.line() + (f" (and the same on {more} more graph{'s' * (more > 1)})" if more else ""))
    if not (backward and has_backward):
        lines.extend(r.line() for r in results if r.ok)
    else:
        _diagnose(by, bug, lines)
        if "+" in ok_ops and "seed" not in bugs and not any(r.problem for r in results):
            deep_line, deep_bug = deep_chain(cls, deep)
            lines.append(deep_line + (f"\n  {BUGS['recursion']}" if deep_bug == "recursion" else ""))
            if deep_bug == "recursion" or (deep_bug and not bugs):
                bugs.append(deep_bug)
    return _report(bugs, results, lines, cls)


def _diagnose(by: dict[str, Result], bug: Callable[[str, str], None], lines: list[str]) -> None:
    """Name the first layer of bugs the results show; later layers wait until it is fixed."""
    def bad(*names: str) -> list[Result]:
        return [by[n] for n in names if n in by and not by[n].ok and not by[n].problem]

    product = by.get("product")
    if product and not product.problem and not close(product.yours.get("L"), 1.0):
        bug("seed", f"✗ {product.name}: {product.formula}: after backward L.grad is "
                    f"{num(product.yours.get('L'))}, but ∂L/∂L = 1")
        lines.append("  " + BUGS["seed"])
        lines.append("  (the other graphs are checked once the seed is right)")
        return
    layers = (("product", "sum", "tanh", "exp"), ("square", "reuse"), ("diamond", "diamond mirrored"), ("twice",))
    for layer in layers:
        wrong = bad(*layer)
        for r in wrong:
            lines.append(r.line())
            if r.name == "product" and close(r.yours.get("x"), 2.0) and close(r.yours.get("y"), -3.0):
                bug("operand", "  " + BUGS["operand"])
            elif r.name in RULE_OF:
                bug(RULE_OF[r.name], "  " + BUGS[RULE_OF[r.name]])
        names = {r.name for r in wrong}
        if "reuse" in names:
            bug("overwrite", "  " + BUGS["overwrite"])
        elif "square" in names:
            bug("counted once", "  " + BUGS["counted once"])
        if names & {"diamond", "diamond mirrored"}:
            bug("order", "  " + BUGS["order"])
        if "twice" in names:
            bug("not zeroed", "  " + BUGS["not zeroed"])
        if wrong:
            rest = [n for later in layers[layers.index(layer) + 1:] for n in later if n in by]
            if rest:
                lines.append(f"  (checked once this is fixed: {', '.join(rest)})")
            return
        lines.extend(by[n].line() for n in layer if n in by and by[n].ok)


def _report(bugs: list[str], results: tuple[Result, ...], lines: list[str], cls: type) -> EngineReport:
    ok = not bugs
    pending = all("not written yet" in line for line in lines if line.startswith("✗"))
    checked = "gradients" if any(r.right for r in results) else "values"
    head = (f"{cls.__name__}: all {len(results)} graphs give the right {checked}" if ok else
            f"{cls.__name__}: not written yet (the parts marked ✗); run this again once they are" if pending else
            f"{cls.__name__}: {len(bugs)} problem{'s' * (len(bugs) > 1)} found: " + ", ".join(bugs))
    tail = ["viz.draw(report) draws the first wrong graph, your grads beside the right ones"] \
        if any(not r.ok and r.yours for r in results) else []
    return EngineReport(ok, tuple(bugs), results, (head, *lines, *tail))


