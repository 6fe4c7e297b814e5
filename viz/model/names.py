"""Shared helpers: node names, roles and number formatting for drawings and explanations."""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from autograd import Value
from autograd.ops import BY_SYMBOL, Op, OpError
from autograd.replay import constants, op_of
from nn.naming import abbreviate, path_of

NBSP = "\u00a0"
MAX_NAME = 40  # a longer label is cut to this many characters when drawn; the tooltip has it all
MAX_TOOLTIP = 1000
# control characters, lone surrogates (which cannot be encoded) and U+FFFE/U+FFFF (not allowed in XML):
# never drawn, never sent to dot, never written into a page, a slide or a JSON file
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
INSTALL_HINT = (
    "Graphviz's `dot` program is not installed: "
    "apt-get install graphviz / brew install graphviz / conda install graphviz"
)


def as_root(root: object, who: str) -> Value:
    """``root`` if it is a Value, else a one-line TypeError naming ``who``."""
    if not isinstance(root, Value):
        raise TypeError(f"{who} needs an autograd Value, got {type(root).__name__}")
    return root


def check_precision(precision: object, who: str = "") -> int:
    """``precision`` if it is an int from 0 to 12 (digits shown), else a one-line ValueError."""
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 12:
        raise ValueError(f"{who + ': ' if who else ''}precision must be an int from 0 to 12, got {precision!r:.60}")
    return precision


def as_path(path: object, who: str) -> Path:
    """``path`` as a Path if it is a str or a Path, else a one-line TypeError naming ``who``."""
    if not isinstance(path, (str, PurePath)):
        raise TypeError(f"{who}: the file must be a str or a Path, got {type(path).__name__}")
    return Path(path)


def check_title(title: object, who: str) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"{who}: title must be a str (or None), got {type(title).__name__}")


def clean(text: str, limit: int | None = MAX_NAME) -> str:
    """``text`` made safe to draw: control characters, lone surrogates, U+FFFE and U+FFFF become
    U+FFFD, and past ``limit`` characters (None: no limit) it is cut with an ellipsis.

    >>> clean("a\\x00b"), clean("x" * 50, 10)
    ('a\ufffdb', 'xxxxxxxxx…')
    """
    text = _UNSAFE.sub("\ufffd", text)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def short(label: str) -> str:
    """nn's dotted names, shortened as nn says (:func:`nn.naming.abbreviate`): ``layers.1.neurons.2.w.0``
    -> ``L1.n2.w0``.

    >>> short("layers.1.neurons.2.w.0"), short("layers.0.neurons.3.z"), short("x")
    ('L1.n2.w0', 'L0.n3.z', 'x')
    """
    return abbreviate(label)


def tooltip(node: Value, name: str) -> str:
    """The full label, for a tooltip, when the drawn name is shorter ("" when they are the same)."""
    full = clean(node.label, MAX_TOOLTIP)
    return full if full and full != name else ""


def names(order: list[Value]) -> dict[Value, str]:
    """A unique display name for every node.

    A node's label is its name, shortened (:func:`short`) and cleaned (:func:`clean`).
    The root without a label is ``L``; other unlabelled nodes are ``n1, n2, ...`` in
    topological order (inputs first). A name used by several nodes gets ``#2``, ``#3``
    ... on its later uses.
    """
    out: dict[Value, str] = {}
    used: set[str] = set()
    counter = 0
    for node in order:
        if node.label:
            name = clean(short(node.label))
        elif node is order[-1]:
            name = "L"
        else:
            counter += 1
            name = f"n{counter}"
        base, k = name, 1
        while name in used:
            k += 1
            name = f"{base}#{k}"
        used.add(name)
        out[node] = name
    return out


def role(node: Value, root: Value) -> str:
    """``output``, ``parameter`` (a weight or bias, by nn's address: :func:`nn.path_of`), ``constant``
    (a leaf the engine marks as one: ``Value.is_constant``), ``input`` or ``intermediate``.

    >>> from autograd import Value, constant
    >>> x, c, w = Value(2.0, label="3"), constant(3.0), Value(0.1, label="layers.0.neurons.1.w.0")
    >>> [role(v, x * c * w) for v in (x, c, w)]
    ['input', 'constant', 'parameter']
    """
    if node is root:
        return "output"
    if node.is_leaf:
        if (path := path_of(node.label)) is not None and path.is_parameter:
            return "parameter"
        return "constant" if node.is_constant else "input"
    return "intermediate"


def op_row(node: Value, who: str) -> Op:
    """The op table's row that made ``node`` (:func:`autograd.replay.op_of`), its one-line OpError
    prefixed with ``who`` asked: an op gone from the table, or redefined since the graph was built."""
    try:
        return op_of(node)
    except OpError as error:
        raise OpError(f"{who}: {error}") from None


def shown_constants(node: Value) -> list[float]:
    """The numbers an op node shows beside its symbol (the 2 of ``**2``, Σ's offset): its constants
    (:func:`autograd.replay.constants`), but none for an op whose local derivatives are given (the
    fold of ``focus=``: its numbers are the locals on its edges)."""
    row = BY_SYMBOL.get(node.op)
    return [] if row is not None and row.given_locals else constants(node)


def op_text(node: Value) -> str:
    """The op node's text: the table's symbol, plus the constant when there is one (``**2``, ``* 0.5``),
    cleaned and cut as labels are (:func:`clean`)."""
    symbol = clean(BY_SYMBOL[node.op].symbol if node.op in BY_SYMBOL else node.op)
    shown = shown_constants(node)
    if not shown:
        return symbol
    c = f"{shown[0]:g}"
    if symbol == "**":
        return f"**{c}"
    if symbol == "Σ":
        return f"Σ + {c}"
    if symbol == "LReLU":
        return f"LReLU({c})"
    return f"{symbol} {c}"


def num(x: float, precision: int = 4) -> str:
    """A short number for formulas: ``2.0``, ``0.6667``, ``-1.5``, ``nan``."""
    s = f"{x:.{precision}g}"
    if s.lstrip("-").isdigit():
        s += ".0"
    return s


def fixed(x: float, width: int, precision: int) -> str:
    """A fixed-width number field, so a node keeps its size whatever its grad.

    It is padded with no-break spaces (U+00A0): Graphviz and SVG collapse ordinary ones.
    """
    return f"{x:>{width}.{precision}f}".replace(" ", NBSP)


def grads_ready(root: Value) -> bool:
    """Has backward run on ``root``? (backward seeds ∂root/∂root = 1.)"""
    return root.grad != 0.0
