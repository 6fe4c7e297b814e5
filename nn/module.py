"""Module: the base of every network piece (as in micrograd and torch).

A Module owns parameters (``Value`` leaves) and child modules, each under a
name. Joining the names with dots gives every parameter a unique address:
``layers.0.neurons.3.w.1`` is weight 1 of neuron 3 of layer 0. The same names
key ``state_dict()`` and the JSON files of ``save()`` / ``load()``.

>>> from nn import MLP
>>> model = MLP(3, [4, 2], seed=0)
>>> [name for name, _ in model.named_parameters()][2:5]
['layers.0.neurons.0.w.2', 'layers.0.neurons.0.b', 'layers.0.neurons.1.w.0']
>>> len(model.parameters())
26
"""

from __future__ import annotations

import json
import math
import numbers
import os
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from autograd import Value

FORMAT = "chainrule.nn"
FORMAT_VERSION = 1


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(..., strict=True)`` could not match, by dotted name."""

    missing: list[str]
    unexpected: list[str]


class Module:
    """Base class of every network piece, shaped like ``torch.nn.Module``.

    Write ``forward()``; calling the module runs it. Parameters and submodules
    register themselves when assigned as attributes: a leaf ``Value`` is a
    parameter, a ``Module`` is a submodule, and a list or tuple of them (nested
    or not) registers each item under its index (``self.w = [Value(0.1), ...]``
    gives ``w.0``, ``w.1``, ...). Attributes whose name starts with ``_`` are
    private and never registered. No ``super().__init__()`` is needed.

    >>> from autograd import Value
    >>> class Line(Module):
    ...     def __init__(self):
    ...         self.a = Value(2.0)
    ...         self.b = Value(1.0)
    ...     def forward(self, x):
    ...         return self.a * x + self.b
    >>> class Net(Module):
    ...     def __init__(self):
    ...         self.lines = [Line(), Line()]
    ...     def forward(self, x):
    ...         return self.lines[1](self.lines[0](x))
    >>> net = Net()
    >>> [name for name, _ in net.named_parameters()]
    ['lines.0.a', 'lines.0.b', 'lines.1.a', 'lines.1.b']
    >>> net.lines[1].b.label, net(3.0).data
    ('lines.1.b', 15.0)
    """

    #: this module's dotted name inside the model it belongs to ("" for the root)
    name: str = ""

    def __setattr__(self, attr: str, value: Any) -> None:
        object.__setattr__(self, attr, value)
        if not attr.startswith("_"):  # a new parameter or submodule gets its dotted name now
            dot = f"{self.name}." if self.name else ""
            for local, item in _members(attr, value):
                if isinstance(item, Module):
                    item._rename(dot + local)
                else:
                    item.label = dot + local

    # -- what a subclass provides ---------------------------------------------

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; ``module(x)`` runs it. Every subclass defines it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def architecture(self) -> dict[str, Any]:
        """A JSON-able description of the shape; ``load()`` refuses a file whose shape differs."""
        return {"type": type(self).__name__, "parameters": [n for n, _ in self.named_parameters()]}

    # -- registered members ----------------------------------------------------------

    def _registered(self) -> Iterator[tuple[str, Value | Module]]:
        for attr, value in vars(self).items():
            if not attr.startswith("_"):
                yield from _members(attr, value)

    def _own_parameters(self) -> Iterator[tuple[str, Value]]:
        """This module's own parameters (not its children's), by local name, in assignment order."""
        for local, item in self._registered():
            if isinstance(item, Value):
                yield local, item

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct submodules, by local name (``"layers.0"``, ``"neurons.3"``), in assignment order."""
        for local, item in self._registered():
            if isinstance(item, Module):
                yield local, item

    def children(self) -> Iterator[Module]:
        for _, child in self.named_children():
            yield child

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module (name ``prefix``) and every submodule below it, depth first, each once."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            dot = f"{name}." if name else ""
            stack.extend(reversed([(dot + local, child) for local, child in module.named_children()]))

    # -- parameters --------------------------------------------------------------

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """``(dotted name, Value)`` for every parameter, depth first, in a fixed order; a
        parameter shared by two modules is given once, under its first name."""
        seen: set[int] = set()
        for prefix, module in self.named_modules():
            dot = f"{prefix}." if prefix else ""
            for local, p in module._own_parameters():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield dot + local, p

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of :meth:`named_parameters`."""
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        return sum(1 for _ in self.named_parameters())

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 (leaves accumulate across ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    def _rename(self, prefix: str = "") -> None:
        """Give this module and its children their dotted names, and label every parameter."""
        self.name = prefix
        dot = f"{prefix}." if prefix else ""
        for local, p in self._own_parameters():
            p.label = dot + local
        self._relabel()
        for child_name, child in self.named_children():
            child._rename(dot + child_name)

    def _relabel(self) -> None:
        """Hook: recompute the labels this module gives the nodes it creates."""

    # -- state ---------------------------------------------------------------------

    def state_dict(self) -> dict[str, float]:
        """``{dotted name: float}`` for every parameter."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, object], strict: bool = True) -> IncompatibleKeys:
        """Copy numbers from ``state`` into the parameters of the same name.

        With ``strict=True`` any missing or unexpected key raises a KeyError that
        lists them by name, and nothing is changed. With ``strict=False`` the
        matching keys are loaded and the others are returned.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"load_state_dict needs a dict of name -> number, got {type(state).__name__}")
        params = dict(self.named_parameters())
        missing = [k for k in params if k not in state]
        unexpected = [str(k) for k in state if k not in params]
        if strict and (missing or unexpected):
            parts = []
            if missing:
                parts.append(f"missing keys: {', '.join(missing)}")
            if unexpected:
                parts.append(f"unexpected keys: {', '.join(unexpected)}")
            raise KeyError(f"load_state_dict: {'; '.join(parts)}")
        values: dict[str, float] = {}
        for key, _p in params.items():
            if key in state:
                values[key] = _number(state[key], key)
        for key, x in values.items():  # all checked first: a bad value changes nothing
            params[key].data = x
        return IncompatibleKeys(missing, unexpected)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and the parameters as JSON (never pickle)."""
        doc = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "architecture": self.architecture(),
            "state": self.state_dict(),
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")

    def load(self, path: str | os.PathLike[str]) -> None:
        """Load parameters saved by :meth:`save`; the file's architecture must equal this model's."""
        doc = read_file(path)
        mine = self.architecture()
        if doc["architecture"] != mine:
            raise ValueError(
                f"{path}: architecture mismatch: the file has {_short(doc['architecture'])}, "
                f"this model is {_short(mine)}"
            )
        if not isinstance(doc["state"], dict):
            raise ValueError(f"{path}: key 'state' must be an object of name -> number")
        try:
            self.load_state_dict(doc["state"], strict=True)
        except (KeyError, TypeError, ValueError) as e:
            msg = e.args[0] if e.args else str(e)
            raise ValueError(f"{path}: {msg}") from None

    # -- printing -----------------------------------------------------------------

    def _describe(self) -> str:
        """One line about this module alone, e.g. ``Layer(2 → 16 relu, 48 parameters)``."""
        return f"{type(self).__name__}({self.num_parameters()} parameters)"

    def __repr__(self) -> str:
        lines = [self._describe()]
        for name, child in self.named_children():
            for i, line in enumerate(repr(child).splitlines()):
                lines.append(f"  ({name}): {line}" if i == 0 else f"  {line}")
        return "\n".join(lines)


