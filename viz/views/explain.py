"""The backward pass written out step by step: ∂L/∂s = Σ_t ∂L/∂t · ∂t/∂s, with the numbers.

Everything comes from :func:`autograd.backward_steps`; nothing here re-derives a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograd import Step, Value, backward_steps, topological_order, zero_grad

from ..model.names import as_root, check_precision, names, num, op_row, shown_constants

FORMATS = ("text", "markdown", "latex")


@dataclass(frozen=True)
class Term:
    """One child t's share of ∂L/∂s: upstream ∂L/∂t times local ∂t/∂s."""

    child: Value
    upstream: float
    local: float
    contribution: float


def run(root: Value) -> list[Step]:
    """Zero every grad of ``root``'s graph, then run backward, keeping the step records.

    This *is* the backward pass: afterwards the grads are the single-pass values.
    """
    zero_grad(root)
    return list(backward_steps(root))


def terms_by_node(steps: list[Step]) -> list[list[Term]]:
    """For each step, the terms that summed to its node's gradient, children in forward order
    (backward added them in the reverse order; the sum is the same)."""
    terms: dict[Value, list[Term]] = {}
    for step in reversed(steps):  # children in forward (topological) order
        for e in step.edges:
            terms.setdefault(e.parent, []).append(Term(step.node, step.upstream, e.local, e.contribution))
    return [terms.get(step.node, []) for step in steps]


def _paren(x: float, precision: int) -> str:
    s = num(x, precision)
    return f"({s})" if s.startswith("-") else s


def formula(step: Step, terms: list[Term], nm: dict[Value, str], loss: str, precision: int = 4,
            latex: bool = False) -> str:
    """``∂L/∂a = ∂L/∂c·∂c/∂a + ∂L/∂d·∂d/∂a = 2.0·3.0 + 1.0·4.0 = 10.0`` (or its LaTeX)."""
    def d(top: str, bottom: str) -> str:
        return rf"\frac{{\partial {tex(top)}}}{{\partial {tex(bottom)}}}" if latex else f"∂{top}/∂{bottom}"

    dot = r" \cdot " if latex else "·"
    me = nm[step.node]
    if not terms:  # the root: the seed
        return f"{d(loss, me)} = 1" if latex else f"{d(loss, me)} = 1.0"
    symbolic = " + ".join(f"{d(loss, nm[t.child])}{'' if latex else dot}{d(nm[t.child], me)}" for t in terms)
    numbers = " + ".join(f"{_paren(t.upstream, precision)}{dot}{_paren(t.local, precision)}" for t in terms)
    eq = " &= " if latex else " = "
    return f"{d(loss, me)}{eq}{symbolic} = {numbers} = {num(step.upstream, precision)}"


_SIMPLE = re.compile(r"^[A-Za-z]$")
_INDEXED = re.compile(r"^([A-Za-z])_?(\d+)$")
_TEX_SPECIAL = re.compile(r"([_#$%&{}])")
_TEX_COMMANDS = {"\\": r"\backslash{}", "^": r"\hat{}", "~": r"\sim{}"}  # no \X escape in math mode


def tex(name: str) -> str:
    r"""A node name in LaTeX: ``x``, ``x_{1}``, ``\mathrm{layers.1.w.0}``; any other text is
    escaped, so the braces always balance.

    >>> tex("a\\"), tex("a_{b}^~")
    ('\\mathrm{a\\backslash{}}', '\\mathrm{a\\_\\{b\\}\\hat{}\\sim{}}')
    """
    if _SIMPLE.match(name):
        return name
    if m := _INDEXED.match(name):
        return f"{m.group(1)}_{{{m.group(2)}}}"
    return r"\mathrm{" + _escape(name) + "}"


def _escape(text: str) -> str:
    return "".join(_TEX_COMMANDS.get(c) or _TEX_SPECIAL.sub(r"\\\1", c) for c in text)


def definition(node: Value, nm: dict[Value, str], precision: int = 4) -> str:
    """``n_{1} &= x \\cdot y``: what a node computes, from the op table's LaTeX template.

    A template that does not format (a define_op template such as ``"{1}"`` on a one-input op)
    gives ``\\operatorname{name}(...)`` instead, the op's name escaped.
    """
    op = op_row(node, "explain")
    args = [tex(nm[p]) for p in node.parents]
    args += [num(c, precision) for c in shown_constants(node)]
    if op.given_locals:  # the fold: its inputs in its template
        return f"{tex(nm[node])} &= {op.latex.format(', '.join(args))}"
    if op.arity == -1:  # Σ has no fixed arity
        return f"{tex(nm[node])} &= {' + '.join(args)}"
    try:
        body = op.latex.format(*args)
    except (IndexError, KeyError, ValueError, AttributeError, TypeError):
        body = ""
    if not _balanced(body):
        body = rf"\operatorname{{{_escape(op.name)}}}\left({', '.join(args)}\right)"
    return f"{tex(nm[node])} &= {body}"


def _balanced(latex: str) -> bool:
    """Do the grouping braces balance (escaped ones, ``\\{``, aside)?"""
    depth = 0
    for c in re.sub(r"\\[\\{}]", "", latex):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and bool(latex)


def explain(root: Value, format: str = "text", precision: int = 4) -> str:  # noqa: A002
    """Every step of the backward pass as text, Markdown or LaTeX (an ``align*`` block that first
    defines each computed node with the op table's LaTeX, then gives the steps).

    This runs the backward pass: the graph's grads are zeroed first, so afterwards
    they hold the single-pass values. Unlabelled nodes are named ``n1, n2, ...``
    (inputs first) and an unlabelled root is ``L``.

    >>> from autograd import Value
    >>> a, b = Value(2.0, label="a"), Value(3.0, label="b")
    >>> c = a * b
    >>> c.label = "c"
    >>> d = a * 4
    >>> d.label = "d"
    >>> L = c * 2 + d
    >>> print(explain(L).splitlines()[-1])
    step 6  ∂L/∂a = ∂L/∂c·∂c/∂a + ∂L/∂d·∂d/∂a = 2.0·3.0 + 1.0·4.0 = 10.0
    """
    root = as_root(root, "explain")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    check_precision(precision, "explain")
    steps = run(root)
    nm = names(topological_order(root))
    loss = nm[root]
    all_terms = terms_by_node(steps)
    latex = format == "latex"
    rows = [formula(s, t, nm, loss, precision, latex) for s, t in zip(steps, all_terms, strict=True)]
    if latex:
        rows = [r if "&=" in r else r.replace(" = ", " &= ", 1) for r in rows]
        rows = [definition(n, nm, precision) for n in topological_order(root) if not n.is_leaf] + rows
        return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"
    head = (f"Backward pass for {loss} = {num(root.data, precision)}: "
            f"{len(steps)} steps, from ∂{loss}/∂{loss} = 1")
    if format == "markdown":
        return f"**{head}**\n\n" + "\n".join(f"{i}. `{r}`" for i, r in enumerate(rows, 1))
    return head + "\n" + "\n".join(f"step {i}  {r}" for i, r in enumerate(rows, 1))
