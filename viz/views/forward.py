"""The forward pass and forward mode, frame by frame, as plain data plus a text rendering.

:func:`forward_pass` lists every op node in creation order with the op's formula and
numbers (``n1 = x + y = 2.0 + 1.0 = 3.0``). :func:`forward_mode` replays the graph with
:class:`autograd.Dual` numbers, one pass per input in ``wrt`` (that input's tangent
seeded with 1), through :func:`autograd.forward_mode_grad`; every frame shows the
tangent ``ż = Σ ∂z/∂p·ṗ`` and a snapshot of ``Dual.counts``, the engine's own operation
counter. The reverse-mode counts come from :func:`autograd.reverse_mode_grad`. Nothing
here counts or differentiates by a rule of its own: the op table does the arithmetic.
The stepper draws these frames; :meth:`ForwardPass.text` and :meth:`ForwardMode.text`
print them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd import Dual, Value, forward_mode_grad, reverse_mode_grad, topological_order
from autograd.ops import BY_SYMBOL, Op
from autograd.replay import apply as apply_node

from ..model.names import as_root, check_precision, clean, names, num, op_row, role, shown_constants

WORDS = {"add": "addition", "sub": "subtraction", "mul": "multiplication", "div": "division", "sum": "Σ sum"}


@dataclass(frozen=True)
class ForwardStep:
    """One op node of the forward pass, when it is computed."""

    step: int  # 1, 2, ... in creation order
    node: Value
    index: int  # the node's position in topological_order(root) (the drawings' ``v{index}``)
    name: str
    formula: str  # "n1 = x + y = 2.0 + 1.0 = 3.0"
    data: float


@dataclass(frozen=True)
class TangentStep:
    """One op node in one forward-mode pass: its value, its tangent, the counter so far."""

    pass_number: int  # 1 .. number of wrt inputs
    seed: str  # the input whose tangent is 1 in this pass
    step: int  # 1, 2, ... within the pass, in creation order
    node: Value
    index: int
    name: str
    value: float
    tangent: float  # d(node)/d(seed)
    formula: str  # "ż1 = ∂z1/∂x1·ẋ1 + ∂z1/∂x2·ẋ2 = 1.0·1.0 + 1.0·0.0 = 1.0"
    carried: bool  # did a non-zero derivative flow through this op?
    counts: dict[str, int]  # Dual.counts after this node, over all passes so far


def words(count: int, op_name: str) -> str:
    """``4 additions``, ``1 multiplication``, ``2 log ops``."""
    word = WORDS.get(op_name)
    if word is None:
        return f"{count} {op_name} op{'s' if count != 1 else ''}"
    return f"{count} {word}{'s' if count != 1 else ''}"


def _infix(op: Op) -> bool:
    return op.arity == 2 and not op.symbol.isalpha()


def _show(op: Op, args: list[str]) -> str:
    """``x + y``, ``n1**2``, ``log(n3)``, ``Σ(a, b) + 0.5``, ``LReLU(x, 0.01)``."""
    symbol = clean(op.symbol)  # a define_op symbol is shown cleaned and cut, as in drawings
    if _infix(op):
        args = [_paren(a) for a in args]
        return f"{args[0]}{symbol}{args[1]}" if symbol == "**" else f"{args[0]} {symbol} {args[1]}"
    if op.arity == -1 and len(args) > 1 and args[-1].startswith("+"):
        return f"{symbol}({', '.join(args[:-1])}) {args[-1]}"
    return f"{symbol}({', '.join(args)})"


def _operands(node: Value, each: list[str], precision: int) -> list[str]:
    """The shown operands: one per parent, plus the op's constant."""
    shown = shown_constants(node)
    if not shown:
        return each
    c = f"{shown[0]:g}"
    return [*each, f"+ {c}"] if op_row(node, "forward_pass").arity == -1 else [*each, c]


def _paren(s: str) -> str:
    return f"({s})" if s.startswith("-") else s


def dot(name: str) -> str:
    """The tangent of ``name``: a dot over its first letter (ẋ, ż1, L̇)."""
    return unicodedata.normalize("NFC", name[:1] + "\u0307") + name[1:]