def read_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The JSON document :meth:`Module.save` wrote, checked for its keys (errors name the line or key)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: expected a JSON object at the top level, got {type(doc).__name__}")
    for key in ("format", "architecture", "state"):
        if key not in doc:
            raise ValueError(f"{path}: missing key {key!r} (not a file written by Module.save)")
    if doc["format"] != FORMAT:
        raise ValueError(f"{path}: key 'format' is {doc['format']!r}, expected {FORMAT!r}")
    return doc


def _number(x: object, key: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"value for key {key!r} must be a number, got {type(x).__name__}: {x!r:.40}")
    out = float(x)
    if not math.isfinite(out):
        raise ValueError(f"value for key {key!r} is not finite: {out!r}")
    return out


def _members(attr: str, value: object) -> Iterator[tuple[str, Value | Module]]:
    """The parameters (leaf Values) and modules that attribute ``attr`` holds, by local name."""
    if isinstance(value, Module):
        yield attr, value
    elif isinstance(value, Value):
        if not value.parents:  # a leaf: a computed Value kept on the module is no parameter
            yield attr, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _members(f"{attr}.{i}", item)


def _short(arch: object) -> str:
    if isinstance(arch, dict) and arch.get("type") == "MLP":
        return f"MLP(nin={arch.get('nin')}, nouts={arch.get('nouts')}, activations={arch.get('activations')})"
    return json.dumps(arch)[:200]
