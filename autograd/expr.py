"""A safe parser from text such as ``"log((x+y)**2+z)"`` to a labelled graph.

It reads the text with :mod:`ast` and accepts only a whitelist: numbers, names,
``+ - * / **``, unary minus and plus, and calls of the op table's functions
(``ops.FUNCTIONS``, and the ops made by ``define_op``). It never calls ``eval`` or ``exec``. Everything else is
rejected with a one-line ``ValueError`` that says what and where.

Both walks over the syntax tree use an explicit stack, so no input can
exhaust Python's recursion limit. CPython's own ast builder recurses, though
(a sum of 4,999 terms is a tree 4,999 deep), and its limit shrinks with the
caller's stack depth; so :func:`parse` reads the text in a fresh thread with
its own 64 MiB stack and a recursion limit that covers the 10,000-character
limit, and any caller, at any depth, gets the same answer.
"""

from __future__ import annotations

import ast
import math
import operator
import sys
import threading
import warnings
from typing import TypeAlias

from .define import apply_op, user_ops
from .ops import FUNCTIONS, LEAKY_SLOPE, OPS
from .value import Value, as_float, constant

MAX_LENGTH = 10_000  # characters
MAX_DEPTH = 200  # nesting of calls, unary ops and right-hand operands
MAX_EXPONENT = 1_000  # |c| for a constant exponent in x ** c

_OPERATORS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
              "div": operator.truediv, "pow": operator.pow}
_BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}

# Friendly names for what is refused, by ast class name.
_REFUSED = {
    "Attribute": "attribute access", "Subscript": "subscript", "Lambda": "lambda",
    "Compare": "comparison", "BoolOp": "and/or", "IfExp": "if-else", "Tuple": "tuple",
    "List": "list", "Dict": "dict", "Set": "set", "ListComp": "comprehension",
    "SetComp": "comprehension", "DictComp": "comprehension", "GeneratorExp": "generator",
    "Starred": "starred argument", "NamedExpr": "assignment (:=)", "JoinedStr": "f-string",
    "Await": "await", "Yield": "yield", "YieldFrom": "yield", "Slice": "slice",
    "FloorDiv": "operator //", "Mod": "operator %", "MatMult": "operator @",
    "LShift": "operator <<", "RShift": "operator >>", "BitOr": "operator |",
    "BitXor": "operator ^", "BitAnd": "operator &", "Invert": "operator ~", "Not": "not",
}

Leaf: TypeAlias = "Value | float"


def _where(node: ast.AST) -> str:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0) + 1
    return f"at column {col}" if line == 1 else f"at line {line}, column {col}"


def _refuse(what: str, node: ast.AST) -> ValueError:
    return ValueError(f"{what} {_where(node)} is not allowed")


def _functions() -> tuple[str, ...]:
    """The names callable in an expression: the table's functions and your define_op ops."""
    return FUNCTIONS + tuple(user_ops())


def _check(tree: ast.Expression, names: set[str]) -> None:
    """Walk the tree once (iteratively) and refuse anything off the whitelist."""
    functions = _functions()
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"expression nests deeper than {MAX_DEPTH} levels {_where(node)}")
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, float):
                kind = {str: "string", bytes: "bytes", bool: "boolean", complex: "complex number"}
                raise _refuse(f"{kind.get(type(node.value), 'constant')} {node.value!r:.40}", node)
            try:
                number = float(node.value)  # type: ignore[arg-type]  # an int or float, checked above
            except OverflowError:
                raise ValueError(f"number {_where(node)} is too large for a float") from None
            if not math.isfinite(number):
                raise ValueError(f"number {_where(node)} is too large for a float (it overflows to inf)")
        elif isinstance(node, ast.Name):
            if node.id in functions:
                raise ValueError(f"{node.id} {_where(node)} is a function: call it, as in {node.id}(x)")
            if node.id not in names:
                raise ValueError(f"unknown name {node.id!r} {_where(node)}: "
                                 f"give its value, as in parse(..., {node.id}=1.0)")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise _refuse(_REFUSED.get(type(node.op).__name__, type(node.op).__name__), node)
            stack.append((node.operand, depth + 1))
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise _refuse(_REFUSED.get(type(node.op).__name__, type(node.op).__name__), node)
            # a chain a+b+c+... grows to the left: it is long, not deep
            stack.append((node.left, depth))
            stack.append((node.right, depth + 1))
        elif isinstance(node, ast.Call):
            _check_call(node, functions)
            stack.extend((arg, depth + 1) for arg in node.args)
        else:
            name = type(node).__name__
            raise _refuse(_REFUSED.get(name, name), node)


def _check_call(node: ast.Call, functions: tuple[str, ...]) -> None:
    if not isinstance(node.func, ast.Name):
        raise _refuse("calling anything but a function name", node)
    name = node.func.id
    if name not in functions:
        raise ValueError(f"unknown function {name!r} {_where(node)}; known: {', '.join(functions)}")
    if node.keywords:
        raise _refuse(f"keyword argument in {name}()", node)
    wanted = (1, 2) if name == "leaky_relu" else (OPS[name].arity,)
    if len(node.args) not in wanted:
        raise ValueError(
            f"{name}() {_where(node)} takes {' or '.join(map(str, wanted))} argument(s), got {len(node.args)}"
        )