class ForwardPass:
    """Every op node of ``root``'s graph in creation order, with its formula and numbers."""

    def __init__(self, root: Value, *, precision: int = 4) -> None:
        root = as_root(root, "forward_pass")
        check_precision(precision, "forward_pass")
        self.root, self.precision = root, precision
        order = topological_order(root)
        self.names = nm = names(order)
        self.inputs = [(nm[n], n.data) for n in order if n.is_leaf]
        self.frames: list[ForwardStep] = []
        for i, node in enumerate(order):
            if node.is_leaf:
                continue
            op = BY_SYMBOL.get(node.op)
            if op is None:  # an op the table no longer has (define_op redefined it since): its value only
                args = ", ".join(nm[p] for p in node.parents)
                formula = f"{nm[node]} = {clean(node.op)}({args}) = {num(node.data, precision)}"
                self.frames.append(ForwardStep(len(self.frames) + 1, node, i, nm[node], formula, node.data))
                continue
            symbolic = _show(op, _operands(node, [nm[p] for p in node.parents], precision))
            numbers = _show(op, _operands(node, [num(p.data, precision) for p in node.parents], precision))
            formula = f"{nm[node]} = {symbolic} = {numbers} = {num(node.data, precision)}"
            self.frames.append(ForwardStep(len(self.frames) + 1, node, i, nm[node], formula, node.data))

    def records(self) -> list[dict[str, Any]]:
        """The frames as JSON-ready dicts (no Values): for the stepper's page."""
        return [{"step": f.step, "index": f.index, "name": f.name, "formula": f.formula, "data": f.data}
                for f in self.frames]

    def text(self) -> str:
        given = ", ".join(f"{name} = {num(x, self.precision)}" for name, x in self.inputs)
        head = f"Forward pass for {self.names[self.root]}: {len(self.frames)} steps, from {given}"
        return "\n".join([head, *(f"step {f.step}  {f.formula}" for f in self.frames)])

    def __repr__(self) -> str:
        return f"<ForwardPass: {len(self.frames)} steps>"


class ForwardMode:
    """Forward mode over ``root``'s graph: one pass per ``wrt`` input, and reverse mode's counts beside it."""

    def __init__(self, root: Value, wrt: Value | Iterable[Value] | None = None, *, precision: int = 4) -> None:
        root = as_root(root, "forward_mode")
        check_precision(precision, "forward_mode")
        self.root, self.precision = root, precision
        self.order = order = topological_order(root)
        self.names = nm = names(order)
        self.wrt = _wrt(root, order, nm, wrt)
        for node in order:  # an op the table no longer has: one line, before any replay
            if not node.is_leaf:
                op_row(node, "forward_mode")
        self.frames: list[TangentStep] = []
        seeds = self.wrt
        position = {n: i for i, n in enumerate(order)}

        def replay(*tangents: Dual) -> Dual:
            """The graph again on Duals, each node re-run by autograd.replay.apply, frames recorded."""
            number = len({f.pass_number for f in self.frames}) + 1
            seed = nm[seeds[next(i for i, d in enumerate(tangents) if d.tangent == 1.0)]]
            given = dict(zip(seeds, tangents, strict=True))
            env: dict[Value, Dual] = {}
            for node in order:
                if node.is_leaf:
                    env[node] = given[node] if node in given else Dual(node.data)
                    continue
                env[node] = out = apply_node(node, [env[p] for p in node.parents])
                self.frames.append(self._frame(number, seed, node, position[node], env, out))
            return env[root]

        grads, self.counts = forward_mode_grad(replay, [w.data for w in seeds])
        self.grads = {nm[w]: g for w, g in zip(seeds, grads, strict=True)}
        reverse_grads, self.reverse_counts = reverse_mode_grad(self._values, [w.data for w in seeds])
        self.reverse_grads = {nm[w]: g for w, g in zip(seeds, reverse_grads, strict=True)}

    def _frame(self, number: int, seed: str, node: Value, index: int, env: dict[Value, Dual],
               out: Dual) -> TangentStep:
        nm, p = self.names, self.precision
        parents = node.parents
        symbolic = " + ".join(f"∂{nm[node]}/∂{nm[q]}·{dot(nm[q])}" for q in parents)
        numbers = " + ".join(f"{_paren(num(local, p))}·{_paren(num(env[q].tangent, p))}" for q, local in node.edges)
        formula = f"{dot(nm[node])} = {symbolic} = {numbers} = {num(out.tangent, p)}"
        carried = any(env[q].tangent != 0.0 for q in parents)
        return TangentStep(number, seed, sum(1 for f in self.frames if f.pass_number == number) + 1, node, index,
                           nm[node], out.value, out.tangent, formula, carried, dict(Dual.counts))

    def records(self) -> list[dict[str, Any]]:
        """The frames as JSON-ready dicts (no Values): for the stepper's page."""
        return [{"pass": f.pass_number, "seed": f.seed, "step": f.step, "index": f.index, "name": f.name,
                 "value": f.value, "tangent": f.tangent, "formula": f.formula, "carried": f.carried,
                 "counts": {n: f.counts.get(n, 0) for n in self.ops()}} for f in self.frames]

    def _values(self, *xs: Value) -> Value:
        """The graph again on fresh Values (for reverse_mode_grad's count), op by op."""
        env: dict[Value, Value] = dict(zip(self.wrt, xs, strict=True))
        for node in self.order:
            if node.is_leaf:
                env.setdefault(node, Value(node.data, label=node.label))
                continue
            env[node] = apply_node(node, [env[q] for q in node.parents])
        return env[self.root]

    # -- words ---------------------------------------------------------------------

    def ops(self) -> list[str]:
        """The op names in this graph, in order of first use."""
        seen: list[str] = []
        for node in self.order:
            if node.op and (name := op_row(node, "forward_mode").name) not in seen:
                seen.append(name)
        return seen

    def summary(self) -> str:
        """``forward mode: 4 passes, 4 additions carrying a derivative; reverse mode: 1 pass, 2 additions``."""
        def side(counts: Counter[str]) -> str:
            passes = counts["passes"]
            parts = [words(counts[name], name) for name in self.ops()]
            return f"{passes} pass{'es' if passes != 1 else ''}, {', '.join(parts)}"

        return (f"forward mode: {side(self.counts)} carrying a derivative; "
                f"reverse mode: {side(self.reverse_counts)}")

    def text(self) -> str:
        lines = [f"Forward mode for {self.names[self.root]}: one pass per input "
                 f"({', '.join(self.names[w] for w in self.wrt)})"]
        for f in self.frames:
            if f.step == 1:
                seeds = ", ".join(f"{dot(self.names[w])} = {1 if self.names[w] == f.seed else 0}" for w in self.wrt)
                lines.append(f"pass {f.pass_number}: seed {seeds}")
            counter = ", ".join(words(f.counts.get(n, 0), n) for n in self.ops())
            lines.append(f"  {f.formula}   [{counter}]")
        lines.append(self.summary())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ForwardMode: {self.counts['passes']} passes, {len(self.frames)} frames>"


