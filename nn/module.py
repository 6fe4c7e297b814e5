"""Module: the base of every network piece (as in micrograd and torch).

A Module owns parameters (``Value`` leaves) and child modules, each under a
name. Joining the names with dots gives every parameter a unique address:
``layers.0.neurons.3.w.1`` is weight 1 of neuron 3 of layer 0 (``naming.py`` writes and
reads these addresses). The same names
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
import os
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from autograd import Value
from autograd.ops import is_real

from .naming import dotted

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
    private and never registered. No ``super().__init__()`` is needed. Names are
    worked out when asked for, so items appended to a list later are found too;
    the labels drawings show are given at assignment (assign the list again, or
    call ``_rename()``, to label items appended afterwards).

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
            for local, item in _members(attr, value):
                if isinstance(item, Module):
                    item._rename(dotted(self.name, local))
                else:
                    item.label = dotted(self.name, local)

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
            stack.extend(reversed([(dotted(name, local), child) for local, child in module.named_children()]))

    # -- parameters --------------------------------------------------------------

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """``(dotted name, Value)`` for every parameter, depth first, in a fixed order; a
        parameter shared by two modules is given once, under its first name."""
        seen: set[int] = set()
        for prefix, module in self.named_modules():
            for local, p in module._own_parameters():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield dotted(prefix, local), p

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
        for local, p in self._own_parameters():
            p.label = dotted(prefix, local)
        self._relabel()
        for child_name, child in self.named_children():
            child._rename(dotted(prefix, child_name))

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
                parts.append(f"missing keys: {_keys(missing)}")
            if unexpected:
                parts.append(f"unexpected keys: {_keys(unexpected)}")
            raise KeyError(f"load_state_dict: {'; '.join(parts)}")
        values: dict[str, float] = {}
        for key, _p in params.items():
            if key in state:
                values[key] = _number(state[key], key)
        for key, x in values.items():  # all checked first: a bad value changes nothing
            params[key].data = x
        return IncompatibleKeys(missing, unexpected)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and the parameters as strict JSON (never pickle).

        Only finite numbers are saved: a model with a nan or inf parameter (training
        diverged) is refused with a ValueError naming the first one, and no file is written.
        """
        for name, p in self.named_parameters():
            if not math.isfinite(p.data):
                raise ValueError(f"{path}: not saved: parameter {_show(name)} is {p.data!r}; "
                                 f"a weights file holds finite numbers only")
        doc = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "architecture": self.architecture(),
            "state": self.state_dict(),
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, allow_nan=False)
            f.write("\n")

    def load(self, path: str | os.PathLike[str]) -> None:
        """Load parameters saved by :meth:`save`; the file's architecture must equal this model's."""
        self._load_document(read_file(path), path)

    def _load_document(self, doc: dict[str, Any], path: str | os.PathLike[str]) -> None:
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
    """The JSON document :meth:`Module.save` wrote, checked for its keys and version.

    Every problem is a one-line ValueError that starts with the path.
    """
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not UTF-8 text (byte {raw[e.start]:#04x} at offset {e.start})") from None
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise ValueError(f"{path}: invalid JSON: arrays or objects nested too deeply") from None
    except ValueError as e:  # NaN/Infinity, or an integer of more than 4,300 digits
        raise ValueError(f"{path}: invalid JSON: {_show(str(e).splitlines()[0], 120)}") from None
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: expected a JSON object at the top level, got {type(doc).__name__}")
    for key in ("format", "version", "architecture", "state"):
        if key not in doc:
            raise ValueError(f"{path}: missing key {key!r} (not a file written by Module.save)")
    if doc["format"] != FORMAT:
        raise ValueError(f"{path}: key 'format' is {_show(repr(doc['format']))}, expected {FORMAT!r}")
    version = doc["version"]
    if type(version) is not int or version != FORMAT_VERSION:
        newer = " (written by a newer chainrule?)" if type(version) is int and version > FORMAT_VERSION else ""
        raise ValueError(f"{path}: key 'version' is {_show(repr(version))}, this chainrule reads version "
                         f"{FORMAT_VERSION}{newer}")
    return doc


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number in strict JSON (weights files hold finite numbers only)")


def _show(text: str, limit: int = 80) -> str:
    """``text`` on one line: control characters escaped, cut at ``limit`` characters."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[:limit] + "…"


def _keys(names: list[str], most: int = 10) -> str:
    shown = ", ".join(_show(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _number(x: object, key: str) -> float:
    if not is_real(x):
        raise TypeError(f"value for key {_show(repr(key))} must be a number, "
                        f"got {type(x).__name__}: {_show(repr(x), 40)}")
    try:
        out = float(x)  # type: ignore[arg-type]  # is_real checked it
    except OverflowError:
        raise ValueError(f"value for key {_show(repr(key))} is too large for a float: {_show(repr(x), 40)}") from None
    if not math.isfinite(out):
        raise ValueError(f"value for key {_show(repr(key))} is not finite: {out!r}")
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
        text = f"MLP(nin={arch.get('nin')}, nouts={arch.get('nouts')}, activations={arch.get('activations')})"
        return _show(text, 200)
    return _show(json.dumps(arch), 200)