def _apply(node: ast.AST, args: list[Leaf]) -> Leaf:
    """Compute one node from its children's results. Numbers fold through the op table."""
    if isinstance(node, ast.UnaryOp):
        (x,) = args
        if isinstance(node.op, ast.UAdd):
            return x
        return -x if isinstance(x, Value) else OPS["neg"].forward(x)
    if isinstance(node, ast.BinOp):
        a, b = args
        op = OPS[_BINOPS[type(node.op)]]
        if op.name == "pow" and not isinstance(b, Value) and abs(b) > MAX_EXPONENT:
            raise ValueError(
                f"exponent {b:.12g} {_where(node.right)} is absurdly large (the limit is ±{MAX_EXPONENT})"
            )
        if isinstance(a, Value) or isinstance(b, Value):
            result = _OPERATORS[op.name](a, b)  # Value's own operators
            assert isinstance(result, Value)
            return result
        return float(op.forward(a, b))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name, x = node.func.id, args[0]
    if name not in FUNCTIONS or name == "max":  # an op made by define_op, or max(a, b)
        if isinstance(x, Value) and name == "max":
            return x.max(args[1])  # max(x, 2): one edge, the 2 kept as the node's constant (as x * 2)
        if any(isinstance(a, Value) for a in args):
            return apply_op(OPS[name], *args)  # a number among the inputs becomes a constant leaf
        return float(OPS[name].forward(*args))
    if len(args) == 2:
        slope = args[1]
        if isinstance(slope, Value):
            raise ValueError(f"leaky_relu slope {_where(node.args[1])} must be a number, not a variable")
        return x.leaky_relu(slope) if isinstance(x, Value) else OPS[name].forward(x, slope)
    if isinstance(x, Value):
        return abs(x) if name == "abs" else getattr(x, name)()
    if name == "leaky_relu":  # a number, with the default slope
        return float(OPS[name].forward(x, LEAKY_SLOPE))
    return float(OPS[name].forward(x))


def _children(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _read(source: str) -> ast.Expression:
    """``ast.parse`` in a thread with a known stack (see the module docstring)."""
    result: list[ast.Expression | BaseException] = []

    def run() -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarnings are not the user's concern here
                result.append(ast.parse(source, mode="eval"))
        except BaseException as e:  # handed back to the caller's thread
            result.append(e)

    with _READING:
        old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size(_STACK)
        sys.setrecursionlimit(max(old_limit, _RECURSION))  # process-wide, for the read only
        try:
            reader = threading.Thread(target=run, name="autograd.parse")
            reader.start()
            reader.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


_READING = threading.Lock()
_STACK = 64 * 2**20  # bytes: ast's C recursion over a 10,000-deep tree needs far less
_RECURSION = MAX_LENGTH  # ast allows 3 levels per unit of limit left: covers any 10,000 characters


def parse(source: str, /, **values: float | Value) -> Value:
    """Build the graph of ``source`` with the given values; the leaves carry their names.

    >>> from autograd import parse, topological_order
    >>> f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    >>> f.backward()
    >>> [(v.label, round(v.grad, 12)) for v in topological_order(f) if v.is_leaf]
    [('x', 0.6), ('y', 0.6), ('z', 0.1)]
    """
    if not isinstance(source, str):
        raise ValueError(f"expression must be a str, got {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ValueError(f"expression is {len(source):,} characters long; the limit is {MAX_LENGTH:,}")
    if not source.strip():
        raise ValueError("expression is empty")
    leaves: dict[str, Value] = {}
    for name, value in values.items():
        if name in _functions():
            raise ValueError(f"{name!r} is a function name and cannot be given a value")
        if isinstance(value, Value):
            leaves[name] = value
            continue
        try:
            leaves[name] = Value(as_float(value, f"value for {name!r}"), label=name)
        except (TypeError, ValueError) as e:
            raise ValueError(str(e)) from None
    try:
        tree = _read(source.strip())
    except SyntaxError as e:
        where = f"at column {e.offset}" if e.offset else "at the end (is the expression incomplete?)"
        raise ValueError(f"syntax error {where}: {e.msg}") from None
    except (ValueError, RecursionError, MemoryError, UnicodeError, OverflowError) as e:
        why = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ValueError(f"cannot read the expression: {why}") from None
    _check(tree, set(leaves))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    unused = sorted(set(leaves) - used)
    if unused:
        raise ValueError(f"value given for {unused[0]!r}, which the expression does not use")

    # Post-order evaluation with an explicit stack.
    results: dict[int, Leaf] = {}
    stack: list[tuple[ast.AST, bool]] = [(tree.body, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, ast.Constant):
            results[id(node)] = float(node.value)  # type: ignore[arg-type]  # checked by _check
        elif isinstance(node, ast.Name):
            results[id(node)] = leaves[node.id]
        elif not expanded:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
        else:
            results[id(node)] = _apply(node, [results.pop(id(c)) for c in _children(node)])
    root = results[id(tree.body)]
    return root if isinstance(root, Value) else constant(root, label="")  # all numbers: a constant