def _wrt(root: Value, order: list[Value], nm: dict[Value, str], wrt: Value | Iterable[Value] | None) -> list[Value]:
    if wrt is None:
        found = [n for n in order if n.is_leaf and role(n, root) != "constant"]
        return found or [n for n in order if n.is_leaf]
    items: Sequence[Any]
    if isinstance(wrt, (Value, str)) or not isinstance(wrt, Iterable):
        items = [wrt]
    else:
        items = list(wrt)
    if not items:
        raise ValueError("forward_mode: wrt is empty; give the inputs to differentiate with respect to")
    out: list[Value] = []
    for w in items:
        if not isinstance(w, Value) or w not in nm:
            raise ValueError(f"forward_mode: wrt {w!r:.60} is not a node of the graph of {nm[root]}")
        if not w.is_leaf:
            raise ValueError(f"forward_mode: wrt {nm[w]} is computed by an op; seed inputs (leaves) only")
        if w in out:
            raise ValueError(f"forward_mode: wrt {nm[w]} is given twice")
        out.append(w)
    return out


def forward_pass(root: Value, *, precision: int = 4) -> ForwardPass:
    """The forward pass, one frame per op node in creation order.

    >>> from autograd import parse
    >>> print(forward_pass(parse("log((x+y)**2+z)", x=2, y=1, z=1)).text())
    Forward pass for L: 4 steps, from x = 2.0, y = 1.0, z = 1.0
    step 1  n1 = x + y = 2.0 + 1.0 = 3.0
    step 2  n2 = n1**2 = 3.0**2 = 9.0
    step 3  n3 = n2 + z = 9.0 + 1.0 = 10.0
    step 4  L = log(n3) = log(10.0) = 2.303
    """
    return ForwardPass(root, precision=precision)


def forward_mode(root: Value, wrt: Value | Iterable[Value] | None = None, *, precision: int = 4) -> ForwardMode:
    """Forward mode, one pass per input of ``wrt`` (default: every input leaf), with counters.

    >>> from autograd import parse
    >>> fm = forward_mode(parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4))
    >>> print(fm.summary())
    forward mode: 4 passes, 4 additions, 4 multiplications carrying a derivative; reverse mode: 1 pass, \
2 additions, 1 multiplication
    >>> fm.grads
    {'x1': 7.0, 'x2': 7.0, 'x3': 3.0, 'x4': 3.0}
    """
    return ForwardMode(root, wrt, precision=precision)
