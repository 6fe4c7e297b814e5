"""``define_op``: add your own row to the op table, at run time.

>>> import math
>>> from autograd import Value, define_op, gradcheck
>>> softsign = define_op("softsign", lambda x: x / (1 + abs(x)),
...                      lambda x, out: (1 / (1 + abs(x)) ** 2,),
...                      derivative="∂softsign(x)/∂x = 1/(1+|x|)²")
>>> y = softsign(Value(1.0, label="x"))
>>> y.data, y.op, y.edges[0][1]
(0.5, 'softsign', 0.25)
>>> gradcheck(softsign, [0.3])
True

The new op is a row like the built-in ones, so everything that reads the table
understands it: the parser (``parse("softsign(x)", x=1)``), drawings,
explanations, the stepper, forward-mode :class:`~autograd.Dual` numbers,
``gradcheck`` and ``grad(..., create_graph=True)``. The table keeps checked
versions of ``forward`` and ``local``: a mistake in them is a one-line
:class:`OpError` naming the op, at its first use.
"""

from __future__ import annotations

import inspect
import keyword
import unicodedata
from collections.abc import Callable
from typing import Any

from .check import Dual
from .ops import BY_SYMBOL, DEFINED_AT, OPS, RETIRED, Op, OpError, is_real
from .replay import make
from .value import Operand, Value, _constant, _stamp

_BUILTIN = frozenset(OPS) | frozenset(BY_SYMBOL)
_USER: dict[str, Op] = {}  # name -> row, for the ops defined so far


def _arity(name: str, fn: Callable[..., Any], what: str) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        raise OpError(f"op {name!r}: cannot read the parameters of its {what}; use a def or lambda") from None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        raise OpError(f"op {name!r}: its {what} must take a fixed number of inputs, not *args")
    return sum(1 for p in params if p.kind in kinds and p.default is inspect.Parameter.empty)


def _one_line(x: object, limit: int = 120) -> str:
    """Text for a message: one line (whitespace and newlines collapsed), at most ``limit`` characters."""
    text = " ".join(str(x).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _float(name: str, what: str, x: Any) -> float:
    try:
        return float(x)
    except OverflowError:
        raise OpError(f"op {name!r}: {what} {_one_line(x, 40)} is too large for a float") from None


def _checked_forward(name: str, forward: Callable[..., Any]) -> Callable[..., float]:
    def run(*xs: Any) -> float:
        try:
            out = forward(*xs)
        except Exception as e:
            raise OpError(f"op {name!r}: forward{_args(xs)} raised {type(e).__name__}: {_one_line(e)}") from None
        if not is_real(out):
            raise OpError(f"op {name!r}: forward{_args(xs)} returned {type(out).__name__} "
                          f"{_one_line(repr(out), 40)}, not a number")
        return _float(name, f"forward{_args(xs)} returned", out)

    return run


def _checked_local(name: str, arity: int, local: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    def run(*xs_out: Any) -> tuple[Any, ...]:
        try:
            locals_ = local(*xs_out)
        except Exception as e:
            raise OpError(f"op {name!r}: local{_args(xs_out)} raised {type(e).__name__}: {_one_line(e)}") from None
        if is_real(locals_) or isinstance(locals_, Value):
            locals_ = (locals_,)  # one input: a bare number is its one local derivative
        if not isinstance(locals_, (tuple, list)) or len(locals_) != arity:
            got = len(locals_) if isinstance(locals_, (tuple, list)) else type(locals_).__name__
            raise OpError(f"op {name!r}: local must return {arity} local derivative(s), one per input, "
                          f"got {got}")
        on_values = any(isinstance(x, Value) for x in xs_out[:-1])  # grad(..., create_graph=True)
        for i, d in enumerate(locals_):
            if isinstance(d, Value) and not on_values:
                raise OpError(f"op {name!r}: local derivative {i} is a Value on number inputs; return a number "
                              "(autograd.ops' exp, log, ... give floats on floats)")
            if not (is_real(d) or isinstance(d, Value)):
                raise OpError(f"op {name!r}: local derivative {i} is {type(d).__name__} "
                              f"{_one_line(repr(d), 40)}, not a number")
        return tuple(d if isinstance(d, Value) else _float(name, f"local derivative {i}", d)
                     for i, d in enumerate(locals_))

    return run


def _args(xs: tuple[Any, ...]) -> str:
    return "(" + ", ".join(f"{x:.6g}" if type(x) is float else type(x).__name__ for x in xs) + ")"


MAX_NAME, MAX_SYMBOL, MAX_TEXT = 64, 32, 400  # characters: a name, a drawn symbol, a LaTeX template or rule
_BAD_CHARACTERS = frozenset({"Cc", "Cs", "Cn", "Co", "Zl", "Zp"})  # control, surrogate, unassigned, private, breaks


def _bad_character(text: str) -> str | None:
    """The first character no drawing or file can hold (a control character, a lone surrogate, U+FFFF...)."""
    return next((f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in _BAD_CHARACTERS), None)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise OpError(f"op name must be a Python identifier (used in parse()), got {_one_line(repr(name), 40)}")
    if len(name) > MAX_NAME:
        raise OpError(f"op name {name[:20]!r}… is {len(name)} characters long; the limit is {MAX_NAME}")
    plain = unicodedata.normalize("NFKC", name)
    if plain != name:  # Python reads names in NFKC form, so parse("ﬁx(q)") means fix(q)
        raise OpError(f"op name {name!r} reads as {plain!r} in an expression (Python normalises names); "
                      f"define it as {plain!r}")
    if name in _BUILTIN:
        raise OpError(f"op {name!r}: the name is taken by a built-in op; choose another")
    if name.startswith("__") or hasattr(Value, name) or hasattr(Dual, name):
        raise OpError(f"op {name!r}: the name is taken by Value.{name}; choose another")
    return name


def _check_symbol(name: str, symbol: object) -> str:
    if not isinstance(symbol, str) or not symbol.strip():
        raise OpError(f"op {name!r}: symbol must be a non-empty str, got {_one_line(repr(symbol), 40)}")
    if len(symbol) > MAX_SYMBOL:
        raise OpError(f"op {name!r}: symbol is {len(symbol)} characters long; the limit is {MAX_SYMBOL}")
    bad = _bad_character(symbol)
    if bad or "\\" in symbol:
        raise OpError(f"op {name!r}: symbol {_one_line(ascii(symbol), 40)} holds {bad or 'a backslash'}, "
                      "which a drawing cannot show")
    if symbol in _BUILTIN:
        raise OpError(f"op {name!r}: the symbol {symbol!r} is taken by a built-in op; choose another")
    clash = BY_SYMBOL.get(symbol)
    if clash is not None and clash.name != name:
        raise OpError(f"op {name!r}: the symbol {symbol!r} is taken by your op {clash.name!r}")
    return symbol


def _balanced(tex: str) -> bool:
    """Braces pair up and nothing ends in a lone backslash (``\\{`` and ``\\}`` are literal braces)."""
    depth, i = 0, 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            if i + 1 == len(tex):
                return False
            i += 2
            continue
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
        i += 1
    return depth == 0


def _check_latex(name: str, latex: object, arity: int) -> str:
    example = "'{0}^3'" if arity == 1 else "'{0} \\oplus {1}'"
    if not isinstance(latex, str):
        raise OpError(f"op {name!r}: latex must be a str.format template such as {example}")
    if len(latex) > MAX_TEXT or _bad_character(latex):
        raise OpError(f"op {name!r}: latex must be one line of at most {MAX_TEXT} printable characters")
    marks = [f"@{i}@" for i in range(arity)]
    try:
        shown = latex.format(*marks)
    except Exception as e:
        raise OpError(f"op {name!r}: latex {_one_line(repr(latex), 60)} is not a template over the inputs "
                      f"{{0}}..{{{arity - 1}}} ({type(e).__name__}: {_one_line(e, 60)}); write a literal brace "
                      f"as {{{{ or }}}}, as in {example}") from None
    missing = [f"{{{i}}}" for i, m in enumerate(marks) if m not in shown]
    if missing:
        raise OpError(f"op {name!r}: latex {_one_line(repr(latex), 60)} does not show input {missing[0]}")
    if not _balanced(shown):
        raise OpError(f"op {name!r}: latex {_one_line(repr(latex), 60)} gives unbalanced braces or a lone "
                      "backslash")
    return latex


def _default_latex(name: str, arity: int) -> str:
    """``\\operatorname{softsign}\\left({0}\\right)``: the name as an operator, braces doubled for str.format."""
    places = ", ".join(f"{{{i}}}" for i in range(arity))
    return r"\operatorname{{" + name.replace("_", r"\_") + r"}}\left(" + places + r"\right)"


def define_op(name: str, forward: Callable[..., Any], local: Callable[..., Any], *,
              symbol: str | None = None, latex: str | None = None,
              derivative: str = "") -> Callable[..., Any]:
    """Add the op ``name`` to the op table and return it as a function.

    ``forward(*inputs) -> out`` and ``local(*inputs, out) -> (∂out/∂input, ...)``,
    one local derivative per input, as in the table. ``symbol`` is what a drawing
    shows (default: the name), ``latex`` a ``str.format`` template over the
    inputs (default ``\\operatorname{name}\\left({0}\\right)``; write a literal
    brace as ``{{``), ``derivative`` the rule in words for explanations. A name or
    symbol of a built-in op is refused, and so is anything a drawing cannot show.

    Defining the same name again replaces your earlier definition for every graph
    built from then on. A graph built before keeps its numbers: ``backward()`` and
    ``grad()`` use the local derivatives stored on its edges. Whatever must run its
    op again (``grad(..., create_graph=True)``, ``check_edges``, forward mode, a
    LaTeX explanation) refuses such a node in one :class:`OpError` line: build the
    graph again.

    The returned function takes Values or numbers (or Duals): with any Value
    among its inputs it returns a Value node, with Duals a Dual, otherwise a float.
    To take part in ``grad(..., create_graph=True)``, write ``local`` with
    arithmetic and ``autograd.ops``' functions (``exp``, ``log``, ``div`` ...),
    which run on floats and on Values alike.
    """
    name = _check_name(name)
    symbol = _check_symbol(name, name if symbol is None else symbol)
    if not callable(forward) or not callable(local):
        raise OpError(f"op {name!r}: forward and local must be functions")
    if not isinstance(derivative, str) or len(derivative) > MAX_TEXT or _bad_character(derivative):
        raise OpError(f"op {name!r}: derivative must be the rule in words, one line of at most {MAX_TEXT} "
                      "characters")
    arity = _arity(name, forward, "forward")
    if arity < 1:
        raise OpError(f"op {name!r}: forward must take at least one input")
    if _arity(name, local, "local") != arity + 1:
        raise OpError(f"op {name!r}: local must take the {arity} input(s) and then out "
                      f"({arity + 1} parameters), as forward takes {arity}")
    latex = _check_latex(name, _default_latex(name, arity) if latex is None else latex, arity)

    old = _USER.pop(name, None)
    if old is not None:  # nodes of the old row keep its symbol: see op_of in replay.py
        BY_SYMBOL.pop(old.symbol, None)
        RETIRED[old.symbol] = name
    op = Op(name=name, forward=_checked_forward(name, forward), local=_checked_local(name, arity, local),
            symbol=symbol, latex=latex, arity=arity, derivative=derivative)
    DEFINED_AT[symbol] = next(_stamp)  # every node made from now on is newer
    _USER[name] = OPS[name] = BY_SYMBOL[symbol] = op

    def apply(*args: Any) -> Any:
        row = _USER[name]  # the latest definition of this name
        if len(args) != row.arity:
            raise OpError(f"op {name!r} takes {row.arity} input(s), got {len(args)}")
        if any(isinstance(a, Value) for a in args):
            return apply_op(row, *args)
        if any(isinstance(a, Dual) for a in args):
            return Dual.apply(row, *args)
        for i, a in enumerate(args):
            if not is_real(a):
                raise OpError(f"op {name!r}: input {i} must be a Value or a number, got {type(a).__name__}")
        return row.forward(*[_float(name, f"input {i}", a) for i, a in enumerate(args)])

    apply.__name__ = apply.__qualname__ = name
    apply.__doc__ = f"{name}: {derivative}" if derivative else f"the op {name!r}, made by define_op"
    return apply


def apply_op(op: Op, *args: Operand) -> Value:
    """Apply any row of the op table (built-in or from ``define_op``) to Values and numbers.

    Numbers become constant leaves, labelled by their value.
    """
    if op.arity != -1 and len(args) != op.arity:
        raise TypeError(f"op {op.name!r} takes {op.arity} input(s), got {len(args)}")
    return make(op, [a if isinstance(a, Value) else _constant(a) for a in args])


def user_ops() -> dict[str, Op]:
    """The ops made by :func:`define_op` so far, by name."""
    return dict(_USER)
